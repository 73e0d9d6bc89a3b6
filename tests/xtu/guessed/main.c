/* open_store has no body anywhere: it is taken to return a new connection
 * (a guess, so the leak is reported with low confidence). */
#include <stddef.h>

#include "store.h"

int touch(const char *path)
{
    sqlite3 *db = open_store(path);
    if (db == NULL)
        return -1;
    sqlite3_exec(db, "UPDATE t SET n = n + 1", NULL, NULL, NULL);
    return 0; // expect: session-leak
}
