/*
 * test_engine.c: unit tests of the typestate engine below the CLI: the state
 * table (equality, join, garbage collection), SQL classification, branch
 * refinement (NULL checks, result codes, flags, switch), summaries of
 * same-file wrappers, and the caps (state join stays silent, the step budget
 * reports the function). Snippets are parsed from memory against the real
 * sqlite3.h and analysed with the shipped models.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "engine.h"
#include "sql.h"
#include "state.h"
#include "util.h"

/* ---- state table ---- */

static struct sl_sym sym_at(int site, enum sl_hstate st)
{
    return (struct sl_sym){.site = site, .kind = 0, .st = (unsigned char)st, .owned = true,
                           .name = -1};
}

static bool same_print(struct sl_state *a, struct sl_state *b)
{
    struct sl_state_print pa = sl_state_fingerprint(a), pb = sl_state_fingerprint(b);
    return pa.a == pb.a && pa.b == pb.b;
}

Test(state, fingerprint_ignores_history_explanations_and_order_of_insertion)
{
    struct sl_state *a = sl_state_new(), *b = sl_state_new();
    struct sl_sym s1 = sym_at(8, SL_HS_OPEN), s2 = sym_at(16, SL_HS_MAYBE);
    sl_state_put_sym(a, &s1);
    sl_state_put_sym(a, &s2);
    s1.name = 7; /* explanation fields: not compared */
    s1.begun_block = 3;
    sl_state_put_sym(b, &s2);
    sl_state_put_sym(b, &s1);
    sl_state_set_var(a, 3, sl_value_sym(8));
    sl_state_set_var(b, 3, sl_value_sym(8));
    b->history = (const struct sl_event *)a; /* any non-NULL history */
    cr_assert(same_print(a, b));
    sl_state_set_var(b, 3, sl_value_int(1));
    cr_assert_not(same_print(a, b));
    sl_state_free(a);
    sl_state_free(b);
}

/* Each compared field of a handle, changed alone, changes the fingerprint. */
Test(state, fingerprint_tells_every_compared_field_apart)
{
    static const struct sl_success succ;
    struct sl_sym base = sym_at(8, SL_HS_OPEN);
    struct sl_sym variants[15];
    for (size_t i = 0; i < 15; i++)
        variants[i] = base;
    variants[0].site = 9;
    variants[1].kind = 1;
    variants[2].parent = 4;
    variants[3].origin = 4;
    variants[4].origin_effect = SL_EF_BEGIN;
    variants[5].origin_succ = &succ;
    variants[6].st = SL_HS_CLOSED;
    variants[7].tx = SL_TX_OPEN;
    variants[8].owned = false;
    variants[9].escaped = true;
    variants[10].from_caller = true;
    variants[11].exists_on_failure = true;
    variants[12].null_is_normal = true;
    variants[13].pooled = true;
    variants[14].array = 2;
    struct sl_state *a = sl_state_new();
    sl_state_put_sym(a, &base);
    for (size_t i = 0; i < 15; i++) {
        struct sl_state *b = sl_state_new();
        sl_state_put_sym(b, &variants[i]);
        cr_expect_not(same_print(a, b), "variant %zu", i);
        sl_state_free(b);
    }
    struct sl_state *guessed = sl_state_new();
    base.guessed = true;
    sl_state_put_sym(guessed, &base);
    cr_expect_not(same_print(a, guessed));
    sl_state_free(guessed);
    sl_state_free(a);
}

static bool keep_odd(void *ctx, int path)
{
    (void)ctx;
    return path % 2;
}

/* A state changed in place, in more handles than wait for the next print,
 * prints as one built afresh with the same content. */
