/*
 * test_speed.c: issue 8's machinery. Unit tests for SHA-256, the report's
 * JSON form, --shard parsing and splitting and the pre-filter (on parsed
 * translation units); then the real binary: -j N gives the same bytes for
 * any N, the cache gives the same bytes cold and warm, is used when valid,
 * ignored when damaged, invalidated by a header edit and safe under
 * concurrent runs, and shard logs merge into the single-run log.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "cli.h"
#include "model.h"
#include "prefilter.h"
#include "report_json.h"
#include "sha256.h"
#include "shard.h"
#include "testutil.h"
#include "tu.h"
#include "util.h"

#define FIXTURE_ARGS "-- -I fixtures/include -I /usr/include/postgresql"

/* ---- helpers ---- */

/* Runs sessionlint -q (the summary line has a timing) from the source
 * directory with a shell tail of options. */
static void run_in_source(struct sl_run *r, const char *env, const char *options)
{
    char *cmd = sl_xasprintf("cd '%s' && %s '%s' -q %s", SL_SOURCE_DIR, env ? env : "", SL_BINARY,
                             options);
    sl_run_shell(r, cmd);
    free(cmd);
}

/* Runs "sessionlint merge -q LOGS..." from the source directory. */
static void run_merge(struct sl_run *r, const char *logs)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' merge -q %s", SL_SOURCE_DIR, SL_BINARY, logs);
    sl_run_shell(r, cmd);
    free(cmd);
}

static char *read_text(const char *path)
{
    char *text = sl_read_file(path, NULL);
    cr_assert_not_null(text, "cannot read %s", path);
    return text;
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

/* The cache entries (*.json) in dir, as full paths. */
static size_t cache_entries(const char *dir, char **paths, size_t max)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    cr_assert_not_null(d, "no cache directory %s", dir);
    while ((e = readdir(d)) != NULL)
        if (sl_str_ends_with(e->d_name, ".json") && n < max)
            paths[n++] = sl_xasprintf("%s/%s", dir, e->d_name);
    closedir(d);
    return n;
}

static void remove_tree(const char *dir)
{
    char *cmd = sl_xasprintf("rm -rf '%s'", dir);
    struct sl_run r;
    sl_run_shell(&r, cmd);
    sl_run_free(&r);
    free(cmd);
}

/* ---- sha256 ---- */

Test(sha256, known_vectors)
{
    char hex[SL_SHA256_HEX_LEN + 1];
    sl_sha256_hex("", 0, hex);
    cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sl_sha256_hex("abc", 3, hex);
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sl_sha256_hex(two_blocks, strlen(two_blocks), hex);
    cr_expect_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, streaming_equals_one_shot)
{
    char a[SL_SHA256_HEX_LEN + 1], b[SL_SHA256_HEX_LEN + 1];
    static char data[1000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7);
    sl_sha256_hex(data, sizeof data, a);
    struct sl_sha256 h;
    sl_sha256_init(&h);
    for (size_t i = 0; i < sizeof data; i += 63)
        sl_sha256_update(&h, data + i, sizeof data - i < 63 ? sizeof data - i : 63);
    sl_sha256_final_hex(&h, b);
    cr_expect_str_eq(a, b);
}

/* ---- the report's JSON form ---- */

static void sample_report(struct sl_report *r)
{
    sl_report_init(r);
    struct sl_finding f = {.rule = 2, .loc = {sl_xstrdup("a.c"), 4, 5, 4, 9},
                           .message = sl_xstrdup("leak \"x\""), .function = sl_xstrdup("f"),
                           .nsteps = 1, .nrelated = 1, .low_confidence = true};
    f.steps = sl_xcalloc(1, sizeof *f.steps);
    f.steps[0] = (struct sl_step){{NULL, 3, 1, 0, 0}, sl_xstrdup("acquired")};
    f.related = sl_xcalloc(1, sizeof *f.related);
    f.related[0] = (struct sl_step){{sl_xstrdup("h.h"), 1, 2, 1, 3}, sl_xstrdup("here")};
    f.level = "note";
    f.suppressed = true;
    f.baseline = SL_BASELINE_NEW;
    sl_finding_set_fix(&f, "lease_session(l)", "Pass the session");
    sl_report_add_finding(r, &f);
    sl_report_add_note(r, SL_NOTE_ERROR, "parse-error", "a.c", 1, 2, "oops");
    sl_report_add_note(r, SL_NOTE_WARNING, "no-compile-command", NULL, 0, 0, "none");
    r->files_analyzed = 7;
}

