/*
 * test_xtu.c: summaries across translation units (xtu.h). Each directory
 * under tests/xtu/ is a small project of .c files annotated like the
 * fixtures (`// expect: rule`, `// expect-none`); the real binary runs on
 * all of a project's files at once and must report exactly the annotated
 * findings. Then: the guessed acquire is low confidence in SARIF, -j1 and
 * -j2 give the same bytes, a second run reuses every cache entry; the
 * driver called directly: which files it parses and checks again (its
 * stats), cold, warm and with damaged cache entries; and the summary JSON
 * round trip and the merge rules, as unit tests.
 */
#define _POSIX_C_SOURCE 200809L

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache.h"
#include "model.h"
#include "report_json.h"
#include "summary_json.h"
#include "testutil.h"
#include "util.h"
#include "xtu.h"
#include "xtu_order.h"

#define CFLAGS "-- -I /usr/include/postgresql"

/* sessionlint -q OPTIONS tests/xtu/PROJECT/<all .c> CFLAGS, from the source dir
 * (PROJECT "*": every project at once). */
static void run_project(struct sl_run *r, const char *options, const char *project)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q %s tests/xtu/%s/*.c " CFLAGS, SL_SOURCE_DIR,
                             SL_BINARY, options, project);
    sl_run_shell(r, cmd);
    free(cmd);
}

struct strings {
    char **items;
    size_t len, cap;
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "file:line:rule" lines, sorted, joined with newlines. */
static char *joined(struct strings *v)
{
    struct sl_strbuf sb = {0};
    if (v->len)
        qsort(v->items, v->len, sizeof *v->items, compare_strings);
    for (size_t i = 0; i < v->len; i++) {
        sl_sb_append(&sb, v->items[i]);
        sl_sb_append(&sb, "\n");
        free(v->items[i]);
    }
    sl_vec_free(v);
    return sb.len ? sl_sb_take(&sb) : sl_xstrdup("");
}

/* The `// expect: a, b` annotations of one file. */
static void add_expectations(struct strings *v, const char *label, const char *text)
{
    unsigned line = 1;
    for (const char *p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p), line++) {
        const char *end = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
        const char *mark = strstr(p, "// expect: ");
        if (!mark || mark > end)
            continue;
        char *rules = sl_xstrndup(mark + 11, (size_t)(end - mark - 11));
        for (char *save = NULL, *rule = strtok_r(rules, ", ", &save); rule;
             rule = strtok_r(NULL, ", ", &save))
            sl_vec_push(v, sl_xasprintf("%s:%u:%s", label, line, rule));
        free(rules);
    }
}

static char *expected_findings(const char *project)
{
    struct strings v = {0};
    char *dir = sl_xasprintf("%s/tests/xtu/%s", SL_SOURCE_DIR, project);
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0)
            continue;
        char *path = sl_xasprintf("%s/%s", dir, e->d_name);
        char *label = sl_xasprintf("tests/xtu/%s/%s", project, e->d_name);
        char *text = sl_read_file(path, NULL);
        cr_assert(text);
        add_expectations(&v, label, text);
        free(text);
        free(label);
        free(path);
    }
    closedir(d);
    free(dir);
    return joined(&v);
}

/* "file:line:col: warning: message [rule]" -> "file:line:rule". */
static char *reported_findings(const char *out)
{
    struct strings v = {0};
    for (const char *p = out; *p;) {
        const char *end = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
        char *line = sl_xstrndup(p, (size_t)(end - p));
        char *colon = strchr(line, ':'), *open = strrchr(line, '[');
        unsigned lineno;
        if (colon && open && !strstr(line, ": note: ") && sscanf(colon + 1, "%u", &lineno) == 1) {
            *colon = '\0';
            *strrchr(open, ']') = '\0';
            sl_vec_push(&v, sl_xasprintf("%s:%u:%s", line, lineno, open + 1));
        }
        free(line);
        p = *end ? end + 1 : end;
    }
    return joined(&v);
}

static void check_project(const char *project)
{
    struct sl_run r;
    run_project(&r, "--no-cache", project);
    cr_assert(r.status == 0 || r.status == 1, "%s: exit %d\n%s", project, r.status, r.err);
    char *want = expected_findings(project), *got = reported_findings(r.out);
    cr_expect_str_eq(got, want, "%s:\nreported:\n%s\nexpected:\n%s\nstderr:\n%s", project, got,
                     want, r.err);
    free(want);
    free(got);
    sl_run_free(&r);
}

