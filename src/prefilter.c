/*
 * prefilter.c: the pre-filter (prefilter.h). One walk over every cursor of
 * the translation unit, stopping at the first reference to a modelled
 * function's name. A reference, not only a call: taking a modelled function's
 * address (a callback table) counts too, which keeps the filter sound
 * without reasoning about where the pointer goes. Walking the cursors costs
 * next to nothing next to the parse (docs/benchmarks.md).
 */
#include "prefilter.h"

#include <stdlib.h>

struct scan {
    const struct sl_model *model;
    bool found;
};

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
    enum CXCursorKind kind = clang_getCursorKind(c);
    bool reference = kind == CXCursor_DeclRefExpr || kind == CXCursor_MemberRefExpr ||
                     kind == CXCursor_CallExpr;
    if (reference && names_modelled_function(c, s->model)) {
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

bool sl_prefilter_enabled(void)
{
    const char *off = getenv("SESSIONLINT_NO_PREFILTER");
    return !(off && *off);
}
