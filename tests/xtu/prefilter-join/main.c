/* The connection is finished twice, once through conn.c's close_db. */
#include <libpq-fe.h>

void close_db(PGconn *conn);

void finish_twice(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    close_db(conn);
    PQfinish(conn); // expect: double-close
}
