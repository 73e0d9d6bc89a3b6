/*
 * engine.c: the path-sensitive typestate engine (see engine.h). For one
 * function it builds the CFG, then runs a worklist over (block, state) pairs:
 * each block's items are evaluated by sl_eval (model effects at calls,
 * bindings at assignments), branch edges are refined by refine.c, and exits
 * are handed to the rules. States are de-duplicated per block; past the cap
 * they are joined (state.c), which only makes rules quieter. Findings are
 * de-duplicated per (rule, place, handle) so many paths give one report.
 */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "deadline.h"
#include "engine_ctx.h"
#include "rule.h"
#include "sql.h"
#include "trace.h"

#define DEFAULT_MAX_STATES 64
#define DEFAULT_MAX_STEPS 200000UL
/* Bytes of path states a function may queue in all: the work budget. Steps
 * alone do not bound the time, a step costs as much as its state is large
 * (bench/gen_stress.py: 128 handles alive at once fit, 200 do not). */
#define MAX_STATE_VOLUME ((size_t)2 << 30)
#define MAX_STEPS_SHOWN 40

/* ---------- interning ---------- */

/* ---------- symbols, sites, events ---------- */

/* Sites of acquires are positive (call index * 8 + acquire index, below
 * OLDER_GENERATION); handles
 * first met through a path the caller gave us get a negative site from the
 * path id, so the same path always names the same handle. */
#define OLDER_GENERATION 4 /* site bit of a handle made by a call's previous execution */

static int call_site(struct sl_check *c, CXCursor call, int index)
{
    int number; /* the AST memo is active for the whole analysis of a function */
    if (!sl_ast_memo_value(call, SL_MEMO_CALL_SITE, &number)) {
        number = ++c->nsites;
        sl_ast_memo_set_value(call, SL_MEMO_CALL_SITE, number);
    }
    return number * 8 + index;
}

static int caller_site(int path) { return -(path + 1); }

enum sl_hstate sl_sym_state(const struct sl_sym *s) { return (enum sl_hstate)s->st; }
enum sl_txstate sl_sym_txn(const struct sl_sym *s) { return (enum sl_txstate)s->tx; }
bool sl_sym_owned(const struct sl_sym *s) { return s->owned && !s->escaped; }
int sl_sym_kind(const struct sl_sym *s) { return s->kind; }
bool sl_sym_from_caller(const struct sl_sym *s) { return s->from_caller; }
bool sl_sym_null_is_normal(const struct sl_sym *s) { return s->null_is_normal; }
bool sl_sym_pooled(const struct sl_sym *s) { return s->pooled; }

const char *sl_sym_name(const struct sl_check *c, const struct sl_sym *s)
{
    return s->name >= 0 ? sl_intern_name(&c->paths, s->name) : "handle";
}

static unsigned cursor_line(CXCursor c)
{
    if (sl_ast_is_null(c))
        return 0;
    struct sl_pos p;
    sl_ast_cursor_start(c, &p);
    unsigned line = p.line;
    sl_pos_free(&p);
    return line;
}

unsigned sl_sym_acquired_line(const struct sl_sym *s) { return cursor_line(s->acquired_at); }
unsigned sl_sym_begun_line(const struct sl_sym *s) { return cursor_line(s->begun_at); }
unsigned sl_sym_closed_line(const struct sl_sym *s) { return cursor_line(s->closed_at); }

const struct sl_sym *sl_sym_parent(const struct sl_check *c, const struct sl_sym *s)
{
    return s->parent != SL_NO_SITE ? sl_state_sym(c->st, s->parent) : NULL;
}

const struct sl_kind *sl_check_kind(const struct sl_check *c, int kind)
{
    return kind >= 0 && (size_t)kind < c->config->model->nkinds ? &c->config->model->kinds[kind]
                                                                  : NULL;
}

const char *sl_check_kind_label(const struct sl_check *c, int kind)
{
    const struct sl_kind *k = sl_check_kind(c, kind);
    return k ? (k->label ? k->label : k->name) : "handle";
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A function defined in this TU: its own summary (or none) is what counts,
 * never another file's function of the same name. */
static bool defined_here(const struct sl_engine_config *cfg, const char *name)
{
    return cfg->nlocal_names && bsearch(&name, cfg->local_names, cfg->nlocal_names,
                                         sizeof *cfg->local_names, compare_names);
}

const struct sl_func *sl_check_lookup(const struct sl_check *c, const char *name)
{
    const struct sl_engine_config *cfg = c->config;
    const struct sl_func *f = cfg->summaries ? sl_model_find_func(cfg->summaries, name) : NULL;
    if (!f && cfg->global_summaries && !defined_here(cfg, name))
        f = sl_model_find_func(cfg->global_summaries, name);
    return f ? f : sl_model_find_func(cfg->model, name);
}

enum { SL_EVENT_BLOCK = 256 }; /* events per arena block: one malloc, not one per event */

static struct sl_event *event_at(const struct sl_check *c, size_t i)
{
    return &c->event_blocks.items[i / SL_EVENT_BLOCK][i % SL_EVENT_BLOCK];
}

static void add_event(struct sl_check *c, struct sl_event e)
{
    if (c->nevents % SL_EVENT_BLOCK == 0)
        sl_vec_push(&c->event_blocks, sl_xmalloc(SL_EVENT_BLOCK * sizeof(struct sl_event)));
    struct sl_event *stored = event_at(c, c->nevents++);
    *stored = e;
    stored->prev = c->st->history;
    c->st->history = stored;
}

void sl_check_event(struct sl_check *c, CXCursor where, int site, char *message)
{
    add_event(c, (struct sl_event){.where = where, .site = site, .message = message,
                                   .kind = SL_EVENT_TEXT});
}

/* An event's note. Branch and case notes are made here, when a finding
 * shows them: most paths never need theirs. Caller frees. */
static char *event_text(const struct sl_event *e)
{
    if (e->kind == SL_EVENT_TEXT)
        return sl_xstrdup(e->message);
    char *text = sl_ast_source_text(e->where), *note;
    if (strlen(text) > 60)
        strcpy(text + 56, " ...");
    if (e->kind == SL_EVENT_BRANCH)
        note = sl_xasprintf("assuming '%s' is %s", text, e->truth ? "true" : "false");
    else if (e->case_default || !e->case_value_known)
        note = sl_xasprintf("taking the %s case of 'switch (%s)'",
                            e->case_default ? "default" : "matching", text);
    else
        note = sl_xasprintf("assuming '%s' is %lld", text, e->case_lo);
    free(text);
    return note;
}

/* Whether block `to` can follow block `from` on some path (or is it). One
 * breadth-first walk per source block, remembered for the next question. */
static bool block_reaches(struct sl_check *c, int from, int to)
{
    if (from < 0 || !c->cfg)
        return true; /* unknown: as if reachable */
    size_t n = c->cfg->nblocks;
    if (c->reach_from != from) {
        free(c->reach);
        c->reach = sl_xcalloc(n + 1, 1);
        c->reach_from = from;
        int *todo = sl_xmalloc((n + 1) * sizeof *todo);
        size_t len = 0;
        todo[len++] = from;
        c->reach[from] = 1;
        while (len > 0) {
            const struct sl_block *b = &c->cfg->blocks[todo[--len]];
            for (size_t k = 0; k < 2 + b->ncases; k++) {
                int next = k < 2 ? b->succ[k] : b->cases[k - 2].target;
                if (next >= 0 && (size_t)next < n && !c->reach[next]) {
                    c->reach[next] = 1;
                    todo[len++] = next;
                }
            }
        }
        free(todo);
    }
    return to < 0 || c->reach[to];
}

static bool ended_after(struct sl_check *c, const int *ids, const int *blocks, size_t n, int id,
                        int begun_block)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id && block_reaches(c, begun_block, blocks[i]))
            return true;
    return false;
}

/* A commit or rollback of this transaction's handle can follow its begin: a
 * dispatcher whose "begin" and "commit" cases are separate branches only
 * begins on the paths through the former (its caller's business). */
bool sl_check_function_ends_txn(struct sl_check *c, const struct sl_sym *s)
{
    return ended_after(c, c->txn_end_sites.items, c->txn_end_site_blocks.items,
                       c->txn_end_sites.len, s->site, s->begun_block) ||
           ended_after(c, c->txn_end_paths.items, c->txn_end_path_blocks.items,
                       c->txn_end_paths.len, s->name, s->begun_block);
}

/* ---------- reporting ---------- */

static void set_loc(struct sl_loc *loc, CXCursor where, const char *display_file)
{
    struct sl_pos a, b;
    if (clang_getCursorKind(where) == CXCursor_CompoundStmt) {
        /* falling off the end: point at the closing brace */
        sl_ast_cursor_end(where, &a);
        if (a.col > 1)
            a.col--;
        b = a;
        b.file = NULL;
        b.col = a.col + 1;
    } else {
        sl_ast_cursor_start(where, &a);
        sl_ast_cursor_end(where, &b);
    }
    loc->file = sl_xstrdup(display_file && a.file ? display_file : a.file ? a.file : "");
    loc->line = a.line;
    loc->col = a.col ? a.col : 1;
    loc->end_line = b.line >= a.line ? b.line : a.line;
    loc->end_col = (loc->end_line == a.line && b.col <= a.col) ? a.col + 1 : b.col;
    sl_pos_free(&a);
    sl_pos_free(&b);
}

static void push_step(struct sl_step **v, size_t *n, size_t *cap, struct sl_check *c,
                      CXCursor where, const char *msg)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = sl_xrealloc(*v, *cap * sizeof **v);
    }
    set_loc(&(*v)[*n].loc, where, c->display_file);
    (*v)[*n].message = sl_xstrdup(msg);
    (*n)++;
}

/* The path shown with a finding: events about the handle and the branches
 * taken since it was acquired (the last MAX_STEPS_SHOWN of them). */
static void collect_steps(struct sl_check *c, struct sl_finding *f, const struct sl_sym *about)
{
    const struct sl_event *chain[MAX_STEPS_SHOWN];
    size_t n = 0;
    for (const struct sl_event *e = c->st->history; e && n < MAX_STEPS_SHOWN; e = e->prev) {
        bool mine = about && e->site == about->site;
        if (mine || e->site == SL_NO_SITE)
            chain[n++] = e;
        if (mine && about && clang_equalCursors(e->where, about->acquired_at))
            break;
    }
    size_t cap = 0;
    for (size_t i = n; i-- > 0;) {
        char *note = event_text(chain[i]);
        push_step(&f->steps, &f->nsteps, &cap, c, chain[i]->where, note);
        free(note);
    }
}

static void collect_related(struct sl_check *c, struct sl_finding *f, const struct sl_sym *s)
{
    size_t cap = 0;
    if (!s)
        return;
    if (!sl_ast_is_null(s->acquired_at))
        push_step(&f->related, &f->nrelated, &cap, c, s->acquired_at, "acquired here");
    if (!sl_ast_is_null(s->begun_at))
        push_step(&f->related, &f->nrelated, &cap, c, s->begun_at, "transaction begun here");
    if (!sl_ast_is_null(s->closed_at) && s->st == SL_HS_CLOSED)
        push_step(&f->related, &f->nrelated, &cap, c, s->closed_at, "released here");
}

static bool already_reported(struct sl_check *c, int rule, const struct sl_loc *loc, int site)
{
    char *key = sl_rules[rule]->once_per_handle && site != SL_NO_SITE
                    ? sl_xasprintf("%d:%d", rule, site)
                    : sl_xasprintf("%d:%u:%u:%d", rule, loc->line, loc->col, site);
    for (size_t i = 0; i < c->reported.len; i++)
        if (strcmp(c->reported.items[i], key) == 0) {
            free(key);
            return true;
        }
    sl_vec_push(&c->reported, key);
    return false;
}

struct sl_finding *sl_check_report(struct sl_check *c, int rule, CXCursor where,
                                   const struct sl_sym *about, const char *fmt, ...)
{
    if (!c->config->enabled[rule])
        return NULL;
    struct sl_finding f = {.rule = rule, .low_confidence = about && about->guessed};
    set_loc(&f.loc, where, c->display_file);
    if (already_reported(c, rule, &f.loc, about ? about->site : 0)) {
        sl_loc_free(&f.loc);
        return NULL;
    }
    va_list ap;
    va_start(ap, fmt);
    struct sl_strbuf sb = {0};
    char tmp[1024];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sl_sb_append(&sb, tmp);
    f.message = sl_sb_take(&sb);
    f.function = sl_xstrdup(c->fn_name);
    f.handle = about ? sl_xstrdup(sl_sym_name(c, about)) : NULL;
    collect_steps(c, &f, about);
    size_t cap = f.nsteps;
    push_step(&f.steps, &f.nsteps, &cap, c, where, f.message);
    collect_related(c, &f, about);
    sl_report_add_finding(c->out, &f);
    return &c->out->findings[c->out->nfindings - 1];
}