Test(report_json, round_trip_is_lossless)
{
    struct sl_report in, out;
    sample_report(&in);
    sl_report_init(&out);
    cJSON *json = sl_report_to_json(&in);
    cr_assert_eq(sl_report_from_json(json, &out), 0);
    cJSON *again = sl_report_to_json(&out);
    char *a = cJSON_PrintUnformatted(json), *b = cJSON_PrintUnformatted(again);
    cr_expect_str_eq(a, b);
    cr_expect_eq(out.files_analyzed, 7);
    cr_expect(out.incomplete);
    cr_assert_eq(out.nfindings, 1);
    cr_expect_str_eq(out.findings[0].related[0].loc.file, "h.h");
    cr_expect_null(out.findings[0].steps[0].loc.file);
    cr_expect_null(out.findings[0].handle);
    cr_expect_str_eq(out.findings[0].level, "note");
    cr_expect(out.findings[0].suppressed && out.findings[0].baseline == SL_BASELINE_NEW);
    cr_assert_not_null(out.findings[0].fix);
    cr_expect_str_eq(out.findings[0].fix->replacement, "lease_session(l)");
    cJSON_free(a);
    cJSON_free(b);
    cJSON_Delete(json);
    cJSON_Delete(again);
    sl_report_free(&in);
    sl_report_free(&out);
}

Test(report_json, damaged_reports_are_rejected_whole)
{
    const char *bad[] = {
        "[]",
        "{\"findings\":[],\"notes\":[],\"files_analyzed\":1}",
        "{\"findings\":[{\"rule\":\"no-such-rule\",\"loc\":{\"range\":[1,1,1,1]},"
        "\"steps\":[],\"related\":[],\"low_confidence\":false,\"suppressed\":false,\"baseline\":0}],\"notes\":[],"
        "\"files_analyzed\":1,\"incomplete\":false}",
        "{\"findings\":[{\"rule\":\"session-leak\",\"loc\":{\"range\":[1,1,1]},"
        "\"steps\":[],\"related\":[],\"low_confidence\":false,\"suppressed\":false,\"baseline\":0}],\"notes\":[],"
        "\"files_analyzed\":1,\"incomplete\":false}",
        "{\"findings\":[],\"notes\":[{\"level\":9,\"id\":\"x\",\"message\":\"m\","
        "\"loc\":{\"range\":[0,0,0,0]}}],\"files_analyzed\":1,\"incomplete\":false}",
        "{\"findings\":[],\"notes\":[],\"files_analyzed\":-1,\"incomplete\":false}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct sl_report out;
        sl_report_init(&out);
        cJSON *json = cJSON_Parse(bad[i]);
        cr_expect_eq(sl_report_from_json(json, &out), -1, "accepted: %s", bad[i]);
        cr_expect_eq(out.nfindings + out.nnotes + out.files_analyzed, 0, "changed by: %s", bad[i]);
        cJSON_Delete(json);
        sl_report_free(&out);
    }
}

/* ---- shards ---- */

