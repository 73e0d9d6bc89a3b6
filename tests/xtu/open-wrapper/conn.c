/* The project's own connect: a new connection, or NULL. */
#include <stddef.h>

#include <libpq-fe.h>

PGconn *establish_db_connection(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return NULL;
    }
    return conn;
}
