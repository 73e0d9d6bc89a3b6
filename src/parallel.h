/*
 * parallel.h: the per-file loop of a run, spread over worker threads. Each
 * worker has its own CXIndex (created by its first parse, one worker at a
 * time: libclang's index creation is not safe to race; a run that parses
 * nothing never loads libclang, libclang_file.h) and its own report; the
 * reports are merged at the end, and sl_report_finish's total order makes
 * the output byte-identical for any number of workers. Each file goes
 * through the cache (when one is given), the scan before parsing, the parse,
 * the pre-filter (prefilter.h) and the analysis.
 */
#ifndef SL_PARALLEL_H
#define SL_PARALLEL_H

#include <stdatomic.h>

#include "analyze.h"
#include "cache.h"
#include "inputs.h"
#include "prescan.h"
#include "progress.h"
#include "report.h"

struct sl_parallel_job {
    const struct sl_options *opts;
    const struct sl_inputs *inputs;
    struct sl_cache *cache;  /* NULL: no cache */
    unsigned jobs;           /* worker threads; 0 = one per online CPU */
    const struct sl_progress *progress; /* NULL: none (progress.h) */
    const struct sl_inputs *others; /* xtu.h: also summarised in pass 1, not checked (the
                                       other shards' files), or NULL */
    atomic_size_t *parsed;   /* counts the files parsed (sl_parallel_parse), or NULL */
    struct sl_prescan_cache *prescan; /* scans files before parsing them (the pre-filter), or
                                         NULL: every file is parsed */
    atomic_size_t *skipped;  /* counts the files sl_parallel_analyse did not parse because
                                their scan showed they cannot matter, or NULL */
    const size_t *order;     /* the inputs (indices) in the order to start them, or NULL:
                                largest first */
};

/* Analyses every input of job into report (merged, not yet finished);
 * report->files_analyzed counts the files analysed, those skipped before
 * parsing included (nothing in them can produce a finding). */
void sl_parallel_analyse(const struct sl_parallel_job *job, struct sl_report *report);

/* A worker's CXIndex: NULL until sl_parallel_parse first needs it. */
struct sl_lazy_index {
    CXIndex index;
};

/* Runs each(ctx, index, i, report) for every input i of job, spread over
 * the job's workers like sl_parallel_analyse (each worker has its own
 * index and report; `report` gets them merged). each must be thread-safe. */
typedef void sl_parallel_each_fn(void *ctx, struct sl_lazy_index *index, size_t i,
                                 struct sl_report *out);
void sl_parallel_for_each(const struct sl_parallel_job *job, sl_parallel_each_fn *each, void *ctx,
                          struct sl_report *report);

/* Parses input `in` of job (its unsaved contents, if any, instead of the
 * file's); parse problems go to out. NULL when the file could not be parsed. */
CXTranslationUnit sl_parallel_parse(const struct sl_parallel_job *job,
                                    struct sl_lazy_index *index, const struct sl_input *in,
                                    struct sl_report *out);

/* The job's cache for `in`, or NULL: none, or an editor buffer (unsaved
 * contents), which differs from what is on disk, what the cache's hashes
 * describe. */
struct sl_cache *sl_parallel_cache(const struct sl_parallel_job *job, const struct sl_input *in);

/* Number of online CPUs (sysconf), at least 1. */
unsigned sl_parallel_default_jobs(void);

#endif