/* Runs one hook of every enabled rule. */
#define FOR_RULES(hook, ...)                                                      \
    do {                                                                          \
        for (int r_ = 0; r_ < SL_RULE_COUNT; r_++) {                              \
            const struct sl_rule_hooks *h_ = sl_rules[r_]->hooks;                 \
            if (c->config->enabled[r_] && h_ && h_->hook)                         \
                h_->hook(c, __VA_ARGS__);                                         \
        }                                                                         \
    } while (0)

/* ---------- paths ---------- */

/* f(c, e), remembered as the AST memo's value `which` of e: the facts asked
 * this way depend on the cursor alone (within the function analysed), and
 * the engine asks them again on every path through the expression. */
static int remembered(struct sl_check *c, CXCursor e, enum sl_memo_value which,
                      int (*f)(struct sl_check *c, CXCursor e))
{
    int value;
    if (!sl_ast_memo_value(e, which, &value)) {
        value = f(c, e);
        sl_ast_memo_set_value(e, which, value);
    }
    return value;
}

/* The access path of e when the engine tracks it. Array elements are not
 * variables: "a[]" stands for every index, and one element's release would
 * make its neighbours look released (a local array is one weak location
 * instead: array_location). */
static char *tracked_path(CXCursor e)
{
    char *p = sl_ast_access_path(e);
    if (p && strstr(p, "[]")) {
        free(p);
        return NULL;
    }
    return p;
}

static int intern_tracked_path(struct sl_check *c, CXCursor e)
{
    char *p = tracked_path(e);
    int id = p ? sl_intern(&c->paths, p) : -1;
    free(p);
    return id;
}

/* Remembered per cursor: building the path text is string work. */
int sl_path_id(struct sl_check *c, CXCursor e)
{
    return remembered(c, e, SL_MEMO_PATH_ID, intern_tracked_path);
}

static bool decl_is_global(CXCursor d)
{
    if (clang_getCursorKind(d) != CXCursor_VarDecl)
        return false;
    enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
    CXCursor parent = clang_getCursorSemanticParent(d);
    return sc == CX_SC_Static || sc == CX_SC_Extern ||
           clang_getCursorKind(parent) == CXCursor_TranslationUnit;
}

/* The root variable of e's path: -1 none, 1 a parameter or a global (the
 * caller sees it), 0 a local. */
static int root_visibility(struct sl_check *c, CXCursor e)
{
    CXCursor root = sl_ast_path_root(e);
    if (sl_ast_is_null(root))
        return -1;
    return clang_getCursorKind(root) == CXCursor_ParmDecl || decl_is_global(root);
}

/* A path (e's, or one below it) whose value the caller can see: rooted at a
 * parameter or a global, or reached through a pointer. */
static bool path_from_caller(struct sl_check *c, CXCursor e, const char *path)
{
    int visibility = remembered(c, e, SL_MEMO_ROOT_VISIBILITY, root_visibility);
    return visibility > 0 || (visibility == 0 && sl_ast_path_is_indirect(path));
}

static bool is_local_var(CXCursor d);

/* The one abstract location standing for every element of a local array
 * ("conns[*]" for conns[i], "apps[*].db" for apps[i].db): its path id, or -1
 * when e is no element of an array stored in a local variable. */
static int intern_array_location(struct sl_check *c, CXCursor e)
{
    int id = -1;
    char *p = sl_ast_access_path(e);
    if (p && strstr(p, "[]") && sl_ast_path_in_place(e) && is_local_var(sl_ast_path_root(e))) {
        struct sl_strbuf sb = {0};
        for (const char *q = p; *q; q++) {
            bool index = q[0] == '[' && q[1] == ']';
            sl_sb_appendn(&sb, index ? "[*" : q, index ? 2 : 1); /* "[]" reads "[*]" */
        }
        char *name = sl_sb_take(&sb);
        id = sl_intern(&c->paths, name);
        free(name);
    }
    free(p);
    return id;
}

static int array_location(struct sl_check *c, CXCursor e)
{
    return remembered(c, e, SL_MEMO_ARRAY_LOCATION, intern_array_location);
}

static bool is_array_kind(enum CXTypeKind k)
{
    return k == CXType_ConstantArray || k == CXType_IncompleteArray ||
           k == CXType_VariableArray || k == CXType_DependentSizedArray;
}

static bool is_array_type(CXType t)
{
    return is_array_kind(clang_getCanonicalType(t).kind);
}

static int classify_type(struct sl_check *c, CXCursor e)
{
    CXType t = clang_getCursorType(e);
    enum CXTypeKind canonical = clang_getCanonicalType(t).kind;
    return (t.kind == CXType_Pointer ? SL_TYPE_POINTER : 0) |
           (canonical == CXType_Record ? SL_TYPE_RECORD : 0) |
           (is_array_kind(canonical) ? SL_TYPE_ARRAY : 0);
}

int sl_type_class(struct sl_check *c, CXCursor e)
{
    return remembered(c, e, SL_MEMO_TYPE_CLASS, classify_type);
}

static int kind_of_type(struct sl_check *c, CXType t)
{
    return sl_ast_type_kind(c->config->model, t); /* remembered in the model */
}

static int kind_behind_casts(struct sl_check *c, CXCursor arg)
{
    return kind_of_type(c, clang_getCursorType(sl_ast_peel_casts(arg)));
}

/* Static kind of an argument: the type behind any casts. */
static int static_kind(struct sl_check *c, CXCursor arg)
{
    return remembered(c, arg, SL_MEMO_STATIC_KIND, kind_behind_casts);
}

/* The handle an expression names, creating a caller's handle on first sight. */
/* The path naming the handle an argument designates: "db", "s->db", or,
 * for an object passed by address (a mutex: `&m`, `&o->lock`), "&m". Sets
 * *object to the cursor of that path and *by_address. Caller frees. */
static char *handle_path(CXCursor e, CXCursor *object, bool *by_address)
{
    CXCursor inner = sl_ast_peel_casts(e);
    *by_address = clang_getCursorKind(inner) == CXCursor_UnaryOperator &&
                  sl_ast_unop(inner) == SL_UO_ADDROF;
    *object = *by_address ? sl_ast_child(inner, 0) : inner;
    char *p = tracked_path(*object);
    if (!p || !*by_address)
        return p;
    char *amp = sl_xasprintf("&%s", p);
    free(p);
    return amp;
}

/* The handle path `id` (of C type `type`) holds; for a caller's handle not
 * met before, its record is made and bound to the path. */
static struct sl_sym *sym_at_path(struct sl_check *c, int id, CXType type, bool caller,
                                  bool by_address)
{
    const struct sl_value *bound = sl_state_var(c->st, id);
    if (bound && bound->tag == SL_V_SYM)
        return sl_state_sym(c->st, bound->site);
    /* a pointer the caller handed us, or any object passed by address (a lock) */
    /* canonical: handle typedefs such as ODBC's SQLHDBC are pointers too */
    if (!by_address && (!caller || clang_getCanonicalType(type).kind != CXType_Pointer))
        return NULL;
    struct sl_sym s = {.site = caller_site(id), .kind = kind_of_type(c, type),
                       .st = SL_HS_OPEN, .tx = SL_TX_NONE, .from_caller = caller, .name = id,
                       .begun_block = -1, .acquired_at = clang_getNullCursor(),
                       .begun_at = clang_getNullCursor(),
                       .closed_at = clang_getNullCursor()};
    sl_state_set_var(c->st, id, sl_value_sym(s.site));
    return sl_state_put_sym(c->st, &s);
}

/* The handle path an expression designates, as its path id shifted left
 * twice, or'ed with HANDLE_FROM_CALLER and HANDLE_BY_ADDRESS; -1 for none. */
enum { HANDLE_BY_ADDRESS = 1, HANDLE_FROM_CALLER = 2 };

static int intern_handle(struct sl_check *c, CXCursor e)
{
    CXCursor object;
    bool by_address;
    char *p = handle_path(e, &object, &by_address);
    if (!p)
        return -1;
    bool caller = path_from_caller(c, object, p + by_address);
    int id = sl_intern(&c->paths, p);
    free(p);
    return id << 2 | (caller ? HANDLE_FROM_CALLER : 0) | (by_address ? HANDLE_BY_ADDRESS : 0);
}

struct sl_sym *sl_sym_of(struct sl_check *c, CXCursor e, struct sl_value v)
{
    if (v.tag == SL_V_SYM)
        return sl_state_sym(c->st, v.site);
    if (v.tag != SL_V_UNKNOWN)
        return NULL;
    int handle = remembered(c, e, SL_MEMO_HANDLE, intern_handle);
    if (handle < 0)
        return NULL;
    return sym_at_path(c, handle >> 2, clang_getCursorType(sl_ast_peel_casts(e)),
                       handle & HANDLE_FROM_CALLER, handle & HANDLE_BY_ADDRESS);
}

/* An effect's "when" conditions hold for this call's constant arguments
 * (mysql_autocommit(m, 0) begins, mysql_autocommit(m, 1) commits). */
static bool when_holds(CXCursor call, const struct sl_when *when, int nwhen)
{
    int nargs = sl_ast_num_args(call);
    for (int i = 0; i < nwhen; i++) {
        const struct sl_when *w = &when[i];
        long long v;
        /* peeled: ODBC passes integer attribute values cast to SQLPOINTER */
        if (w->arg >= nargs || !sl_ast_eval_int(sl_ast_peel_casts(sl_ast_arg(call, w->arg)), &v) ||
            v != w->equals)
            return false;
    }
    return true;
}

struct field_search {
    const char *name;
    CXType type;
    bool found;
};

static enum CXVisitorResult match_field(CXCursor field, CXClientData data)
{
    struct field_search *fs = data;
    CXString name = clang_getCursorSpelling(field);
    fs->found = strcmp(clang_getCString(name), fs->name) == 0;
    clang_disposeString(name);
    if (fs->found)
        fs->type = clang_getCursorType(field);
    return fs->found ? CXVisit_Break : CXVisit_Continue;
}

/* The path of member `field` of the struct an argument points to: "ctx->db"
 * for `ctx`, "c.db" for `&c`; NULL when the argument is no tracked path or
 * its struct has no such member. Sets *object to where the path starts and
 * *type to the member's type. Caller frees. */
static char *field_path(CXCursor arg, const char *field, CXCursor *object, CXType *type)
{
    CXCursor inner = sl_ast_peel_casts(arg);
    bool by_address = clang_getCursorKind(inner) == CXCursor_UnaryOperator &&
                      sl_ast_unop(inner) == SL_UO_ADDROF;
    *object = by_address ? sl_ast_child(inner, 0) : inner;
    CXType t = clang_getCanonicalType(clang_getCursorType(*object));
    if (!by_address && t.kind != CXType_Pointer)
        return NULL;
    struct field_search fs = {.name = field};
    clang_Type_visitFields(by_address ? t : clang_getCanonicalType(clang_getPointeeType(t)),
                           match_field, &fs);
    char *base = fs.found ? tracked_path(*object) : NULL;
    if (!base)
        return NULL;
    *type = fs.type;
    bool deref = base[0] == '*'; /* (*pp)->db, as sl_ast_access_path spells it */
    char *p = sl_xasprintf("%s%s%s%s%s", deref ? "(" : "", base, deref ? ")" : "",
                           by_address ? "." : "->", field);
    free(base);
    return p;
}

/* Records the handle path of a commit or rollback call found by the pre-scan
 * (the handle in argument `arg`, or in its member `field`). */
static void note_txn_end_arg(struct sl_check *c, CXCursor call, int arg, const char *field)
{
    if (arg < 0 || arg >= sl_ast_num_args(call))
        return;
    CXCursor object;
    bool by_address;
    CXType type;
    char *p = field ? field_path(sl_ast_arg(call, arg), field, &object, &type)
                    : handle_path(sl_ast_arg(call, arg), &object, &by_address);
    if (p) {
        sl_vec_push(&c->txn_end_paths, sl_intern(&c->paths, p));
        sl_vec_push(&c->txn_end_path_blocks, c->block);
    }
    free(p);
}

static void prescan_call(struct sl_check *c, CXCursor call)
{
    char *name = sl_ast_callee_name(call);
    const struct sl_func *f = name ? sl_check_lookup(c, name) : NULL;
    free(name);
    if (!f)
        return;
    for (size_t i = 0; i < f->ntxn_ops; i++)
        if (f->txn_ops[i].action != SL_TXN_BEGIN && when_holds(call, f->txn_ops[i].when, f->txn_ops[i].nwhen))
            note_txn_end_arg(c, call, f->txn_ops[i].arg, f->txn_ops[i].field);
    if (f->sql && f->sql->arg < sl_ast_num_args(call)) {
        char *text = sl_ast_eval_string(sl_ast_arg(call, f->sql->arg));
        enum sl_sql_txn t = text ? sl_sql_classify_dialect(text, f->sql->dialect) : SL_SQL_UNKNOWN;
        free(text);
        if (t == SL_SQL_COMMIT || t == SL_SQL_ROLLBACK)
            note_txn_end_arg(c, call, f->sql->on, NULL);
    }
}

