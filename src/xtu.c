/*
 * xtu.c: the two-pass driver (xtu.h). A file's pass-1 part is a JSON object
 * {"summaries": [sl_func...], "defined": [name...], "declared": [sl_func...],
 * "names": [name...], "view": [sl_func...]} (summary_json.h; "names" only
 * for a file to check, "view" only when its check saw other files'
 * summaries): the same text whether computed or read from the cache, so
 * both go through one merge and one test of what pass 2 must check again.
 * Pass 1 reads the cache, then computes the rest definers first
 * (xtu_order.h), so that a file to check usually finds the summaries it
 * names merged already; the final merge then says whether it saw the right
 * ones. The merged model's JSON is mixed into the cache key of pass 2:
 * those files' findings depend on the other files.
 */
#include "xtu.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "ast.h"
#include "prefilter.h"
#include "sha256.h"
#include "summary_json.h"
#include "tu.h"
#include "util.h"
#include "xtu_order.h"

/* ---- pass 1: one file's part ---- */

struct part_builder {
    const struct sl_model *model;
    cJSON *part, *defined, *declared;
    bool handle_params; /* a definition takes a handle: it may escape (no modelled call needed) */
};

static int kind_of_type(const struct sl_model *model, CXType t)
{
    int k = sl_ast_type_kind(model, t);
    const struct sl_kind *kind = k >= 0 ? &model->kinds[k] : NULL;
    return kind && kind->role != SL_ROLE_LOCK ? k : -1; /* locks are objects, never returned */
}

static void guess_acquire(struct sl_func *f, int kind, int pos)
{
    f->acquires = sl_xrealloc(f->acquires, (f->nacquires + 1) * sizeof *f->acquires);
    f->acquires[f->nacquires++] = (struct sl_acquire){
        .kind = kind, .pos = pos, .success = {.kind = SL_SUCCESS_NONNULL}, .owned = true,
        .parent_arg = SL_NO_ARG, .kind_arg = SL_NO_ARG, .only_if_null_arg = SL_NO_ARG};
}

/* A declared-only function returning a handle, or writing one through a
 * pointer parameter, is taken to create it (docs/limitations.md). */
static void add_guess(struct part_builder *b, CXCursor decl, const char *name)
{
    struct sl_func f = {.name = sl_xstrdup(name), .status_of_arg = SL_NO_ARG,
                        .disconnect_arg = SL_NO_ARG, .attach_session_arg = SL_NO_ARG,
                        .attach_opts_arg = SL_NO_ARG, .needs_session_opts_arg = SL_NO_ARG,
                        .session_state_name_arg = SL_NO_ARG, .from_summary = true,
                        .guessed = true};
    int kind = kind_of_type(b->model, clang_getResultType(clang_getCursorType(decl)));
    if (kind >= 0)
        guess_acquire(&f, kind, SL_POS_RETURN);
    int n = clang_Cursor_getNumArguments(decl);
    for (int i = 0; i < n; i++) {
        CXType t = clang_getCanonicalType(clang_getCursorType(clang_Cursor_getArgument(decl, i)));
        kind = t.kind == CXType_Pointer ? kind_of_type(b->model, clang_getPointeeType(t)) : -1;
        if (kind >= 0)
            guess_acquire(&f, kind, i);
    }
    if (f.nacquires)
        cJSON_AddItemToArray(b->declared, sl_func_to_json(&f));
    sl_func_free(&f);
}

static bool declared_only(CXCursor c)
{
    return !clang_isCursorDefinition(c) && clang_Cursor_isNull(clang_getCursorDefinition(c)) &&
           !clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

/* A guess for `name` is already in the part (a repeated declaration). */
static bool guessed_already(const cJSON *guesses, const char *name)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, guesses)
        if (strcmp(cJSON_GetObjectItemCaseSensitive(g, "name")->valuestring, name) == 0)
            return true;
    return false;
}

static bool takes_handle(const struct sl_model *model, CXCursor fn)
{
    int n = clang_Cursor_getNumArguments(fn);
    for (int i = 0; i < n; i++)
        if (kind_of_type(model, clang_getCursorType(clang_Cursor_getArgument(fn, i))) >= 0)
            return true;
    return false;
}

