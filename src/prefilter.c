/*
 * prefilter.c: the pre-filter (prefilter.h). One walk over every cursor of
 * the translation unit, stopping at the first reference to a modelled
 * function's name. A reference, not only a call: taking a modelled function's
 * address (a callback table) counts too, which keeps the filter sound
 * without reasoning about where the pointer goes. Walking the cursors costs
 * next to nothing next to the parse (docs/benchmarks.md). Listing a unit's
 * names is the same walk without the stop.
 */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct scan {
    const struct sl_model *model;
    bool found;
};

static bool is_reference(CXCursor c)
{
    enum CXCursorKind kind = clang_getCursorKind(c);
    return kind == CXCursor_DeclRefExpr || kind == CXCursor_MemberRefExpr ||
           kind == CXCursor_CallExpr;
}

/* By spelling, whatever the name refers to: the engine matches calls by
 * the callee's spelling, so a function pointer or struct member spelled like
 * a modelled function must keep the file too. */
static bool names_modelled_function(CXCursor ref, const struct sl_model *model)
{
    CXString name = clang_getCursorSpelling(ref);
    bool modelled = sl_model_find_func(model, clang_getCString(name)) != NULL;
    clang_disposeString(name);
    return modelled;
}

static enum CXChildVisitResult scan_cursor(CXCursor c, CXCursor parent, CXClientData data)
{
    struct scan *s = data;
    (void)parent;
    if (is_reference(c) && names_modelled_function(c, s->model)) {
        s->found = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

bool sl_prefilter_may_find(CXTranslationUnit tu, const struct sl_model *model)
{
    struct scan s = {.model = model};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), scan_cursor, &s);
    return s.found;
}

/* ---- a unit's names ---- */

typedef SL_VEC(char *) name_list;

struct name_walk {
    name_list refs, defined;
};

static void push_spelling(name_list *list, CXCursor c)
{
    CXString name = clang_getCursorSpelling(c);
    const char *text = clang_getCString(name);
    if (text && *text)
        sl_vec_push(list, sl_xstrdup(text));
    clang_disposeString(name);
}

/* A function definition as analyze.c collects them: at the top level. */
static bool is_top_level_definition(CXCursor c, CXCursor parent)
{
    return clang_getCursorKind(c) == CXCursor_FunctionDecl && clang_isCursorDefinition(c) &&
           clang_getCursorKind(parent) == CXCursor_TranslationUnit;
}

static enum CXChildVisitResult list_cursor(CXCursor c, CXCursor parent, CXClientData data)
{
    struct name_walk *w = data;
    if (is_reference(c))
        push_spelling(&w->refs, c);
    else if (is_top_level_definition(c, parent))
        push_spelling(&w->defined, c);
    return CXChildVisit_Recurse;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the list and drops repeats; returns its new length. */
static size_t sort_unique(name_list *list)
{
    size_t kept = 0;
    if (list->len)
        qsort(list->items, list->len, sizeof *list->items, compare_names);
    for (size_t i = 0; i < list->len; i++) {
        if (kept && strcmp(list->items[kept - 1], list->items[i]) == 0)
            free(list->items[i]);
        else
            list->items[kept++] = list->items[i];
    }
    return list->len = kept;
}

void sl_prefilter_names(CXTranslationUnit tu, struct sl_prefilter_names *out)
{
    struct name_walk w = {0};
    clang_visitChildren(clang_getTranslationUnitCursor(tu), list_cursor, &w);
    *out = (struct sl_prefilter_names){.refs = w.refs.items, .nrefs = sort_unique(&w.refs),
                                       .defined = w.defined.items,
                                       .ndefined = sort_unique(&w.defined)};
}

static void free_list(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void sl_prefilter_names_free(struct sl_prefilter_names *n)
{
    free_list(n->refs, n->nrefs);
    free_list(n->defined, n->ndefined);
    memset(n, 0, sizeof *n);
}

bool sl_prefilter_names_may_find(const struct sl_prefilter_names *n, const struct sl_model *model)
{
    for (size_t i = 0; i < n->nrefs; i++)
        if (sl_model_find_func(model, n->refs[i]))
            return true;
    return false;
}

/* ---- before parsing ---- */

static bool is_type_keyword(const char *word, size_t n)
{
    static const char *const keywords[] = {"struct", "union", "enum", "const", "volatile",
                                           "restrict", "signed", "unsigned", "char", "short",
                                           "int", "long", "void", NULL};
    for (const char *const *k = keywords; *k; k++)
        if (strlen(*k) == n && memcmp(*k, word, n) == 0)
            return true;
    return false;
}

static void want_type_names(struct sl_intern *wanted, const char *spelling)
{
    for (const char *p = spelling; *p;) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$");
        if (n && !is_type_keyword(p, n))
            sl_intern_n(wanted, p, n);
        p += n ? n : 1;
    }
}

void sl_prefilter_want(struct sl_intern *wanted, const struct sl_model *m)
{
    for (size_t i = 0; i < m->nfuncs; i++)
        sl_intern(wanted, m->funcs[i].name);
    for (size_t i = 0; i < m->nkinds; i++)
        for (size_t t = 0; t < m->kinds[i].ntypes; t++)
            want_type_names(wanted, m->kinds[i].types[t]);
}

bool sl_prefilter_skips(struct sl_prescan_cache *cache, const struct sl_input *in,
                        const struct sl_intern *wanted, struct sl_prescan *keep)
{
    struct sl_prescan scan;
    sl_prescan_input(cache, in, wanted, &scan);
    bool skip = scan.known && !scan.reaches;
    if (skip && keep)
        *keep = scan;
    else
        sl_prescan_free(&scan);
    return skip;
}

bool sl_prefilter_enabled(void)
{
    const char *off = getenv("SESSIONLINT_NO_PREFILTER");
    return !(off && *off);
}
