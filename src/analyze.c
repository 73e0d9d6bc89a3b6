/*
 * analyze.c: one translation unit end to end (analyze.h). Functions defined
 * in the main file are analysed callees first (a depth-first post-order of
 * the same-file call graph), so each caller sees the summaries of the
 * functions it calls; recursion is cut where the cycle closes (the callee is
 * then unknown, which only costs precision).
 */
#include "analyze.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "bigstack.h"
#include "deadline.h"
#include "engine.h"
#include "tu.h"
#include "util.h"

void sl_options_init(struct sl_options *o, const struct sl_model *model)
{
    memset(o, 0, sizeof *o);
    o->model = model;
    for (int i = 0; i < SL_RULE_COUNT; i++)
        o->enabled[i] = true;
}

struct fn_table {
    CXCursor *fns;
    size_t n, cap;
    size_t *slots, nslots; /* index + 1 of fns by declaration, open addressing; 0 empty */
    unsigned char *mark; /* 0 new, 1 on the DFS stack, 2 done */
    size_t *order;
    size_t norder;
};

struct collect_ctx {
    struct fn_table *t;
    CXFile main_file;
    bool include_headers;
    SL_VEC(char *) defined; /* names of every definition in the TU, for sl_check_lookup */
};

static bool in_main_file(CXCursor c, CXFile main_file)
{
    CXFile f;
    clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
    return f && clang_File_isEqual(f, main_file);
}

static enum CXChildVisitResult collect_fn(CXCursor c, CXCursor parent, CXClientData data)
{
    struct collect_ctx *cc = data;
    (void)parent;
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
        return CXChildVisit_Continue;
    CXString name = clang_getCursorSpelling(c);
    sl_vec_push(&cc->defined, sl_xstrdup(clang_getCString(name)));
    clang_disposeString(name);
    if (!cc->include_headers && !in_main_file(c, cc->main_file))
        return CXChildVisit_Continue;
    struct fn_table *t = cc->t;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->fns = sl_xrealloc(t->fns, t->cap * sizeof *t->fns);
    }
    t->fns[t->n++] = c;
    return CXChildVisit_Continue;
}

/* A definition cursor's declaration pointer: what clang_equalCursors
 * compares first, so equal cursors land in the same slot. */
static size_t slot_of(const struct fn_table *t, CXCursor c)
{
    uint64_t h = (uint64_t)(uintptr_t)c.data[0] * 0x9E3779B97F4A7C15u;
    return (size_t)(h ^ h >> 29) & (t->nslots - 1);
}

/* Calls are matched to definitions once per call: a hash by declaration,
 * not a scan of every function (shell.c has a thousand). */
static void index_fns(struct fn_table *t)
{
    t->nslots = 16;
    while (t->nslots < 2 * t->n)
        t->nslots *= 2;
    t->slots = sl_xcalloc(t->nslots, sizeof *t->slots);
    for (size_t i = 0; i < t->n; i++) {
        size_t k = slot_of(t, t->fns[i]);
        while (t->slots[k])
            k = (k + 1) & (t->nslots - 1);
        t->slots[k] = i + 1;
    }
}

static long find_fn(const struct fn_table *t, CXCursor decl)
{
    CXCursor def = clang_getCursorDefinition(decl);
    if (sl_ast_is_null(def))
        return -1;
    for (size_t k = slot_of(t, def); t->slots[k]; k = (k + 1) & (t->nslots - 1))
        if (clang_equalCursors(t->fns[t->slots[k] - 1], def))
            return (long)t->slots[k] - 1;
    return -1;
}

static void visit_fn(struct fn_table *t, size_t i);

static enum CXChildVisitResult visit_calls(CXCursor c, CXCursor parent, CXClientData data)
{
    struct fn_table *t = data;
    (void)parent;
    if (clang_getCursorKind(c) == CXCursor_CallExpr) {
        long j = find_fn(t, clang_getCursorReferenced(c));
        if (j >= 0 && t->mark[j] == 0)
            visit_fn(t, (size_t)j);
    }
    return CXChildVisit_Recurse;
}

static void visit_fn(struct fn_table *t, size_t i)
{
    t->mark[i] = 1;
    clang_visitChildren(t->fns[i], visit_calls, t);
    t->mark[i] = 2;
    t->order[t->norder++] = i;
}

static void order_callees_first(struct fn_table *t)
{
    index_fns(t);
    t->mark = sl_xcalloc(t->n + 1, 1);
    t->order = sl_xcalloc(t->n + 1, sizeof *t->order);
    for (size_t i = 0; i < t->n; i++)
        if (t->mark[i] == 0)
            visit_fn(t, i);
}

static bool traced(const struct sl_options *opts, CXCursor fn)
{
    if (!opts->trace || !opts->trace_function)
        return false;
    CXString name = clang_getCursorSpelling(fn);
    bool match = strcmp(clang_getCString(name), opts->trace_function) == 0;
    clang_disposeString(name);
    return match;
}

/* --timeout ran out before the functions from the from-th in analysis order
 * were reached: one notification names them (the first ten). */
