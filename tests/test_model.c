/*
 * test_model.c: tests for the API model store and loader (src/model.c): the
 * shipped models load and map to the right structures, lookups normalise type
 * spellings, every bad model under tests/models/ fails with the exact
 * file:line:col: prefix and a helpful message, a failed load changes nothing,
 * and sl_model_put_func deep-copies.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "testutil.h"
#include "util.h"

static struct sl_model model;

static void setup(void) { sl_model_init(&model); }
static void teardown(void) { sl_model_free(&model); }

TestSuite(model, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */

static void load_ok(const char *rel)
{
    char *path = sl_test_path(rel);
    struct sl_model_error err = {0};
    int rc = sl_model_load_file(&model, path, &err);
    cr_assert_eq(rc, 0, "loading %s failed: %s", rel, err.text ? err.text : "(no message)");
    cr_assert_null(err.text);
    free(path);
}

static void load_text_ok(const char *json)
{
    struct sl_model_error err = {0};
    int rc = sl_model_load_buffer(&model, "inline.json", json, strlen(json), &err);
    cr_assert_eq(rc, 0, "inline model failed: %s", err.text ? err.text : "");
}

/* Loading rel must fail with exactly "<path>:line:col: " and a message containing `message`. */
static void expect_error(const char *rel, unsigned line, unsigned col, const char *message)
{
    char *path = sl_test_path(rel);
    struct sl_model_error err = {0};
    cr_assert_eq(sl_model_load_file(&model, path, &err), -1, "%s loaded but should not", rel);
    cr_assert_not_null(err.text);
    char *prefix = sl_xasprintf("%s:%u:%u: ", path, line, col);
    cr_expect(sl_str_starts_with(err.text, prefix), "got '%s', want prefix '%s'", err.text, prefix);
    cr_expect(strstr(err.text, message) != NULL, "got '%s', want it to mention '%s'", err.text,
              message);
    free(prefix);
    free(err.text);
    free(path);
}

static const struct sl_func *func(const char *name)
{
    const struct sl_func *f = sl_model_find_func(&model, name);
    cr_assert_not_null(f, "function %s not in the model", name);
    return f;
}

static int kind(const char *name)
{
    int k = sl_model_find_kind(&model, name);
    cr_assert_geq(k, 0, "kind %s not in the model", name);
    return k;
}

/* 1-based line of the first occurrence of needle in the file rel. */
static unsigned line_in_file(const char *rel, const char *needle)
{
    char *path = sl_test_path(rel);
    char *text = sl_read_file(path, NULL);
    cr_assert_not_null(text);
    const char *hit = strstr(text, needle);
    cr_assert_not_null(hit, "%s not found in %s", needle, rel);
    unsigned line = 1;
    for (const char *p = text; p < hit; p++)
        line += *p == '\n';
    free(text);
    free(path);
    return line;
}

static void load_shipped(void)
{
    char *dir = sl_test_path("rules/models");
    struct sl_model_error err = {0};
    int rc = sl_model_load_dir(&model, dir, &err);
    cr_assert_eq(rc, 0, "shipped models failed: %s", err.text ? err.text : "");
    free(dir);
}

/* -------------------------------------------------------- shipped models */

Test(model, each_shipped_model_loads_on_its_own)
{
    static const char *const files[] = {"rules/models/sqlite3.json", "rules/models/libpq.json",
                                        "rules/models/inhouse.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        load_ok(files[i]);
        sl_model_free(&model);
        sl_model_init(&model);
    }
}

Test(model, load_dir_loads_json_files_sorted_by_name)
{
    load_shipped();
    cr_assert_geq(model.nfiles, 3);
    for (size_t i = 0; i + 1 < model.nfiles; i++)
        cr_expect_lt(strcmp(model.files[i], model.files[i + 1]), 0, "%s before %s", model.files[i],
                     model.files[i + 1]);
    bool has_inhouse = false;
    for (size_t i = 0; i < model.nfiles; i++)
        has_inhouse = has_inhouse || sl_str_ends_with(model.files[i], "/inhouse.json");
    cr_expect(has_inhouse);
}