Test(xtu, close_wrapper_in_another_file_is_no_leak) { check_project("close-wrapper"); }
Test(xtu, open_wrapper_in_another_file_leaks_in_caller) { check_project("open-wrapper"); }
Test(xtu, begin_helper_in_another_file_needs_commit) { check_project("begin-helper"); }
Test(xtu, handle_stored_by_another_file_escapes) { check_project("escape"); }
Test(xtu, recursion_across_files_is_harmless) { check_project("recursion"); }
Test(xtu, wrappers_calling_each_other_across_files) { check_project("cycle"); }
Test(xtu, declared_only_handle_function_is_guessed) { check_project("guessed"); }
Test(xtu, member_released_by_another_file) { check_project("member-free"); }
Test(xtu, member_transaction_by_another_file) { check_project("member-txn"); }
Test(xtu, noreturn_function_in_another_file) { check_project("noreturn"); }
Test(xtu, files_skipped_before_parsing_join_when_the_merge_names_them)
{
    check_project("prefilter-join");
}

Test(xtu, one_file_alone_does_not_see_the_wrapper)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q --no-cache tests/xtu/open-wrapper/main.c " CFLAGS,
                             SL_SOURCE_DIR, SL_BINARY);
    sl_run_shell(&r, cmd);
    cr_expect_eq(r.status, 0, "%s", r.out);
    free(cmd);
    sl_run_free(&r);
}

Test(xtu, guessed_leak_is_low_confidence_in_sarif)
{
    struct sl_run r;
    run_project(&r, "--no-cache --format sarif", "guessed");
    cJSON *log = cJSON_Parse(r.out);
    cr_assert(log, "%s", r.err);
    const cJSON *results = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(log, "runs"), 0),
                                               "results");
    cr_assert_eq(cJSON_GetArraySize(results), 1);
    const cJSON *props = cJSON_GetObjectItem(cJSON_GetArrayItem(results, 0), "properties");
    const cJSON *confidence = cJSON_GetObjectItem(props, "confidence");
    cr_assert(cJSON_IsString(confidence), "%s", r.out);
    cr_expect_str_eq(confidence->valuestring, "low");
    cJSON_Delete(log);
    sl_run_free(&r);
}

Test(xtu, same_bytes_for_any_jobs)
{
    const char *projects[] = {"open-wrapper", "begin-helper", "guessed", "escape",
                              "prefilter-join"};
    for (size_t i = 0; i < sizeof projects / sizeof *projects; i++) {
        struct sl_run one, two;
        run_project(&one, "--no-cache --format sarif -j1", projects[i]);
        run_project(&two, "--no-cache --format sarif -j2", projects[i]);
        cr_expect_str_eq(one.out, two.out, "%s", projects[i]);
        sl_run_free(&one);
        sl_run_free(&two);
    }
}

/* Each shard summarises every file in pass 1, so merging the shards' logs
 * gives what one run gives even when the wrapper lives in the other shard. */
Test(xtu, shards_see_every_files_summaries)
{
    const char *projects[] = {"open-wrapper", "begin-helper", "prefilter-join"};
    for (size_t i = 0; i < sizeof projects / sizeof *projects; i++) {
        char *dir = sl_test_tmpdir();
        struct sl_run single, shard, merged;
        run_project(&single, "--no-cache --format sarif", projects[i]);
        for (int k = 1; k <= 2; k++) {
            char *opts = sl_xasprintf("--no-cache --format sarif --shard %d/2 -o %s/s%d.sarif", k,
                                      dir, k);
            run_project(&shard, opts, projects[i]);
            sl_run_free(&shard);
            free(opts);
        }
        char *cmd = sl_xasprintf("cd '%s' && '%s' merge %s/s1.sarif %s/s2.sarif", SL_SOURCE_DIR,
                                 SL_BINARY, dir, dir);
        sl_run_shell(&merged, cmd);
        cr_expect_str_eq(merged.out, single.out, "%s: merged shards differ from one run",
                         projects[i]);
        sl_run_free(&single);
        sl_run_free(&merged);
        free(cmd);
        free(dir);
    }
}

/* Removes the directory tree and frees its name. */
static void remove_dir(char *dir)
{
    char *rm = sl_xasprintf("rm -rf '%s'", dir);
    struct sl_run r;
    sl_run_shell(&r, rm);
    sl_run_free(&r);
    free(rm);
    free(dir);
}

