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

/* Session-level state that outlives a transaction (and so, behind a
 * transaction-mode pooler, leaks to the next client of the server
 * connection). SL_STATE_NONE for anything else, including the safe forms:
 * SET LOCAL, CREATE TEMP TABLE ... ON COMMIT DROP, cursors without HOLD,
 * transaction-level advisory locks. */
enum sl_session_state {
    SL_STATE_NONE,
    SL_STATE_SET,            /* SET x = y, SET SESSION ... */
    SL_STATE_PREPARE,        /* PREPARE name AS ... (SQL) or a named PQprepare */
    SL_STATE_LISTEN,
    SL_STATE_ADVISORY_LOCK,  /* pg_advisory_lock(), pg_try_advisory_lock(), _shared */
    SL_STATE_TEMP_TABLE,     /* CREATE TEMP TABLE without ON COMMIT DROP */
    SL_STATE_HOLD_CURSOR,    /* DECLARE ... WITH HOLD */
};

enum sl_session_state sl_sql_session_state(const char *sql);

#endif