Test(model, find_func_and_kind)
{
    load_shipped();
    cr_expect_str_eq(func("sqlite3_open_v2")->name, "sqlite3_open_v2");
    cr_expect_str_eq(func("PQexec")->name, "PQexec");
    cr_expect_null(sl_model_find_func(&model, "sqlite3_opne"));
    cr_expect_null(sl_model_find_func(&model, ""));
    cr_expect_str_eq(model.kinds[kind("pq.conn")].name, "pq.conn");
    cr_expect_eq(sl_model_find_kind(&model, "pq.connection"), -1);
}

Test(model, kind_for_type_normalises_qualifiers_and_spacing)
{
    load_shipped();
    int db = kind("sqlite3.db"), conn = kind("pq.conn"), res = kind("pq.result");
    static const char *const db_spellings[] = {"sqlite3 *", "sqlite3*", "sqlite3  *", " sqlite3\t* ",
                                               "const sqlite3 *", "sqlite3 *const", "volatile sqlite3 * restrict",
                                               "struct sqlite3 *"};
    for (size_t i = 0; i < sizeof db_spellings / sizeof *db_spellings; i++)
        cr_expect_eq(sl_model_kind_for_type(&model, db_spellings[i]), db, "'%s'", db_spellings[i]);
    cr_expect_eq(sl_model_kind_for_type(&model, "PGconn *"), conn);
    cr_expect_eq(sl_model_kind_for_type(&model, "struct pg_conn *"), conn);
    cr_expect_eq(sl_model_kind_for_type(&model, "const PGresult *"), res);
    cr_expect_eq(sl_model_kind_for_type(&model, "const struct pg_result*"), res);
    cr_expect_eq(sl_model_kind_for_type(&model, "ih_lease *"), kind("ih.lease"));
    /* a pointer to a handle is not a handle, nor are unrelated types */
    cr_expect_eq(sl_model_kind_for_type(&model, "sqlite3 **"), -1);
    cr_expect_eq(sl_model_kind_for_type(&model, "sqlite3"), -1);
    cr_expect_eq(sl_model_kind_for_type(&model, "int"), -1);
    cr_expect_eq(sl_model_kind_for_type(&model, "void *"), -1);
    cr_expect_eq(sl_model_kind_for_type(&model, NULL), -1);
}

Test(model, kind_for_type_ignores_the_tag_keyword_as_a_fallback)
{
    load_text_ok("{\"api\": \"t\", \"kinds\": [{\"name\": \"t.h\", \"role\": \"other\", "
                 "\"types\": [\"t_handle *\"]}]}");
    cr_expect_eq(sl_model_kind_for_type(&model, "struct t_handle *"), kind("t.h"));
    cr_expect_eq(sl_model_kind_for_type(&model, "union t_handle *"), kind("t.h"));
}