static bool sym_live(const struct sl_sym *s)
{
    return s->st == SL_HS_MAYBE || s->st == SL_HS_OPEN || s->st == SL_HS_FAILED;
}

/* Nobody can release a handle whose last reference is gone: stop owning it
 * so the loss is reported once, where it happened. */
static void forget_owner(struct sl_check *c, int site)
{
    struct sl_sym *s = sl_state_sym(c->st, site);
    if (s)
        s->owned = false;
}

static void lose_if_last(struct sl_check *c, int site, CXCursor where, enum sl_lost_how how)
{
    struct sl_sym *s = sl_state_sym(c->st, site);
    if (!s || s->array || sl_state_refs(c->st, site) != 0)
        return; /* a local array holding it is a reference too */
    FOR_RULES(on_lost, where, how, s);
    forget_owner(c, site);
}

/* Every handle a local array location holds escapes (one element went where
 * we cannot follow it, and we do not know which). */
static void escape_array(struct sl_check *c, int location)
{
    for (size_t i = 0; i < c->st->nsyms; i++)
        if (c->st->syms[i].array == location + 1)
            sl_state_sym_at(c->st, i)->escaped = true;
}

static void escape_value(struct sl_check *c, struct sl_value v)
{
    struct sl_sym *s = v.tag == SL_V_SYM ? sl_state_sym(c->st, v.site) : NULL;
    if (s)
        s->escaped = true;
    if (v.tag == SL_V_ARRAY)
        escape_array(c, v.site);
}

/* Stores v into a local array location: a handle is then held by the array
 * (a weak update: what the other elements hold stays). */
static void store_in_array(struct sl_check *c, int location, struct sl_value v)
{
    struct sl_sym *s = v.tag == SL_V_SYM ? sl_state_sym(c->st, v.site) : NULL;
    if (!s) {
        escape_value(c, v); /* an element copied from another array: not followed */
        return;
    }
    s->array = location + 1;
    if (s->name < 0)
        s->name = location;
}

/* Binds `path` (the lvalue e) to v: an indirect or global destination makes
 * the handle visible outside (escape); overwriting the last reference to a
 * live handle loses it. */
/* Values that are not handles matter only in variables that some condition
 * or return reads; elsewhere they would only split paths that the rules
 * cannot tell apart. */
static struct sl_value worth_keeping(const struct sl_check *c, int path, struct sl_value v)
{
    if (v.tag == SL_V_SYM || v.tag == SL_V_UNKNOWN || v.tag == SL_V_ARRAY)
        return v;
    return (size_t)path < c->tested_paths.len && c->tested_paths.items[path] ? v
                                                                          : sl_value_unknown();
}

static void forget_through(struct sl_check *c, int pointer);

static void assign_path(struct sl_check *c, CXCursor lhs, struct sl_value v, CXCursor where)
{
    CXCursor inner = sl_ast_peel(lhs);
    int location = array_location(c, inner);
    if (location >= 0) {
        store_in_array(c, location, v);
        return;
    }
    int id = sl_path_id(c, inner);
    if (id < 0) {
        escape_value(c, v);
        return;
    }
    bool outside = path_from_caller(c, inner, sl_intern_name(&c->paths, id));
    const struct sl_value *old = sl_state_var(c->st, id);
    struct sl_value prev = old ? *old : sl_value_unknown();
    sl_state_set_var(c->st, id, worth_keeping(c, id, v));
    forget_through(c, id);
    if (outside)
        escape_value(c, v);
    if (prev.tag == SL_V_SYM && !(v.tag == SL_V_SYM && v.site == prev.site))
        lose_if_last(c, prev.site, where, SL_LOST_OVERWRITE);
    struct sl_sym *s = v.tag == SL_V_SYM ? sl_state_sym(c->st, v.site) : NULL;
    if (s && s->name < 0)
        s->name = id;
}

/* name is root or a path below it: "ctx.db" and "ctx->db" under "ctx",
 * "ctx->db" under "ctx->". */
static bool ends_a_path(char next)
{
    return next == '\0' || next == '.' || next == '-' || next == '[';
}

static bool path_under(const char *name, const char *root)
{
    size_t n = strlen(root);
    return strncmp(name, root, n) == 0 &&
           (ends_a_path(name[n]) || (n > 0 && root[n - 1] == '>'));
}

static int root_id(struct sl_check *c, const char *root)
{
    int id = sl_intern(&c->roots, root);
    while (c->under.len <= (size_t)id)
        sl_vec_push(&c->under, ((sl_path_facts){0}));
    return id;
}

/* facts[path], asked of `ask` the first time: the engine asks these of
 * every binding of every state. */
static bool path_fact(struct sl_check *c, sl_path_facts *facts, int path,
                      bool (*ask)(const struct sl_check *c, int path, int arg), int arg)
{
    while (facts->len <= (size_t)path)
        sl_vec_push(facts, 0);
    if (!facts->items[path])
        facts->items[path] = ask(c, path, arg) ? 1 : -1;
    return facts->items[path] > 0;
}

static bool is_under(const struct sl_check *c, int path, int root)
{
    return path_under(sl_intern_name(&c->paths, path), sl_intern_name(&c->roots, root));
}

/* path_under for path id `path` and root number `root`. */
static bool path_id_under(struct sl_check *c, int root, int path)
{
    return path_fact(c, &c->under.items[root], path, is_under, root);
}

/* The handles held by local arrays under root number `root` ("conns", or
 * "s" for s.conns[*]) escape. */
static void escape_arrays_under(struct sl_check *c, int root)
{
    for (size_t i = 0; i < c->st->nsyms; i++) {
        const struct sl_sym *s = &c->st->syms[i];
        if (s->array && path_id_under(c, root, s->array - 1))
            sl_state_sym_at(c->st, i)->escaped = true;
    }
}

/* Forgets what we knew of paths rooted at `root` ("ctx" -> "ctx->db",
 * "ctx.db"): an unknown function that received them may have changed them. */
static void invalidate_under(struct sl_check *c, int root, bool escape)
{
    for (size_t i = 0; i < c->st->nvars; i++) {
        if (!path_id_under(c, root, c->st->vars[i].path))
            continue;
        if (escape)
            escape_value(c, c->st->vars[i].v);
        sl_state_set_var_at(c->st, i, sl_value_unknown());
    }
    if (escape)
        escape_arrays_under(c, root);
}

static void invalidate_rooted(struct sl_check *c, const char *root_path, bool escape)
{
    invalidate_under(c, root_id(c, root_path), escape);
}

/* The root invalidate_arg clears: "x" for an argument `&x`, "p->" for a
 * pointer p; as its number shifted left once, or'ed with 1 for `&x`, or -1
 * for anything else. */
static int arg_target(struct sl_check *c, CXCursor arg)
{
    CXCursor a = sl_ast_peel_casts(arg);
    bool addr = clang_getCursorKind(a) == CXCursor_UnaryOperator && sl_ast_unop(a) == SL_UO_ADDROF;
    char *p = sl_ast_access_path(addr ? sl_ast_child(a, 0) : a);
    int root = -1;
    if (p && addr)
        root = root_id(c, p);
    else if (p && clang_getCursorType(a).kind == CXType_Pointer) {
        char *arrow = sl_xasprintf("%s->", p);
        root = root_id(c, arrow);
        free(arrow);
    }
    free(p);
    return root < 0 ? -1 : root << 1 | addr;
}

/* An argument of a call that may rewrite what it points to: `&x` makes the
 * handles under x escape; a pointer p makes what we knew under p-> unknown.
 * Its target is remembered per cursor (every path through a call asks). */
static void invalidate_arg(struct sl_check *c, CXCursor arg)
{
    int target = remembered(c, arg, SL_MEMO_ARG_TARGET, arg_target);
    if (target < 0)
        return;
    bool addr = target & 1;
    int location = addr ? array_location(c, sl_ast_child(sl_ast_peel_casts(arg), 0)) : -1;
    if (location >= 0)
        escape_array(c, location); /* &conns[i]: any element may be rewritten */
    invalidate_under(c, target >> 1, addr);
}

/* Variable `pointer` now points elsewhere (`q++`, `p = p->next`): what we
 * knew through it (`*q`, `(*q).db`, `p->db`) was about its old target. */
/* path is under "*name", "(*name)" or "name->" (path_under), tested without
 * building the three roots: this runs at every assignment. */
static bool reached_through(const char *path, const char *name, size_t n)
{
    return (path[0] == '*' && strncmp(path + 1, name, n) == 0 && ends_a_path(path[n + 1])) ||
           (path[0] == '(' && path[1] == '*' && strncmp(path + 2, name, n) == 0 &&
            path[n + 2] == ')' && ends_a_path(path[n + 3])) ||
           (strncmp(path, name, n) == 0 && path[n] == '-' && path[n + 1] == '>');
}

/* Whether path `id` goes through a pointer ("*q", "(*q).db", "p->db"), as
 * every path reached_through some name does; remembered, so forget_through
 * passes over the other bindings without comparing names. */
static bool goes_through_pointer(const struct sl_check *c, int id, int unused)
{
    const char *path = sl_intern_name(&c->paths, id);
    (void)unused;
    return path[0] == '*' || path[0] == '(' || strstr(path, "->");
}

static bool path_indirect(struct sl_check *c, int id)
{
    return path_fact(c, &c->path_indirect, id, goes_through_pointer, 0);
}

static void forget_through(struct sl_check *c, int pointer)
{
    const char *name = sl_intern_name(&c->paths, pointer);
    size_t n = strlen(name);
    for (size_t i = 0; i < c->st->nvars; i++) {
        int path = c->st->vars[i].path;
        if (path_indirect(c, path) && reached_through(sl_intern_name(&c->paths, path), name, n))
            sl_state_set_var_at(c->st, i, sl_value_unknown());
    }
}

/* ---------- calls ---------- */

struct call_info {
    CXCursor call;
    const char *name;
    const struct sl_func *f;
    int nargs;
    CXCursor *args;
    struct sl_value *vals;
    bool discarded;
    struct sl_value result;
};

static int find_param(struct sl_check *c, CXCursor e)
{
    CXCursor inner = sl_ast_peel_casts(e);
    if (clang_getCursorKind(inner) != CXCursor_DeclRefExpr)
        return -1;
    CXCursor d = clang_getCursorReferenced(inner);
    for (int i = 0; i < c->nparams; i++)
        if (clang_equalCursors(d, c->params[i]))
            return i;
    return -1;
}

/* The parameter an argument names, -1 for none. */
static int param_index(struct sl_check *c, CXCursor e)
{
    return remembered(c, e, SL_MEMO_PARAM_INDEX, find_param);
}

static void apply_uses(struct sl_check *c, struct call_info *ci)
{
    for (size_t i = 0; i < ci->f->nuses; i++) {
        const struct sl_use *u = &ci->f->uses[i];
        if (u->arg >= ci->nargs)
            continue;
        int p = param_index(c, ci->args[u->arg]);
        if (p >= 0) {
            sl_vec_push(&c->param_uses, u);
            sl_vec_push(&c->param_use_args, p);
        }
        struct sl_sym *s = sl_sym_of(c, ci->args[u->arg], ci->vals[u->arg]);
        int found = s && s->kind >= 0 ? s->kind : static_kind(c, ci->args[u->arg]);
        FOR_RULES(on_use, ci->call, ci->args[u->arg], ci->name, s, found, u->kinds, u->nkinds);
        s = s ? sl_state_sym(c->st, s->site) : NULL;
        if (s && s->st == SL_HS_MAYBE)
            s->st = SL_HS_OPEN; /* the code treats it as valid from here on */
    }
}

static int kind_from_arg(const struct call_info *ci, int arg, long long mask,
                         const struct sl_kind_case *cases, size_t n)
{
    long long v;
    if (arg < 0 || arg >= ci->nargs || !sl_ast_eval_int(ci->args[arg], &v))
        return -1;
    if (mask)
        v &= mask;
    for (size_t i = 0; i < n; i++)
        if (cases[i].value == v)
            return cases[i].kind;
    return -1;
}

const struct sl_success sl_success_unknown = {.kind = SL_SUCCESS_RETURNS, .nvalues = 0};

bool sl_success_is_unknown(const struct sl_success *s)
{
    return !s || (s->kind == SL_SUCCESS_RETURNS && s->nvalues == 0);
}

