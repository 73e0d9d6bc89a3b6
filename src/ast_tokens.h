/*
 * ast_tokens.h: internal token helpers of ast.c, shared with cfg.c and the
 * tests. Tokens are taken from the user's file at the macro expansion site
 * (a cursor written inside a macro yields the tokens of the macro call), so
 * offsets are comparable with sl_ast_offset(). The operator-kind functions are
 * the fallback used when libclang is older than 17 (no
 * clang_getCursorBinaryOperatorKind); they are always compiled so the tests
 * can exercise them on any libclang. Limitation: an operator written inside a
 * macro body is invisible at the expansion site and comes out unknown.
 */
#ifndef SL_AST_TOKENS_H
#define SL_AST_TOKENS_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "ast.h"

struct sl_tokens {
    CXTranslationUnit tu;
    CXToken *toks;
    unsigned n;
};

/* Tokens of the byte range [start, end) of the expansion-site file; empty
 * when the two ends lie in different files. Free with sl_tokens_free. */
void sl_tokens_of_range(CXTranslationUnit tu, CXSourceLocation start, CXSourceLocation end,
                        struct sl_tokens *out);
/* Tokens of a cursor's extent (expansion site). */
void sl_tokens_of_cursor(CXCursor c, struct sl_tokens *out);
void sl_tokens_free(struct sl_tokens *t);
/* Spelling of token i (caller frees) and its byte offset in its file. */
char *sl_token_text(const struct sl_tokens *t, unsigned i);
unsigned sl_token_offset(const struct sl_tokens *t, unsigned i);
/* True when token i spells exactly s. */
bool sl_token_is(const struct sl_tokens *t, unsigned i, const char *s);

/* Byte offset of a location at its expansion site. */
unsigned sl_ast_offset(CXSourceLocation loc);

/* Operator kinds read from tokens (the pre-17 path of sl_ast_binop/unop). */
enum sl_binop sl_ast_binop_from_tokens(CXCursor c);
enum sl_unop sl_ast_unop_from_tokens(CXCursor c);

#endif
