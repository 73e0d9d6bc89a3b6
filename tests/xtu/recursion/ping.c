/* Mutual recursion across files: ping (here) and pong (pong.c). */
#include <libpq-fe.h>

void pong(PGconn *conn, int n);

void ping(PGconn *conn, int n)
{
    if (n > 0)
        pong(conn, n - 1);
}