Test(model, sqlite3_fields)
{
    load_ok("rules/models/sqlite3.json");
    int db = kind("sqlite3.db"), stmt = kind("sqlite3.stmt");
    cr_expect_eq(model.kinds[db].role, SL_ROLE_SESSION);
    cr_expect_str_eq(model.kinds[db].label, "sqlite3 connection");

    const struct sl_func *open = func("sqlite3_open_v2");
    cr_assert_eq(open->nacquires, 1);
    const struct sl_acquire *a = &open->acquires[0];
    cr_expect_eq(a->kind, db);
    cr_expect_eq(a->pos, 1);
    cr_expect_eq(a->success.kind, SL_SUCCESS_RETURNS);
    cr_expect_eq(a->success.nvalues, 1);
    cr_expect_eq(a->success.values[0], 0);
    cr_expect(a->exists_on_failure);
    cr_expect(a->owned);
    cr_expect_eq(a->parent_arg, SL_NO_ARG);
    cr_expect_eq(a->kind_arg, SL_NO_ARG);
    cr_expect(sl_str_ends_with(open->model_file, "rules/models/sqlite3.json"));
    cr_expect_eq(open->model_file, model.files[0], "model_file points at the owned copy");
    cr_expect_eq(open->line, line_in_file("rules/models/sqlite3.json", "\"sqlite3_open_v2\""));
    cr_expect_not(open->noreturn);
    cr_expect_eq(open->status_of_arg, SL_NO_ARG);

    const struct sl_func *prep = func("sqlite3_prepare_v3");
    cr_assert_eq(prep->nacquires, 1);
    cr_expect_eq(prep->acquires[0].kind, stmt);
    cr_expect_eq(prep->acquires[0].pos, 4);
    cr_expect_eq(prep->acquires[0].parent_arg, 0);
    cr_expect_not(prep->acquires[0].exists_on_failure);
    cr_assert_eq(prep->nuses, 1);
    cr_expect_eq(prep->uses[0].arg, 0);
    cr_assert_eq(prep->uses[0].nkinds, 1);
    cr_expect_eq(prep->uses[0].kinds[0], db);
    cr_expect_eq(func("sqlite3_prepare_v2")->acquires[0].pos, 3);

    const struct sl_func *close = func("sqlite3_close");
    cr_assert_eq(close->nreleases, 1);
    cr_expect_eq(close->releases[0].arg, 0);
    cr_expect(close->releases[0].null_safe);
    cr_assert_eq(close->releases[0].nkinds, 1);
    cr_expect_eq(close->releases[0].kinds[0], db);
    cr_expect_eq(close->releases[0].kind_arg, SL_NO_ARG);
    cr_expect_eq(close->releases[0].success.kind, SL_SUCCESS_RETURNS, "SQLITE_BUSY leaves it open");
    cr_expect_eq(close->releases[0].success.values[0], 0);
    cr_expect_eq(func("sqlite3_close_v2")->releases[0].success.kind, SL_SUCCESS_ALWAYS);

    const struct sl_func *exec = func("sqlite3_exec");
    cr_assert_not_null(exec->sql);
    cr_expect_eq(exec->sql->arg, 1);
    cr_expect_eq(exec->sql->on, 0);
    cr_expect_eq(exec->sql->success.kind, SL_SUCCESS_RETURNS);
    cr_expect_eq(exec->sql->success.values[0], 0);
    cr_expect_not(exec->sql->result_is_handle);
    cr_expect_eq(func("sqlite3_step")->uses[0].kinds[0], stmt);
    cr_expect_eq(func("sqlite3_errmsg")->uses[0].kinds[0], db);
}

Test(model, libpq_fields)
{
    load_ok("rules/models/libpq.json");
    cr_expect(func("PQgetResult")->acquires[0].null_is_normal, "NULL ends the result stream");
    cr_expect_not(func("PQexec")->acquires[0].null_is_normal);
    int conn = kind("pq.conn"), res = kind("pq.result");
    const struct sl_acquire *a = &func("PQconnectdb")->acquires[0];
    cr_expect_eq(a->kind, conn);
    cr_expect_eq(a->pos, SL_POS_RETURN);
    cr_expect_eq(a->success.kind, SL_SUCCESS_NONNULL);
    cr_expect(a->exists_on_failure);

    const struct sl_func *exec = func("PQexec");
    cr_expect_eq(exec->acquires[0].kind, res);
    cr_assert_not_null(exec->sql);
    cr_expect(exec->sql->result_is_handle);
    cr_expect_eq(exec->sql->success.kind, SL_SUCCESS_ALWAYS);
    cr_expect_eq(exec->uses[0].kinds[0], conn);

    const struct sl_func *status = func("PQresultStatus");
    cr_expect_eq(status->status_of_arg, 0);
    cr_expect_eq(status->status_success.kind, SL_SUCCESS_RETURNS);
    /* every PGRES_*_OK-like status: COMMAND_OK, TUPLES_OK, COPY_OUT/IN/BOTH, SINGLE_TUPLE */
    static const long long ok[] = {1, 2, 3, 4, 8, 9};
    cr_assert_eq(status->status_success.nvalues, 6);
    for (int i = 0; i < 6; i++)
        cr_expect_eq(status->status_success.values[i], ok[i]);
    cr_expect(func("PQexec")->sql->failure_aborts_transaction);
    cr_expect(func("PQclear")->releases[0].null_safe);
    cr_expect_eq(func("PQgetvalue")->uses[0].kinds[0], res);
    cr_expect_eq(func("PQescapeLiteral")->nacquires, 0, "PQescapeLiteral text is not a handle");
}

