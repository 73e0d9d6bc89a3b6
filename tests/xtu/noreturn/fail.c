/* die_with never returns (it exits); report_failure returns. */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

void die_with(sqlite3 *db, const char *what)
{
    fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

void report_failure(sqlite3 *db, const char *what)
{
    fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
}