static void add_definition(struct part_builder *b, CXCursor fn, const char *name)
{
    cJSON_AddItemToArray(b->defined, cJSON_CreateString(name));
    b->handle_params = b->handle_params || takes_handle(b->model, fn);
}

static enum CXChildVisitResult visit_function(CXCursor c, CXCursor parent, CXClientData data)
{
    struct part_builder *b = data;
    (void)parent;
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl ||
        clang_getCursorLinkage(c) != CXLinkage_External)
        return CXChildVisit_Continue;
    CXString s = clang_getCursorSpelling(c);
    const char *name = clang_getCString(s);
    bool main_file = clang_Location_isFromMainFile(clang_getCursorLocation(c));
    if (clang_isCursorDefinition(c) && main_file)
        add_definition(b, c, name);
    else if (declared_only(c) && !sl_model_find_func(b->model, name) &&
             !guessed_already(b->declared, name))
        add_guess(b, c, name);
    clang_disposeString(s);
    return CXChildVisit_Continue;
}

/* The pre-filter's question, widened: a function that only stores a
 * handle it receives calls nothing modelled but still has a summary. */
static bool worth_summarising(const struct part_builder *b, CXTranslationUnit tu, bool prefilter)
{
    return !prefilter || b->handle_params || sl_prefilter_may_find(tu, b->model);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names whose entry in the merged model could change the result of a
 * file checked in pass 1, where no other file's summary was visible. The
 * engine reads other files' summaries in one place, sl_check_lookup, by a
 * call's callee name, and only for a name the file does not define; a file
 * the pre-filter skipped would be analysed in pass 2 if any name it refers
 * to had a summary there. */
static cJSON *dependencies(const struct sl_prefilter_names *n, bool analysed)
{
    cJSON *names = cJSON_CreateArray();
    for (size_t i = 0; i < n->nrefs; i++)
        if (!analysed ||
            !bsearch(&n->refs[i], n->defined, n->ndefined, sizeof *n->defined, compare_names))
            cJSON_AddItemToArray(names, cJSON_CreateString(n->refs[i]));
    return names;
}

/* Pass 1 reads the cache first, then computes what it lacks, then the
 * files the merge brings back (join_skipped). */
enum pass1_stage { LOAD, COMPUTE, JOIN };

struct pass1 {
    const struct sl_parallel_job *job; /* inputs: the files to check, then the others */
    const struct sl_progress *progress;  /* for the files to check, or NULL */
    size_t nchecked;
    bool prefilter;
    cJSON **parts;             /* by input index; NULL when the file did not parse or was
                                  skipped before parsing */
    atomic_bool *ready;        /* by input index: parts[i] is what this round gives it */
    size_t *place;             /* by input index: its place in the order computed, or
                                  SIZE_MAX (read from the cache) */
    pthread_mutex_t lock;      /* with `done`, signalled whenever a file is ready: a */
    pthread_cond_t done;       /* worker waits for a file before its own (finished_before) */
    struct sl_report *reports; /* by checked input index: the check in pass 1 */
    atomic_size_t summarised, reused, viewed, shown;
    struct sl_intern wanted;   /* with job->prescan: what a file must reach to be parsed */
    struct sl_prescan *skipped; /* by input index: the scan of a file skipped before parsing
                                   (known), until the merge says it may matter */
    const struct sl_xtu_order *order; /* the files computed, definers first, or NULL */
    const size_t *round;       /* the inputs of the round, by index in job, or NULL: all */
    enum pass1_stage stage;
};

/* ---- pass 1: the summaries a file to check sees ---- */

struct ordered_part {
    const char *file;
    const cJSON *part;
};

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const struct ordered_part *)a)->file, ((const struct ordered_part *)b)->file);
}

/* The entries of `model` for `names`: what a check reads of it. */
static cJSON *view_of(const cJSON *names, const struct sl_model *model)
{
    cJSON *view = cJSON_CreateArray();
    const cJSON *name;
    cJSON_ArrayForEach(name, names) {
        const struct sl_func *f = sl_model_find_func(model, name->valuestring);
        if (f)
            cJSON_AddItemToArray(view, sl_func_to_json(f));
    }
    return view;
}

