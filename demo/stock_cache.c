/*
 * stock_cache.c: the service's local SQLite cache of stock levels: opening
 * it (with its schema), reading a quantity, and recording a stock movement
 * atomically. Planted bugs: a statement leaked when a SKU is unknown
 * (session-leak) and a COMMIT whose failure goes unnoticed (unchecked-commit).
 */
#include <stddef.h>
#include <stdio.h>

#include "inventory.h"

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS stock(sku TEXT PRIMARY KEY, qty INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS movements(id INTEGER PRIMARY KEY, sku TEXT NOT NULL,"
    " delta INTEGER NOT NULL, at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);";

int cache_open(const char *path, sqlite3 **out)
{
    sqlite3 *db = NULL;
    *out = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "cache: cannot open %s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db); /* sqlite3_open allocates the handle even when it fails */
        return -1;
    }
    if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "cache: cannot create the schema: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

int cache_quantity(sqlite3 *db, const char *sku, int *qty)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, "SELECT qty FROM stock WHERE sku = ?1", -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_bind_text(stmt, 1, sku, -1, SQLITE_STATIC) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return -1;
    }
    if (sqlite3_step(stmt) != SQLITE_ROW)
        return -1; // expect: session-leak
    *qty = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return 0;
}

/* Runs one statement with ?1 = sku and ?2 = delta; 0 on success. */
static int run_for_sku(sqlite3 *db, const char *sql, const char *sku, int delta)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    int ok = sqlite3_bind_text(stmt, 1, sku, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_int(stmt, 2, delta) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_finalize(stmt);
    return ok ? 0 : -1;
}

int cache_record_movement(sqlite3 *db, const char *sku, int delta)
{
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    if (run_for_sku(db, "UPDATE stock SET qty = qty + ?2 WHERE sku = ?1", sku, delta) != 0 ||
        run_for_sku(db, "INSERT INTO movements(sku, delta) VALUES (?1, ?2)", sku, delta) != 0) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); // expect: unchecked-commit
    return 0;
}