static struct sl_value outcome(int site, enum sl_effect ef, const struct sl_success *succ)
{
    struct sl_value v = {.tag = SL_V_OUTCOME, .site = site, .effect = ef, .succ = succ};
    if (succ && succ->kind == SL_SUCCESS_ALWAYS)
        v.tag = SL_V_UNKNOWN;
    return v;
}

static void release_children(struct sl_check *c, CXCursor call, struct sl_sym *parent)
{
    for (size_t i = 0; i < c->st->nsyms; i++) {
        const struct sl_sym *y = &c->st->syms[i];
        const struct sl_kind *k = sl_check_kind(c, y->kind);
        if (y->parent != parent->site || !k || !k->dies_with_parent || !sym_live(y))
            continue;
        struct sl_sym *ch = sl_state_sym_at(c->st, i);
        FOR_RULES(on_child_release, call, parent, ch);
        ch->st = SL_HS_CLOSED;
        ch->tx = SL_TX_NONE;
        ch->closed_at = call;
    }
}

static bool release_applies(const struct call_info *ci, const struct sl_release *r)
{
    return r->arg < ci->nargs && when_holds(ci->call, r->when, r->nwhen);
}

/* False when the release's kind argument selects another kind of handle
 * (SQLFreeHandle(SQL_HANDLE_STMT, h) releases no connection). */
static bool releases_kind(const struct call_info *ci, const struct sl_release *r, int kind)
{
    int want = r->kind_arg >= 0 ? kind_from_arg(ci, r->kind_arg, r->kind_mask, r->kind_cases,
                                                 r->nkind_cases)
                                : -1;
    return want < 0 || kind < 0 || want == kind;
}

static void release_sym(struct sl_check *c, struct call_info *ci, const struct sl_release *r,
                        struct sl_sym *s)
{
    if (!s || s->st == SL_HS_NULL || s->st == SL_HS_UNKNOWN || !releases_kind(ci, r, s->kind))
        return;
    FOR_RULES(on_release, ci->call, ci->name, s);
    s = sl_state_sym(c->st, s->site);
    if (s->st == SL_HS_CLOSED)
        return;
    FOR_RULES(on_session_end, ci->call, ci->name, s);
    s = sl_state_sym(c->st, s->site);
    release_children(c, ci->call, s);
    s = sl_state_sym(c->st, s->site);
    s->st = SL_HS_CLOSED;
    s->tx = SL_TX_NONE;
    s->closed_at = ci->call;
    ci->result = outcome(s->site, SL_EF_RELEASE, &r->success);
    sl_check_event(c, ci->call, s->site, sl_xasprintf("'%s' released here", sl_sym_name(c, s)));
}

/* The handle in member `field` of the struct argument `arg` points to (a
 * caller's handle is recorded on first sight); *id is the member's path id,
 * -1 when the argument has no such member. NULL when the member holds no
 * handle we could follow. */
static struct sl_sym *field_sym(struct sl_check *c, struct call_info *ci, int arg,
                                const char *field, int *id)
{
    CXCursor object;
    CXType type;
    char *p = field_path(ci->args[arg], field, &object, &type);
    *id = -1;
    if (!p)
        return NULL;
    bool caller = path_from_caller(c, object, p);
    *id = sl_intern(&c->paths, p);
    free(p);
    const struct sl_value *bound = sl_state_var(c->st, *id);
    if (bound && bound->tag != SL_V_SYM && bound->tag != SL_V_UNKNOWN)
        return NULL;
    return sym_at_path(c, *id, type, caller, false);
}

/* Releases the handle in the member r->field of the struct argument (what
 * `ctx_free(ctx)` does to ctx->db) and, when the callee clears the member,
 * sets it to NULL. Returns the member's path id, or -1. */
static int release_field(struct sl_check *c, struct call_info *ci, const struct sl_release *r)
{
    int id;
    struct sl_sym *s = field_sym(c, ci, r->arg, r->field, &id);
    if (id < 0)
        return -1;
    if (s)
        release_sym(c, ci, r, s);
    if (r->clears_field)
        sl_state_set_var(c->st, id, worth_keeping(c, id, (struct sl_value){.tag = SL_V_NULL}));
    return id;
}

/* Releases through members of struct arguments. What the summary says of
 * those members holds after the call; the rest of each such struct may
 * have been changed, as by a function we know nothing of. */
static void apply_field_releases(struct sl_check *c, struct call_info *ci)
{
    SL_VEC(struct sl_var) after = {0};
    for (size_t i = 0; i < ci->f->nreleases; i++) {
        const struct sl_release *r = &ci->f->releases[i];
        int id = r->field && release_applies(ci, r) ? release_field(c, ci, r) : -1;
        const struct sl_value *v = id >= 0 ? sl_state_var(c->st, id) : NULL;
        if (v)
            sl_vec_push(&after, ((struct sl_var){.path = id, .v = *v}));
    }
    /* only once every member is released: forgetting first would lose them */
    for (size_t i = 0; i < ci->f->nreleases; i++) {
        const struct sl_release *r = &ci->f->releases[i];
        if (r->field && release_applies(ci, r))
            invalidate_arg(c, ci->args[r->arg]);
    }
    for (size_t i = 0; i < after.len; i++)
        sl_state_set_var(c->st, after.items[i].path, after.items[i].v);
    sl_vec_free(&after);
}

/* A release of some element of a local array: which one is unknown, so
 * every handle the array holds counts as released, silently (a cleanup loop
 * releases the same location again and again; no double close). */
static void release_array(struct sl_check *c, struct call_info *ci, const struct sl_release *r,
                          int location)
{
    for (size_t i = 0; i < c->st->nsyms; i++) {
        const struct sl_sym *y = &c->st->syms[i];
        if (y->array != location + 1 || !sym_live(y) || !releases_kind(ci, r, y->kind))
            continue;
        struct sl_sym *s = sl_state_sym_at(c->st, i);
        s->st = SL_HS_CLOSED;
        s->tx = SL_TX_NONE;
        s->closed_at = ci->call;
        sl_check_event(c, ci->call, s->site, sl_xasprintf("an element of '%s' released here",
                                                          sl_intern_name(&c->paths, location)));
    }
}

static void apply_releases(struct sl_check *c, struct call_info *ci)
{
    for (size_t i = 0; i < ci->f->nreleases; i++) {
        const struct sl_release *r = &ci->f->releases[i];
        if (r->field || !release_applies(ci, r))
            continue;
        struct sl_value v = ci->vals[r->arg];
        if (v.tag == SL_V_ARRAY)
            release_array(c, ci, r, v.site);
        else
            release_sym(c, ci, r, sl_sym_of(c, ci->args[r->arg], v));
    }
    apply_field_releases(c, ci);
}

/* A transaction action on handle s (API call or SQL text). */
static struct sl_value txn_action_on(struct sl_check *c, struct call_info *ci, struct sl_sym *s,
                                     enum sl_txn_action act, const struct sl_success *succ)
{
    if (!s)
        return sl_value_unknown();
    if (act == SL_TXN_BEGIN) {
        if (sl_txn_is_open(s->tx))
            return sl_value_unknown();
        s->tx = SL_TX_OPEN;
        s->begun_at = ci->call;
        s->begun_block = c->block;
        s->guessed = s->guessed || ci->f->guessed;
        sl_check_event(c, ci->call, s->site,
                       sl_xasprintf("transaction begun on '%s'", sl_sym_name(c, s)));
        return outcome(s->site, SL_EF_BEGIN, succ);
    }
    sl_vec_push(&c->txn_end_sites, s->site);
    sl_vec_push(&c->txn_end_site_blocks, c->block);
    sl_vec_push(&c->txn_end_paths, s->name);
    sl_vec_push(&c->txn_end_path_blocks, c->block);
    /* a commit with nothing to commit (known here: no transaction open on
     * our own handle) cannot lose data: not an unchecked commit */
    bool may_have_txn = s->tx != SL_TX_NONE || s->from_caller;
    s->tx = SL_TX_NONE;
    bool commit = act == SL_TXN_COMMIT;
    if (commit)
        sl_vec_push(&c->txn_commit_sites, s->site);
    sl_check_event(c, ci->call, s->site,
                   sl_xasprintf("transaction on '%s' %s", sl_sym_name(c, s),
                                commit ? "committed" : "rolled back"));
    /* a wrapper whose result says nothing cannot be checked by its caller */
    bool checkable = clang_getCursorType(ci->call).kind != CXType_Void &&
                     !(ci->f->from_summary &&
                       (sl_success_is_unknown(succ) || succ->kind == SL_SUCCESS_ALWAYS));
    FOR_RULES(on_txn_end, ci->call, ci->name, s, commit,
              ci->discarded && checkable && may_have_txn);
    return outcome(s->site, SL_EF_OTHER, succ);
}

/* A transaction action on the handle in argument `arg`. */
static struct sl_value txn_action(struct sl_check *c, struct call_info *ci, int arg,
                                  enum sl_txn_action act, const struct sl_success *succ)
{
    return txn_action_on(c, ci, sl_sym_of(c, ci->args[arg], ci->vals[arg]), act, succ);
}

static void apply_txn_ops(struct sl_check *c, struct call_info *ci)
{
    for (size_t i = 0; i < ci->f->ntxn_ops; i++) {
        const struct sl_txn_op *op = &ci->f->txn_ops[i];
        if (op->arg >= ci->nargs || !when_holds(ci->call, op->when, op->nwhen))
            continue;
        int id;
        struct sl_value v = op->field ? txn_action_on(c, ci, field_sym(c, ci, op->arg, op->field, &id),
                                                      op->action, &op->success)
                                      : txn_action(c, ci, op->arg, op->action, &op->success);
        if (v.tag == SL_V_OUTCOME)
            ci->result = v;
    }
}

static void report_session_state(struct sl_check *c, struct call_info *ci, int on,
                                 enum sl_session_state what)
{
    struct sl_sym *s = what != SL_STATE_NONE ? sl_sym_of(c, ci->args[on], ci->vals[on]) : NULL;
    if (s && s->pooled)
        FOR_RULES(on_session_state, ci->call, ci->name, s, (int)what);
}

/* A named session-level object (PQprepare(conn, "name", ...)): the empty
 * name is the unnamed statement, which lives only until the next one. */
static void apply_named_state(struct sl_check *c, struct call_info *ci)
{
    int arg = ci->f->session_state_name_arg;
    if (arg < 0 || arg >= ci->nargs || ci->nargs == 0)
        return;
    char *name = sl_ast_eval_string(ci->args[arg]);
    int on = ci->f->nuses ? ci->f->uses[0].arg : 0; /* the session the call uses */
    if (name && *name && on < ci->nargs)
        report_session_state(c, ci, on, SL_STATE_PREPARE);
    free(name);
}

/* Whose outcome a result handle reveals (PQexec's PGresult): the session
 * the SQL ran on and what that SQL did to it. */
struct sql_origin {
    int site; /* SL_NO_SITE: none */
    enum sl_effect effect;
};

/* A statement run inside a transaction this function holds open, on an API
 * where a failed statement aborts the transaction (PostgreSQL): the
 * statement's result tells whether the transaction is still usable. */
static void note_statement(struct sl_check *c, struct call_info *ci, struct sql_origin *out)
{
    const struct sl_sql *q = ci->f->sql;
    struct sl_sym *on = sl_sym_of(c, ci->args[q->on], ci->vals[q->on]);
    if (q->failure_aborts_transaction && q->result_is_handle && on && on->tx == SL_TX_OPEN)
        *out = (struct sql_origin){on->site, SL_EF_STATEMENT};
}

static void apply_sql(struct sl_check *c, struct call_info *ci, struct sql_origin *origin_out)
{
    const struct sl_sql *q = ci->f->sql;
    if (!q || q->arg >= ci->nargs || q->on >= ci->nargs)
        return;
    char *text = sl_ast_eval_string(ci->args[q->arg]);
    enum sl_sql_txn t = text ? sl_sql_classify_dialect(text, q->dialect) : SL_SQL_UNKNOWN;
    if (text && q->dialect == SL_DIALECT_SQL)
        report_session_state(c, ci, q->on, sl_sql_session_state(text));
    free(text);
    if (t == SL_SQL_UNKNOWN) {
        int sp = param_index(c, ci->args[q->arg]), hp = param_index(c, ci->args[q->on]);
        struct sl_sym *on = sl_sym_of(c, ci->args[q->on], ci->vals[q->on]);
        if (sp >= 0 && hp >= 0 && on) {
            sl_vec_push(&c->sql_param_uses, sp);
            sl_vec_push(&c->sql_param_uses, hp);
            /* the wrapper's caller may test this result: remember whose it is */
            ci->result = outcome(on->site, SL_EF_OTHER, &q->success);
        }
        note_statement(c, ci, origin_out); /* whatever it is, its failure ends the transaction */
        return;
    }
    if (t == SL_SQL_OTHER) {
        note_statement(c, ci, origin_out);
        return;
    }
    enum sl_txn_action act = t == SL_SQL_BEGIN ? SL_TXN_BEGIN
                             : t == SL_SQL_COMMIT ? SL_TXN_COMMIT : SL_TXN_ROLLBACK;
    struct sl_value v = txn_action(c, ci, q->on, act, q->result_is_handle ? NULL : &q->success);
    if (q->result_is_handle) {
        struct sl_sym *on = sl_sym_of(c, ci->args[q->on], ci->vals[q->on]);
        if (on) /* BEGIN leaves it open; COMMIT and ROLLBACK do not */
            *origin_out = (struct sql_origin){
                on->site, on->tx == SL_TX_OPEN ? SL_EF_BEGIN : SL_EF_OTHER};
        return;
    }
    if (v.tag == SL_V_OUTCOME)
        ci->result = v;
}

