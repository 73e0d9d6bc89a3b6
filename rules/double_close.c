/*
 * double_close.c: SL005 double-close. A handle is released twice on one path
 * (a release function called on a handle already released and not reassigned
 * in between). Setting the variable to NULL after the first release, which
 * the release functions accept, is the usual fix and is understood.
 * Confidence: high.
 */
#include "engine.h"
#include "rule.h"

static void on_release(struct sl_check *c, CXCursor call, const char *callee,
                       const struct sl_sym *s)
{
    if (sl_sym_state(s) != SL_HS_CLOSED)
        return;
    sl_check_report(c, SL_RULE_double_close, call, s,
                    "'%s' is released again by '%s'; it was already released at line %u",
                    sl_sym_name(c, s), callee, sl_sym_closed_line(s));
}

static const struct sl_rule_hooks hooks = {.on_release = on_release};

const struct sl_rule sl_rule_double_close = {
    .id = "SL005",
    .name = "double-close",
    .short_description = "A handle is released twice on one path.",
    .full_description =
        "A session, statement, result or cursor is closed, finalized or freed a second time on "
        "the same path. The second release frees memory that may already belong to another "
        "object, which corrupts the heap or closes a connection someone else now uses.",
    .help_text =
        "Release each handle once; set the variable to NULL after releasing it if a later "
        "cleanup block may run.\n\n"
        "Wrong:\n"
        "    PQclear(res);\n"
        "    ...\n"
        "    PQclear(res);               /* second release */\n\n"
        "Right:\n"
        "    PQclear(res);\n"
        "    res = NULL;                 /* PQclear(NULL) is a no-op */\n"
        "    ...\n"
        "    PQclear(res);\n",
    .help_markdown =
        "Release each handle once; set the variable to NULL after releasing it if a later "
        "cleanup block may run.\n\n"
        "Wrong:\n```c\nPQclear(res);\n/* ... */\nPQclear(res);               /* second release */\n```\n\n"
        "Right:\n```c\nPQclear(res);\nres = NULL;                 /* PQclear(NULL) is a no-op */\n"
        "/* ... */\nPQclear(res);\n```\n",
    .default_level = "error",
    .precision = "high",
    .confidence = "High: both releases are on one path and the variable was not reassigned.",
    .hooks = &hooks,
};
