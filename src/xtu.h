/*
 * xtu.h: summaries across translation units, the two-pass driver of a run
 * over several files. Pass 1 parses every file once and keeps, for each,
 * the summaries of its functions with external linkage, the names it
 * defines and a guessed summary for each function it only declares whose
 * return or out-parameter type is a modelled handle type; a file to check
 * (not another shard's) is also checked there, as if no other file
 * existed, and the names its result depends on are kept. Each file's part
 * and check are cached (cache.h). The parts are merged in sorted file
 * order, so the result does not depend on -j. Pass 2 checks again, with
 * the merged summaries visible (parallel.h), only the files that refer to
 * a name the merged model has; every other file's pass-1 check is its
 * result, exactly what pass 2 would give (docs/design.md, "Summaries
 * across files"). A run over one file skips pass 1.
 */
#ifndef SL_XTU_H
#define SL_XTU_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "model.h"
#include "parallel.h"
#include "report.h"

/* What a run did. */
struct sl_xtu_stats {
    size_t summarised, reused; /* pass 1: files whose part was computed, read from the cache */
    size_t viewed;             /* files checked in pass 1 with the other files' summaries they
                                  name (computed, not read from the cache) */
    size_t rechecked;          /* files checked again in pass 2 (parsed, or from the cache) */
    size_t parsed;             /* translation units parsed in all */
    size_t skipped;            /* files never parsed: their scan showed that nothing in them
                                  can matter (prefilter.h) */
    size_t joined;             /* files pass 1 skipped at first, then parsed: the merged
                                  model had a name they reach */
};

/* Analyses every input of job into report (like sl_parallel_analyse), with
 * pass 1 first when there is more than one input. stats may be NULL. */
void sl_xtu_analyse(const struct sl_parallel_job *job, struct sl_report *report,
                    struct sl_xtu_stats *stats);

/* Merges the pass-1 parts (as cached: {"summaries", "defined", "declared"},
 * and "names" for a file checked in pass 1; NULL parts are skipped) in the order given into `global` (initialised by
 * the caller). A name defined in several files keeps the first file's
 * summary, marked guessed; a declared-only guess is kept only for names no
 * file defines. */
void sl_xtu_merge(const cJSON *const *parts, size_t nparts, const struct sl_model *model,
                  struct sl_model *global);

#endif