static int parent_site(struct sl_check *c, const struct call_info *ci, int arg)
{
    if (arg < 0 || arg >= ci->nargs)
        return SL_NO_SITE;
    struct sl_sym *p = sl_sym_of(c, ci->args[arg], ci->vals[arg]);
    return p ? p->site : SL_NO_SITE;
}

static void rename_site(struct sl_state *st, int from, int to)
{
    for (size_t i = 0; i < st->nvars; i++) {
        struct sl_value v = st->vars[i].v;
        if ((v.tag == SL_V_SYM || v.tag == SL_V_OUTCOME) && v.site == from) {
            v.site = to;
            sl_state_set_var_at(st, i, v);
        }
    }
    for (size_t i = 0; i < st->nsyms; i++) {
        if (st->syms[i].parent == from)
            sl_state_sym_at(st, i)->parent = to;
        if (st->syms[i].origin == from)
            sl_state_sym_at(st, i)->origin = to;
    }
}

/* Stops following handle `site`: whatever referred to it becomes unknown. */
static void forget_site(struct sl_state *st, int site)
{
    rename_site(st, site, SL_NO_SITE);
    for (size_t i = 0; i < st->nvars; i++)
        if (st->vars[i].v.tag == SL_V_SYM && st->vars[i].v.site == SL_NO_SITE)
            sl_state_set_var_at(st, i, sl_value_unknown());
    sl_state_drop_sym(st, site);
}

/* A call about to create handle `site` again (the next loop iteration):
 * the handle its previous execution created moves to the site's
 * older-generation slot, so both can be followed (`next = PQgetResult(c);
 * PQclear(res); res = next;`). A third generation still around is
 * forgotten, which keeps the state space finite. */
static void retire_generation(struct sl_check *c, int site)
{
    struct sl_sym *old = sl_state_sym(c->st, site);
    if (!old)
        return;
    int older = site | OLDER_GENERATION;
    forget_site(c->st, older);
    struct sl_sym moved = *sl_state_sym(c->st, site);
    moved.site = older;
    sl_state_drop_sym(c->st, site);
    sl_state_put_sym(c->st, &moved);
    rename_site(c->st, site, older);
}

