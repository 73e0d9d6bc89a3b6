#include "ihpool.h"
static void checkin_ptr(ih_lease **l) { (void)l; }
long h(ih_pool *pool, int flag)
{
    ih_lease *lease = ih_pool_checkout(pool);
    if (!lease)
        ih_fatal("no lease");
    void *p = lease;
    ih_result *r = ih_query(p, "SELECT 1");
    ih_session *s = ih_lease_session(lease);
    if (flag) {
        ih_begin(s);
        ih_execute(s, "UPDATE t SET x = 1");
        ih_commit(s);
    }
    __attribute__((cleanup(checkin_ptr))) ih_lease *auto_lease = 0;
    ih_result_free(r);
    ih_pool_checkin(pool, lease);
    return ih_scalar(s, "x");
}
