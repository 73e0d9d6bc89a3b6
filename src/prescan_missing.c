/*
 * prescan_missing.c: whether a header the scan before parsing did not find
 * is one clang never looks for (prescan_scan.h), so the input need not be
 * parsed for its error. The #include must be in a group clang surely skips
 * (prescan_cond.h), judged with what is known of each name there: nothing
 * may define it (no live #define in any visited file, no -D, not
 * predefined), or something surely does (the target, -D, a #define of the
 * same file before the line, or of every includer before its #include:
 * the names surely defined when a file begins are a fixpoint over the
 * #include edges from the roots). A file that only skipped #includes name
 * is never read by clang, and its missing headers do not matter either.
 */
#include <stdlib.h>
#include <string.h>

#include "prescan_cond.h"
#include "prescan_scan.h"

/* The state of one input's judgment: which #defines may run (liveness,
 * by name id; enum liveness), judged on demand. */
struct judgement {
    struct scan *s;
    const links *macros;
    SL_VEC(unsigned char) liveness;
    int depth;
};

bool sl_ps_has(const sl_ps_ids *set, int id)
{
    for (size_t i = 0; i < set->len; i++)
        if (set->items[i] == id)
            return true;
    return false;
}

static bool builtin(const struct context *cx, int name, unsigned char flag)
{
    return (size_t)name < cx->builtin.len && (cx->builtin.items[name] & flag);
}

#define MAX_JUDGING_DEPTH 32 /* deeper, a #define counts as live: the stack stays small */

enum liveness { UNJUDGED, JUDGING, LIVE, DEAD };

static bool group_skipped(struct judgement *c, size_t visit, const sl_ps_ids *on_entry, int group);

/* Whether some #define of `name` may run: one outside any conditional, or
 * in a group clang may not skip. Judged on demand and remembered; a name
 * met again while being judged counts as live. */
static bool live_definition(struct judgement *c, int name)
{
    unsigned char *state = &c->liveness.items[name];
    if (*state == LIVE || *state == JUDGING || c->depth >= MAX_JUDGING_DEPTH)
        return *state != DEAD;
    if (*state == DEAD)
        return false;
    *state = JUDGING;
    c->depth++;
    sl_ps_ids nothing = {0};
    bool live = false;
    for (int k = c->s->cx->macro_head.items[name]; k >= 0 && !live; k = c->macros->items[k].next) {
        const struct sl_ps_macro *m = c->macros->items[k].def;
        live = m->group < 0 || !group_skipped(c, c->macros->items[k].visit, &nothing, m->group);
    }
    c->depth--;
    c->liveness.items[name] = live ? LIVE : DEAD;
    return live;
}

/* Some file or flag may define it: a live #define of a visited file, -D, a
 * macro clang predefines under some flags (SL_CLANG_PREDEFINED,
 * CMakeLists.txt), one a flag such as -fopenmp adds, or, when flags those
 * lists do not cover are given, any name of the implementation's ("__..."). */
static bool may_be_defined(struct judgement *c, int name, const char *text)
{
    static const char *const by_flags[] = {"_OPENMP", "_OPENACC", "_REENTRANT", "_THREAD_SAFE"};
    const struct scan *s = c->s;
    for (size_t i = 0; i < sizeof by_flags / sizeof *by_flags; i++)
        if (strcmp(by_flags[i], text) == 0)
            return true;
    return sl_ps_has(&s->defined, name) || builtin(s->cx, name, SL_PS_PREDEFINED) ||
           (s->search.predefines_changed && sl_str_starts_with(text, "__")) ||
           live_definition(c, name);
}

/* Nothing can undefine it: no -U, no #undef in any visited file. */
static bool never_undefined(const struct scan *s, int name)
{
    return s->cx->undefined.items[name] != s->cx->scan;
}

/* Stamps every name a -U or an #undef of a visited file names. */
static void note_undefined(struct scan *s)
{
    struct context *cx = s->cx;
    for (size_t i = 0; i < s->search.undefines.len; i++) {
        int id = sl_intern_find_n(&cx->names, s->search.undefines.items[i],
                                  strlen(s->search.undefines.items[i]));
        if (id >= 0 && (size_t)id < cx->undefined.len)
            cx->undefined.items[id] = cx->scan;
    }
    for (size_t i = 0; i < s->visits.len; i++)
        for (size_t k = 0; k < s->visits.items[i].file->undefined.len; k++)
            cx->undefined.items[s->visits.items[i].file->undefined.items[k]] = cx->scan;
}

