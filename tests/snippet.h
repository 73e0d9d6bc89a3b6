/*
 * snippet.h: test helper for test_ast.c and test_cfg.c: parses a C snippet
 * held in a string (as the in-memory file "t.c", -std=c11 unless told) and
 * finds cursors in it by kind and spelling. Header-only because the tests'
 * CMake rule links each test with testutil.c only.
 */
#ifndef SL_TEST_SNIPPET_H
#define SL_TEST_SNIPPET_H

#include <clang-c/Index.h>
#include <criterion/criterion.h>
#include <string.h>

struct snippet {
    CXIndex index;
    CXTranslationUnit tu;
};

static inline void snippet_parse_std(struct snippet *s, const char *code, const char *std)
{
    const char *args[] = {std};
    struct CXUnsavedFile file = {"t.c", code, (unsigned long)strlen(code)};
    s->index = clang_createIndex(0, 0);
    enum CXErrorCode rc = clang_parseTranslationUnit2(s->index, "t.c", args, 1, &file, 1,
                                                      CXTranslationUnit_None, &s->tu);
    cr_assert_eq(rc, CXError_Success, "parse failed");
}

static inline void snippet_parse(struct snippet *s, const char *code)
{
    snippet_parse_std(s, code, "-std=c11");
}

static inline void snippet_free(struct snippet *s)
{
    clang_disposeTranslationUnit(s->tu);
    clang_disposeIndex(s->index);
}

struct cursor_query {
    enum CXCursorKind kind;
    const char *spelling;   /* NULL: any */
    unsigned skip;          /* take the (skip+1)-th match in preorder */
    CXCursor found;
};

static inline enum CXChildVisitResult snippet_match(CXCursor c, CXCursor parent, CXClientData data)
{
    struct cursor_query *q = data;
    if (clang_getCursorKind(c) == q->kind) {
        CXString sp = clang_getCursorSpelling(c);
        int same = !q->spelling || strcmp(clang_getCString(sp), q->spelling) == 0;
        clang_disposeString(sp);
        if (same && q->skip-- == 0) {
            q->found = c;
            return CXChildVisit_Break;
        }
    }
    return CXChildVisit_Recurse;
}

/* The n-th (from 0) cursor of a kind with a spelling (NULL: any) in
 * preorder; fails the test when there is none. */
static inline CXCursor snippet_find_nth(struct snippet *s, enum CXCursorKind kind, const char *spelling,
                                        unsigned n)
{
    struct cursor_query q = {kind, spelling, n, clang_getNullCursor()};
    clang_visitChildren(clang_getTranslationUnitCursor(s->tu), snippet_match, &q);
    cr_assert(!clang_Cursor_isNull(q.found), "no cursor of kind %d named %s", kind,
              spelling ? spelling : "(any)");
    return q.found;
}

static inline CXCursor snippet_find(struct snippet *s, enum CXCursorKind kind, const char *spelling)
{
    return snippet_find_nth(s, kind, spelling, 0);
}

/* The definition of function name. */
static inline CXCursor snippet_function(struct snippet *s, const char *name)
{
    for (unsigned n = 0;; n++) {
        CXCursor fn = snippet_find_nth(s, CXCursor_FunctionDecl, name, n);
        if (clang_isCursorDefinition(fn))
            return fn;
    }
}

#endif