Test(shard, parse)
{
    unsigned k, n;
    cr_expect_eq(sl_shard_parse("1/1", &k, &n), 0);
    cr_expect_eq(sl_shard_parse("3/4", &k, &n), 0);
    cr_expect(k == 3 && n == 4);
    const char *bad[] = {"0/2", "3/2", "1/0", "1", "/2", "1/", "a/b", "1/2x", "-1/2", "1/100001", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect_eq(sl_shard_parse(bad[i], &k, &n), -1, "accepted '%s'", bad[i]);
}

static void make_inputs(struct sl_inputs *in, const char *const *files, size_t n)
{
    memset(in, 0, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        struct sl_input item = {.file = sl_xstrdup(files[i]), .display_name = sl_xstrdup(files[i])};
        sl_vec_push(in, item);
    }
}

Test(shard, split_is_a_partition_independent_of_input_order)
{
    const char *order_a[] = {"/s/e.c", "/s/a.c", "/s/d.c", "/s/b.c", "/s/c.c"};
    const char *order_b[] = {"/s/a.c", "/s/b.c", "/s/c.c", "/s/d.c", "/s/e.c"};
    const char *expected[2][3] = {{"/s/a.c", "/s/c.c", "/s/e.c"}, {"/s/b.c", "/s/d.c", NULL}};
    for (unsigned k = 1; k <= 2; k++) {
        struct sl_inputs a, b;
        make_inputs(&a, order_a, 5);
        make_inputs(&b, order_b, 5);
        sl_shard_select(&a, k, 2, NULL);
        sl_shard_select(&b, k, 2, NULL);
        cr_assert_eq(a.len, k == 1 ? 3 : 2);
        cr_assert_eq(b.len, a.len);
        for (size_t i = 0; i < a.len; i++) {
            cr_expect_str_eq(a.items[i].file, expected[k - 1][i]);
            cr_expect_str_eq(b.items[i].file, expected[k - 1][i]);
        }
        sl_inputs_free(&a);
        sl_inputs_free(&b);
    }
}

Test(cli_speed, option_values)
{
    struct sl_cli cli;
    char *error = NULL;
    char *ok[] = {"sessionlint", "-j", "3", "--cache-dir", "/c", "--no-cache", "--shard=2/5", "x.c"};
    cr_assert_eq(sl_cli_parse(&cli, 8, ok, &error), 0, "%s", error ? error : "");
    cr_expect(cli.jobs == 3 && cli.no_cache && cli.shard_index == 2 && cli.shard_count == 5);
    cr_expect_str_eq(cli.cache_dir, "/c");
    sl_cli_free(&cli);
    const char *bad[][2] = {{"-j", "0"}, {"-j", "x"}, {"-j", "2000"}, {"--shard", "3/2"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *argv[] = {"sessionlint", (char *)bad[i][0], (char *)bad[i][1], "x.c"};
        cr_expect_eq(sl_cli_parse(&cli, 4, argv, &error), -1, "accepted %s %s", bad[i][0], bad[i][1]);
        cr_expect_not_null(error);
        free(error);
        error = NULL;
        sl_cli_free(&cli);
    }
}

/* ---- the pre-filter ---- */

static bool may_find(const char *dir, const char *main_text)
{
    struct sl_model model;
    struct sl_model_error err = {0};
    struct sl_report rep;
    sl_model_init(&model);
    sl_report_init(&rep);
    cr_assert_eq(sl_model_load_dir(&model, SL_SOURCE_DIR "/rules/models", &err), 0);
    write_in(dir, "main.c", main_text);
    char *file = sl_xasprintf("%s/main.c", dir), *include = sl_xasprintf("-I%s", dir);
    const char *args[] = {include};
    CXIndex index = clang_createIndex(0, 0);
    CXTranslationUnit tu = sl_tu_parse(index, file, NULL, args, 1, NULL, NULL, 0, &rep);
    cr_assert_not_null(tu);
    cr_expect_eq(rep.nnotes, 0, "parse problem: %s", rep.nnotes ? rep.notes[0].message : "");
    bool result = sl_prefilter_may_find(tu, &model);
    clang_disposeTranslationUnit(tu);
    clang_disposeIndex(index);
    sl_report_free(&rep);
    sl_model_free(&model);
    free(file);
    free(include);
    return result;
}

Test(prefilter, keeps_every_way_of_reaching_a_modelled_function)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "db.h",
             "#include <sqlite3.h>\n"
             "#define DB_DONE(db) sqlite3_close(db)\n"
             "#define CALL(name) sqlite3_##name\n"
             "static inline void db_shut(sqlite3 *db) { sqlite3_close(db); }\n");
    write_in(dir, "plain.h", "struct sqlite3;\nint sqlite3_open_like(const char *);\n");
    cr_expect(may_find(dir, "#include \"db.h\"\nvoid f(sqlite3 *db) { DB_DONE(db); }\n"),
              "a call through a macro");
    cr_expect(may_find(dir, "#include \"db.h\"\nvoid f(sqlite3 *db) { CALL(close)(db); }\n"),
              "a name pasted with ##");
    cr_expect(may_find(dir, "#include \"db.h\"\nvoid f(sqlite3 *db) { db_shut(db); }\n"),
              "a static inline helper from a header (found in the header's body)");
    cr_expect(may_find(dir, "#include \"plain.h\"\nint close_it(void *);\n"
                            "int (*fp)(void *) = close_it;\n"
                            "#include <sqlite3.h>\nint (*table[])(sqlite3 *) = {sqlite3_close};\n"),
              "a modelled function's address in a table");
    cr_expect(!may_find(dir, "#include <sqlite3.h>\n#include \"plain.h\"\n"
                             "int add(int a, int b) { return a + b; }\n"
                             "int g(void) { return sqlite3_open_like(\"x\"); }\n"),
              "declarations alone (sqlite3.h) and unmodelled names are skipped");
    remove_tree(dir);
    free(dir);
}

