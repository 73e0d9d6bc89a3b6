/* Negative: the handle is released through db_close, defined in db.c.
 * Positive: closing it again after db_close, and using it after. */
#include <stddef.h>

#include <sqlite3.h>

void db_close(sqlite3 *db);

int count_rows(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        db_close(db);
        return -1;
    }
    int rc = sqlite3_exec(db, "SELECT count(*) FROM t", NULL, NULL, NULL);
    db_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

void close_twice(sqlite3 *db)
{
    db_close(db);
    sqlite3_close(db); // expect: double-close
}

int changes_after_close(sqlite3 *db)
{
    db_close(db);
    return sqlite3_changes(db); // expect: use-after-close
}
