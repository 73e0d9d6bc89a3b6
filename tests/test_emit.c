/*
 * test_emit.c: the output side: gcc-style text (exact strings, with and
 * without colour), the SARIF log (parsed back with cJSON: URIs, UTF-16
 * columns, code flows, fingerprints, schema validity), codeql-action's line
 * hash against the vectors of its own test suite, and atomic file writes.
 */
#define _XOPEN_SOURCE 700 /* realpath, chdir */

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "fingerprint.h"
#include "output.h"
#include "report.h"
#include "rule.h"
#include "testutil.h"
#include "util.h"

/* ---- building reports ---- */

static struct sl_finding make_finding(int rule, const char *file, unsigned line, unsigned col,
                                      unsigned end_col, const char *message, const char *function)
{
    return (struct sl_finding){
        .rule = rule,
        .loc = {sl_xstrdup(file), line, col, line, end_col},
        .message = sl_xstrdup(message),
        .function = sl_xstrdup(function),
    };
}

static void push_step(struct sl_step **steps, size_t *n, const char *file, unsigned line,
                      unsigned col, const char *message)
{
    *steps = sl_xrealloc(*steps, (*n + 1) * sizeof **steps);
    (*steps)[(*n)++] = (struct sl_step){{sl_xstrdup(file), line, col, line, col + 1}, sl_xstrdup(message)};
}

static char *text_of(struct sl_report *r, bool color)
{
    sl_report_finish(r);
    return sl_emit_text_findings(r, color);
}

/* ---- text ---- */

/* The level word as the emitter prints it for a rule, with the tag. */
static char *warning_line(const char *where, int rule, const char *message)
{
    return sl_xasprintf("%s: %s: %s [%s]\n", where, sl_rules[rule]->default_level, message,
                        sl_rules[rule]->name);
}

Test(emit_text, finding_without_steps_is_one_line)
{
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_session_leak, "src/db.c", 12, 5, 18,
                                       "session 'db' is never closed", "f");
    sl_report_add_finding(&r, &f);
    char *text = text_of(&r, false);
    char *expected = warning_line("src/db.c:12:5", SL_RULE_session_leak, "session 'db' is never closed");
    cr_assert_str_eq(text, expected);
    free(expected);
    free(text);
    sl_report_free(&r);
}

Test(emit_text, steps_become_notes_except_a_last_step_at_the_finding)
{
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_session_leak, "src/db.c", 12, 5, 18,
                                       "session 'db' is never closed", "f");
    push_step(&f.steps, &f.nsteps, "src/db.c", 3, 5, "'db' opened here");
    push_step(&f.steps, &f.nsteps, "src/db.c", 7, 9, "taking true branch");
    push_step(&f.steps, &f.nsteps, "src/db.c", 12, 5, "leaked here");
    sl_report_add_finding(&r, &f);
    f = make_finding(SL_RULE_double_close, "src/db.c", 20, 3, 4, "'db' closed twice", "g");
    push_step(&f.steps, &f.nsteps, "src/db.c", 18, 3, "first close");
    push_step(&f.steps, &f.nsteps, "src/util.h", 2, 1, "closed again in macro");
    sl_report_add_finding(&r, &f);

    char *text = text_of(&r, false);
    char *first = warning_line("src/db.c:12:5", SL_RULE_session_leak, "session 'db' is never closed");
    char *second = warning_line("src/db.c:20:3", SL_RULE_double_close, "'db' closed twice");
    char *expected = sl_xasprintf("%s"
                                  "src/db.c:3:5: note: 'db' opened here\n"
                                  "src/db.c:7:9: note: taking true branch\n"
                                  "%s"
                                  "src/db.c:18:3: note: first close\n"
                                  "src/util.h:2:1: note: closed again in macro\n",
                                  first, second);
    cr_assert_str_eq(text, expected);
    free(first);
    free(second);
    free(expected);
    free(text);
    sl_report_free(&r);
}

