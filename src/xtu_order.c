/*
 * xtu_order.c: definers first (xtu_order.h). Each file is lexed once; what
 * is kept of it is its distinct identifiers and the functions it defines,
 * until the files it waits for are known, and the table from a function's
 * name to the files defining it, which pass 1 reads from its workers. The
 * order is a topological sort (Kahn's) with the largest free file first
 * and a rule to cut cycles, then the same sort again over the waits it
 * kept, with each file weighing as much as the largest file behind it.
 */
#include "xtu_order.h"

#include <stdlib.h>
#include <string.h>

struct scanned {
    size_t input;              /* index in the inputs */
    size_t size;               /* bytes of text */
    sl_ps_ids idents;          /* each identifier of the text once, until linked */
    sl_ps_ids functions;       /* the functions it defines, until linked */
    SL_VEC(size_t) dependents; /* the files (positions) that wait for this one */
    SL_VEC(size_t) waits_for;  /* the files (positions) this one waits for */
    size_t waiting;            /* how many of those are not taken yet */
    size_t holding;            /* how many files not taken yet wait for this one */
    size_t weight;             /* what decides among free files: its size, then the largest
                                  size of the files after it (order_for_jobs) */
    size_t rank;               /* by weight, 0 the heaviest */
    size_t taken_at;           /* its place in the order */
    bool taken;
};

/* Each identifier of `all` once, in first-seen order: seen[id] holds the
 * mark of the last file that listed id (a sort of every occurrence costs
 * more than the lexing on a large file). */
static sl_ps_ids distinct(const sl_ps_ids *all, size_t **seen, size_t *nseen, size_t names,
                          size_t mark)
{
    if (*nseen < names) {
        *seen = sl_xrealloc(*seen, names * sizeof **seen);
        memset(*seen + *nseen, 0, (names - *nseen) * sizeof **seen);
        *nseen = names;
    }
    sl_ps_ids once = {0};
    for (size_t i = 0; i < all->len; i++)
        if ((*seen)[all->items[i]] != mark) {
            (*seen)[all->items[i]] = mark;
            sl_vec_push(&once, all->items[i]);
        }
    return once;
}

/* Lexes one file's text; a file that cannot be read defines and names
 * nothing (its parse reports why). `mark`: the file's, for `distinct`. */
static void scan_one(struct sl_xtu_order *o, const struct sl_input *in, struct scanned *s,
                     size_t **seen, size_t *nseen, size_t mark)
{
    size_t len = in->unsaved_len;
    char *read = in->unsaved ? NULL : sl_read_file(in->file, &len);
    const char *text = in->unsaved ? in->unsaved : read;
    if (!text)
        return;
    struct sl_ps_file f = {0};
    sl_ps_lex(text, len, &o->names, NULL, &f);
    s->size = len;
    s->idents = distinct(&f.idents, seen, nseen, o->names.len, mark);
    s->functions = f.functions;
    f.functions = (sl_ps_ids){0};
    sl_ps_file_free(&f);
    free(read);
}

/* One (maybe empty) list of definers per name interned so far. */
static void cover_every_name(struct sl_xtu_order *o)
{
    while (o->definers.len < o->names.len)
        sl_vec_push(&o->definers, (sl_ps_ids){0});
}

static void add_definers(struct sl_xtu_order *o, size_t input, const sl_ps_ids *functions)
{
    cover_every_name(o);
    for (size_t i = 0; i < functions->len; i++) {
        sl_ps_ids *d = &o->definers.items[functions->items[i]];
        if (!d->len || d->items[d->len - 1] != (int)input) /* defined twice in one text */
            sl_vec_push(d, (int)input);
    }
}

