/*
 * parallel.c: the driver's file loop (parallel.h). Workers take the next
 * file, largest first, from a shared atomic counter, so a few large files
 * do not leave the other workers idle; each file's result is first built in a report of its
 * own (that is what the cache stores) and then moved into the worker's.
 * Every worker, the only one of -j1 too, is a thread with a large stack
 * (bigstack.h) on which its parses and analyses run in place.
 */
#define _POSIX_C_SOURCE 200809L /* sysconf, stat */

#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bigstack.h"
#include "prefilter.h"
#include "tu.h"
#include "util.h"

struct shared {
    const struct sl_parallel_job *job;
    bool prefilter;
    struct sl_intern wanted; /* with job->prescan: what a file must reach to be parsed */
    const size_t *order; /* inputs in the order to start them: the job's, or largest first */
    atomic_size_t next;  /* position in order of the next input to take */
    sl_parallel_each_fn *each; /* what a worker does with input i */
    void *ctx;
};

struct worker {
    struct shared *shared;
    struct sl_lazy_index index;
    struct sl_report report;
    struct sl_bigstack_thread thread;
};

unsigned sl_parallel_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

struct sl_cache *sl_parallel_cache(const struct sl_parallel_job *job, const struct sl_input *in)
{
    return in->unsaved ? NULL : job->cache;
}

static CXIndex index_of(struct sl_lazy_index *lazy)
{
    static pthread_mutex_t creating = PTHREAD_MUTEX_INITIALIZER;
    if (!lazy->index) {
        pthread_mutex_lock(&creating);
        lazy->index = clang_createIndex(0, 0);
        pthread_mutex_unlock(&creating);
    }
    return lazy->index;
}

CXTranslationUnit sl_parallel_parse(const struct sl_parallel_job *job,
                                    struct sl_lazy_index *index, const struct sl_input *in,
                                    struct sl_report *out)
{
    struct CXUnsavedFile unsaved = {.Filename = in->file, .Contents = in->unsaved,
                                    .Length = (unsigned long)in->unsaved_len};
    if (job->parsed)
        atomic_fetch_add(job->parsed, 1);
    return sl_tu_parse(index_of(index), in->file, in->display_name,
                       (const char *const *)in->args, in->nargs, job->opts->resource_dir,
                       in->unsaved ? &unsaved : NULL, in->unsaved ? 1 : 0, out);
}

/* Parses and analyses one input into unit; the cache gets the result. A
 * file whose scan reaches no modelled or summarised name is not parsed. */
static void analyse_fresh(const struct shared *sh, struct sl_lazy_index *index,
                          const struct sl_input *in, struct sl_report *unit)
{
    const struct sl_options *opts = sh->job->opts;
    if (sh->job->prescan && sl_prefilter_skips(sh->job->prescan, in, &sh->wanted, NULL)) {
        unit->files_analyzed++;
        if (sh->job->skipped)
            atomic_fetch_add(sh->job->skipped, 1);
        return;
    }
    CXTranslationUnit tu = sl_parallel_parse(sh->job, index, in, unit);
    if (!tu)
        return;
    /* the functions of other files (xtu.h) are modelled functions too */
    if (!sh->prefilter || sl_prefilter_may_find(tu, opts->model) ||
        (opts->global_summaries && sl_prefilter_may_find(tu, opts->global_summaries)))
        sl_analyze_parsed(opts, tu, in->file, in->display_name, unit);
    else
        unit->files_analyzed++; /* nothing in it can produce a finding */
    struct sl_cache *cache = sl_parallel_cache(sh->job, in);
    if (cache)
        sl_cache_store(cache, in, tu, unit);
    clang_disposeTranslationUnit(tu);
}

static void analyse_input(const struct shared *sh, struct sl_lazy_index *index,
                          const struct sl_input *in, struct sl_report *out)
{
    struct sl_report unit;
    sl_report_init(&unit);
    struct sl_cache *cache = sl_parallel_cache(sh->job, in);
    if (!cache || !sl_cache_load(cache, in, &unit))
        analyse_fresh(sh, index, in, &unit);
    sl_report_merge(out, &unit);
}

