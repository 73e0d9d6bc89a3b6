/*
 * Fixture for session-leak (SL003), sqlite3 API: connections and prepared
 * statements whose last reference is lost while they are still open. The
 * positives are the shapes leaks take in real code (an error path that
 * forgets the handle sqlite3_open allocated even on failure, a `goto out`
 * cleanup that misses one handle, a statement prepared per row, a handle
 * overwritten by a second open); the negatives are the careful versions,
 * including ownership handed back through an out-parameter, a struct field,
 * a global or the return value. Expectations: see fixtures/README.md.
 */
#include <sqlite3.h>
#include <stddef.h>

struct store {
    sqlite3 *db;
    sqlite3_stmt *insert;
};

/* Defined elsewhere: the caller keeps ownership of anything passed in. */
extern void log_error(const char *msg);
extern int apply_schema(sqlite3 *db);

static sqlite3 *shared_db;

/* Same-file wrapper: hands the new statement (or NULL) to the caller. */
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    return stmt;
}

static void finalize_stmt(sqlite3_stmt **stmt)
{
    sqlite3_finalize(*stmt);
}

/* ---- positives ---------------------------------------------------------- */

/* sqlite3_open allocates the handle even when it fails. */
int leak_db_when_open_fails(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1; // expect: session-leak
    int rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

void leak_db_falls_off_end(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) == SQLITE_OK)
        sqlite3_exec(db, "PRAGMA optimize", NULL, NULL, NULL);
} // expect: session-leak

int leak_stmt_when_step_fails(sqlite3 *db, int id)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "DELETE FROM items WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int(stmt, 1, id);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        return -1; // expect: session-leak
    return sqlite3_finalize(stmt);
}

/* Only the statement of the last row is finalized. */
int leak_stmt_prepared_per_row(sqlite3 *db, const char *const *names, int n)
{
    sqlite3_stmt *stmt = NULL;
    int i;
    for (i = 0; i < n; i++) {
        if (sqlite3_prepare_v2(db, "INSERT INTO names(name) VALUES (?)", -1, &stmt, NULL) != SQLITE_OK) // expect: session-leak
            break;
        sqlite3_bind_text(stmt, 1, names[i], -1, SQLITE_TRANSIENT);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return i == n ? 0 : -1;
}

/* The failed first open still allocated a handle, which the retry overwrites. */
int leak_db_overwritten_by_fallback_open(const char *primary, const char *fallback)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(primary, &db);
    if (rc != SQLITE_OK)
        rc = sqlite3_open(fallback, &db); // expect: session-leak
    if (rc != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    rc = sqlite3_exec(db, "VACUUM", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

int leak_stmt_in_switch_default(sqlite3 *db, int *count)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM items", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    switch (sqlite3_step(stmt)) {
    case SQLITE_ROW:
        *count = sqlite3_column_int(stmt, 0);
        break;
    case SQLITE_DONE:
        *count = 0;
        break;
    default:
        return -1; // expect: session-leak
    }
    sqlite3_finalize(stmt);
    return 0;
}

/* The cleanup block finalizes the statement but forgets the connection. */
int leak_db_missed_by_goto_cleanup(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        rc = 0;
out:
    sqlite3_finalize(stmt);
    return rc; // expect: session-leak
}

/* An external function only borrows the connection. */
int leak_db_after_external_call(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    return apply_schema(db); // expect: session-leak
}

int leak_stmt_from_wrapper(sqlite3 *db)
{
    sqlite3_stmt *stmt = prepare(db, "SELECT max(id) FROM items");
    if (!stmt)
        return -1;
    int max_id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    return max_id; // expect: session-leak
}

/* ---- negatives ---------------------------------------------------------- */

int ok_close_even_when_open_fails(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        log_error(sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    int rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* On prepare failure *ppStmt is NULL: nothing to finalize. */
int ok_failed_prepare_has_nothing_to_finalize(sqlite3 *db)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "DELETE FROM items WHERE done", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

int ok_goto_cleanup_releases_everything(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        goto out;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
        goto out;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        rc = 0;
out:
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rc;
}

int ok_open_into_out_param(const char *path, sqlite3 **out)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

int ok_store_keeps_handles(struct store *st, const char *path)
{
    if (sqlite3_open(path, &st->db) != SQLITE_OK) {
        sqlite3_close(st->db);
        st->db = NULL;
        return -1;
    }
    if (sqlite3_prepare_v2(st->db, "INSERT INTO items(name) VALUES (?)", -1, &st->insert, NULL) != SQLITE_OK) {
        sqlite3_close(st->db);
        st->db = NULL;
        return -1;
    }
    return 0;
}

int ok_open_into_global(const char *path)
{
    return sqlite3_open(path, &shared_db);
}

int ok_finalize_each_row(sqlite3 *db, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v2(db, "INSERT INTO names(name) VALUES (?)", -1, &stmt, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_text(stmt, 1, names[i], -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

int ok_cleanup_attribute_finalizes(sqlite3 *db)
{
    __attribute__((cleanup(finalize_stmt))) sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    return sqlite3_step(stmt) == SQLITE_ROW ? 0 : -1;
}

int ok_switch_finalizes_on_every_path(sqlite3 *db, int *count)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM items", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    switch (sqlite3_step(stmt)) {
    case SQLITE_ROW:
        *count = sqlite3_column_int(stmt, 0);
        break;
    case SQLITE_DONE:
        *count = 0;
        break;
    default:
        sqlite3_finalize(stmt);
        return -1;
    }
    sqlite3_finalize(stmt);
    return 0;
}

int ok_stmt_from_wrapper_finalized(sqlite3 *db)
{
    sqlite3_stmt *stmt = prepare(db, "SELECT max(id) FROM items");
    if (!stmt)
        return -1;
    int max_id = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return max_id;
}

int ok_external_call_then_close(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    int rc = apply_schema(db);
    sqlite3_close(db);
    return rc;
}
