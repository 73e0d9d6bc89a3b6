/* Negative: after die_with (fail.c, summarised as never returning) no path
 * goes on, so the early exit is no leak. Positive: report_failure returns,
 * and the connection is lost on that path. */
#include <stddef.h>

#include <sqlite3.h>

void die_with(sqlite3 *db, const char *what);
void report_failure(sqlite3 *db, const char *what);

int load_or_die(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die_with(db, "open");
    if (sqlite3_exec(db, "SELECT 1", NULL, NULL, NULL) != SQLITE_OK)
        die_with(db, "select");
    sqlite3_close(db);
    return 0;
}

int load_or_report(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        report_failure(db, "open");
        return -1; // expect: session-leak
    }
    sqlite3_close(db);
    return 0;
}
