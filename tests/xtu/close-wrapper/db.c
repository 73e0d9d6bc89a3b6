/* The close wrapper lives here; main.c calls it. */
#include <sqlite3.h>

void db_close(sqlite3 *db)
{
    if (db)
        sqlite3_close(db);
}