Test(model, inhouse_fields)
{
    load_ok("rules/models/inhouse.json");
    int lease = kind("ih.lease"), session = kind("ih.session");
    cr_expect_eq(model.kinds[lease].role, SL_ROLE_GUARD);
    cr_expect_str_eq(model.kinds[lease].accessor_function, "ih_lease_session");
    cr_expect_null(model.kinds[lease].accessor_field);
    cr_expect(model.kinds[session].dies_with_parent);
    cr_expect_eq(model.kinds[kind("ih.pool")].role, SL_ROLE_POOL);

    const struct sl_acquire *view = &func("ih_lease_session")->acquires[0];
    cr_expect_eq(view->kind, session);
    cr_expect_not(view->owned);
    cr_expect_eq(view->parent_arg, 0);

    const struct sl_func *checkin = func("ih_pool_checkin");
    cr_expect_eq(checkin->releases[0].arg, 1);
    cr_expect_eq(checkin->releases[0].kinds[0], lease);
    cr_expect_eq(checkin->uses[0].kinds[0], kind("ih.pool"));

    static const struct {
        const char *name;
        enum sl_txn_action action;
    } txn[] = {{"ih_begin", SL_TXN_BEGIN}, {"ih_commit", SL_TXN_COMMIT}, {"ih_rollback", SL_TXN_ROLLBACK}};
    for (size_t i = 0; i < sizeof txn / sizeof *txn; i++) {
        const struct sl_func *f = func(txn[i].name);
        cr_assert_eq(f->ntxn_ops, 1);
        cr_expect_eq(f->txn_ops[0].action, txn[i].action);
        cr_expect_eq(f->txn_ops[0].arg, 0);
        cr_expect_eq(f->txn_ops[0].nwhen, 0);
        cr_expect_eq(f->txn_ops[0].success.kind, SL_SUCCESS_RETURNS);
        cr_expect_eq(f->txn_ops[0].success.nvalues, 1);
        cr_expect_eq(f->txn_ops[0].success.values[0], 0);
        cr_expect_eq(f->uses[0].kinds[0], session);
    }
    cr_expect_eq(func("ih_execute")->sql->success.kind, SL_SUCCESS_RETURNS);
    cr_expect(func("ih_fatal")->noreturn);
    cr_expect_eq(func("ih_fatal")->line, line_in_file("rules/models/inhouse.json", "\"ih_fatal\""));
}

