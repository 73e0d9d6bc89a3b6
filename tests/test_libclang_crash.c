/*
 * test_libclang_crash.c: a file libclang itself crashes on must become a
 * notification, not a crash of ours. No input is known to crash libclang 14
 * and 19 in a way its crash recovery catches (a stack overflow, the one
 * crash found, is not catchable; see docs/bad-inputs.md), so this test
 * replaces clang_parseTranslationUnit2 with one that reports
 * CXError_Crashed: the executable's definition wins over libclang's.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <clang-c/Index.h>

#include "analyze.h"
#include "report.h"

static enum CXErrorCode fake_result = CXError_Crashed;

enum CXErrorCode clang_parseTranslationUnit2(CXIndex index, const char *file,
                                             const char *const *argv, int argc,
                                             struct CXUnsavedFile *unsaved, unsigned nunsaved,
                                             unsigned options, CXTranslationUnit *tu)
{
    (void)index, (void)file, (void)argv, (void)argc, (void)unsaved, (void)nunsaved,
        (void)options;
    *tu = NULL;
    return fake_result;
}

static void analyse_buffer(struct sl_report *report)
{
    struct sl_model model;
    struct sl_options opts;
    sl_model_init(&model);
    sl_options_init(&opts, &model);
    sl_report_init(report);
    CXIndex index = clang_createIndex(0, 0);
    cr_expect_eq(sl_analyze_file(&opts, index, "/src/crash.c", "crash.c", NULL, 0,
                                 "int f(void) { return 0; }\n", 26, report), -1);
    clang_disposeIndex(index);
    sl_model_free(&model);
}

Test(libclang_crash, becomes_an_error_notification)
{
    struct sl_report report;
    analyse_buffer(&report);
    cr_assert_eq(report.nnotes, 1);
    cr_expect_str_eq(report.notes[0].id, "libclang-crash");
    cr_expect_eq(report.notes[0].level, SL_NOTE_ERROR);
    cr_expect_str_eq(report.notes[0].message,
                     "cannot analyse 'crash.c': libclang crashed while parsing it");
    cr_expect(report.incomplete, "a crash makes the run incomplete (exit 3)");
    cr_expect_eq(report.files_analyzed, 0);
    sl_report_free(&report);
}

Test(libclang_crash, other_failures_are_parse_failures)
{
    struct sl_report report;
    fake_result = CXError_InvalidArguments;
    analyse_buffer(&report);
    cr_assert_eq(report.nnotes, 1);
    cr_expect_str_eq(report.notes[0].id, "parse-failed");
    cr_expect_str_eq(report.notes[0].message,
                     "cannot analyse 'crash.c': libclang rejected the compiler arguments");
    cr_expect(report.incomplete);
    sl_report_free(&report);
}
