/*
 * state.c: the abstract state of one path (see state.h): sorted symbol and
 * variable tables, which a copy shares with its original until one of them
 * changes them (copy on write), the fingerprint each state keeps up to date
 * as its tables change (a sum of per-entry digests, so a change costs one
 * entry's digest), and the join used when a block holds more states than
 * the cap allows.
 */
#include "state.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sl_value sl_value_unknown(void) { return (struct sl_value){.tag = SL_V_UNKNOWN}; }
struct sl_value sl_value_sym(int site) { return (struct sl_value){.tag = SL_V_SYM, .site = site}; }
struct sl_value sl_value_int(long long k) { return (struct sl_value){.tag = SL_V_INT, .k = k}; }

bool sl_value_equal(const struct sl_value *a, const struct sl_value *b)
{
    return a->tag == b->tag && a->site == b->site && a->k == b->k && a->effect == b->effect &&
           a->succ == b->succ && a->decided == b->decided;
}

struct sl_state *sl_state_new(void) { return sl_xcalloc(1, sizeof(struct sl_state)); }

/* A copied state shares its parent's tables until one of the two changes
 * them: the states a large `switch` queues (one per case, postgresql's
 * getopt loops have 60) differ in a variable or two. A table starts with
 * the count of states holding it. */
union table_head {
    size_t refs;
    max_align_t align;
};

static union table_head *head_of(const void *table) { return (union table_head *)table - 1; }

/* Resizes table (NULL: a new one) to `bytes` of entries; it must be unshared. */
static void *resize_table(const void *table, size_t bytes)
{
    union table_head *h = sl_xrealloc(table ? head_of(table) : NULL, sizeof *h + bytes);
    if (!table)
        h->refs = 1;
    return h + 1;
}

static void release_table(const void *table)
{
    if (table && --head_of(table)->refs == 0)
        free(head_of(table));
}

/* table as one state may change: copied (cap entries of `size`, n used)
 * if another state holds it too. */
static void *own_table(const void *table, size_t n, size_t cap, size_t size)
{
    if (!table || head_of(table)->refs == 1)
        return (void *)table;
    void *own = resize_table(NULL, cap * size);
    memcpy(own, table, n * size);
    release_table(table);
    return own;
}

struct sl_state *sl_state_copy(const struct sl_state *s)
{
    struct sl_state *c = sl_xmalloc(sizeof *c);
    *c = *s; /* the print and what it is waiting for too */
    c->capsyms = s->nsyms;
    c->capvars = s->nvars;
    if (s->syms)
        head_of(s->syms)->refs++;
    if (s->vars)
        head_of(s->vars)->refs++;
    return c;
}

void sl_state_free(struct sl_state *s)
{
    if (!s)
        return;
    release_table(s->syms);
    release_table(s->vars);
    free(s);
}

/* The tables are const to the rest of the engine (see state.h); here is
 * where they change, keeping the print valid, each state on its own copy. */
static struct sl_sym *syms_of(struct sl_state *s)
{
    s->syms = own_table(s->syms, s->nsyms, s->capsyms, sizeof *s->syms);
    return (struct sl_sym *)s->syms;
}

static struct sl_var *vars_of(struct sl_state *s)
{
    s->vars = own_table(s->vars, s->nvars, s->capvars, sizeof *s->vars);
    return (struct sl_var *)s->vars;
}

/* Two lanes with different multipliers and shifts: a 128-bit digest per
 * entry, so two different states share a print with negligible probability
 * (hash compaction, as explicit-state model checkers do). */
struct print_acc {
    uint64_t a, b;
};

static void add_word(struct print_acc *p, uint64_t x)
{
    p->a = (p->a ^ x) * 0x9E3779B97F4A7C15u;
    p->a ^= p->a >> 32;
    p->b = (p->b + x) * 0xC2B2AE3D27D4EB4Fu;
    p->b = (p->b ^ (p->b >> 29)) * 0x165667B19E3779F9u;
}

static void add_pointer(struct print_acc *p, const void *ptr)
{
    add_word(p, (uint64_t)(uintptr_t)ptr);
}