Test(model, kind_by_arg_when_takes_ownership_and_defaults)
{
    load_text_ok("{\"api\": \"odbcish\",\n"
                 " \"kinds\": [{\"name\": \"o.env\", \"role\": \"environment\"},\n"
                 "           {\"name\": \"o.dbc\", \"role\": \"session\", \"accessor\": {\"field\": \"s\"}}],\n"
                 " \"functions\": [\n"
                 "  {\"name\": \"o_alloc\", \"acquire\": {\"kind_by_arg\": {\"arg\": 0, \"cases\": "
                 "{\"1\": \"o.env\", \"-2\": \"o.dbc\"}}, \"out_arg\": 2, \"parent_arg\": 1}},\n"
                 "  {\"name\": \"o_free\", \"release\": {\"arg\": 1, \"kind_by_arg\": {\"arg\": 0, "
                 "\"cases\": {\"1\": \"o.env\"}}}},\n"
                 "  {\"name\": \"o_autocommit\", \"begin\": {\"arg\": 0, \"when\": {\"arg\": 1, \"equals\": 0}},"
                 " \"commit\": [{\"arg\": 0, \"when\": {\"arg\": 1, \"equals\": 1}}]},\n"
                 "  {\"name\": \"o_adopt\", \"takes_ownership\": [0, 2], \"release\": [], \"note\": \"n\"}]}");
    const struct sl_acquire *a = &func("o_alloc")->acquires[0];
    cr_expect_eq(a->kind, -1);
    cr_expect_eq(a->kind_arg, 0);
    cr_expect_eq(a->pos, 2);
    cr_expect_eq(a->success.kind, SL_SUCCESS_ALWAYS, "out_arg defaults to \"always\"");
    cr_expect_eq(a->parent_arg, 1);
    cr_assert_eq(a->nkind_cases, 2);
    cr_expect_eq(a->kind_cases[0].value, 1);
    cr_expect_eq(a->kind_cases[0].kind, kind("o.env"));
    cr_expect_eq(a->kind_cases[1].value, -2);
    cr_expect_eq(a->kind_cases[1].kind, kind("o.dbc"));
    const struct sl_release *r = &func("o_free")->releases[0];
    cr_expect_eq(r->kind_arg, 0);
    cr_expect_eq(r->nkind_cases, 1);
    cr_expect_eq(r->nkinds, 0);
    cr_expect_not(r->null_safe);

    const struct sl_func *ac = func("o_autocommit");
    cr_assert_eq(ac->ntxn_ops, 2);
    cr_expect_eq(ac->txn_ops[0].action, SL_TXN_BEGIN);
    cr_assert_eq(ac->txn_ops[0].nwhen, 1);
    cr_expect_eq(ac->txn_ops[0].when[0].arg, 1);
    cr_expect_eq(ac->txn_ops[0].when[0].equals, 0);
    cr_expect_eq(ac->txn_ops[1].action, SL_TXN_COMMIT);
    cr_expect_eq(ac->txn_ops[1].when[0].equals, 1);
    cr_expect_eq(ac->txn_ops[0].success.kind, SL_SUCCESS_ALWAYS);

    const struct sl_func *adopt = func("o_adopt");
    cr_assert_eq(adopt->ntakes_ownership, 2);
    cr_expect_eq(adopt->takes_ownership[1], 2);
    cr_expect_eq(adopt->nreleases, 0);
    cr_expect_eq(adopt->line, 8);
    cr_expect_str_eq(model.kinds[kind("o.env")].label, "o.env", "label defaults to the name");
    cr_expect_str_eq(model.kinds[kind("o.dbc")].accessor_field, "s");
}

Test(model, release_of_a_member)
{
    load_text_ok("{\"api\": \"app\", \"functions\": [\n"
                 " {\"name\": \"app_free\", \"release\": {\"arg\": 0, \"field\": \"db\"}},\n"
                 " {\"name\": \"app_close\", \"release\": {\"arg\": 1, \"field\": \"conn_2\", "
                 "\"clears_field\": true}},\n"
                 " {\"name\": \"app_drop\", \"release\": {\"arg\": 0}}]}");
    cr_expect_str_eq(func("app_free")->releases[0].field, "db");
    cr_expect_not(func("app_free")->releases[0].clears_field);
    cr_expect_str_eq(func("app_close")->releases[0].field, "conn_2");
    cr_expect(func("app_close")->releases[0].clears_field);
    cr_expect_null(func("app_drop")->releases[0].field);
}

Test(model, transaction_on_a_member)
{
    load_text_ok("{\"api\": \"store\", \"functions\": [\n"
                 " {\"name\": \"store_begin\", \"begin\": {\"arg\": 0, \"field\": \"conn\"}},\n"
                 " {\"name\": \"store_commit\", \"commit\": {\"arg\": 0}}]}");
    cr_expect_str_eq(func("store_begin")->txn_ops[0].field, "conn");
    cr_expect_eq(func("store_begin")->txn_ops[0].action, SL_TXN_BEGIN);
    cr_expect_null(func("store_commit")->txn_ops[0].field);
}

Test(model, role_words)
{
    cr_expect_str_eq(sl_role_word(SL_ROLE_SESSION), "session");
    cr_expect_str_eq(sl_role_word(SL_ROLE_GUARD), "guard");
    cr_expect_str_eq(sl_role_word(SL_ROLE_ENVIRONMENT), "environment");
    cr_expect_str_eq(sl_role_word(SL_ROLE_OTHER), "other");
}

/* ------------------------------------------------------------ bad models */

