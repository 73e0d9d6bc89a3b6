/*
 * test_report.c: the report collection (report.h): ownership on add, merge
 * of per-worker reports, and the deterministic order and de-duplication
 * that sl_report_finish guarantees to every emitter.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rule.h"
#include "util.h"

static void add(struct sl_report *r, int rule, const char *file, unsigned line, unsigned col,
                const char *message, const char *step_message)
{
    struct sl_finding f = {
        .rule = rule,
        .loc = {sl_xstrdup(file), line, col, line, col + 2},
        .message = sl_xstrdup(message),
        .function = sl_xstrdup("f"),
    };
    if (step_message) {
        f.steps = sl_xcalloc(1, sizeof *f.steps);
        f.steps[0] = (struct sl_step){{sl_xstrdup(file), 1, 1, 1, 2}, sl_xstrdup(step_message)};
        f.nsteps = 1;
    }
    sl_report_add_finding(r, &f);
    cr_assert_null(f.message, "add_finding takes ownership and clears the source");
}

static void assert_finding(const struct sl_report *r, size_t i, int rule, const char *file,
                           unsigned line, unsigned col, const char *message)
{
    const struct sl_finding *f = &r->findings[i];
    cr_assert_eq(f->rule, rule, "finding %zu: rule", i);
    cr_assert_str_eq(f->loc.file, file, "finding %zu: file", i);
    cr_assert_eq(f->loc.line, line, "finding %zu: line", i);
    cr_assert_eq(f->loc.col, col, "finding %zu: col", i);
    cr_assert_str_eq(f->message, message, "finding %zu: message", i);
}

Test(report, finish_sorts_by_file_line_column_rule_message)
{
    struct sl_report r;
    sl_report_init(&r);
    add(&r, SL_RULE_session_leak, "b.c", 1, 1, "m", NULL);
    add(&r, SL_RULE_double_close, "a.c", 10, 2, "m", NULL);
    add(&r, SL_RULE_double_close, "a.c", 9, 30, "m", NULL);
    add(&r, SL_RULE_double_close, "a.c", 10, 1, "m", NULL);
    add(&r, SL_RULE_guard_misuse, "a.c", 10, 2, "z", NULL);
    add(&r, SL_RULE_guard_misuse, "a.c", 10, 2, "a", NULL);
    sl_report_finish(&r);

    cr_assert_eq(r.nfindings, 6);
    assert_finding(&r, 0, SL_RULE_double_close, "a.c", 9, 30, "m");
    assert_finding(&r, 1, SL_RULE_double_close, "a.c", 10, 1, "m");
    assert_finding(&r, 2, SL_RULE_guard_misuse, "a.c", 10, 2, "a");
    assert_finding(&r, 3, SL_RULE_guard_misuse, "a.c", 10, 2, "z");
    assert_finding(&r, 4, SL_RULE_double_close, "a.c", 10, 2, "m");
    assert_finding(&r, 5, SL_RULE_session_leak, "b.c", 1, 1, "m");
    sl_report_free(&r);
}

Test(report, finish_drops_exact_duplicates_only)
{
    struct sl_report r;
    sl_report_init(&r);
    /* Same rule, place and message twice (once with a different path): one survives. */
    add(&r, SL_RULE_session_leak, "a.c", 3, 4, "leaked", "opened here");
    add(&r, SL_RULE_session_leak, "a.c", 3, 4, "leaked", NULL);
    add(&r, SL_RULE_session_leak, "a.c", 3, 4, "leaked", "opened here");
    /* Not duplicates: another rule, another message, another column. */
    add(&r, SL_RULE_double_close, "a.c", 3, 4, "leaked", NULL);
    add(&r, SL_RULE_session_leak, "a.c", 3, 4, "leaked twice", NULL);
    add(&r, SL_RULE_session_leak, "a.c", 3, 5, "leaked", NULL);
    sl_report_finish(&r);

    cr_assert_eq(r.nfindings, 4);
    assert_finding(&r, 0, SL_RULE_session_leak, "a.c", 3, 4, "leaked");
    assert_finding(&r, 1, SL_RULE_session_leak, "a.c", 3, 4, "leaked twice");
    assert_finding(&r, 2, SL_RULE_double_close, "a.c", 3, 4, "leaked");
    assert_finding(&r, 3, SL_RULE_session_leak, "a.c", 3, 5, "leaked");
    /* The survivor is the same whatever the insertion order (the step-less one sorts first). */
    cr_assert_eq(r.findings[0].nsteps, 0);
    sl_report_free(&r);
}