static int compare_ids(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool defines(const struct scanned *s, int id)
{
    return s->functions.len && bsearch(&id, s->functions.items, s->functions.len,
                                       sizeof *s->functions.items, compare_ids);
}

/* s waits for each other scanned file defining an identifier of s that s
 * does not define itself. */
static void link_definers(const struct sl_xtu_order *o, struct scanned *files,
                          const size_t *position, size_t k)
{
    struct scanned *s = &files[k];
    sl_ps_ids definers = {0};
    if (s->functions.len)
        qsort(s->functions.items, s->functions.len, sizeof *s->functions.items, compare_ids);
    for (size_t i = 0; i < s->idents.len; i++) {
        const sl_ps_ids *d = &o->definers.items[s->idents.items[i]];
        for (size_t m = 0; m < d->len && !defines(s, s->idents.items[i]); m++)
            if ((size_t)d->items[m] != s->input)
                sl_vec_push(&definers, (int)position[d->items[m]]);
    }
    if (definers.len)
        qsort(definers.items, definers.len, sizeof *definers.items, compare_ids);
    for (size_t i = 0; i < definers.len; i++) {
        if (i && definers.items[i] == definers.items[i - 1])
            continue;
        struct scanned *g = &files[definers.items[i]];
        sl_vec_push(&g->dependents, k);
        sl_vec_push(&s->waits_for, (size_t)definers.items[i]);
        g->holding++;
    }
    s->waiting = s->waits_for.len;
    sl_vec_free(&definers);
    sl_vec_free(&s->idents);
    sl_vec_free(&s->functions);
}

/* ---- a min-heap of ranks (0 is the largest file) ---- */

typedef SL_VEC(size_t) heap;

static void heap_push(heap *h, size_t rank)
{
    sl_vec_push(h, rank);
    for (size_t i = h->len - 1; i > 0 && h->items[(i - 1) / 2] > h->items[i]; i = (i - 1) / 2) {
        size_t up = h->items[(i - 1) / 2];
        h->items[(i - 1) / 2] = h->items[i];
        h->items[i] = up;
    }
}

static size_t heap_pop(heap *h)
{
    size_t top = h->items[0];
    h->items[0] = h->items[--h->len];
    for (size_t i = 0;;) {
        size_t least = i, l = 2 * i + 1, r = l + 1;
        if (l < h->len && h->items[l] < h->items[least])
            least = l;
        if (r < h->len && h->items[r] < h->items[least])
            least = r;
        if (least == i)
            return top;
        size_t down = h->items[least];
        h->items[least] = h->items[i];
        h->items[i] = down;
        i = least;
    }
}

/* ---- the order ---- */

static int heavier_first(const void *a, const void *b)
{
    const struct scanned *x = *(struct scanned *const *)a, *y = *(struct scanned *const *)b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return (x->input > y->input) - (x->input < y->input);
}

/* When every file left waits (a cycle), the one most files left wait for
 * goes (a hub: a module of wrappers its callers need), then the one that
 * waits for the fewest, then the largest: the files it waits for are the
 * ones whose summaries it will not see. */
static struct scanned *cut_cycle(struct scanned *const *by_size, size_t n)
{
    struct scanned *cut = NULL;
    for (size_t r = 0; r < n; r++) {
        struct scanned *s = by_size[r];
        if (!s->taken && (!cut || s->holding > cut->holding ||
                          (s->holding == cut->holding && s->waiting < cut->waiting)))
            cut = s;
    }
    return cut;
}

/* Marks s taken: the files waiting for it wait for one file less (those
 * that now wait for none are free to go), the files it waited for hold one
 * file less. */
static void take(struct scanned *files, struct scanned *s, heap *free_to_go)
{
    s->taken = true;
    for (size_t d = 0; d < s->dependents.len; d++) {
        struct scanned *after = &files[s->dependents.items[d]];
        if (--after->waiting == 0 && !after->taken)
            heap_push(free_to_go, after->rank);
    }
    for (size_t w = 0; w < s->waits_for.len; w++)
        files[s->waits_for.items[w]].holding--;
}

/* The heaviest file that waits for no other goes next. */
static void take_in_order(struct sl_xtu_order *o, struct scanned *files, size_t n)
{
    struct scanned **by_size = sl_xcalloc(n + 1, sizeof *by_size);
    for (size_t k = 0; k < n; k++)
        by_size[k] = &files[k];
    qsort(by_size, n, sizeof *by_size, heavier_first);
    heap free_to_go = {0};
    for (size_t r = 0; r < n; r++) {
        by_size[r]->rank = r;
        if (!by_size[r]->waiting)
            heap_push(&free_to_go, r);
    }
    free(o->order);
    o->order = sl_xcalloc(n + 1, sizeof *o->order);
    o->len = 0;
    while (o->len < n) {
        struct scanned *s = free_to_go.len ? by_size[heap_pop(&free_to_go)]
                                           : cut_cycle(by_size, n);
        if (s->taken)
            continue;
        s->taken_at = o->len;
        o->order[o->len++] = s->input;
        take(files, s, &free_to_go);
    }
    sl_vec_free(&free_to_go);
    free(by_size);
}

/* Keeps only the waits the order honours (a cycle's cut drops one) and
 * makes the files free to be taken again. */
static void drop_cut_waits(struct scanned *files, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        struct scanned *s = &files[k];
        size_t kept = 0;
        for (size_t d = 0; d < s->dependents.len; d++)
            if (files[s->dependents.items[d]].taken_at > s->taken_at)
                s->dependents.items[kept++] = s->dependents.items[d];
        s->dependents.len = kept;
        kept = 0;
        for (size_t w = 0; w < s->waits_for.len; w++)
            if (files[s->waits_for.items[w]].taken_at < s->taken_at)
                s->waits_for.items[kept++] = s->waits_for.items[w];
        s->waits_for.len = kept;
        s->waiting = s->waits_for.len;
        s->holding = s->dependents.len;
        s->taken = false;
    }
}

