/* run(conn, sql): the project's statement helper, 0 on success. */
#include <libpq-fe.h>

int run(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}
