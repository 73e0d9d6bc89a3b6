/*
 * state.h: the engine's abstract state for one path (internal to the engine:
 * rules see only engine.h). A state holds the tracked handles ("symbols",
 * keyed by the site that created them), the values of access paths, and a
 * shared, immutable history of events used to explain findings. Symbols and
 * variables are kept sorted so two states compare by content, and each state
 * keeps its fingerprint up to date as it changes, so that hashing a state
 * costs what changed since the last print, not what the state holds. The
 * tables are read-only outside state.c: every change goes through a function
 * here, which is what keeps the print valid.
 */
#ifndef SL_STATE_H
#define SL_STATE_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "engine.h"
#include "model.h"

#define SL_NO_SITE 0

enum sl_vtag {
    SL_V_UNKNOWN,
    SL_V_SYM,      /* a tracked handle: site */
    SL_V_NULL,     /* null pointer constant */
    SL_V_INT,      /* known integer k */
    SL_V_NONZERO,  /* an integer known to be non-zero */
    SL_V_OUTCOME,  /* the success/failure of an effect on handle `site` */
    SL_V_COMPARED, /* an unknown integer known to satisfy `x OP k` (OP in `site`) */
    SL_V_ARRAY,    /* some element of the local array location whose path id is `site` */
};

enum sl_effect {
    SL_EF_ACQUIRE,  /* handle `site` was acquired by the call */
    SL_EF_BEGIN,    /* a transaction was begun on `site` */
    SL_EF_RELEASE,  /* handle `site` was released (a failed release leaves it open) */
    SL_EF_STATEMENT, /* SQL run inside an open transaction that its failure aborts */
    SL_EF_OTHER,    /* commit, rollback, plain SQL: success changes nothing we track */
};

struct sl_value {
    enum sl_vtag tag;
    int site;
    long long k;
    enum sl_effect effect;
    const struct sl_success *succ; /* NULL: success cannot be judged */
    signed char decided;           /* outcome already refined: 1 success, -1 failure */
};

struct sl_sym {
    /* in the fingerprint (sl_state_fingerprint), all but `returned` */
    int site;
    int kind;
    int parent;                 /* site of the parent handle, SL_NO_SITE if none */
    int origin;                 /* result handles: site whose SQL effect PQresultStatus reveals */
    enum sl_effect origin_effect;
    const struct sl_success *origin_succ;
    const struct sl_success *returned; /* success of the acquire that returned it, if any */
    unsigned char st;           /* enum sl_hstate */
    unsigned char tx;           /* enum sl_txstate */
    bool owned, escaped, from_caller, exists_on_failure, null_is_normal, pooled;
    bool guessed;               /* came from a guessed summary: findings get low confidence */
    int array;                  /* path id + 1 of the local array location holding it
                                   ("conns[*]"), 0 if none */
    /* explanation only: not compared */
    int name;                   /* path id that first named it */
    int begun_block;            /* CFG block of begun_at (reachability of its end), -1 unknown */
    CXCursor acquired_at, begun_at, closed_at;
};

/* One event on the path: shared between states (immutable, arena-owned). */
enum sl_event_kind {
    SL_EVENT_TEXT,   /* message */
    SL_EVENT_BRANCH, /* "assuming 'where' is truth": the text is made only if shown */
    SL_EVENT_CASE,   /* a case of 'switch (where)': default, or the value case_lo */
};

struct sl_event {
    const struct sl_event *prev;
    CXCursor where;
    int site;                   /* handle it concerns, SL_NO_SITE for a branch */
    char *message;              /* SL_EVENT_TEXT only */
    enum sl_event_kind kind;
    bool truth, case_default, case_value_known;
    long long case_lo;
};

struct sl_var {
    int path;
    struct sl_value v;
};

/* What the engine remembers of a state a block has seen: a 128-bit digest of
 * every field that tells two states apart (all but the explanation fields
 * and the history). Equal states have equal fingerprints; different ones
 * share one with negligible probability (about n^2 / 2^129 for n states of
 * a block), and a collision can only drop a path, never add one. */
struct sl_state_print {
    uint64_t a, b;
};

/* Handles changed in place since the last print, at most this many; past
 * that the next print is computed afresh. */
#define SL_STATE_MAX_PENDING 8

struct sl_state {
    const struct sl_sym *syms;  size_t nsyms, capsyms;
    const struct sl_var *vars;  size_t nvars, capvars;
    const struct sl_event *history;
    /* The print is the sum of a 128-bit digest per entry (order does not
     * matter, so one entry's change costs one entry's digest). `sum` covers
     * every variable and every handle but the `pending` ones, which may have
     * changed through a pointer from sl_state_sym and are digested again at
     * the next print; `stale`: too many were, `sum` means nothing. */
    struct sl_state_print sum;
    int pending[SL_STATE_MAX_PENDING];
    unsigned npending;
    bool stale;
    /* The engine's: the block whose live locals the variables were last cut
     * to (0 in a new state, which has no variable to cut), and whether a
     * variable has been bound afresh since (set here, at every new binding;
     * cleared by the engine). */
    int vars_cut_at;
    bool vars_added;
};

struct sl_state *sl_state_new(void);
struct sl_state *sl_state_copy(const struct sl_state *s);
void sl_state_free(struct sl_state *s);

/* The handle `site`, to read or change until the state next changes
 * otherwise (NULL if not tracked). */
struct sl_sym *sl_state_sym(struct sl_state *s, int site);
/* syms[i], to change likewise (loops over the table that change a few). */
struct sl_sym *sl_state_sym_at(struct sl_state *s, size_t i);
/* Inserts (or replaces) a symbol; returns the stored copy. */
struct sl_sym *sl_state_put_sym(struct sl_state *s, const struct sl_sym *sym);
void sl_state_drop_sym(struct sl_state *s, int site);
const struct sl_value *sl_state_var(const struct sl_state *s, int path); /* NULL if unbound */
void sl_state_set_var(struct sl_state *s, int path, struct sl_value v);
void sl_state_set_var_at(struct sl_state *s, size_t i, struct sl_value v); /* vars[i] */
void sl_state_unset_var(struct sl_state *s, int path);
/* Unbinds every variable whose path keep() refuses. */
void sl_state_keep_vars(struct sl_state *s, bool (*keep)(void *ctx, int path), void *ctx);
/* Number of variables whose value is the handle `site`. */
size_t sl_state_refs(const struct sl_state *s, int site);

/* Drops handles nothing can reach any more and nothing needs to report:
 * released, NULL or no longer ours, with no variable, child or result
 * pointing at them and no open transaction (a caller's handle released
 * here stays, for the function's summary). Keeps states small and lets
 * paths that differ only in such leftovers merge. */
void sl_state_gc(struct sl_state *s);

/* The state's print (struct sl_state_print); digests the pending handles. */
struct sl_state_print sl_state_fingerprint(struct sl_state *s);
/* Joins b into a (a sound over-approximation that keeps rules silent where
 * the two disagree), unless wanted() (if given) refuses the print a would
 * then have: a is left as it is, and nothing was copied to find out. Sets
 * *print (if given) to that print; returns whether a was joined. */
bool sl_state_join(struct sl_state *a, const struct sl_state *b,
                   bool (*wanted)(void *ctx, struct sl_state_print print), void *ctx,
                   struct sl_state_print *print);

struct sl_value sl_value_unknown(void);
struct sl_value sl_value_sym(int site);
struct sl_value sl_value_int(long long k);
bool sl_value_equal(const struct sl_value *a, const struct sl_value *b);

#endif
