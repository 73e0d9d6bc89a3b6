/*
 * summary_json.c: struct sl_func <-> JSON (summary_json.h). The writer emits
 * every field under its C name; the reader is strict: a missing or mistyped
 * member, or a kind the model does not have, makes the whole summary
 * invalid (the cache then recomputes it). Reading goes through a cursor
 * that remembers the first error, so the field list reads like the struct.
 */
#include "summary_json.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- writing ---- */

static cJSON *pair_json(long long a, long long b)
{
    cJSON *pair = cJSON_CreateArray();
    cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)a));
    cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)b));
    return pair;
}

static cJSON *int_array_json(const int *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    return a;
}

static cJSON *success_json(const struct sl_success *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "kind", s->kind);
    cJSON *values = cJSON_AddArrayToObject(o, "values");
    for (int i = 0; i < s->nvalues && i < SL_MAX_SUCCESS_VALUES; i++)
        cJSON_AddItemToArray(values, cJSON_CreateNumber((double)s->values[i]));
    return o;
}

static cJSON *when_json(const struct sl_when *w, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n && i < SL_MAX_WHEN; i++)
        cJSON_AddItemToArray(a, pair_json(w[i].arg, w[i].equals));
    return a;
}

static cJSON *cases_json(const struct sl_kind_case *c, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, pair_json(c[i].value, c[i].kind));
    return a;
}

static cJSON *use_json(const struct sl_use *u)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "arg", u->arg);
    cJSON_AddItemToObject(o, "kinds", int_array_json(u->kinds, u->nkinds));
    return o;
}

static cJSON *acquire_json(const struct sl_acquire *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "kind", a->kind);
    cJSON_AddNumberToObject(o, "pos", a->pos);
    cJSON_AddItemToObject(o, "success", success_json(&a->success));
    cJSON_AddBoolToObject(o, "exists_on_failure", a->exists_on_failure);
    cJSON_AddBoolToObject(o, "owned", a->owned);
    cJSON_AddBoolToObject(o, "begins_transaction", a->begins_transaction);
    cJSON_AddBoolToObject(o, "null_is_normal", a->null_is_normal);
    cJSON_AddNumberToObject(o, "only_if_null_arg", a->only_if_null_arg);
    cJSON_AddNumberToObject(o, "parent_arg", a->parent_arg);
    cJSON_AddNumberToObject(o, "kind_arg", a->kind_arg);
    cJSON_AddNumberToObject(o, "kind_mask", (double)a->kind_mask);
    cJSON_AddItemToObject(o, "kind_cases", cases_json(a->kind_cases, a->nkind_cases));
    cJSON_AddItemToObject(o, "parent_cases", cases_json(a->parent_cases, a->nparent_cases));
    return o;
}

static cJSON *release_json(const struct sl_release *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "arg", r->arg);
    cJSON_AddItemToObject(o, "kinds", int_array_json(r->kinds, r->nkinds));
    cJSON_AddBoolToObject(o, "null_safe", r->null_safe);
    cJSON_AddItemToObject(o, "success", success_json(&r->success));
    cJSON_AddItemToObject(o, "when", when_json(r->when, r->nwhen));
    cJSON_AddNumberToObject(o, "kind_arg", r->kind_arg);
    cJSON_AddNumberToObject(o, "kind_mask", (double)r->kind_mask);
    cJSON_AddItemToObject(o, "kind_cases", cases_json(r->kind_cases, r->nkind_cases));
    cJSON_AddItemToObject(o, "field", r->field ? cJSON_CreateString(r->field) : cJSON_CreateNull());
    cJSON_AddBoolToObject(o, "clears_field", r->clears_field);
    return o;
}

static cJSON *txn_json(const struct sl_txn_op *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "action", t->action);
    cJSON_AddNumberToObject(o, "arg", t->arg);
    cJSON_AddItemToObject(o, "when", when_json(t->when, t->nwhen));
    cJSON_AddItemToObject(o, "success", success_json(&t->success));
    cJSON_AddItemToObject(o, "field", t->field ? cJSON_CreateString(t->field) : cJSON_CreateNull());
    return o;
}

