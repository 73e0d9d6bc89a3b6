/*
 * summary.c: turns what the engine saw at a function's exits into a model
 * entry for that function (a "summary"), so callers in the same translation
 * unit see through wrappers: `run(db, "BEGIN")`, `close_db(db)`,
 * `open_db(path)` returning a new handle, `open_db(path, &db)` writing one
 * through an out-parameter, `die(conn, msg)` that never returns. Only facts
 * that hold on every exit become effects; when exits disagree and the return
 * value does not tell them apart, the effect is left out (a miss, not noise).
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "engine_ctx.h"

#define MAX_SUMMARY_ARGS 64

struct param_view {
    int index;
    int site;      /* caller site of the parameter's handle */
    int deref;     /* path id of "*name", -1 if never used */
};

static bool all_exits(const struct sl_check *c, bool (*pred)(const struct sl_exit_record *, int),
                      int arg)
{
    for (size_t i = 0; i < c->exits.len; i++)
        if (!pred(&c->exits.items[i], arg))
            return false;
    return c->exits.len > 0;
}

/* Released on this exit, or known NULL there (`if (db) close(db)`), or its
 * release was attempted and reported failure (still the callee's job). */
static bool is_closed_at(const struct sl_exit_record *r, int site)
{
    const struct sl_sym *s = sl_state_sym(r->state, site);
    return s && (s->st == SL_HS_CLOSED || s->st == SL_HS_NULL ||
                 (s->st == SL_HS_UNKNOWN && !sl_ast_is_null(s->closed_at)));
}

static bool released_somewhere(const struct sl_check *c, int site)
{
    for (size_t i = 0; i < c->exits.len; i++) {
        const struct sl_sym *s = sl_state_sym(c->exits.items[i].state, site);
        if (s && s->st == SL_HS_CLOSED)
            return true;
    }
    return false;
}

static bool tx_open_at(const struct sl_exit_record *r, int site)
{
    const struct sl_sym *s = sl_state_sym(r->state, site);
    return s && s->tx == SL_TX_OPEN;
}

static bool escaped_at(const struct sl_exit_record *r, int site)
{
    const struct sl_sym *s = sl_state_sym(r->state, site);
    return s && s->escaped && s->st != SL_HS_CLOSED;
}

/* When every exit returns the outcome of one effect on handle `site` (a
 * wrapper ending in `return sqlite3_exec(db, "BEGIN", ...)`), that effect's
 * success; else `fallback`. */
static const struct sl_success *outcome_success(const struct sl_check *c, int site,
                                                const struct sl_success *fallback)
{
    const struct sl_success *succ = NULL;
    for (size_t i = 0; i < c->exits.len; i++) {
        const struct sl_value *r = &c->exits.items[i].ret;
        if (site == SL_NO_SITE || r->tag != SL_V_OUTCOME || r->site != site || !r->succ || (succ && succ != r->succ))
            return fallback;
        succ = r->succ;
    }
    return succ ? succ : fallback;
}

/* The success of an effect seen on some exits only: the constant return
 * values of the exits where it happened, when no other exit returns them. */
static struct sl_success success_from_returns(const struct sl_check *c,
                                              bool (*pred)(const struct sl_exit_record *, int),
                                              int arg, int outcome_site, bool *ok)
{
    struct sl_success s = {.kind = SL_SUCCESS_ALWAYS};
    bool some = false, none = false;
    for (size_t i = 0; i < c->exits.len; i++) {
        bool yes = pred(&c->exits.items[i], arg);
        some = some || yes;
        none = none || !yes;
    }
    *ok = some;
    if (!some)
        return s;
    if (!none)
        return *outcome_success(c, outcome_site, &s);
    s.kind = SL_SUCCESS_RETURNS;
    for (size_t i = 0; i < c->exits.len; i++) {
        const struct sl_exit_record *r = &c->exits.items[i];
        if (r->ret.tag != SL_V_INT) {
            *ok = false;
            return s;
        }
        bool yes = pred(r, arg);
        for (size_t j = 0; j < c->exits.len; j++) {
            const struct sl_exit_record *o = &c->exits.items[j];
            if (pred(o, arg) != yes && o->ret.tag == SL_V_INT && o->ret.k == r->ret.k) {
                *ok = false; /* the same value on both kinds of exit: cannot tell */
                return s;
            }
        }
        bool seen = false;
        for (int k = 0; k < s.nvalues; k++)
            seen = seen || s.values[k] == r->ret.k;
        if (yes && !seen && s.nvalues < SL_MAX_SUCCESS_VALUES)
            s.values[s.nvalues++] = r->ret.k;
    }
    return s;
}

