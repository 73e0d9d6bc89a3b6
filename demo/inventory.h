/*
 * inventory.h: the modules of the demo "inventory service" that
 * scripts/demo.sh runs sessionlint on. The service ships pending orders
 * (PostgreSQL, orders.c) whose stock is on hand in a local SQLite cache
 * (stock_cache.c), then applies the nightly price markup through the
 * company's pooled-session library (pricing.c, ../fixtures/include/ihpool.h).
 * Six database-session bugs are planted in it, one per sessionlint rule,
 * each marked with an expectation comment (see README.md).
 */
#ifndef INVENTORY_H
#define INVENTORY_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "../fixtures/include/ihpool.h"

/* stock_cache.c: stock levels cached in SQLite. */
int cache_open(const char *path, sqlite3 **out);     /* 0; -1 with *out NULL on failure */
int cache_quantity(sqlite3 *db, const char *sku, int *qty);
int cache_record_movement(sqlite3 *db, const char *sku, int delta);

/* orders.c: the order book in PostgreSQL. */
typedef int order_fn(const char *order_id, const char *sku, int qty, void *ctx);
PGconn *orders_connect(const char *conninfo);        /* NULL on failure; caller PQfinish'es */
int orders_for_each_pending(PGconn *conn, order_fn *fn, void *ctx);
int orders_mark_shipped(PGconn *conn, const char *order_id);

/* pricing.c: the price list, behind the in-house session pool. */
int pricing_apply_markup(ih_pool *pool);
long pricing_stale_count(ih_pool *pool);

#endif
