/*
 * pricing.c: the price list, reached through the in-house session pool
 * (ihpool.h): the nightly markup and a staleness report. Planted bugs: a
 * lease checked back in with its transaction still open when the audit row
 * cannot be written (missing-commit), and a query run on the lease instead
 * of its session (guard-misuse; the `void *` parameters hide it from the
 * compiler).
 */
#include <stddef.h>
#include <stdio.h>

#include "inventory.h"

int pricing_apply_markup(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    ih_session *s = ih_lease_session(lease);
    int rc = -1;
    if (ih_begin(s) != 0)
        goto out;
    if (ih_execute(s, "UPDATE prices SET cents = cents * 102 / 100") != 0) {
        (void)ih_rollback(s);
        goto out;
    }
    if (ih_execute(s, "INSERT INTO price_audit(reason) VALUES ('nightly markup')") != 0) {
        fprintf(stderr, "pricing: cannot write the audit row\n");
        ih_pool_checkin(pool, lease); // expect: missing-commit
        return -1;
    }
    rc = ih_commit(s);
out:
    ih_pool_checkin(pool, lease);
    return rc;
}

long pricing_stale_count(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    long n = ih_scalar(lease, "SELECT count(*) FROM prices WHERE updated_at < now() - interval '7 days'"); // expect: guard-misuse
    ih_pool_checkin(pool, lease);
    return n;
}
