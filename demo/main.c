/*
 * main.c: the demo inventory service's entry point: ships every pending
 * order whose stock is on hand, then applies the nightly price markup and
 * reports stale prices. Configuration comes from ORDERS_DSN, PRICING_DSN
 * and an optional cache path argument. This file is clean.
 */
// expect-none
#include <stdio.h>
#include <stdlib.h>

#include "inventory.h"

struct restock {
    sqlite3 *cache;
    PGconn *orders;
    int shipped;
};

/* order_fn: ships one order when the cache has enough stock (0 = go on). */
static int ship_if_in_stock(const char *order_id, const char *sku, int qty, void *ctx)
{
    struct restock *r = ctx;
    int on_hand;
    if (cache_quantity(r->cache, sku, &on_hand) != 0 || on_hand < qty)
        return 0; /* not in stock yet: leave it pending */
    if (cache_record_movement(r->cache, sku, -qty) != 0 || orders_mark_shipped(r->orders, order_id) != 0)
        return -1;
    r->shipped++;
    return 0;
}

int main(int argc, char **argv)
{
    const char *cache_path = argc > 1 ? argv[1] : "stock-cache.db";
    const char *orders_dsn = getenv("ORDERS_DSN");
    const char *pricing_dsn = getenv("PRICING_DSN");
    if (!orders_dsn || !pricing_dsn) {
        fprintf(stderr, "usage: ORDERS_DSN=... PRICING_DSN=... inventory [CACHE]\n");
        return 2;
    }
    struct restock r = {0};
    if (cache_open(cache_path, &r.cache) != 0)
        return 1;
    int rc = 1;
    r.orders = orders_connect(orders_dsn);
    ih_pool *pool = ih_pool_create(pricing_dsn, 4);
    if (r.orders && pool && orders_for_each_pending(r.orders, ship_if_in_stock, &r) == 0 &&
        pricing_apply_markup(pool) == 0) {
        printf("shipped %d orders; %ld prices are stale\n", r.shipped, pricing_stale_count(pool));
        rc = 0;
    }
    if (pool)
        ih_pool_destroy(pool);
    if (r.orders)
        PQfinish(r.orders);
    sqlite3_close(r.cache);
    return rc;
}
