/*
 * fixture_check.c: the fixture driver's shared parts (see fixture_check.h):
 * inline expectations and finding lines parsed into multisets of
 * (file, line, rule), their diff, and the compiler and sessionlint runs with
 * the fixtures' flags. test_fixtures.c and test_guidelines.c use it.
 */
#define _DEFAULT_SOURCE /* realpath, strtok_r under -std=c11 */

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_check.h"
#include "rule.h"

#define FALLBACK_CFLAGS "-I/usr/include/postgresql"

/* `pkg-config --cflags libpq sqlite3 libmariadb hiredis libmongoc-1.0`, or the libpq include directory when
 * pkg-config cannot answer. Caller frees. */
char *fc_cflags(void)
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

/* ---- test parameters ---- */

static char *shared_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = cr_malloc(n);
    memcpy(copy, s, n);
    return copy;
}

void fc_param_init(struct fc_param *p, const char *text, const char *cflags, unsigned line)
{
    p->text = shared_strdup(text);
    p->cflags = shared_strdup(cflags);
    p->line = line;
}

void fc_free_params(struct criterion_test_params *crp)
{
    struct fc_param *params = crp->params;
    for (size_t i = 0; i < crp->length; i++) {
        cr_free(params[i].text);
        cr_free(params[i].cflags);
    }
    cr_free(params);
}

/* ---- marks: annotated or reported (file, line, rule) ---- */

static void add_mark(struct fc_marks *m, const char *file, unsigned line, const char *rule,
                     const char *text)
{
    struct fc_mark mark = {sl_xstrdup(file), line, sl_xstrdup(rule), sl_xstrdup(text)};
    sl_vec_push(m, mark);
}

void fc_free_marks(struct fc_marks *m)
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
    const struct fc_mark *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c ? c : strcmp(x->rule, y->rule);
}

const char *fc_relative_path(const char *abs)
{
    size_t n = strlen(SL_SOURCE_DIR);
    if (strncmp(abs, SL_SOURCE_DIR, n) == 0 && abs[n] == '/')
        return abs + n + 1;
    return abs;
}

/* ---- annotations: `// expect: rule, rule`, `// expect@+1: rule`, `// expect-none` ---- */

static bool is_rule_name(const char *s)
{
    int i = sl_rule_find(s);
    return i >= 0 && strcmp(sl_rules[i]->name, s) == 0;
}

/* Parses the comma-separated rule list after "expect...:" into target_line. */
static void parse_rule_list(struct fc_annotations *a, const char *file, unsigned line,
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
static void parse_annotation(struct fc_annotations *a, const char *file, unsigned line,
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

void fc_parse_annotations(struct fc_annotations *a, const char *file, const char *source)
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

void fc_free_annotations(struct fc_annotations *a)
{
    fc_free_marks(&a->expected);
    free(a->errors.buf);
}

void fc_check_annotations(const struct fc_annotations *a, const char *label)
{
    cr_expect(a->errors.len == 0, "%s: malformed annotations:\n%s", label,
              a->errors.buf ? a->errors.buf : "");
    cr_expect(a->expected.len > 0 || a->expect_none,
              "%s has no `// expect:` annotation: add `// expect-none` if no finding is wanted", label);
    cr_expect(a->expected.len == 0 || !a->expect_none,
              "%s has both `// expect:` annotations and `// expect-none`", label);
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

void fc_parse_findings(struct fc_marks *found, const char *out, const char *file,
                       const char *label)
{
    for (const char *start = out; *start;) {
        size_t len = strcspn(start, "\n");
        char *text = sl_xstrndup(start, len);
        char *path, *rule;
        unsigned line;
        if (parse_finding_line(text, &path, &line, &rule)) {
            add_mark(found, file && same_file(path, file) ? label : path, line, rule, text);
            free(path);
            free(rule);
        }
        free(text);
        start += len + (start[len] == '\n');
    }
}

char *fc_diff_marks(struct fc_marks *expected, struct fc_marks *found)
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
            const struct fc_mark *m = &expected->items[i++];
            sl_sb_printf(&sb, "  missing:    %s:%u: %s\n", m->file, m->line, m->rule);
        } else if (c > 0) {
            const struct fc_mark *m = &found->items[j++];
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
void fc_run_sessionlint(struct sl_run *r, const char *format, const char *options,
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
char *fc_options(const char *source)
{
    const char *marker = "// sessionlint-options:";
    const char *p = strstr(source, marker);
    if (!p)
        return NULL;
    p += strlen(marker);
    return sl_xstrndup(p, strcspn(p, "\n"));
}

/* cc -std=c11 -fsyntax-only CFLAGS FILE */
void fc_run_compiler(struct sl_run *r, const char *file, const char *cflags)
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

bool fc_libclang_too_old_for(const char *source)
{
#ifdef SL_HAVE_BINOP_KIND
    (void)source;
    return false;
#else
    /* operators written inside a macro body (ODBC's SQL_SUCCEEDED) have no
     * token at the expansion site: before libclang 17 they are unknown */
    return strstr(source, "// sessionlint-requires: libclang-17") != NULL;
#endif
}

void fc_check_compiles(const char *file, const char *cflags, const char *label)
{
    struct sl_run r;
    fc_run_compiler(&r, file, cflags);
    cr_expect(r.status == 0, "%s does not compile with `cc -std=c11 -fsyntax-only %s` (status %d):\n%s",
              label, cflags, r.status, r.err);
    sl_run_free(&r);
}

void fc_check_fixture(const char *file, const char *source, const char *cflags, const char *label,
                      const char *where)
{
    struct fc_annotations a = {0};
    fc_parse_annotations(&a, where, source);
    fc_check_annotations(&a, label);
    struct sl_run r;
    char *options = fc_options(source);
    fc_run_sessionlint(&r, "text", options, NULL, file, cflags);
    free(options);
    cr_assert(r.status < 128, "%s: sessionlint crashed (status %d); stderr:\n%s", label, r.status,
              r.err);
    int want_status = a.expected.len ? 1 : 0;
    cr_expect(r.status == want_status, "%s: sessionlint exited %d, expected %d; stderr:\n%s", label,
              r.status, want_status, r.err);
    struct fc_marks found = {0};
    fc_parse_findings(&found, r.out, file, where);
    char *diff = fc_diff_marks(&a.expected, &found);
    cr_expect(diff == NULL, "%s: findings differ from the annotations (%zu annotated, %zu reported):\n%s",
              label, a.expected.len, found.len, diff ? diff : "");
    free(diff);
    fc_free_marks(&found);
    sl_run_free(&r);
    fc_free_annotations(&a);
}
