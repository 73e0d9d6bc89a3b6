/*
 * model.c: the API model store (model.h). Holds handle kinds and function
 * effects, answers lookups (function by name through an open-addressing hash,
 * kind by name, kind by C type spelling) and loads JSON model files with cJSON.
 * Loading is strict and transactional: every key is checked against the
 * schema of docs/model-format.md, the first problem is reported as
 * "file:line:col: message", and nothing reaches the model unless the whole
 * file is valid. cJSON keeps no source positions, so after a successful parse
 * the text is scanned once more, in step with the cJSON tree, to record where
 * every key and value starts (the "position index").
 */
#include "model.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_ARG_INDEX 63
#define NO_KEY SIZE_MAX

/* ------------------------------------------------------------------ roles */

static const char *const role_words[] = {
    [SL_ROLE_SESSION] = "session",         [SL_ROLE_STATEMENT] = "statement",
    [SL_ROLE_RESULT] = "result",           [SL_ROLE_TRANSACTION] = "transaction",
    [SL_ROLE_CURSOR] = "cursor",           [SL_ROLE_GUARD] = "guard",
    [SL_ROLE_POOL] = "pool",               [SL_ROLE_ENVIRONMENT] = "environment",
    [SL_ROLE_LOCK] = "lock",               [SL_ROLE_OTHER] = "other",             [SL_ROLE_OTHER + 1] = NULL, /* ends the list */
};
#define NROLES (SL_ROLE_OTHER + 1)

const char *sl_role_word(enum sl_role role)
{
    return (unsigned)role < NROLES ? role_words[role] : "handle";
}

/* ------------------------------------------------- freeing and copying */

static void *dup_array(const void *items, size_t count, size_t size)
{
    if (!items || count == 0)
        return NULL;
    void *copy = sl_xmalloc(count * size);
    memcpy(copy, items, count * size);
    return copy;
}

void sl_func_free(struct sl_func *f)
{
    if (!f)
        return;
    free(f->name);
    for (size_t i = 0; i < f->nuses; i++)
        free(f->uses[i].kinds);
    free(f->uses);
    for (size_t i = 0; i < f->nacquires; i++) {
        free(f->acquires[i].kind_cases);
        free(f->acquires[i].parent_cases);
    }
    free(f->acquires);
    for (size_t i = 0; i < f->nreleases; i++) {
        free(f->releases[i].kinds);
        free(f->releases[i].kind_cases);
        free(f->releases[i].field);
    }
    free(f->releases);
    for (size_t i = 0; i < f->ntxn_ops; i++)
        free(f->txn_ops[i].field);
    free(f->txn_ops);
    free(f->sql);
    free(f->takes_ownership);
    memset(f, 0, sizeof *f);
}

static void copy_func(struct sl_func *dst, const struct sl_func *src)
{
    *dst = *src;
    dst->name = sl_xstrdup(src->name);
    dst->uses = dup_array(src->uses, src->nuses, sizeof *src->uses);
    for (size_t i = 0; i < src->nuses; i++)
        dst->uses[i].kinds = dup_array(src->uses[i].kinds, src->uses[i].nkinds, sizeof(int));
    dst->acquires = dup_array(src->acquires, src->nacquires, sizeof *src->acquires);
    for (size_t i = 0; i < src->nacquires; i++) {
        const struct sl_acquire *a = &src->acquires[i];
        dst->acquires[i].kind_cases = dup_array(a->kind_cases, a->nkind_cases,
                                                sizeof(struct sl_kind_case));
        dst->acquires[i].parent_cases = dup_array(a->parent_cases, a->nparent_cases,
                                                  sizeof(struct sl_kind_case));
    }
    dst->releases = dup_array(src->releases, src->nreleases, sizeof *src->releases);
    for (size_t i = 0; i < src->nreleases; i++) {
        const struct sl_release *r = &src->releases[i];
        dst->releases[i].kinds = dup_array(r->kinds, r->nkinds, sizeof(int));
        dst->releases[i].kind_cases = dup_array(r->kind_cases, r->nkind_cases,
                                                sizeof(struct sl_kind_case));
        dst->releases[i].field = r->field ? sl_xstrdup(r->field) : NULL;
    }
    dst->txn_ops = dup_array(src->txn_ops, src->ntxn_ops, sizeof *src->txn_ops);
    for (size_t i = 0; i < src->ntxn_ops; i++)
        dst->txn_ops[i].field = src->txn_ops[i].field ? sl_xstrdup(src->txn_ops[i].field) : NULL;
    dst->sql = dup_array(src->sql, src->sql ? 1 : 0, sizeof *src->sql);
    dst->takes_ownership = dup_array(src->takes_ownership, src->ntakes_ownership, sizeof(int));
}

static void kind_free(struct sl_kind *k)
{
    free(k->name);
    free(k->label);
    for (size_t i = 0; i < k->ntypes; i++)
        free(k->types[i]);
    free(k->types);
    free(k->accessor_function);
    free(k->accessor_field);
    free(k->api);
    memset(k, 0, sizeof *k);
}

/* ------------------------------------------------------- the model store */

/* A type some kind lists, normalised (normalise_type). */
struct listed_type {
    char *normal;
    int kind;
};

/* sl_model_kind_for_type's answers: normalising a spelling and matching it
 * against every kind is string work that large files repeat thousands of
 * times for the same few types. The listed types are normalised once, on
 * the first question. Shared by the worker threads. */
struct sl_type_memo {
    pthread_mutex_t lock;
    struct sl_intern spellings;
    SL_VEC(int) kinds; /* by spelling id */
    bool listed_known;
    SL_VEC(struct listed_type) listed; /* in the order of the kinds and their types */
};

void sl_model_init(struct sl_model *m)
{
    memset(m, 0, sizeof *m);
    m->type_memo = sl_xcalloc(1, sizeof *m->type_memo);
    pthread_mutex_init(&m->type_memo->lock, NULL);
}

/* Kinds changed: every remembered answer may be wrong now. */
static void forget_type_kinds(struct sl_model *m)
{
    struct sl_type_memo *memo = m->type_memo;
    sl_intern_free(&memo->spellings);
    sl_vec_free(&memo->kinds);
    for (size_t i = 0; i < memo->listed.len; i++)
        free(memo->listed.items[i].normal);
    sl_vec_free(&memo->listed);
    memo->listed_known = false;
}

void sl_model_free(struct sl_model *m)
{
    forget_type_kinds(m);
    pthread_mutex_destroy(&m->type_memo->lock);
    free(m->type_memo);
    for (size_t i = 0; i < m->nkinds; i++)
        kind_free(&m->kinds[i]);
    free(m->kinds);
    for (size_t i = 0; i < m->nfuncs; i++)
        sl_func_free(&m->funcs[i]);
    free(m->funcs);
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    free(m->func_index);
    memset(m, 0, sizeof *m);
}

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Function names are unique in a model, so an insert always finds an empty slot. */
static void index_insert(struct sl_model *m, size_t func)
{
    size_t mask = m->func_index_cap - 1;
    size_t slot = hash_name(m->funcs[func].name) & mask;
    while (m->func_index[slot] >= 0)
        slot = (slot + 1) & mask;
    m->func_index[slot] = (int)func;
}

