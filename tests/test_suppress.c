/*
 * test_suppress.c: inline suppressions (suppress.h) on hand-made reports
 * whose source text is given through sl_sources_override: every clang-tidy
 * spelling, globs, ids, the bare forms, BEGIN/END pairing and the unused
 * and unbalanced notifications; then one run of the real binary for
 * --show-suppressed in SARIF.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "sources.h"
#include "suppress.h"
#include "testutil.h"
#include "util.h"

static void add_finding(struct sl_report *r, int rule, unsigned line)
{
    struct sl_finding f = {.rule = rule, .message = sl_xstrdup("m"), .function = sl_xstrdup("fn")};
    f.loc = (struct sl_loc){sl_xstrdup("a.c"), line, 1, line, 2};
    sl_report_add_finding(r, &f);
}

/* Sorts r and applies the directives written in text (the file a.c). */
static void apply(struct sl_report *r, const char *text, bool keep, bool unused)
{
    struct sl_sources src;
    sl_sources_init(&src);
    sl_sources_override(&src, "a.c", text, strlen(text));
    const char *files[] = {"a.c"};
    struct sl_suppress_options o = {.keep_suppressed = keep, .report_unused = unused};
    sl_report_finish(r);
    sl_suppress_apply(r, &src, files, 1, &o);
    sl_sources_free(&src);
}

static bool has_line(const struct sl_report *r, unsigned line)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (r->findings[i].loc.line == line)
            return true;
    return false;
}

static const char *note_with(const struct sl_report *r, const char *id, unsigned line)
{
    for (size_t i = 0; i < r->nnotes; i++)
        if (strcmp(r->notes[i].id, id) == 0 && r->notes[i].loc.line == line)
            return r->notes[i].message;
    return NULL;
}

Test(suppress, lists_globs_ids_and_negatives)
{
    cr_expect(sl_suppress_list_matches(NULL, SL_RULE_session_leak));
    cr_expect(sl_suppress_list_matches("session-leak", SL_RULE_session_leak));
    cr_expect(sl_suppress_list_matches(" double-close , session-* ", SL_RULE_session_leak));
    cr_expect(sl_suppress_list_matches("SL003", SL_RULE_session_leak));
    cr_expect(sl_suppress_list_matches("*", SL_RULE_guard_misuse));
    cr_expect_not(sl_suppress_list_matches("-session-leak", SL_RULE_session_leak));
    cr_expect_not(sl_suppress_list_matches("double-close", SL_RULE_session_leak));
    cr_expect_not(sl_suppress_list_matches("", SL_RULE_session_leak));
}

Test(suppress, same_line_next_line_and_bare_forms)
{
    struct sl_report r;
    sl_report_init(&r);
    for (unsigned line = 1; line <= 8; line++)
        add_finding(&r, SL_RULE_session_leak, line);
    apply(&r,
          "a(); // NOLINT(session-leak): closed by the caller\n" /* 1: suppressed */
          "b(); // NOLINT\n"                                      /* 2: bare */
          "c(); // NOLINT (double-close)\n"                       /* 3: space: bare */
          "// NOLINTNEXTLINE(SL003)\n"                            /* 4 */
          "d();\n"                                                /* 5: suppressed */
          "e(); // NOLINT(double-close)\n"                        /* 6: other rule */
          "f(); // NOLINTNEXTLINE\n"                              /* 7: covers 8 only */
          "g(); /* NOLINTFOO */\n",                               /* 8: covered by 7 */
          false, false);
    cr_expect_not(has_line(&r, 1));
    cr_expect_not(has_line(&r, 2));
    cr_expect_not(has_line(&r, 3));
    cr_expect(has_line(&r, 4));
    cr_expect_not(has_line(&r, 5));
    cr_expect(has_line(&r, 6));
    cr_expect(has_line(&r, 7));
    cr_expect_not(has_line(&r, 8));
    cr_expect_eq(r.nfindings, 3);
    sl_report_free(&r);
}