static cJSON *sql_json(const struct sl_sql *q)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "arg", q->arg);
    cJSON_AddNumberToObject(o, "on", q->on);
    cJSON_AddNumberToObject(o, "dialect", q->dialect);
    cJSON_AddItemToObject(o, "success", success_json(&q->success));
    cJSON_AddBoolToObject(o, "result_is_handle", q->result_is_handle);
    cJSON_AddBoolToObject(o, "failure_aborts_transaction", q->failure_aborts_transaction);
    return o;
}

/* An array of n elements of `size` bytes, each written by `one`. */
static cJSON *list_json(const void *items, size_t n, size_t size, cJSON *(*one)(const void *))
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, one((const char *)items + i * size));
    return a;
}

static cJSON *use_item(const void *p) { return use_json(p); }
static cJSON *acquire_item(const void *p) { return acquire_json(p); }
static cJSON *release_item(const void *p) { return release_json(p); }
static cJSON *txn_item(const void *p) { return txn_json(p); }

cJSON *sl_func_to_json(const struct sl_func *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", f->name);
    cJSON_AddItemToObject(o, "uses", list_json(f->uses, f->nuses, sizeof *f->uses, use_item));
    cJSON_AddItemToObject(o, "acquires", list_json(f->acquires, f->nacquires,
                                                   sizeof *f->acquires, acquire_item));
    cJSON_AddItemToObject(o, "releases", list_json(f->releases, f->nreleases,
                                                   sizeof *f->releases, release_item));
    cJSON_AddItemToObject(o, "txn_ops", list_json(f->txn_ops, f->ntxn_ops, sizeof *f->txn_ops,
                                                  txn_item));
    cJSON_AddItemToObject(o, "sql", f->sql ? sql_json(f->sql) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "takes_ownership",
                          int_array_json(f->takes_ownership, f->ntakes_ownership));
    cJSON_AddNumberToObject(o, "status_of_arg", f->status_of_arg);
    cJSON_AddItemToObject(o, "status_success", success_json(&f->status_success));
    cJSON_AddNumberToObject(o, "disconnect_arg", f->disconnect_arg);
    cJSON_AddNumberToObject(o, "attach_session_arg", f->attach_session_arg);
    cJSON_AddNumberToObject(o, "attach_opts_arg", f->attach_opts_arg);
    cJSON_AddNumberToObject(o, "needs_session_opts_arg", f->needs_session_opts_arg);
    cJSON_AddNumberToObject(o, "session_state_name_arg", f->session_state_name_arg);
    cJSON_AddBoolToObject(o, "noreturn", f->noreturn);
    cJSON_AddBoolToObject(o, "from_summary", f->from_summary);
    cJSON_AddBoolToObject(o, "guessed", f->guessed);
    cJSON_AddNumberToObject(o, "line", f->line);
    return o;
}

/* ---- reading ---- */

struct reader {
    const struct sl_model *model;
    bool ok;
};

static const cJSON *member(struct reader *r, const cJSON *o, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!m)
        r->ok = false;
    return m;
}

static long long get_number(struct reader *r, const cJSON *v)
{
    if (!cJSON_IsNumber(v)) {
        r->ok = false;
        return 0;
    }
    return (long long)v->valuedouble;
}

static int get_int(struct reader *r, const cJSON *o, const char *name)
{
    return (int)get_number(r, member(r, o, name));
}

static bool get_bool(struct reader *r, const cJSON *o, const char *name)
{
    const cJSON *m = member(r, o, name);
    if (!cJSON_IsBool(m))
        r->ok = false;
    return cJSON_IsTrue(m);
}

/* A member that is a string or null (NULL). */
static char *get_optional_string(struct reader *r, const cJSON *o, const char *name)
{
    const cJSON *m = member(r, o, name);
    if (cJSON_IsString(m))
        return sl_xstrdup(m->valuestring);
    if (!cJSON_IsNull(m))
        r->ok = false;
    return NULL;
}

static int get_kind(struct reader *r, const cJSON *v)
{
    int k = (int)get_number(r, v);
    if (k < -1 || (k >= 0 && (size_t)k >= r->model->nkinds))
        r->ok = false;
    return k;
}