Test(model, bad_json) { expect_error("tests/models/bad_json.json", 4, 23, "JSON syntax error"); }
Test(model, truncated)
{
    expect_error("tests/models/truncated.json", 4, 23, "unexpected end of file");
}
Test(model, trailing_garbage)
{
    expect_error("tests/models/trailing_garbage.json", 4, 1, "unexpected text after the JSON document");
}
Test(model, empty_file) { expect_error("tests/models/empty.json", 1, 1, "empty model file"); }
Test(model, wrong_type)
{
    expect_error("tests/models/wrong_type.json", 5, 61, "'null_safe' must be true or false, not a string");
}
Test(model, unknown_key)
{
    expect_error("tests/models/unknown_key.json", 6, 6, "unknown key 'relase' in a function (expected one of: name, acquire, release");
}
Test(model, unknown_kind)
{
    expect_error("tests/models/unknown_kind.json", 9, 65, "unknown kind 'pt.connection'");
}
Test(model, unknown_role)
{
    expect_error("tests/models/unknown_role.json", 4, 33, "unknown role 'connection' (expected one of: session,");
}
Test(model, missing_name) { expect_error("tests/models/missing_name.json", 5, 5, "a function needs 'name'"); }
Test(model, arg_index_out_of_range)
{
    expect_error("tests/models/arg_range.json", 5, 39, "argument index 64 in 'arg' is out of range (0..63)");
}
Test(model, both_returns_and_out_arg)
{
    expect_error("tests/models/both_returns_out_arg.json", 6, 51, "both 'returns' and 'out_arg'");
}
Test(model, too_many_success_values)
{
    expect_error("tests/models/too_many_success.json", 6, 55, "too many success values (at most 8)");
}

Test(model, duplicate_function_across_files)
{
    load_ok("tests/models/dup_base.json");
    char *base = sl_test_path("tests/models/dup_base.json");
    char *message = sl_xasprintf("duplicate function 'dp_close' (first defined at %s:6)", base);
    expect_error("tests/models/dup_again.json", 5, 14, message);
    free(message);
    free(base);
}

Test(model, duplicate_allowed_with_override)
{
    load_ok("tests/models/dup_base.json");
    size_t nfuncs = model.nfuncs;
    cr_expect_not(func("dp_close")->releases[0].null_safe);
    load_ok("tests/models/dup_override.json");
    cr_expect_eq(model.nfuncs, nfuncs, "replaced, not added");
    const struct sl_func *f = func("dp_close");
    cr_expect(f->releases[0].null_safe);
    cr_expect(sl_str_ends_with(f->model_file, "dup_override.json"));
    cr_expect_eq(f->line, 4);
    cr_expect_eq(f->releases[0].kinds[0], kind("dp.conn"));
}

Test(model, duplicate_inside_one_file)
{
    struct sl_model_error err = {0};
    const char *json = "{\"api\": \"d\",\n \"functions\": [{\"name\": \"f\"}],\n \"noreturn\": [\"f\"]}";
    cr_assert_eq(sl_model_load_buffer(&model, "d.json", json, strlen(json), &err), -1);
    cr_expect_str_eq(err.text, "d.json:3:15: duplicate function 'f' (first defined at d.json:2)");
    free(err.text);
}

