/*
 * test_fixtures.c: the fixture driver. Every .c file under fixtures/ (and demo/)
 * (recursively) is real C code annotated with the findings sessionlint must report (the syntax is
 * in fixtures/README.md). One parameterized test per file checks that the
 * file compiles, that its annotations are well formed, runs the real binary
 * on it in text format and compares the multiset of (line, rule) reported
 * with the annotated one, listing every missing and every unexpected
 * finding, and checks the exit status (1 with findings, 0 without). A second
 * test runs the binary once over the whole directory in SARIF format: the
 * log must hold as many results as the text run printed findings and must
 * pass the SARIF 2.1.0 schema validator of the developers' workspace when
 * that is present. Compiler flags come from pkg-config, computed once. The
 * parsing, diffing and running live in fixture_check.c.
 */
#define _DEFAULT_SOURCE /* opendir, stat under -std=c11 */

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_check.h"

/* ---- fixture discovery (runs in the runner process) ---- */

struct paths {
    char **items;
    size_t len, cap;
};

static void collect_c_files(const char *dir, struct paths *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = sl_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect_c_files(path, out);
            free(path);
        } else if (S_ISREG(st.st_mode) && sl_str_ends_with(path, ".c")) {
            sl_vec_push(out, path);
        } else {
            free(path);
        }
    }
    closedir(d);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- one test per fixture file ---- */

ParameterizedTestParameters(fixtures, matches_annotations)
{
    /* the demo project follows the same annotation convention */
    char *dir = sl_test_path("fixtures"), *demo = sl_test_path("demo");
    struct paths files = {0};
    collect_c_files(dir, &files);
    collect_c_files(demo, &files);
    free(demo);
    qsort(files.items, files.len, sizeof *files.items, compare_strings);
    char *cflags = fc_cflags();
    struct fc_param *params = cr_calloc(files.len ? files.len : 1, sizeof *params);
    for (size_t i = 0; i < files.len; i++) {
        fc_param_init(&params[i], files.items[i], cflags, 0);
        free(files.items[i]);
    }
    size_t n = files.len;
    sl_vec_free(&files);
    free(cflags);
    free(dir);
    return cr_make_param_array(struct fc_param, params, n, fc_free_params);
}

ParameterizedTest(struct fc_param *fx, fixtures, matches_annotations, .timeout = 300)
{
    const char *rel = fc_relative_path(fx->text);
    char *source = sl_read_file(fx->text, NULL);
    cr_assert(source, "cannot read %s", rel);
    if (fc_libclang_too_old_for(source)) {
        free(source);
        cr_skip_test("%s needs libclang 17+ (operators inside macro bodies)", rel);
    }
    fc_check_compiles(fx->text, fx->cflags, rel);
    fc_check_fixture(fx->text, source, fx->cflags, rel, rel);
    free(source);
}

Test(fixtures, exist)
{
    char *dir = sl_test_path("fixtures");
    struct paths files = {0};
    collect_c_files(dir, &files);
    cr_expect(files.len > 0, "no fixture found under %s", dir);
    for (size_t i = 0; i < files.len; i++)
        free(files.items[i]);
    sl_vec_free(&files);
    free(dir);
}

/* ---- the whole directory in SARIF ---- */

static size_t count_sarif_results(const char *path)
{
    char *text = sl_read_file(path, NULL);
    cr_assert(text, "sessionlint wrote no SARIF file %s", path);
    cJSON *log = cJSON_Parse(text);
    cr_assert(log, "%s is not JSON", path);
    size_t n = 0;
    const cJSON *run;
    cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(log, "runs"))
        n += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(run, "results"));
    cJSON_Delete(log);
    free(text);
    return n;
}

/* The schema validator of the developers' workspace (../shared). */
#define SARIF_VALIDATOR SL_SHARED_DIR "/sarif/validate.py"

static void validate_sarif(const char *sarif)
{
    struct sl_run check;
    const char *argv[] = {SL_PYTHON3, SARIF_VALIDATOR, sarif, NULL};
    sl_run_argv(&check, argv, NULL);
    cr_expect(check.status == 0, "the SARIF log does not validate (status %d):\n%s%s", check.status,
              check.out, check.err);
    sl_run_free(&check);
}

Test(fixtures_sarif, whole_directory, .timeout = 600)
{
    char *dir = sl_test_path("fixtures");
    char *cflags = fc_cflags();
    char *tmp = sl_test_tmpdir();
    char *sarif = sl_xasprintf("%s/fixtures.sarif", tmp);

    struct sl_run text, log;
    fc_run_sessionlint(&text, "text", NULL, NULL, dir, cflags);
    fc_run_sessionlint(&log, "sarif", NULL, sarif, dir, cflags);
    cr_assert(text.status < 128 && log.status < 128,
              "sessionlint crashed (text run %d, SARIF run %d); stderr:\n%s\n%s", text.status,
              log.status, text.err, log.err);
    cr_assert(log.status == text.status,
              "the SARIF run exited %d, the text run %d; stderr:\n%s", log.status, text.status,
              log.err);
    struct fc_marks found = {0};
    fc_parse_findings(&found, text.out, NULL, NULL);
    size_t results = count_sarif_results(sarif);
    cr_expect(results == found.len, "the SARIF log has %zu results, the text run printed %zu findings",
              results, found.len);
    fc_free_marks(&found);
    sl_run_free(&text);
    sl_run_free(&log);

    bool have_validator = access(SARIF_VALIDATOR, R_OK) == 0 && SL_PYTHON3[0] != '\0';
    if (have_validator)
        validate_sarif(sarif);
    unlink(sarif);
    rmdir(tmp);
    free(sarif);
    free(tmp);
    free(cflags);
    free(dir);
    if (!have_validator)
        cr_skip_test("SARIF schema check skipped: %s not found (it is only in the developers' workspace)",
                     SARIF_VALIDATOR);
}
