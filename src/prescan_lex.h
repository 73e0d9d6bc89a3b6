/*
 * prescan_lex.h: the lexer of the scan before parsing (prescan.h). It reads
 * one file's text as the C preprocessor would tokenise it (line splices,
 * comments, string and character literals with their prefixes, pp-numbers,
 * directives at the start of a line, digraphs) and keeps what the scan needs,
 * without evaluating any condition: every identifier of the text, every
 * macro definition (the names its expansion can contain and what its `##`
 * can form), every #include, the identifiers of each declaration at file
 * scope, the non-static functions defined there, and the conditional
 * groups with what is known of their conditions (the macros an earlier
 * #define of the file surely set there). The result
 * depends on the text alone, so a header's is computed once per run and
 * shared by every input that includes it. Names are ids of the caller's
 * interner.
 */
#ifndef SL_PRESCAN_LEX_H
#define SL_PRESCAN_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef SL_VEC(int) sl_ps_ids;

/* A macro a file surely defined before some line: always, or (guard >= 0)
 * when the conjuncts of group `guard` other than `!defined name` hold
 * (`#if defined __GNUC__ && !defined X` / `#define X` / `#endif`). */
struct sl_ps_define {
    int name;
    int guard;
};

typedef SL_VEC(struct sl_ps_define) sl_ps_defines;

struct sl_ps_macro {
    int name;
    int group;            /* the innermost conditional group around the #define, or -1 */
    sl_ps_ids body;       /* identifiers its expansion can contain: the body's, parameters
                             excluded, and the names its `##` forms from literal tokens */
    sl_ps_ids prefixes;   /* a `##` of literal text and a parameter forms a name starting */
    sl_ps_ids suffixes;   /* with one of these, or ending with one of these */
    bool pasting;         /* pastes parameters together: it can form any name */
};

struct sl_ps_include {
    char *name;           /* as written between the quotes or the brackets */
    bool angled, next;    /* <name>; #include_next */
    int group;            /* the innermost conditional group around it, or -1 */
    sl_ps_defines defined; /* macros surely defined there by this file (the last few) */
};

/* A token of a condition (#if, #elif, #ifdef ...), enough to tell whether
 * it can hold (prescan_cond.h). */
enum sl_ps_cond_kind {
    SL_PS_C_NAME,         /* an identifier: id */
    SL_PS_C_DEFINED,      /* the operator `defined` */
    SL_PS_C_HAS_INCLUDE,  /* __has_include(H) or __has_include_next(H) as one token */
    SL_PS_C_ZERO,         /* an integer literal of value 0 */
    SL_PS_C_NONZERO,      /* another integer literal */
    SL_PS_C_OTHER,        /* any other literal */
    SL_PS_C_PUNCT,        /* punct: '(' ')' '!' '?' ',', 'A' for &&, 'O' for ||, '.' others */
};

struct sl_ps_cond_token {
    enum sl_ps_cond_kind kind;
    char punct;
    int id;
    struct sl_ps_include header; /* SL_PS_C_HAS_INCLUDE: H (its group unused) */
};

enum sl_ps_group_kind { SL_PS_IF, SL_PS_IFDEF, SL_PS_IFNDEF, SL_PS_ELIF, SL_PS_ELIFDEF,
                        SL_PS_ELIFNDEF, SL_PS_ELSE };

/* One group of a conditional: #if ... up to the next #elif, #else or
 * #endif of the same level. */
struct sl_ps_group {
    enum sl_ps_group_kind kind;
    SL_VEC(struct sl_ps_cond_token) cond;
    int parent;           /* the group this conditional is in, or -1 */
    int prev;             /* the group before it in the same conditional, or -1 */
    sl_ps_defines defined; /* macros surely defined at its line by this file (the last few) */
};

/* A declaration at file scope: the identifiers outside its parentheses and
 * braces (plus `(*name)` declarators), which is where a typedef names the
 * type it aliases and the aliases, and a declaration its declared names and
 * their type. */
struct sl_ps_decl {
    sl_ps_ids names;
    bool is_typedef;
};

struct sl_ps_file {
    const char *why;      /* NULL, or why the text cannot be scanned soundly */
    sl_ps_ids idents;     /* every identifier of the text (but a macro's name where it is
                             #defined: no use of it), as often as it occurs ... */
    sl_ps_ids code;       /* ... the same, outside directives; sl_ps_compact: each once */
    SL_VEC(struct sl_ps_macro) macros;
    SL_VEC(struct sl_ps_include) includes;
    SL_VEC(struct sl_ps_decl) decls;
    sl_ps_ids functions;  /* the names of the non-static functions the text defines: the
                             identifier before a definition's first parenthesis */
    SL_VEC(struct sl_ps_group) groups;
    sl_ps_ids undefined;  /* every name #undef'd */
    bool has_paste;       /* a `##` outside a #define */
    bool has_trigraph;    /* a trigraph anywhere (it matters only where trigraphs are on) */
};

/* Lexes len bytes of text (NUL bytes allowed) into *out (zeroed by the
 * caller, freed with sl_ps_file_free). With stop_at (may be NULL), stops
 * after the first identifier (in out->idents) that stop_at has, and returns
 * true: *out then holds what came before, to be freed, not used. */
bool sl_ps_lex(const char *text, size_t len, struct sl_intern *names,
               const struct sl_intern *stop_at, struct sl_ps_file *out);
void sl_ps_file_free(struct sl_ps_file *f);

/* Keeps each identifier of f's lists once (for a file kept for long). */
void sl_ps_compact(struct sl_ps_file *f);

#endif
