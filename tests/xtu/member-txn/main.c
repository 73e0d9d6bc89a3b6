/* Positive: a transaction begun on s->db through store_begin (in store.c)
 * is left open when the insert fails. Negative: the same with a rollback
 * through store_rollback on the error path. */
#include <stddef.h>

#include "store.h"

int add_item_leaves_txn_open(struct store *s, const char *sql)
{
    if (store_begin(s) != SQLITE_OK)
        return -1;
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1; // expect: missing-commit
    return store_commit(s) == SQLITE_OK ? 0 : -1;
}

int ok_add_item(struct store *s, const char *sql)
{
    if (store_begin(s) != SQLITE_OK)
        return -1;
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        store_rollback(s);
        return -1;
    }
    if (store_commit(s) != SQLITE_OK) {
        store_rollback(s);
        return -1;
    }
    return 0;
}
