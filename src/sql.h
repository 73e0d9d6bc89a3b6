/*
 * sql.h: classifies SQL text passed to exec-style functions as a transaction
 * statement (BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK) or not.
 */
#ifndef SL_SQL_H
#define SL_SQL_H

#include "model.h"

enum sl_sql_txn {
    SL_SQL_UNKNOWN,   /* not a constant string */
    SL_SQL_OTHER,     /* any other statement (ROLLBACK TO SAVEPOINT, SAVEPOINT, RELEASE, ...) */
    SL_SQL_BEGIN,
    SL_SQL_COMMIT,
    SL_SQL_ROLLBACK,
};

/* Classifies one SQL text: case-insensitive, leading white space and SQL
 * comments skipped, a trailing ';' allowed. Only a text that is one
 * transaction statement is classified as such ("BEGIN; INSERT ..." is OTHER). */
enum sl_sql_txn sl_sql_classify(const char *sql);
/* The same for a dialect: SL_DIALECT_REDIS reads MULTI / EXEC / DISCARD. */
enum sl_sql_txn sl_sql_classify_dialect(const char *text, enum sl_sql_dialect dialect);

#endif