/* A release of parameter `arg`'s handle, or of the one in its member
 * `field` (NULL: the parameter itself). */
static void add_release(struct sl_func *f, int arg, const char *field, bool clears_field)
{
    f->releases = sl_xrealloc(f->releases, (f->nreleases + 1) * sizeof *f->releases);
    f->releases[f->nreleases++] = (struct sl_release){
        .arg = arg, .null_safe = true, .kind_arg = SL_NO_ARG,
        .field = field ? sl_xstrdup(field) : NULL, .clears_field = clears_field};
}

/* A transaction operation on parameter `arg`'s handle, or on the one in its
 * member `field` (NULL: the parameter itself). */
static void add_txn(struct sl_func *f, enum sl_txn_action act, int arg, const char *field,
                    struct sl_success succ)
{
    f->txn_ops = sl_xrealloc(f->txn_ops, (f->ntxn_ops + 1) * sizeof *f->txn_ops);
    f->txn_ops[f->ntxn_ops++] = (struct sl_txn_op){
        .action = act, .arg = arg, .field = field ? sl_xstrdup(field) : NULL, .nwhen = 0,
        .success = succ};
}

static void add_acquire(struct sl_func *f, int kind, int pos, struct sl_success succ)
{
    f->acquires = sl_xrealloc(f->acquires, (f->nacquires + 1) * sizeof *f->acquires);
    f->acquires[f->nacquires++] = (struct sl_acquire){
        .kind = kind, .pos = pos, .success = succ, .owned = true,
        .parent_arg = SL_NO_ARG, .kind_arg = SL_NO_ARG, .only_if_null_arg = SL_NO_ARG};
}

