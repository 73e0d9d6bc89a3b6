/* Transaction helpers of the store: each acts on s->db, so each is
 * summarised as a begin, commit or rollback of member db of argument 0. */
#include <stddef.h>

#include "store.h"

int store_begin(struct store *s)
{
    return sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
}

int store_commit(struct store *s)
{
    return sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

void store_rollback(struct store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}
