/*
 * test_baseline.c: the CI gate, end to end through the real binary in a
 * temporary directory: the baseline round trip (written, the same tree
 * passes, a new bug fails, a finding moved by lines inserted above stays
 * known, a changed line is new), SARIF baselineState, --fail-on levels and
 * the GitLab code quality output.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

static const char leak_fn[] =
    "int count_rows(const char *path)\n{\n    sqlite3 *db;\n"
    "    if (sqlite3_open(path, &db) != SQLITE_OK)\n        return -1;\n    return 0;\n}\n";
static const char other_leak_fn[] =
    "int other(const char *path)\n{\n    sqlite3 *db;\n"
    "    if (sqlite3_open(path, &db) != SQLITE_OK)\n        return -2;\n    return 1;\n}\n";

static void write_db_c(const char *dir, const char *above, const char *more)
{
    char *path = sl_xasprintf("%s/db.c", dir);
    char *text = sl_xasprintf("#include <sqlite3.h>\n%s%s%s", above, leak_fn, more);
    cr_assert_eq(sl_test_write(path, text), 0);
    free(text);
    free(path);
}

/* Runs sessionlint with `args` from dir. */
static void lint(struct sl_run *r, const char *dir, const char *args)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' %s", dir, SL_BINARY, args);
    sl_run_shell(r, cmd);
    free(cmd);
}

Test(baseline, round_trip_only_new_findings_fail, .timeout = 120)
{
    char *dir = sl_test_tmpdir();
    struct sl_run r;
    write_db_c(dir, "", "");
    lint(&r, dir, "--write-baseline base.json db.c");
    cr_expect_eq(r.status, 0, "writing a baseline accepts every finding: %s", r.err);
    cr_expect(strstr(r.out, "[session-leak]"), "the findings are still shown: %s", r.out);
    sl_run_free(&r);

    lint(&r, dir, "--baseline base.json db.c");
    cr_expect_eq(r.status, 0, "same tree: %s%s", r.out, r.err);
    cr_expect_str_eq(r.out, "", "baselined findings are not printed as text");
    cr_expect(strstr(r.err, "0 findings"), "%s", r.err);
    sl_run_free(&r);

    write_db_c(dir, "/* a comment\n   and a blank line */\n\nstatic int unused;\n", "");
    lint(&r, dir, "--baseline base.json db.c");
    cr_expect_eq(r.status, 0, "moved by 4 lines, still baselined: %s%s", r.out, r.err);
    sl_run_free(&r);

    lint(&r, dir, "--baseline base.json --format sarif db.c");
    cr_expect(strstr(r.out, "\"baselineState\":\t\"unchanged\""), "%s", r.out);
    sl_run_free(&r);

    write_db_c(dir, "", other_leak_fn);
    lint(&r, dir, "--baseline base.json db.c");
    cr_expect_eq(r.status, 1, "a new bug fails: %s", r.err);
    cr_expect(strstr(r.out, "db.c:14:5: warning: sqlite3 connection 'db'"), "%s", r.out);
    cr_expect_null(strstr(r.out, "db.c:7:"), "the known one stays quiet: %s", r.out);
    cr_expect(strstr(r.err, "1 finding (1 session-leak)"), "%s", r.err);
    sl_run_free(&r);

    lint(&r, dir, "--baseline base.json --format sarif db.c");
    cr_expect(strstr(r.out, "\"baselineState\":\t\"new\""), "%s", r.out);
    cr_expect(strstr(r.out, "\"baselineState\":\t\"unchanged\""), "%s", r.out);
    sl_run_free(&r);
    free(dir);
}

Test(baseline, a_changed_line_is_new)
{
    char *dir = sl_test_tmpdir();
    struct sl_run r;
    write_db_c(dir, "", "");
    lint(&r, dir, "-q --write-baseline base.json db.c");
    sl_run_free(&r);
    char *path = sl_xasprintf("%s/db.c", dir), *text = sl_read_file(path, NULL);
    char *ret = strstr(text, "return 0;");
    memcpy(ret, "return 7;", 9);
    sl_test_write(path, text);
    lint(&r, dir, "-q --baseline base.json db.c");
    cr_expect_eq(r.status, 1, "%s", r.out);
    sl_run_free(&r);
    free(text);
    free(path);
    free(dir);
}

Test(baseline, bad_baseline_is_a_usage_error)
{
    char *dir = sl_test_tmpdir(), *path = sl_xasprintf("%s/bad.json", dir);
    struct sl_run r;
    write_db_c(dir, "", "");
    sl_test_write(path, "{\"findings\": 3}");
    lint(&r, dir, "--baseline bad.json db.c");
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "sessionlint: error: bad baseline 'bad.json': not a sessionlint "
                            "baseline (no \"findings\" array)\n");
    sl_run_free(&r);
    lint(&r, dir, "--baseline missing.json db.c");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "cannot read baseline 'missing.json'"), "%s", r.err);
    sl_run_free(&r);
    free(path);
    free(dir);
}

Test(baseline, fail_on_levels)
{
    char *dir = sl_test_tmpdir();
    struct sl_run r;
    write_db_c(dir, "", ""); /* one warning */
    lint(&r, dir, "-q --fail-on error db.c");
    cr_expect_eq(r.status, 0, "a warning below --fail-on error");
    cr_expect(strstr(r.out, "[session-leak]"), "still reported: %s", r.out);
    sl_run_free(&r);
    lint(&r, dir, "-q --fail-on warning db.c");
    cr_expect_eq(r.status, 1);
    sl_run_free(&r);
    lint(&r, dir, "-q --fail-on none db.c");
    cr_expect_eq(r.status, 0);
    sl_run_free(&r);
    lint(&r, dir, "-q --fail-on fatal db.c");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "invalid value 'fatal' for --fail-on (expected error, warning, note or "
                            "none)"), "%s", r.err);
    sl_run_free(&r);
    free(dir);
}

Test(baseline, gitlab_code_quality)
{
    char *dir = sl_test_tmpdir();
    struct sl_run r;
    write_db_c(dir, "", "");
    lint(&r, dir, "-q --format gitlab db.c");
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.out, "[\n{\"description\":\"sqlite3 connection 'db' acquired at line 5 is "
                            "not released on this path [session-leak]\",\"check_name\":"
                            "\"session-leak\",\"fingerprint\":\""), "%s", r.out);
    cr_expect(strstr(r.out, "\"severity\":\"major\",\"location\":{\"path\":\"db.c\",\"lines\":"
                            "{\"begin\":7}}}\n]\n"), "%s", r.out);
    sl_run_free(&r);
    free(dir);
}
