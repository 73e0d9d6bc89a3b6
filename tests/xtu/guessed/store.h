/* A library whose code is not in the project: declarations only. */
#include <sqlite3.h>

sqlite3 *open_store(const char *path);
int open_store_at(const char *path, sqlite3 **out);
