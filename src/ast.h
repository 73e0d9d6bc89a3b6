/*
 * ast.h: helpers over libclang cursors that the CFG builder and the engine
 * share: peeling implicit casts and parentheses, operator kinds (the libclang
 * 17+ API when built against it, tokens otherwise), callee names, constant
 * evaluation, access paths such as "s->db", noreturn detection and source
 * locations at the macro expansion site.
 */
#ifndef SL_AST_H
#define SL_AST_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

enum sl_binop {
    SL_BO_UNKNOWN,
    SL_BO_ASSIGN,
    SL_BO_MUL_ASSIGN, SL_BO_DIV_ASSIGN, SL_BO_REM_ASSIGN, SL_BO_ADD_ASSIGN, SL_BO_SUB_ASSIGN,
    SL_BO_SHL_ASSIGN, SL_BO_SHR_ASSIGN, SL_BO_AND_ASSIGN, SL_BO_XOR_ASSIGN, SL_BO_OR_ASSIGN,
    SL_BO_EQ, SL_BO_NE, SL_BO_LT, SL_BO_GT, SL_BO_LE, SL_BO_GE,
    SL_BO_LAND, SL_BO_LOR,
    SL_BO_AND, SL_BO_OR, SL_BO_XOR, SL_BO_SHL, SL_BO_SHR,
    SL_BO_ADD, SL_BO_SUB, SL_BO_MUL, SL_BO_DIV, SL_BO_REM,
    SL_BO_COMMA,
};

enum sl_unop {
    SL_UO_UNKNOWN,
    SL_UO_LNOT,     /* ! */
    SL_UO_NOT,      /* ~ */
    SL_UO_MINUS, SL_UO_PLUS,
    SL_UO_DEREF,    /* * */
    SL_UO_ADDROF,   /* & */
    SL_UO_PREINC, SL_UO_PREDEC, SL_UO_POSTINC, SL_UO_POSTDEC,
    SL_UO_OTHER,    /* sizeof, __extension__, __real__, ... */
};

/* clang_Cursor_isNull without the call: the null cursor is InvalidFile with
 * no data (libclang's MakeCXCursorInvalid), and the engine asks this of
 * every item and condition it meets. */
static inline bool sl_ast_is_null(CXCursor c)
{
    return c.kind == CXCursor_InvalidFile && !c.data[0] && !c.data[1] && !c.data[2];
}

/* Strips ParenExpr and implicit conversions (UnexposedExpr with one child). */
CXCursor sl_ast_peel(CXCursor c);
/* sl_ast_peel, and also explicit C-style casts: the value behind `(void *)g`. */
CXCursor sl_ast_peel_casts(CXCursor c);

struct sl_model;
/* The model kind a C type implies: its spelling as written (a typedef such
 * as SQLHDBC), else its canonical spelling; -1 for none. */
int sl_ast_type_kind(const struct sl_model *model, CXType t);

/* Direct children in order; returns how many, writes at most max of them. */
size_t sl_ast_children(CXCursor c, CXCursor *out, size_t max);
/* The child number i, or a null cursor. */
CXCursor sl_ast_child(CXCursor c, size_t i);

/* Between these two calls (on one thread), the children of each cursor are
 * looked up in libclang once and remembered: the engine evaluates the same
 * expressions once per path, and each lookup is a visit. The cursors must
 * stay valid until sl_ast_memo_end (one translation unit, one function). */
void sl_ast_memo_begin(void);
void sl_ast_memo_end(void);
/* Numbers the caller derives from cursor c alone, remembered the same way.
 * Get returns false when none was set or no memo is active; set does
 * nothing then. */
enum sl_memo_value {
    SL_MEMO_PATH_ID,   /* the engine's id of the expression's access path */
    SL_MEMO_CALL_SITE, /* the engine's number for a call */
    SL_MEMO_ARRAY_LOCATION, /* the engine's id of the local array location named */
    SL_MEMO_BINOP,     /* sl_ast_binop */
    SL_MEMO_UNOP,      /* sl_ast_unop */
    SL_MEMO_ARG_TARGET, /* engine.c: the root a call argument lets the callee rewrite */
    SL_MEMO_ROOT_VISIBILITY, /* engine.c: whether the caller sees the path's root */
    SL_MEMO_HANDLE,    /* engine.c: the handle path an argument designates */
    SL_MEMO_STATIC_KIND, /* engine.c: the model kind of the type behind the casts */
    SL_MEMO_PARAM_INDEX, /* engine.c: the parameter an argument names */
    SL_MEMO_PATH_SHAPE, /* engine.c: enum constant or array, of a path expression */
    SL_MEMO_CALLEE,    /* engine.c: the callee of a call, as an index */
    SL_MEMO_ELEMENT_ADDRESS, /* engine.c: whether an argument is `&array[i]` */
    SL_MEMO_TYPE_CLASS, /* engine.c: sl_type_class */
    SL_MEMO_NVALUES
};
bool sl_ast_memo_value(CXCursor c, enum sl_memo_value which, int *out);
void sl_ast_memo_set_value(CXCursor c, enum sl_memo_value which, int value);
/* Larger facts derived from cursor c alone, remembered as copies the memo
 * owns until sl_ast_memo_end: NULL when none was kept or no memo is active;
 * keeping does nothing then. */