static bool finished(const struct pass1 *p, size_t i)
{
    return atomic_load_explicit(&p->ready[i], memory_order_acquire);
}

/* Marks input i's part final for this round and wakes the workers waiting
 * for it. */
static void mark_ready(struct pass1 *p, size_t i)
{
    pthread_mutex_lock(&p->lock);
    atomic_store_explicit(&p->ready[i], true, memory_order_release);
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->lock);
}

/* Whether input j has finished this round, waiting for it when it comes
 * before `self` in the order: then another worker has started it (workers
 * take the files in order), and waiting beats a view without its summaries,
 * which would cost `self` a second parse in pass 2, alone at the end of the
 * run when `self` is large. It cannot deadlock: a worker only ever waits
 * for a file before its own. */
static bool finished_before(struct pass1 *p, size_t j, size_t self)
{
    if (p->place[j] >= p->place[self])
        return finished(p, j);
    pthread_mutex_lock(&p->lock);
    while (!finished(p, j))
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
    return true;
}

/* The files but `self` that define one of `names`, by the scan or by their
 * cached parts, and have finished this round with a part (those before
 * `self` in the order waited for); then `self`. */
static size_t *finished_definers(struct pass1 *p, size_t self, const cJSON *names, size_t *n)
{
    SL_VEC(size_t) found = {0};
    const cJSON *name;
    cJSON_ArrayForEach(name, names) {
        const sl_ps_ids *d = sl_xtu_order_definers(p->order, name->valuestring);
        for (size_t k = 0; d && k < d->len; k++) {
            size_t j = (size_t)d->items[k];
            if (j != self && finished_before(p, j, self) && p->parts[j])
                sl_vec_push(&found, j);
        }
    }
    *n = found.len;
    sl_vec_push(&found, self);
    return found.items;
}

/* Merges into `seen` the finished parts that define one of `names` and the
 * file's own (its guesses), in file order like the final merge. */
static void merge_definers(struct pass1 *p, size_t self, const cJSON *own,
                           const cJSON *names, struct sl_model *seen)
{
    size_t n;
    size_t *definers = finished_definers(p, self, names, &n);
    struct ordered_part *order = sl_xcalloc(n + 1, sizeof *order);
    order[0] = (struct ordered_part){p->job->inputs->items[self].file, own};
    size_t len = 1;
    for (size_t k = 0; k < n; k++) {
        const cJSON *part = p->parts[definers[k]];
        bool again = false; /* a file defining several of the names */
        for (size_t m = 0; m < len && !again; m++)
            again = order[m].part == part;
        if (!again)
            order[len++] = (struct ordered_part){p->job->inputs->items[definers[k]].file, part};
    }
    qsort(order, len, sizeof *order, compare_files);
    const cJSON **parts = sl_xcalloc(len, sizeof *parts);
    for (size_t k = 0; k < len; k++)
        parts[k] = order[k].part;
    sl_xtu_merge(parts, len, p->job->opts->model, seen);
    free(parts);
    free(order);
    free(definers);
}

/* What the parts finished so far give the names of a file to check: its
 * view, and `seen`, the model it comes from. With the files computed
 * definers first it is usually what the final merge gives; keep_or_recheck
 * tells. NULL when it is empty: the file is checked alone. */
static cJSON *view_so_far(struct pass1 *p, size_t self, const cJSON *own,
                          const cJSON *names, struct sl_model *seen)
{
    if (!cJSON_GetArraySize(names))
        return NULL;
    merge_definers(p, self, own, names, seen);
    cJSON *view = view_of(names, seen);
    if (cJSON_GetArraySize(view))
        return view;
    cJSON_Delete(view);
    return NULL;
}

/* Summarises file `self` as if it were alone, as every file is (the
 * merged model must not depend on the order of work), and checks it with
 * what `seen` gives the names of its part (the view, recorded in the part).
 * `alone`: the file reaches a modelled name itself. */