Test(suppress, begin_end_blocks_pair_by_list)
{
    struct sl_report r;
    sl_report_init(&r);
    for (unsigned line = 1; line <= 7; line++)
        add_finding(&r, SL_RULE_session_leak, line);
    apply(&r,
          "// NOLINTBEGIN(session-leak)\n" /* 1 */
          "a();\n"                         /* 2 */
          "// NOLINTBEGIN(double-close)\n" /* 3 */
          "// NOLINTEND(session-leak)\n"   /* 4 */
          "b();\n"                         /* 5: not covered */
          "// NOLINTEND(double-close)\n"   /* 6 */
          "// NOLINTEND(session-leak)\n",  /* 7: unmatched */
          false, false);
    for (unsigned line = 1; line <= 4; line++)
        cr_expect_not(has_line(&r, line), "line %u", line);
    cr_expect(has_line(&r, 5));
    cr_expect_str_eq(note_with(&r, "nolint-unbalanced", 7),
                     "unmatched NOLINTEND(session-leak): no NOLINTBEGIN(session-leak) before it");
    cr_expect_eq(r.nnotes, 1);
    sl_report_free(&r);
}

Test(suppress, unmatched_begin_suppresses_nothing_and_is_reported)
{
    struct sl_report r;
    sl_report_init(&r);
    add_finding(&r, SL_RULE_session_leak, 2);
    apply(&r, "// NOLINTBEGIN\nx();\n", false, false);
    cr_expect_eq(r.nfindings, 1);
    cr_expect_str_eq(note_with(&r, "nolint-unbalanced", 1),
                     "unmatched NOLINTBEGIN(): no NOLINTEND() follows");
    cr_expect_eq(r.notes[0].level, SL_NOTE_WARNING);
    cr_expect_not(r.incomplete);
    sl_report_free(&r);
}

Test(suppress, unused_directives_on_request_and_kept_findings_marked)
{
    struct sl_report r;
    sl_report_init(&r);
    add_finding(&r, SL_RULE_session_leak, 1);
    apply(&r, "a(); // NOLINT(session-leak)\nb(); // NOLINT(double-close)\n", true, true);
    cr_assert_eq(r.nfindings, 1);
    cr_expect(r.findings[0].suppressed);
    cr_expect_null(note_with(&r, "unused-suppression", 1));
    cr_expect_str_eq(note_with(&r, "unused-suppression", 2), "NOLINT(double-close) suppresses nothing");
    cr_expect_eq(r.notes[0].loc.col, 9);
    sl_report_free(&r);
}

Test(suppress, binary_omits_or_marks_suppressed_findings)
{
    char *dir = sl_test_tmpdir(), *file = sl_xasprintf("%s/s.c", dir);
    sl_test_write(file, "#include <sqlite3.h>\n"
                        "int f(const char *p)\n{\n    sqlite3 *db;\n"
                        "    if (sqlite3_open(p, &db) != SQLITE_OK)\n"
                        "        return -1; // NOLINT(session-leak): test\n"
                        "    return sqlite3_close(db);\n}\n");
    struct sl_run plain, shown;
    const char *a1[] = {SL_BINARY, "-q", file, NULL};
    const char *a2[] = {SL_BINARY, "-q", "--show-suppressed", "--format", "sarif", file, NULL};
    sl_run_argv(&plain, a1, NULL);
    sl_run_argv(&shown, a2, NULL);
    cr_expect_eq(plain.status, 0, "%s%s", plain.out, plain.err);
    cr_expect_str_eq(plain.out, "");
    cr_expect_eq(shown.status, 0, "a suppressed finding does not fail the run");
    cr_expect(strstr(shown.out, "\"kind\":\t\"inSource\""), "%s", shown.out);
    sl_run_free(&plain);
    sl_run_free(&shown);
    free(file);
    free(dir);
}
