/* The other half of the cycle; it ends the session when the count runs out. */
#include <libpq-fe.h>

void ping(PGconn *conn, int n);

void pong(PGconn *conn, int n)
{
    if (n > 0)
        ping(conn, n - 1);
    else
        PQfinish(conn);
}
// expect-none