enum sl_memo_data {
    SL_MEMO_BRANCH_TEST, /* refine.c: the operand and test of a condition */
    SL_MEMO_NDATA
};
const void *sl_ast_memo_data(CXCursor c, enum sl_memo_data which);
void sl_ast_memo_keep_data(CXCursor c, enum sl_memo_data which, const void *data, size_t size);

enum sl_binop sl_ast_binop(CXCursor c);   /* BinaryOperator / CompoundAssignOperator */
enum sl_unop sl_ast_unop(CXCursor c);     /* UnaryOperator */
bool sl_ast_is_assignment(enum sl_binop op);

/* Callee name of a CallExpr ("sqlite3_open"), NULL for calls through
 * function pointers that name no declaration. Caller frees. */
char *sl_ast_callee_name(CXCursor call);
/* Declaration of the callee (null cursor if none). */
CXCursor sl_ast_callee_decl(CXCursor call);
int sl_ast_num_args(CXCursor call);
CXCursor sl_ast_arg(CXCursor call, int i);

/* Integer constant value of an expression (literals, enum constants, macros
 * expanding to constants, sizeof...). */
bool sl_ast_eval_int(CXCursor expr, long long *out);
/* String literal value (through casts and macros); caller frees; NULL if the
 * expression is not a constant string. */
char *sl_ast_eval_string(CXCursor expr);
/* True for a null pointer constant: 0, NULL, (void *)0. */
bool sl_ast_is_null_constant(CXCursor expr);

/* Access path of an lvalue-ish expression after peeling: "db", "s->db",
 * "s.db", "*out", "ctx->conns[]" (indices collapsed), "g_db" for a global.
 * NULL when the expression is not a path (a call, arithmetic...). Caller frees. */
char *sl_ast_access_path(CXCursor expr);
/* Declaration cursor of the path's root variable (VarDecl or ParmDecl),
 * null cursor if none. */
CXCursor sl_ast_path_root(CXCursor expr);
/* True when the path goes through a pointer (contains "->", "*" or "[]"),
 * i.e. storing there makes the value visible outside the function. */
bool sl_ast_path_is_indirect(const char *path);
/* True when every step from the root variable to expr stays inside that
 * variable's own storage: members reached with '.' and elements of arrays
 * (`s.conns[i]`), never through a pointer (`p[i]`, `s->x`, `*p`). */
bool sl_ast_path_in_place(CXCursor expr);

/* Type spelling of an expression or declaration ("sqlite3 *"), caller frees. */
char *sl_ast_type_spelling(CXCursor c);

/* Function declaration is noreturn: GNU attribute in its type spelling,
 * C11 _Noreturn (UnexposedAttr child), or a known libc name (exit, abort...). */
bool sl_ast_decl_is_noreturn(CXCursor fn_decl);

/* Variable declaration carries __attribute__((cleanup(f))): returns f's name
 * (caller frees) or NULL. */
char *sl_ast_cleanup_function(CXCursor var_decl);

/* A source position at the macro expansion site (what users see). Columns are
 * 1-based byte columns; file is a malloc'd path (NULL if none). */
struct sl_pos {
    char *file;
    unsigned line, col;
};
void sl_ast_pos(CXSourceLocation loc, struct sl_pos *out);
void sl_ast_cursor_start(CXCursor c, struct sl_pos *out);
/* End of the cursor's extent (exclusive column), same file rules as start. */
void sl_ast_cursor_end(CXCursor c, struct sl_pos *out);
void sl_pos_free(struct sl_pos *p);

/* Source text of a cursor's extent, single line, whitespace folded; caller frees. */
char *sl_ast_source_text(CXCursor c);

#endif