Test(state, fingerprint_follows_changes_in_place)
{
    struct sl_state *a = sl_state_new(), *b = sl_state_new();
    for (int site = 1; site <= 12; site++) {
        struct sl_sym open = sym_at(site, SL_HS_OPEN);
        sl_state_put_sym(a, &open);
        sl_state_set_var(a, site, sl_value_sym(site));
    }
    sl_state_fingerprint(a);
    struct sl_state *c = sl_state_copy(a);
    for (int site = 1; site <= 3; site++)
        sl_state_sym(a, site)->st = SL_HS_CLOSED;
    sl_state_drop_sym(a, 12);
    sl_state_set_var_at(a, 0, sl_value_int(4));
    sl_state_keep_vars(a, keep_odd, NULL);
    for (int site = 1; site <= 11; site++) {
        struct sl_sym y = sym_at(site, site <= 3 ? SL_HS_CLOSED : SL_HS_OPEN);
        sl_state_put_sym(b, &y);
        if (site % 2)
            sl_state_set_var(b, site, site == 1 ? sl_value_int(4) : sl_value_sym(site));
    }
    cr_assert(same_print(a, b));
    for (int site = 1; site <= 11; site++)
        sl_state_sym(c, site)->escaped = true; /* more than SL_STATE_MAX_PENDING */
    for (int site = 1; site <= 11; site++)
        sl_state_sym(b, site)->escaped = true;
    cr_assert_not(same_print(a, c));
    sl_state_drop_sym(c, 12);
    sl_state_set_var_at(c, 0, sl_value_int(4));
    sl_state_keep_vars(c, keep_odd, NULL);
    for (int site = 1; site <= 3; site++)
        sl_state_sym(c, site)->st = SL_HS_CLOSED;
    cr_assert(same_print(b, c));
    sl_state_free(a);
    sl_state_free(b);
    sl_state_free(c);
}

Test(state, join_makes_disagreements_unknown)
{
    struct sl_state *a = sl_state_new(), *b = sl_state_new();
    struct sl_sym open = sym_at(8, SL_HS_OPEN), closed = sym_at(8, SL_HS_CLOSED);
    struct sl_sym only_a = sym_at(24, SL_HS_OPEN);
    sl_state_put_sym(a, &open);
    sl_state_put_sym(a, &only_a);
    sl_state_put_sym(b, &closed);
    sl_state_set_var(a, 1, sl_value_int(1));
    sl_state_set_var(b, 1, sl_value_int(0));
    sl_state_set_var(a, 2, sl_value_int(5));
    sl_state_set_var(b, 2, sl_value_int(5));
    cr_assert(sl_state_join(a, b, NULL, NULL, NULL));
    cr_assert_eq(sl_state_sym(a, 8)->st, SL_HS_UNKNOWN);
    cr_assert_eq(sl_state_sym(a, 24)->st, SL_HS_UNKNOWN);
    cr_assert_not(sl_state_sym(a, 24)->owned, "a handle only one path has is nobody's to report");
    cr_assert_eq(sl_state_var(a, 1)->tag, SL_V_UNKNOWN);
    cr_assert_eq(sl_state_var(a, 2)->k, 5);
    sl_state_free(a);
    sl_state_free(b);
}

Test(state, gc_drops_settled_unreferenced_handles_only)
{
    struct sl_state *s = sl_state_new();
    struct sl_sym closed = sym_at(8, SL_HS_CLOSED), open = sym_at(16, SL_HS_OPEN);
    struct sl_sym closed_but_named = sym_at(24, SL_HS_CLOSED), null = sym_at(32, SL_HS_NULL);
    sl_state_put_sym(s, &closed);
    sl_state_put_sym(s, &open);
    sl_state_put_sym(s, &closed_but_named);
    sl_state_put_sym(s, &null);
    sl_state_set_var(s, 1, sl_value_sym(24)); /* a later use would be use-after-close */
    sl_state_set_var(s, 2, sl_value_sym(32));
    sl_state_gc(s);
    cr_assert_null(sl_state_sym(s, 8));
    cr_assert_not_null(sl_state_sym(s, 16), "an open owned handle must stay (it may leak)");
    cr_assert_not_null(sl_state_sym(s, 24));
    cr_assert_null(sl_state_sym(s, 32), "a NULL handle becomes a plain NULL value");
    cr_assert_eq(sl_state_var(s, 2)->tag, SL_V_NULL);
    sl_state_free(s);
}

/* ---- SQL text ---- */