Test(model, more_bad_shapes)
{
    static const struct {
        const char *json, *error;
    } cases[] = {
        {"[]", "x:1:1: the model file must be an object, not an array"},
        {"{\"description\": \"no api\"}", "x:1:1: the model file needs 'api'"},
        {"{\"api\": \"a\", \"api\": \"b\"}", "x:1:14: duplicate key 'api' in the model file"},
        {"{\"api\": \"\"}", "x:1:9: 'api' must be a non-empty string, not an empty one"},
        {"{\"api\": \"a\", \"note\": 1}", "x:1:22: 'note' must be a string, not a number"},
        {"{\"api\": \"a\", \"kinds\": [{\"name\": \"k\", \"role\": \"other\", \"accessor\": {}}]}",
         "x:1:67: 'accessor' needs exactly one of 'function' and 'field'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"use\": {\"arg\": 0}}]}",
         "x:1:49: a use needs 'kinds'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"begin\": {\"arg\": 1.5}}]}",
         "x:1:59: 'arg' must be an integer, not a fraction or a huge number"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"begin\": {\"arg\": 0, \"success\": \"ok\"}}]}",
         "x:1:73: 'success' must be \"nonnull\", \"always\", \"zero\", \"nonnegative\" or "
         "{\"returns\": [integers]}"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"sql\": {\"arg\": 1, \"on\": 0, "
         "\"dialect\": \"cql\"}}]}",
         "x:1:80: 'dialect' must be \"sql\" or \"redis\""},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"begin\": {\"arg\": 0, \"when\": []}}]}",
         "x:1:70: 'when' must not be an empty list"},
        {"{\"api\": \"a\", \"kinds\": [{\"name\": \"k\", \"role\": \"other\"}], \"functions\": "
         "[{\"name\": \"f\", \"acquire\": {\"kind\": \"k\", \"returns\": true, \"kind_by_parent\": "
         "{\"k\": \"k\"}}}]}",
         "x:1:127: 'kind_by_parent' needs 'parent_arg'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"disconnect\": {\"on\": 0}}]}",
         "x:1:57: unknown key 'on' in 'disconnect' (expected one of: arg, note)"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"commit\": {\"arg\": 0, \"success\": "
         "{\"returns\": []}}}]}",
         "x:1:86: 'returns' in 'success' must be a non-empty array of integers"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"acquire\": 3}]}",
         "x:1:53: 'acquire' must be an object or an array of objects, not a number"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"sql\": {\"arg\": 1}}]}",
         "x:1:49: 'sql' needs 'on'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"status_of\": {\"arg\": 0}}]}",
         "x:1:55: 'status_of' needs 'success'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"acquire\": {\"kind_by_arg\": {\"arg\": 0, "
         "\"cases\": {\"one\": \"k\"}}, \"returns\": true}}]}",
         "x:1:90: case 'one' in 'kind_by_arg' is not an integer"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"acquire\": {\"returns\": false}}]}",
         "x:1:53: acquire needs 'kind' or 'kind_by_arg'"},
        {"{\"api\": \"a\",\x01\"functions\": 1}", "x:1:27: 'functions' must be an array of objects"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"release\": {\"arg\": 0, \"field\": "
         "\"a->db\"}}]}",
         "x:1:73: 'field' must be one member name (\"db\"), not 'a->db'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"commit\": {\"arg\": 0, \"field\": "
         "\"s.conn\"}}]}",
         "x:1:72: 'field' must be one member name (\"db\"), not 's.conn'"},
        {"{\"api\": \"a\", \"functions\": [{\"name\": \"f\", \"release\": {\"arg\": 0, "
         "\"clears_field\": true}}]}",
         "x:1:64: 'clears_field' needs 'field'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct sl_model_error err = {0};
        int rc = sl_model_load_buffer(&model, "x", cases[i].json, strlen(cases[i].json), &err);
        cr_expect_eq(rc, -1, "case %zu loaded", i);
        cr_expect_str_eq(err.text ? err.text : "", cases[i].error, "case %zu", i);
        free(err.text);
    }
    cr_expect_eq(model.nfuncs + model.nkinds + model.nfiles, 0);
}

Test(model, unreadable_paths)
{
    struct sl_model_error err = {0};
    cr_expect_eq(sl_model_load_file(&model, "/nonexistent/m.json", &err), -1);
    cr_expect(sl_str_starts_with(err.text, "/nonexistent/m.json:1:1: cannot read model file:"), "%s",
              err.text);
    free(err.text);
    err.text = NULL;
    cr_expect_eq(sl_model_load_dir(&model, "/nonexistent", &err), -1);
    cr_expect(sl_str_starts_with(err.text, "/nonexistent:1:1: cannot open model directory:"), "%s",
              err.text);
    free(err.text);
    cr_expect_eq(sl_model_load_file(&model, "/nonexistent/m.json", NULL), -1, "err is optional");
}

/* ------------------------------------------------ failed loads and put */

