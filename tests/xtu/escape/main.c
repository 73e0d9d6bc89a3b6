/* Negative: the connection is handed to keep_connection (store.c), which
 * keeps it. Positive: describe_connection (store.c) only reads it, so the
 * connection is still this function's to close. */
#include <libpq-fe.h>

void keep_connection(PGconn *conn);
void describe_connection(PGconn *conn);

int setup(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return -1;
    }
    keep_connection(conn);
    return 0;
}

int probe(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return -1;
    }
    describe_connection(conn);
    return 0; // expect: session-leak
}