Test(emit_text, low_confidence_findings_keep_the_rule_level)
{
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_missing_commit, "a.c", 1, 2, 3, "no commit", "f");
    f.low_confidence = true;
    sl_report_add_finding(&r, &f);
    char *text = text_of(&r, false);
    char *expected = warning_line("a.c:1:2", SL_RULE_missing_commit, "no commit");
    cr_assert_str_eq(text, expected);
    free(expected);
    free(text);
    sl_report_free(&r);
}

/* The ANSI colour clang uses for each level word. */
static const char *level_sgr(const char *level)
{
    if (strcmp(level, "error") == 0)
        return "\033[1;31m";
    return strcmp(level, "warning") == 0 ? "\033[1;35m" : "\033[1;36m";
}

Test(emit_text, colour_marks_location_level_and_notes)
{
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_session_leak, "db.c", 4, 1, 2, "leak", "f");
    push_step(&f.steps, &f.nsteps, "db.c", 2, 3, "opened");
    sl_report_add_finding(&r, &f);
    char *text = text_of(&r, true);
    const char *level = sl_rules[SL_RULE_session_leak]->default_level;
    char *expected = sl_xasprintf("\033[1mdb.c:4:1:\033[0m %s%s:\033[0m leak [session-leak]\n"
                                  "\033[1mdb.c:2:3:\033[0m \033[1;36mnote:\033[0m opened\n",
                                  level_sgr(level), level);
    cr_assert_str_eq(text, expected);
    free(expected);
    free(text);
    sl_report_free(&r);
}

Test(emit_text, notifications_with_and_without_location)
{
    struct sl_report r;
    sl_report_init(&r);
    sl_report_add_note(&r, SL_NOTE_ERROR, "parse-error", "src/x.c", 3, 7, "expected ';'");
    sl_report_add_note(&r, SL_NOTE_WARNING, "no-compile-command", "src/y.c", 0, 0, "using fallback flags");
    sl_report_add_note(&r, SL_NOTE_ERROR, "no-database", NULL, 0, 0, "no compile_commands.json found");
    sl_report_finish(&r);

    char *plain = sl_emit_text_notes(&r, false);
    cr_assert_str_eq(plain, "sessionlint: error: no compile_commands.json found\n"
                            "src/x.c:3:7: error: expected ';' [sessionlint-parse-error]\n"
                            "src/y.c: warning: using fallback flags [sessionlint-no-compile-command]\n");
    char *findings = sl_emit_text_findings(&r, false);
    cr_assert_str_eq(findings, "", "notifications never go to the findings stream");

    char *coloured = sl_emit_text_notes(&r, true);
    cr_assert(sl_str_starts_with(coloured, "\033[1msessionlint:\033[0m \033[1;31merror:\033[0m no "));
    free(plain);
    free(findings);
    free(coloured);
    sl_report_free(&r);
}

/* ---- SARIF ---- */

static char *make_root(void)
{
    char *dir = sl_test_tmpdir();
    char *real = realpath(dir, NULL);
    cr_assert_not_null(real);
    char *root = sl_xstrdup(real);
    free(real);
    free(dir);
    return root;
}

