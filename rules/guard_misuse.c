/*
 * guard_misuse.c: SL001 guard-misuse. A query or use function receives a
 * handle of the wrong kind: a pool lease / guard / context where the session
 * belongs, a statement where the connection belongs, an ODBC connection
 * handle where a statement is required. The kind comes from the engine's
 * tracking (so `void *h = lease; query(h)` and `(void *)lease` are seen) or,
 * for untracked values, from the static type behind any casts. Also: an
 * operation run while this function's transaction is open, with options that
 * do not carry the session (MongoDB), runs outside the transaction.
 * Confidence: high. False positives come from a model that lists too few
 * kinds for a parameter, or from a type listed under the wrong kind.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "engine.h"
#include "rule.h"
#include "util.h"

static bool accepts(const int *kinds, size_t n, int kind)
{
    for (size_t i = 0; i < n; i++)
        if (kinds[i] == kind)
            return true;
    return false;
}

static const char *article(const char *noun)
{
    return strchr("aeiouAEIOU", noun[0]) ? "an" : "a";
}

/* The location is in the file as written, not produced by a macro. */
static bool written_in_place(CXSourceLocation loc)
{
    unsigned spelled, expanded;
    clang_getSpellingLocation(loc, NULL, NULL, NULL, &spelled);
    clang_getExpansionLocation(loc, NULL, NULL, NULL, &expanded);
    return spelled == expanded;
}

/* The argument replaced by the accessor is a mechanical fix, unless a
 * macro wrote the argument (then its text is not in the file). */
static void offer_fix(struct sl_finding *f, CXCursor arg, const char *replacement)
{
    CXSourceRange range = clang_getCursorExtent(arg);
    if (!f || !replacement || !written_in_place(clang_getRangeStart(range)) ||
        !written_in_place(clang_getRangeEnd(range)))
        return;
    char *description = sl_xasprintf("Pass %s", replacement);
    sl_finding_set_fix(f, replacement, description);
    free(description);
}

static void on_use(struct sl_check *c, CXCursor call, CXCursor arg, const char *callee,
                   const struct sl_sym *s, int found_kind, const int *kinds, size_t nkinds)
{
    if (found_kind < 0 || nkinds == 0 || accepts(kinds, nkinds, found_kind))
        return;
    if (s && (sl_sym_state(s) == SL_HS_UNKNOWN || sl_sym_state(s) == SL_HS_NULL))
        return;
    const struct sl_kind *k = sl_check_kind(c, found_kind);
    char *text = sl_ast_source_text(sl_ast_peel_casts(arg));
    char *replacement = NULL, *hint = NULL;
    if (k && k->accessor_function)
        replacement = sl_xasprintf("%s(%s)", k->accessor_function, text);
    else if (k && k->accessor_field)
        replacement = sl_xasprintf("%s->%s", text, k->accessor_field);
    if (replacement)
        hint = sl_xasprintf("; pass %s instead", replacement);
    const char *want = sl_check_kind_label(c, kinds[0]);
    const char *got = sl_check_kind_label(c, found_kind);
    struct sl_finding *f = sl_check_report(c, SL_RULE_guard_misuse, arg, s,
                                           "'%s' expects %s %s, but '%s' is %s %s%s", callee,
                                           article(want), want, text, article(got), got,
                                           hint ? hint : "");
    offer_fix(f, arg, replacement);
    free(replacement);
    free(hint);
    free(text);
    (void)call;
}

static void on_outside_txn(struct sl_check *c, CXCursor call, CXCursor opts, const char *callee,
                           const struct sl_sym *session)
{
    (void)opts;
    sl_check_report(c, SL_RULE_guard_misuse, call, session,
                    "'%s' runs outside the transaction begun on '%s' at line %u: its options do "
                    "not carry the session",
                    callee, sl_sym_name(c, session), sl_sym_begun_line(session));
}

static const struct sl_rule_hooks hooks = {.on_use = on_use, .on_outside_txn = on_outside_txn};

const struct sl_rule sl_rule_guard_misuse = {
    .id = "SL001",
    .name = "guard-misuse",
    .short_description = "A query function receives a guard, lease or wrong-kind handle instead "
                         "of the session or statement it needs.",
    .full_description =
        "A function that runs queries on a session (or steps a statement) was handed a handle "
        "of another kind: a pool lease or guard that wraps the session, a context object, a "
        "statement where the connection belongs, or an ODBC environment or connection handle "
        "where a statement handle is required. Such calls compile (the parameter is often "
        "void * or the handle was cast) and fail or corrupt memory at run time.",
    .help_text =
        "The handle passed is not the kind the function needs.\n\n"
        "Wrong:\n"
        "    ih_lease *lease = ih_pool_checkout(pool);\n"
        "    ih_execute(lease, \"UPDATE stock SET n = n - 1\");   /* the lease, not the session */\n\n"
        "Right:\n"
        "    ih_lease *lease = ih_pool_checkout(pool);\n"
        "    ih_execute(ih_lease_session(lease), \"UPDATE stock SET n = n - 1\");\n",
    .help_markdown =
        "The handle passed is not the kind the function needs.\n\n"
        "Wrong:\n```c\nih_lease *lease = ih_pool_checkout(pool);\n"
        "ih_execute(lease, \"UPDATE stock SET n = n - 1\");   /* the lease, not the session */\n```\n\n"
        "Right:\n```c\nih_lease *lease = ih_pool_checkout(pool);\n"
        "ih_execute(ih_lease_session(lease), \"UPDATE stock SET n = n - 1\");\n```\n",
    .default_level = "error",
    .precision = "high",
    .confidence = "High: fires only when the kind is known from a model acquire or a modelled "
                  "type. A model that lists too few accepted kinds causes false positives.",
    .hooks = &hooks,
};
