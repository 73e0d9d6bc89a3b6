/*
 * engine.h: the path-sensitive typestate engine and the interface rules use.
 *
 * The engine walks a function's CFG (cfg.h) with a set of abstract states per
 * block. A state maps access paths ("db", "s->db", "rc") to abstract values
 * and holds one record per tracked handle ("symbol", identified by the site
 * that created it): its kind (from the models), whether it is open, maybe
 * NULL, failed, closed or escaped, whether this function owns it, and whether
 * a transaction begun in this function is open on it. Model effects (and
 * same-TU summaries) drive the transitions; branch edges refine states from
 * NULL checks, result codes bound to an acquire or begin, and int flags.
 *
 * Rules never walk the AST. They implement a few hooks, called at the events
 * below, and decide there whether an event is a bug; they report through
 * sl_check_report. Rule order and registration: rules/rules.def.
 */
#ifndef SL_ENGINE_H
#define SL_ENGINE_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "cfg.h"
#include "model.h"
#include "report.h"

struct sl_trace;

/* What the engine knows of a tracked handle at one point of one path. */
enum sl_hstate {
    SL_HS_MAYBE,    /* acquired; success not yet tested (may be NULL / failed) */
    SL_HS_OPEN,     /* acquired and known good (or a caller's handle) */
    SL_HS_FAILED,   /* acquire failed but the handle exists and needs release (sqlite3_open) */
    SL_HS_NULL,     /* known NULL / not created: nothing to release */
    SL_HS_CLOSED,   /* released */
    SL_HS_UNKNOWN,  /* paths with different facts were joined: rules stay silent */
};

enum sl_txstate {
    SL_TX_NONE,     /* no transaction known to be open */
    SL_TX_OPEN,     /* begun in this function and not ended on this path */
    SL_TX_UNKNOWN,  /* may or may not be open (joined paths, unknown outcome): silent */
    SL_TX_ABORTED,  /* open, but a statement in it failed and the server aborted it
                       (PostgreSQL): only a rollback or the end of the session remains */
};

/* Still to be ended by a commit or rollback (aborted or not). */
static inline bool sl_txn_is_open(unsigned tx) { return tx == SL_TX_OPEN || tx == SL_TX_ABORTED; }

/* Opaque view of one handle for the hooks. */
struct sl_sym;
struct sl_check;

enum sl_hstate sl_sym_state(const struct sl_sym *s);
enum sl_txstate sl_sym_txn(const struct sl_sym *s);
bool sl_sym_owned(const struct sl_sym *s);            /* this function must release it */
int sl_sym_kind(const struct sl_sym *s);               /* model kind index or -1 */
const char *sl_sym_name(const struct sl_check *c, const struct sl_sym *s); /* "db", "s->db" */
/* Lines (1-based, 0 if unknown) where the handle was acquired, where its
 * open transaction was begun, where it was released. */
unsigned sl_sym_acquired_line(const struct sl_sym *s);
unsigned sl_sym_begun_line(const struct sl_sym *s);
unsigned sl_sym_closed_line(const struct sl_sym *s);
/* Parent handle (the lease of a session, the connection of a statement), or NULL. */
const struct sl_sym *sl_sym_parent(const struct sl_check *c, const struct sl_sym *s);
/* The kind's human wording ("sqlite3 connection"), or "handle". */
const char *sl_check_kind_label(const struct sl_check *c, int kind);
const struct sl_kind *sl_check_kind(const struct sl_check *c, int kind); /* NULL if -1 */

/* Where a handle lost its last reference. */
enum sl_lost_how { SL_LOST_RETURN, SL_LOST_FALLOFF, SL_LOST_OVERWRITE, SL_LOST_DISCARDED };