/* name -> "inode:mtime" of every entry of a cache directory, sorted. */
static char *cache_listing(const char *dir)
{
    struct strings v = {0};
    DIR *d = opendir(dir);
    cr_assert(d);
    for (struct dirent *e; (e = readdir(d));) {
        struct stat st;
        char *path = sl_xasprintf("%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0)
            sl_vec_push(&v, sl_xasprintf("%s %lu %ld.%09ld", e->d_name, (unsigned long)st.st_ino,
                                         (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec));
        free(path);
    }
    closedir(d);
    return joined(&v);
}

Test(xtu, second_run_reuses_summaries_and_results)
{
    char *tmp = sl_test_tmpdir();
    char *opts = sl_xasprintf("-j1 --cache-dir '%s'", tmp);
    struct sl_run cold, warm;
    run_project(&cold, opts, "open-wrapper");
    char *before = cache_listing(tmp);
    run_project(&warm, opts, "open-wrapper");
    char *after = cache_listing(tmp);
    size_t entries = 0;
    for (const char *p = before; (p = strchr(p, '\n')); p++)
        entries++;
    /* a pass-1 entry per file: with -j1 conn.c is done before main.c is
     * checked, with its wrapper's summary, so nothing is checked again */
    cr_expect_eq(entries, 2, "two pass-1 entries:\n%s", before);
    cr_expect_str_eq(after, before, "no entry rewritten");
    cr_expect_str_eq(warm.out, cold.out);
    free(before);
    free(after);
    free(opts);
    sl_run_free(&cold);
    sl_run_free(&warm);
    remove_dir(tmp);
}

/* Every project's files in one run: files checked again with the other
 * files' summaries and files whose pass-1 check stands, side by side. */
Test(xtu, mixed_run_same_bytes_for_any_jobs)
{
    struct sl_run one, other;
    run_project(&one, "--no-cache --format sarif -j1", "*");
    cr_assert(one.status == 0 || one.status == 1, "%s", one.err);
    for (int jobs = 2; jobs <= 3; jobs++) {
        char *opts = sl_xasprintf("--no-cache --format sarif -j%d", jobs);
        run_project(&other, opts, "*");
        cr_expect_str_eq(other.out, one.out, "-j%d", jobs);
        sl_run_free(&other);
        free(opts);
    }
    sl_run_free(&one);
}

/* ---- the driver: what is parsed, what is checked again ---- */

struct project {
    struct sl_model model;
    struct sl_options opts;
    struct sl_inputs inputs;
};

static void load_models(struct sl_model *m);

/* The files `names` of dir, compiled with the libpq headers. */
static void open_project(struct project *p, const char *dir, const char *const *names, size_t n)
{
    load_models(&p->model);
    sl_options_init(&p->opts, &p->model);
    memset(&p->inputs, 0, sizeof p->inputs);
    for (size_t i = 0; i < n; i++) {
        struct sl_input in = {.file = sl_xasprintf("%s/%s", dir, names[i]),
                              .display_name = sl_xstrdup(names[i]), .nargs = 2,
                              .args = sl_xcalloc(2, sizeof(char *))};
        in.args[0] = sl_xstrdup("-I");
        in.args[1] = sl_xstrdup("/usr/include/postgresql");
        sl_vec_push(&p->inputs, in);
    }
}

static void close_project(struct project *p)
{
    sl_inputs_free(&p->inputs);
    sl_model_free(&p->model);
}

/* One run over the project; returns the finished report as JSON text. */
static char *analyse(struct project *p, struct sl_cache *cache, unsigned jobs,
                     struct sl_xtu_stats *stats)
{
    struct sl_parallel_job job = {.opts = &p->opts, .inputs = &p->inputs, .cache = cache,
                                  .jobs = jobs};
    struct sl_report report;
    sl_report_init(&report);
    sl_xtu_analyse(&job, &report, stats);
    sl_report_finish(&report);
    cJSON *json = sl_report_to_json(&report);
    char *text = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    sl_report_free(&report);
    return text;
}

static const char *const lone_files[] = {
    "#include <libpq-fe.h>\n"
    "int helper(void) { return 1; }\n"
    "void ping(const char *ci) { PGconn *c = PQconnectdb(ci); if (helper()) return; PQfinish(c); }\n",
    "#include <libpq-fe.h>\n"
    "int helper(void) { return 2; }\n"
    "int alive(PGconn *c) { return helper() && PQstatus(c) == CONNECTION_OK; }\n",
    "#include <libpq-fe.h>\n"
    "void bye(PGconn *c) { PQfinish(c); }\n",
};

/* Each file calls only its own functions and libpq's: it depends on no other
 * file's summary (helper is defined in two files: each uses its own). */
Test(xtu_driver, files_without_cross_references_are_parsed_once)
{
    char *dir = sl_test_tmpdir();
    const char *names[] = {"a.c", "b.c", "c.c"};
    for (size_t i = 0; i < 3; i++) {
        char *path = sl_xasprintf("%s/%s", dir, names[i]);
        cr_assert_eq(sl_test_write(path, lone_files[i]), 0);
        free(path);
    }
    struct project p;
    open_project(&p, dir, names, 3);
    struct sl_xtu_stats one, two;
    char *serial = analyse(&p, NULL, 1, &one), *parallel = analyse(&p, NULL, 2, &two);
    cr_expect_eq(one.parsed, 3, "parsed %zu times", one.parsed);
    cr_expect_eq(one.rechecked, 0);
    cr_expect_eq(one.summarised, 3);
    cr_expect(strstr(serial, "\"session-leak\""), "the leak in a.c: %s", serial);
    cr_expect_str_eq(parallel, serial);
    cr_expect(two.parsed == 3 && two.rechecked == 0);
    free(serial);
    free(parallel);
    close_project(&p);
    remove_dir(dir);
}

static void open_wrapper_project(struct project *p)
{
    const char *names[] = {"conn.c", "main.c"};
    char *dir = sl_test_path("tests/xtu/open-wrapper");
    open_project(p, dir, names, 2);
    free(dir);
}

/* conn.c defines the wrapper, so pass 1 computes it first: by the time
 * main.c is checked its summary is merged, and main.c is parsed once. With
 * -j2 main.c may be checked before conn.c is done, without the summary:
 * then it is checked again in pass 2, with the same report. */
Test(xtu_driver, caller_of_another_files_wrapper_waits_for_its_summary)
{
    struct project p;
    open_wrapper_project(&p);
    struct sl_xtu_stats one, two;
    char *serial = analyse(&p, NULL, 1, &one), *parallel = analyse(&p, NULL, 2, &two);
    cr_expect(one.viewed == 1 && one.rechecked == 0 && one.parsed == 2,
              "viewed %zu, rechecked %zu, parsed %zu", one.viewed, one.rechecked, one.parsed);
    cr_expect(strstr(serial, "\"session-leak\"") && strstr(serial, "\"main.c\""),
              "the leak through conn.c's wrapper: %s", serial);
    cr_expect_str_eq(parallel, serial);
    cr_expect(two.rechecked <= 1 && two.parsed == 2 + two.rechecked);
    free(serial);
    free(parallel);
    close_project(&p);
}

/* opener.c and closer.c call each other's wrappers: whichever pass 1
 * computes first cannot see the other's summary, and is checked again. */
Test(xtu_driver, files_calling_each_other_are_checked_again_at_most_once)
{
    const char *names[] = {"closer.c", "opener.c"};
    char *dir = sl_test_path("tests/xtu/cycle");
    struct project p;
    open_project(&p, dir, names, 2);
    struct sl_xtu_stats stats;
    char *report = analyse(&p, NULL, 1, &stats);
    cr_expect(stats.viewed == 1 && stats.rechecked == 1 && stats.parsed == 3,
              "viewed %zu, rechecked %zu, parsed %zu", stats.viewed, stats.rechecked,
              stats.parsed);
    free(report);
    close_project(&p);
    free(dir);
}

/* One run with the pre-filter on or off (SESSIONLINT_NO_PREFILTER). */
static char *analyse_filtered(struct project *p, bool prefilter, unsigned jobs,
                              struct sl_xtu_stats *stats)
{
    if (!prefilter)
        setenv("SESSIONLINT_NO_PREFILTER", "1", 1);
    char *text = analyse(p, NULL, jobs, stats);
    unsetenv("SESSIONLINT_NO_PREFILTER");
    return text;
}

/* caller.c and same-name.c name no database function or type, but the
 * merged model has a function each of them reaches (a call, a definition of
 * the same name): skipped before parsing at first, they join pass 1; plain.c
 * stays unparsed. The report is the same as without the pre-filter. */
Test(xtu_driver, skipped_files_join_when_the_merged_model_names_them)
{
    const char *names[] = {"caller.c", "conn.c", "main.c", "plain.c", "same-name.c"};
    char *dir = sl_test_path("tests/xtu/prefilter-join");
    struct project p;
    open_project(&p, dir, names, 5);
    struct sl_xtu_stats off, on, on_two;
    char *without = analyse_filtered(&p, false, 1, &off), *with = analyse_filtered(&p, true, 1, &on),
         *with_two = analyse_filtered(&p, true, 2, &on_two);
    cr_expect_str_eq(with, without);
    cr_expect_str_eq(with_two, without);
    cr_expect(strstr(without, "\"low_confidence\":true"), "open_db collides: %s", without);
    cr_expect(off.skipped == 0 && off.joined == 0);
    cr_expect_eq(on.skipped, 1, "plain.c only: %zu", on.skipped);
    cr_expect_eq(on.joined, 2, "caller.c and same-name.c: %zu", on.joined);
    cr_expect_eq(on.parsed, off.parsed - 1, "parsed %zu of %zu", on.parsed, off.parsed);
    cr_expect(on_two.skipped == on.skipped && on_two.joined == on.joined);
    free(without);
    free(with);
    free(with_two);
    close_project(&p);
    free(dir);
}

Test(xtu_driver, a_lone_file_that_cannot_matter_is_not_parsed)
{
    const char *names[] = {"plain.c"};
    char *dir = sl_test_path("tests/xtu/prefilter-join");
    struct project p;
    open_project(&p, dir, names, 1);
    struct sl_xtu_stats stats;
    char *report = analyse_filtered(&p, true, 1, &stats);
    cr_expect(stats.parsed == 0 && stats.skipped == 1, "parsed %zu, skipped %zu", stats.parsed,
              stats.skipped);
    cr_expect(strstr(report, "\"files_analyzed\":1"), "%s", report);
    free(report);
    close_project(&p);
    free(dir);
}

/* Flips a byte in the middle of every entry of the cache directory. */
static void damage_entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d);
    for (struct dirent *e; (e = readdir(d));) {
        char *path = sl_xasprintf("%s/%s", dir, e->d_name), *text;
        size_t len;
        if (e->d_name[0] != '.' && (text = sl_read_file(path, &len))) {
            text[len / 2] ^= 1;
            cr_assert_eq(sl_test_write(path, text), 0);
            free(text);
        }
        free(path);
    }
    closedir(d);
}