Test(report, merge_moves_everything_and_keeps_flags)
{
    struct sl_report a, b;
    sl_report_init(&a);
    sl_report_init(&b);
    add(&a, SL_RULE_session_leak, "a.c", 1, 1, "m", NULL);
    a.files_analyzed = 2;
    for (int i = 0; i < 20; i++) /* enough to make dst grow */
        add(&b, SL_RULE_double_close, "b.c", (unsigned)(20 - i), 1, "m", NULL);
    b.files_analyzed = 3;
    sl_report_add_note(&b, SL_NOTE_ERROR, "parse-error", "c.c", 4, 2, "expected ';'");

    sl_report_merge(&a, &b);
    cr_assert_eq(a.nfindings, 21);
    cr_assert_eq(a.nnotes, 1);
    cr_assert_eq(a.files_analyzed, 5);
    cr_assert(a.incomplete, "an error notification in src makes dst incomplete");
    cr_assert_eq(b.nfindings, 0);
    cr_assert_eq(b.nnotes, 0);
    cr_assert_null(b.findings);
    cr_assert_not(b.incomplete);

    sl_report_finish(&a);
    assert_finding(&a, 0, SL_RULE_session_leak, "a.c", 1, 1, "m");
    assert_finding(&a, 1, SL_RULE_double_close, "b.c", 1, 1, "m");
    assert_finding(&a, 20, SL_RULE_double_close, "b.c", 20, 1, "m");
    sl_report_free(&a);
    sl_report_free(&b);
}

Test(report, only_error_notes_make_the_report_incomplete)
{
    struct sl_report r;
    sl_report_init(&r);
    sl_report_add_note(&r, SL_NOTE_WARNING, "no-compile-command", "a.c", 0, 0, "using fallback flags");
    sl_report_add_note(&r, SL_NOTE_INFO, "budget", NULL, 0, 0, "fine");
    cr_assert_not(r.incomplete);
    sl_report_add_note(&r, SL_NOTE_ERROR, "file-unreadable", "b.c", 0, 0, "cannot read");
    cr_assert(r.incomplete);
    sl_report_free(&r);
}

Test(report, notes_are_sorted_with_fileless_first_and_deduplicated)
{
    struct sl_report r;
    sl_report_init(&r);
    sl_report_add_note(&r, SL_NOTE_ERROR, "parse-error", "b.c", 2, 1, "x");
    sl_report_add_note(&r, SL_NOTE_ERROR, "parse-error", "a.c", 7, 1, "x");
    sl_report_add_note(&r, SL_NOTE_ERROR, "parse-error", "a.c", 7, 1, "x");
    sl_report_add_note(&r, SL_NOTE_WARNING, "no-compile-command", NULL, 0, 0, "y");
    sl_report_finish(&r);

    cr_assert_eq(r.nnotes, 3);
    cr_assert_null(r.notes[0].loc.file);
    cr_assert_str_eq(r.notes[0].id, "no-compile-command");
    cr_assert_str_eq(r.notes[1].loc.file, "a.c");
    cr_assert_str_eq(r.notes[2].loc.file, "b.c");
    sl_report_free(&r);
}

Test(report, empty_report_finishes_and_frees)
{
    struct sl_report r;
    sl_report_init(&r);
    sl_report_finish(&r);
    cr_assert_eq(r.nfindings, 0);
    sl_report_free(&r);
}
