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
 * that is present. Compiler flags come from pkg-config, computed once.
 */
#define _DEFAULT_SOURCE /* realpath, strtok_r under -std=c11 */

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rule.h"
#include "testutil.h"
#include "util.h"

#define FALLBACK_CFLAGS "-I/usr/include/postgresql"

/* ---- fixture discovery (runs in the runner process) ---- */

/* One test parameter. Criterion hands parameters to the test processes in
 * shared memory, so everything reachable from here is cr_malloc'd. */
struct fixture {
    char *path;   /* absolute path of the fixture */
    char *cflags; /* compiler flags for the fixture (pkg-config output) */
};

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

/* `pkg-config --cflags libpq sqlite3 libmariadb hiredis libmongoc-1.0`, or the libpq include directory when
 * pkg-config cannot answer. Caller frees. */
static char *fixture_cflags(void)
{
    struct sl_run r;
    sl_run_shell(&r, "pkg-config --cflags libpq sqlite3 libmariadb hiredis libmongoc-1.0 2>/dev/null");
    char *flags = NULL;
    size_t len = strlen(r.out);
    while (len > 0 && strchr(" \t\n", r.out[len - 1]))
        r.out[--len] = '\0';
    if (r.status == 0 && len > 0) {
        flags = sl_xstrdup(r.out);
    } else {
        flags = sl_xstrdup(FALLBACK_CFLAGS);
    }
    sl_run_free(&r);
    return flags;
}

static char *shared_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cr_malloc(n);
    memcpy(copy, s, n);
    return copy;
}

static void free_fixtures(struct criterion_test_params *crp)
{
    struct fixture *fixtures = crp->params;
    for (size_t i = 0; i < crp->length; i++) {
        cr_free(fixtures[i].path);
        cr_free(fixtures[i].cflags);
    }
    cr_free(fixtures);
}

/* ---- marks: annotated or reported (file, line, rule) ---- */

struct mark {
    char *file;   /* relative to the source tree when inside it */
    unsigned line;
    char *rule;
    char *text;   /* the output line that reported it (findings only) */
};

struct marks {
    struct mark *items;
    size_t len, cap;
};

static void add_mark(struct marks *m, const char *file, unsigned line, const char *rule,
                     const char *text)
{
    struct mark mark = {sl_xstrdup(file), line, sl_xstrdup(rule), sl_xstrdup(text)};
    sl_vec_push(m, mark);
}

static void free_marks(struct marks *m)
{
    for (size_t i = 0; i < m->len; i++) {
        free(m->items[i].file);
        free(m->items[i].rule);
        free(m->items[i].text);
    }
    sl_vec_free(m);
}

static int compare_marks(const void *a, const void *b)
{
    const struct mark *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c ? c : strcmp(x->rule, y->rule);
}

/* Path of `abs` for messages: relative to the source tree when inside it. */
static const char *relative_path(const char *abs)
{
    size_t n = strlen(SL_SOURCE_DIR);
    if (strncmp(abs, SL_SOURCE_DIR, n) == 0 && abs[n] == '/')
        return abs + n + 1;
    return abs;
}

/* ---- annotations: `// expect: rule, rule`, `// expect@+1: rule`, `// expect-none` ---- */

struct annotations {
    struct marks expected;
    bool expect_none;
    struct sl_strbuf errors; /* malformed annotations, one per line */
};

static bool is_rule_name(const char *s)
{
    int i = sl_rule_find(s);
    return i >= 0 && strcmp(sl_rules[i]->name, s) == 0;
}

/* Parses the comma-separated rule list after "expect...:" into target_line. */
static void parse_rule_list(struct annotations *a, const char *file, unsigned line,
                            unsigned target_line, const char *list)
{
    char *copy = sl_xstrdup(list);
    size_t count = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        tok += strspn(tok, " \t");
        size_t n = strlen(tok);
        while (n > 0 && strchr(" \t\r", tok[n - 1]))
            tok[--n] = '\0';
        if (!is_rule_name(tok))
            sl_sb_printf(&a->errors, "  %s:%u: unknown rule '%s'\n", file, line, tok);
        else
            add_mark(&a->expected, file, target_line, tok, "");
        count++;
    }
    if (count == 0)
        sl_sb_printf(&a->errors, "  %s:%u: expectation without a rule\n", file, line);
    free(copy);
}

/* Handles one "// expect" occurrence; `p` points just after "// expect". */
static void parse_annotation(struct annotations *a, const char *file, unsigned line,
                             unsigned nlines, const char *p)
{
    if (sl_str_starts_with(p, "-none")) {
        a->expect_none = true;
        return;
    }
    long offset = 0;
    if (*p == '@') {
        char *end;
        offset = strtol(p + 1, &end, 10);
        if (end == p + 1 || (p[1] != '+' && p[1] != '-')) {
            sl_sb_printf(&a->errors, "  %s:%u: expected `@+N` or `@-N` after `expect`\n", file, line);
            return;
        }
        p = end;
    }
    if (*p != ':') {
        sl_sb_printf(&a->errors, "  %s:%u: expected `:` after `// expect`\n", file, line);
        return;
    }
    long target = (long)line + offset;
    if (target < 1 || target > (long)nlines) {
        sl_sb_printf(&a->errors, "  %s:%u: expectation points outside the file\n", file, line);
        return;
    }
    parse_rule_list(a, file, line, (unsigned)target, p + 1);
}