Test(prefilter, output_is_the_same_with_and_without_it, .timeout = 300)
{
    struct sl_run on, off;
    run_in_source(&on, NULL, "--no-cache -j 2 fixtures " FIXTURE_ARGS);
    run_in_source(&off, "SESSIONLINT_NO_PREFILTER=1", "--no-cache -j 2 fixtures " FIXTURE_ARGS);
    cr_expect_eq(on.status, off.status);
    cr_expect_str_eq(on.out, off.out);
    cr_expect_str_eq(on.err, off.err);
    sl_run_free(&on);
    sl_run_free(&off);
}

/* ---- -j N ---- */

Test(parallel, output_is_byte_identical_for_any_job_count, .timeout = 300)
{
    const char *formats[] = {"--format text", "--format sarif"};
    for (size_t f = 0; f < 2; f++) {
        struct sl_run first;
        char *opts = sl_xasprintf("--no-cache -j 1 %s fixtures " FIXTURE_ARGS, formats[f]);
        run_in_source(&first, NULL, opts);
        free(opts);
        cr_assert(first.status == 1 || first.status == 3, "status %d: %s", first.status, first.err);
        cr_assert(strlen(first.out) > 1000);
        for (int jobs = 2; jobs <= 8; jobs *= 2) {
            struct sl_run other;
            opts = sl_xasprintf("--no-cache -j %d %s fixtures " FIXTURE_ARGS, jobs, formats[f]);
            run_in_source(&other, NULL, opts);
            free(opts);
            cr_expect_eq(other.status, first.status, "-j %d", jobs);
            cr_expect_str_eq(other.out, first.out, "-j %d (%s)", jobs, formats[f]);
            cr_expect_str_eq(other.err, first.err, "-j %d (%s)", jobs, formats[f]);
            sl_run_free(&other);
        }
        sl_run_free(&first);
    }
}

/* ---- the cache ---- */

static const char leak_via_header[] =
    "#include \"db.h\"\n"
    "int f(const char *path) {\n"
    "    sqlite3 *db;\n"
    "    if (sqlite3_open(path, &db) != SQLITE_OK) { DB_DONE(db); return -1; }\n"
    "    DB_DONE(db);\n"
    "    return 0;\n"
    "}\n";

static void run_project(struct sl_run *r, const char *dir, const char *cache)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q --cache-dir '%s' main.c -- -I.", dir, SL_BINARY,
                             cache);
    sl_run_shell(r, cmd);
    free(cmd);
}

Test(cache, header_edit_invalidates_and_warm_equals_cold)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    write_in(dir, "db.h", "#include <sqlite3.h>\n#define DB_DONE(db) sqlite3_close(db)\n");
    write_in(dir, "main.c", leak_via_header);
    struct sl_run cold, warm, edited;
    run_project(&cold, dir, cache);
    run_project(&warm, dir, cache);
    cr_expect_eq(cold.status, 0, "%s%s", cold.out, cold.err);
    cr_expect_eq(warm.status, 0);
    cr_expect_str_eq(warm.out, cold.out);
    char *entries[4];
    cr_expect_eq(cache_entries(cache, entries, 4), 1);
    free(entries[0]);
    /* Only the header changes: the close disappears, the leak must appear. */
    write_in(dir, "db.h", "#include <sqlite3.h>\n#define DB_DONE(db) ((void)(db))\n");
    run_project(&edited, dir, cache);
    cr_expect_eq(edited.status, 1, "stale cache entry used: %s", edited.out);
    cr_expect(strstr(edited.out, "[session-leak]") != NULL);
    sl_run_free(&cold);
    sl_run_free(&warm);
    sl_run_free(&edited);
    remove_tree(dir);
    free(cache);
    free(dir);
}