static void write_file(const char *root, const char *rel, const char *text)
{
    char *path = sl_xasprintf("%s/%s", root, rel);
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

static void make_dir(const char *root, const char *rel)
{
    char *path = sl_xasprintf("%s/%s", root, rel);
    cr_assert_eq(mkdir(path, 0755), 0, "cannot create %s", path);
    free(path);
}

/* Line 3 has two non-ASCII characters before the finding: é (2 bytes, 1
 * UTF-16 unit) and U+1F600 (4 bytes, a surrogate pair). */
#define DB_LINE3 "    const char *s = \"h\xc3\xa9llo \xf0\x9f\x98\x80\"; sqlite3_close(db);"
#define DB_C "#include <sqlite3.h>\nvoid f(sqlite3 *db) {\n" DB_LINE3 "\n}\n"
#define ODD_DIR "odd dir"
#define ODD_FILE ODD_DIR "/a #1 %\xc3\xbc.c"
#define ODD_URI "odd%20dir/a%20%231%20%25%C3%BC.c"

static unsigned db_call_byte_col(void)
{
    return (unsigned)(strstr(DB_LINE3, "sqlite3_close") - DB_LINE3) + 1;
}

/* Two findings (one low-confidence with a path and a related location) and
 * one parse error, in files given relative to the working directory = root. */
static void build_fixture_report(struct sl_report *r, const char *root)
{
    make_dir(root, "src");
    make_dir(root, ODD_DIR);
    write_file(root, "src/db.c", DB_C);
    write_file(root, ODD_FILE, "int g(void) {\n  return leak();\n}\n");
    cr_assert_eq(chdir(root), 0);

    sl_report_init(r);
    unsigned col = db_call_byte_col();
    struct sl_finding f = make_finding(SL_RULE_session_leak, "src/db.c", 3, col, col + 13,
                                       "session 'db' is never closed", "f");
    push_step(&f.steps, &f.nsteps, "src/db.c", 2, 9, "'db' acquired here");
    push_step(&f.steps, &f.nsteps, "src/db.c", 3, col, "leaked here");
    push_step(&f.related, &f.nrelated, "src/db.c", 2, 9, "acquired here");
    f.low_confidence = true;
    sl_report_add_finding(r, &f);
    f = make_finding(SL_RULE_double_close, ODD_FILE, 2, 10, 16, "closed twice", "g");
    sl_report_add_finding(r, &f);
    sl_report_add_note(r, SL_NOTE_ERROR, "parse-error", ODD_FILE, 3, 1, "expected ';'");
    sl_report_finish(r);
}

static cJSON *emit_and_parse(const struct sl_report *r, const char *root)
{
    char *text = sl_emit_sarif(r, root);
    cJSON *log = cJSON_Parse(text);
    cr_assert_not_null(log, "SARIF output is not JSON:\n%s", text);
    free(text);
    return log;
}

/* Follows a path of object keys and array indexes, e.g. at(log, "runs", 0, "tool", -1). */
static cJSON *at(cJSON *node, const char *key, ...) __attribute__((sentinel));
static cJSON *at(cJSON *node, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    for (const char *k = key; k && node; k = va_arg(ap, const char *)) {
        if (k[0] >= '0' && k[0] <= '9')
            node = cJSON_GetArrayItem(node, atoi(k));
        else
            node = cJSON_GetObjectItemCaseSensitive(node, k);
    }
    va_end(ap);
    cr_assert_not_null(node, "missing JSON member (first key %s)", key);
    return node;
}

static const char *str_at(cJSON *node, const char *key)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(node, key);
    cr_assert(cJSON_IsString(item), "member %s is not a string", key);
    return item->valuestring;
}

static int int_at(cJSON *node, const char *key)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(node, key);
    cr_assert(cJSON_IsNumber(item), "member %s is not a number", key);
    return item->valueint;
}