static unsigned count_lines(const char *text)
{
    unsigned n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    return n + (*text && text[strlen(text) - 1] != '\n');
}

static void parse_annotations(struct annotations *a, const char *file, const char *source)
{
    static const char marker[] = "// expect";
    unsigned nlines = count_lines(source);
    unsigned line = 1;
    for (const char *start = source; *start; line++) {
        size_t len = strcspn(start, "\n");
        char *text = sl_xstrndup(start, len);
        for (char *p = strstr(text, marker); p; p = strstr(p + 1, marker))
            parse_annotation(a, file, line, nlines, p + sizeof marker - 1);
        free(text);
        start += len + (start[len] == '\n');
    }
}

/* ---- findings: `path:line:col: warning: message [rule]` ---- */

/* Parses one output line; returns false for anything but a finding (notes,
 * summaries). Sets *path (malloc'd), *line and *rule (malloc'd, "?" when the
 * line has no trailing [rule]). */
static bool parse_finding_line(const char *text, char **path, unsigned *line, char **rule)
{
    const char *severity = strstr(text, ": warning: ");
    if (!severity)
        severity = strstr(text, ": error: ");
    if (!severity)
        return false;
    /* path:line:col, read from the right because only the path may hold ':' */
    const char *col_colon = severity - 1;
    while (col_colon > text && *col_colon != ':')
        col_colon--;
    const char *line_colon = col_colon > text ? col_colon - 1 : text;
    while (line_colon > text && *line_colon != ':')
        line_colon--;
    *line = line_colon > text ? (unsigned)strtoul(line_colon + 1, NULL, 10) : 0;
    *path = sl_xstrndup(text, (size_t)(line_colon > text ? line_colon - text : 0));
    const char *open = strrchr(text, '[');
    const char *close = open ? strchr(open, ']') : NULL;
    *rule = close ? sl_xstrndup(open + 1, (size_t)(close - open - 1)) : sl_xstrdup("?");
    return true;
}

static bool same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* Adds every finding in `out` to found. Findings in `fixture` (absolute) are
 * filed under its relative path so they compare with the annotations. */
static void parse_findings(struct marks *found, const char *out, const char *fixture)
{
    for (const char *start = out; *start;) {
        size_t len = strcspn(start, "\n");
        char *text = sl_xstrndup(start, len);
        char *path, *rule;
        unsigned line;
        if (parse_finding_line(text, &path, &line, &rule)) {
            const char *file = fixture && same_file(path, fixture) ? relative_path(fixture) : path;
            add_mark(found, file, line, rule, text);
            free(path);
            free(rule);
        }
        free(text);
        start += len + (start[len] == '\n');
    }
}

/* Lists every missing and every unexpected finding; NULL when the multisets
 * are equal. Sorts both. Caller frees. */
static char *diff_marks(struct marks *expected, struct marks *found)
{
    if (expected->len) /* qsort's pointer must not be NULL, even for 0 items */
        qsort(expected->items, expected->len, sizeof *expected->items, compare_marks);
    if (found->len)
        qsort(found->items, found->len, sizeof *found->items, compare_marks);
    struct sl_strbuf sb = {0};
    size_t i = 0, j = 0;
    while (i < expected->len || j < found->len) {
        int c = i == expected->len ? 1
              : j == found->len    ? -1
                                   : compare_marks(&expected->items[i], &found->items[j]);
        if (c < 0) {
            const struct mark *m = &expected->items[i++];
            sl_sb_printf(&sb, "  missing:    %s:%u: %s\n", m->file, m->line, m->rule);
        } else if (c > 0) {
            const struct mark *m = &found->items[j++];
            sl_sb_printf(&sb, "  unexpected: %s:%u: %s\n      (%s)\n", m->file, m->line, m->rule,
                         m->text);
        } else {
            i++, j++;
        }
    }
    return sb.len ? sl_sb_take(&sb) : NULL;
}

/* ---- running tools ---- */

struct args {
    const char **items;
    size_t len, cap;
};