/* A run whose files all come from the cache does not load libclang
 * (src/libclang_lazy.c): the dynamic loader's log (LD_DEBUG=files, glibc)
 * names the library in the cold run and not in the warm one. */
Test(cache, a_warm_run_does_not_load_libclang)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    write_in(dir, "main.c",
             "#include <sqlite3.h>\nint f(sqlite3 *db) { return sqlite3_close(db); }\n");
    char *cmd = sl_xasprintf("cd '%s' && LD_DEBUG=files '%s' -q --cache-dir '%s' main.c", dir,
                             SL_BINARY, cache);
    struct sl_run cold, warm;
    sl_run_shell(&cold, cmd);
    sl_run_shell(&warm, cmd);
    cr_expect_eq(cold.status, 0, "%s", cold.err);
    cr_expect_eq(warm.status, 0, "%s", warm.err);
    cr_expect(strstr(cold.err, SL_LIBCLANG_FILE), "cold run:\n%.3000s", cold.err);
    cr_expect(!strstr(warm.err, SL_LIBCLANG_FILE), "warm run:\n%.3000s", warm.err);
    sl_run_free(&cold);
    sl_run_free(&warm);
    remove_tree(dir);
    free(cmd);
    free(cache);
    free(dir);
}

/* A header last changed long before the entry was written is trusted by
 * its stat stamp; an edit that keeps its size must still be noticed. */
Test(cache, same_size_edit_of_a_trusted_header_is_noticed)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    const char *closes = "#include <sqlite3.h>\n#define DB_DONE(db) sqlite3_close(db)\n";
    const char *keeps = "#include <sqlite3.h>\n#define DB_DONE(db) ((void)(db))     \n";
    cr_assert_eq(strlen(closes), strlen(keeps));
    write_in(dir, "db.h", closes);
    write_in(dir, "main.c", leak_via_header);
    sleep(3); /* older than the 2 s racy window when the entry is written */
    struct sl_run cold, warm, edited;
    run_project(&cold, dir, cache);
    run_project(&warm, dir, cache);
    cr_expect_eq(cold.status, 0, "%s%s", cold.out, cold.err);
    cr_expect_str_eq(warm.out, cold.out);
    write_in(dir, "db.h", keeps);
    run_project(&edited, dir, cache);
    cr_expect_eq(edited.status, 1, "stale cache entry used: %s", edited.out);
    sl_run_free(&cold);
    sl_run_free(&warm);
    sl_run_free(&edited);
    remove_tree(dir);
    free(cache);
    free(dir);
}

/* main.c and other.c in one run: pass 1 stores a part per file (xtu.h). */
static void run_two_files(struct sl_run *r, const char *dir, const char *cache)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q --cache-dir '%s' main.c other.c -- -I.", dir,
                             SL_BINARY, cache);
    sl_run_shell(r, cmd);
    free(cmd);
}

/* The number of cache entries, and whether one of them names `name`. */
static size_t entries_naming(const char *cache, const char *name, bool *named)
{
    char *entries[8];
    size_t n = cache_entries(cache, entries, 8);
    *named = false;
    for (size_t i = 0; i < n; i++) {
        char *text = read_text(entries[i]);
        *named = *named || strstr(text, name) != NULL;
        free(text);
        free(entries[i]);
    }
    return n;
}

/* A parse error libclang recovers from is a function of the file: its
 * result is cached like any other. */
