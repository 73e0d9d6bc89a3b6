typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
int sqlite3_open(const char *, sqlite3 **);
int sqlite3_close(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *, void *, void *, char **);
int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_finalize(sqlite3_stmt *);
static int run(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, 0, 0, 0); }
int f(const char *path, int n)
{
    sqlite3 *db;
    sqlite3_stmt *st = 0;
    if (sqlite3_open(path, &db) != 0)
        return -1;
    run(db, "BEGIN");
    for (int i = 0; i < n; i++) {
        if (sqlite3_prepare_v2(db, "SELECT 1", -1, &st, 0) != 0)
            goto out;
        switch (sqlite3_step(st)) {
        case 100: break;
        default: sqlite3_finalize(st); goto out;
        }
    }
    if (n > 3 && run(db, "COMMIT") != 0)
        goto out;
    sqlite3_close(db);
    sqlite3_close(db);
    return n ? 0 : 1;
out:
    sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
    return 1;
}