Test(emit_sarif, run_driver_and_rules)
{
    struct sl_report r;
    char *root = make_root();
    build_fixture_report(&r, root);
    cJSON *log = emit_and_parse(&r, root);

    cr_assert_str_eq(str_at(log, "version"), "2.1.0");
    cr_assert(sl_str_starts_with(str_at(log, "$schema"), "https://"));
    cJSON *run = at(log, "runs", "0", NULL);
    cJSON *driver = at(run, "tool", "driver", NULL);
    cr_assert_str_eq(str_at(driver, "name"), "sessionlint");
    cr_assert_str_eq(str_at(driver, "semanticVersion"), SL_VERSION);
    cJSON *rules = at(driver, "rules", NULL);
    cr_assert_eq(cJSON_GetArraySize(rules), SL_RULE_COUNT);
    for (int i = 0; i < SL_RULE_COUNT; i++) {
        cJSON *rule = cJSON_GetArrayItem(rules, i);
        cr_assert_str_eq(str_at(rule, "id"), sl_rules[i]->name);
        cr_assert_str_eq(str_at(at(rule, "help", NULL), "markdown"), sl_rules[i]->help_markdown);
        cr_assert_str_eq(str_at(at(rule, "defaultConfiguration", NULL), "level"), sl_rules[i]->default_level);
        cr_assert_str_eq(str_at(at(rule, "properties", NULL), "precision"), sl_rules[i]->precision);
    }
    cr_assert_str_eq(str_at(cJSON_GetArrayItem(rules, SL_RULE_session_leak), "name"), "SessionLeak");
    cr_assert_str_eq(str_at(cJSON_GetArrayItem(rules, SL_RULE_use_after_close), "name"), "UseAfterClose");

    cr_assert_str_eq(str_at(run, "columnKind"), "utf16CodeUnits");
    cr_assert_str_eq(str_at(at(run, "automationDetails", NULL), "id"), "sessionlint/");
    char *root_uri = sl_xasprintf("file://%s/", root);
    cr_assert_str_eq(str_at(at(run, "originalUriBaseIds", "%SRCROOT%", NULL), "uri"), root_uri);

    cJSON *invocation = at(run, "invocations", "0", NULL);
    cr_assert(cJSON_IsFalse(at(invocation, "executionSuccessful", NULL)), "a parse error makes the run unsuccessful");
    cJSON *note = at(invocation, "toolExecutionNotifications", "0", NULL);
    cr_assert_str_eq(str_at(note, "level"), "error");
    cr_assert_str_eq(str_at(at(note, "descriptor", NULL), "id"), "parse-error");
    cr_assert_str_eq(str_at(at(note, "locations", "0", "physicalLocation", "artifactLocation", NULL), "uri"), ODD_URI);

    free(root_uri);
    cJSON_Delete(log);
    sl_report_free(&r);
    free(root);
}

Test(emit_sarif, results_locations_columns_and_flows)
{
    struct sl_report r;
    char *root = make_root();
    build_fixture_report(&r, root);
    cJSON *log = emit_and_parse(&r, root);
    cJSON *results = at(log, "runs", "0", "results", NULL);
    cr_assert_eq(cJSON_GetArraySize(results), 2);

    /* Sorted by file: "odd dir/..." before "src/db.c". */
    cJSON *odd = cJSON_GetArrayItem(results, 0);
    cr_assert_str_eq(str_at(odd, "ruleId"), "double-close");
    cr_assert_eq(int_at(odd, "ruleIndex"), SL_RULE_double_close);
    cr_assert_str_eq(str_at(odd, "level"), sl_rules[SL_RULE_double_close]->default_level);
    cr_assert_str_eq(str_at(at(odd, "message", NULL), "text"), "closed twice");
    cJSON *odd_artifact = at(odd, "locations", "0", "physicalLocation", "artifactLocation", NULL);
    cr_assert_str_eq(str_at(odd_artifact, "uri"), ODD_URI);
    cr_assert_str_eq(str_at(odd_artifact, "uriBaseId"), "%SRCROOT%");
    cr_assert_null(cJSON_GetObjectItem(odd, "codeFlows"), "no steps, no code flow");
    cr_assert_null(cJSON_GetObjectItem(odd, "properties"));

    cJSON *db = cJSON_GetArrayItem(results, 1);
    cr_assert_str_eq(str_at(db, "ruleId"), "session-leak");
    cJSON *loc = at(db, "locations", "0", NULL);
    cr_assert_str_eq(str_at(at(loc, "physicalLocation", "artifactLocation", NULL), "uri"), "src/db.c");
    cJSON *region = at(loc, "physicalLocation", "region", NULL);
    int utf16_col = (int)db_call_byte_col() - 1 - 2; /* é: 2 bytes -> 1 unit; emoji: 4 -> 2 */
    cr_assert_eq(int_at(region, "startLine"), 3);
    cr_assert_eq(int_at(region, "startColumn"), utf16_col);
    cr_assert_eq(int_at(region, "endLine"), 3);
    cr_assert_eq(int_at(region, "endColumn"), utf16_col + 13);
    cJSON *logical = at(loc, "logicalLocations", "0", NULL);
    cr_assert_str_eq(str_at(logical, "name"), "f");
    cr_assert_str_eq(str_at(logical, "kind"), "function");

    cJSON *related = at(db, "relatedLocations", "0", NULL);
    cr_assert_eq(int_at(related, "id"), 1);
    cr_assert_str_eq(str_at(at(related, "message", NULL), "text"), "acquired here");

    cJSON *flow = at(db, "codeFlows", "0", "threadFlows", "0", "locations", NULL);
    cr_assert_eq(cJSON_GetArraySize(flow), 2);
    cJSON *first = cJSON_GetArrayItem(flow, 0), *last = cJSON_GetArrayItem(flow, 1);
    cr_assert_str_eq(str_at(at(first, "location", "message", NULL), "text"), "'db' acquired here");
    cr_assert_eq(int_at(at(first, "location", "physicalLocation", "region", NULL), "startColumn"), 9);
    cr_assert_null(cJSON_GetObjectItem(first, "importance"));
    cr_assert_str_eq(str_at(last, "importance"), "essential");
    cr_assert_eq(int_at(at(last, "location", "physicalLocation", "region", NULL), "startColumn"), utf16_col);

    cJSON *fps = at(db, "partialFingerprints", NULL);
    cr_assert(strchr(str_at(fps, "primaryLocationLineHash"), ':'));
    cr_assert_eq(strlen(str_at(fps, "sessionlint/v1")), 16);
    cr_assert_str_eq(str_at(at(db, "properties", NULL), "confidence"), "low");

    cJSON_Delete(log);
    sl_report_free(&r);
    free(root);
}