Test(cache, recovered_parse_errors_are_cached)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    write_in(dir, "db.h", "#include <sqlite3.h>\n#define DB_DONE(db) ((void)(db))\n");
    char *broken = sl_xasprintf("%sint g(void) { return undeclared_thing; }\n", leak_via_header);
    write_in(dir, "main.c", broken);
    /* a FILE * parameter: other.c is parsed (and cached), not skipped before parsing */
    write_in(dir, "other.c", "#include <stdio.h>\nint h(FILE *f) { return f != 0; }\n");
    struct sl_run cold, warm;
    run_two_files(&cold, dir, cache);
    cr_expect_eq(cold.status, 3, "%s%s", cold.out, cold.err);
    cr_expect(strstr(cold.out, "[session-leak]") != NULL);
    bool named;
    cr_expect_eq(entries_naming(cache, "main.c", &named), 2);
    cr_expect(named, "a recovered parse error was not cached");
    run_two_files(&warm, dir, cache);
    cr_expect_eq(warm.status, cold.status);
    cr_expect_str_eq(warm.out, cold.out);
    cr_expect_str_eq(warm.err, cold.err);
    free(broken);
    sl_run_free(&cold);
    sl_run_free(&warm);
    remove_tree(dir);
    free(cache);
    free(dir);
}

/* clang gives up after too many errors with a fatal error of its own; that
 * is decided by the file too, so the result is cached. */
Test(cache, a_file_with_too_many_errors_is_cached)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, "#include <sqlite3.h>\nvoid h(sqlite3 *db) { sqlite3_close(db); }\n");
    for (int i = 0; i < 40; i++)
        sl_sb_printf(&sb, "int g%d(void) { return undeclared_%d; }\n", i, i);
    char *text = sl_sb_take(&sb);
    write_in(dir, "main.c", text);
    struct sl_run r;
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q --cache-dir '%s' main.c", dir, SL_BINARY, cache);
    sl_run_shell(&r, cmd);
    cr_expect_eq(r.status, 3, "%s%s", r.out, r.err);
    char *entries[2];
    size_t n = cache_entries(cache, entries, 2);
    cr_expect_eq(n, 1, "the result was not cached");
    for (size_t i = 0; i < n; i++)
        free(entries[i]);
    sl_run_free(&r);
    free(cmd);
    free(text);
    remove_tree(dir);
    free(cache);
    free(dir);
}

/* main.c includes "gen.h", which exists nowhere yet; the flags name a
 * directory that does not exist either. */
static const char closes_if_generated[] =
    "#include <sqlite3.h>\n"
    "#include \"gen.h\"\n"
    "int f(const char *path) {\n"
    "    sqlite3 *db;\n"
    "    sqlite3_open(path, &db);\n"
    "#ifdef GEN_CLOSES\n"
    "    sqlite3_close(db);\n"
    "#endif\n"
    "    return 0;\n"
    "}\n";

static void run_with_later_dir(struct sl_run *r, const char *dir, const char *cache)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q --cache-dir '%s' main.c -- -Ilater", dir,
                             SL_BINARY, cache);
    sl_run_shell(r, cmd);
    free(cmd);
}

/* The one entry of the cache, whole. */
static char *only_entry(const char *cache)
{
    char *entries[2];
    cr_assert_eq(cache_entries(cache, entries, 2), 1);
    char *text = read_text(entries[0]);
    free(entries[0]);
    return text;
}

/* Runs main.c and tells whether it leaked; *entry gets the cache entry. */
static bool leaks(const char *dir, const char *cache, char **entry)
{
    struct sl_run r;
    run_with_later_dir(&r, dir, cache);
    bool leaked = strstr(r.out, "[session-leak]") != NULL;
    *entry = only_entry(cache);
    sl_run_free(&r);
    return leaked;
}

/* A header that is not found is recorded as the paths where clang would
 * find it (next to its includer, in every directory searched, existing or
 * not): the result is reused while none of them exists, and computed again
 * as soon as one does. */