/* What is known of `name` whatever the line: undefined if nothing can
 * define it; defined if the target or -D does and nothing undefines it. */
static enum sl_ps_truth defined_anywhere(struct judgement *c, int name)
{
    const struct scan *s = c->s;
    const char *text = sl_intern_name(&s->cx->names, name);
    if (!may_be_defined(c, name, text))
        return SL_PS_FALSE;
    bool set = sl_ps_has(&s->defined, name) ||
               (!s->search.predefines_changed && builtin(s->cx, name, SL_PS_SURELY_DEFINED));
    return set && never_undefined(s, name) ? SL_PS_TRUE : SL_PS_MAYBE;
}

static enum sl_ps_truth defined_by_target(void *ctx, int name, const struct sl_ps_group *at)
{
    (void)at;
    return defined_anywhere(ctx, name);
}

/* Whether one of a file's #defines before a line surely set `name`; a
 * guarded one counts when its guard's other conjuncts hold by what the
 * target defines. */
static bool set_before(struct judgement *c, const struct sl_ps_file *f, const sl_ps_defines *before,
                       int name)
{
    struct sl_ps_cond_env target = {&c->s->cx->names, defined_by_target, NULL, c};
    for (size_t i = 0; i < before->len; i++)
        if (before->items[i].name == name &&
            (before->items[i].guard < 0 ||
             sl_ps_others_hold(&f->groups.items[before->items[i].guard], name, &target)))
            return true;
    return false;
}

/* The judgment of one file's conditions. */
struct file_judge {
    struct judgement *c;
    const struct visit *from;
    const sl_ps_ids *on_entry;   /* surely defined when `from` begins */
};

/* At the line of group `at` of the judged file. */
static enum sl_ps_truth defined(void *ctx, int name, const struct sl_ps_group *at)
{
    const struct file_judge *j = ctx;
    enum sl_ps_truth known = defined_anywhere(j->c, name);
    if (known != SL_PS_MAYBE)
        return known;
    bool set = sl_ps_has(j->on_entry, name) || set_before(j->c, j->from->file, &at->defined, name);
    return set && never_undefined(j->c->s, name) ? SL_PS_TRUE : SL_PS_MAYBE;
}

static bool found(void *ctx, const struct sl_ps_include *header)
{
    const struct file_judge *j = ctx;
    return sl_ps_exists(j->c->s, j->from, header);
}

/* Whether clang surely skips group `group` of visit `visit`, on whose entry
 * the names on_entry are surely defined. */
static bool group_skipped(struct judgement *c, size_t visit, const sl_ps_ids *on_entry, int group)
{
    struct file_judge j = {c, &c->s->visits.items[visit], on_entry};
    struct sl_ps_cond_env env = {&c->s->cx->names, defined, found, &j};
    return sl_ps_group_skipped(j.from->file, group, &env);
}

/* ---- what is defined when a file begins ---- */

/* The macros surely defined when each visited file begins: those every way
 * of including it had defined just before (in the includer or on entry to
 * it). A fixpoint from the roots, over the files that lead to a missing
 * header only; `top` marks files not reached yet. An #include in a group
 * clang skips includes nothing and is left out. */
struct entries {
    sl_ps_ids *sets;     /* by visit */
    bool *top;
    bool *needed;        /* by visit: it leads to a missing header */
    sl_ps_ids *here;     /* by edge: what the includer surely defined at the #include */
    bool *used;          /* by edge: it leads to a missing header and is not skipped */
};

/* Marks the files that include, directly or not, one with a missing header. */
static void mark_needed(const struct scan *s, struct entries *e)
{
    for (size_t i = 0; i < s->missing.len; i++)
        e->needed[s->missing.items[i].visit] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < s->edges.len; i++) {
            const struct edge *edge = &s->edges.items[i];
            if (e->needed[edge->to] && !e->needed[edge->from])
                changed = e->needed[edge->from] = true;
        }
    }
}

