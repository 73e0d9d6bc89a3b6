/*
 * missing_commit.c: SL002 missing-commit. A transaction begun in this
 * function (by API call or by SQL text such as "BEGIN") reaches the
 * function's exit, the handle's close, or the return of its lease to a pool
 * with neither commit nor rollback on some path. At an exit it is reported
 * only when this function also ends that transaction somewhere (a helper
 * that only begins is its caller's business) and the handle is not being
 * leaked there (the leak is the bug then, reported by session-leak).
 * Handles that are themselves write transactions (LMDB) lost before commit
 * or abort, and mutexes still locked at an exit, are reported the same way.
 * Confidence: high. False positives come from transactions ended through a
 * function the engine cannot see (another file, a function pointer).
 */
#include "engine.h"
#include "rule.h"

static bool leaking(const struct sl_sym *s)
{
    if (!s || !sl_sym_owned(s))
        return false;
    enum sl_hstate st = sl_sym_state(s);
    return st == SL_HS_OPEN || st == SL_HS_MAYBE || st == SL_HS_FAILED;
}

static bool is_lock(const struct sl_check *c, const struct sl_sym *s)
{
    const struct sl_kind *k = sl_check_kind(c, sl_sym_kind(s));
    return k && k->role == SL_ROLE_LOCK;
}

/* A handle that is itself a write transaction (LMDB's MDB_txn). */
static bool is_write_transaction(const struct sl_check *c, const struct sl_sym *s)
{
    const struct sl_kind *k = sl_check_kind(c, sl_sym_kind(s));
    return k && k->role == SL_ROLE_TRANSACTION && !k->read_only;
}

/* An aborted transaction (a statement in it failed) is not reported here:
 * ending the session is how the server discards it, and nothing was lost. */
static void on_session_end(struct sl_check *c, CXCursor call, const char *callee,
                           const struct sl_sym *s)
{
    if (sl_sym_txn(s) != SL_TX_OPEN)
        return;
    sl_check_report(c, SL_RULE_missing_commit, call, s,
                    "the session of '%s' ends in '%s' while the transaction begun at line %u is "
                    "still open; commit or roll back first",
                    sl_sym_name(c, s), callee, sl_sym_begun_line(s));
}

/* A write-transaction handle lost before commit or abort. */
static void on_lost(struct sl_check *c, CXCursor where, enum sl_lost_how how,
                    const struct sl_sym *s)
{
    if (!leaking(s) || sl_sym_txn(s) != SL_TX_OPEN || !is_write_transaction(c, s))
        return;
    (void)how;
    sl_check_report(c, SL_RULE_missing_commit, where, s,
                    "the transaction '%s' begun at line %u is neither committed nor aborted on "
                    "this path",
                    sl_sym_name(c, s), sl_sym_acquired_line(s));
}

static void on_child_release(struct sl_check *c, CXCursor call, const struct sl_sym *parent,
                             const struct sl_sym *child)
{
    if (sl_sym_txn(child) != SL_TX_OPEN)
        return;
    sl_check_report(c, SL_RULE_missing_commit, call, child,
                    "'%s' is released while the transaction begun at line %u on its %s '%s' is "
                    "still open; commit or roll back first",
                    sl_sym_name(c, parent), sl_sym_begun_line(child),
                    sl_check_kind_label(c, sl_sym_kind(child)), sl_sym_name(c, child));
}

static void on_exit(struct sl_check *c, CXCursor where, const struct sl_sym *s)
{
    if (!sl_txn_is_open(sl_sym_txn(s)) || leaking(s) || leaking(sl_sym_parent(c, s)))
        return;
    if (!sl_check_function_ends_txn(c, s))
        return;
    if (is_lock(c, s))
        sl_check_report(c, SL_RULE_missing_commit, where, s,
                        "'%s' locked at line %u is still locked on this path", sl_sym_name(c, s),
                        sl_sym_begun_line(s));
    else if (sl_sym_txn(s) == SL_TX_ABORTED)
        sl_check_report(c, SL_RULE_missing_commit, where, s,
                        "the transaction begun on '%s' at line %u was aborted by a failed "
                        "statement and is not rolled back on this path; the session stays "
                        "unusable until ROLLBACK",
                        sl_sym_name(c, s), sl_sym_begun_line(s));
    else
        sl_check_report(c, SL_RULE_missing_commit, where, s,
                        "the transaction begun on '%s' at line %u is neither committed nor rolled "
                        "back on this path",
                        sl_sym_name(c, s), sl_sym_begun_line(s));
}

static const struct sl_rule_hooks hooks = {.on_session_end = on_session_end,
                                           .on_child_release = on_child_release,
                                           .on_exit = on_exit,
                                           .on_lost = on_lost};

const struct sl_rule sl_rule_missing_commit = {
    .id = "SL002",
    .name = "missing-commit",
    .short_description = "A transaction begun here is left open on some path.",
    .full_description =
        "A transaction begun in this function, by an API call or by SQL text such as BEGIN or "
        "START TRANSACTION, reaches a return, the close of its session or the return of its "
        "lease to a pool on some path without COMMIT or ROLLBACK. Typical causes are early "
        "returns on error paths. Depending on the API the work is silently rolled back, or the "
        "next user of a pooled connection inherits the open transaction and its locks.",
    .help_text =
        "Every path that begins a transaction must commit or roll it back.\n\n"
        "Wrong:\n"
        "    sqlite3_exec(db, \"BEGIN\", 0, 0, 0);\n"
        "    if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK)\n"
        "        return -1;                        /* transaction left open */\n"
        "    return sqlite3_exec(db, \"COMMIT\", 0, 0, 0);\n\n"
        "Right:\n"
        "    sqlite3_exec(db, \"BEGIN\", 0, 0, 0);\n"
        "    if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK) {\n"
        "        sqlite3_exec(db, \"ROLLBACK\", 0, 0, 0);\n"
        "        return -1;\n"
        "    }\n"
        "    return sqlite3_exec(db, \"COMMIT\", 0, 0, 0);\n",
    .help_markdown =
        "Every path that begins a transaction must commit or roll it back.\n\n"
        "Wrong:\n```c\nsqlite3_exec(db, \"BEGIN\", 0, 0, 0);\n"
        "if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK)\n"
        "    return -1;                        /* transaction left open */\n"
        "return sqlite3_exec(db, \"COMMIT\", 0, 0, 0);\n```\n\n"
        "Right:\n```c\nsqlite3_exec(db, \"BEGIN\", 0, 0, 0);\n"
        "if (sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK) {\n"
        "    sqlite3_exec(db, \"ROLLBACK\", 0, 0, 0);\n    return -1;\n}\n"
        "return sqlite3_exec(db, \"COMMIT\", 0, 0, 0);\n```\n",
    .default_level = "warning",
    .precision = "high",
    .confidence = "High: reported only for transactions begun in the function that the "
                  "function also ends elsewhere, or whose session it closes. Transactions ended "
                  "in another file or through a function pointer are not seen (a miss, not noise).",
    .hooks = &hooks,
};