Test(emit_sarif, files_outside_the_root_get_absolute_uris)
{
    char *root = make_root(), *elsewhere = make_root();
    write_file(elsewhere, "x y.c", "int x;\n");
    char *path = sl_xasprintf("%s/x y.c", elsewhere);
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_session_leak, path, 1, 1, 4, "m", NULL);
    sl_report_add_finding(&r, &f);
    cJSON *log = emit_and_parse(&r, root);

    cJSON *artifact = at(log, "runs", "0", "results", "0", "locations", "0", "physicalLocation",
                         "artifactLocation", NULL);
    char *uri = sl_xasprintf("file://%s/x%%20y.c", elsewhere);
    cr_assert_str_eq(str_at(artifact, "uri"), uri);
    cr_assert_null(cJSON_GetObjectItem(artifact, "uriBaseId"));
    cr_assert(cJSON_IsTrue(at(log, "runs", "0", "invocations", "0", "executionSuccessful", NULL)));
    free(uri);
    free(path);
    cJSON_Delete(log);
    sl_report_free(&r);
    free(root);
    free(elsewhere);
}

Test(emit_sarif, unreadable_files_keep_byte_columns)
{
    char *root = make_root();
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_session_leak, "gone/missing.c", 5, 30, 35, "m", "f");
    sl_report_add_finding(&r, &f);
    cr_assert_eq(chdir(root), 0);
    cJSON *log = emit_and_parse(&r, root);

    cJSON *result = at(log, "runs", "0", "results", "0", NULL);
    cJSON *region = at(result, "locations", "0", "physicalLocation", "region", NULL);
    cr_assert_eq(int_at(region, "startColumn"), 30);
    cr_assert_eq(int_at(region, "endColumn"), 35);
    cr_assert_str_eq(str_at(at(result, "locations", "0", "physicalLocation", "artifactLocation", NULL), "uri"),
                     "gone/missing.c");
    cJSON *fps = at(result, "partialFingerprints", NULL);
    cr_assert_null(cJSON_GetObjectItem(fps, "primaryLocationLineHash"));
    cr_assert_not_null(cJSON_GetObjectItem(fps, "sessionlint/v1"));
    cJSON_Delete(log);
    sl_report_free(&r);
    free(root);
}

/* The two fingerprints of a one-finding report on line `line` of file. */
static void fingerprints_of(const char *root, const char *file, unsigned line, char **line_hash,
                            char **own)
{
    struct sl_report r;
    sl_report_init(&r);
    struct sl_finding f = make_finding(SL_RULE_missing_commit, file, line, 5, 9, "m", "run");
    sl_report_add_finding(&r, &f);
    cJSON *log = emit_and_parse(&r, root);
    cJSON *fps = at(log, "runs", "0", "results", "0", "partialFingerprints", NULL);
    *line_hash = sl_xstrdup(str_at(fps, "primaryLocationLineHash"));
    *own = sl_xstrdup(str_at(fps, "sessionlint/v1"));
    cJSON_Delete(log);
    sl_report_free(&r);
}

