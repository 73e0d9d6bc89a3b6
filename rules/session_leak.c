/*
 * session_leak.c: SL003 session-leak. A session, statement, result,
 * transaction, cursor or lease this function acquired and owns loses its
 * last reference unreleased on some path: a return, falling off the end, an
 * assignment or re-acquire over it (e.g. the next loop iteration), or a call
 * whose returned handle is thrown away. Handles that are returned, stored
 * where the caller can see them, or handed to an owning function have
 * escaped and are not reported.
 * Confidence: high. False positives come from handles released through code
 * the engine cannot see (another file, a function pointer) that the model
 * does not describe.
 */
#include <stdlib.h>

#include "ast.h"
#include "engine.h"
#include "rule.h"

/* A handle that dies with its parent is not lost when the parent is still
 * ours and live (its loss is the finding), or is a caller's transaction that
 * ends soon (an LMDB write cursor). A caller's long-lived connection is no
 * such excuse: its statements pile up until it is freed. */
static bool freed_with_parent(const struct sl_check *c, const struct sl_sym *parent)
{
    enum sl_hstate st = sl_sym_state(parent);
    if (st == SL_HS_CLOSED || st == SL_HS_NULL)
        return false;
    const struct sl_kind *pk = sl_check_kind(c, sl_sym_kind(parent));
    return sl_sym_owned(parent) ||
           (sl_sym_from_caller(parent) && pk && pk->role == SL_ROLE_TRANSACTION);
}

static void on_lost(struct sl_check *c, CXCursor where, enum sl_lost_how how,
                    const struct sl_sym *s)
{
    enum sl_hstate st = sl_sym_state(s);
    if (!sl_sym_owned(s) || (st != SL_HS_OPEN && st != SL_HS_MAYBE && st != SL_HS_FAILED))
        return;
    if (st == SL_HS_MAYBE && sl_sym_null_is_normal(s) && how != SL_LOST_DISCARDED)
        return; /* never tested nor used: probably the NULL that ends the stream */
    const struct sl_kind *k = sl_check_kind(c, sl_sym_kind(s));
    if (k && k->role == SL_ROLE_TRANSACTION && !k->read_only && sl_sym_txn(s) == SL_TX_OPEN)
        return; /* an unfinished write transaction: missing-commit reports it */
    const struct sl_sym *parent = sl_sym_parent(c, s);
    if (k && k->dies_with_parent && parent && freed_with_parent(c, parent))
        return; /* freed with its parent: the parent's loss is the finding, or the caller's job */
    const char *what = sl_check_kind_label(c, sl_sym_kind(s));
    if (how == SL_LOST_DISCARDED) {
        char *callee = sl_ast_callee_name(where);
        sl_check_report(c, SL_RULE_session_leak, where, s,
                        "the %s returned by '%s' is discarded and never released", what,
                        callee ? callee : "this call");
        free(callee);
        return;
    }
    const char *why = how == SL_LOST_OVERWRITE ? "is overwritten while still open"
                      : st == SL_HS_FAILED     ? "is not released on this path (the handle "
                                                 "exists even though acquiring it failed)"
                                               : "is not released on this path";
    sl_check_report(c, SL_RULE_session_leak, where, s, "%s '%s' acquired at line %u %s", what,
                    sl_sym_name(c, s), sl_sym_acquired_line(s), why);
}

static const struct sl_rule_hooks hooks = {.on_lost = on_lost};

const struct sl_rule sl_rule_session_leak = {
    .id = "SL003",
    .name = "session-leak",
    .short_description = "An acquired session, statement, result, transaction or cursor is "
                         "not released on some path.",
    .full_description =
        "A handle this function acquired and still owns loses its last reference without "
        "being released: on an early return, when falling off the end, when the variable "
        "holding it is overwritten (including by the next iteration of a loop), or because "
        "the call's returned handle is ignored. Leaked sessions exhaust pools and server "
        "connection slots; leaked statements and results hold memory and locks.",
    .help_text =
        "Release the handle on every path, typically in one cleanup block.\n\n"
        "Wrong:\n"
        "    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)\n"
        "        return -1;\n"
        "    if (sqlite3_step(stmt) != SQLITE_DONE)\n"
        "        return -1;                         /* stmt leaked */\n"
        "    sqlite3_finalize(stmt);\n\n"
        "Right:\n"
        "    int rc = -1;\n"
        "    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)\n"
        "        goto out;\n"
        "    if (sqlite3_step(stmt) == SQLITE_DONE)\n"
        "        rc = 0;\n"
        "out:\n"
        "    sqlite3_finalize(stmt);                /* harmless on NULL */\n"
        "    return rc;\n",
    .help_markdown =
        "Release the handle on every path, typically in one cleanup block.\n\n"
        "Wrong:\n```c\nif (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)\n"
        "    return -1;\nif (sqlite3_step(stmt) != SQLITE_DONE)\n"
        "    return -1;                         /* stmt leaked */\nsqlite3_finalize(stmt);\n```\n\n"
        "Right:\n```c\nint rc = -1;\n"
        "if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)\n    goto out;\n"
        "if (sqlite3_step(stmt) == SQLITE_DONE)\n    rc = 0;\nout:\n"
        "sqlite3_finalize(stmt);                /* harmless on NULL */\nreturn rc;\n```\n",
    .default_level = "warning",
    .precision = "high",
    .confidence = "High for handles acquired and kept in local variables. Handles released by "
                  "code in another file or through function pointers are not seen.",
    .once_per_handle = true,
    .hooks = &hooks,
};
