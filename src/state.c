/*
 * state.c: the abstract state of one path (see state.h): sorted symbol and
 * variable tables, the fingerprints of the per-block state sets,
 * and the join used when a block holds more states than the cap allows.
 */
#include "state.h"

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

struct sl_state *sl_state_copy(const struct sl_state *s)
{
    struct sl_state *c = sl_state_new();
    c->nsyms = c->capsyms = s->nsyms;
    c->nvars = c->capvars = s->nvars;
    c->syms = sl_xmalloc(s->nsyms * sizeof *c->syms);
    c->vars = sl_xmalloc(s->nvars * sizeof *c->vars);
    if (s->nsyms)
        memcpy(c->syms, s->syms, s->nsyms * sizeof *c->syms);
    if (s->nvars)
        memcpy(c->vars, s->vars, s->nvars * sizeof *c->vars);
    c->history = s->history;
    return c;
}

void sl_state_free(struct sl_state *s)
{
    if (!s)
        return;
    free(s->syms);
    free(s->vars);
    free(s);
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

struct sl_sym *sl_state_sym(struct sl_state *s, int site)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, site, &found);
    return found ? &s->syms[i] : NULL;
}

struct sl_sym *sl_state_put_sym(struct sl_state *s, const struct sl_sym *sym)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, sym->site, &found);
    if (!found) {
        if (s->nsyms == s->capsyms) {
            s->capsyms = s->capsyms ? s->capsyms * 2 : 4;
            s->syms = sl_xrealloc(s->syms, s->capsyms * sizeof *s->syms);
        }
        memmove(&s->syms[i + 1], &s->syms[i], (s->nsyms - i) * sizeof *s->syms);
        s->nsyms++;
    }
    s->syms[i] = *sym;
    return &s->syms[i];
}

void sl_state_drop_sym(struct sl_state *s, int site)
{
    bool found;
    size_t i = find_key(s->syms, s->nsyms, sizeof *s->syms, site, &found);
    if (!found)
        return;
    memmove(&s->syms[i], &s->syms[i + 1], (s->nsyms - i - 1) * sizeof *s->syms);
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
    if (!found) {
        if (s->nvars == s->capvars) {
            s->capvars = s->capvars ? s->capvars * 2 : 8;
            s->vars = sl_xrealloc(s->vars, s->capvars * sizeof *s->vars);
        }
        memmove(&s->vars[i + 1], &s->vars[i], (s->nvars - i) * sizeof *s->vars);
        s->nvars++;
    }
    s->vars[i] = (struct sl_var){.path = path, .v = v};
}

void sl_state_unset_var(struct sl_state *s, int path)
{
    bool found;
    size_t i = find_key(s->vars, s->nvars, sizeof *s->vars, path, &found);
    if (!found)
        return;
    memmove(&s->vars[i], &s->vars[i + 1], (s->nvars - i - 1) * sizeof *s->vars);
    s->nvars--;
}

size_t sl_state_refs(const struct sl_state *s, int site)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nvars; i++)
        if (s->vars[i].v.tag == SL_V_SYM && s->vars[i].v.site == site)
            n++;
    return n;
}

/* Two lanes with different multipliers and shifts: a 128-bit fingerprint,
 * so two different states share one with negligible probability (hash
 * compaction, as explicit-state model checkers do). */
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

struct sl_state_print sl_state_fingerprint(const struct sl_state *s)
{
    struct print_acc p = {0x6A09E667F3BCC908u, 0xBB67AE8584CAA73Bu};
    add_word(&p, (uint64_t)s->nsyms << 32 | (uint64_t)s->nvars);
    for (size_t i = 0; i < s->nsyms; i++)
        add_sym(&p, &s->syms[i]);
    for (size_t i = 0; i < s->nvars; i++)
        add_var(&p, &s->vars[i]);
    return (struct sl_state_print){p.a, p.b};
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

void sl_state_join(struct sl_state *a, const struct sl_state *b)
{
    for (size_t i = 0; i < a->nsyms;) {
        struct sl_state *bb = (struct sl_state *)b;
        struct sl_sym *other = sl_state_sym(bb, a->syms[i].site);
        if (other) {
            join_sym(&a->syms[i], other);
            i++;
        } else {
            a->syms[i].st = SL_HS_UNKNOWN;
            a->syms[i].tx = SL_TX_UNKNOWN;
            a->syms[i].owned = false;
            i++;
        }
    }
    for (size_t i = 0; i < a->nvars; i++) {
        const struct sl_value *other = sl_state_var(b, a->vars[i].path);
        if (!other || !sl_value_equal(&a->vars[i].v, other))
            a->vars[i].v = sl_value_unknown();
    }
}

static bool sym_needed(const struct sl_state *s, const struct sl_sym *y)
{
    bool settled = y->st == SL_HS_CLOSED || y->st == SL_HS_NULL || !y->owned || y->escaped;
    if (!settled || sl_txn_is_open(y->tx))
        return true;
    if (y->from_caller && y->st == SL_HS_CLOSED)
        return true; /* the summary tells the caller (`close(ctx->db); ctx->db = NULL;`) */
    if (sl_state_refs(s, y->site) > 0)
        return true;
    for (size_t i = 0; i < s->nsyms; i++)
        if (s->syms[i].parent == y->site || s->syms[i].origin == y->site)
            return true;
    return false;
}

void sl_state_gc(struct sl_state *s)
{
    for (size_t i = 0; i < s->nvars; i++) {
        struct sl_value *v = &s->vars[i].v;
        struct sl_sym *y = v->tag == SL_V_SYM ? sl_state_sym(s, v->site) : NULL;
        if (y && y->st == SL_HS_NULL && !y->from_caller)
            *v = (struct sl_value){.tag = SL_V_NULL};
    }
    size_t out = 0;
    for (size_t i = 0; i < s->nsyms; i++)
        if (sym_needed(s, &s->syms[i]))
            s->syms[out++] = s->syms[i];
    s->nsyms = out;
}