Test(emit_sarif, fingerprints_survive_lines_added_above)
{
    char *root = make_root();
    cr_assert_eq(chdir(root), 0);
    const char *body = "void run(PGconn *c) {\n    PQexec(c, \"BEGIN\");\n}\n";
    write_file(root, "t.c", body);
    char *hash1, *own1, *hash2, *own2, *hash3, *own3;
    fingerprints_of(root, "t.c", 2, &hash1, &own1);

    char *shifted = sl_xasprintf("#include <libpq-fe.h>\nstatic int unrelated;\n\n%s", body);
    write_file(root, "t.c", shifted);
    fingerprints_of(root, "t.c", 5, &hash2, &own2);
    cr_assert_eq(strcspn(hash1, ":"), strcspn(hash2, ":"));
    cr_assert_eq(strncmp(hash1, hash2, strcspn(hash1, ":")), 0, "%s vs %s", hash1, hash2);
    cr_assert_str_eq(own1, own2);

    /* Changing the finding's own line changes both. */
    write_file(root, "t.c", "void run(PGconn *c) {\n    PQexec(c, \"COMMIT\");\n}\n");
    fingerprints_of(root, "t.c", 2, &hash3, &own3);
    cr_assert_str_neq(hash1, hash3);
    cr_assert_str_neq(own1, own3);

    free(shifted);
    free(hash1), free(own1), free(hash2), free(own2), free(hash3), free(own3);
    free(root);
}

Test(emit_sarif, output_is_deterministic)
{
    struct sl_report r;
    char *root = make_root();
    build_fixture_report(&r, root);
    char *a = sl_emit_sarif(&r, root), *b = sl_emit_sarif(&r, root);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    sl_report_free(&r);
    free(root);
}

Test(emit_sarif, log_is_valid_against_the_schema)
{
    char *validator = sl_xasprintf("%s/sarif/validate.py", SL_SHARED_DIR);
    if (access(validator, R_OK) != 0) {
        free(validator);
        cr_skip_test("schema check skipped: %s/sarif/validate.py is absent (no ../shared next to the source tree)",
                     SL_SHARED_DIR);
    }
    struct sl_report r;
    char *root = make_root();
    build_fixture_report(&r, root);
    char *sarif = sl_emit_sarif(&r, root);
    char *log_path = sl_xasprintf("%s/out.sarif", root);
    cr_assert_eq(sl_test_write(log_path, sarif), 0);

    struct sl_run run;
    const char *argv[] = {SL_PYTHON3, validator, log_path, NULL};
    sl_run_argv(&run, argv, NULL);
    cr_assert_eq(run.status, 0, "validate.py failed:\n%s%s", run.out, run.err);
    sl_run_free(&run);
    free(log_path);
    free(sarif);
    sl_report_free(&r);
    free(root);
    free(validator);
}

/* ---- fingerprint.c ---- */

static void assert_line_hashes(const char *text, const char *const *expected, size_t n)
{
    struct sl_line_hashes h;
    sl_line_hashes_compute(&h, text, strlen(text));
    cr_assert_eq(h.nlines, n, "line count for %s", text);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(h.hash[i], expected[i], "line %zu", i + 1);
    sl_line_hashes_free(&h);
}

#define ASSERT_HASHES(text, ...)                                                        \
    do {                                                                                \
        const char *const expected_[] = {__VA_ARGS__};                                  \
        assert_line_hashes(text, expected_, sizeof expected_ / sizeof expected_[0]);    \
    } while (0)

