/*
 * engine_ctx.h: the per-function analysis context shared by the engine's
 * files (engine.c: worklist and transfer functions; refine.c: branch
 * refinement; summary.c: summaries from exit states). Internal to the engine.
 */
#ifndef SL_ENGINE_CTX_H
#define SL_ENGINE_CTX_H

#include "engine.h"
#include "state.h"
#include "util.h"

struct sl_cfg;

/* The callee of a call and what models it (engine.c: eval_call). */
struct sl_callee {
    char *name;               /* NULL for a call through a function pointer */
    const struct sl_func *f;  /* sl_check_lookup of the name */
};

/* What one exit of the function looked like (for summaries). */
struct sl_exit_record {
    struct sl_state *state;     /* owned copy */
    struct sl_value ret;
};

/* A fact about each path id, worked out once per function: 1 it holds,
 * -1 it does not, 0 not asked yet. */
typedef SL_VEC(signed char) sl_path_facts;

struct sl_check {
    const struct sl_engine_config *config;
    CXCursor fn;
    char *fn_name;
    const char *display_file;
    struct sl_report *out;
    struct sl_intern paths;
    struct sl_intern roots;                  /* roots invalidate_rooted was asked about ... */
    SL_VEC(sl_path_facts) under;             /* ... and, by root id, which paths are under it */
    int nsites;                              /* calls numbered so far (site id / 8) */
    SL_VEC(int) txn_end_sites;               /* handles this function commits/rolls back */
    SL_VEC(int) txn_end_site_blocks;         /* ... and the CFG block of each such call */
    SL_VEC(int) txn_end_paths;
    SL_VEC(int) txn_end_path_blocks;
    SL_VEC(struct sl_event *) event_blocks;  /* arena of history events, SL_EVENT_BLOCK */
    size_t nevents;                          /* a block; events never move */
    SL_VEC(char *) reported;                 /* "rule:line:col:site" de-dup keys */
    SL_VEC(struct sl_exit_record) exits;
    SL_VEC(int) txn_commit_sites;            /* handles this function commits */
    SL_VEC(int) sql_param_uses;              /* pairs (sql param index, handle param index) */
    SL_VEC(const struct sl_use *) param_uses; /* use of parameter param_use_args[i] */
    SL_VEC(int) param_use_args;
    SL_VEC(bool) tested_paths;               /* by path id: read by some condition or return */
    SL_VEC(struct sl_callee) callees;        /* by SL_MEMO_CALLEE of the call */
    struct sl_intern locals;                 /* names of the function's local variables */
    SL_VEC(int) path_roots;                  /* by path id: local its root names, or -1 */
    sl_path_facts path_indirect;             /* which paths go through a pointer */
    size_t nlocals;                          /* ... (ids below this are locals) */
    uint64_t **live_in;                      /* per block: bit set of the locals read there
                                                or later */
    size_t nlive;
    struct sl_state *st;                     /* state being transformed */
    CXCursor item;                           /* the item (statement) being evaluated */
    const struct sl_cfg *cfg;                /* the function's CFG (NULL before it is built) */
    int block;                               /* the CFG block being evaluated, -1 none */
    int reach_from;                          /* memo of sl_check_block_reaches: the block ... */
    unsigned char *reach;                    /* ... and which blocks are reachable from it */
    int nparams;
    CXCursor *params;
};


/* Model lookup: summaries of this TU first, then those of other files
 * (for names this TU does not define), then the models. */
const struct sl_func *sl_check_lookup(const struct sl_check *c, const char *name);
void sl_check_event(struct sl_check *c, CXCursor where, int site, char *message);

/* refine.c: evaluates a branch condition in c->st (side effects included)
 * and returns the value of its tested operand; then refines c->st for one
 * edge, returning false when the edge is infeasible. */
struct sl_value sl_eval_condition(struct sl_check *c, CXCursor cond);
bool sl_refine_branch(struct sl_check *c, CXCursor cond, struct sl_value v, bool truth);
bool sl_refine_case(struct sl_check *c, struct sl_value v, const struct sl_case *cs,
                    const struct sl_case *all, size_t ncases);
/* engine.c: evaluates an expression in c->st, with side effects. */
struct sl_value sl_eval(struct sl_check *c, CXCursor e);
int sl_path_id(struct sl_check *c, CXCursor e);   /* -1 if not a path */
/* engine.c: what the engine asks of an expression's type, remembered per
 * cursor: SL_TYPE_POINTER of the type as written (a typedef of a pointer is
 * none), the others of the canonical type. */
enum { SL_TYPE_POINTER = 1, SL_TYPE_RECORD = 2, SL_TYPE_ARRAY = 4 };
int sl_type_class(struct sl_check *c, CXCursor e);
/* The handle e evaluates to (v = its value), creating the record of a
 * caller's handle (parameter, global, field reached through a pointer) the
 * first time it is met. NULL when e is not a tracked or trackable handle. */
struct sl_sym *sl_sym_of(struct sl_check *c, CXCursor e, struct sl_value v);

/* A success spec meaning "cannot tell": outcomes with it refine nothing
 * except that a transaction begun through it becomes UNKNOWN when tested. */
extern const struct sl_success sl_success_unknown;
bool sl_success_is_unknown(const struct sl_success *s);

/* summary.c: builds the summary of the function from its exit records. */
void sl_summary_build(struct sl_check *c);

#endif
