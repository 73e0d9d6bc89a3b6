/*
 * cfg.h: control-flow graph of one function body, built from the libclang AST
 * in the style of sparse's linearize.c. Blocks hold the expressions and
 * declarations to evaluate in order (items) and end in one terminator.
 * Conditions are split at &&, || and ! (sparse's linearize_cond_branch), and
 * ?: in a condition becomes branches too, so every BRANCH tests one atomic
 * expression and the engine can refine handle states on each edge.
 */
#ifndef SL_CFG_H
#define SL_CFG_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

enum sl_item_kind {
    SL_ITEM_EXPR,       /* an expression evaluated for effect (statement, for-init, cond side) */
    SL_ITEM_DECL,       /* a VarDecl (with or without initializer) */
    SL_ITEM_SCOPE_END,  /* a VarDecl with __attribute__((cleanup)) goes out of scope */
};

struct sl_item {
    enum sl_item_kind kind;
    CXCursor cursor;
};

enum sl_term_kind {
    SL_TERM_GOTO,      /* unconditional jump to succ[0] */
    SL_TERM_BRANCH,    /* cond true -> succ[0], false -> succ[1] */
    SL_TERM_SWITCH,    /* cases[] on cond; a default case is always present (implicit: after the switch) */
    SL_TERM_RETURN,    /* function exit; cond = returned expression or null cursor */
    SL_TERM_NORETURN,  /* path ends in a call that does not return (exit, abort, model noreturn) */
};

struct sl_case {
    bool is_default;
    long long lo, hi;      /* value range (GNU case ranges); lo == hi normally */
    bool value_known;      /* false when the case label could not be evaluated */
    int target;
};

struct sl_block {
    int id;
    struct sl_item *items;
    size_t nitems, capitems;
    enum sl_term_kind term;
    CXCursor cond;         /* BRANCH: atomic condition (already evaluated for side effects
                              by the engine as part of the branch); SWITCH: controlling
                              expression; RETURN: value or null cursor */
    int succ[2];
    struct sl_case *cases;
    size_t ncases;
    CXCursor term_cursor;  /* statement responsible for the terminator (return, if, ...) */
};

struct sl_cfg {
    struct sl_block *blocks;
    size_t nblocks, capblocks;
    int entry;
    CXCursor function;     /* the FunctionDecl */
};

/* Decides whether a call (by callee name / declaration) never returns; the
 * builder also checks attributes itself through sl_ast_decl_is_noreturn. */
typedef bool (*sl_noreturn_fn)(void *ctx, const char *callee_name);

/* Builds the CFG of a function definition. Returns 0, or -1 if fn has no body. */
int sl_cfg_build(struct sl_cfg *cfg, CXCursor fn, sl_noreturn_fn is_noreturn, void *ctx);
void sl_cfg_free(struct sl_cfg *cfg);
/* Human-readable dump, one block per paragraph (tests, trace mode). Caller frees. */
char *sl_cfg_dump(const struct sl_cfg *cfg);

#endif