/* Expected values from codeql-action's src/fingerprints.test.ts. */
Test(fingerprint, matches_codeql_action_vectors)
{
    ASSERT_HASHES("", "c129715d7a2bc9a3:1");
    ASSERT_HASHES(" a\nb\n  \t\tc\n d", "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1",
                  "a23a3dc5e078b07b:1");
    ASSERT_HASHES(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", "8b7cf3e952e7aeb2:1",
                  "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1",
                  "e6ceba753e1a442:1");
    const char *terminated[] = {" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
                                " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
                                " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
                                " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n"};
    for (size_t i = 0; i < sizeof terminated / sizeof *terminated; i++)
        ASSERT_HASHES(terminated[i], "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",
                      "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1");
    struct sl_strbuf lorem = {0};
    for (int i = 0; i < 10; i++)
        sl_sb_append(&lorem, "Lorem ipsum dolor sit amet.\n");
    ASSERT_HASHES(lorem.buf, "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                  "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1",
                  "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1");
    free(lorem.buf);
}

Test(fingerprint, utf16_units_of_utf8)
{
    cr_assert_eq(sl_utf16_units("abc", 3), 3);
    cr_assert_eq(sl_utf16_units("h\xc3\xa9", 3), 2);
    cr_assert_eq(sl_utf16_units("\xe2\x82\xac", 3), 1);          /* € */
    cr_assert_eq(sl_utf16_units("\xf0\x9f\x98\x80", 4), 2);      /* surrogate pair */
    cr_assert_eq(sl_utf16_units("\xff" "a", 2), 2);              /* invalid byte: one U+FFFD */
    cr_assert_eq(sl_utf16_units("\xf0\x9f" "a", 3), 2);          /* truncated sequence + a */
}

Test(fingerprint, own_fingerprint_ignores_whitespace_layout)
{
    const char *a = "  PQexec(c,   \"BEGIN\");\r", *b = "\tPQexec(c, \"BEGIN\");";
    char *fa = sl_fingerprint_finding("missing-commit", "run", a, strlen(a));
    char *fb = sl_fingerprint_finding("missing-commit", "run", b, strlen(b));
    char *other_rule = sl_fingerprint_finding("session-leak", "run", b, strlen(b));
    char *other_fn = sl_fingerprint_finding("missing-commit", "walk", b, strlen(b));
    cr_assert_str_eq(fa, fb);
    cr_assert_str_neq(fa, other_rule);
    cr_assert_str_neq(fa, other_fn);
    free(fa), free(fb), free(other_rule), free(other_fn);
}

/* ---- output.c ---- */

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

Test(output, atomic_write_creates_and_replaces)
{
    char *dir = make_root();
    char *path = sl_xasprintf("%s/out.sarif", dir), *err = NULL;
    cr_assert_eq(sl_write_file_atomic(path, "first", 5, &err), 0);
    cr_assert_null(err);
    cr_assert_eq(chmod(path, 0640), 0);
    cr_assert_eq(sl_write_file_atomic(path, "second\n", 7, &err), 0);

    char *back = sl_read_file(path, NULL);
    cr_assert_str_eq(back, "second\n");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0640, "the replaced file's mode is kept");
    cr_assert_eq(count_entries(dir), 1, "no temporary file left behind");
    free(back);
    free(path);
    free(dir);
}

Test(output, missing_directory_fails_cleanly)
{
    char *dir = make_root();
    char *path = sl_xasprintf("%s/missing/out.sarif", dir), *err = NULL;
    cr_assert_eq(sl_write_file_atomic(path, "x", 1, &err), -1);
    char *expected = sl_xasprintf("cannot write '%s': No such file or directory", path);
    cr_assert_str_eq(err, expected);
    cr_assert_eq(count_entries(dir), 0, "nothing created");
    free(expected);
    free(err);
    free(path);
    free(dir);
}

Test(output, failed_rename_removes_the_temporary_file)
{
    char *dir = make_root();
    make_dir(dir, "taken");
    char *path = sl_xasprintf("%s/taken", dir), *err = NULL;
    cr_assert_eq(sl_write_file_atomic(path, "x", 1, &err), -1);
    cr_assert(sl_str_starts_with(err, "cannot write '"), "%s", err);
    cr_assert_eq(count_entries(dir), 1, "only the directory remains");
    free(err);
    free(path);
    free(dir);
}