static void note_not_analysed(const char *display, const struct fn_table *t, size_t from,
                              struct sl_report *out)
{
    size_t count = t->norder - from;
    struct sl_strbuf sb = {0};
    sl_sb_printf(&sb, "%zu function%s of '%s' not analysed, the time limit (--timeout) ran out:",
                 count, count == 1 ? "" : "s", display);
    for (size_t i = 0; i < count && i < 10; i++) {
        CXString name = clang_getCursorSpelling(t->fns[t->order[from + i]]);
        sl_sb_printf(&sb, "%s '%s'", i ? "," : "", clang_getCString(name));
        clang_disposeString(name);
    }
    if (count > 10)
        sl_sb_append(&sb, ", ...");
    char *msg = sl_sb_take(&sb);
    sl_report_add_note(out, SL_NOTE_ERROR, "timeout", display, 0, 0, msg);
    free(msg);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* `keep`: where the summaries go (pass 1, xtu.h); NULL: a model of our own. */
static void analyse_functions(const struct sl_options *opts, CXTranslationUnit tu,
                              const char *file, const char *display, struct sl_report *out,
                              struct sl_model *keep)
{
    struct fn_table t = {0};
    struct collect_ctx cc = {.t = &t, .main_file = clang_getFile(tu, file),
                             .include_headers = opts->include_headers};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), collect_fn, &cc);
    if (cc.defined.len)
        qsort(cc.defined.items, cc.defined.len, sizeof *cc.defined.items, compare_names);
    order_callees_first(&t);
    struct sl_model own;
    sl_model_init(&own);
    struct sl_model *summaries = keep ? keep : &own;
    struct sl_engine_config config = {.model = opts->model, .summaries = summaries,
                                      .global_summaries = opts->global_summaries,
                                      .local_names = (const char *const *)cc.defined.items,
                                      .nlocal_names = cc.defined.len,
                                      .enabled = opts->enabled, .max_states = opts->max_states,
                                      .max_steps = opts->max_steps, .pooling = opts->pooling,
                                      .deadline = sl_deadline_after(opts->timeout)};
    for (size_t k = 0; k < t.norder; k++) {
        CXCursor fn = t.fns[t.order[k]];
        if (sl_deadline_passed(config.deadline)) {
            note_not_analysed(display, &t, k, out);
            break;
        }
        config.trace = traced(opts, fn) ? opts->trace : NULL;
        sl_engine_run_function(&config, fn, in_main_file(fn, cc.main_file) ? display : NULL, out);
    }
    sl_model_free(&own);
    for (size_t i = 0; i < cc.defined.len; i++)
        free(cc.defined.items[i]);
    sl_vec_free(&cc.defined);
    free(t.fns);
    free(t.slots);
    free(t.mark);
    free(t.order);
}

int sl_analyze_file(const struct sl_options *opts, CXIndex index, const char *file,
                    const char *display_name, const char *const *args, int nargs,
                    const char *unsaved_contents, size_t unsaved_len, struct sl_report *out)
{
    const char *display = display_name ? display_name : file;
    struct CXUnsavedFile unsaved = {.Filename = file, .Contents = unsaved_contents,
                                    .Length = (unsigned long)unsaved_len};
    CXTranslationUnit tu = sl_tu_parse(index, file, display, args, nargs, opts->resource_dir,
                                       unsaved_contents ? &unsaved : NULL,
                                       unsaved_contents ? 1 : 0, out);
    if (!tu)
        return -1;
    sl_analyze_parsed(opts, tu, file, display, out);
    clang_disposeTranslationUnit(tu);
    return 0;
}

struct analysis_call {
    const struct sl_options *opts;
    CXTranslationUnit tu;
    const char *file, *display;
    struct sl_report *out;
    struct sl_model *keep;
};

static void analyse_on_this_thread(void *p)
{
    struct analysis_call *c = p;
    analyse_functions(c->opts, c->tu, c->file, c->display, c->out, c->keep);
}

/* The analysis recurses over expressions as deep as the parser accepted:
 * it runs on a large stack too (bigstack.h). */
void sl_analyze_parsed(const struct sl_options *opts, CXTranslationUnit tu, const char *file,
                       const char *display_name, struct sl_report *out)
{
    sl_analyze_parsed_summarising(opts, tu, file, display_name, out, NULL);
}

void sl_analyze_parsed_summarising(const struct sl_options *opts, CXTranslationUnit tu,
                                   const char *file, const char *display_name,
                                   struct sl_report *out, struct sl_model *summaries)
{
    struct analysis_call call = {opts, tu, file, display_name ? display_name : file, out,
                                 summaries};
    sl_bigstack_call(analyse_on_this_thread, &call);
    out->files_analyzed++;
}

void sl_analyze_summarise(const struct sl_options *opts, CXTranslationUnit tu, const char *file,
                          struct sl_model *summaries)
{
    struct sl_report dropped;
    sl_report_init(&dropped);
    struct analysis_call call = {opts, tu, file, file, &dropped, summaries};
    sl_bigstack_call(analyse_on_this_thread, &call);
    sl_report_free(&dropped);
}