static void check_with_view(struct pass1 *p, const struct part_builder *b, CXTranslationUnit tu,
                            size_t self, bool alone, cJSON *view, const struct sl_model *seen,
                            struct sl_report *check, struct sl_model *summaries)
{
    const struct sl_input *in = &p->job->inputs->items[self];
    struct sl_options opts = *p->job->opts;
    if (alone || b->handle_params)
        sl_analyze_summarise(&opts, tu, in->file, summaries);
    opts.global_summaries = seen;
    sl_analyze_parsed(&opts, tu, in->file, in->display_name, check);
    cJSON_AddItemToObject(b->part, "view", view);
    atomic_fetch_add(&p->viewed, 1);
}

/* A file to check: the check as pass 2 runs it (parallel.c), with the
 * other files' summaries it names as far as pass 1 has them (view_so_far);
 * its summaries; and the "names" its result depends on into the part. Like
 * pass 2, it analyses a file that reaches a modelled name or a summarised
 * one. */
static void check_and_summarise(struct pass1 *p, const struct part_builder *b,
                                CXTranslationUnit tu, size_t self, struct sl_report *check,
                                struct sl_model *summaries)
{
    const struct sl_options *opts = p->job->opts;
    const struct sl_input *in = &p->job->inputs->items[self];
    struct sl_prefilter_names names;
    sl_prefilter_names(tu, &names);
    bool alone = !p->prefilter || sl_prefilter_names_may_find(&names, opts->model);
    cJSON *depends = dependencies(&names, alone);
    cJSON_AddItemToObject(b->part, "names", depends);
    sl_prefilter_names_free(&names);
    struct sl_model seen;
    sl_model_init(&seen);
    cJSON *view = view_so_far(p, self, b->part, depends, &seen);
    if (view) {
        check_with_view(p, b, tu, self, alone, view, &seen, check, summaries);
    } else if (alone) {
        sl_analyze_parsed_summarising(opts, tu, in->file, in->display_name, check, summaries);
    } else {
        check->files_analyzed++; /* nothing in it can produce a finding */
        if (b->handle_params)
            sl_analyze_summarise(opts, tu, in->file, summaries);
    }
    sl_model_free(&seen);
}

/* `check`: where the check of a file to check goes; NULL for the others. */
static cJSON *build_part(struct pass1 *p, CXTranslationUnit tu, size_t i, struct sl_report *check)
{
    const struct sl_options *opts = p->job->opts;
    cJSON *part = cJSON_CreateObject();
    cJSON *out = cJSON_AddArrayToObject(part, "summaries");
    struct part_builder b = {.model = opts->model, .part = part,
                             .defined = cJSON_AddArrayToObject(part, "defined"),
                             .declared = cJSON_AddArrayToObject(part, "declared")};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_function, &b);
    struct sl_model summaries;
    sl_model_init(&summaries);
    if (check)
        check_and_summarise(p, &b, tu, i, check, &summaries);
    else if (worth_summarising(&b, tu, p->prefilter))
        sl_analyze_summarise(opts, tu, p->job->inputs->items[i].file, &summaries);
    const cJSON *name;
    cJSON_ArrayForEach(name, b.defined) {
        const struct sl_func *f = sl_model_find_func(&summaries, name->valuestring);
        if (f)
            cJSON_AddItemToArray(out, sl_func_to_json(f));
    }
    sl_model_free(&summaries);
    return part;
}

/* ---- pass 1: the loop ---- */

/* Parses input i and builds its part (and its check); parse problems of
 * the others are dropped: their own shard reports them. */
static void compute_part(struct pass1 *p, struct sl_lazy_index *index, size_t i,
                         struct sl_cache *cache)
{
    const struct sl_input *in = &p->job->inputs->items[i];
    struct sl_report *check = i < p->nchecked ? &p->reports[i] : NULL;
    struct sl_report dropped;
    sl_report_init(&dropped);
    struct sl_report *unit = check ? check : &dropped;
    CXTranslationUnit tu = sl_parallel_parse(p->job, index, in, unit);
    if (tu) {
        p->parts[i] = build_part(p, tu, i, check);
        atomic_fetch_add(&p->summarised, 1);
        if (cache && sl_cache_storable(unit, tu))
            sl_cache_store_part(cache, in, tu, p->parts[i], check);
        clang_disposeTranslationUnit(tu);
    }
    sl_report_free(&dropped);
}