/* Every compared field of a handle, four words. */
static void add_sym(struct print_acc *p, const struct sl_sym *y)
{
    add_word(p, (uint64_t)(uint32_t)y->site << 32 | (uint32_t)y->kind);
    add_word(p, (uint64_t)(uint32_t)y->parent << 32 | (uint32_t)y->origin);
    add_word(p, (uint64_t)(uint32_t)y->array << 32 | (uint64_t)y->origin_effect << 24 |
                    (uint64_t)y->st << 16 | (uint64_t)y->tx << 8 | (uint64_t)y->owned |
                    (uint64_t)y->escaped << 1 | (uint64_t)y->from_caller << 2 |
                    (uint64_t)y->exists_on_failure << 3 | (uint64_t)y->null_is_normal << 4 |
                    (uint64_t)y->pooled << 5 | (uint64_t)y->guessed << 6);
    add_pointer(p, y->origin_succ);
}

static void add_var(struct print_acc *p, const struct sl_var *v)
{
    add_word(p, (uint64_t)(uint32_t)v->path << 32 | (uint32_t)v->v.site);
    add_word(p, (uint64_t)v->v.k);
    add_word(p, (uint64_t)v->v.tag | (uint64_t)v->v.effect << 8 |
                    (uint64_t)(uint8_t)v->v.decided << 16);
    add_pointer(p, v->v.succ);
}

/* Each lane of an entry's digest is finished with a full avalanche (the
 * MurmurHash3 finaliser): the print adds digests up, which is sound only if
 * each one looks random. */
static uint64_t avalanche(uint64_t x)
{
    x = (x ^ (x >> 33)) * 0xFF51AFD7ED558CCDu;
    x = (x ^ (x >> 33)) * 0xC4CEB9FE1A85EC53u;
    return x ^ (x >> 33);
}

static struct sl_state_print finish(struct print_acc p)
{
    return (struct sl_state_print){avalanche(p.a), avalanche(p.b)};
}

/* Handles and variables start from different seeds, so neither can stand
 * for the other in a sum. */
static struct sl_state_print digest_sym(const struct sl_sym *y)
{
    struct print_acc p = {0x6A09E667F3BCC908u, 0xBB67AE8584CAA73Bu};
    add_sym(&p, y);
    return finish(p);
}

static struct sl_state_print digest_var(const struct sl_var *v)
{
    struct print_acc p = {0x3C6EF372FE94F82Bu, 0xA54FF53A5F1D36F1u};
    add_var(&p, v);
    return finish(p);
}

static void print_add(struct sl_state_print *sum, struct sl_state_print d)
{
    sum->a += d.a;
    sum->b += d.b;
}

static void print_sub(struct sl_state_print *sum, struct sl_state_print d)
{
    sum->a -= d.a;
    sum->b -= d.b;
}

static void var_enters_sum(struct sl_state *s, size_t i)
{
    if (!s->stale)
        print_add(&s->sum, digest_var(&s->vars[i]));
}

static void var_leaves_sum(struct sl_state *s, size_t i)
{
    if (!s->stale)
        print_sub(&s->sum, digest_var(&s->vars[i]));
}

static bool is_pending(const struct sl_state *s, int site)
{
    for (unsigned i = 0; i < s->npending; i++)
        if (s->pending[i] == site)
            return true;
    return false;
}

/* Handle `site`, whose digest is not in the sum, is digested at the next print. */
static void add_pending(struct sl_state *s, int site)
{
    if (s->stale || is_pending(s, site))
        return;
    if (s->npending == SL_STATE_MAX_PENDING)
        s->stale = true;
    else
        s->pending[s->npending++] = site;
}

/* syms[i] may change through a pointer: its digest leaves the sum until the
 * next print. */
static void sym_leaves_sum(struct sl_state *s, size_t i)
{
    if (s->stale || is_pending(s, s->syms[i].site))
        return;
    print_sub(&s->sum, digest_sym(&s->syms[i]));
    add_pending(s, s->syms[i].site);
}

/* syms[i] becomes *y (same site): the sum follows if it counts the entry. */
static void replace_sym_at(struct sl_state *s, size_t i, const struct sl_sym *y)
{
    if (!s->stale && !is_pending(s, y->site)) {
        print_sub(&s->sum, digest_sym(&s->syms[i]));
        print_add(&s->sum, digest_sym(y));
    }
    syms_of(s)[i] = *y;
}

/* syms[i] is dropped: its digest leaves the sum if it is in it. */
static void sym_dropped(struct sl_state *s, size_t i)
{
    if (!s->stale && !is_pending(s, s->syms[i].site))
        print_sub(&s->sum, digest_sym(&s->syms[i]));
}

/* Binary search in a sorted table of n entries of `size` bytes keyed by an
 * int at offset 0; returns the insertion index and sets *found. */