static void index_rebuild(struct sl_model *m)
{
    size_t cap = 16;
    while (cap < 2 * m->nfuncs)
        cap *= 2;
    free(m->func_index);
    m->func_index = sl_xmalloc(cap * sizeof *m->func_index);
    for (size_t i = 0; i < cap; i++)
        m->func_index[i] = -1;
    m->func_index_cap = cap;
    for (size_t i = 0; i < m->nfuncs; i++)
        index_insert(m, i);
}

const struct sl_func *sl_model_find_func(const struct sl_model *m, const char *name)
{
    if (!m->func_index)
        return NULL;
    size_t mask = m->func_index_cap - 1;
    for (size_t slot = hash_name(name) & mask; m->func_index[slot] >= 0; slot = (slot + 1) & mask) {
        const struct sl_func *f = &m->funcs[m->func_index[slot]];
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

/* Takes ownership of f's contents. */
static void append_func(struct sl_model *m, struct sl_func f)
{
    if (m->nfuncs == m->capfuncs) {
        m->capfuncs = m->capfuncs ? 2 * m->capfuncs : 64;
        m->funcs = sl_xrealloc(m->funcs, m->capfuncs * sizeof *m->funcs);
    }
    m->funcs[m->nfuncs++] = f;
    if (2 * m->nfuncs > m->func_index_cap) /* keeps the load factor at most 1/2 */
        index_rebuild(m);
    else
        index_insert(m, m->nfuncs - 1);
}

/* Stores f at index target (replacing what was there) or appends it (target < 0). */
static void store_func(struct sl_model *m, struct sl_func f, int target)
{
    if (target < 0) {
        append_func(m, f);
        return;
    }
    sl_func_free(&m->funcs[target]);
    m->funcs[target] = f;
}

void sl_model_put_func(struct sl_model *m, const struct sl_func *f)
{
    struct sl_func copy; /* copied first: f may point into m->funcs */
    copy_func(&copy, f);
    const struct sl_func *old = sl_model_find_func(m, f->name);
    store_func(m, copy, old ? (int)(old - m->funcs) : -1);
}

static void store_kind(struct sl_model *m, struct sl_kind k, int target)
{
    forget_type_kinds(m);
    if (target >= 0) {
        kind_free(&m->kinds[target]);
        m->kinds[target] = k;
        return;
    }
    if (m->nkinds == m->capkinds) {
        m->capkinds = m->capkinds ? 2 * m->capkinds : 16;
        m->kinds = sl_xrealloc(m->kinds, m->capkinds * sizeof *m->kinds);
    }
    m->kinds[m->nkinds++] = k;
}

int sl_model_find_kind(const struct sl_model *m, const char *name)
{
    for (size_t i = 0; i < m->nkinds; i++)
        if (strcmp(m->kinds[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------- kinds by C type name */

#define TYPE_MAX 256

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_qualifier(const char *word, size_t n)
{
    static const char *const qualifiers[] = {"const", "volatile", "restrict", "__restrict",
                                             "__restrict__", "__const", "__volatile__", NULL};
    for (const char *const *q = qualifiers; *q; q++)
        if (strlen(*q) == n && memcmp(*q, word, n) == 0)
            return true;
    return false;
}

/* Normal form of a type spelling: qualifiers dropped, words separated by one
 * space, no space around punctuation ("const sqlite3 * " -> "sqlite3*").
 * Returns false when the spelling does not fit (then it names no handle). */
static bool normalise_type(const char *in, char out[TYPE_MAX])
{
    size_t n = 0;
    for (const char *p = in; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
            continue;
        }
        size_t len = 1;
        if (is_ident_char(*p)) {
            while (is_ident_char(p[len]))
                len++;
            if (is_qualifier(p, len)) {
                p += len;
                continue;
            }
            if (n > 0 && is_ident_char(out[n - 1])) /* two words in a row */
                out[n++] = ' ';
        }
        if (n + len + 2 > TYPE_MAX)
            return false;
        memcpy(out + n, p, len);
        n += len;
        p += len;
    }
    out[n] = '\0';
    return true;
}

/* "struct pg_conn*" -> "pg_conn*": the fallback comparison ignores the tag keyword. */
static const char *without_tag(const char *normal)
{
    static const char *const tags[] = {"struct ", "union ", "enum ", NULL};
    for (const char *const *t = tags; *t; t++)
        if (sl_str_starts_with(normal, *t))
            return normal + strlen(*t);
    return normal;
}

/* Fills memo->listed (a type that does not normalise names no handle). */
static void list_types(const struct sl_model *m, struct sl_type_memo *memo)
{
    for (size_t i = 0; i < m->nkinds; i++)
        for (size_t t = 0; t < m->kinds[i].ntypes; t++) {
            char listed[TYPE_MAX];
            if (normalise_type(m->kinds[i].types[t], listed))
                sl_vec_push(&memo->listed,
                            ((struct listed_type){sl_xstrdup(listed), (int)i}));
        }
    memo->listed_known = true;
}

static int kind_matching_type(const struct sl_model *m, const char *normal, bool ignore_tags)
{
    const char *want = ignore_tags ? without_tag(normal) : normal;
    for (size_t i = 0; i < m->type_memo->listed.len; i++) {
        const struct listed_type *l = &m->type_memo->listed.items[i];
        if (strcmp(ignore_tags ? without_tag(l->normal) : l->normal, want) == 0)
            return l->kind;
    }
    return -1;
}

static int kind_for_type_uncached(const struct sl_model *m, const char *type_spelling)
{
    char normal[TYPE_MAX];
    if (!normalise_type(type_spelling, normal))
        return -1;
    int kind = kind_matching_type(m, normal, false);
    return kind >= 0 ? kind : kind_matching_type(m, normal, true);
}

int sl_model_kind_for_type(const struct sl_model *m, const char *type_spelling)
{
    if (!type_spelling)
        return -1;
    struct sl_type_memo *memo = m->type_memo;
    pthread_mutex_lock(&memo->lock);
    if (!memo->listed_known)
        list_types(m, memo);
    int id = sl_intern(&memo->spellings, type_spelling);
    if ((size_t)id == memo->kinds.len)
        sl_vec_push(&memo->kinds, kind_for_type_uncached(m, type_spelling));
    int kind = memo->kinds.items[id];
    pthread_mutex_unlock(&memo->lock);
    return kind;
}

/* ============================================================ the loader */

struct node_pos {
    const cJSON *node;
    size_t key_off; /* offset of the member's key, or of the value for array items/root */
    size_t val_off;
};

struct staged_kind {
    struct sl_kind kind;
    int index;      /* index the kind will have in the model */
    bool replaces;  /* index is an existing kind that "override" replaces */
    unsigned line;
};

struct staged_func {
    struct sl_func func;
    int target;     /* existing function replaced by "override", or -1 */
};

struct loader {
    const struct sl_model *m;
    const char *name;        /* file name used in messages */
    char *file;              /* owned copy of name; moves into m->files on success */
    char *text;              /* NUL-terminated copy of the input */
    size_t len;
    SL_VEC(size_t) line_starts;
    SL_VEC(struct node_pos) positions; /* sorted by node after indexing */
    SL_VEC(struct staged_kind) kinds;
    SL_VEC(struct staged_func) funcs;
    int appended_kinds;
    const char *api;         /* the file's "api" (points into the cJSON tree) */
    char *error;
};

/* ---------------------------------------------------------- positions */

static void build_line_table(struct loader *ld)
{
    sl_vec_push(&ld->line_starts, (size_t)0);
    for (size_t i = 0; i < ld->len; i++)
        if (ld->text[i] == '\n')
            sl_vec_push(&ld->line_starts, i + 1);
}

/* 1-based line and byte column of a text offset. */
static void locate(const struct loader *ld, size_t off, unsigned *line, unsigned *col)
{
    size_t lo = 0, hi = ld->line_starts.len; /* last line start <= off, by bisection */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (ld->line_starts.items[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (unsigned)lo + 1;
    *col = (unsigned)(off - ld->line_starts.items[lo]) + 1;
}

struct scanner {
    const char *text;
    size_t len, pos;
};

static void scan_advance(struct scanner *s)
{
    if (s->pos < s->len)
        s->pos++;
}

/* cJSON treats every byte up to 0x20 as white space; so do we. */
static void scan_space(struct scanner *s)
{
    while (s->pos < s->len && (unsigned char)s->text[s->pos] <= ' ')
        s->pos++;
}

static void scan_string(struct scanner *s)
{
    scan_advance(s); /* opening quote */
    while (s->pos < s->len && s->text[s->pos] != '"') {
        if (s->text[s->pos] == '\\')
            scan_advance(s);
        scan_advance(s);
    }
    scan_advance(s);
}

static void scan_scalar(struct scanner *s)
{
    while (s->pos < s->len && (unsigned char)s->text[s->pos] > ' ' &&
           !strchr(",]}:", s->text[s->pos]))
        s->pos++;
}

/* Records the position of node (and its key) and of everything inside it.
 * The text is known to be valid JSON, which cJSON parsed into node. */
static void index_node(struct loader *ld, struct scanner *s, const cJSON *node, size_t key_off)
{
    scan_space(s);
    struct node_pos p = {node, key_off == NO_KEY ? s->pos : key_off, s->pos};
    sl_vec_push(&ld->positions, p);
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node)) {
        if (cJSON_IsString(node))
            scan_string(s);
        else
            scan_scalar(s);
        return;
    }
    bool object = cJSON_IsObject(node);
    scan_advance(s); /* '{' or '[' */
    for (const cJSON *child = node->child; child; child = child->next) {
        scan_space(s);
        if (s->pos < s->len && s->text[s->pos] == ',') {
            scan_advance(s);
            scan_space(s);
        }
        size_t child_key = object ? s->pos : NO_KEY;
        if (object) {
            scan_string(s);
            scan_space(s);
            scan_advance(s); /* ':' */
        }
        index_node(ld, s, child, child_key);
    }
    scan_space(s);
    scan_advance(s); /* '}' or ']' */
}

static int compare_node_pos(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct node_pos *)a)->node;
    uintptr_t y = (uintptr_t)((const struct node_pos *)b)->node;
    return (x > y) - (x < y);
}

static void index_document(struct loader *ld, const cJSON *root, size_t start)
{
    struct scanner s = {ld->text, ld->len, start};
    index_node(ld, &s, root, NO_KEY);
    if (ld->positions.len)
        qsort(ld->positions.items, ld->positions.len, sizeof *ld->positions.items, compare_node_pos);
}

static const struct node_pos *position_of(const struct loader *ld, const cJSON *node)
{
    struct node_pos key = {node, 0, 0};
    return bsearch(&key, ld->positions.items, ld->positions.len, sizeof key, compare_node_pos);
}

static size_t value_offset(const struct loader *ld, const cJSON *node)
{
    const struct node_pos *p = position_of(ld, node);
    return p ? p->val_off : 0;
}

static size_t key_offset(const struct loader *ld, const cJSON *node)
{
    const struct node_pos *p = position_of(ld, node);
    return p ? p->key_off : 0;
}

static unsigned line_of(const struct loader *ld, const cJSON *node)
{
    unsigned line, col;
    locate(ld, value_offset(ld, node), &line, &col);
    return line;
}

/* -------------------------------------------------------------- errors */

static int fail_v(struct loader *ld, size_t off, const char *fmt, va_list ap)
{
    if (ld->error)
        return -1;
    unsigned line, col;
    locate(ld, off, &line, &col);
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *message = sl_xmalloc((size_t)n + 1);
    vsnprintf(message, (size_t)n + 1, fmt, again);
    va_end(again);
    ld->error = sl_xasprintf("%s:%u:%u: %s", ld->name, line, col, message);
    free(message);
    return -1;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(struct loader *ld, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(ld, off, fmt, ap);
    va_end(ap);
    return -1;
}

/* Error pointing at a value (or, for a missing member, at its enclosing object). */
__attribute__((format(printf, 3, 4)))
static int fail_value(struct loader *ld, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(ld, value_offset(ld, node), fmt, ap);
    va_end(ap);
    return -1;
}

/* Error pointing at a member's key. */
__attribute__((format(printf, 3, 4)))
static int fail_key(struct loader *ld, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(ld, key_offset(ld, node), fmt, ap);
    va_end(ap);
    return -1;
}

static const char *json_type_word(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    return "an object";
}

/* ------------------------------------------------------ value readers */

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static bool word_in_list(const char *word, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(word, *list) == 0)
            return true;
    return false;
}

static char *join_words(const char *const *list)
{
    struct sl_strbuf sb = {0};
    for (const char *const *w = list; *w; w++)
        sl_sb_printf(&sb, "%s%s", w == list ? "" : ", ", *w);
    return sl_sb_take(&sb);
}

/* obj must be an object whose keys are all in `allowed` (each at most once);
 * "note" (a free-text string) is allowed everywhere. */
static int check_object(struct loader *ld, const cJSON *obj, const char *what,
                        const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return fail_value(ld, obj, "%s must be an object, not %s", what, json_type_word(obj));
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (strcmp(c->string, "note") == 0) {
            if (!cJSON_IsString(c))
                return fail_value(ld, c, "'note' must be a string, not %s", json_type_word(c));
        } else if (!word_in_list(c->string, allowed)) {
            char *expected = join_words(allowed);
            fail_key(ld, c, "unknown key '%s' in %s (expected one of: %s, note)", c->string, what,
                     expected);
            free(expected);
            return -1;
        }
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0)
                return fail_key(ld, c, "duplicate key '%s' in %s", c->string, what);
    }
    return 0;
}

static int require_member(struct loader *ld, const cJSON *obj, const char *key, const char *what,
                          const cJSON **out)
{
    *out = member(obj, key);
    return *out ? 0 : fail_value(ld, obj, "%s needs '%s'", what, key);
}

static int read_string(struct loader *ld, const cJSON *v, const char *key, const char **out)
{
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return fail_value(ld, v, "'%s' must be a non-empty string, not %s", key,
                          cJSON_IsString(v) ? "an empty one" : json_type_word(v));
    *out = v->valuestring;
    return 0;
}

static int read_optional_string(struct loader *ld, const cJSON *obj, const char *key, char **out)
{
    const cJSON *v = member(obj, key);
    const char *s;
    if (!v)
        return 0;
    if (read_string(ld, v, key, &s))
        return -1;
    *out = sl_xstrdup(s);
    return 0;
}

static int read_bool(struct loader *ld, const cJSON *obj, const char *key, bool dflt, bool *out)
{
    const cJSON *v = member(obj, key);
    *out = dflt;
    if (!v)
        return 0;
    if (!cJSON_IsBool(v))
        return fail_value(ld, v, "'%s' must be true or false, not %s", key, json_type_word(v));
    *out = cJSON_IsTrue(v);
    return 0;
}

static int read_integer(struct loader *ld, const cJSON *v, const char *what, long long *out)
{
    /* cJSON stores numbers as doubles: accept the ones that are whole and in range */
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0.5;
    if (!(d >= -9.2e18 && d <= 9.2e18) || (double)(long long)d != d)
        return fail_value(ld, v, "%s must be an integer, not %s", what,
                          cJSON_IsNumber(v) ? "a fraction or a huge number" : json_type_word(v));
    *out = (long long)d;
    return 0;
}

static int read_arg_value(struct loader *ld, const cJSON *v, const char *key, int *out)
{
    long long n;
    char what[64];
    snprintf(what, sizeof what, "'%s'", key);
    if (read_integer(ld, v, what, &n))
        return -1;
    if (n < 0 || n > MAX_ARG_INDEX)
        return fail_value(ld, v, "argument index %lld in '%s' is out of range (0..%d)", n, key,
                          MAX_ARG_INDEX);
    *out = (int)n;
    return 0;
}

/* An argument index member; absent optional ones read as SL_NO_ARG. */
static int read_arg(struct loader *ld, const cJSON *obj, const char *key, const char *what,
                    bool required, int *out)
{
    const cJSON *v = member(obj, key);
    *out = SL_NO_ARG;
    if (!v)
        return required ? fail_value(ld, obj, "%s needs '%s'", what, key) : 0;
    return read_arg_value(ld, v, key, out);
}

static int read_success_values(struct loader *ld, const cJSON *obj, struct sl_success *out)
{
    static const char *const keys[] = {"returns", NULL};
    const cJSON *list;
    if (check_object(ld, obj, "'success'", keys) ||
        require_member(ld, obj, "returns", "'success'", &list))
        return -1;
    if (!cJSON_IsArray(list) || !list->child)
        return fail_value(ld, list, "'returns' in 'success' must be a non-empty array of integers");
    out->kind = SL_SUCCESS_RETURNS;
    for (const cJSON *v = list->child; v; v = v->next) {
        if (out->nvalues == SL_MAX_SUCCESS_VALUES)
            return fail_value(ld, v, "too many success values (at most %d)", SL_MAX_SUCCESS_VALUES);
        if (read_integer(ld, v, "a success value", &out->values[out->nvalues]))
            return -1;
        out->nvalues++;
    }
    return 0;
}

/* "success": "nonnull" | "always" | "zero" | "nonnegative" | {"returns": [INT, ...]}. */
static int read_success(struct loader *ld, const cJSON *obj, enum sl_success_kind dflt,
                        struct sl_success *out)
{
    const cJSON *v = member(obj, "success");
    memset(out, 0, sizeof *out);
    out->kind = dflt;
    if (!v)
        return 0;
    if (cJSON_IsObject(v))
        return read_success_values(ld, v, out);
    const char *word = cJSON_IsString(v) ? v->valuestring : "";
    if (strcmp(word, "nonnull") == 0)
        out->kind = SL_SUCCESS_NONNULL;
    else if (strcmp(word, "always") == 0)
        out->kind = SL_SUCCESS_ALWAYS;
    else if (strcmp(word, "zero") == 0) {
        out->kind = SL_SUCCESS_RETURNS;
        out->nvalues = 1;
    } else if (strcmp(word, "nonnegative") == 0)
        out->kind = SL_SUCCESS_NONNEG;
    else
        return fail_value(ld, v, "'success' must be \"nonnull\", \"always\", \"zero\", "
                                 "\"nonnegative\" or {\"returns\": [integers]}");
    return 0;
}

/* Index of a kind defined by this file or by an earlier one, or -1. */
static int loader_find_kind(const struct loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->kinds.len; i++)
        if (strcmp(ld->kinds.items[i].kind.name, name) == 0)
            return ld->kinds.items[i].index;
    return sl_model_find_kind(ld->m, name);
}

