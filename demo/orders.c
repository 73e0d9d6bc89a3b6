/*
 * orders.c: the order book in PostgreSQL (libpq): connecting, walking the
 * pending orders, and marking one shipped. Planted bugs: the connection's
 * error message read after PQfinish freed it (use-after-close) and a result
 * cleared twice when the UPDATE fails (double-close).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "inventory.h"

PGconn *orders_connect(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        fprintf(stderr, "orders: cannot connect: %s", PQerrorMessage(conn)); // expect: use-after-close
        return NULL;
    }
    return conn;
}

int orders_for_each_pending(PGconn *conn, order_fn *fn, void *ctx)
{
    PGresult *res = PQexec(conn, "SELECT id, sku, qty FROM orders WHERE status = 'pending' ORDER BY id");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "orders: cannot list pending orders: %s", PQresultErrorMessage(res));
        PQclear(res);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < PQntuples(res) && rc == 0; i++)
        rc = fn(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), atoi(PQgetvalue(res, i, 2)), ctx);
    PQclear(res);
    return rc;
}

int orders_mark_shipped(PGconn *conn, const char *order_id)
{
    const char *params[1] = {order_id};
    PGresult *res = PQexecParams(conn, "UPDATE orders SET status = 'shipped' WHERE id = $1", 1, NULL,
                                 params, NULL, NULL, 0);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "orders: cannot mark %s shipped: %s", order_id, PQresultErrorMessage(res));
        PQclear(res);
        rc = -1;
    }
    PQclear(res); // expect: double-close
    return rc;
}
