/*
 * guard-misuse fixtures for the in-house pool API (../include/ihpool.h).
 * The query functions take `void *`, so passing the lease where its session
 * belongs compiles without a warning. Positives hand the lease itself to a
 * query function (directly, cast, through a `void *` variable or a struct
 * field); negatives pass the session from ih_lease_session(lease).
 */
#include <stddef.h>

#include "../include/ihpool.h"

int consume_rows(ih_result *res); /* external: keeps no reference */

struct job {
    ih_pool *pool;
    ih_lease *lease;
    ih_session *session;
};

/* Positive: the lease itself handed to ih_query. */
int bad_query_on_lease(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    ih_result *res = ih_query(lease, "SELECT sku, qty FROM stock"); // expect: guard-misuse
    int rc = -1;
    if (res) {
        rc = consume_rows(res);
        ih_result_free(res);
    }
    ih_pool_checkin(pool, lease);
    return rc;
}

/* Positive: a cast to void * silences nothing the compiler would have said. */
int bad_execute_on_cast_lease(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (lease == NULL)
        return -1;
    int rc = ih_execute((void *)lease, "DELETE FROM reservations WHERE expires_at < now()"); // expect: guard-misuse
    ih_pool_checkin(pool, lease);
    return rc;
}

/* Positive: a generic handle variable that holds the lease, not its session. */
long bad_scalar_through_void_handle(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    void *handle = lease;
    long n = ih_scalar(handle, "SELECT count(*) FROM items"); // expect: guard-misuse
    ih_pool_checkin(pool, lease);
    return n;
}

/* Positive: the caller's job holds both; the wrong field is used. */
long bad_scalar_on_job_lease(struct job *job)
{
    return ih_scalar(job->lease, "SELECT max(id) FROM orders"); // expect: guard-misuse
}

/* Negative: the session of the lease is what the query functions want. */
int ok_query_on_session(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    ih_result *res = ih_query(ih_lease_session(lease), "SELECT sku, qty FROM stock");
    int rc = -1;
    if (res) {
        rc = consume_rows(res);
        ih_result_free(res);
    }
    ih_pool_checkin(pool, lease);
    return rc;
}

/* Negative: a void * variable is fine when it holds the session. */
long ok_session_through_void_handle(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    ih_session *session = ih_lease_session(lease);
    void *handle = session;
    long n = ih_scalar(handle, "SELECT count(*) FROM items");
    ih_pool_checkin(pool, lease);
    return n;
}

/* Negative: the right field of the caller's job. */
long ok_scalar_on_job_session(struct job *job)
{
    return ih_scalar(job->session, "SELECT max(id) FROM orders");
}

/* Negative: a callback whose context is a session, and its caller passing one. */
static int purge_expired(void *ctx)
{
    return ih_execute(ctx, "DELETE FROM reservations WHERE expires_at < now()");
}

int ok_callback_gets_session(ih_pool *pool)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        return -1;
    int rc = purge_expired((void *)ih_lease_session(lease));
    ih_pool_checkin(pool, lease);
    return rc;
}