static bool name_listed(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

/* A constant string argument of the call contains one of the patterns. */
static bool conninfo_matches(const struct call_info *ci, const struct sl_pooling *p)
{
    for (int i = 0; i < ci->nargs; i++) {
        char *text = sl_ast_eval_string(ci->args[i]);
        bool hit = false;
        for (size_t k = 0; text && k < p->nconninfo && !hit; k++)
            hit = strstr(text, p->conninfo[k]) != NULL;
        free(text);
        if (hit)
            return true;
    }
    return false;
}

static bool goes_through_pooler(struct sl_check *c, const struct call_info *ci, int kind)
{
    const struct sl_pooling *p = c->config->pooling;
    const struct sl_kind *k = sl_check_kind(c, kind);
    if (!p || !k || k->role != SL_ROLE_SESSION)
        return false;
    return name_listed(k->api, p->apis, p->napis) ||
           name_listed(ci->name, p->functions, p->nfunctions) || conninfo_matches(ci, p);
}

static void apply_acquire(struct sl_check *c, struct call_info *ci, size_t idx,
                          struct sql_origin origin)
{
    const struct sl_acquire *a = &ci->f->acquires[idx];
    if (a->only_if_null_arg >= 0 && a->only_if_null_arg < ci->nargs &&
        !sl_ast_is_null_constant(ci->args[a->only_if_null_arg])) {
        if (a->pos == SL_POS_RETURN) /* initialises the caller's object and returns it */
            ci->result = ci->vals[a->only_if_null_arg];
        return;
    }
    int kind = a->kind_arg >= 0 ? kind_from_arg(ci, a->kind_arg, a->kind_mask, a->kind_cases,
                                                a->nkind_cases)
                                : a->kind;
    int site = call_site(c, ci->call, (int)idx);
    retire_generation(c, site);
    int parent = parent_site(c, ci, a->parent_arg);
    struct sl_sym *par = parent != SL_NO_SITE ? sl_state_sym(c->st, parent) : NULL;
    for (size_t i = 0; par && i < a->nparent_cases; i++)
        if (a->parent_cases[i].value == par->kind)
            kind = a->parent_cases[i].kind;
    struct sl_sym s = {
        .site = site, .kind = kind, .parent = parent,
        .st = a->success.kind == SL_SUCCESS_ALWAYS ? SL_HS_OPEN : SL_HS_MAYBE,
        .tx = a->begins_transaction ? SL_TX_OPEN : SL_TX_NONE,
        .owned = a->owned, .from_caller = !a->owned && par && par->from_caller,
        .exists_on_failure = a->exists_on_failure, .null_is_normal = a->null_is_normal,
        .guessed = ci->f->guessed, .name = -1,
        .acquired_at = ci->call, .closed_at = clang_getNullCursor(),
        .begun_at = a->begins_transaction ? ci->call : clang_getNullCursor(),
        .begun_block = a->begins_transaction ? c->block : -1,
    };
    if (origin.site != SL_NO_SITE) {
        s.origin = origin.site;
        s.origin_effect = origin.effect;
    }
    if (a->pos == SL_POS_RETURN)
        s.returned = &a->success;
    s.pooled = goes_through_pooler(c, ci, kind);
    sl_state_put_sym(c->st, &s);
    sl_check_event(c, ci->call, site,
                   sl_xasprintf("%s acquired here by '%s'", sl_check_kind_label(c, kind), ci->name));
    if (a->pos == SL_POS_RETURN) {
        ci->result = sl_value_sym(site);
        return;
    }
    if (a->pos >= ci->nargs)
        return;
    CXCursor out = sl_ast_peel_casts(ci->args[a->pos]);
    if (clang_getCursorKind(out) == CXCursor_UnaryOperator && sl_ast_unop(out) == SL_UO_ADDROF)
        assign_path(c, sl_ast_child(out, 0), sl_value_sym(site), ci->call);
    else
        escape_value(c, sl_value_sym(site)); /* written through a pointer we do not follow */
    if (ci->result.tag != SL_V_OUTCOME)
        ci->result = outcome(site, SL_EF_ACQUIRE, &a->success);
}

static void apply_status_of(struct sl_check *c, struct call_info *ci)
{
    const struct sl_func *f = ci->f;
    if (f->status_of_arg < 0 || f->status_of_arg >= ci->nargs)
        return;
    struct sl_sym *r = sl_sym_of(c, ci->args[f->status_of_arg], ci->vals[f->status_of_arg]);
    if (r && r->origin != SL_NO_SITE)
        ci->result = outcome(r->origin, r->origin_effect, &f->status_success);
}

/* Arguments passed by address to a function that is not modelled may be
 * rewritten by it; handles reachable from them escape. */
static void invalidate_address_args(struct sl_check *c, struct call_info *ci)
{
    for (int i = 0; i < ci->nargs; i++)
        invalidate_arg(c, ci->args[i]);
}

/* free() ends an object's life without changing what its members hold, so
 * `sqlite3_close(ctx->db); free(ctx);` still shows ctx->db released. */
static bool only_frees_memory(const char *name)
{
    return strcmp(name, "free") == 0;
}

static bool is_out_arg(const struct sl_func *f, int i)
{
    for (size_t k = 0; f && k < f->nacquires; k++)
        if (f->acquires[k].pos == i)
            return true;
    return false;
}

/* The session leaves the server but the handle stays allocated (ODBC
 * SQLDisconnect): an open transaction ends with it. */
static void apply_disconnect(struct sl_check *c, struct call_info *ci)
{
    int arg = ci->f->disconnect_arg;
    if (arg < 0 || arg >= ci->nargs)
        return;
    struct sl_sym *s = sl_sym_of(c, ci->args[arg], ci->vals[arg]);
    if (!s || s->st == SL_HS_CLOSED)
        return;
    FOR_RULES(on_session_end, ci->call, ci->name, s);
    s = sl_state_sym(c->st, s->site);
    s->tx = SL_TX_NONE;
}

/* The options a session was appended to are remembered under a path of
 * their own ("session-in:opts"), so they never look like a handle. */
static int session_slot(struct sl_check *c, CXCursor opts_arg)
{
    CXCursor o = sl_ast_peel_casts(opts_arg);
    if (clang_getCursorKind(o) == CXCursor_UnaryOperator && sl_ast_unop(o) == SL_UO_ADDROF)
        o = sl_ast_child(o, 0);
    char *p = tracked_path(o);
    if (!p)
        return -1;
    char *slot = sl_xasprintf("session-in:%s", p);
    int id = sl_intern(&c->paths, slot);
    free(slot);
    free(p);
    return id;
}

static void attach_session(struct sl_check *c, struct call_info *ci)
{
    const struct sl_func *f = ci->f;
    if (f->attach_session_arg < 0 || f->attach_session_arg >= ci->nargs ||
        f->attach_opts_arg < 0 || f->attach_opts_arg >= ci->nargs)
        return;
    struct sl_sym *s = sl_sym_of(c, ci->args[f->attach_session_arg], ci->vals[f->attach_session_arg]);
    int slot = session_slot(c, ci->args[f->attach_opts_arg]);
    if (s && slot >= 0)
        sl_state_set_var(c->st, slot, sl_value_sym(s->site));
}

/* An operation while a transaction begun here is open must carry its
 * session in the options; otherwise it runs outside the transaction. */
static void check_session_opts(struct sl_check *c, struct call_info *ci)
{
    int arg = ci->f->needs_session_opts_arg;
    if (arg < 0 || arg >= ci->nargs)
        return;
    int slot = sl_ast_is_null_constant(ci->args[arg]) ? -1 : session_slot(c, ci->args[arg]);
    const struct sl_value *attached = slot >= 0 ? sl_state_var(c->st, slot) : NULL;
    for (size_t i = 0; i < c->st->nsyms; i++) {
        const struct sl_sym *s = &c->st->syms[i];
        const struct sl_kind *k = sl_check_kind(c, s->kind);
        bool carried = attached && attached->tag == SL_V_SYM && attached->site == s->site;
        if (s->tx == SL_TX_OPEN && k && k->role == SL_ROLE_SESSION && !carried) {
            FOR_RULES(on_outside_txn, ci->call, ci->args[arg], ci->name, s);
            return;
        }
    }
}

static void apply_model(struct sl_check *c, struct call_info *ci)
{
    const struct sl_func *f = ci->f;
    struct sql_origin origin = {SL_NO_SITE, SL_EF_OTHER};
    apply_status_of(c, ci);
    apply_uses(c, ci);
    check_session_opts(c, ci);
    apply_txn_ops(c, ci); /* before releases: mdb_txn_commit commits, then frees */
    apply_sql(c, ci, &origin);
    apply_named_state(c, ci);
    apply_disconnect(c, ci);
    apply_releases(c, ci);
    attach_session(c, ci);
    for (size_t i = 0; i < f->nacquires; i++)
        apply_acquire(c, ci, i, origin);
    for (size_t i = 0; i < f->ntakes_ownership; i++)
        if (f->takes_ownership[i] < ci->nargs)
            escape_value(c, ci->vals[f->takes_ownership[i]]);
    for (int i = 0; i < ci->nargs; i++) {
        CXCursor a = sl_ast_peel_casts(ci->args[i]);
        if (!is_out_arg(f, i) && clang_getCursorKind(a) == CXCursor_UnaryOperator &&
            sl_ast_unop(a) == SL_UO_ADDROF) {
            int id = sl_path_id(c, sl_ast_child(a, 0));
            if (id >= 0 && sl_state_var(c->st, id) &&
                sl_state_var(c->st, id)->tag != SL_V_SYM)
                sl_state_set_var(c->st, id, sl_value_unknown());
        }
    }
}

/* Whether a call argument is the address of a local array's element. */
static int addresses_array_element(struct sl_check *c, CXCursor arg)
{
    CXCursor a = sl_ast_peel_casts(arg);
    return clang_getCursorKind(a) == CXCursor_UnaryOperator && sl_ast_unop(a) == SL_UO_ADDROF &&
           array_location(c, sl_ast_child(a, 0)) >= 0;
}

/* A call argument. `&conns[i]` is no alias here: the callee's model says
 * what it does there (an out-parameter), or for a function we know nothing
 * of, invalidate_arg lets the array's handles escape. */
static struct sl_value eval_argument(struct sl_check *c, CXCursor arg)
{
    if (remembered(c, arg, SL_MEMO_ELEMENT_ADDRESS, addresses_array_element)) {
        sl_eval(c, sl_ast_child(sl_ast_peel_casts(arg), 0));
        return sl_value_unknown();
    }
    return sl_eval(c, arg);
}

/* A call's callee and its model, as an index into c->callees: looking
 * the name up again on every path through the call is string work. */
static int add_callee(struct sl_check *c, CXCursor call)
{
    char *name = sl_ast_callee_name(call);
    struct sl_callee callee = {name, name ? sl_check_lookup(c, name) : NULL};
    sl_vec_push(&c->callees, callee);
    return (int)c->callees.len - 1;
}

static struct sl_value eval_call(struct sl_check *c, CXCursor call)
{
    /* Most calls fit here, with a zeroed entry past the last argument as on
     * the heap: no allocation on every path through a call. */
    enum { ARGS_HERE = 16 };
    CXCursor args_here[ARGS_HERE] = {0};
    struct sl_value vals_here[ARGS_HERE] = {0};
    struct call_info ci = {.call = call, .result = sl_value_unknown(), .args = args_here,
                           .vals = vals_here};
    ci.nargs = sl_ast_num_args(call);
    if (ci.nargs < 0)
        ci.nargs = 0;
    if (ci.nargs >= ARGS_HERE) {
        ci.args = sl_xcalloc((size_t)ci.nargs + 1, sizeof *ci.args);
        ci.vals = sl_xcalloc((size_t)ci.nargs + 1, sizeof *ci.vals);
    }
    for (int i = 0; i < ci.nargs; i++) {
        ci.args[i] = sl_ast_arg(call, i);
        ci.vals[i] = eval_argument(c, ci.args[i]);
    }
    int callee_index = remembered(c, call, SL_MEMO_CALLEE, add_callee); /* may move callees */
    const struct sl_callee callee = c->callees.items[callee_index];
    ci.name = callee.name ? callee.name : "";
    ci.f = callee.f;
    ci.discarded = clang_equalCursors(sl_ast_peel(c->item), call);
    if (ci.f)
        apply_model(c, &ci);
    else if (!only_frees_memory(ci.name))
        invalidate_address_args(c, &ci);
    if (!callee.name) /* a call through a function pointer: code we cannot see takes the handles */
        for (int i = 0; i < ci.nargs; i++)
            escape_value(c, ci.vals[i]);
    if (ci.discarded && ci.result.tag == SL_V_SYM) {
        struct sl_sym *s = sl_state_sym(c->st, ci.result.site);
        if (s && s->owned) {
            FOR_RULES(on_lost, call, SL_LOST_DISCARDED, s);
            forget_owner(c, ci.result.site);
        }
    }
    if (ci.args != args_here) {
        free(ci.args);
        free(ci.vals);
    }
    return ci.result;
}

/* ---------- expressions ---------- */

static struct sl_value eval_children(struct sl_check *c, CXCursor e)
{
    CXCursor kids[64];
    size_t n = sl_ast_children(e, kids, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        sl_eval(c, kids[i]);
    return sl_value_unknown();
}

/* A struct copied by value carries the handles in its fields: copied to a
 * place the caller can see (`array[i] = local_struct`), they escape. */
static void copy_struct_handles(struct sl_check *c, CXCursor lhs, CXCursor rhs)
{
    CXCursor src = sl_ast_peel_casts(rhs);
    if (!(sl_type_class(c, src) & SL_TYPE_RECORD))
        return;
    CXCursor dst = sl_ast_peel(lhs);
    char *to = sl_ast_access_path(dst);
    char *from = tracked_path(src);
    if (from && (!to || path_from_caller(c, dst, to) || sl_ast_path_is_indirect(to)))
        invalidate_rooted(c, from, true);
    free(to);
    free(from);
}

static struct sl_value eval_binop(struct sl_check *c, CXCursor e)
{
    enum sl_binop op = sl_ast_binop(e);
    CXCursor lhs = sl_ast_child(e, 0), rhs = sl_ast_child(e, 1);
    if (op == SL_BO_ASSIGN) {
        struct sl_value v = sl_eval(c, rhs);
        if (clang_getCursorKind(sl_ast_peel(lhs)) != CXCursor_DeclRefExpr)
            sl_eval(c, lhs);
        copy_struct_handles(c, lhs, rhs);
        assign_path(c, lhs, v, e);
        return v;
    }
    if (sl_ast_is_assignment(op)) {
        sl_eval(c, rhs);
        int id = sl_path_id(c, lhs);
        if (id >= 0) {
            sl_state_set_var(c->st, id, sl_value_unknown());
            forget_through(c, id);
        }
        return sl_value_unknown();
    }
    struct sl_value l = sl_eval(c, lhs), r = sl_eval(c, rhs);
    if (op == SL_BO_COMMA)
        return r;
    (void)l;
    return sl_value_unknown();
}

static struct sl_value eval_unop(struct sl_check *c, CXCursor e)
{
    enum sl_unop op = sl_ast_unop(e);
    CXCursor sub = sl_ast_child(e, 0);
    if (op == SL_UO_DEREF) {
        sl_eval(c, sub);
        int id = sl_path_id(c, e);
        const struct sl_value *v = id >= 0 ? sl_state_var(c->st, id) : NULL;
        return v ? *v : sl_value_unknown();
    }
    if (op == SL_UO_PREINC || op == SL_UO_PREDEC || op == SL_UO_POSTINC || op == SL_UO_POSTDEC) {
        int id = sl_path_id(c, sub);
        if (id >= 0) {
            sl_state_set_var(c->st, id, sl_value_unknown());
            forget_through(c, id);
        }
        return sl_value_unknown();
    }
    if (op == SL_UO_OTHER)
        return sl_value_unknown(); /* sizeof and friends do not evaluate */
    long long k;
    if (op == SL_UO_MINUS && sl_ast_eval_int(e, &k))
        return sl_value_int(k); /* `return -1;`: a constant a summary can read */
    struct sl_value v = sl_eval(c, sub);
    if (op == SL_UO_ADDROF && v.tag == SL_V_ARRAY)
        escape_value(c, v); /* `pp = &conns[i]`: an alias of the array we do not follow */
    return sl_value_unknown();
}

static void eval_subscript(struct sl_check *c, CXCursor e);

/* What runs of the array in `a[i]`: for an array (not a pointer), only the
 * parts of its path (`s` of s.conns), since reading one element does not
 * hand the whole array anywhere. */
static void eval_array_base(struct sl_check *c, CXCursor base)
{
    CXCursor b = sl_ast_peel_casts(base);
    if (!(sl_type_class(c, b) & SL_TYPE_ARRAY))
        sl_eval(c, base);
    else if (clang_getCursorKind(b) == CXCursor_ArraySubscriptExpr)
        eval_subscript(c, b);
    else
        eval_children(c, b);
}

static void eval_subscript(struct sl_check *c, CXCursor e)
{
    eval_array_base(c, sl_ast_child(e, 0));
    sl_eval(c, sl_ast_child(e, 1));
}

/* A whole array used as a value (passed to a function, copied into a
 * pointer): the handles it holds go where we do not follow. */
static void escape_whole_array(struct sl_check *c, CXCursor e)
{
    char *p = sl_ast_access_path(e);
    if (p)
        escape_arrays_under(c, root_id(c, p));
    free(p);
}

/* What eval_path asks of a path expression's declaration and type. */
enum { PATH_NAMES_ENUM_CONSTANT = 1, PATH_IS_ARRAY = 2, PATH_OF_MODELLED_TYPE = 4 };

static int path_shape(struct sl_check *c, CXCursor e)
{
    bool enum_constant =
        clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
        clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_EnumConstantDecl;
    CXType type = clang_getCursorType(e);
    return (enum_constant ? PATH_NAMES_ENUM_CONSTANT : 0) |
           (is_array_type(type) ? PATH_IS_ARRAY : 0) |
           (kind_of_type(c, type) >= 0 ? PATH_OF_MODELLED_TYPE : 0);
}

static struct sl_value eval_path(struct sl_check *c, CXCursor e)
{
    long long k;
    int shape = remembered(c, e, SL_MEMO_PATH_SHAPE, path_shape);
    if ((shape & PATH_NAMES_ENUM_CONSTANT) && sl_ast_eval_int(e, &k))
        return sl_value_int(k);
    if (clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr)
        eval_subscript(c, e);
    else if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
        eval_children(c, e);
    int location = array_location(c, e);
    if (location >= 0)
        return (struct sl_value){.tag = SL_V_ARRAY, .site = location};
    if (shape & PATH_IS_ARRAY)
        escape_whole_array(c, e);
    int id = sl_path_id(c, e);
    const struct sl_value *v = id >= 0 ? sl_state_var(c->st, id) : NULL;
    if (v)
        return *v;
    /* a caller's handle of a modelled type is tracked from its first read,
     * so its kind follows it through void * copies and casts */
    struct sl_sym *s =
        (shape & PATH_OF_MODELLED_TYPE) ? sl_sym_of(c, e, sl_value_unknown()) : NULL;
    return s ? sl_value_sym(s->site) : sl_value_unknown();
}

/* `cond ? a : b` in value position: the CFG does not split it, so which arm
 * ran is unknown; a handle either arm yields is not followed further (as if
 * it escaped), which can only cost a miss. */
static struct sl_value eval_conditional(struct sl_check *c, CXCursor e)
{
    CXCursor kids[3];
    if (sl_ast_children(e, kids, 3) != 3)
        return eval_children(c, e);
    sl_eval(c, kids[0]);
    escape_value(c, sl_eval(c, kids[1]));
    escape_value(c, sl_eval(c, kids[2]));
    return sl_value_unknown();
}

/* Handles put into an initializer list (a struct or array) escape: we do not
 * follow them into the aggregate. */
static struct sl_value eval_init_list(struct sl_check *c, CXCursor e)
{
    CXCursor kids[256];
    size_t n = sl_ast_children(e, kids, 256);
    for (size_t i = 0; i < n && i < 256; i++)
        escape_value(c, sl_eval(c, kids[i]));
    return sl_value_unknown();
}

struct sl_value sl_eval(struct sl_check *c, CXCursor e)
{
    if (sl_ast_is_null(e))
        return sl_value_unknown();
    CXCursor p = sl_ast_peel(e);
    switch (clang_getCursorKind(p)) {
    case CXCursor_CallExpr:
        return eval_call(c, p);
    case CXCursor_BinaryOperator:
    case CXCursor_CompoundAssignOperator:
        return eval_binop(c, p);
    case CXCursor_UnaryOperator:
        return eval_unop(c, p);
    case CXCursor_CStyleCastExpr:
        if (sl_ast_is_null_constant(p))
            return (struct sl_value){.tag = SL_V_NULL};
        return sl_eval(c, sl_ast_child(p, sl_ast_children(p, NULL, 0) - 1));
    case CXCursor_DeclRefExpr:
    case CXCursor_MemberRefExpr:
    case CXCursor_ArraySubscriptExpr:
        return eval_path(c, p);
    case CXCursor_IntegerLiteral:
    case CXCursor_CharacterLiteral: {
        long long k;
        return sl_ast_eval_int(p, &k) ? sl_value_int(k) : sl_value_unknown();
    }
    case CXCursor_InitListExpr:
        return eval_init_list(c, p);
    case CXCursor_ConditionalOperator:
        return eval_conditional(c, p);
    case CXCursor_UnaryExpr: /* sizeof, alignof */
    case CXCursor_StringLiteral:
        return sl_value_unknown();
    default:
        if (sl_ast_is_null_constant(p))
            return (struct sl_value){.tag = SL_V_NULL};
        return eval_children(c, p);
    }
}

/* ---------- items ---------- */

static void eval_decl(struct sl_check *c, CXCursor var)
{
    CXString name = clang_getCursorSpelling(var);
    int id = sl_intern(&c->paths, clang_getCString(name));
    clang_disposeString(name);
    CXCursor init = clang_getNullCursor();
    CXCursor kids[8];
    size_t n = sl_ast_children(var, kids, 8);
    for (size_t i = 0; i < n && i < 8; i++) {
        enum CXCursorKind k = clang_getCursorKind(kids[i]);
        if (clang_isExpression(k))
            init = kids[i];
    }
    struct sl_value v = sl_ast_is_null(init) ? sl_value_unknown() : sl_eval(c, init);
    if (decl_is_global(var)) {
        escape_value(c, v); /* static local: outlives the call */
        return;
    }
    sl_state_set_var(c->st, id, worth_keeping(c, id, v));
    forget_through(c, id); /* declared again in a loop: a new pointer */
    struct sl_sym *s = v.tag == SL_V_SYM ? sl_state_sym(c->st, v.site) : NULL;
    if (s && !s->from_caller)
        s->name = id;
}

/* A variable with __attribute__((cleanup(f))) leaves scope: f runs on it. We
 * trust the cleanup function to release what the variable holds. */
static void eval_scope_end(struct sl_check *c, CXCursor var)
{
    CXString name = clang_getCursorSpelling(var);
    int id = sl_intern(&c->paths, clang_getCString(name));
    clang_disposeString(name);
    const struct sl_value *v = sl_state_var(c->st, id);
    struct sl_sym *s = v && v->tag == SL_V_SYM ? sl_state_sym(c->st, v->site) : NULL;
    if (s && sym_live(s)) {
        s->st = SL_HS_CLOSED;
        s->closed_at = var;
    }
    sl_state_unset_var(c->st, id);
}

static void eval_item(struct sl_check *c, const struct sl_item *it)
{
    c->item = it->cursor;
    switch (it->kind) {
    case SL_ITEM_EXPR:
        sl_eval(c, it->cursor);
        break;
    case SL_ITEM_DECL:
        eval_decl(c, it->cursor);
        break;
    case SL_ITEM_SCOPE_END:
        eval_scope_end(c, it->cursor);
        break;
    }
    c->item = clang_getNullCursor();
}

/* ---------- exits ---------- */

static void escape_returned(struct sl_check *c, CXCursor ret, struct sl_value v)
{
    escape_value(c, v);
    char *p = sl_ast_is_null(ret) ? NULL : sl_ast_access_path(sl_ast_peel_casts(ret));
    if (p) {
        invalidate_rooted(c, p, true); /* a struct returned by value carries its handles */
        free(p);
    }
}

static void record_exit(struct sl_check *c, struct sl_value ret)
{
    struct sl_exit_record r = {.state = sl_state_copy(c->st), .ret = ret};
    sl_vec_push(&c->exits, r);
}

static void do_return(struct sl_check *c, const struct sl_block *b)
{
    c->item = clang_getNullCursor();
    struct sl_value v = sl_eval(c, b->cond);
    escape_returned(c, b->cond, v);
    CXCursor where = sl_ast_is_null(b->term_cursor) ? b->cond : b->term_cursor;
    record_exit(c, v);
    for (size_t i = 0; i < c->st->nsyms; i++) {
        int site = c->st->syms[i].site;
        struct sl_sym *s = sl_state_sym(c->st, site);
        FOR_RULES(on_exit, where, s);
        s = sl_state_sym(c->st, site);
        if (s && sym_live(s) && s->owned && !s->escaped)
            FOR_RULES(on_lost,
                      where,
                      clang_getCursorKind(where) == CXCursor_CompoundStmt ? SL_LOST_FALLOFF
                                                                          : SL_LOST_RETURN,
                      s);
    }
}

/* ---------- worklist ---------- */

/* ---------- liveness of local variables ---------- */

static bool is_local_var(CXCursor d)
{
    return clang_getCursorKind(d) == CXCursor_VarDecl && !decl_is_global(d);
}

static enum CXChildVisitResult collect_local(CXCursor cur, CXCursor parent, CXClientData data)
{
    struct sl_check *c = data;
    (void)parent;
    if (is_local_var(cur)) {
        CXString name = clang_getCursorSpelling(cur);
        sl_intern(&c->locals, clang_getCString(name));
        clang_disposeString(name);
    }
    return CXChildVisit_Recurse;
}

/* Id of a local variable's name, or -1 (never adds a name). */
static int local_id(struct sl_check *c, const char *name)
{
    size_t before = c->locals.len;
    int id = sl_intern(&c->locals, name);
    return (size_t)id < before && (size_t)id < c->nlocals ? id : -1;
}

struct mention_ctx {
    struct sl_check *c;
    uint64_t *set; /* a bit per local */
};

static void mention(struct mention_ctx *m, CXCursor cur)
{
    if (clang_getCursorKind(cur) != CXCursor_DeclRefExpr && !is_local_var(cur))
        return;
    CXCursor d = clang_getCursorKind(cur) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(cur)
                                                                  : cur;
    if (!is_local_var(d))
        return;
    CXString name = clang_getCursorSpelling(d);
    int id = local_id(m->c, clang_getCString(name));
    clang_disposeString(name);
    if (id >= 0)
        m->set[id / 64] |= (uint64_t)1 << (id % 64);
}

/* One walk over the items and conditions of the blocks finds both the
 * locals each block mentions and the handles the function commits or rolls
 * back anywhere, and in which block (prescan_call): whether it is
 * responsible for ending a transaction must not depend on the order in
 * which the worklist happens to visit paths. */
typedef SL_VEC(CXCursor) cursor_list;

struct block_walk {
    struct sl_check *c;
    struct mention_ctx m;
    bool prescan;        /* look for transaction ends too */
    cursor_list *tested; /* where a condition's cursors that may name a path go (NULL: none) */
};

static bool may_name_path(enum CXCursorKind k)
{
    return k == CXCursor_DeclRefExpr || k == CXCursor_MemberRefExpr ||
           k == CXCursor_UnaryOperator || k == CXCursor_ArraySubscriptExpr;
}

static enum CXChildVisitResult visit_in_block(CXCursor cur, CXCursor parent, CXClientData data)
{
    struct block_walk *w = data;
    (void)parent;
    if (w->prescan && clang_getCursorKind(cur) == CXCursor_CallExpr)
        prescan_call(w->c, cur);
    if (w->tested && may_name_path(clang_getCursorKind(cur)))
        sl_vec_push(w->tested, cur);
    mention(&w->m, cur);
    return CXChildVisit_Recurse;
}

static void walk_in_block(struct block_walk *w, CXCursor cur, bool prescan, cursor_list *tested)
{
    if (sl_ast_is_null(cur))
        return;
    w->prescan = prescan;
    w->tested = tested;
    visit_in_block(cur, cur, w);
    clang_visitChildren(cur, visit_in_block, w);
}

/* The locals of the function: mentions are counted of these only. */
static void collect_locals(struct sl_check *c)
{
    clang_visitChildren(c->fn, collect_local, c);
    c->nlocals = c->locals.len;
}

/* Also lists, in order, the cursors of the conditions collect_tested_paths
 * looks at. */
static void walk_blocks(struct sl_check *c, const struct sl_cfg *cfg, cursor_list *tested)
{
    size_t n = c->nlocals / 64 + 1; /* words */
    c->nlive = cfg->nblocks;
    c->live_in = sl_xcalloc(cfg->nblocks + 1, sizeof *c->live_in);
    for (size_t b = 0; b < cfg->nblocks; b++) {
        const struct sl_block *blk = &cfg->blocks[b];
        struct block_walk w = {.c = c, .m = {c, c->live_in[b] = sl_xcalloc(n, sizeof(uint64_t))}};
        c->block = (int)b;
        for (size_t i = 0; i < blk->nitems; i++) /* a scope end's declaration was met already */
            walk_in_block(&w, blk->items[i].cursor, blk->items[i].kind != SL_ITEM_SCOPE_END, NULL);
        bool decides = blk->term != SL_TERM_GOTO && blk->term != SL_TERM_NORETURN;
        walk_in_block(&w, blk->cond, decides, decides ? tested : NULL);
    }
    c->block = -1;
}

static bool union_into(uint64_t *dst, const uint64_t *src, size_t nwords)
{
    bool changed = false;
    for (size_t i = 0; i < nwords; i++) {
        changed = changed || (src[i] & ~dst[i]) != 0;
        dst[i] |= src[i];
    }
    return changed;
}

/* Which locals a block or its successors mention (from what walk_blocks
 * found): a binding of a local that nothing later reads or writes can only
 * keep apart paths that end the same way (the states of a goto-cleanup
 * ladder). */
static void compute_liveness(struct sl_check *c, const struct sl_cfg *cfg)
{
    size_t n = c->nlocals / 64 + 1; /* words */
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t b = cfg->nblocks; b-- > 0;) {
            const struct sl_block *blk = &cfg->blocks[b];
            if (blk->term == SL_TERM_GOTO || blk->term == SL_TERM_BRANCH)
                for (int k = 0; k < (blk->term == SL_TERM_BRANCH ? 2 : 1); k++)
                    changed |= union_into(c->live_in[b], c->live_in[blk->succ[k]], n);
            for (size_t k = 0; blk->term == SL_TERM_SWITCH && k < blk->ncases; k++)
                changed |= union_into(c->live_in[b], c->live_in[blk->cases[k].target], n);
        }
    }
}

