/* A store whose connection lives in a member; its transactions are begun
 * and ended through the struct (store.c). */
#include <sqlite3.h>

struct store {
    sqlite3 *db;
};

int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);