static void show(struct pass1 *p, size_t i)
{
    if (i < p->nchecked && p->progress)
        sl_progress_update(p->progress, atomic_fetch_add(&p->shown, 1),
                           p->job->inputs->items[i].display_name);
}

/* Input k of the round. LOAD: its part from the cache, if there. COMPUTE:
 * none (skipped before parsing: settled after the merge, merge_settled), or
 * computed. JOIN: computed. */
static void pass1_input(void *ctx, struct sl_lazy_index *index, size_t k, struct sl_report *out)
{
    struct pass1 *p = ctx;
    size_t i = p->round ? p->round[k] : k;
    const struct sl_input *in = &p->job->inputs->items[i];
    struct sl_cache *cache = sl_parallel_cache(p->job, in);
    (void)out; /* the checks are kept by file, in p->reports */
    if (p->stage == LOAD) {
        p->parts[i] = cache ? sl_cache_load_part(cache, in, i < p->nchecked ? &p->reports[i]
                                                                            : NULL)
                            : NULL;
        if (p->parts[i]) {
            show(p, i);
            atomic_fetch_add(&p->reused, 1);
        }
        return;
    }
    if (p->stage == COMPUTE)
        show(p, i);
    if (p->stage == JOIN || !p->job->prescan ||
        !sl_prefilter_skips(p->job->prescan, in, &p->wanted, &p->skipped[i]))
        compute_part(p, index, i, cache);
    mark_ready(p, i);
}

/* One round over the inputs listed in `which` (indices; NULL: all of them),
 * in that order or largest first. */
static void run_round(struct pass1 *p, enum pass1_stage stage, const size_t *which, size_t n,
                      bool in_order)
{
    struct sl_inputs files = {0};
    size_t *identity = sl_xcalloc(n + 1, sizeof *identity);
    for (size_t k = 0; which && k < n; k++) {
        sl_vec_push(&files, p->job->inputs->items[which[k]]);
        identity[k] = k;
    }
    struct sl_parallel_job round = *p->job;
    round.inputs = which ? &files : p->job->inputs;
    round.order = in_order ? identity : NULL;
    p->stage = stage;
    p->round = which;
    struct sl_report unused;
    sl_report_init(&unused);
    sl_parallel_for_each(&round, pass1_input, p, &unused);
    sl_report_free(&unused);
    p->round = NULL;
    sl_vec_free(&files);
    free(identity);
}

/* The files defined by the parts read from the cache (their text was not
 * scanned). */
static void add_cached_definers(const struct pass1 *p, struct sl_xtu_order *order)
{
    for (size_t i = 0; i < p->job->inputs->len; i++) {
        const cJSON *defined = cJSON_GetObjectItemCaseSensitive(p->parts[i], "defined"), *name;
        cJSON_ArrayForEach(name, defined)
            if (cJSON_IsString(name))
                sl_xtu_order_add_definer(order, name->valuestring, i);
    }
}

/* The files with a cache entry are ready at once; the others are computed
 * definers first (xtu_order.h), so that a file to check usually finds the
 * summaries it names merged already and needs no second parse. */
static void pass1_rounds(struct pass1 *p, struct sl_xtu_order *order)
{
    const struct sl_inputs *inputs = p->job->inputs;
    if (p->job->cache)
        run_round(p, LOAD, NULL, inputs->len, false);
    SL_VEC(size_t) missing = {0};
    for (size_t i = 0; i < inputs->len; i++)
        if (p->parts[i])
            atomic_store_explicit(&p->ready[i], true, memory_order_relaxed);
        else
            sl_vec_push(&missing, i);
    if (missing.len) {
        sl_xtu_order_scan(order, inputs, missing.items, missing.len);
        for (size_t k = 0; k < order->len; k++)
            p->place[order->order[k]] = k;
        add_cached_definers(p, order);
        p->order = order;
        run_round(p, COMPUTE, order->order, order->len, true);
    }
    sl_vec_free(&missing);
}

