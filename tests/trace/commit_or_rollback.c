/* Input of tests/test_trace.c: the trace of `save` must match
 * commit_or_rollback.expected.txt and .json exactly. */
#include <sqlite3.h>

int save(const char *path, const char *sql)
{
    sqlite3 *db;
    int in_txn = 0, rc = -1;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        goto out;
    if (sqlite3_exec(db, "BEGIN", 0, 0, 0) != SQLITE_OK)
        goto out;
    in_txn = 1;
    if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK)
        goto out;
    rc = sqlite3_exec(db, "COMMIT", 0, 0, 0);
    in_txn = 0;
out:
    if (in_txn)
        sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
    sqlite3_close(db);
    return rc;
}