/* The local variable a path starts from ("s" of "s.db", "*p"), or -1. */
static int local_root(struct sl_check *c, const char *path)
{
    const char *p = path + (*path == '*' || *path == '&');
    char *root = sl_xstrndup(p, strcspn(p, ".-["));
    int id = local_id(c, root);
    free(root);
    return id;
}

/* local_root of path `id`, remembered: asked for every binding of every
 * state at every block entry. */
static int path_local_root(struct sl_check *c, int id)
{
    while (c->path_roots.len <= (size_t)id)
        sl_vec_push(&c->path_roots, -2); /* -2: not computed yet */
    if (c->path_roots.items[id] == -2)
        c->path_roots.items[id] = local_root(c, sl_intern_name(&c->paths, id));
    return c->path_roots.items[id];
}

struct liveness_at {
    struct sl_check *c;
    int block;
};

/* Whether path `path` (not a local, or a local live at the block) is kept. */
static bool live_at(void *ctx, int path)
{
    struct liveness_at *at = ctx;
    int root = path_local_root(at->c, path);
    return root < 0 || (at->c->live_in[at->block][root / 64] >> (root % 64) & 1);
}

/* Every local live at block `from` is live at block `to`. */
static bool live_within(const struct sl_check *c, int from, int to)
{
    for (size_t w = 0; w <= c->nlocals / 64; w++)
        if (c->live_in[from][w] & ~c->live_in[to][w])
            return false;
    return true;
}

/* Forgets the bindings of locals that block b and what follows never mention.
 * A state cut to the locals live at an earlier block, all live at b, with
 * no binding made since, has none: its variables are not even looked at
 * (they are many, and most paths keep their locals live for long). */
static void drop_dead_locals(struct sl_check *c, int b, struct sl_state *st)
{
    if (!c->live_in || (size_t)b >= c->nlive)
        return;
    if (st->vars_added || !live_within(c, st->vars_cut_at, b))
        sl_state_keep_vars(st, live_at, &(struct liveness_at){c, b});
    st->vars_cut_at = b;
    st->vars_added = false;
    sl_state_gc(st);
}

/* What a block has seen: the fingerprint of every state queued for it (and
 * a hash index of them: past the cap, joins keep adding prints, and every
 * state queued is looked up), and, once it is near the cap, a copy of the
 * last one (the join needs it). */
struct block_states {
    struct sl_state_print *prints;
    size_t n, cap;
    size_t *index;  /* open addressing, nindex a power of two: 1 + the print's */
    size_t nindex;  /* number, 0 for a free entry */
    struct sl_state *last;
};

struct work {
    int block;
    struct sl_state *st;
};

struct engine_run {
    struct sl_check *c;
    struct sl_cfg cfg;
    struct block_states *seen;
    SL_VEC(struct work) queue;
    unsigned max_states;
    unsigned long steps, max_steps;
    bool out_of_time;                 /* the deadline passed: the rest of the queue was dropped */
    size_t state_volume;              /* bytes of every state queued so far: the work done;
                                         past MAX_STATE_VOLUME the run stops */
};

static bool out_of_state_volume(const struct engine_run *run)
{
    return run->state_volume > MAX_STATE_VOLUME;
}

/* The index entry of print p, or the free one where it goes (prints are
 * random: their low bits make a hash). */
static size_t print_entry(const struct block_states *bs, struct sl_state_print p)
{
    size_t mask = bs->nindex - 1;
    size_t i = (size_t)p.a & mask;
    for (; bs->index[i]; i = (i + 1) & mask) {
        const struct sl_state_print *q = &bs->prints[bs->index[i] - 1];
        if (q->a == p.a && q->b == p.b)
            break;
    }
    return i;
}