static int read_kind_name(struct loader *ld, const cJSON *v, const char *key, int *out)
{
    const char *name;
    if (read_string(ld, v, key, &name))
        return -1;
    *out = loader_find_kind(ld, name);
    if (*out < 0)
        return fail_value(ld, v, "unknown kind '%s' (define it under \"kinds\" in this file or an "
                                 "earlier one)", name);
    return 0;
}

static int read_kind_list(struct loader *ld, const cJSON *obj, const char *what, bool required,
                          int **kinds, size_t *nkinds)
{
    const cJSON *list = member(obj, "kinds");
    if (!list)
        return required ? fail_value(ld, obj, "%s needs 'kinds'", what) : 0;
    if (!cJSON_IsArray(list) || !list->child)
        return fail_value(ld, list, "'kinds' must be a non-empty array of kind names");
    *kinds = sl_xcalloc((size_t)cJSON_GetArraySize(list), sizeof **kinds);
    for (const cJSON *v = list->child; v; v = v->next)
        if (read_kind_name(ld, v, "kinds", &(*kinds)[(*nkinds)++]))
            return -1;
    return 0;
}

static int read_case_value(struct loader *ld, const cJSON *c, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(c->string, &end, 10);
    if (!c->string[0] || *end || errno)
        return fail_key(ld, c, "case '%s' in 'kind_by_arg' is not an integer", c->string);
    return 0;
}