/* ---- merge ---- */

static void put_parsed(struct sl_model *dst, const cJSON *json, const struct sl_model *model)
{
    struct sl_func f;
    if (sl_func_from_json(json, model, &f) == 0) {
        sl_model_put_func(dst, &f);
        sl_func_free(&f);
    }
}

/* Another file already defined `name`: its summary (if any) is a guess now. */
static void mark_collision(struct sl_model *global, const char *name)
{
    const struct sl_func *kept = sl_model_find_func(global, name);
    if (!kept || kept->guessed)
        return;
    struct sl_func copy = *kept;
    copy.guessed = true;
    sl_model_put_func(global, &copy);
}

static void merge_definitions(const cJSON *part, const struct sl_model *model,
                              struct sl_model *global, struct sl_model *defined)
{
    const cJSON *name, *summary;
    cJSON_ArrayForEach(summary, cJSON_GetObjectItemCaseSensitive(part, "summaries")) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(summary, "name");
        if (cJSON_IsString(n) && !sl_model_find_func(defined, n->valuestring))
            put_parsed(global, summary, model);
    }
    cJSON_ArrayForEach(name, cJSON_GetObjectItemCaseSensitive(part, "defined")) {
        if (!cJSON_IsString(name))
            continue;
        if (sl_model_find_func(defined, name->valuestring))
            mark_collision(global, name->valuestring);
        else
            sl_model_put_func(defined, &(struct sl_func){.name = name->valuestring});
    }
}

static void merge_guesses(const cJSON *part, const struct sl_model *model,
                          struct sl_model *global, const struct sl_model *defined)
{
    const cJSON *guess;
    cJSON_ArrayForEach(guess, cJSON_GetObjectItemCaseSensitive(part, "declared")) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(guess, "name");
        if (cJSON_IsString(n) && !sl_model_find_func(defined, n->valuestring) &&
            !sl_model_find_func(global, n->valuestring))
            put_parsed(global, guess, model);
    }
}

void sl_xtu_merge(const cJSON *const *parts, size_t nparts, const struct sl_model *model,
                  struct sl_model *global)
{
    struct sl_model defined; /* names only: a set with the model's hash index */
    sl_model_init(&defined);
    for (size_t i = 0; i < nparts; i++)
        if (parts[i])
            merge_definitions(parts[i], model, global, &defined);
    for (size_t i = 0; i < nparts; i++)
        if (parts[i])
            merge_guesses(parts[i], model, global, &defined);
    sl_model_free(&defined);
}

/* ---- the run ---- */

/* The parts in sorted file order: the merge must not depend on -j. */
static void merge_sorted(const struct pass1 *p, struct sl_model *global)
{
    const struct sl_inputs *inputs = p->job->inputs;
    struct ordered_part *order = sl_xcalloc(inputs->len, sizeof *order);
    const cJSON **parts = sl_xcalloc(inputs->len, sizeof *parts);
    for (size_t i = 0; i < inputs->len; i++)
        order[i] = (struct ordered_part){inputs->items[i].file, p->parts[i]};
    qsort(order, inputs->len, sizeof *order, compare_files);
    for (size_t i = 0; i < inputs->len; i++)
        parts[i] = order[i].part;
    sl_xtu_merge(parts, inputs->len, p->job->opts->model, global);
    free(parts);
    free(order);
}

/* Pass 1 covers the files to check and the other shards' files, so every
 * shard sees the summaries a single run would (shallow copies: the items
 * stay owned by their lists). */
static struct sl_inputs pass1_inputs(const struct sl_parallel_job *job)
{
    struct sl_inputs all = {0};
    for (size_t i = 0; i < job->inputs->len; i++)
        sl_vec_push(&all, job->inputs->items[i]);
    for (size_t i = 0; job->others && i < job->others->len; i++)
        sl_vec_push(&all, job->others->items[i]);
    return all;
}

/* ---- files skipped before parsing ---- */

