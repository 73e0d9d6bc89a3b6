/*
 * test_trace.c: `sessionlint trace FILE:FUNCTION` on a known function prints
 * exactly the expected text and JSON (the .expected files in tests/trace/), and bad
 * requests get a usage error.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

static void expect_trace(const char *format, const char *expected_rel)
{
    char *input = sl_test_path("tests/trace/commit_or_rollback.c:save");
    char *expected_path = sl_test_path(expected_rel);
    char *expected = sl_read_file(expected_path, NULL);
    cr_assert_not_null(expected, "missing %s", expected_rel);
    const char *argv[] = {SL_BINARY, "trace", input, "--format", format, NULL};
    struct sl_run r;
    sl_run_argv(&r, argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, expected, "the trace changed; if on purpose, regenerate %s", expected_rel);
    sl_run_free(&r);
    free(expected);
    free(expected_path);
    free(input);
}

Test(trace, text_matches_the_expected_file)
{
    expect_trace("text", "tests/trace/commit_or_rollback.expected.txt");
}

Test(trace, json_matches_the_expected_file)
{
    expect_trace("json", "tests/trace/commit_or_rollback.expected.json");
}

Test(trace, bad_requests_are_usage_errors)
{
    char *input = sl_test_path("tests/trace/commit_or_rollback.c");
    char *missing_fn = sl_xasprintf("%s:no_such_function", input);
    const char *no_colon[] = {SL_BINARY, "trace", input, NULL};
    const char *unknown[] = {SL_BINARY, "trace", missing_fn, NULL};
    struct sl_run r;
    sl_run_argv(&r, no_colon, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "usage: sessionlint trace FILE:FUNCTION"), "%s", r.err);
    sl_run_free(&r);
    sl_run_argv(&r, unknown, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no definition of function 'no_such_function'"), "%s", r.err);
    sl_run_free(&r);
    free(missing_fn);
    free(input);
}