Test(model, failed_load_leaves_model_unchanged)
{
    load_ok("rules/models/sqlite3.json");
    load_ok("tests/models/dup_base.json");
    size_t nkinds = model.nkinds, nfuncs = model.nfuncs, nfiles = model.nfiles;
    const struct sl_func *close = func("dp_close");

    /* kinds and functions before the error must not leak into the model */
    expect_error("tests/models/unknown_kind.json", 9, 65, "unknown kind");
    /* nor may a successful override earlier in a failing file */
    struct sl_model_error err = {0};
    const char *json = "{\"api\": \"o\", \"kinds\": [{\"name\": \"dp.conn\", \"role\": \"other\", "
                       "\"override\": true}], \"functions\": [{\"name\": \"dp_close\", \"override\": "
                       "true}, {\"name\": \"bad\", \"use\": {\"arg\": -1, \"kinds\": [\"dp.conn\"]}}]}";
    cr_assert_eq(sl_model_load_buffer(&model, "o.json", json, strlen(json), &err), -1);
    free(err.text);

    cr_expect_eq(model.nkinds, nkinds);
    cr_expect_eq(model.nfuncs, nfuncs);
    cr_expect_eq(model.nfiles, nfiles);
    cr_expect_eq(sl_model_find_kind(&model, "pt.conn"), -1);
    cr_expect_null(sl_model_find_func(&model, "pt_open"));
    cr_expect_null(sl_model_find_func(&model, "bad"));
    cr_expect_eq(func("dp_close"), close);
    cr_expect_eq(close->nreleases, 1, "override in the failed file was not applied");
    cr_expect_eq(model.kinds[kind("dp.conn")].role, SL_ROLE_SESSION);
    cr_expect_not_null(sl_model_find_func(&model, "sqlite3_open"));
}

Test(model, put_func_deep_copies_and_replaces)
{
    load_ok("rules/models/sqlite3.json");
    int kinds[] = {kind("sqlite3.db")};
    struct sl_use use = {.arg = 0, .kinds = kinds, .nkinds = 1};
    struct sl_sql sql = {.arg = 1, .on = 0};
    struct sl_func f = {.name = sl_xstrdup("my_helper"), .uses = &use, .nuses = 1, .sql = &sql,
                        .status_of_arg = SL_NO_ARG, .from_summary = true};
    size_t nfuncs = model.nfuncs;
    sl_model_put_func(&model, &f);
    kinds[0] = 99; /* the model must hold its own copy */
    sql.arg = 7;
    free(f.name);
    const struct sl_func *got = func("my_helper");
    cr_expect_eq(model.nfuncs, nfuncs + 1);
    cr_expect_neq(got->uses, &use);
    cr_expect_eq(got->uses[0].kinds[0], kind("sqlite3.db"));
    cr_expect_eq(got->sql->arg, 1);
    cr_expect(got->from_summary);

    /* same name again: replaced in place (also when passed an entry of the model itself) */
    sl_model_put_func(&model, func("sqlite3_exec"));
    cr_expect_eq(model.nfuncs, nfuncs + 1);
    cr_expect_eq(func("sqlite3_exec")->sql->arg, 1);
    struct sl_func noret = {.name = "my_helper", .noreturn = true, .status_of_arg = SL_NO_ARG};
    sl_model_put_func(&model, &noret);
    cr_expect_eq(model.nfuncs, nfuncs + 1);
    cr_expect(func("my_helper")->noreturn);
    cr_expect_eq(func("my_helper")->nuses, 0);
}

Test(model, put_func_keeps_every_name_findable_as_the_table_grows)
{
    for (int i = 0; i < 500; i++) {
        char name[32];
        snprintf(name, sizeof name, "summary_%d", i);
        struct sl_func f = {.name = name, .status_of_arg = SL_NO_ARG, .line = (unsigned)i};
        sl_model_put_func(&model, &f);
    }
    cr_assert_eq(model.nfuncs, 500);
    for (int i = 0; i < 500; i++) {
        char name[32];
        snprintf(name, sizeof name, "summary_%d", i);
        cr_expect_eq(func(name)->line, (unsigned)i);
    }
    cr_expect_null(sl_model_find_func(&model, "summary_500"));
}

Test(model, func_free_resets)
{
    struct sl_func f = {.name = sl_xstrdup("x"), .takes_ownership = sl_xcalloc(1, sizeof(int)),
                        .ntakes_ownership = 1};
    sl_func_free(&f);
    cr_expect_null(f.name);
    cr_expect_eq(f.ntakes_ownership, 0);
    sl_func_free(&f); /* harmless twice */
    sl_func_free(NULL);
}
