/* The project's wrappers: a connection opened, one finished. */
#include <libpq-fe.h>

PGconn *open_db(const char *conninfo)
{
    return PQconnectdb(conninfo);
}

void close_db(PGconn *conn)
{
    PQfinish(conn);
}