/* Pass 1 over the files skipped before parsing whose scan reaches a
 * function of `global`: a call to it, or a definition of the same name
 * (it makes the summary a guess); returns how many. */
static size_t join_skipped(struct pass1 *p, const struct sl_model *global)
{
    if (!p->order) /* every part came from the cache: nothing was skipped */
        return 0;
    const char **names = sl_xcalloc(global->nfuncs + 1, sizeof *names);
    SL_VEC(size_t) joiners = {0};
    for (size_t i = 0; i < global->nfuncs; i++)
        names[i] = global->funcs[i].name;
    for (size_t k = 0; k < p->order->len; k++) { /* definers first, as in the first round */
        size_t i = p->order->order[k];
        if (p->skipped[i].known && sl_prescan_meets(&p->skipped[i], names, global->nfuncs)) {
            sl_prescan_free(&p->skipped[i]);
            sl_vec_push(&joiners, i);
            atomic_store_explicit(&p->ready[i], false, memory_order_relaxed);
        }
    }
    if (joiners.len)
        run_round(p, JOIN, joiners.items, joiners.len, true);
    size_t joined = joiners.len;
    sl_vec_free(&joiners);
    free(names);
    return joined;
}

/* Merges the parts into `global` until the files still skipped reach none
 * of its functions: then their parts (definitions and, with no modelled
 * name in reach, no summary or guess) would not change it, and neither
 * would the merge change their checks (docs/scaling.md). Each of those
 * counts as analysed. */
static void merge_settled(struct pass1 *p, struct sl_model *global, struct sl_xtu_stats *stats)
{
    merge_sorted(p, global);
    for (size_t joined; (joined = join_skipped(p, global)) > 0;) {
        stats->joined += joined;
        sl_model_free(global);
        sl_model_init(global);
        merge_sorted(p, global);
    }
    for (size_t i = 0; i < p->job->inputs->len; i++) {
        if (!p->skipped[i].known)
            continue;
        if (i < p->nchecked)
            p->reports[i].files_analyzed++;
        stats->skipped++;
        sl_prescan_free(&p->skipped[i]);
    }
}

/* ---- pass 2: the files the merged model can change ---- */

/* Whether the merged model gives the names of a part other entries than
 * its file's check saw: its "view" (none: it was checked alone, and saw
 * none). A part without a valid list of names (a damaged cache entry)
 * saw nothing that can be trusted. */
static bool view_changed(const cJSON *part, const struct sl_model *global)
{
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(part, "names"), *name;
    if (!cJSON_IsArray(names))
        return true;
    cJSON_ArrayForEach(name, names)
        if (!cJSON_IsString(name))
            return true;
    cJSON *now = view_of(names, global);
    const cJSON *seen = cJSON_GetObjectItemCaseSensitive(part, "view");
    bool changed = seen ? !cJSON_Compare(now, seen, true) : cJSON_GetArraySize(now) > 0;
    cJSON_Delete(now);
    return changed;
}

/* Moves the pass-1 check of each file to check into report, unless the
 * merged model can change it: that file goes to `again` (a shallow copy). A
 * file that did not parse keeps its check, the parse error; one skipped
 * before parsing its count as analysed. */
static void keep_or_recheck(struct pass1 *p, const struct sl_model *global,
                            struct sl_report *report, struct sl_inputs *again)
{
    for (size_t i = 0; i < p->nchecked; i++) {
        if (p->parts[i] && view_changed(p->parts[i], global))
            sl_vec_push(again, p->job->inputs->items[i]);
        else
            sl_report_merge(report, &p->reports[i]);
        sl_report_free(&p->reports[i]);
    }
}

static void key_pass2(struct sl_cache *cache, const struct sl_model *global)
{
    cJSON *all = cJSON_CreateArray();
    for (size_t i = 0; i < global->nfuncs; i++)
        cJSON_AddItemToArray(all, sl_func_to_json(&global->funcs[i]));
    char *text = cJSON_PrintUnformatted(all);
    sl_cache_mix_key(cache, text ? text : "");
    cJSON_free(text);
    cJSON_Delete(all);
}

