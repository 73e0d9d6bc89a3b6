/* Negative: the guessed connection is closed. */
#include <stddef.h>

#include "store.h"

int ok_touch(const char *path)
{
    sqlite3 *db = open_store(path);
    if (db == NULL)
        return -1;
    sqlite3_exec(db, "UPDATE t SET n = n + 1", NULL, NULL, NULL);
    sqlite3_close(db);
    return 0;
}