static bool already_seen(const struct block_states *bs, struct sl_state_print p)
{
    return bs->nindex && bs->index[print_entry(bs, p)];
}

/* Indexes print number k, first growing the index past half full. */
static void index_print(struct block_states *bs, size_t k)
{
    if (2 * (k + 1) > bs->nindex) {
        free(bs->index);
        bs->nindex = bs->nindex ? bs->nindex * 2 : 8;
        bs->index = sl_xcalloc(bs->nindex, sizeof *bs->index);
        for (size_t i = 0; i < k; i++)
            bs->index[print_entry(bs, bs->prints[i])] = i + 1;
    }
    bs->index[print_entry(bs, bs->prints[k])] = k + 1;
}

/* A state's header counts as the 56 bytes it had when the budget was set
 * (the budget measures work, and must not move when the header gains
 * bookkeeping: where it stops decides what a run reports). */
#define STATE_HEADER_BYTES 56

static size_t state_size(const struct sl_state *st)
{
    return STATE_HEADER_BYTES + st->nsyms * sizeof *st->syms + st->nvars * sizeof *st->vars;
}

static void keep_last(struct block_states *bs, const struct sl_state *st)
{
    sl_state_free(bs->last);
    bs->last = sl_state_copy(st);
}

static void remember(struct block_states *bs, struct sl_state_print p)
{
    if (bs->n == bs->cap) {
        bs->cap = bs->cap ? bs->cap * 2 : 4;
        bs->prints = sl_xrealloc(bs->prints, bs->cap * sizeof *bs->prints);
    }
    bs->prints[bs->n] = p;
    index_print(bs, bs->n++);
}

static void push_work(struct engine_run *run, int b, struct sl_state *st)
{
    run->state_volume += state_size(st);
    sl_vec_push(&run->queue, ((struct work){b, st}));
}

static bool not_seen(void *bs, struct sl_state_print p)
{
    return !already_seen(bs, p);
}

/* Past the cap: st joined into the block's last state, which becomes the
 * join (*p its print). Returns a copy to queue, NULL if the block has seen
 * that state already. Takes ownership of st. */
static struct sl_state *join_into_last(struct block_states *bs, struct sl_state *st,
                                       struct sl_state_print *p)
{
    bool joined = sl_state_join(bs->last, st, not_seen, bs, p);
    sl_state_free(st);
    return joined ? sl_state_copy(bs->last) : NULL;
}

/* Queues st for block b unless an equal state was already there; past the
 * cap, joins it into the block's last state instead. Takes ownership of st. */
static void enqueue(struct engine_run *run, int b, struct sl_state *st)
{
    struct block_states *bs = &run->seen[b];
    drop_dead_locals(run->c, b, st);
    struct sl_state_print p = sl_state_fingerprint(st);
    if (already_seen(bs, p)) {
        sl_state_free(st);
        return;
    }
    if (bs->n >= run->max_states) {
        st = join_into_last(bs, st, &p);
        if (!st)
            return;
    } else if (bs->n + 1 >= run->max_states)
        keep_last(bs, st);
    remember(bs, p);
    if (run->c->config->trace)
        sl_trace_block(run->c->config->trace, b, bs->n > run->max_states);
    push_work(run, b, st);
}

/* "'rc != SQLITE_OK' is false": the atomic condition the CFG tested, so the
 * note says what the path assumed even when the source wrote `!(...)`. */
static void branch_event(struct sl_check *c, CXCursor cond, bool truth)
{
    add_event(c, (struct sl_event){.where = cond, .site = SL_NO_SITE, .kind = SL_EVENT_BRANCH,
                                   .truth = truth});
}

static void case_event(struct sl_check *c, CXCursor cond, const struct sl_case *cs)
{
    add_event(c, (struct sl_event){.where = cond, .site = SL_NO_SITE, .kind = SL_EVENT_CASE,
                                   .case_default = cs->is_default,
                                   .case_value_known = cs->value_known, .case_lo = cs->lo});
}

static void follow_branch(struct engine_run *run, const struct sl_block *b, struct sl_state *st)
{
    struct sl_check *c = run->c;
    c->st = st;
    c->item = clang_getNullCursor();
    struct sl_value v = sl_eval_condition(c, b->cond);
    c->item = clang_getNullCursor();
    struct sl_state *f = sl_state_copy(st);
    c->st = st;
    if (sl_refine_branch(c, b->cond, v, true)) {
        branch_event(c, b->cond, true);
        enqueue(run, b->succ[0], st);
    } else
        sl_state_free(st);
    c->st = f;
    if (sl_refine_branch(c, b->cond, v, false)) {
        branch_event(c, b->cond, false);
        enqueue(run, b->succ[1], f);
    } else
        sl_state_free(f);
}

static void follow_switch(struct engine_run *run, const struct sl_block *b, struct sl_state *st)
{
    struct sl_check *c = run->c;
    c->st = st;
    c->item = clang_getNullCursor();
    struct sl_value v = sl_eval(c, b->cond);
    for (size_t i = 0; i < b->ncases; i++) {
        struct sl_state *s = sl_state_copy(st);
        c->st = s;
        if (sl_refine_case(c, v, &b->cases[i], b->cases, b->ncases)) {
            case_event(c, b->cond, &b->cases[i]);
            enqueue(run, b->cases[i].target, s);
        } else
            sl_state_free(s);
    }
    sl_state_free(st);
}

static void step(struct engine_run *run, struct work w)
{
    struct sl_check *c = run->c;
    const struct sl_block *b = &run->cfg.blocks[w.block];
    c->st = w.st;
    c->block = w.block;
    if (c->config->trace)
        sl_trace_item(c->config->trace, c, w.block, SL_TRACE_ENTRY, c->st);
    for (size_t i = 0; i < b->nitems; i++) {
        eval_item(c, &b->items[i]);
        if (c->config->trace)
            sl_trace_item(c->config->trace, c, w.block, i, c->st);
    }
    if (b->term != SL_TERM_RETURN)
        sl_state_gc(c->st);
    switch (b->term) {
    case SL_TERM_GOTO:
        enqueue(run, b->succ[0], c->st);
        return;
    case SL_TERM_BRANCH:
        follow_branch(run, b, c->st);
        return;
    case SL_TERM_SWITCH:
        follow_switch(run, b, c->st);
        return;
    case SL_TERM_RETURN:
        do_return(c, b);
        break;
    case SL_TERM_NORETURN:
        break;
    }
    sl_state_free(c->st);
}

/* The variables read by a branch, switch or return: the only ones whose
 * integer values the engine keeps (see worth_keeping). From the cursors of
 * the conditions walk_blocks listed, in the order of the blocks. */
static void collect_tested_paths(struct sl_check *c, const cursor_list *tested)
{
    for (size_t i = 0; i < tested->len; i++) {
        int id = sl_path_id(c, tested->items[i]);
        while (id >= 0 && c->tested_paths.len <= (size_t)id)
            sl_vec_push(&c->tested_paths, false);
        if (id >= 0)
            c->tested_paths.items[id] = true;
    }
}

static bool noreturn_by_model(void *ctx, const char *name)
{
    const struct sl_func *f = sl_check_lookup(ctx, name);
    return f && f->noreturn;
}

static void run_worklist(struct engine_run *run)
{
    enqueue(run, run->cfg.entry, sl_state_new());
    while (run->queue.len > 0) {
        struct work w = run->queue.items[--run->queue.len];
        run->out_of_time = run->out_of_time || sl_deadline_passed(run->c->config->deadline);
        if (run->out_of_time || out_of_state_volume(run) || ++run->steps > run->max_steps) {
            sl_state_free(w.st);
            continue;
        }
        step(run, w);
    }
}

static void collect_params(struct sl_check *c)
{
    int n = clang_Cursor_getNumArguments(c->fn);
    c->nparams = n > 0 ? n : 0;
    c->params = sl_xcalloc((size_t)c->nparams + 1, sizeof *c->params);
    for (int i = 0; i < c->nparams; i++)
        c->params[i] = clang_Cursor_getArgument(c->fn, i);
}

static void check_free(struct sl_check *c)
{
    sl_intern_free(&c->paths);
    sl_intern_free(&c->roots);
    for (size_t i = 0; i < c->under.len; i++)
        sl_vec_free(&c->under.items[i]);
    sl_vec_free(&c->under);
    sl_vec_free(&c->txn_end_sites);
    sl_vec_free(&c->txn_end_site_blocks);
    sl_vec_free(&c->txn_end_paths);
    sl_vec_free(&c->txn_end_path_blocks);
    sl_vec_free(&c->path_roots);
    sl_vec_free(&c->path_indirect);
    free(c->reach);
    for (size_t i = 0; i < c->nevents; i++)
        free(event_at(c, i)->message);
    for (size_t i = 0; i < c->event_blocks.len; i++)
        free(c->event_blocks.items[i]);
    sl_vec_free(&c->event_blocks);
    for (size_t i = 0; i < c->reported.len; i++)
        free(c->reported.items[i]);
    sl_vec_free(&c->reported);
    for (size_t i = 0; i < c->exits.len; i++)
        sl_state_free(c->exits.items[i].state);
    sl_vec_free(&c->exits);
    sl_vec_free(&c->sql_param_uses);
    sl_vec_free(&c->txn_commit_sites);
    sl_vec_free(&c->param_uses);
    sl_vec_free(&c->param_use_args);
    sl_vec_free(&c->tested_paths);
    for (size_t i = 0; i < c->callees.len; i++)
        free(c->callees.items[i].name);
    sl_vec_free(&c->callees);
    for (size_t i = 0; i < c->nlive; i++)
        free(c->live_in[i]);
    free(c->live_in);
    sl_intern_free(&c->locals);
    free(c->params);
    free(c->fn_name);
}

static void free_run(struct engine_run *run)
{
    for (size_t b = 0; b < run->cfg.nblocks; b++) {
        free(run->seen[b].prints);
        free(run->seen[b].index);
        sl_state_free(run->seen[b].last);
    }
    free(run->seen);
    for (size_t i = 0; i < run->queue.len; i++)
        sl_state_free(run->queue.items[i].st);
    sl_vec_free(&run->queue);
    sl_cfg_free(&run->cfg);
}

static void note_budget(struct sl_check *c, const struct engine_run *run)
{
    struct sl_pos p;
    sl_ast_cursor_start(c->fn, &p);
    char *msg = run->out_of_time
                    ? sl_xasprintf("function '%s' was only partly analysed: the time limit "
                                   "(--timeout) ran out; findings in it may be missing", c->fn_name)
                : out_of_state_volume(run)
                    ? sl_xasprintf("function '%s' was only partly analysed: more than %zu MB of "
                                   "path states (state budget); findings in it may be missing",
                                   c->fn_name, MAX_STATE_VOLUME >> 20)
                    : sl_xasprintf("function '%s' was only partly analysed: more than %lu steps "
                                   "(path budget); findings in it may be missing",
                                   c->fn_name, run->max_steps);
    sl_report_add_note(c->out, SL_NOTE_ERROR, run->out_of_time ? "timeout" : "budget-exceeded",
                       c->display_file ? c->display_file : p.file, p.line, p.col, msg);
    free(msg);
    sl_pos_free(&p);
}

int sl_engine_run_function(const struct sl_engine_config *config, CXCursor fn,
                           const char *display_file, struct sl_report *out)
{
    struct sl_check c = {.config = config, .fn = fn, .display_file = display_file, .out = out,
                         .block = -1, .reach_from = -1};
    CXString name = clang_getCursorSpelling(fn);
    c.fn_name = sl_xstrdup(clang_getCString(name));
    clang_disposeString(name);
    collect_params(&c);
    sl_ast_memo_begin();
    struct engine_run run = {.c = &c};
    run.max_states = config->max_states ? config->max_states : DEFAULT_MAX_STATES;
    run.max_steps = config->max_steps ? config->max_steps : DEFAULT_MAX_STEPS;
    int rc = 0;
    if (sl_cfg_build(&run.cfg, fn, noreturn_by_model, &c) == 0) {
        c.cfg = &run.cfg;
        cursor_list tested = {0};
        collect_locals(&c);
        walk_blocks(&c, &run.cfg, &tested);
        run.seen = sl_xcalloc(run.cfg.nblocks + 1, sizeof *run.seen);
        collect_tested_paths(&c, &tested);
        sl_vec_free(&tested);
        compute_liveness(&c, &run.cfg);
        run_worklist(&run);
        if (run.out_of_time || out_of_state_volume(&run) || run.steps > run.max_steps) {
            note_budget(&c, &run);
            rc = 1;
        } else if (config->summaries)
            sl_summary_build(&c);
        if (config->trace)
            sl_trace_finish(config->trace, &c, &run.cfg);
        free_run(&run);
    }
    check_free(&c);
    sl_ast_memo_end();
    return rc;
}
