/* Keeps the connection for later: it outlives the call. */
#include <libpq-fe.h>

static PGconn *shared_conn;

void keep_connection(PGconn *conn)
{
    shared_conn = conn;
}