static size_t find_key(const void *table, size_t n, size_t size, int key, bool *found)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int k = *(const int *)((const char *)table + mid * size);
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < n && *(const int *)((const char *)table + lo * size) == key;
    return lo;
}

static const struct sl_sym *find_sym(const struct sl_state *s, int site)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, site, &found);
    return found ? &s->syms[i] : NULL;
}

struct sl_sym *sl_state_sym(struct sl_state *s, int site)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, site, &found);
    return found ? sl_state_sym_at(s, i) : NULL;
}

struct sl_sym *sl_state_sym_at(struct sl_state *s, size_t i)
{
    sym_leaves_sum(s, i);
    return &syms_of(s)[i];
}

struct sl_sym *sl_state_put_sym(struct sl_state *s, const struct sl_sym *sym)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, sym->site, &found);
    if (found)
        sym_leaves_sum(s, i);
    else {
        if (s->nsyms == s->capsyms) {
            s->capsyms = s->capsyms ? s->capsyms * 2 : 4;
            s->syms = resize_table(syms_of(s), s->capsyms * sizeof *s->syms);
        }
        memmove(&syms_of(s)[i + 1], &s->syms[i], (s->nsyms - i) * sizeof *s->syms);
        s->nsyms++;
        add_pending(s, sym->site);
    }
    syms_of(s)[i] = *sym;
    return &syms_of(s)[i];
}

void sl_state_drop_sym(struct sl_state *s, int site)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, site, &found);
    if (!found)
        return;
    sym_dropped(s, i);
    memmove(&syms_of(s)[i], &s->syms[i + 1], (s->nsyms - i - 1) * sizeof *s->syms);
    s->nsyms--;
}

const struct sl_value *sl_state_var(const struct sl_state *s, int path)
{
    bool found;
    size_t i = find_key(s->vars, s->nvars, sizeof *s->vars, path, &found);
    return found ? &s->vars[i].v : NULL;
}

void sl_state_set_var(struct sl_state *s, int path, struct sl_value v)
{
    bool found;
    size_t i = find_key(s->vars, s->nvars, sizeof *s->vars, path, &found);
    if (found) {
        sl_state_set_var_at(s, i, v);
        return;
    }
    if (s->nvars == s->capvars) {
        s->capvars = s->capvars ? s->capvars * 2 : 8;
        s->vars = resize_table(vars_of(s), s->capvars * sizeof *s->vars);
    }
    memmove(&vars_of(s)[i + 1], &s->vars[i], (s->nvars - i) * sizeof *s->vars);
    s->nvars++;
    s->vars_added = true;
    vars_of(s)[i] = (struct sl_var){.path = path, .v = v};
    var_enters_sum(s, i);
}

void sl_state_set_var_at(struct sl_state *s, size_t i, struct sl_value v)
{
    if (sl_value_equal(&s->vars[i].v, &v))
        return; /* no digest to redo, no shared table to copy */
    var_leaves_sum(s, i);
    vars_of(s)[i].v = v;
    var_enters_sum(s, i);
}

void sl_state_unset_var(struct sl_state *s, int path)
{
    bool found;
    size_t i = find_key(s->vars, s->nvars, sizeof *s->vars, path, &found);
    if (!found)
        return;
    var_leaves_sum(s, i);
    memmove(&vars_of(s)[i], &s->vars[i + 1], (s->nvars - i - 1) * sizeof *s->vars);
    s->nvars--;
}

void sl_state_keep_vars(struct sl_state *s, bool (*keep)(void *ctx, int path), void *ctx)
{
    size_t out = 0;
    for (size_t i = 0; i < s->nvars; i++) {
        if (!keep(ctx, s->vars[i].path))
            var_leaves_sum(s, i);
        else if (out++ != i)
            vars_of(s)[out - 1] = s->vars[i];
    }
    s->nvars = out;
}

size_t sl_state_refs(const struct sl_state *s, int site)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nvars; i++)
        if (s->vars[i].v.tag == SL_V_SYM && s->vars[i].v.site == site)
            n++;
    return n;
}

static struct sl_state_print sum_of_digests(const struct sl_state *s)
{
    struct sl_state_print sum = {0, 0};
    for (size_t i = 0; i < s->nsyms; i++)
        print_add(&sum, digest_sym(&s->syms[i]));
    for (size_t i = 0; i < s->nvars; i++)
        print_add(&sum, digest_var(&s->vars[i]));
    return sum;
}

