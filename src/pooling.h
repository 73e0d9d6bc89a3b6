/*
 * pooling.h: the --pooled specifications ("api:libpq", "function:get_conn",
 * "conninfo:port=6432") turned into the engine's struct sl_pooling, which
 * says which sessions go through a transaction-mode pooler.
 */
#ifndef SL_POOLING_H
#define SL_POOLING_H

#include <stddef.h>

#include "engine.h"

/* Owns the three arrays; the strings point into the specifications. */
struct sl_pooling_lists {
    struct sl_pooling view;
    const char **apis, **functions, **conninfo;
};

/* Checks one specification: 0, or -1 with *error (malloc'd) naming the
 * accepted forms. */
int sl_pooling_check(const char *spec, char **error);
/* Sorts valid specifications into lists (invalid ones are skipped). */
void sl_pooling_build(struct sl_pooling_lists *out, const char *const *specs, size_t n);
void sl_pooling_free(struct sl_pooling_lists *lists);

#endif