/* The array member `name` (or o itself when name is NULL); its length in *n. */
static const cJSON *get_array(struct reader *r, const cJSON *o, const char *name, size_t *n)
{
    const cJSON *a = name ? member(r, o, name) : o;
    *n = 0;
    if (!cJSON_IsArray(a)) {
        r->ok = false;
        return NULL;
    }
    *n = (size_t)cJSON_GetArraySize(a);
    return a;
}

static int *get_int_array(struct reader *r, const cJSON *o, const char *name, size_t *n,
                          bool kinds)
{
    const cJSON *a = get_array(r, o, name, n), *v;
    int *out = sl_xcalloc(*n + 1, sizeof *out);
    size_t i = 0;
    cJSON_ArrayForEach(v, a)
        out[i++] = kinds ? get_kind(r, v) : (int)get_number(r, v);
    return out;
}

static void get_pair(struct reader *r, const cJSON *pair, long long *a, long long *b)
{
    size_t n;
    get_array(r, pair, NULL, &n);
    if (n != 2) {
        r->ok = false;
        return;
    }
    *a = get_number(r, cJSON_GetArrayItem(pair, 0));
    *b = get_number(r, cJSON_GetArrayItem(pair, 1));
}

static struct sl_success get_success(struct reader *r, const cJSON *o, const char *name)
{
    struct sl_success s = {0};
    const cJSON *m = member(r, o, name), *v;
    s.kind = (enum sl_success_kind)get_int(r, m, "kind");
    if (s.kind > SL_SUCCESS_NONNEG)
        r->ok = false;
    size_t n;
    cJSON_ArrayForEach(v, get_array(r, m, "values", &n)) {
        if (s.nvalues == SL_MAX_SUCCESS_VALUES) {
            r->ok = false;
            break;
        }
        s.values[s.nvalues++] = get_number(r, v);
    }
    return s;
}

static int get_when(struct reader *r, const cJSON *o, struct sl_when *w)
{
    size_t n;
    const cJSON *a = get_array(r, o, "when", &n), *pair;
    int count = 0;
    if (n > SL_MAX_WHEN) {
        r->ok = false;
        return 0;
    }
    cJSON_ArrayForEach(pair, a) {
        long long arg = 0, equals = 0;
        get_pair(r, pair, &arg, &equals);
        w[count++] = (struct sl_when){.arg = (int)arg, .equals = equals};
    }
    return count;
}

static struct sl_kind_case *get_cases(struct reader *r, const cJSON *o, const char *name,
                                      size_t *n)
{
    const cJSON *a = get_array(r, o, name, n), *pair;
    struct sl_kind_case *out = sl_xcalloc(*n + 1, sizeof *out);
    size_t i = 0;
    cJSON_ArrayForEach(pair, a) {
        long long value = 0, kind = 0;
        get_pair(r, pair, &value, &kind);
        out[i].value = value;
        out[i++].kind = (int)kind;
        if (kind < -1 || kind >= (long long)r->model->nkinds)
            r->ok = false;
    }
    return out;
}

static void read_use(struct reader *r, const cJSON *o, void *p)
{
    struct sl_use *u = p;
    u->arg = get_int(r, o, "arg");
    u->kinds = get_int_array(r, o, "kinds", &u->nkinds, true);
}

static void read_acquire(struct reader *r, const cJSON *o, void *p)
{
    struct sl_acquire *a = p;
    a->kind = get_kind(r, member(r, o, "kind"));
    a->pos = get_int(r, o, "pos");
    a->success = get_success(r, o, "success");
    a->exists_on_failure = get_bool(r, o, "exists_on_failure");
    a->owned = get_bool(r, o, "owned");
    a->begins_transaction = get_bool(r, o, "begins_transaction");
    a->null_is_normal = get_bool(r, o, "null_is_normal");
    a->only_if_null_arg = get_int(r, o, "only_if_null_arg");
    a->parent_arg = get_int(r, o, "parent_arg");
    a->kind_arg = get_int(r, o, "kind_arg");
    a->kind_mask = get_number(r, member(r, o, "kind_mask"));
    a->kind_cases = get_cases(r, o, "kind_cases", &a->nkind_cases);
    a->parent_cases = get_cases(r, o, "parent_cases", &a->nparent_cases);
}

