/* A cycle of wrappers across files: opener.c defines the connect that
 * closer.c calls, and calls the close that closer.c defines. Whichever file
 * is checked first cannot see the other's summary yet. */
#include <stddef.h>

#include <libpq-fe.h>

void close_quietly(PGconn *conn);

PGconn *open_checked(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

int ping_after_close(const char *conninfo)
{
    PGconn *conn = open_checked(conninfo);
    if (!conn)
        return -1;
    close_quietly(conn);
    return PQstatus(conn) == CONNECTION_OK; // expect: use-after-close
}