Test(xtu_driver, warm_run_parses_nothing_damaged_entries_are_misses)
{
    struct project p;
    open_wrapper_project(&p);
    char *dir = sl_test_tmpdir(), *error = NULL;
    struct sl_cache cache;
    cr_assert_eq(sl_cache_open(&cache, dir, &p.opts, &error), 0, "%s", error);
    struct sl_xtu_stats cold, warm, damaged;
    char *first = analyse(&p, &cache, 1, &cold);
    sl_cache_close(&cache);
    cr_assert_eq(sl_cache_open(&cache, dir, &p.opts, &error), 0, "%s", error);
    char *second = analyse(&p, &cache, 2, &warm);
    cr_expect(cold.parsed == 2 && cold.viewed == 1 && cold.rechecked == 0);
    cr_expect_eq(warm.parsed, 0, "parsed %zu files", warm.parsed);
    cr_expect(warm.reused == 2 && warm.summarised == 0 && warm.rechecked == 0,
              "main.c's check saw the summary the merge gives: kept");
    cr_expect_str_eq(second, first);
    sl_cache_close(&cache);
    damage_entries(dir);
    cr_assert_eq(sl_cache_open(&cache, dir, &p.opts, &error), 0, "%s", error);
    char *third = analyse(&p, &cache, 1, &damaged);
    cr_expect_eq(damaged.parsed, 2, "damaged entries are recomputed");
    cr_expect_eq(damaged.reused, 0);
    cr_expect_str_eq(third, first);
    sl_cache_close(&cache);
    free(first);
    free(second);
    free(third);
    remove_dir(dir);
    close_project(&p);
}

