/* Negative: the connection is handed to keep_connection (store.c). */
#include <libpq-fe.h>

void keep_connection(PGconn *conn);

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
// expect-none