struct sl_rule_hooks {
    /* A parameter that requires a handle of `nkinds` kinds received `s`
     * (s may be NULL when only the argument's static type is known; then
     * found_kind says what it is). */
    void (*on_use)(struct sl_check *c, CXCursor call, CXCursor arg, const char *callee,
                   const struct sl_sym *s, int found_kind, const int *kinds, size_t nkinds);
    /* A release function is about to release `s` (state before the release). */
    void (*on_release)(struct sl_check *c, CXCursor call, const char *callee, const struct sl_sym *s);
    /* The session of `s` ends at `call`: it is released, or disconnected
     * while its handle stays allocated (ODBC SQLDisconnect). */
    void (*on_session_end)(struct sl_check *c, CXCursor call, const char *callee,
                           const struct sl_sym *s);
    /* `child` dies because its parent is being released at `call`. */
    void (*on_child_release)(struct sl_check *c, CXCursor call, const struct sl_sym *parent,
                             const struct sl_sym *child);
    /* A commit or rollback (API call or SQL text) of the transaction on `s`
     * whose return value is thrown away (`discarded`) or used. */
    void (*on_txn_end)(struct sl_check *c, CXCursor call, const char *callee,
                       const struct sl_sym *s, bool is_commit, bool discarded);
    /* `call` creates session-level state (`what`: a SET, a named prepared
     * statement, ...) on `session`, which the configuration says is pooled
     * in transaction mode. */
    void (*on_session_state)(struct sl_check *c, CXCursor call, const char *callee,
                             const struct sl_sym *session, int what);
    /* An operation that should run inside the transaction open on `session`
     * receives options (`opts`) that do not carry that session. */
    void (*on_outside_txn)(struct sl_check *c, CXCursor call, CXCursor opts, const char *callee,
                           const struct sl_sym *session);
    /* `s` lost its last reference at `where`. */
    void (*on_lost)(struct sl_check *c, CXCursor where, enum sl_lost_how how, const struct sl_sym *s);
    /* The path leaves the function at `where` (a return or the closing brace);
     * called once per tracked handle still known at the exit. */
    void (*on_exit)(struct sl_check *c, CXCursor where, const struct sl_sym *s);
};

/* Reports a finding of rule `rule` at `where` with a printf-style message.
 * The engine adds the path (steps) leading here and the related locations
 * of `about` (where acquired, where its transaction began), may be NULL.
 * Returns the finding added, for a rule to attach a fix (sl_finding_set_fix;
 * valid until the next report), or NULL when nothing was added. */
struct sl_finding *sl_check_report(struct sl_check *c, int rule, CXCursor where, const struct sl_sym *about,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The function commits or rolls back the transaction of `s` somewhere that
 * can follow its begin in the CFG (whatever the path): it is responsible
 * for ending what it begins. */
bool sl_check_function_ends_txn(struct sl_check *c, const struct sl_sym *s);
/* True when `s` is a handle the caller gave us (parameter, global, field of one). */
bool sl_sym_from_caller(const struct sl_sym *s);
/* The handle came from a call whose NULL answer is ordinary (PQgetResult). */
bool sl_sym_null_is_normal(const struct sl_sym *s);
/* The session goes through a transaction-mode pooler (struct sl_pooling). */
bool sl_sym_pooled(const struct sl_sym *s);

/* --- running the engine --- */

/* Which sessions go through a transaction-mode connection pooler (pgbouncer,
 * Supavisor), for pooled-session-state: every session of an API, sessions
 * returned by named functions, or sessions opened with a constant string
 * argument (a connection string) containing one of the patterns. */
struct sl_pooling {
    const char *const *apis;      size_t napis;       /* model "api" names: "libpq" */
    const char *const *functions; size_t nfunctions;  /* acquiring functions */
    const char *const *conninfo;  size_t nconninfo;   /* substrings: "port=6432" */
};

struct sl_engine_config {
    const struct sl_model *model;     /* shipped + user models */
    struct sl_model *summaries;       /* same-TU summaries: read, and the result is added */
    const struct sl_model *global_summaries; /* other files' summaries (xtu.h), or NULL ... */
    const char *const *local_names;   /* ... used only for functions not defined in this TU: */
    size_t nlocal_names;              /* these names, sorted (strcmp) */
    const bool *enabled;              /* SL_RULE_COUNT flags */
    unsigned max_states;              /* per block before joining (0: default 64) */
    unsigned long max_steps;          /* block visits per function before giving up (0: default) */
    double deadline;                  /* deadline.h: give up when it passes (0: none; --timeout) */
    struct sl_trace *trace;           /* trace.h: record states after every statement, or NULL */
    const struct sl_pooling *pooling; /* or NULL: no connection is pooled */
};

/* Analyses one function definition: findings go to `out`; when the function
 * can be summarised, its summary is added to cfg->summaries. Returns 0, or
 * 1 when a budget ran out (a notification was added; findings so far kept). */
int sl_engine_run_function(const struct sl_engine_config *config, CXCursor fn,
                           const char *display_file, struct sl_report *out);

#endif
