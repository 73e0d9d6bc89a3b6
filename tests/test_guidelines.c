/*
 * test_guidelines.c: docs/guidelines.md is tested like the fixtures. Every
 * rule has a section, `sessionlint explain RULE` prints that section, and
 * every ```c block in the document is a complete fixture: one parameterized
 * test per block writes it to a temporary file (padded with blank lines so
 * that its line numbers are the document's), compiles it with
 * `cc -std=c11 -fsyntax-only`, runs the real binary on it and compares the
 * findings with the block's inline expectations exactly, using the fixture
 * driver's parsing and diff (fixture_check.c).
 */
#define _POSIX_C_SOURCE 200809L /* unlink, rmdir under -std=c11 */

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_check.h"
#include "guidelines.h"
#include "rule.h"

#define GUIDELINES "docs/guidelines.md"

/* ---- the document as lines ---- */

struct lines {
    char **items;
    size_t len, cap;
};

/* Splits docs/guidelines.md into lines (without their newlines). */
static void read_guidelines(struct lines *out)
{
    char *path = sl_test_path(GUIDELINES);
    char *text = sl_read_file(path, NULL);
    cr_assert(text, "cannot read %s", path);
    for (const char *start = text; *start;) {
        size_t len = strcspn(start, "\n");
        sl_vec_push(out, sl_xstrndup(start, len));
        start += len + (start[len] == '\n');
    }
    free(text);
    free(path);
}

static void free_lines(struct lines *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    sl_vec_free(l);
}

static char *section_of(const struct lines *doc, const char *rule)
{
    return sl_markdown_section((const char *const *)doc->items, (unsigned)doc->len, rule);
}

/* ---- code blocks ---- */

/* The ```c block that opens at index `open` (the fence), padded so that its
 * code keeps its document line numbers; *end is the closing fence's index. */
static char *padded_block(const struct lines *doc, size_t open, size_t *end)
{
    struct sl_strbuf sb = {0};
    for (size_t i = 0; i <= open; i++)
        sl_sb_append(&sb, "\n");
    size_t i = open + 1;
    for (; i < doc->len && !sl_str_starts_with(doc->items[i], "```"); i++) {
        sl_sb_append(&sb, doc->items[i]);
        sl_sb_append(&sb, "\n");
    }
    *end = i;
    return sl_sb_take(&sb);
}

ParameterizedTestParameters(guidelines, example_matches_annotations)
{
    struct lines doc = {0};
    read_guidelines(&doc);
    char *cflags = fc_cflags();
    size_t n = 0;
    struct fc_param *params = cr_calloc(doc.len ? doc.len : 1, sizeof *params);
    for (size_t i = 0; i < doc.len; i++) {
        if (strcmp(doc.items[i], "```c") != 0)
            continue;
        unsigned first_line = (unsigned)i + 2; /* the line after the fence, 1-based */
        char *source = padded_block(&doc, i, &i);
        fc_param_init(&params[n++], source, cflags, first_line);
        free(source);
    }
    free(cflags);
    free_lines(&doc);
    return cr_make_param_array(struct fc_param, params, n, fc_free_params);
}

ParameterizedTest(struct fc_param *ex, guidelines, example_matches_annotations, .timeout = 120)
{
    if (fc_libclang_too_old_for(ex->text))
        cr_skip_test(GUIDELINES ": the code block at line %u needs libclang 17+ (operators inside "
                     "macro bodies)", ex->line);
    char *label = sl_xasprintf(GUIDELINES ": the code block at line %u", ex->line);
    char *dir = sl_test_tmpdir();
    char *file = sl_xasprintf("%s/example.c", dir);
    cr_assert(sl_test_write(file, ex->text) == 0, "cannot write %s", file);
    fc_check_compiles(file, ex->cflags, label);
    fc_check_fixture(file, ex->text, ex->cflags, label, GUIDELINES);
    unlink(file);
    rmdir(dir);
    free(file);
    free(dir);
    free(label);
}

/* ---- sections ---- */

Test(guidelines, every_rule_has_a_section_with_a_wrong_example)
{
    struct lines doc = {0};
    read_guidelines(&doc);
    for (int i = 0; i < SL_RULE_COUNT; i++) {
        const char *name = sl_rules[i]->name;
        char *section = section_of(&doc, name);
        cr_expect(section, GUIDELINES " has no `## %s` section", name);
        char *expectation = sl_xasprintf("// expect: %s", name);
        cr_expect(section && strstr(section, expectation),
                  GUIDELINES ": the %s section has no example annotated `%s`", name, expectation);
        free(expectation);
        free(section);
    }
    free_lines(&doc);
}

Test(guidelines, explain_prints_the_rule_section)
{
    struct lines doc = {0};
    read_guidelines(&doc);
    for (int i = 0; i < SL_RULE_COUNT; i++) {
        const char *name = sl_rules[i]->name;
        char *section = section_of(&doc, name);
        cr_assert(section, GUIDELINES " has no `## %s` section", name);
        struct sl_run r;
        const char *argv[] = {SL_BINARY, "explain", name, NULL};
        sl_run_argv(&r, argv, NULL);
        cr_expect(r.status == 0, "explain %s exited %d: %s", name, r.status, r.err);
        cr_expect(strstr(r.out, section) != NULL,
                  "`sessionlint explain %s` does not print its section of " GUIDELINES
                  " (rebuild after editing it):\n%s", name, r.out);
        sl_run_free(&r);
        free(section);
    }
    free_lines(&doc);
}

Test(guidelines, section_ends_at_the_next_heading_outside_code)
{
    const char *const lines[] = {"# Title", "## a-rule (SL1)", "", "text", "```c",
                                 "## not a heading", "```", "", "## next", "more"};
    char *section = sl_markdown_section(lines, sizeof lines / sizeof *lines, "a-rule");
    cr_assert_str_eq(section, "text\n```c\n## not a heading\n```\n");
    free(section);
    cr_expect_null(sl_markdown_section(lines, sizeof lines / sizeof *lines, "a"));
    cr_expect_null(sl_markdown_section(lines, sizeof lines / sizeof *lines, "missing"));
}