/* The pending handles still tracked go back into the sum. */
static void digest_pending(struct sl_state *s)
{
    for (unsigned k = 0; k < s->npending; k++) {
        const struct sl_sym *y = find_sym(s, s->pending[k]);
        if (y)
            print_add(&s->sum, digest_sym(y));
    }
}

struct sl_state_print sl_state_fingerprint(struct sl_state *s)
{
    if (s->stale)
        s->sum = sum_of_digests(s);
    else
        digest_pending(s);
    s->npending = 0;
    s->stale = false;
    return s->sum;
}

/* Where two paths disagree about a handle, the join knows nothing for sure:
 * the UNKNOWN states keep every rule silent about it. */
static void join_sym(struct sl_sym *a, const struct sl_sym *b)
{
    if (a->st != b->st)
        a->st = SL_HS_UNKNOWN;
    if (a->tx != b->tx)
        a->tx = SL_TX_UNKNOWN;
    a->owned = a->owned && b->owned;
    a->escaped = a->escaped || b->escaped;
    if (a->kind != b->kind)
        a->kind = -1;
    if (a->array != b->array) { /* stored in the array on one path only */
        a->st = SL_HS_UNKNOWN;
        a->array = a->array ? a->array : b->array;
    }
}

/* The fields join_sym may change. */
static bool join_changed(const struct sl_sym *x, const struct sl_sym *y)
{
    return x->st != y->st || x->tx != y->tx || x->owned != y->owned ||
           x->escaped != y->escaped || x->kind != y->kind || x->array != y->array;
}

/* Index of the first entry from j on, in a table sorted by its int key,
 * whose key is not below `key` (joins walk both tables in step). */
static size_t skip_below(const void *table, size_t n, size_t size, size_t j, int key)
{
    while (j < n && *(const int *)((const char *)table + j * size) < key)
        j++;
    return j;
}

/* What joining b into a changes: which entries, the handles' new contents
 * (a variable the join changes becomes unknown) and a's print after. */
struct join_changes {
    SL_VEC(size_t) sym_at;
    SL_VEC(struct sl_sym) syms;
    SL_VEC(size_t) var_at;
    struct sl_state_print print;
};

static void change(struct sl_state_print *print, struct sl_state_print before,
                   struct sl_state_print after)
{
    print_sub(print, before);
    print_add(print, after);
}

static void collect_sym_changes(const struct sl_state *a, const struct sl_state *b,
                                struct join_changes *ch)
{
    size_t j = 0;
    for (size_t i = 0; i < a->nsyms; i++) {
        struct sl_sym joined = a->syms[i];
        j = skip_below(b->syms, b->nsyms, sizeof *b->syms, j, joined.site);
        if (j < b->nsyms && b->syms[j].site == joined.site)
            join_sym(&joined, &b->syms[j]);
        else {
            joined.st = SL_HS_UNKNOWN;
            joined.tx = SL_TX_UNKNOWN;
            joined.owned = false;
        }
        if (!join_changed(&joined, &a->syms[i]))
            continue;
        change(&ch->print, digest_sym(&a->syms[i]), digest_sym(&joined));
        sl_vec_push(&ch->sym_at, i);
        sl_vec_push(&ch->syms, joined);
    }
}

static void collect_var_changes(const struct sl_state *a, const struct sl_state *b,
                                struct join_changes *ch)
{
    const struct sl_value unknown = sl_value_unknown();
    size_t j = 0;
    for (size_t i = 0; i < a->nvars; i++) {
        const struct sl_var *mine = &a->vars[i];
        j = skip_below(b->vars, b->nvars, sizeof *b->vars, j, mine->path);
        bool agree = j < b->nvars && b->vars[j].path == mine->path &&
                     sl_value_equal(&mine->v, &b->vars[j].v);
        if (agree || sl_value_equal(&mine->v, &unknown))
            continue;
        change(&ch->print, digest_var(mine),
               digest_var(&(struct sl_var){.path = mine->path, .v = unknown}));
        sl_vec_push(&ch->var_at, i);
    }
}