static void read_release(struct reader *r, const cJSON *o, void *p)
{
    struct sl_release *x = p;
    x->arg = get_int(r, o, "arg");
    x->kinds = get_int_array(r, o, "kinds", &x->nkinds, true);
    x->null_safe = get_bool(r, o, "null_safe");
    x->success = get_success(r, o, "success");
    x->nwhen = get_when(r, o, x->when);
    x->kind_arg = get_int(r, o, "kind_arg");
    x->kind_mask = get_number(r, member(r, o, "kind_mask"));
    x->kind_cases = get_cases(r, o, "kind_cases", &x->nkind_cases);
    x->field = get_optional_string(r, o, "field");
    x->clears_field = get_bool(r, o, "clears_field");
}

static void read_txn(struct reader *r, const cJSON *o, void *p)
{
    struct sl_txn_op *t = p;
    t->action = (enum sl_txn_action)get_int(r, o, "action");
    if (t->action > SL_TXN_ROLLBACK)
        r->ok = false;
    t->arg = get_int(r, o, "arg");
    t->nwhen = get_when(r, o, t->when);
    t->success = get_success(r, o, "success");
    t->field = get_optional_string(r, o, "field");
}

static struct sl_sql *read_sql(struct reader *r, const cJSON *o)
{
    if (cJSON_IsNull(o))
        return NULL;
    struct sl_sql *q = sl_xcalloc(1, sizeof *q);
    q->arg = get_int(r, o, "arg");
    q->on = get_int(r, o, "on");
    q->dialect = (enum sl_sql_dialect)get_int(r, o, "dialect");
    if (q->dialect > SL_DIALECT_REDIS)
        r->ok = false;
    q->success = get_success(r, o, "success");
    q->result_is_handle = get_bool(r, o, "result_is_handle");
    q->failure_aborts_transaction = get_bool(r, o, "failure_aborts_transaction");
    return q;
}

/* The array member `name` as n elements of `size` bytes, each read by `one`
 * (zeroed first, so a failed read leaves only what sl_func_free frees). */
static void *read_list(struct reader *r, const cJSON *o, const char *name, size_t size,
                       size_t *n, void (*one)(struct reader *, const cJSON *, void *))
{
    const cJSON *a = get_array(r, o, name, n), *item;
    char *out = sl_xcalloc(*n + 1, size);
    size_t i = 0;
    cJSON_ArrayForEach(item, a)
        one(r, item, out + size * i++);
    return out;
}

int sl_func_from_json(const cJSON *json, const struct sl_model *model, struct sl_func *f)
{
    struct reader r = {.model = model, .ok = cJSON_IsObject(json)};
    memset(f, 0, sizeof *f);
    if (!r.ok)
        return -1;
    const cJSON *name = member(&r, json, "name");
    f->name = sl_xstrdup(cJSON_IsString(name) ? name->valuestring : "");
    r.ok = r.ok && cJSON_IsString(name);
    f->uses = read_list(&r, json, "uses", sizeof *f->uses, &f->nuses, read_use);
    f->acquires = read_list(&r, json, "acquires", sizeof *f->acquires, &f->nacquires,
                            read_acquire);
    f->releases = read_list(&r, json, "releases", sizeof *f->releases, &f->nreleases,
                            read_release);
    f->txn_ops = read_list(&r, json, "txn_ops", sizeof *f->txn_ops, &f->ntxn_ops, read_txn);
    f->sql = read_sql(&r, member(&r, json, "sql"));
    f->takes_ownership = get_int_array(&r, json, "takes_ownership", &f->ntakes_ownership, false);
    f->status_of_arg = get_int(&r, json, "status_of_arg");
    f->status_success = get_success(&r, json, "status_success");
    f->disconnect_arg = get_int(&r, json, "disconnect_arg");
    f->attach_session_arg = get_int(&r, json, "attach_session_arg");
    f->attach_opts_arg = get_int(&r, json, "attach_opts_arg");
    f->needs_session_opts_arg = get_int(&r, json, "needs_session_opts_arg");
    f->session_state_name_arg = get_int(&r, json, "session_state_name_arg");
    f->noreturn = get_bool(&r, json, "noreturn");
    f->from_summary = get_bool(&r, json, "from_summary");
    f->guessed = get_bool(&r, json, "guessed");
    f->line = (unsigned)get_int(&r, json, "line");
    if (r.ok)
        return 0;
    sl_func_free(f);
    return -1;
}
