/*
 * xtu.c: the two-pass driver (xtu.h). A file's pass-1 part is a JSON object
 * {"summaries": [sl_func...], "defined": [name...], "declared": [sl_func...]}
 * (summary_json.h): the same text whether computed or read from the cache,
 * so both go through one merge. The merged model's JSON is mixed into the
 * cache key of pass 2: a file's findings depend on the other files.
 */
#include "xtu.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "prefilter.h"
#include "sha256.h"
#include "summary_json.h"
#include "tu.h"
#include "util.h"

/* ---- pass 1: one file's part ---- */

struct part_builder {
    const struct sl_model *model;
    cJSON *defined, *declared;
    bool handle_params; /* a definition takes a handle: it may escape (no modelled call needed) */
};

static int kind_of_type(const struct sl_model *model, CXType t)
{
    CXString s = clang_getTypeSpelling(t);
    int k = sl_model_kind_for_type(model, clang_getCString(s));
    clang_disposeString(s);
    if (k < 0) {
        s = clang_getTypeSpelling(clang_getCanonicalType(t));
        k = sl_model_kind_for_type(model, clang_getCString(s));
        clang_disposeString(s);
    }
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

static cJSON *build_part(const struct sl_options *opts, CXTranslationUnit tu, const char *file,
                         bool prefilter)
{
    cJSON *part = cJSON_CreateObject();
    cJSON *out = cJSON_AddArrayToObject(part, "summaries");
    struct part_builder b = {.model = opts->model,
                             .defined = cJSON_AddArrayToObject(part, "defined"),
                             .declared = cJSON_AddArrayToObject(part, "declared")};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_function, &b);
    struct sl_model summaries;
    sl_model_init(&summaries);
    if (worth_summarising(&b, tu, prefilter))
        sl_analyze_summarise(opts, tu, file, &summaries);
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

struct pass1 {
    const struct sl_parallel_job *job;
    bool prefilter;
    cJSON **parts;               /* by input index; NULL when the file did not parse */
    atomic_size_t summarised, reused;
};

static void summarise_input(void *ctx, CXIndex index, size_t i, struct sl_report *out)
{
    struct pass1 *p = ctx;
    const struct sl_input *in = &p->job->inputs->items[i];
    struct sl_cache *cache = in->unsaved ? NULL : p->job->cache;
    (void)out; /* parse errors are reported by pass 2 */
    if (cache && (p->parts[i] = sl_cache_load_summaries(cache, in))) {
        atomic_fetch_add(&p->reused, 1);
        return;
    }
    const struct sl_options *opts = p->job->opts;
    struct CXUnsavedFile unsaved = {.Filename = in->file, .Contents = in->unsaved,
                                    .Length = (unsigned long)in->unsaved_len};
    struct sl_report unit;
    sl_report_init(&unit);
    CXTranslationUnit tu = sl_tu_parse(index, in->file, in->display_name,
                                       (const char *const *)in->args, in->nargs,
                                       opts->resource_dir, in->unsaved ? &unsaved : NULL,
                                       in->unsaved ? 1 : 0, &unit);
    if (tu) {
        p->parts[i] = build_part(opts, tu, in->file, p->prefilter);
        atomic_fetch_add(&p->summarised, 1);
        if (cache && !unit.incomplete)
            sl_cache_store_summaries(cache, in, tu, p->parts[i]);
        clang_disposeTranslationUnit(tu);
    }
    sl_report_free(&unit);
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

struct ordered_part {
    const char *file;
    const cJSON *part;
};

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const struct ordered_part *)a)->file, ((const struct ordered_part *)b)->file);
}

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

void sl_xtu_analyse(const struct sl_parallel_job *job, struct sl_report *report,
                    struct sl_xtu_stats *stats)
{
    struct sl_inputs all = pass1_inputs(job);
    if (all.len < 2) {
        sl_vec_free(&all);
        sl_parallel_analyse(job, report);
        return;
    }
    struct sl_parallel_job first = *job;
    first.inputs = &all;
    first.progress = NULL; /* the progress line follows pass 2, which does the work users wait for */
    struct pass1 p = {.job = &first, .prefilter = sl_prefilter_enabled(),
                      .parts = sl_xcalloc(all.len, sizeof *p.parts)};
    atomic_init(&p.summarised, 0);
    atomic_init(&p.reused, 0);
    struct sl_report dropped;
    sl_report_init(&dropped);
    sl_parallel_for_each(&first, summarise_input, &p, &dropped);
    sl_report_free(&dropped);
    struct sl_model global;
    sl_model_init(&global);
    merge_sorted(&p, &global);
    for (size_t i = 0; i < all.len; i++)
        cJSON_Delete(p.parts[i]);
    free(p.parts);
    sl_vec_free(&all);
    if (job->cache)
        key_pass2(job->cache, &global);
    struct sl_options opts = *job->opts;
    opts.global_summaries = &global;
    struct sl_parallel_job second = *job;
    second.opts = &opts;
    sl_parallel_analyse(&second, report);
    sl_model_free(&global);
    if (stats)
        *stats = (struct sl_xtu_stats){atomic_load(&p.summarised), atomic_load(&p.reused)};
}
