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
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "ast_tokens.h"
#include "util.h"

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

/* The operator token of a binary operator: libclang 17+ spells the cursor
 * with it, older versions spell it "", so read the first punctuation token
 * after the left operand. Caller frees. */
static inline char *snippet_operator_text(CXCursor c)
{
    CXCursor lhs = sl_ast_child(c, 0);
    struct sl_tokens t;
    sl_tokens_of_cursor(c, &t);
    unsigned lhs_end = sl_ast_offset(clang_getRangeEnd(clang_getCursorExtent(lhs)));
    char *text = NULL;
    for (unsigned i = 0; i < t.n && !text; i++)
        if (clang_getTokenKind(t.toks[i]) == CXToken_Punctuation && sl_token_offset(&t, i) >= lhs_end)
            text = sl_token_text(&t, i);
    sl_tokens_free(&t);
    return text ? text : sl_xstrdup("");
}

static inline char *snippet_spelling(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    CXString sp = clang_getCursorSpelling(c);
    char *text = sl_xstrdup(clang_getCString(sp));
    clang_disposeString(sp);
    if (!*text && (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator)) {
        free(text);
        return snippet_operator_text(c);
    }
    return text;
}

static inline enum CXChildVisitResult snippet_match(CXCursor c, CXCursor parent, CXClientData data)
{
    struct cursor_query *q = data;
    if (clang_getCursorKind(c) == q->kind) {
        char *sp = snippet_spelling(c);
        int same = !q->spelling || strcmp(sp, q->spelling) == 0;
        free(sp);
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