bool sl_state_join(struct sl_state *a, const struct sl_state *b,
                   bool (*wanted)(void *ctx, struct sl_state_print print), void *ctx,
                   struct sl_state_print *print)
{
    struct join_changes ch = {.print = sl_state_fingerprint(a)};
    collect_sym_changes(a, b, &ch);
    collect_var_changes(a, b, &ch);
    bool join = !wanted || wanted(ctx, ch.print);
    for (size_t k = 0; join && k < ch.sym_at.len; k++)
        replace_sym_at(a, ch.sym_at.items[k], &ch.syms.items[k]);
    for (size_t k = 0; join && k < ch.var_at.len; k++)
        sl_state_set_var_at(a, ch.var_at.items[k], sl_value_unknown());
    if (print)
        *print = ch.print;
    sl_vec_free(&ch.sym_at);
    sl_vec_free(&ch.syms);
    sl_vec_free(&ch.var_at);
    return join;
}

typedef SL_VEC(int) site_list; /* ascending, as the table they come from */

static bool listed(const site_list *sites, int site, size_t *at)
{
    bool found;
    *at = find_key(sites->items, sites->len, sizeof *sites->items, site, &found);
    return found;
}

/* gc runs at every step: its lists of sites live on the stack when the
 * state's handles fit there (no list is longer than the handle table). */
enum { SITES_HERE = 64 };

static site_list sites_over(int *here, const struct sl_state *s)
{
    return s->nsyms <= SITES_HERE ? (site_list){here, 0, SITES_HERE} : (site_list){0};
}

static void free_sites(site_list *l, const int *here)
{
    if (l->items != here)
        sl_vec_free(l);
}

/* A handle that is NULL on this path (and not the caller's) is no handle:
 * the variables holding it hold NULL. */
static void forget_null_handles(struct sl_state *s)
{
    int here[SITES_HERE];
    site_list nulls = sites_over(here, s);
    for (size_t i = 0; i < s->nsyms; i++)
        if (s->syms[i].st == SL_HS_NULL && !s->syms[i].from_caller)
            sl_vec_push(&nulls, s->syms[i].site);
    size_t at;
    for (size_t i = 0; i < s->nvars && nulls.len; i++)
        if (s->vars[i].v.tag == SL_V_SYM && listed(&nulls, s->vars[i].v.site, &at))
            sl_state_set_var_at(s, i, (struct sl_value){.tag = SL_V_NULL});
    free_sites(&nulls, here);
}

/* Settled (released, NULL or not ours) with no transaction open and nothing
 * to tell a caller: dropped unless something still refers to it. */
static bool droppable(const struct sl_sym *y)
{
    bool settled = y->st == SL_HS_CLOSED || y->st == SL_HS_NULL || !y->owned || y->escaped;
    if (!settled || sl_txn_is_open(y->tx))
        return false;
    return !(y->from_caller && y->st == SL_HS_CLOSED); /* the summary tells the caller
                                                          (`close(ctx->db); ctx->db = NULL;`) */
}

/* held[k]: some variable's value is the handle candidates[k] (one pass over
 * the variables rather than one per candidate). */
static void mark_held_by_vars(const struct sl_state *s, const site_list *candidates, bool *held)
{
    size_t k;
    for (size_t i = 0; i < s->nvars && candidates->len; i++)
        if (s->vars[i].v.tag == SL_V_SYM && listed(candidates, s->vars[i].v.site, &k))
            held[k] = true;
}

/* A child or result of y in the table as it stands (gc compacts it while
 * asking, which decides what a dropped handle's own children see). */
static bool has_dependent(const struct sl_state *s, const struct sl_sym *y)
{
    for (size_t i = 0; i < s->nsyms; i++)
        if (s->syms[i].parent == y->site || s->syms[i].origin == y->site)
            return true;
    return false;
}

void sl_state_gc(struct sl_state *s)
{
    forget_null_handles(s);
    int here[SITES_HERE];
    site_list candidates = sites_over(here, s);
    for (size_t i = 0; i < s->nsyms; i++)
        if (droppable(&s->syms[i]))
            sl_vec_push(&candidates, s->syms[i].site);
    if (!candidates.len)
        return; /* the usual case: nothing to drop */
    bool held_here[SITES_HERE] = {0};
    bool *held = candidates.items == here ? held_here : sl_xcalloc(candidates.len, sizeof *held);
    mark_held_by_vars(s, &candidates, held);
    size_t out = 0, k;
    for (size_t i = 0; i < s->nsyms; i++) {
        const struct sl_sym *y = &s->syms[i];
        if (listed(&candidates, y->site, &k) && !held[k] && !has_dependent(s, y))
            sym_dropped(s, i);
        else if (out++ != i)
            syms_of(s)[out - 1] = *y;
    }
    s->nsyms = out;
    if (held != held_here)
        free(held);
    free_sites(&candidates, here);
}