Test(cache, missing_headers_are_cached_until_one_appears)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    char *later = sl_xasprintf("%s/later", dir), *entry, *again;
    write_in(dir, "main.c", closes_if_generated);
    cr_expect(leaks(dir, cache, &entry));
    cr_expect(strstr(entry, "\"absent\"") && strstr(entry, "later/gen.h"), "%s", entry);
    cr_expect(leaks(dir, cache, &again));
    cr_expect_str_eq(again, entry, "the entry was not reused");
    free(again);
    write_in(dir, "gen.h", "#define GEN_CLOSES 1\n");
    cr_expect_not(leaks(dir, cache, &again), "a header made next to its includer was missed");
    free(again);
    char *beside = sl_xasprintf("%s/gen.h", dir);
    cr_assert_eq(unlink(beside), 0);
    free(beside);
    cr_expect(leaks(dir, cache, &again), "a header removed was not noticed");
    free(again);
    cr_assert_eq(mkdir(later, 0755), 0);
    write_in(later, "gen.h", "#define GEN_CLOSES 1\n");
    cr_expect_not(leaks(dir, cache, &again),
                  "a header made in a searched directory that did not exist was missed");
    free(again);
    free(entry);
    remove_tree(dir);
    free(later);
    free(cache);
    free(dir);
}

/* Rewrites the entry's report with one extra notification and a valid
 * checksum (when `valid`), or flips a byte of the report (when not). */
static void tamper(const char *entry, bool valid)
{
    char *text = read_text(entry);
    char *body = strchr(text, '\n') + 1;
    if (!valid) {
        body[strlen(body) / 2] ^= 1;
        cr_assert_eq(sl_test_write(entry, text), 0);
        free(text);
        return;
    }
    cJSON *json = cJSON_Parse(body);
    cJSON *notes = cJSON_GetObjectItem(cJSON_GetObjectItem(json, "report"), "notes");
    cJSON_AddItemToArray(notes, cJSON_Parse("{\"level\":2,\"id\":\"planted\",\"message\":"
                                            "\"from the cache\",\"loc\":{\"range\":[0,0,0,0]}}"));
    char *printed = cJSON_PrintUnformatted(json), sum[SL_CACHE_CHECKSUM_LEN + 1];
    sl_cache_checksum(printed, strlen(printed), sum);
    char *rewritten = sl_xasprintf("sessionlint-cache-v2 %s\n%s", sum, printed);
    cr_assert_eq(sl_test_write(entry, rewritten), 0);
    free(rewritten);
    cJSON_free(printed);
    cJSON_Delete(json);
    free(text);
}

Test(cache, valid_entries_are_used_damaged_ones_recomputed)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    write_in(dir, "db.h", "#include <sqlite3.h>\n#define DB_DONE(db) ((void)(db))\n");
    write_in(dir, "main.c", leak_via_header);
    struct sl_run cold, planted, damaged, repaired;
    run_project(&cold, dir, cache);
    char *entries[4];
    cr_assert_eq(cache_entries(cache, entries, 4), 1);

    tamper(entries[0], true);
    run_project(&planted, dir, cache);
    cr_expect(strstr(planted.err, "from the cache") != NULL, "the valid entry was not used:\n%s",
              planted.err);
    cr_expect_str_eq(planted.out, cold.out);

    tamper(entries[0], false);
    run_project(&damaged, dir, cache);
    cr_expect(strstr(damaged.err, "from the cache") == NULL, "a damaged entry was trusted");
    cr_expect_str_eq(damaged.out, cold.out);
    cr_expect_eq(damaged.status, cold.status);

    run_project(&repaired, dir, cache); /* the recomputed entry was written back */
    cr_expect_str_eq(repaired.out, cold.out);
    char *text = read_text(entries[0]);
    cr_expect(strncmp(text, "sessionlint-cache-v2 ", 21) == 0);
    free(text);
    free(entries[0]);
    sl_run_free(&cold);
    sl_run_free(&planted);
    sl_run_free(&damaged);
    sl_run_free(&repaired);
    remove_tree(dir);
    free(cache);
    free(dir);
}