/* With -j, a large file taken last runs alone while the other workers wait.
 * Once the order has cut the cycles, each file weighs as much as the
 * largest file that comes after it through its dependents, and the order
 * is taken again: a module of wrappers that pg_dump.c waits for goes as
 * early as what it waits for allows, and pg_dump.c right after it. */
static void order_for_jobs(struct sl_xtu_order *o, struct scanned *files, const size_t *position,
                           size_t n)
{
    drop_cut_waits(files, n);
    for (size_t t = n; t-- > 0;) {
        struct scanned *s = &files[position[o->order[t]]];
        s->weight = s->size;
        for (size_t d = 0; d < s->dependents.len; d++)
            if (files[s->dependents.items[d]].weight > s->weight)
                s->weight = files[s->dependents.items[d]].weight;
    }
    take_in_order(o, files, n);
}

/* Keeps the names some file defines and drops the others: the table lives
 * through pass 1, and most identifiers of a tree name no function of it. */
static void keep_defined_names(struct sl_xtu_order *o)
{
    struct sl_xtu_order kept = {0};
    for (size_t id = 0; id < o->definers.len; id++) {
        if (o->definers.items[id].len) {
            sl_intern(&kept.names, o->names.names[id]);
            sl_vec_push(&kept.definers, o->definers.items[id]);
        } else {
            sl_vec_free(&o->definers.items[id]);
        }
    }
    sl_vec_free(&o->definers);
    sl_intern_free(&o->names);
    o->names = kept.names;
    o->definers = kept.definers;
}

void sl_xtu_order_scan(struct sl_xtu_order *o, const struct sl_inputs *inputs,
                       const size_t *which, size_t n)
{
    *o = (struct sl_xtu_order){0};
    struct scanned *files = sl_xcalloc(n + 1, sizeof *files);
    size_t *position = sl_xcalloc(inputs->len + 1, sizeof *position);
    size_t *seen = NULL, nseen = 0;
    for (size_t k = 0; k < n; k++) {
        files[k].input = which[k];
        position[which[k]] = k;
        scan_one(o, &inputs->items[which[k]], &files[k], &seen, &nseen, k + 1);
        add_definers(o, which[k], &files[k].functions);
    }
    free(seen);
    cover_every_name(o); /* the last file's names too */
    for (size_t k = 0; k < n; k++) {
        link_definers(o, files, position, k);
        files[k].weight = files[k].size;
    }
    take_in_order(o, files, n);
    order_for_jobs(o, files, position, n);
    keep_defined_names(o);
    for (size_t k = 0; k < n; k++) {
        sl_vec_free(&files[k].dependents);
        sl_vec_free(&files[k].waits_for);
    }
    free(position);
    free(files);
}

void sl_xtu_order_add_definer(struct sl_xtu_order *o, const char *name, size_t input)
{
    int id = sl_intern(&o->names, name);
    cover_every_name(o);
    sl_vec_push(&o->definers.items[id], (int)input);
}

const sl_ps_ids *sl_xtu_order_definers(const struct sl_xtu_order *o, const char *name)
{
    int id = sl_intern_find_n(&o->names, name, strlen(name));
    return id >= 0 && o->definers.items[id].len ? &o->definers.items[id] : NULL;
}

void sl_xtu_order_free(struct sl_xtu_order *o)
{
    for (size_t i = 0; i < o->definers.len; i++)
        sl_vec_free(&o->definers.items[i]);
    sl_vec_free(&o->definers);
    sl_intern_free(&o->names);
    free(o->order);
    *o = (struct sl_xtu_order){0};
}
