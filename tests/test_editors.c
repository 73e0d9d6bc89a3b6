/*
 * test_editors.c: what editors read. The regexes of the recipes in
 * docs/editors.md (VS Code's $gcc problem matcher, Vim's errorformat,
 * nvim-lint's pattern, Emacs flymake/compilation) are applied, as POSIX
 * EREs, to the tool's real output; --stdin-filename lints the buffer, not
 * the file on disk; --format json has the documented fields and fixes; the
 * progress line appears on a terminal only; the summary has the time.
 */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

static const char leaky[] =
    "#include <sqlite3.h>\nint f(const char *p)\n{\n    sqlite3 *db;\n"
    "    if (sqlite3_open(p, &db) != SQLITE_OK)\n        return -1;\n    return 0;\n}\n";
static const char clean[] = "int add(int a, int b) { return a + b; }\n";

#define VSCODE_GCC "^(.*):([0-9]+):([0-9]+):[[:space:]]+(fatal[[:space:]]+)?(warning|error):" \
                   "[[:space:]]+(.*)$"
#define VIM_EFM    "^([^:]+):([0-9]+):([0-9]+): (error|warning|note): (.*)$"
#define NVIM_LINT  "^([^:]*):([0-9]+):([0-9]+): ([[:alnum:]_]+): ([^[]+)"
#define EMACS      "^([^:]+):([0-9]+):([0-9]+): (error|warning|note): (.*)$"

static char *group(const char *line, const regmatch_t *m, int i)
{
    return sl_xstrndup(line + m[i].rm_so, (size_t)(m[i].rm_eo - m[i].rm_so));
}

/* Matches the first line of text against pattern and checks the groups
 * for file, line, column, level and message. */
static void expect_parsed(const char *pattern, const char *text, int gfile, int gline, int gcol,
                          int glevel, int gmsg, const char *message)
{
    regex_t re;
    regmatch_t m[8];
    cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NEWLINE), 0, "%s", pattern);
    cr_assert_eq(regexec(&re, text, 8, m, 0), 0, "%s does not match %s", pattern, text);
    char *file = group(text, m, gfile), *line = group(text, m, gline), *col = group(text, m, gcol);
    char *level = group(text, m, glevel), *msg = group(text, m, gmsg);
    cr_expect_str_eq(file, "db.c");
    cr_expect_str_eq(line, "7");
    cr_expect_str_eq(col, "5");
    cr_expect_str_eq(level, "warning");
    cr_expect_str_eq(msg, message, "%s", pattern);
    free(file), free(line), free(col), free(level), free(msg);
    regfree(&re);
}

static void lint(struct sl_run *r, const char *dir, const char *args, const char *input)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' %s", dir, SL_BINARY, args);
    if (input) {
        const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        sl_run_argv(r, argv, input);
    } else {
        sl_run_shell(r, cmd);
    }
    free(cmd);
}

static char *dir_with(const char *text)
{
    char *dir = sl_test_tmpdir(), *path = sl_xasprintf("%s/db.c", dir);
    cr_assert_eq(sl_test_write(path, text), 0);
    free(path);
    return dir;
}

Test(editors, recipe_patterns_parse_the_text_output)
{
    char *dir = dir_with(leaky);
    struct sl_run r;
    lint(&r, dir, "-q db.c", NULL);
    const char *msg = "sqlite3 connection 'db' acquired at line 5 is not released on this path";
    char *with_tag = sl_xasprintf("%s [session-leak]", msg), *nvim = sl_xasprintf("%s ", msg);
    expect_parsed(VSCODE_GCC, r.out, 1, 2, 3, 5, 6, with_tag);
    expect_parsed(VIM_EFM, r.out, 1, 2, 3, 4, 5, with_tag);
    expect_parsed(NVIM_LINT, r.out, 1, 2, 3, 4, 5, nvim);
    expect_parsed(EMACS, r.out, 1, 2, 3, 4, 5, with_tag);
    free(with_tag);
    free(nvim);
    sl_run_free(&r);
    free(dir);
}

