/*
 * test_config.c: .sessionlint.json through the real binary: discovery
 * upward from each file, rules turned off and levels set, include/exclude
 * globs, models relative to the config, --config-file, --no-config,
 * --dump-config, the command line winning, bad files exiting 2, and the
 * `explain` subcommand.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "util.h"

static const char leak[] =
    "#include <sqlite3.h>\nint f(const char *p)\n{\n    sqlite3 *db;\n"
    "    if (sqlite3_open(p, &db) != SQLITE_OK)\n        return -1;\n    return 0;\n}\n";

static void put(const char *dir, const char *name, const char *text)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(sl_test_write(path, text), 0, "%s", path);
    free(path);
}

static void lint(struct sl_run *r, const char *dir, const char *args)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' -q %s", dir, SL_BINARY, args);
    sl_run_shell(r, cmd);
    free(cmd);
}

/* dir/a.c and dir/sub/b.c, both leaking; returns dir. */
static char *tree(void)
{
    char *dir = sl_test_tmpdir(), *sub = sl_xasprintf("%s/sub", dir);
    cr_assert_eq(mkdir(sub, 0777), 0);
    put(dir, "a.c", leak);
    put(dir, "sub/b.c", leak);
    free(sub);
    return dir;
}

Test(config, nearest_file_applies_and_levels_change_output)
{
    char *dir = tree();
    struct sl_run r;
    put(dir, ".sessionlint.json", "{\"rules\": {\"session-leak\": \"error\"}}");
    put(dir, "sub/.sessionlint.json", "{\"rules\": {\"SL003\": \"off\"}}");
    lint(&r, dir, "a.c sub/b.c");
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.out, "a.c:7:5: error: sqlite3 connection 'db'"), "%s", r.out);
    cr_expect_null(strstr(r.out, "sub/b.c"), "the nearer config turns it off: %s", r.out);
    sl_run_free(&r);
    lint(&r, dir, "--enable session-leak sub/b.c");
    cr_expect(strstr(r.out, "sub/b.c:7:5: warning:"), "the command line wins: %s", r.out);
    sl_run_free(&r);
    lint(&r, dir, "--no-config sub/b.c");
    cr_expect(strstr(r.out, "sub/b.c:7:5: warning:"), "%s", r.out);
    sl_run_free(&r);
    lint(&r, dir, "--config-file .sessionlint.json sub/b.c");
    cr_expect(strstr(r.out, "sub/b.c:7:5: error:"), "%s", r.out);
    sl_run_free(&r);
    free(dir);
}

Test(config, include_exclude_and_models)
{
    char *dir = tree();
    struct sl_run r;
    put(dir, "m.json", "{\"api\": \"mine\", \"kinds\": [], \"functions\": []}");
    put(dir, ".sessionlint.json", "{\"exclude\": [\"sub/*\"], \"models\": [\"m.json\"]}");
    lint(&r, dir, ".");
    cr_expect(strstr(r.out, "a.c:7:5:"), "%s%s", r.out, r.err);
    cr_expect_null(strstr(r.out, "b.c"), "%s", r.out);
    sl_run_free(&r);
    put(dir, ".sessionlint.json", "{\"include\": [\"sub/*.c\"]}");
    lint(&r, dir, ".");
    cr_expect(strstr(r.out, "./sub/b.c:7:5:"), "%s", r.out);
    cr_expect_null(strstr(r.out, "./a.c"), "%s", r.out);
    sl_run_free(&r);
    free(dir);
}

Test(config, bad_files_exit_2_with_the_file_named)
{
    char *dir = tree();
    struct sl_run r;
    put(dir, ".sessionlint.json", "{\"rule\": {}}");
    lint(&r, dir, "a.c");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, ".sessionlint.json': key \"rule\": unknown key (expected rules, models, "
                            "include, exclude, header-filter, pooled)"), "%s", r.err);
    sl_run_free(&r);
    put(dir, ".sessionlint.json", "{\"rules\": {\"session-leak\": \"loud\"}}");
    lint(&r, dir, "a.c");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "a rule's setting must be"), "%s", r.err);
    sl_run_free(&r);
    put(dir, ".sessionlint.json", "{\"models\": [\"nope.json\"]}");
    lint(&r, dir, "a.c");
    cr_expect_eq(r.status, 2, "%s", r.err);
    sl_run_free(&r);
    put(dir, ".sessionlint.json", "{\"pooled\": [\"port=6432\"]}");
    lint(&r, dir, "a.c");
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "\"pooled\" entries must be api:NAME"), "%s", r.err);
    sl_run_free(&r);
    put(dir, ".sessionlint.json", "[1,");
    lint(&r, dir, "a.c");
    cr_expect(strstr(r.err, "not a JSON object"), "%s", r.err);
    sl_run_free(&r);
    free(dir);
}

Test(config, dump_config_shows_the_effective_settings)
{
    char *dir = tree();
    struct sl_run r;
    put(dir, ".sessionlint.json", "{\"rules\": {\"double-close\": \"off\", \"session-leak\": "
                                  "\"note\"}, \"header-filter\": \"^inc/\"}");
    lint(&r, dir, "--dump-config --disable unchecked-commit sub");
    cr_expect_eq(r.status, 0, "%s", r.err);
    const char *expected[] = {
        "{\n\t\"rules\":\t{\n\t\t\"guard-misuse\":\t\"on\",\n", "\t\"session-leak\":\t\"note\",\n",
        "\t\"double-close\":\t\"off\",\n", "\t\"unchecked-commit\":\t\"off\"",
        "\t\"models\":\t[],\n\t\"include\":\t[],\n\t\"exclude\":\t[],\n\t\"pooled\":\t[],\n"
        "\t\"header-filter\":\t\"^inc/\"\n}\n"};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        cr_expect(strstr(r.out, expected[i]), "%s not in %s", expected[i], r.out);
    sl_run_free(&r);
    free(dir);
}

Test(config, explain_subcommand)
{
    struct sl_run a, b;
    const char *sub[] = {SL_BINARY, "explain", "session-leak", NULL};
    const char *opt[] = {SL_BINARY, "--explain", "session-leak", NULL};
    sl_run_argv(&a, sub, NULL);
    sl_run_argv(&b, opt, NULL);
    cr_expect_eq(a.status, 0);
    cr_expect_str_eq(a.out, b.out);
    cr_expect(strstr(a.out, "## session-leak (SL003)"), "%s", a.out);
    sl_run_free(&a);
    sl_run_free(&b);
    const char *bad[] = {SL_BINARY, "explain", "nope", NULL};
    sl_run_argv(&a, bad, NULL);
    cr_expect_eq(a.status, 2);
    sl_run_free(&a);
}

Test(config, pooled_connections_from_the_file)
{
    char *dir = tree();
    struct sl_run r;
    put(dir, ".sessionlint.json", "{\"pooled\": [\"api:libpq\", \"conninfo:port=6432\"]}");
    lint(&r, dir, "--dump-config a.c");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"pooled\":\t[\"api:libpq\", \"conninfo:port=6432\"]"), "%s", r.out);
    sl_run_free(&r);
    free(dir);
}