static void worker_main(void *arg)
{
    struct worker *w = arg;
    const struct sl_inputs *inputs = w->shared->job->inputs;
    for (;;) {
        size_t taken = atomic_fetch_add(&w->shared->next, 1);
        if (taken >= inputs->len)
            return;
        size_t i = w->shared->order[taken];
        if (w->shared->job->progress)
            sl_progress_update(w->shared->job->progress, taken, inputs->items[i].display_name);
        w->shared->each(w->shared->ctx, &w->index, i, &w->report);
    }
}

static void analyse_each(void *ctx, struct sl_lazy_index *index, size_t i,
                         struct sl_report *out)
{
    const struct shared *sh = ctx;
    analyse_input(sh, index, &sh->job->inputs->items[i], out);
}

static unsigned worker_count(const struct sl_parallel_job *job)
{
    unsigned n = job->jobs ? job->jobs : sl_parallel_default_jobs();
    if (n > job->inputs->len)
        n = job->inputs->len ? (unsigned)job->inputs->len : 1;
    return n;
}

/* Starts workers 1..n-1 on threads; returns how many threads started (a
 * failure to start leaves the work to those that did and to worker 0).
 * Each worker parses and analyses on its own thread's large stack
 * (bigstack.h), not on a thread per call. */
static unsigned start_threads(struct worker *workers, unsigned n)
{
    unsigned started = 1;
    for (; started < n; started++)
        if (!sl_bigstack_start(&workers[started].thread, worker_main, &workers[started]))
            break;
    return started;
}

struct sized_input {
    size_t index;
    long long size;
};

static int larger_first(const void *a, const void *b)
{
    const struct sized_input *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The inputs by decreasing size: the largest files start first, so the
 * last file to finish is a small one and no worker idles at the end for
 * long (the results do not depend on the order). */
static size_t *largest_first(const struct sl_inputs *inputs)
{
    struct sized_input *sized = sl_xcalloc(inputs->len + 1, sizeof *sized);
    for (size_t i = 0; i < inputs->len; i++) {
        const struct sl_input *in = &inputs->items[i];
        struct stat st;
        sized[i].index = i;
        sized[i].size = in->unsaved ? (long long)in->unsaved_len
                        : stat(in->file, &st) == 0 ? (long long)st.st_size : 0;
    }
    qsort(sized, inputs->len, sizeof *sized, larger_first);
    size_t *order = sl_xcalloc(inputs->len + 1, sizeof *order);
    for (size_t i = 0; i < inputs->len; i++)
        order[i] = sized[i].index;
    free(sized);
    return order;
}

static void run_workers(struct shared *sh, struct sl_report *report)
{
    const struct sl_parallel_job *job = sh->job;
    atomic_init(&sh->next, 0);
    size_t *largest = job->order ? NULL : largest_first(job->inputs);
    sh->order = job->order ? job->order : largest;
    unsigned n = worker_count(job);
    struct worker *workers = sl_xcalloc(n, sizeof *workers);
    for (unsigned i = 0; i < n; i++) {
        workers[i].shared = sh;
        sl_report_init(&workers[i].report);
    }
    unsigned started = start_threads(workers, n);
    sl_bigstack_call(worker_main, &workers[0]);
    for (unsigned i = 0; i < n; i++) {
        if (i > 0 && i < started)
            sl_bigstack_join(&workers[i].thread);
        sl_report_merge(report, &workers[i].report);
        if (workers[i].index.index)
            clang_disposeIndex(workers[i].index.index);
    }
    free(workers);
    free(largest);
}

void sl_parallel_analyse(const struct sl_parallel_job *job, struct sl_report *report)
{
    struct shared sh = {.job = job, .prefilter = sl_prefilter_enabled(), .each = analyse_each};
    sh.ctx = &sh;
    if (job->prescan) {
        sl_prefilter_want(&sh.wanted, job->opts->model);
        if (job->opts->global_summaries) /* the functions of other files count too (xtu.h) */
            sl_prefilter_want(&sh.wanted, job->opts->global_summaries);
    }
    run_workers(&sh, report);
    sl_intern_free(&sh.wanted);
}

void sl_parallel_for_each(const struct sl_parallel_job *job, sl_parallel_each_fn *each, void *ctx,
                          struct sl_report *report)
{
    struct shared sh = {.job = job, .each = each, .ctx = ctx};
    run_workers(&sh, report);
}
