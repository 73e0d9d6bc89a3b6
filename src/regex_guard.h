/*
 * regex_guard.h: limits on user-supplied regular expressions (--header-filter
 * and "header-filter" in .sessionlint.json, which a pull request can set).
 * glibc's regcomp copies the pattern tree for every repetition, so
 * `a++++...` or nested `((a{9}){9}){9}` make it allocate gigabytes (found by
 * the config fuzzer, docs/fuzzing.md). Patterns are checked first.
 */
#ifndef SL_REGEX_GUARD_H
#define SL_REGEX_GUARD_H

/* NULL when pattern is within the limits (at most 200 bytes, 6 repetition
 * operators, 2 intervals {m,n} with bounds up to 16, no operator stacked
 * on another as in `a+*`, undefined in POSIX anyway); otherwise why not. */
const char *sl_regex_guard_problem(const char *pattern);

#endif