Test(editors, stdin_buffer_is_linted_as_the_named_file)
{
    char *dir = dir_with(clean); /* the saved file is clean, the buffer is not */
    struct sl_run r;
    lint(&r, dir, "-q --stdin-filename db.c --format json", leaky);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cJSON *json = cJSON_Parse(r.out);
    cr_assert(cJSON_IsArray(json), "%s", r.out);
    cr_assert_eq(cJSON_GetArraySize(json), 1);
    cJSON *f = cJSON_GetArrayItem(json, 0);
    const char *keys[] = {"file", "line", "column", "endLine", "endColumn", "severity", "rule",
                          "message", "steps", "fixes"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        cr_expect(cJSON_HasObjectItem(f, keys[i]), "no %s in %s", keys[i], r.out);
    cr_expect_str_eq(cJSON_GetObjectItem(f, "file")->valuestring, "db.c");
    cr_expect_eq(cJSON_GetObjectItem(f, "line")->valueint, 7);
    cr_expect_eq(cJSON_GetObjectItem(f, "endColumn")->valueint, 13);
    cr_expect_str_eq(cJSON_GetObjectItem(f, "severity")->valuestring, "warning");
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(f, "steps")), 3);
    cJSON_Delete(json);
    sl_run_free(&r);
    lint(&r, dir, "-q --stdin-filename db.c --format json", clean);
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "[]\n");
    sl_run_free(&r);
    lint(&r, dir, "--stdin-filename db.c db.c", clean);
    cr_expect_eq(r.status, 2);
    sl_run_free(&r);
    free(dir);
}

Test(editors, guard_misuse_fix_in_json_and_sarif)
{
    char *src = sl_test_path("fixtures/inhouse/guard-misuse.c");
    const char *argv[] = {SL_BINARY, "-q", "--format", "json", src, NULL};
    const char *sarif_argv[] = {SL_BINARY, "-q", "--format", "sarif", src, NULL};
    struct sl_run r;
    sl_run_argv(&r, argv, NULL);
    cr_expect(strstr(r.out, "\"fixes\":[{\"description\":\"Pass ih_lease_session(lease)\","
                            "\"replacements\":[{\"file\":"), "%s", r.out);
    cr_expect(strstr(r.out, "\"line\":26,\"column\":31,\"endLine\":26,\"endColumn\":36,"
                            "\"text\":\"ih_lease_session(lease)\"}]}]"), "%s", r.out);
    sl_run_free(&r);
    sl_run_argv(&r, sarif_argv, NULL);
    cr_expect(strstr(r.out, "\"deletedRegion\":\t{\n"), "%s", r.out);
    cr_expect(strstr(r.out, "\"insertedContent\":"), "%s", r.out);
    cr_expect(strstr(r.out, "\"text\":\t\"ih_lease_session(lease)\""), "%s", r.out);
    sl_run_free(&r);
    free(src);
}

Test(editors, progress_only_on_a_terminal_and_summary_time)
{
    char *dir = sl_test_tmpdir();
    for (int i = 0; i < 7; i++) {
        char *path = sl_xasprintf("%s/f%d.c", dir, i);
        sl_test_write(path, clean);
        free(path);
    }
    struct sl_run r;
    char *cmd = sl_xasprintf("cd '%s' && script -qec \"'%s' .\" /dev/null", dir, SL_BINARY);
    sl_run_shell(&r, cmd);
    cr_expect(strstr(r.out, "\r\033[K[1/7] ./f0.c"), "%s", r.out);
    cr_expect(strstr(r.out, "[7/7] ./f6.c\r\033[K"), "%s", r.out);
    sl_run_free(&r);
    free(cmd);
    cmd = sl_xasprintf("cd '%s' && script -qec \"'%s' -q .\" /dev/null", dir, SL_BINARY);
    sl_run_shell(&r, cmd);
    cr_expect_null(strstr(r.out, "[1/7]"), "--quiet: %s", r.out);
    sl_run_free(&r);
    free(cmd);
    lint(&r, dir, ".", NULL);
    cr_expect_null(strstr(r.err, "[1/7]"), "not a terminal: %s", r.err);
    regex_t re;
    /* the files name no database function: the pre-filter does not parse them */
    regcomp(&re, "^sessionlint: 7 files analysed, 0 findings in [0-9]+\\.[0-9]{2} s; "
                 "7 not parsed \\(nothing in them can matter\\)\n$",
            REG_EXTENDED);
    cr_expect_eq(regexec(&re, r.err, 0, NULL, 0), 0, "%s", r.err);
    regfree(&re);
    sl_run_free(&r);
    free(dir);
}
