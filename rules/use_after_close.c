/*
 * use_after_close.c: SL004 use-after-close. A handle is passed to a function
 * that uses it after it was released, or after its parent was released when
 * the model says it dies with its parent (a session after its lease went back
 * to the pool).
 * Confidence: high; the engine forgets a handle when its variable is
 * reassigned, so reuse of a variable for a new handle is not confused.
 */
#include "engine.h"
#include "rule.h"

static void on_use(struct sl_check *c, CXCursor call, CXCursor arg, const char *callee,
                   const struct sl_sym *s, int found_kind, const int *kinds, size_t nkinds)
{
    if (!s || sl_sym_state(s) != SL_HS_CLOSED)
        return;
    sl_check_report(c, SL_RULE_use_after_close, call, s,
                    "'%s' is passed to '%s' after it was released at line %u",
                    sl_sym_name(c, s), callee, sl_sym_closed_line(s));
    (void)arg, (void)found_kind, (void)kinds, (void)nkinds;
}

static const struct sl_rule_hooks hooks = {.on_use = on_use};

const struct sl_rule sl_rule_use_after_close = {
    .id = "SL004",
    .name = "use-after-close",
    .short_description = "A handle is used after it was released.",
    .full_description =
        "A session, statement, result or cursor is passed to a function that uses it after "
        "it was closed, finalized or freed on the same path, or after the handle it belongs "
        "to was released (a session used after its lease was checked back into the pool). "
        "This is a use of freed memory, or of a connection that now belongs to someone else.",
    .help_text =
        "Use a handle only between its acquire and its release.\n\n"
        "Wrong:\n"
        "    sqlite3_finalize(stmt);\n"
        "    printf(\"%d rows\\n\", sqlite3_column_int(stmt, 0));  /* stmt is gone */\n\n"
        "Right:\n"
        "    int n = sqlite3_column_int(stmt, 0);\n"
        "    sqlite3_finalize(stmt);\n"
        "    printf(\"%d rows\\n\", n);\n",
    .help_markdown =
        "Use a handle only between its acquire and its release.\n\n"
        "Wrong:\n```c\nsqlite3_finalize(stmt);\n"
        "printf(\"%d rows\\n\", sqlite3_column_int(stmt, 0));  /* stmt is gone */\n```\n\n"
        "Right:\n```c\nint n = sqlite3_column_int(stmt, 0);\nsqlite3_finalize(stmt);\n"
        "printf(\"%d rows\\n\", n);\n```\n",
    .default_level = "error",
    .precision = "high",
    .confidence = "High: the release and the use are on the same path and the variable was not "
                  "reassigned in between.",
    .hooks = &hooks,
};