/* What the includer surely defined itself at the #include of the edge. */
static sl_ps_ids defined_at_include(struct judgement *c, const struct edge *edge)
{
    const struct sl_ps_file *from = c->s->visits.items[edge->from].file;
    const sl_ps_defines *here = &edge->include->defined;
    sl_ps_ids set = {0};
    for (size_t i = 0; i < here->len; i++)
        if (!sl_ps_has(&set, here->items[i].name) &&
            set_before(c, from, here, here->items[i].name))
            sl_vec_push(&set, here->items[i].name);
    return set;
}

/* entry(to) := entry(to) ∩ (entry(from) ∪ here(edge)). */
static bool propagate(struct entries *e, const struct edge *edge, const sl_ps_ids *here)
{
    const sl_ps_ids *before = &e->sets[edge->from];
    sl_ps_ids *into = &e->sets[edge->to];
    if (e->top[edge->from])
        return false;
    if (e->top[edge->to]) {
        e->top[edge->to] = false;
        for (size_t i = 0; i < before->len; i++)
            sl_vec_push(into, before->items[i]);
        for (size_t i = 0; i < here->len; i++)
            if (!sl_ps_has(before, here->items[i]))
                sl_vec_push(into, here->items[i]);
        return true;
    }
    size_t kept = 0;
    for (size_t i = 0; i < into->len; i++)
        if (sl_ps_has(before, into->items[i]) || sl_ps_has(here, into->items[i]))
            into->items[kept++] = into->items[i];
    bool changed = kept < into->len;
    into->len = kept;
    return changed;
}

static void compute_entries(struct judgement *c, struct entries *e)
{
    const struct scan *s = c->s;
    sl_ps_ids nothing = {0};
    e->sets = sl_xcalloc(s->visits.len + 1, sizeof *e->sets);
    e->top = sl_xcalloc(s->visits.len + 1, sizeof *e->top);
    e->needed = sl_xcalloc(s->visits.len + 1, sizeof *e->needed);
    e->here = sl_xcalloc(s->edges.len + 1, sizeof *e->here);
    e->used = sl_xcalloc(s->edges.len + 1, sizeof *e->used);
    mark_needed(s, e);
    for (size_t i = 0; i < s->visits.len; i++)
        e->top[i] = !s->visits.items[i].root;
    for (size_t i = 0; i < s->edges.len; i++) {
        const struct edge *edge = &s->edges.items[i];
        e->used[i] = e->needed[edge->to] &&
                     (edge->include->group < 0 ||
                      !group_skipped(c, edge->from, &nothing, edge->include->group));
        if (e->used[i])
            e->here[i] = defined_at_include(c, edge);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < s->edges.len; i++)
            changed = (e->used[i] && propagate(e, &s->edges.items[i], &e->here[i])) || changed;
    }
}

static void free_entries(struct entries *e, const struct scan *s)
{
    for (size_t i = 0; i < s->visits.len; i++)
        sl_vec_free(&e->sets[i]);
    for (size_t i = 0; i < s->edges.len; i++)
        sl_vec_free(&e->here[i]);
    free(e->sets);
    free(e->top);
    free(e->needed);
    free(e->here);
    free(e->used);
}

/* ---- includes that are not found ---- */

/* A header not found is an error clang reports, unless its #include is in
 * a group clang surely skips or in a file only such #includes name. */
void sl_ps_excuse_missing(struct scan *s, const links *macros)
{
    struct judgement c = {.s = s, .macros = macros};
    struct entries entries = {0};
    while (c.liveness.len < s->cx->names.len)
        sl_vec_push(&c.liveness, UNJUDGED);
    note_undefined(s);
    compute_entries(&c, &entries);
    for (size_t i = 0; i < s->missing.len && !s->why; i++) {
        size_t v = s->missing.items[i].visit;
        if (!entries.top[v] &&
            !group_skipped(&c, v, &entries.sets[v], s->missing.items[i].include->group))
            sl_ps_fail(s, "a header that is not found", s->missing.items[i].include->name);
    }
    free_entries(&entries, s);
    sl_vec_free(&c.liveness);
}
