/* Negative: the handle is released through db_close, defined in db.c. */
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
// expect-none