/* main.c's cache entry holds the wrapper's summary its check saw. Once
 * conn.c's wrapper closes what it opens, the merge gives another summary:
 * main.c's kept check is not trusted, main.c is checked again, and its leak
 * is gone. */
Test(xtu_driver, a_cached_check_is_redone_when_the_summaries_it_saw_change)
{
    char *dir = sl_test_tmpdir(), *cache_dir = sl_xasprintf("%s/cache", dir), *error = NULL;
    const char *names[] = {"conn.c", "main.c"};
    char *source = sl_test_path("tests/xtu/open-wrapper");
    for (size_t i = 0; i < 2; i++) {
        char *from = sl_xasprintf("%s/%s", source, names[i]), *text = sl_read_file(from, NULL);
        char *to = sl_xasprintf("%s/%s", dir, names[i]);
        cr_assert(text && sl_test_write(to, text) == 0);
        free(from);
        free(text);
        free(to);
    }
    struct project p;
    open_project(&p, dir, names, 2);
    struct sl_cache cache;
    struct sl_xtu_stats cold, changed;
    cr_assert_eq(sl_cache_open(&cache, cache_dir, &p.opts, &error), 0, "%s", error);
    char *before = analyse(&p, &cache, 1, &cold);
    sl_cache_close(&cache);
    char *conn = sl_xasprintf("%s/conn.c", dir);
    cr_assert_eq(sl_test_write(conn, "#include <libpq-fe.h>\n"
                                     "PGconn *establish_db_connection(const char *conninfo)\n"
                                     "{ PQfinish(PQconnectdb(conninfo)); return 0; }\n"), 0);
    cr_assert_eq(sl_cache_open(&cache, cache_dir, &p.opts, &error), 0, "%s", error);
    char *after = analyse(&p, &cache, 1, &changed);
    sl_cache_close(&cache);
    cr_expect(strstr(before, "\"session-leak\""), "%s", before);
    cr_expect(!strstr(after, "\"session-leak\""), "%s", after);
    cr_expect(changed.reused == 1 && changed.summarised == 1 && changed.rechecked == 1,
              "reused %zu, summarised %zu, rechecked %zu", changed.reused, changed.summarised,
              changed.rechecked);
    free(before);
    free(after);
    free(conn);
    free(source);
    free(cache_dir);
    close_project(&p);
    remove_dir(dir);
}