/* Appends the whitespace-separated words of `words` (modified in place). */
static void push_words(struct args *a, char *words)
{
    for (char *save = NULL, *w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
        sl_vec_push(a, w);
}

/* sessionlint --format FORMAT [OPTIONS] [-o OUTPUT] INPUT -- CFLAGS */
static void run_sessionlint(struct sl_run *r, const char *format, const char *options,
                            const char *output, const char *input, const char *cflags)
{
    char *words = sl_xstrdup(cflags), *option_words = sl_xstrdup(options ? options : "");
    struct args a = {0};
    sl_vec_push(&a, SL_BINARY);
    sl_vec_push(&a, "--format");
    sl_vec_push(&a, format);
    push_words(&a, option_words);
    if (output) {
        sl_vec_push(&a, "-o");
        sl_vec_push(&a, output);
    }
    sl_vec_push(&a, input);
    sl_vec_push(&a, "--");
    push_words(&a, words);
    sl_vec_push(&a, NULL);
    sl_run_argv(r, a.items, NULL);
    sl_vec_free(&a);
    free(words);
    free(option_words);
}

/* The words after `// sessionlint-options:` in a fixture (options a rule
 * needs, such as --pooled), or NULL. Caller frees. */
static char *fixture_options(const char *source)
{
    const char *marker = "// sessionlint-options:";
    const char *p = strstr(source, marker);
    if (!p)
        return NULL;
    p += strlen(marker);
    return sl_xstrndup(p, strcspn(p, "\n"));
}

/* cc -std=c11 -fsyntax-only CFLAGS FILE */
static void run_compiler(struct sl_run *r, const char *file, const char *cflags)
{
    char *words = sl_xstrdup(cflags);
    struct args a = {0};
    sl_vec_push(&a, "/usr/bin/env");
    sl_vec_push(&a, "cc");
    sl_vec_push(&a, "-std=c11");
    sl_vec_push(&a, "-fsyntax-only");
    push_words(&a, words);
    sl_vec_push(&a, file);
    sl_vec_push(&a, NULL);
    sl_run_argv(r, a.items, NULL);
    sl_vec_free(&a);
    free(words);
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
    char *cflags = fixture_cflags();
    struct fixture *params = cr_calloc(files.len ? files.len : 1, sizeof *params);
    for (size_t i = 0; i < files.len; i++) {
        params[i].path = shared_strdup(files.items[i]);
        params[i].cflags = shared_strdup(cflags);
        free(files.items[i]);
    }
    size_t n = files.len;
    sl_vec_free(&files);
    free(cflags);
    free(dir);
    return cr_make_param_array(struct fixture, params, n, free_fixtures);
}

static void check_compiles(const struct fixture *fx, const char *rel)
{
    struct sl_run r;
    run_compiler(&r, fx->path, fx->cflags);
    cr_expect(r.status == 0, "%s does not compile with `cc -std=c11 -fsyntax-only %s` (status %d):\n%s",
              rel, fx->cflags, r.status, r.err);
    sl_run_free(&r);
}

static void check_annotations(const struct annotations *a, const char *rel)
{
    cr_expect(a->errors.len == 0, "%s: malformed annotations:\n%s", rel,
              a->errors.buf ? a->errors.buf : "");
    cr_expect(a->expected.len > 0 || a->expect_none,
              "%s has no `// expect:` annotation: add `// expect-none` if no finding is wanted", rel);
    cr_expect(a->expected.len == 0 || !a->expect_none,
              "%s has both `// expect:` annotations and `// expect-none`", rel);
}

ParameterizedTest(struct fixture *fx, fixtures, matches_annotations, .timeout = 300)
{
    const char *rel = relative_path(fx->path);
    char *source = sl_read_file(fx->path, NULL);
    cr_assert(source, "cannot read %s", rel);
    struct annotations a = {0};
    parse_annotations(&a, rel, source);
    check_annotations(&a, rel);
    check_compiles(fx, rel);

    struct sl_run r;
    char *options = fixture_options(source);
    run_sessionlint(&r, "text", options, NULL, fx->path, fx->cflags);
    free(options);
    cr_assert(r.status < 128, "%s: sessionlint crashed (status %d); stderr:\n%s", rel, r.status,
              r.err);
    int want_status = a.expected.len ? 1 : 0;
    cr_expect(r.status == want_status, "%s: sessionlint exited %d, expected %d; stderr:\n%s", rel,
              r.status, want_status, r.err);

    struct marks found = {0};
    parse_findings(&found, r.out, fx->path);
    char *diff = diff_marks(&a.expected, &found);
    cr_expect(diff == NULL, "%s: findings differ from the annotations (%zu annotated, %zu reported):\n%s",
              rel, a.expected.len, found.len, diff ? diff : "");

    free(diff);
    free_marks(&found);
    sl_run_free(&r);
    free_marks(&a.expected);
    free(a.errors.buf);
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
    char *cflags = fixture_cflags();
    char *tmp = sl_test_tmpdir();
    char *sarif = sl_xasprintf("%s/fixtures.sarif", tmp);

    struct sl_run text, log;
    run_sessionlint(&text, "text", NULL, NULL, dir, cflags);
    run_sessionlint(&log, "sarif", NULL, sarif, dir, cflags);
    cr_assert(text.status < 128 && log.status < 128,
              "sessionlint crashed (text run %d, SARIF run %d); stderr:\n%s\n%s", text.status,
              log.status, text.err, log.err);
    cr_assert(log.status == text.status,
              "the SARIF run exited %d, the text run %d; stderr:\n%s", log.status, text.status,
              log.err);
    struct marks found = {0};
    parse_findings(&found, text.out, NULL);
    size_t results = count_sarif_results(sarif);
    cr_expect(results == found.len, "the SARIF log has %zu results, the text run printed %zu findings",
              results, found.len);
    free_marks(&found);
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
