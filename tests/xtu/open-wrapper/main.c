/* Positive: the connection from conn.c's wrapper leaks on the error path;
 * negative: the other function finishes it. */
#include <stddef.h>

#include <libpq-fe.h>

PGconn *establish_db_connection(const char *conninfo);

int ping_server(const char *conninfo)
{
    PGconn *conn = establish_db_connection(conninfo);
    if (conn == NULL)
        return -1;
    PGresult *res = PQexec(conn, "SELECT 1");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        PQclear(res);
        return -1; // expect: session-leak
    }
    PQclear(res);
    PQfinish(conn);
    return 0;
}

int ok_ping_server(const char *conninfo)
{
    PGconn *conn = establish_db_connection(conninfo);
    if (conn == NULL)
        return -1;
    PGresult *res = PQexec(conn, "SELECT 1");
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    PQfinish(conn);
    return ok ? 0 : -1;
}