/* ---- unit tests: the order of pass 1 ---- */

/* Inputs named after their index, with the given texts as unsaved buffers. */
static void text_inputs(struct sl_inputs *inputs, const char *const *texts, size_t n)
{
    memset(inputs, 0, sizeof *inputs);
    for (size_t i = 0; i < n; i++) {
        struct sl_input in = {.file = sl_xasprintf("/nowhere/%zu.c", i),
                              .display_name = sl_xasprintf("%zu.c", i),
                              .unsaved = texts[i], .unsaved_len = strlen(texts[i])};
        sl_vec_push(inputs, in);
    }
}

static char *order_of(const char *const *texts, size_t n)
{
    struct sl_inputs inputs;
    text_inputs(&inputs, texts, n);
    size_t *all = sl_xcalloc(n, sizeof *all);
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    struct sl_xtu_order order;
    sl_xtu_order_scan(&order, &inputs, all, n);
    struct sl_strbuf sb = {0};
    for (size_t k = 0; k < order.len; k++)
        sl_sb_printf(&sb, "%s%zu", k ? " " : "", order.order[k]);
    sl_xtu_order_free(&order);
    sl_inputs_free(&inputs);
    free(all);
    return sl_sb_take(&sb);
}

/* 0 calls 1's function, 1 calls 2's; 3 calls none and is the largest, 2 the
 * smallest: definers first, the largest first among files free to go. A
 * static function and a file's own definition tie nothing. */
Test(xtu_order, definers_go_first_then_the_largest)
{
    const char *const texts[] = {
        "int top(void) { return middle(); }\n",
        "int middle(void) { return bottom(); }\nstatic int top(void) { return 0; }\n",
        "int bottom(void) { return 0; }\n",
        "int lone(void) { return top2() + top2() + top2() + top2() + top2() + top2(); }\n"
        "static int top2(void) { return 1; }\n",
    };
    char *order = order_of(texts, 4);
    cr_expect_str_eq(order, "3 2 1 0");
    free(order);
}

/* 0 and 1 call each other; 2 and 3 call 0's function: in the cycle, the
 * file the others wait for goes first. */