Test(sql, transaction_statements)
{
    cr_assert_eq(sl_sql_classify("BEGIN"), SL_SQL_BEGIN);
    cr_assert_eq(sl_sql_classify("  begin immediate transaction;"), SL_SQL_BEGIN);
    cr_assert_eq(sl_sql_classify("-- open\nSTART TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
                 SL_SQL_BEGIN);
    cr_assert_eq(sl_sql_classify("commit;"), SL_SQL_COMMIT);
    cr_assert_eq(sl_sql_classify("END TRANSACTION"), SL_SQL_COMMIT);
    cr_assert_eq(sl_sql_classify("/* c */ ROLLBACK"), SL_SQL_ROLLBACK);
    cr_assert_eq(sl_sql_classify("ROLLBACK TO SAVEPOINT a"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("ROLLBACK TRANSACTION TO a"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("SAVEPOINT a"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("RELEASE a"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("COMMIT PREPARED 'x'"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("BEGIN; INSERT INTO t VALUES (1); COMMIT;"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify("SELECT 'BEGIN'"), SL_SQL_OTHER);
    cr_assert_eq(sl_sql_classify(""), SL_SQL_OTHER);
}

/* ---- analysis of snippets ---- */

static struct sl_model model;
static CXIndex cindex;

static void setup(void)
{
    struct sl_model_error err = {0};
    sl_model_init(&model);
    char *dir = sl_xasprintf("%s/rules/models", SL_SOURCE_DIR);
    cr_assert_eq(sl_model_load_dir(&model, dir, &err), 0, "%s", err.text ? err.text : "");
    free(dir);
    cindex = clang_createIndex(0, 0);
}

static void teardown(void)
{
    clang_disposeIndex(cindex);
    sl_model_free(&model);
}

/* Analyses `code` (after an #include of sqlite3.h) and returns the findings
 * as "line:rule" strings joined by spaces, in report order. */
static char *analyse_with(const char *code, unsigned max_states, unsigned long max_steps,
                          struct sl_report *keep)
{
    char *text = sl_xasprintf("#include <sqlite3.h>\n#include <stddef.h>\n%s", code);
    struct sl_options o;
    sl_options_init(&o, &model);
    o.max_states = max_states;
    o.max_steps = max_steps;
    struct sl_report r;
    sl_report_init(&r);
    const char *args[] = {"-std=c11"};
    cr_assert_eq(sl_analyze_file(&o, cindex, "/tmp/sl_engine_test.c", "t.c", args, 1, text,
                                 strlen(text), &r), 0);
    sl_report_finish(&r);
    struct sl_strbuf sb = {0};
    for (size_t i = 0; i < r.nfindings; i++)
        sl_sb_printf(&sb, "%s%u:%s", i ? " " : "", r.findings[i].loc.line - 2,
                     sl_rules[r.findings[i].rule]->name);
    if (keep)
        *keep = r;
    else
        sl_report_free(&r);
    free(text);
    return sl_sb_take(&sb);
}

static char *analyse(const char *code, unsigned max_states, struct sl_report *keep)
{
    return analyse_with(code, max_states, 0, keep);
}

#define EXPECT_FINDINGS(code, want)                                                  \
    do {                                                                             \
        char *got_ = analyse(code, 0, NULL);                                         \
        cr_assert_str_eq(got_, want);                                                \
        free(got_);                                                                  \
    } while (0)

TestSuite(engine, .init = setup, .fini = teardown);

Test(engine, null_check_refines_a_returned_handle)
{
    EXPECT_FINDINGS("int f(const char *p) {\n"
                    "  sqlite3 *db = NULL;\n"
                    "  sqlite3_open(p, &db);\n"
                    "  if (!db) return -1;\n"
                    "  return 0;\n" /* line 5: db open */
                    "}\n",
                    "5:session-leak");
}

Test(engine, result_code_decides_which_path_holds_the_statement)
{
    EXPECT_FINDINGS("int f(sqlite3 *db) {\n"
                    "  sqlite3_stmt *st;\n"
                    "  int rc = sqlite3_prepare_v2(db, \"SELECT 1\", -1, &st, NULL);\n"
                    "  if (rc != SQLITE_OK) return rc;\n" /* no statement on failure */
                    "  if (rc != SQLITE_OK) sqlite3_finalize(st);\n" /* infeasible edge */
                    "  return 1;\n" /* line 6 */
                    "}\n",
                    "6:session-leak");
}

Test(engine, failed_open_still_needs_close)
{
    EXPECT_FINDINGS("int f(const char *p) {\n"
                    "  sqlite3 *db;\n"
                    "  if (sqlite3_open(p, &db) != SQLITE_OK) return -1;\n"
                    "  sqlite3_close(db);\n"
                    "  return 0;\n"
                    "}\n",
                    "3:session-leak");
}

Test(engine, flag_correlation_prunes_impossible_paths)
{
    EXPECT_FINDINGS("int f(sqlite3 *db, int n) {\n"
                    "  int in_txn = 0, rc = -1;\n"
                    "  if (sqlite3_exec(db, \"BEGIN\", 0, 0, 0) != SQLITE_OK) goto out;\n"
                    "  in_txn = 1;\n"
                    "  if (n < 0) goto out;\n"
                    "  if (sqlite3_exec(db, \"COMMIT\", 0, 0, 0) != SQLITE_OK) goto out;\n"
                    "  in_txn = 0; rc = 0;\n"
                    "out:\n"
                    "  if (in_txn) sqlite3_exec(db, \"ROLLBACK\", 0, 0, 0);\n"
                    "  return rc;\n"
                    "}\n",
                    "");
}

Test(engine, switch_on_a_result_code)
{
    EXPECT_FINDINGS("int f(sqlite3 *db) {\n"
                    "  sqlite3_stmt *st;\n"
                    "  switch (sqlite3_prepare_v2(db, \"SELECT 1\", -1, &st, NULL)) {\n"
                    "  case SQLITE_OK: break;\n"
                    "  default: return -1;\n" /* failure: nothing to finalize */
                    "  }\n"
                    "  return sqlite3_step(st);\n" /* line 7: st leaks */
                    "}\n",
                    "7:session-leak");
}

Test(engine, same_file_wrappers_are_summarised)
{
    EXPECT_FINDINGS("static int run(sqlite3 *db, const char *sql) {\n"
                    "  return sqlite3_exec(db, sql, 0, 0, 0);\n"
                    "}\n"
                    "static void shut(sqlite3 *db) { if (db) sqlite3_close(db); }\n"
                    "static sqlite3 *open_db(const char *p) {\n"
                    "  sqlite3 *db;\n"
                    "  if (sqlite3_open(p, &db) != SQLITE_OK) { sqlite3_close(db); return NULL; }\n"
                    "  return db;\n"
                    "}\n"
                    "int f(const char *p) {\n"
                    "  sqlite3 *db = open_db(p);\n"
                    "  if (!db) return -1;\n"
                    "  if (run(db, \"BEGIN\") != SQLITE_OK) { shut(db); return -1; }\n"
                    "  if (run(db, \"DELETE FROM t\") != SQLITE_OK) { shut(db); return -1; }\n"
                    "  if (run(db, \"COMMIT\") != SQLITE_OK) run(db, \"ROLLBACK\");\n"
                    "  shut(db);\n"
                    "  sqlite3_exec(db, \"VACUUM\", 0, 0, 0);\n"
                    "  return 0;\n"
                    "}\n",
                    "14:missing-commit 17:use-after-close");
}

Test(engine, joined_states_stay_silent)
{
    /* correlated flag: precise paths see no leak; with one state per block
     * the paths are joined, and the joined handle must keep rules silent
     * (a naive merge would report "db open when opened == 0") */
    static const char code[] =
        "int f(const char *p, int a) {\n"
        "  sqlite3 *db = NULL;\n"
        "  int opened = 0;\n"
        "  if (a) {\n"
        "    if (sqlite3_open(p, &db) != SQLITE_OK) { sqlite3_close(db); return -1; }\n"
        "    opened = 1;\n"
        "  }\n"
        "  if (opened) sqlite3_close(db);\n"
        "  return 0;\n"
        "}\n";
    for (unsigned cap = 0; cap <= 2; cap++) {
        char *got = analyse(code, cap, NULL);
        cr_assert_str_eq(got, "", "max_states %u", cap);
        free(got);
    }
}

Test(engine, many_flags_stay_bounded_by_joins)
{
    struct sl_strbuf code = {0};
    sl_sb_append(&code, "int big(int *v) {\n  int a0 = 0");
    for (int i = 1; i < 24; i++)
        sl_sb_printf(&code, ", a%d = 0", i);
    sl_sb_append(&code, ";\n");
    /* 24 independent flags read at the end: 2^24 paths without the cap */
    for (int i = 0; i < 24; i++)
        sl_sb_printf(&code, "  if (v[%d]) a%d = 1;\n", i, i);
    sl_sb_append(&code, "  return a0");
    for (int i = 1; i < 24; i++)
        sl_sb_printf(&code, " + a%d", i);
    sl_sb_append(&code, ";\n}\n");
    struct sl_report r;
    char *got = analyse(code.buf, 0, &r);
    cr_assert_str_eq(got, "");
    cr_assert_not(r.incomplete, "the joins keep the function within its budget");
    sl_report_free(&r);
    free(got);
    free(code.buf);
}

Test(engine, step_budget_names_the_function)
{
    struct sl_report r;
    char *got = analyse_with("int loop(sqlite3 *db, int n) {\n"
                             "  for (int i = 0; i < n; i++)\n"
                             "    if (i % 3) sqlite3_exec(db, \"SELECT 1\", 0, 0, 0);\n"
                             "  return 0;\n"
                             "}\n",
                             0, 3, &r);
    cr_assert(r.incomplete);
    cr_assert_eq(r.nnotes, 1);
    cr_assert_str_eq(r.notes[0].id, "budget-exceeded");
    cr_assert(strstr(r.notes[0].message, "'loop'"), "%s", r.notes[0].message);
    sl_report_free(&r);
    free(got);
}

/* ---- model features, each with a small API described inline ---- */

static void add_model(const char *json)
{
    struct sl_model_error err = {0};
    cr_assert_eq(sl_model_load_buffer(&model, "test.json", json, strlen(json), &err), 0, "%s",
                 err.text ? err.text : "");
}

Test(engine, nonnegative_success_of_file_descriptors)
{
    add_model("{\"api\": \"fd\", \"kinds\": [{\"name\": \"t.fd\", \"role\": \"other\"}],"
              " \"functions\": ["
              "  {\"name\": \"t_open\", \"acquire\": {\"kind\": \"t.fd\", \"returns\": true,"
              "   \"success\": \"nonnegative\"}},"
              "  {\"name\": \"t_close\", \"release\": {\"arg\": 0}}]}");
    EXPECT_FINDINGS("int t_open(const char *p);\nint t_close(int fd);\n"
                    "int f(const char *p) {\n"
                    "  int fd = t_open(p);\n"
                    "  if (fd < 0) return -1;\n"  /* nothing to close */
                    "  if (p[0] == 'x') return 1;\n" /* line 6: leak */
                    "  return t_close(fd);\n"
                    "}\n"
                    "int g(const char *p) {\n"
                    "  int fd = t_open(p);\n"
                    "  if (fd == -1) return -1;\n"
                    "  t_close(fd);\n"
                    "  return 0;\n"
                    "}\n",
                    "6:session-leak");
}

Test(engine, redis_dialect_and_masked_result_codes)
{
    add_model("{\"api\": \"kv\", \"kinds\": [{\"name\": \"t.kv\", \"role\": \"session\"},"
              "  {\"name\": \"t.h\", \"role\": \"statement\"}],"
              " \"functions\": ["
              "  {\"name\": \"kv_cmd\", \"use\": {\"arg\": 0, \"kinds\": [\"t.kv\"]},"
              "   \"sql\": {\"arg\": 1, \"on\": 0, \"dialect\": \"redis\"}},"
              "  {\"name\": \"t_alloc\", \"acquire\": {\"kind\": \"t.h\", \"out_arg\": 0,"
              "   \"success\": {\"returns\": [0, 1]}}},"
              "  {\"name\": \"t_free\", \"release\": {\"arg\": 0}}]}");
    EXPECT_FINDINGS("void kv_cmd(void *c, const char *cmd);\n"
                    "int t_alloc(void **out);\nvoid t_free(void *h);\n"
                    "#define OK(rc) (((rc) & (~1)) == 0)\n"
                    "void f(void *c, int fail, int late) {\n"
                    "  kv_cmd(c, \"MULTI\");\n"
                    "  if (fail) { kv_cmd(c, \"DISCARD\"); return; }\n"
                    "  if (late) return;\n" /* line 8: missing-commit */
                    "  kv_cmd(c, \"EXEC\");\n"
                    "}\n"
                    "int g(void) {\n"
                    "  void *h;\n"
                    "  if (!OK(t_alloc(&h))) return -1;\n" /* failure: nothing allocated */
                    "  t_free(h);\n"
                    "  return 0;\n"
                    "}\n",
                    "8:missing-commit");
}

Test(engine, transaction_handles_locks_and_disconnects)
{
    add_model("{\"api\": \"tx\", \"kinds\": ["
              "  {\"name\": \"t.rw\", \"role\": \"transaction\"},"
              "  {\"name\": \"t.ro\", \"role\": \"transaction\", \"read_only\": true},"
              "  {\"name\": \"t.cur_rw\", \"role\": \"cursor\", \"dies_with_parent\": true},"
              "  {\"name\": \"t.cur_ro\", \"role\": \"cursor\"},"
              "  {\"name\": \"t.mutex\", \"role\": \"lock\", \"types\": [\"t_mutex *\"]},"
              "  {\"name\": \"t.conn\", \"role\": \"session\"}],"
              " \"functions\": ["
              "  {\"name\": \"t_begin\", \"acquire\": {\"kind_by_arg\": {\"arg\": 0, \"mask\": 4,"
              "   \"cases\": {\"0\": \"t.rw\", \"4\": \"t.ro\"}}, \"out_arg\": 1, \"success\": \"zero\","
              "   \"begins_transaction\": true}},"
              "  {\"name\": \"t_commit\", \"commit\": {\"arg\": 0}, \"release\": {\"arg\": 0}},"
              "  {\"name\": \"t_cursor\", \"acquire\": {\"kind\": \"t.cur_ro\", \"out_arg\": 1,"
              "   \"parent_arg\": 0, \"kind_by_parent\": {\"t.rw\": \"t.cur_rw\", \"t.ro\": \"t.cur_ro\"}}},"
              "  {\"name\": \"t_lock\", \"begin\": {\"arg\": 0}},"
              "  {\"name\": \"t_unlock\", \"commit\": {\"arg\": 0}},"
              "  {\"name\": \"t_set\", \"begin\": {\"arg\": 0, \"when\": [{\"arg\": 1, \"equals\": 7},"
              "   {\"arg\": 2, \"equals\": 0}]}},"
              "  {\"name\": \"t_end\", \"commit\": {\"arg\": 0}},"
              "  {\"name\": \"t_disconnect\", \"disconnect\": {\"arg\": 0}}]}");
    EXPECT_FINDINGS("typedef struct t_mutex t_mutex;\n"
                    "int t_begin(int flags, void **txn);\nint t_commit(void *txn);\n"
                    "int t_cursor(void *txn, void **cur);\n"
                    "int t_lock(t_mutex *m);\nint t_unlock(t_mutex *m);\n"
                    "void t_set(void *c, int attr, int value);\nvoid t_end(void *c);\n"
                    "void t_disconnect(void *c);\n"
                    "int rw(void) {\n"
                    "  void *txn, *cur;\n"
                    "  if (t_begin(0, &txn)) return -1;\n"
                    "  t_cursor(txn, &cur);\n" /* dies with its write transaction */
                    "  return 0;\n"            /* line 14: missing-commit */
                    "}\n"
                    "int ro(void) {\n"
                    "  void *txn, *cur;\n"
                    "  if (t_begin(4, &txn)) return -1;\n"
                    "  t_cursor(txn, &cur);\n"
                    "  t_commit(txn);\n"
                    "  return 0;\n"            /* line 21: the read-only cursor leaks */
                    "}\n"
                    "int locked(t_mutex *m, int x) {\n"
                    "  t_lock(m);\n"
                    "  if (x) return -1;\n"    /* line 25: still locked */
                    "  t_unlock(m);\n"
                    "  return 0;\n"
                    "}\n"
                    "void conn(void *c, int x) {\n"
                    "  t_set(c, 7, 1);\n"      /* not manual-commit: no transaction */
                    "  t_set(c, 7, 0);\n"
                    "  if (x) { t_end(c); return; }\n"
                    "  t_disconnect(c);\n"     /* line 33: missing-commit */
                    "}\n",
                    "14:missing-commit 21:session-leak 25:missing-commit 33:missing-commit");
}

Test(engine, operations_outside_the_transaction_of_a_session)
{
    add_model("{\"api\": \"doc\", \"kinds\": [{\"name\": \"t.sess\", \"role\": \"session\","
              "  \"types\": [\"t_sess *\"]}],"
              " \"functions\": ["
              "  {\"name\": \"s_start\", \"begin\": {\"arg\": 0}},"
              "  {\"name\": \"s_commit\", \"commit\": {\"arg\": 0}},"
              "  {\"name\": \"s_append\", \"attach_session\": {\"session_arg\": 0, \"opts_arg\": 1}},"
              "  {\"name\": \"c_insert\", \"needs_session\": {\"opts_arg\": 2}}]}");
    EXPECT_FINDINGS("typedef struct t_sess t_sess;\n"
                    "void s_start(t_sess *s);\nint s_commit(t_sess *s);\n"
                    "void s_append(t_sess *s, void *opts);\n"
                    "void c_insert(void *coll, const void *doc, const void *opts);\n"
                    "struct bson { int x; };\n"
                    "int f(t_sess *s, void *coll, const void *doc) {\n"
                    "  struct bson opts = {0};\n"
                    "  c_insert(coll, doc, NULL);\n" /* no transaction yet: fine */
                    "  s_start(s);\n"
                    "  s_append(s, &opts);\n"
                    "  c_insert(coll, doc, &opts);\n"
                    "  c_insert(coll, doc, NULL);\n" /* line 13: outside the transaction */
                    "  return s_commit(s);\n"
                    "}\n",
                    "13:guard-misuse");
}

Test(engine, init_in_place_and_conditional_release)
{
    add_model("{\"api\": \"init\", \"kinds\": [{\"name\": \"t.obj\", \"role\": \"session\"}],"
              " \"functions\": ["
              "  {\"name\": \"o_init\", \"acquire\": {\"kind\": \"t.obj\", \"returns\": true,"
              "   \"only_if_null_arg\": 0}},"
              "  {\"name\": \"o_free\", \"release\": {\"arg\": 0, \"when\": {\"arg\": 1, \"equals\": 1}}},"
              "  {\"name\": \"o_commit\", \"commit\": {\"arg\": 0, \"success\": \"zero\"}}]}");
    EXPECT_FINDINGS("struct obj { int x; };\n"
                    "struct obj *o_init(struct obj *o);\nvoid o_free(struct obj *o, int how);\n"
                    "int o_commit(struct obj *o);\n"
                    "int in_place(void) {\n"
                    "  struct obj o;\n"
                    "  if (!o_init(&o)) return -1;\n" /* no new handle: nothing leaks */
                    "  return 0;\n"
                    "}\n"
                    "void freed_only_with_1(void) {\n"
                    "  struct obj *o = o_init(NULL);\n"
                    "  if (!o) return;\n"
                    "  o_free(o, 0);\n"   /* keeps the handle */
                    "  o_commit(o);\n"    /* nothing begun on our own handle: not unchecked */
                    "}\n",                /* line 15: leak */
                    "15:session-leak");
}
