/*
 * unchecked_commit.c: SL006 unchecked-commit. The result of a COMMIT (an API
 * commit call, or COMMIT / END sent as SQL text) is thrown away. A commit can
 * fail (constraint checks deferred to commit time, serialization failures,
 * a full disk, a lost connection); a failed COMMIT leaves the data unsaved and,
 * for several APIs, the transaction still open. A cast to (void) is taken as
 * a deliberate decision and not reported.
 * Confidence: very high (a syntactic fact once the commit is recognised).
 */
#include "engine.h"
#include "rule.h"

static void on_txn_end(struct sl_check *c, CXCursor call, const char *callee,
                       const struct sl_sym *s, bool is_commit, bool discarded)
{
    const struct sl_kind *k = sl_check_kind(c, sl_sym_kind(s));
    if (!is_commit || !discarded || (k && (k->role == SL_ROLE_LOCK || k->read_only)))
        return; /* an unlock, or ending a read-only transaction, saves nothing */
    sl_check_report(c, SL_RULE_unchecked_commit, call, NULL,
                    "the result of the commit by '%s' is ignored; a failed commit leaves the "
                    "data unsaved",
                    callee);
}

static const struct sl_rule_hooks hooks = {.on_txn_end = on_txn_end};

const struct sl_rule sl_rule_unchecked_commit = {
    .id = "SL006",
    .name = "unchecked-commit",
    .short_description = "The result of a COMMIT is ignored.",
    .full_description =
        "A transaction is committed (by an API call or by COMMIT / END sent as SQL text) and "
        "the call's result is thrown away. Commits fail: deferred constraints, serialization "
        "failures, a full disk or a dropped connection all surface at COMMIT. Ignoring the "
        "result reports success for data that was never saved.",
    .help_text =
        "Check the result of every commit.\n\n"
        "Wrong:\n"
        "    sqlite3_exec(db, \"COMMIT\", 0, 0, 0);\n"
        "    return 0;\n\n"
        "Right:\n"
        "    if (sqlite3_exec(db, \"COMMIT\", 0, 0, 0) != SQLITE_OK) {\n"
        "        sqlite3_exec(db, \"ROLLBACK\", 0, 0, 0);\n"
        "        return -1;\n"
        "    }\n"
        "    return 0;\n",
    .help_markdown =
        "Check the result of every commit.\n\n"
        "Wrong:\n```c\nsqlite3_exec(db, \"COMMIT\", 0, 0, 0);\nreturn 0;\n```\n\n"
        "Right:\n```c\nif (sqlite3_exec(db, \"COMMIT\", 0, 0, 0) != SQLITE_OK) {\n"
        "    sqlite3_exec(db, \"ROLLBACK\", 0, 0, 0);\n    return -1;\n}\nreturn 0;\n```\n",
    .default_level = "warning",
    .precision = "very-high",
    .confidence = "Very high: the call is recognised as a commit and its value is unused. "
                  "Wrappers whose result does not carry the commit's outcome are not reported.",
    .hooks = &hooks,
};