Test(xtu_order, a_cycle_is_cut_at_the_file_most_files_wait_for)
{
    const char *const texts[] = {
        "int hub(void) { return spoke(); }\n",
        "int spoke(void) { return hub() + hub() + hub() + hub() + hub() + hub() + hub(); }\n",
        "int a(void) { return hub(); }\n",
        "int b(void) { return hub(); }\n",
    };
    char *order = order_of(texts, 4);
    cr_expect_str_eq(order, "0 1 2 3");
    free(order);
}

/* 0 is the largest file and waits for 1, the smallest; 2 is in between and
 * free: 1 goes first, so that 0 does not start last (with -j it would run
 * alone at the end). */
Test(xtu_order, what_a_large_file_waits_for_goes_early)
{
    const char *const texts[] = {
        "int big(void) { int a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;\n"
        "  return wrapped() + a + b + c + d + e + f + g + h; }\n",
        "int wrapped(void) { return 0; }\n",
        "int medium(void) { int a = 1, b = 2; return a + b; }\n",
    };
    char *order = order_of(texts, 3);
    cr_expect_str_eq(order, "1 0 2");
    free(order);
}

/* The table pass 1 reads: who defines a name, scanned or added. */
Test(xtu_order, definers_are_found_by_name)
{
    const char *const texts[] = {"int f(void) { return 0; }\n", "int g(void) { return f(); }\n"};
    struct sl_inputs inputs;
    text_inputs(&inputs, texts, 2);
    size_t all[] = {0, 1};
    struct sl_xtu_order order;
    sl_xtu_order_scan(&order, &inputs, all, 2);
    sl_xtu_order_add_definer(&order, "h", 5);
    const sl_ps_ids *f = sl_xtu_order_definers(&order, "f");
    const sl_ps_ids *h = sl_xtu_order_definers(&order, "h");
    cr_expect(f && f->len == 1 && f->items[0] == 0);
    cr_expect(h && h->len == 1 && h->items[0] == 5);
    cr_expect_null(sl_xtu_order_definers(&order, "printf"));
    sl_xtu_order_free(&order);
    sl_inputs_free(&inputs);
}

/* ---- unit tests: JSON round trip and merge ---- */

static void load_models(struct sl_model *m)
{
    struct sl_model_error err = {0};
    sl_model_init(m);
    cr_assert_eq(sl_model_load_dir(m, SL_SOURCE_MODELS_DIR, &err), 0, "%s", err.text);
    cr_assert(m->nkinds >= 3);
}