/* The ordinary file loop over `files` with the merged model visible; the
 * progress line counts these files afresh. */
static void recheck(const struct sl_parallel_job *job, const struct sl_inputs *files,
                    const struct sl_model *global, struct sl_report *report)
{
    if (!files->len)
        return;
    if (job->cache)
        key_pass2(job->cache, global);
    struct sl_options opts = *job->opts;
    opts.global_summaries = global;
    struct sl_progress progress = {.active = job->progress && job->progress->active,
                                   .total = files->len};
    struct sl_parallel_job second = *job; /* the same scans before parsing */
    second.opts = &opts;
    second.inputs = files;
    second.progress = &progress;
    sl_parallel_analyse(&second, report);
}

/* ---- the run ---- */

static void free_pass1(struct pass1 *p)
{
    for (size_t i = 0; i < p->job->inputs->len; i++)
        cJSON_Delete(p->parts[i]);
    free(p->parts);
    free(p->ready);
    free(p->place);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->done);
    free(p->reports);
    free(p->skipped);
    sl_intern_free(&p->wanted);
}

static void two_passes(const struct sl_parallel_job *job, const struct sl_inputs *all,
                       struct sl_report *report, struct sl_xtu_stats *stats)
{
    struct sl_parallel_job first = *job;
    first.inputs = all;
    first.progress = NULL; /* pass1_input shows the files to check only */
    struct pass1 p = {.job = &first, .progress = job->progress, .nchecked = job->inputs->len,
                      .prefilter = sl_prefilter_enabled(),
                      .parts = sl_xcalloc(all->len, sizeof *p.parts),
                      .ready = sl_xcalloc(all->len, sizeof *p.ready),
                      .place = sl_xcalloc(all->len, sizeof *p.place),
                      .reports = sl_xcalloc(job->inputs->len + 1, sizeof *p.reports),
                      .skipped = sl_xcalloc(all->len, sizeof *p.skipped)};
    for (size_t i = 0; i < p.nchecked; i++)
        sl_report_init(&p.reports[i]);
    for (size_t i = 0; i < all->len; i++)
        p.place[i] = SIZE_MAX;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.done, NULL);
    if (job->prescan)
        sl_prefilter_want(&p.wanted, job->opts->model);
    atomic_init(&p.summarised, 0);
    atomic_init(&p.reused, 0);
    atomic_init(&p.viewed, 0);
    atomic_init(&p.shown, 0);
    struct sl_xtu_order order = {0};
    pass1_rounds(&p, &order);
    struct sl_model global;
    sl_model_init(&global);
    merge_settled(&p, &global, stats);
    struct sl_inputs again = {0};
    keep_or_recheck(&p, &global, report, &again);
    free_pass1(&p);
    sl_xtu_order_free(&order);
    recheck(job, &again, &global, report);
    stats->summarised = atomic_load(&p.summarised);
    stats->reused = atomic_load(&p.reused);
    stats->viewed = atomic_load(&p.viewed);
    stats->rechecked = again.len;
    sl_vec_free(&again);
    sl_model_free(&global);
}

void sl_xtu_analyse(const struct sl_parallel_job *job, struct sl_report *report,
                    struct sl_xtu_stats *stats)
{
    struct sl_xtu_stats counts = {0};
    atomic_size_t parsed, skipped;
    atomic_init(&parsed, 0);
    atomic_init(&skipped, 0);
    struct sl_parallel_job counted = *job;
    counted.parsed = &parsed;
    counted.skipped = &skipped;
    counted.prescan = sl_prefilter_enabled()
                          ? sl_prescan_cache_new(sl_tu_resource_dir(job->opts->resource_dir),
                                                 job->opts->include_headers)
                          : NULL;
    struct sl_inputs all = pass1_inputs(job);
    if (all.len < 2)
        sl_parallel_analyse(&counted, report);
    else
        two_passes(&counted, &all, report, &counts);
    sl_vec_free(&all);
    sl_prescan_cache_free(counted.prescan);
    counts.parsed = atomic_load(&parsed);
    counts.skipped += atomic_load(&skipped);
    if (stats)
        *stats = counts;
}