static bool int_member(const int *v, size_t n, int x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

/* What the function does to the transaction on the caller's handle `site`
 * (parameter `index`, or its member `field`): begins it, or ends it on
 * every exit. */
static void summarise_txn(struct sl_check *c, struct sl_func *f, int index, int site,
                          const char *field)
{
    bool ok;
    struct sl_success begin = success_from_returns(c, tx_open_at, site, site, &ok);
    if (ok) {
        add_txn(f, SL_TXN_BEGIN, index, field, begin);
        return;
    }
    bool ends = int_member(c->txn_end_sites.items, c->txn_end_sites.len, site);
    bool open_somewhere = false;
    for (size_t i = 0; i < c->exits.len; i++)
        open_somewhere = open_somewhere || tx_open_at(&c->exits.items[i], site);
    if (!ends || open_somewhere)
        return;
    bool commits = int_member(c->txn_commit_sites.items, c->txn_commit_sites.len, site);
    struct sl_success any = {.kind = SL_SUCCESS_ALWAYS};
    add_txn(f, commits ? SL_TXN_COMMIT : SL_TXN_ROLLBACK, index, field, any);
}

/* Released, NULL or handed off (stored where the caller cannot reach it
 * any more) on this exit: either way the caller no longer owns it. */
static bool consumed_at(const struct sl_exit_record *r, int site)
{
    return is_closed_at(r, site) || escaped_at(r, site);
}

static void summarise_param(struct sl_check *c, struct sl_func *f, const struct param_view *p)
{
    if (all_exits(c, is_closed_at, p->site) && released_somewhere(c, p->site)) {
        add_release(f, p->index, NULL, false);
    } else if (all_exits(c, consumed_at, p->site) &&
               !all_exits(c, is_closed_at, p->site)) {
        /* released on some exits, kept somewhere on the others (psql's
         * ClearOrSaveResult): ownership passes to the callee */
        f->takes_ownership = sl_xrealloc(f->takes_ownership,
                                         (f->ntakes_ownership + 1) * sizeof(int));
        f->takes_ownership[f->ntakes_ownership++] = p->index;
    }
    summarise_txn(c, f, p->index, p->site, NULL);
}

/* How an exit leaves the member that held a released handle: still holding
 * it (or freed along with its struct), set to NULL, either (it was NULL all
 * along), or 0: changed to something else the caller cannot know. */
enum { MEMBER_KEPT = 1, MEMBER_CLEARED = 2 };

static int member_after(const struct sl_exit_record *r, int path, int site)
{
    const struct sl_value *v = sl_state_var(r->state, path);
    if (!v)
        return MEMBER_KEPT;
    if (v->tag == SL_V_NULL || (v->tag == SL_V_INT && v->k == 0))
        return MEMBER_CLEARED;
    if (v->tag != SL_V_SYM || v->site != site)
        return 0;
    const struct sl_sym *s = sl_state_sym(r->state, site);
    return s && s->st == SL_HS_NULL ? MEMBER_KEPT | MEMBER_CLEARED : MEMBER_KEPT;
}

/* The struct pointer was NULL on this exit's path: nothing in it to release. */
static bool null_at(const struct sl_exit_record *r, int site)
{
    const struct sl_sym *s = sl_state_sym(r->state, site);
    return s && s->st == SL_HS_NULL;
}

/* "db" when path is "p->db" for the parameter named p (one level), else NULL. */
static const char *member_of(const char *path, const char *param)
{
    size_t n = strlen(param);
    if (strncmp(path, param, n) != 0 || strncmp(path + n, "->", 2) != 0)
        return NULL;
    const char *m = path + n + 2;
    return *m && m[strcspn(m, ".-[()")] == '\0' ? m : NULL;
}

/* The handle in member `path` of parameter p is released (or NULL) on every
 * exit where p is not NULL, and the member is left holding it, or NULL on
 * every exit (`ctx_free(ctx)` closing ctx->db): `release p field`. */
static void summarise_member(struct sl_check *c, struct sl_func *f, const struct param_view *p,
                             int path, const char *member)
{
    int site = -(path + 1), after = MEMBER_KEPT | MEMBER_CLEARED;
    for (size_t i = 0; i < c->exits.len; i++) {
        const struct sl_exit_record *r = &c->exits.items[i];
        if (null_at(r, p->site))
            continue;
        if (!is_closed_at(r, site))
            return;
        after &= member_after(r, path, site);
    }
    if (after && released_somewhere(c, site))
        add_release(f, p->index, member, after & MEMBER_CLEARED);
}

static void summarise_members(struct sl_check *c, struct sl_func *f, const struct param_view *p,
                              const char *name)
{
    for (size_t id = 0; id < c->paths.len; id++) {
        const char *member = member_of(c->paths.names[id], name);
        if (member) {
            summarise_member(c, f, p, (int)id, member);
            summarise_txn(c, f, p->index, -((int)id + 1), member);
        }
    }
}

/* The handle an exit leaves behind in "*out", if it was acquired here. */
static const struct sl_sym *out_handle(const struct sl_exit_record *r, int deref_path)
{
    const struct sl_value *v = sl_state_var(r->state, deref_path);
    if (!v || v->tag != SL_V_SYM || v->site <= 0)
        return NULL;
    const struct sl_sym *s = sl_state_sym(r->state, v->site);
    return s && s->owned && (s->st == SL_HS_OPEN || s->st == SL_HS_MAYBE) ? s : NULL;
}

static bool out_written_at(const struct sl_exit_record *r, int deref_path)
{
    return out_handle(r, deref_path) != NULL;
}

static void summarise_out_param(struct sl_check *c, struct sl_func *f, const struct param_view *p)
{
    if (p->deref < 0)
        return;
    int kind = -1;
    for (size_t i = 0; i < c->exits.len && kind < 0; i++) {
        const struct sl_sym *s = out_handle(&c->exits.items[i], p->deref);
        if (s) {
            kind = s->kind;
            f->guessed = f->guessed || s->guessed;
        }
    }
    if (kind < 0)
        return;
    bool ok;
    struct sl_success succ = success_from_returns(c, out_written_at, p->deref, SL_NO_SITE, &ok);
    if (ok)
        add_acquire(f, kind, p->index, succ);
}

/* Every exit returns either NULL or a handle this function acquired. */
static void summarise_return(struct sl_check *c, struct sl_func *f)
{
    int kind = -1;
    for (size_t i = 0; i < c->exits.len; i++) {
        const struct sl_exit_record *r = &c->exits.items[i];
        if (r->ret.tag == SL_V_NULL || (r->ret.tag == SL_V_INT && r->ret.k == 0))
            continue;
        const struct sl_sym *s = r->ret.tag == SL_V_SYM && r->ret.site > 0
                                     ? sl_state_sym(r->state, r->ret.site) : NULL;
        if (!s || !s->owned || s->kind < 0 || (kind >= 0 && kind != s->kind))
            return;
        kind = s->kind;
        f->guessed = f->guessed || s->guessed; /* a wrapper of a guess is a guess */
    }
    if (kind >= 0)
        add_acquire(f, kind, SL_POS_RETURN, (struct sl_success){.kind = SL_SUCCESS_NONNULL});
}

static void summarise_sql_wrapper(struct sl_check *c, struct sl_func *f)
{
    if (c->sql_param_uses.len < 2)
        return;
    struct sl_sql *q = sl_xcalloc(1, sizeof *q);
    q->arg = c->sql_param_uses.items[0];
    q->on = c->sql_param_uses.items[1];
    q->success = sl_success_unknown;
    /* When every exit returns the inner call's outcome, its success carries over. */
    const struct sl_success *inner = NULL;
    bool same = c->exits.len > 0;
    for (size_t i = 0; i < c->exits.len && same; i++) {
        const struct sl_value *r = &c->exits.items[i].ret;
        same = r->tag == SL_V_OUTCOME && r->succ && (!inner || inner == r->succ);
        inner = r->succ;
    }
    if (same && inner)
        q->success = *inner;
    f->sql = q;
}

static void summarise_uses(struct sl_check *c, struct sl_func *f)
{
    for (size_t i = 0; i < c->param_uses.len; i++) {
        const struct sl_use *u = c->param_uses.items[i];
        f->uses = sl_xrealloc(f->uses, (f->nuses + 1) * sizeof *f->uses);
        struct sl_use *d = &f->uses[f->nuses++];
        d->arg = c->param_use_args.items[i];
        d->nkinds = u->nkinds;
        d->kinds = sl_xmalloc((u->nkinds + 1) * sizeof *d->kinds);
        if (u->nkinds)
            memcpy(d->kinds, u->kinds, u->nkinds * sizeof *d->kinds);
    }
}

static int find_path(struct sl_check *c, const char *fmt, const char *name)
{
    char *p = sl_xasprintf(fmt, name);
    int before = (int)c->paths.len;
    int id = sl_intern(&c->paths, p);
    free(p);
    return id < before ? id : -1;
}

static bool summary_is_empty(const struct sl_func *f)
{
    return !f->nuses && !f->nacquires && !f->nreleases && !f->ntxn_ops && !f->sql &&
           !f->ntakes_ownership && !f->noreturn;
}

void sl_summary_build(struct sl_check *c)
{
    struct sl_func f = {.name = sl_xstrdup(c->fn_name), .status_of_arg = SL_NO_ARG,
                        .disconnect_arg = SL_NO_ARG, .attach_session_arg = SL_NO_ARG,
                        .attach_opts_arg = SL_NO_ARG, .needs_session_opts_arg = SL_NO_ARG,
                        .session_state_name_arg = SL_NO_ARG,
                        .from_summary = true};
    f.noreturn = c->exits.len == 0;
    for (int i = 0; i < c->nparams && i < MAX_SUMMARY_ARGS; i++) {
        CXString n = clang_getCursorSpelling(c->params[i]);
        const char *name = clang_getCString(n);
        struct param_view p = {.index = i, .site = 0, .deref = -1};
        int id = name && *name ? find_path(c, "%s", name) : -1;
        if (id >= 0) {
            p.site = -(id + 1);
            p.deref = find_path(c, "*%s", name);
            summarise_param(c, &f, &p);
            summarise_members(c, &f, &p, name);
            summarise_out_param(c, &f, &p);
        }
        clang_disposeString(n);
    }
    summarise_return(c, &f);
    summarise_sql_wrapper(c, &f);
    summarise_uses(c, &f);
    if (!summary_is_empty(&f))
        sl_model_put_func(c->config->summaries, &f);
    sl_func_free(&f);
}