Test(cache, no_cache_writes_nothing_and_concurrent_runs_agree, .timeout = 300)
{
    char *dir = sl_test_tmpdir(), *cache = sl_xasprintf("%s/cache", dir);
    struct sl_run none, together;
    char *opts = sl_xasprintf("--no-cache --cache-dir '%s' fixtures/sqlite3 " FIXTURE_ARGS, cache);
    run_in_source(&none, NULL, opts);
    cr_expect(access(cache, F_OK) != 0, "--no-cache created the cache directory");
    /* Four runs at once on one cold cache, as pre-commit does. */
    char *cmd = sl_xasprintf(
        "cd '%s' && for i in 1 2 3 4; do '%s' -j 2 --cache-dir '%s' fixtures/sqlite3 %s "
        ">\"%s/out.$i\" 2>/dev/null & done; wait; for i in 2 3 4; do cmp '%s/out.1' \"%s/out.$i\" "
        "|| exit 9; done; cat '%s/out.1'",
        SL_SOURCE_DIR, SL_BINARY, cache, FIXTURE_ARGS, dir, dir, dir, dir);
    sl_run_shell(&together, cmd);
    cr_expect_eq(together.status, 0, "%s", together.err);
    cr_expect_str_eq(together.out, none.out, "concurrent runs differ from an uncached run");
    struct sl_run warm;
    run_in_source(&warm, NULL, opts + strlen("--no-cache "));
    cr_expect_str_eq(warm.out, none.out);
    sl_run_free(&none);
    sl_run_free(&together);
    sl_run_free(&warm);
    free(cmd);
    free(opts);
    remove_tree(dir);
    free(cache);
    free(dir);
}

/* ---- shard and merge ---- */

Test(merge, shard_logs_merge_into_the_single_run_log, .timeout = 300)
{
    char *dir = sl_test_tmpdir();
    struct sl_run single, shard, merged, merged_text, text;
    char *opts = sl_xasprintf("--no-cache --format sarif -o '%s/all.sarif' fixtures " FIXTURE_ARGS,
                              dir);
    run_in_source(&single, NULL, opts);
    free(opts);
    for (int k = 1; k <= 3; k++) {
        opts = sl_xasprintf("--no-cache --shard %d/3 --format sarif -o '%s/part%d.sarif' fixtures "
                            FIXTURE_ARGS, k, dir, k);
        run_in_source(&shard, NULL, opts);
        cr_expect(shard.status <= 3, "shard %d: %s", k, shard.err);
        sl_run_free(&shard);
        free(opts);
    }
    opts = sl_xasprintf("'%s/part3.sarif' '%s/part1.sarif' '%s/part2.sarif' -o '%s/merged.sarif'",
                        dir, dir, dir, dir);
    run_merge(&merged, opts);
    free(opts);
    cr_expect_eq(merged.status, single.status, "%s", merged.err);
    cr_expect_str_eq(merged.err, single.err);
    char *a = sl_xasprintf("%s/all.sarif", dir), *b = sl_xasprintf("%s/merged.sarif", dir);
    char *expected = read_text(a), *got = read_text(b);
    cr_expect(strcmp(expected, got) == 0, "the merged log differs from the single run's");
    cr_expect(strstr(got, "sessionlint/report") == NULL);

    opts = sl_xasprintf("--format text '%s/part1.sarif' '%s/part2.sarif' '%s/part3.sarif'", dir,
                        dir, dir);
    run_merge(&merged_text, opts);
    run_in_source(&text, NULL, "--no-cache fixtures " FIXTURE_ARGS);
    cr_expect_str_eq(merged_text.out, text.out, "merge --format text");
    free(opts);
    free(expected);
    free(got);
    sl_run_free(&single);
    sl_run_free(&merged);
    sl_run_free(&merged_text);
    sl_run_free(&text);

    struct sl_run plain;
    opts = sl_xasprintf("'%s'", a);
    run_merge(&plain, opts);
    cr_expect_eq(plain.status, 2);
    cr_expect(strstr(plain.err, "is not a sessionlint shard log") != NULL, "%s", plain.err);
    sl_run_free(&plain);
    free(opts);
    opts = sl_xasprintf("'%s/missing.sarif'", dir);
    run_merge(&plain, opts);
    cr_expect_eq(plain.status, 2);
    cr_expect(strstr(plain.err, "cannot read") != NULL, "%s", plain.err);
    sl_run_free(&plain);
    free(opts);
    free(a);
    free(b);
    remove_tree(dir);
    free(dir);
}
