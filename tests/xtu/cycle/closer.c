/* The other half of the cycle: the close wrapper, and a caller of
 * opener.c's connect that loses the connection on one path. */
#include <stddef.h>

#include <libpq-fe.h>

PGconn *open_checked(const char *conninfo);

void close_quietly(PGconn *conn)
{
    if (conn)
        PQfinish(conn);
}

int server_version(const char *conninfo)
{
    PGconn *conn = open_checked(conninfo);
    if (!conn)
        return -1;
    int version = PQserverVersion(conn);
    if (version < 90000)
        return 0; // expect: session-leak
    close_quietly(conn);
    return version;
}