/* "kind_by_arg": {"arg": N, "mask": M, "cases": {"VALUE": "kind", ...}}: the
 * case is matched against the argument's constant value, or (value & M). */
static int read_kind_by_arg(struct loader *ld, const cJSON *v, int *kind_arg, long long *mask,
                            struct sl_kind_case **cases, size_t *ncases)
{
    static const char *const keys[] = {"arg", "mask", "cases", NULL};
    const cJSON *table, *m = member(v, "mask");
    *mask = 0;
    if (check_object(ld, v, "'kind_by_arg'", keys) ||
        read_arg(ld, v, "arg", "'kind_by_arg'", true, kind_arg) ||
        (m && read_integer(ld, m, "'mask'", mask)) ||
        require_member(ld, v, "cases", "'kind_by_arg'", &table))
        return -1;
    if (!cJSON_IsObject(table) || !table->child)
        return fail_value(ld, table, "'cases' must be a non-empty object mapping values to kinds");
    *cases = sl_xcalloc((size_t)cJSON_GetArraySize(table), sizeof **cases);
    for (const cJSON *c = table->child; c; c = c->next) {
        struct sl_kind_case *kc = &(*cases)[(*ncases)++];
        if (read_case_value(ld, c, &kc->value) || read_kind_name(ld, c, "cases", &kc->kind))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------- effect entries */

typedef int (*entry_parser)(struct loader *ld, const cJSON *entry, void *item);

/* An effect given as one object or an array of objects: allocates *items
 * (zeroed, *count entries, so a partly parsed array can still be freed) and
 * parses each entry into it. */
static int parse_entries(struct loader *ld, const cJSON *node, const char *key, size_t item_size,
                         entry_parser parse, void **items, size_t *count)
{
    *items = NULL;
    *count = 0;
    if (!node)
        return 0;
    bool single = cJSON_IsObject(node);
    if (!single && !cJSON_IsArray(node))
        return fail_value(ld, node, "'%s' must be an object or an array of objects, not %s", key,
                          json_type_word(node));
    size_t n = single ? 1 : (size_t)cJSON_GetArraySize(node);
    *items = n ? sl_xcalloc(n, item_size) : NULL;
    *count = n;
    const cJSON *entry = single ? node : node->child;
    for (size_t i = 0; i < n; i++, entry = entry->next)
        if (parse(ld, entry, (char *)*items + i * item_size))
            return -1;
    return 0;
}

/* The handle position of an acquire: exactly one of "returns": true and "out_arg": N. */
static int read_handle_position(struct loader *ld, const cJSON *obj, int *pos)
{
    const cJSON *ret = member(obj, "returns"), *out = member(obj, "out_arg");
    if (ret && out)
        return fail_key(ld, out, "acquire has both 'returns' and 'out_arg'; give exactly one");
    if (!ret && !out)
        return fail_value(ld, obj, "acquire needs 'returns': true or 'out_arg': N");
    if (out)
        return read_arg_value(ld, out, "out_arg", pos);
    if (!cJSON_IsTrue(ret))
        return fail_value(ld, ret, "'returns' must be true (use 'out_arg' for an out-parameter)");
    *pos = SL_POS_RETURN;
    return 0;
}

/* "kind_by_parent": {"parent kind": "kind", ...}: the new handle's kind
 * follows its parent's (an LMDB cursor in a read-only or a write transaction). */
static int read_kind_by_parent(struct loader *ld, const cJSON *obj, struct sl_acquire *a)
{
    const cJSON *table = member(obj, "kind_by_parent");
    if (!table)
        return 0;
    if (!cJSON_IsObject(table) || !table->child)
        return fail_value(ld, table, "'kind_by_parent' must be a non-empty object mapping parent "
                                     "kinds to kinds");
    if (a->parent_arg == SL_NO_ARG)
        return fail_key(ld, table, "'kind_by_parent' needs 'parent_arg'");
    a->parent_cases = sl_xcalloc((size_t)cJSON_GetArraySize(table), sizeof *a->parent_cases);
    for (const cJSON *c = table->child; c; c = c->next) {
        struct sl_kind_case *kc = &a->parent_cases[a->nparent_cases++];
        int parent = loader_find_kind(ld, c->string);
        if (parent < 0)
            return fail_key(ld, c, "unknown kind '%s' in 'kind_by_parent'", c->string);
        kc->value = parent;
        if (read_kind_name(ld, c, "kind_by_parent", &kc->kind))
            return -1;
    }
    return 0;
}

static int parse_acquire(struct loader *ld, const cJSON *obj, void *item)
{
    static const char *const keys[] = {"kind", "kind_by_arg", "returns", "out_arg", "success",
                                       "exists_on_failure", "owned", "begins_transaction",
                                       "parent_arg", "null_is_normal", "kind_by_parent",
                                       "only_if_null_arg", NULL};
    struct sl_acquire *a = item;
    a->kind = -1;
    a->kind_arg = SL_NO_ARG;
    if (check_object(ld, obj, "an acquire", keys))
        return -1;
    const cJSON *kind = member(obj, "kind"), *by_arg = member(obj, "kind_by_arg");
    if (kind && by_arg)
        return fail_key(ld, by_arg, "acquire has both 'kind' and 'kind_by_arg'; give exactly one");
    if (!kind && !by_arg)
        return fail_value(ld, obj, "acquire needs 'kind' or 'kind_by_arg'");
    if (kind ? read_kind_name(ld, kind, "kind", &a->kind)
             : read_kind_by_arg(ld, by_arg, &a->kind_arg, &a->kind_mask, &a->kind_cases,
                                &a->nkind_cases))
        return -1;
    if (read_handle_position(ld, obj, &a->pos))
        return -1;
    return read_success(ld, obj, a->pos == SL_POS_RETURN ? SL_SUCCESS_NONNULL : SL_SUCCESS_ALWAYS,
                        &a->success) ||
                   read_bool(ld, obj, "exists_on_failure", false, &a->exists_on_failure) ||
                   read_bool(ld, obj, "owned", true, &a->owned) ||
                   read_bool(ld, obj, "begins_transaction", false, &a->begins_transaction) ||
                   read_bool(ld, obj, "null_is_normal", false, &a->null_is_normal) ||
                   read_arg(ld, obj, "parent_arg", "an acquire", false, &a->parent_arg) ||
                   read_arg(ld, obj, "only_if_null_arg", "an acquire", false,
                            &a->only_if_null_arg) ||
                   read_kind_by_parent(ld, obj, a) /* after parent_arg, which it needs */
               ? -1
               : 0;
}

static int read_one_when(struct loader *ld, const cJSON *v, struct sl_when *when)
{
    static const char *const keys[] = {"arg", "equals", NULL};
    const cJSON *equals;
    return check_object(ld, v, "'when'", keys) || read_arg(ld, v, "arg", "'when'", true, &when->arg) ||
                   require_member(ld, v, "equals", "'when'", &equals) ||
                   read_integer(ld, equals, "'equals'", &when->equals)
               ? -1
               : 0;
}

/* "when": {"arg": M, "equals": INT} or a list of such conditions, all required. */
static int read_when(struct loader *ld, const cJSON *obj, struct sl_when *when, int *nwhen)
{
    const cJSON *v = member(obj, "when");
    *nwhen = 0;
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return read_one_when(ld, v, &when[(*nwhen)++]);
    if (!v->child)
        return fail_value(ld, v, "'when' must not be an empty list");
    for (const cJSON *c = v->child; c; c = c->next) {
        if (*nwhen == SL_MAX_WHEN)
            return fail_value(ld, c, "too many conditions in 'when' (at most %d)", SL_MAX_WHEN);
        if (read_one_when(ld, c, &when[(*nwhen)++]))
            return -1;
    }
    return 0;
}

static bool is_identifier(const char *s)
{
    if (!isalpha((unsigned char)*s) && *s != '_')
        return false;
    while (*++s)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* "field": "db", one C member name (or absent: *out stays NULL). */
static int read_member_name(struct loader *ld, const cJSON *obj, char **out)
{
    if (read_optional_string(ld, obj, "field", out))
        return -1;
    if (*out && !is_identifier(*out))
        return fail_value(ld, member(obj, "field"),
                          "'field' must be one member name (\"db\"), not '%s'", *out);
    return 0;
}

/* "field" and "clears_field": bool, which needs it. */
static int read_release_field(struct loader *ld, const cJSON *obj, struct sl_release *r)
{
    const cJSON *field = member(obj, "field"), *clears = member(obj, "clears_field");
    if (read_member_name(ld, obj, &r->field) ||
        read_bool(ld, obj, "clears_field", false, &r->clears_field))
        return -1;
    if (clears && !field)
        return fail_key(ld, clears, "'clears_field' needs 'field'");
    return 0;
}

static int parse_release(struct loader *ld, const cJSON *obj, void *item)
{
    static const char *const keys[] = {"arg", "kinds", "null_safe", "kind_by_arg", "success",
                                       "when", "field", "clears_field", NULL};
    struct sl_release *r = item;
    r->kind_arg = SL_NO_ARG;
    if (check_object(ld, obj, "a release", keys) ||
        read_arg(ld, obj, "arg", "a release", true, &r->arg) ||
        read_bool(ld, obj, "null_safe", false, &r->null_safe) ||
        read_success(ld, obj, SL_SUCCESS_ALWAYS, &r->success) ||
        read_when(ld, obj, r->when, &r->nwhen) || read_release_field(ld, obj, r))
        return -1;
    const cJSON *by_arg = member(obj, "kind_by_arg");
    if (by_arg && member(obj, "kinds"))
        return fail_key(ld, by_arg, "release has both 'kinds' and 'kind_by_arg'; give at most one");
    if (by_arg)
        return read_kind_by_arg(ld, by_arg, &r->kind_arg, &r->kind_mask, &r->kind_cases,
                                &r->nkind_cases);
    return read_kind_list(ld, obj, "a release", false, &r->kinds, &r->nkinds);
}

static int parse_use(struct loader *ld, const cJSON *obj, void *item)
{
    static const char *const keys[] = {"arg", "kinds", NULL};
    struct sl_use *u = item;
    return check_object(ld, obj, "a use", keys) || read_arg(ld, obj, "arg", "a use", true, &u->arg) ||
                   read_kind_list(ld, obj, "a use", true, &u->kinds, &u->nkinds)
               ? -1
               : 0;
}

static int parse_txn_op(struct loader *ld, const cJSON *obj, void *item)
{
    static const char *const keys[] = {"arg", "when", "success", "field", NULL};
    struct sl_txn_op *op = item;
    return check_object(ld, obj, "a transaction operation", keys) ||
                   read_arg(ld, obj, "arg", "a transaction operation", true, &op->arg) ||
                   read_when(ld, obj, op->when, &op->nwhen) ||
                   read_success(ld, obj, SL_SUCCESS_ALWAYS, &op->success) ||
                   read_member_name(ld, obj, &op->field)
               ? -1
               : 0;
}

static int parse_txn_ops(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    static const struct {
        const char *key;
        enum sl_txn_action action;
    } actions[] = {{"begin", SL_TXN_BEGIN}, {"commit", SL_TXN_COMMIT}, {"rollback", SL_TXN_ROLLBACK}};
    for (size_t a = 0; a < sizeof actions / sizeof *actions; a++) {
        void *items;
        size_t n;
        int rc = parse_entries(ld, member(obj, actions[a].key), actions[a].key, sizeof *f->txn_ops,
                               parse_txn_op, &items, &n);
        if (n) { /* appended even on failure, so that f frees what they own */
            f->txn_ops = sl_xrealloc(f->txn_ops, (f->ntxn_ops + n) * sizeof *f->txn_ops);
            memcpy(f->txn_ops + f->ntxn_ops, items, n * sizeof *f->txn_ops);
            for (size_t i = 0; i < n; i++)
                f->txn_ops[f->ntxn_ops + i].action = actions[a].action;
            f->ntxn_ops += n;
        }
        free(items);
        if (rc)
            return -1;
    }
    return 0;
}

/* "dialect": "sql" (default) | "redis". */
static int read_dialect(struct loader *ld, const cJSON *obj, enum sl_sql_dialect *out)
{
    const cJSON *v = member(obj, "dialect");
    *out = SL_DIALECT_SQL;
    if (!v)
        return 0;
    const char *word = cJSON_IsString(v) ? v->valuestring : "";
    if (strcmp(word, "redis") == 0)
        *out = SL_DIALECT_REDIS;
    else if (strcmp(word, "sql") != 0)
        return fail_value(ld, v, "'dialect' must be \"sql\" or \"redis\"");
    return 0;
}

static int parse_sql(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    static const char *const keys[] = {"arg", "on", "success", "result_is_handle", "dialect",
                                       "failure_aborts_transaction", NULL};
    const cJSON *v = member(obj, "sql");
    if (!v)
        return 0;
    f->sql = sl_xcalloc(1, sizeof *f->sql);
    return check_object(ld, v, "'sql'", keys) || read_dialect(ld, v, &f->sql->dialect) ||
                   read_arg(ld, v, "arg", "'sql'", true, &f->sql->arg) ||
                   read_arg(ld, v, "on", "'sql'", true, &f->sql->on) ||
                   read_success(ld, v, SL_SUCCESS_ALWAYS, &f->sql->success) ||
                   read_bool(ld, v, "result_is_handle", false, &f->sql->result_is_handle) ||
                   read_bool(ld, v, "failure_aborts_transaction", false,
                             &f->sql->failure_aborts_transaction)
               ? -1
               : 0;
}

static int parse_status_of(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    static const char *const keys[] = {"arg", "success", NULL};
    const cJSON *v = member(obj, "status_of"), *success;
    if (!v)
        return 0;
    return check_object(ld, v, "'status_of'", keys) ||
                   read_arg(ld, v, "arg", "'status_of'", true, &f->status_of_arg) ||
                   require_member(ld, v, "success", "'status_of'", &success) ||
                   read_success(ld, v, SL_SUCCESS_ALWAYS, &f->status_success)
               ? -1
               : 0;
}

/* An effect that is one object with one argument index: {"arg": N}. */
static int read_arg_object(struct loader *ld, const cJSON *obj, const char *key, const char *argkey,
                           int *out)
{
    const char *keys[] = {argkey, NULL};
    const cJSON *v = member(obj, key);
    char what[64];
    *out = SL_NO_ARG;
    if (!v)
        return 0;
    snprintf(what, sizeof what, "'%s'", key);
    return check_object(ld, v, what, keys) || read_arg(ld, v, argkey, what, true, out);
}

/* "attach_session": {"session_arg": S, "opts_arg": O}. */
static int parse_attach_session(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    static const char *const keys[] = {"session_arg", "opts_arg", NULL};
    const cJSON *v = member(obj, "attach_session");
    f->attach_session_arg = f->attach_opts_arg = SL_NO_ARG;
    if (!v)
        return 0;
    return check_object(ld, v, "'attach_session'", keys) ||
                   read_arg(ld, v, "session_arg", "'attach_session'", true, &f->attach_session_arg) ||
                   read_arg(ld, v, "opts_arg", "'attach_session'", true, &f->attach_opts_arg)
               ? -1
               : 0;
}

static int parse_takes_ownership(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    const cJSON *list = member(obj, "takes_ownership");
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'takes_ownership' must be an array of argument indexes");
    f->takes_ownership = sl_xcalloc((size_t)cJSON_GetArraySize(list), sizeof(int));
    for (const cJSON *v = list->child; v; v = v->next)
        if (read_arg_value(ld, v, "takes_ownership", &f->takes_ownership[f->ntakes_ownership++]))
            return -1;
    return 0;
}

/* ------------------------------------------------ functions and kinds */

static struct staged_func *find_staged_func(struct loader *ld, const char *name)
{
    for (size_t i = 0; i < ld->funcs.len; i++)
        if (strcmp(ld->funcs.items[i].func.name, name) == 0)
            return &ld->funcs.items[i];
    return NULL;
}

/* Stages a new function named by name_node, checking for duplicates; returns NULL on error. */
static struct sl_func *stage_func(struct loader *ld, const cJSON *name_node, bool override)
{
    const char *name = name_node->valuestring;
    const struct staged_func *same_file = find_staged_func(ld, name);
    if (same_file) {
        fail_value(ld, name_node, "duplicate function '%s' (first defined at %s:%u)", name, ld->name,
                   same_file->func.line);
        return NULL;
    }
    const struct sl_func *earlier = sl_model_find_func(ld->m, name);
    if (earlier && !override) {
        fail_value(ld, name_node, "duplicate function '%s' (first defined at %s:%u); set "
                                  "\"override\": true to replace it", name,
                   earlier->model_file ? earlier->model_file : "(summary)", earlier->line);
        return NULL;
    }
    struct staged_func s = {.target = earlier ? (int)(earlier - ld->m->funcs) : -1};
    s.func.name = sl_xstrdup(name);
    s.func.status_of_arg = SL_NO_ARG;
    s.func.disconnect_arg = s.func.attach_session_arg = s.func.attach_opts_arg = SL_NO_ARG;
    s.func.needs_session_opts_arg = s.func.session_state_name_arg = SL_NO_ARG;
    s.func.model_file = ld->file;
    s.func.line = line_of(ld, name_node);
    sl_vec_push(&ld->funcs, s);
    return &ld->funcs.items[ld->funcs.len - 1].func;
}

static int parse_effects(struct loader *ld, const cJSON *obj, struct sl_func *f)
{
    void *items;
    size_t n;
    int rc = parse_entries(ld, member(obj, "acquire"), "acquire", sizeof *f->acquires, parse_acquire,
                           &items, &n);
    f->acquires = items;
    f->nacquires = n;
    if (rc)
        return -1;
    rc = parse_entries(ld, member(obj, "release"), "release", sizeof *f->releases, parse_release,
                       &items, &n);
    f->releases = items;
    f->nreleases = n;
    if (rc)
        return -1;
    rc = parse_entries(ld, member(obj, "use"), "use", sizeof *f->uses, parse_use, &items, &n);
    f->uses = items;
    f->nuses = n;
    if (rc)
        return -1;
    return parse_txn_ops(ld, obj, f) || parse_sql(ld, obj, f) || parse_takes_ownership(ld, obj, f) ||
                   parse_status_of(ld, obj, f) ||
                   read_arg_object(ld, obj, "disconnect", "arg", &f->disconnect_arg) ||
                   parse_attach_session(ld, obj, f) ||
                   read_arg_object(ld, obj, "needs_session", "opts_arg", &f->needs_session_opts_arg) ||
                   read_arg_object(ld, obj, "session_state", "name_arg",
                                   &f->session_state_name_arg) ||
                   read_bool(ld, obj, "noreturn", false, &f->noreturn)
               ? -1
               : 0;
}

static int parse_function(struct loader *ld, const cJSON *obj)
{
    static const char *const keys[] = {"name",     "acquire", "release",        "use",
                                       "begin",    "commit",  "rollback",       "sql",
                                       "takes_ownership", "status_of", "noreturn", "override",
                                       "disconnect", "attach_session", "needs_session",
                                       "session_state", NULL};
    const cJSON *name;
    const char *ignored;
    bool override;
    if (check_object(ld, obj, "a function", keys) ||
        require_member(ld, obj, "name", "a function", &name) ||
        read_string(ld, name, "name", &ignored) || read_bool(ld, obj, "override", false, &override))
        return -1;
    struct sl_func *f = stage_func(ld, name, override);
    return f ? parse_effects(ld, obj, f) : -1;
}

/* Top-level "noreturn": ["name", ...]: shorthand for {"name": N, "noreturn": true}. */
static int parse_noreturn_list(struct loader *ld, const cJSON *list)
{
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'noreturn' must be an array of function names");
    for (const cJSON *v = list->child; v; v = v->next) {
        const char *ignored;
        struct sl_func *f = read_string(ld, v, "noreturn", &ignored) ? NULL : stage_func(ld, v, false);
        if (!f)
            return -1;
        f->noreturn = true;
    }
    return 0;
}

static int parse_functions(struct loader *ld, const cJSON *list)
{
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'functions' must be an array of objects");
    for (const cJSON *v = list->child; v; v = v->next)
        if (parse_function(ld, v))
            return -1;
    return 0;
}

static int read_role(struct loader *ld, const cJSON *obj, enum sl_role *role)
{
    const cJSON *v;
    const char *word;
    if (require_member(ld, obj, "role", "a kind", &v) || read_string(ld, v, "role", &word))
        return -1;
    for (size_t r = 0; r < NROLES; r++)
        if (strcmp(word, role_words[r]) == 0) {
            *role = (enum sl_role)r;
            return 0;
        }
    char *expected = join_words(role_words);
    fail_value(ld, v, "unknown role '%s' (expected one of: %s)", word, expected);
    free(expected);
    return -1;
}

static int read_types(struct loader *ld, const cJSON *obj, struct sl_kind *k)
{
    const cJSON *list = member(obj, "types");
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'types' must be an array of C type spellings");
    k->types = sl_xcalloc((size_t)cJSON_GetArraySize(list), sizeof *k->types);
    for (const cJSON *v = list->child; v; v = v->next) {
        const char *type;
        if (read_string(ld, v, "types", &type))
            return -1;
        k->types[k->ntypes++] = sl_xstrdup(type);
    }
    return 0;
}

/* "accessor": {"function": F} or {"field": F}: how a guard yields its session. */
static int read_accessor(struct loader *ld, const cJSON *obj, struct sl_kind *k)
{
    static const char *const keys[] = {"function", "field", NULL};
    const cJSON *v = member(obj, "accessor");
    if (!v)
        return 0;
    if (check_object(ld, v, "'accessor'", keys))
        return -1;
    if (!member(v, "function") == !member(v, "field"))
        return fail_value(ld, v, "'accessor' needs exactly one of 'function' and 'field'");
    return read_optional_string(ld, v, "function", &k->accessor_function) ||
                   read_optional_string(ld, v, "field", &k->accessor_field)
               ? -1
               : 0;
}

/* Stages a kind named by name_node, checking for duplicates; returns NULL on error. */
static struct sl_kind *stage_kind(struct loader *ld, const cJSON *name_node, bool override)
{
    const char *name = name_node->valuestring;
    for (size_t i = 0; i < ld->kinds.len; i++)
        if (strcmp(ld->kinds.items[i].kind.name, name) == 0) {
            fail_value(ld, name_node, "duplicate kind '%s' (first defined at %s:%u)", name, ld->name,
                       ld->kinds.items[i].line);
            return NULL;
        }
    int earlier = sl_model_find_kind(ld->m, name);
    if (earlier >= 0 && !override) {
        fail_value(ld, name_node, "duplicate kind '%s' (first defined in %s); set \"override\": "
                                  "true to replace it", name, ld->m->kinds[earlier].model_file);
        return NULL;
    }
    struct staged_kind s = {.index = earlier, .replaces = earlier >= 0, .line = line_of(ld, name_node)};
    if (earlier < 0)
        s.index = (int)ld->m->nkinds + ld->appended_kinds++;
    s.kind.name = sl_xstrdup(name);
    s.kind.model_file = ld->file;
    s.kind.api = sl_xstrdup(ld->api);
    sl_vec_push(&ld->kinds, s);
    return &ld->kinds.items[ld->kinds.len - 1].kind;
}

static int parse_kind(struct loader *ld, const cJSON *obj)
{
    static const char *const keys[] = {"name",     "role",     "label",    "types",
                                       "dies_with_parent", "accessor", "override", "read_only",
                                       NULL};
    const cJSON *name;
    const char *ignored;
    bool override;
    if (check_object(ld, obj, "a kind", keys) || require_member(ld, obj, "name", "a kind", &name) ||
        read_string(ld, name, "name", &ignored) || read_bool(ld, obj, "override", false, &override))
        return -1;
    struct sl_kind *k = stage_kind(ld, name, override);
    if (!k || read_role(ld, obj, &k->role) || read_optional_string(ld, obj, "label", &k->label) ||
        read_types(ld, obj, k) || read_bool(ld, obj, "dies_with_parent", false, &k->dies_with_parent) ||
        read_bool(ld, obj, "read_only", false, &k->read_only) ||
        read_accessor(ld, obj, k))
        return -1;
    if (!k->label)
        k->label = sl_xstrdup(k->name);
    return 0;
}

static int parse_kinds(struct loader *ld, const cJSON *list)
{
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'kinds' must be an array of objects");
    for (const cJSON *v = list->child; v; v = v->next)
        if (parse_kind(ld, v))
            return -1;
    return 0;
}

static int check_string_list(struct loader *ld, const cJSON *obj, const char *key)
{
    const cJSON *list = member(obj, key);
    const char *ignored;
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fail_value(ld, list, "'%s' must be an array of strings", key);
    for (const cJSON *v = list->child; v; v = v->next)
        if (read_string(ld, v, key, &ignored))
            return -1;
    return 0;
}

static int parse_document(struct loader *ld, const cJSON *root)
{
    static const char *const keys[] = {"api", "description", "sources", "kinds", "noreturn",
                                       "functions", NULL};
    const cJSON *api, *description = member(root, "description");
    const char *ignored;
    if (check_object(ld, root, "the model file", keys) ||
        require_member(ld, root, "api", "the model file", &api) || read_string(ld, api, "api", &ld->api) ||
        (description && read_string(ld, description, "description", &ignored)) ||
        check_string_list(ld, root, "sources") || parse_kinds(ld, member(root, "kinds")))
        return -1;
    /* functions and the noreturn shorthand in document order, so a duplicate is
     * reported at its second occurrence */
    for (const cJSON *c = root->child; c; c = c->next) {
        if (strcmp(c->string, "functions") == 0 && parse_functions(ld, c))
            return -1;
        if (strcmp(c->string, "noreturn") == 0 && parse_noreturn_list(ld, c))
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------ parse and commit */

static size_t skip_bom(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* True when the text ends inside a string or an unclosed object/array.
 * Needed because cJSON reports an error at the end as the last byte. */
static bool ends_unclosed(const char *text, size_t len)
{
    long depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        if (in_string) {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '"')
                in_string = false;
        } else if (text[i] == '"')
            in_string = true;
        else if (text[i] == '{' || text[i] == '[')
            depth++;
        else if (text[i] == '}' || text[i] == ']')
            depth--;
    }
    return in_string || depth > 0;
}

static int fail_syntax(struct loader *ld, size_t off)
{
    if (off >= ld->len || ends_unclosed(ld->text, ld->len))
        return fail_at(ld, ld->len, "JSON syntax error: unexpected end of file (unclosed string, "
                                    "object or array)");
    size_t n = strcspn(ld->text + off, "\r\n");
    return fail_at(ld, off, "JSON syntax error near '%.*s'", (int)(n < 20 ? n : 20), ld->text + off);
}

static int parse_text(struct loader *ld)
{
    const char *nul = memchr(ld->text, '\0', ld->len);
    if (nul)
        return fail_at(ld, (size_t)(nul - ld->text), "NUL byte in model file");
    struct scanner s = {ld->text, ld->len, skip_bom(ld->text, ld->len)};
    scan_space(&s);
    if (s.pos == ld->len)
        return fail_at(ld, 0, "empty model file (expected a JSON object)");
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(ld->text, ld->len, &end, 0);
    if (!root)
        return fail_syntax(ld, end ? (size_t)(end - ld->text) : 0);
    s.pos = (size_t)(end - ld->text);
    scan_space(&s);
    int rc = 0;
    if (s.pos < ld->len)
        rc = fail_at(ld, s.pos, "unexpected text after the JSON document");
    else {
        index_document(ld, root, skip_bom(ld->text, ld->len));
        rc = parse_document(ld, root);
    }
    cJSON_Delete(root);
    return rc;
}

static void loader_init(struct loader *ld, const struct sl_model *m, const char *name,
                        const char *json, size_t len)
{
    memset(ld, 0, sizeof *ld);
    ld->m = m;
    ld->file = sl_xstrdup(name);
    ld->name = ld->file;
    ld->text = sl_xstrndup(json, len);
    ld->len = len;
    build_line_table(ld);
}

static void loader_free(struct loader *ld)
{
    for (size_t i = 0; i < ld->kinds.len; i++)
        kind_free(&ld->kinds.items[i].kind);
    sl_vec_free(&ld->kinds);
    for (size_t i = 0; i < ld->funcs.len; i++)
        sl_func_free(&ld->funcs.items[i].func);
    sl_vec_free(&ld->funcs);
    sl_vec_free(&ld->line_starts);
    sl_vec_free(&ld->positions);
    free(ld->text);
    free(ld->file);
    free(ld->error);
}

/* Moves everything staged into m (the loader keeps nothing it would free). */
static void loader_commit(struct sl_model *m, struct loader *ld)
{
    for (size_t i = 0; i < ld->kinds.len; i++)
        store_kind(m, ld->kinds.items[i].kind, ld->kinds.items[i].replaces ? ld->kinds.items[i].index : -1);
    ld->kinds.len = 0;
    for (size_t i = 0; i < ld->funcs.len; i++)
        store_func(m, ld->funcs.items[i].func, ld->funcs.items[i].target);
    ld->funcs.len = 0;
    m->files = sl_xrealloc(m->files, (m->nfiles + 1) * sizeof *m->files);
    m->files[m->nfiles++] = ld->file;
    ld->file = NULL;
}

static void set_error(struct sl_model_error *err, char *text)
{
    if (err)
        err->text = text;
    else
        free(text);
}

int sl_model_load_buffer(struct sl_model *m, const char *name, const char *json, size_t len,
                         struct sl_model_error *err)
{
    struct loader ld;
    loader_init(&ld, m, name, json, len);
    int rc = parse_text(&ld);
    if (rc == 0)
        loader_commit(m, &ld);
    else {
        set_error(err, ld.error);
        ld.error = NULL;
    }
    loader_free(&ld);
    return rc;
}

int sl_model_load_file(struct sl_model *m, const char *path, struct sl_model_error *err)
{
    size_t len;
    char *text = sl_read_file(path, &len);
    if (!text) {
        set_error(err, sl_xasprintf("%s:1:1: cannot read model file: %s", path, strerror(errno)));
        return -1;
    }
    int rc = sl_model_load_buffer(m, path, text, len, err);
    free(text);
    return rc;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int sl_model_load_dir(struct sl_model *m, const char *dir, struct sl_model_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        set_error(err, sl_xasprintf("%s:1:1: cannot open model directory: %s", dir, strerror(errno)));
        return -1;
    }
    SL_VEC(char *) names = {0};
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.' && sl_str_ends_with(e->d_name, ".json"))
            sl_vec_push(&names, sl_xstrdup(e->d_name));
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof *names.items, compare_names);
    int rc = 0;
    for (size_t i = 0; i < names.len; i++) {
        char *path = sl_xasprintf("%s/%s", dir, names.items[i]);
        if (rc == 0)
            rc = sl_model_load_file(m, path, err);
        free(path);
        free(names.items[i]);
    }
    sl_vec_free(&names);
    return rc;
}