static char *printed(const struct sl_func *f)
{
    cJSON *j = sl_func_to_json(f);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

/* Every field set to something other than its zero value. */
Test(xtu_json, every_field_survives_the_round_trip)
{
    struct sl_model m;
    load_models(&m);
    int kinds[] = {1, 2};
    struct sl_kind_case cases[] = {{3, 1}, {4, 2}};
    struct sl_use use = {.arg = 1, .kinds = kinds, .nkinds = 2};
    struct sl_acquire acq = {.kind = 2, .pos = 1, .success = {SL_SUCCESS_RETURNS, {0, 101}, 2},
                             .exists_on_failure = true, .owned = true, .begins_transaction = true,
                             .null_is_normal = true, .only_if_null_arg = 0, .parent_arg = 2,
                             .kind_arg = 3, .kind_mask = 0xff, .kind_cases = cases,
                             .nkind_cases = 2, .parent_cases = cases, .nparent_cases = 1};
    struct sl_release rel = {.arg = 0, .kinds = kinds, .nkinds = 1, .null_safe = true,
                             .success = {SL_SUCCESS_NONNEG, {0}, 0}, .when = {{1, 7}}, .nwhen = 1,
                             .kind_arg = 1, .kind_mask = 3, .kind_cases = cases, .nkind_cases = 2,
                             .field = "db", .clears_field = true};
    struct sl_txn_op txn = {.action = SL_TXN_ROLLBACK, .arg = 2, .field = "conn",
                            .when = {{0, -1}, {1, 5}}, .nwhen = 2,
                            .success = {SL_SUCCESS_NONNULL, {0}, 0}};
    struct sl_sql sql = {.arg = 1, .on = 0, .dialect = SL_DIALECT_REDIS,
                         .success = {SL_SUCCESS_RETURNS, {1}, 1}, .result_is_handle = true};
    int owned[] = {2};
    struct sl_func f = {.name = "wrapper", .uses = &use, .nuses = 1, .acquires = &acq,
                        .nacquires = 1, .releases = &rel, .nreleases = 1, .txn_ops = &txn,
                        .ntxn_ops = 1, .sql = &sql, .takes_ownership = owned,
                        .ntakes_ownership = 1, .status_of_arg = 1,
                        .status_success = {SL_SUCCESS_RETURNS, {1, 2}, 2}, .disconnect_arg = 0,
                        .attach_session_arg = 1, .attach_opts_arg = 2,
                        .needs_session_opts_arg = 3, .session_state_name_arg = 1,
                        .noreturn = true, .from_summary = true, .guessed = true, .line = 42};
    char *first = printed(&f);
    cJSON *json = cJSON_Parse(first);
    struct sl_func back;
    cr_assert_eq(sl_func_from_json(json, &m, &back), 0);
    char *second = printed(&back);
    cr_expect_str_eq(second, first);
    cr_expect_eq(back.acquires[0].kind_mask, 0xff);
    cr_expect_eq(back.releases[0].when[0].equals, 7);
    cr_expect_str_eq(back.releases[0].field, "db");
    cr_expect_eq(back.txn_ops[0].when[0].equals, -1);
    cr_expect(back.sql && back.sql->result_is_handle);
    cr_expect(back.guessed && back.noreturn && back.from_summary);
    cr_expect_eq(back.line, 42);
    sl_func_free(&back);
    cJSON_Delete(json);
    cJSON_free(first);
    cJSON_free(second);
    sl_model_free(&m);
}

Test(xtu_json, bad_summaries_are_rejected)
{
    struct sl_model m;
    load_models(&m);
    struct sl_func f = {.name = "w", .status_of_arg = -1};
    cJSON *json = sl_func_to_json(&f);
    struct sl_func back;
    cJSON_ReplaceItemInObject(json, "status_of_arg", cJSON_CreateString("x"));
    cr_expect_eq(sl_func_from_json(json, &m, &back), -1);
    cJSON_Delete(json);
    int kinds[] = {(int)m.nkinds}; /* no such kind */
    struct sl_use use = {.arg = 0, .kinds = kinds, .nkinds = 1};
    f.uses = &use;
    f.nuses = 1;
    json = sl_func_to_json(&f);
    cr_expect_eq(sl_func_from_json(json, &m, &back), -1);
    cJSON_Delete(json);
    cr_expect_eq(sl_func_from_json(NULL, &m, &back), -1);
    sl_model_free(&m);
}

static cJSON *part(const char *summaries, const char *defined, const char *declared)
{
    char *text = sl_xasprintf("{\"summaries\":%s,\"defined\":%s,\"declared\":%s}", summaries,
                              defined, declared);
    cJSON *j = cJSON_Parse(text);
    free(text);
    cr_assert(j);
    return j;
}

static char *summary_text(const char *name, bool noreturn)
{
    struct sl_func f = {.name = (char *)name, .status_of_arg = -1, .noreturn = noreturn,
                        .from_summary = true};
    return printed(&f);
}

Test(xtu_merge, first_file_wins_and_guesses_yield_to_definitions)
{
    struct sl_model m, global;
    load_models(&m);
    sl_model_init(&global);
    char *die_a = summary_text("die", true), *die_b = summary_text("die", false);
    char *open_guess = summary_text("open_it", false), *other_guess = summary_text("get_db", false);
    char *a_sum = sl_xasprintf("[%s]", die_a), *b_sum = sl_xasprintf("[%s]", die_b);
    char *guesses = sl_xasprintf("[%s,%s]", open_guess, other_guess);
    cJSON *parts[] = {part(a_sum, "[\"die\"]", guesses), NULL,
                      part(b_sum, "[\"die\",\"get_db\"]", "[]")};
    sl_xtu_merge((const cJSON *const *)parts, 3, &m, &global);
    const struct sl_func *die = sl_model_find_func(&global, "die");
    cr_assert(die);
    cr_expect(die->noreturn, "the first file's summary is kept");
    cr_expect(die->guessed, "a name defined twice is a guess");
    cr_expect(sl_model_find_func(&global, "open_it"), "declared only: guessed");
    cr_expect_null(sl_model_find_func(&global, "get_db"), "defined elsewhere: no guess");
    for (size_t i = 0; i < 3; i++)
        cJSON_Delete(parts[i]);
    cJSON_free(die_a);
    cJSON_free(die_b);
    cJSON_free(open_guess);
    cJSON_free(other_guess);
    free(a_sum);
    free(b_sum);
    free(guesses);
    sl_model_free(&global);
    sl_model_free(&m);
}
