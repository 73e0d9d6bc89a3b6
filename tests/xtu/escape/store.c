/* keep_connection keeps the connection for later: it outlives the call.
 * describe_connection only reads it. */
#include <stdio.h>

#include <libpq-fe.h>

static PGconn *shared_conn;

void keep_connection(PGconn *conn)
{
    shared_conn = conn;
}

void describe_connection(PGconn *conn)
{
    printf("%s@%s\n", PQdb(conn), PQhost(conn));
}
