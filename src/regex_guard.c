/*
 * regex_guard.c: the limits of regex_guard.h, checked by one scan that skips
 * escaped characters and bracket expressions ([...] with "]" allowed first).
 */
#include "regex_guard.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LENGTH 200
#define MAX_REPETITIONS 6
#define MAX_INTERVALS 2
#define MAX_BOUND 16

/* Index just past the bracket expression starting at p[i] == '['. */
static size_t skip_bracket(const char *p, size_t i)
{
    i++;
    if (p[i] == '^')
        i++;
    if (p[i] == ']')
        i++;
    while (p[i] && p[i] != ']')
        i++;
    return p[i] ? i + 1 : i;
}

/* Checks the interval starting at p[i] == '{'; sets *end past it. */
static bool interval_ok(const char *p, size_t i, size_t *end)
{
    char *after;
    long lo = strtol(p + i + 1, &after, 10), hi = lo;
    if (*after == ',')
        hi = after[1] == '}' ? MAX_BOUND + 1 : strtol(after + 1, &after, 10);
    const char *close = strchr(p + i, '}');
    *end = close ? (size_t)(close - p) + 1 : strlen(p);
    return lo <= MAX_BOUND && hi <= MAX_BOUND;
}

const char *sl_regex_guard_problem(const char *p)
{
    if (strlen(p) > MAX_LENGTH)
        return "longer than 200 characters";
    int repetitions = 0, intervals = 0;
    bool after_repetition = false;
    for (size_t i = 0; p[i];) {
        bool repetition = strchr("*+?{", p[i]) != NULL;
        if (repetition && after_repetition)
            return "a repetition operator applied to another one";
        if (repetition && ++repetitions > MAX_REPETITIONS)
            return "more than 6 repetition operators";
        if (p[i] == '{') {
            size_t end;
            if (++intervals > MAX_INTERVALS || !interval_ok(p, i, &end))
                return "an interval {m,n} above 16, or more than 2 intervals";
            i = end;
        } else if (p[i] == '[') {
            i = skip_bracket(p, i);
        } else {
            i += p[i] == '\\' && p[i + 1] ? 2 : 1;
        }
        after_repetition = repetition;
    }
    return NULL;
}
