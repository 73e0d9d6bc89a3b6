/*
 * cfg.c: builds the control-flow graph of one function body from the libclang
 * AST, in the style of sparse's linearize.c (see cfg.h). One builder walks the
 * statements keeping an "open" block that items are appended to; jumps close
 * it. Conditions are split at &&, ||, !, ?: and the comma operator so that
 * every BRANCH tests one atomic expression, and constant conditions become
 * plain GOTOs (while (1), do { } while (0)). The same splitting applies to
 * expression statements such as `rc == 0 || die()` and the expansion of
 * assert(). Labels bind lazily (forward gotos), loops share one builder, and
 * cleanup-attribute variables get SCOPE_END items when their scope is left by
 * falling through, break, continue or return (not by goto: a goto out of a
 * cleanup scope is rare and would need the scope depth of every label).
 * Recursion follows statement nesting only: compound children, case chains
 * (case 1: case 2: ...) and else-if chains are iterated.
 */
#include "cfg.h"

#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "ast_tokens.h"
#include "util.h"

/* Where break or continue goes, and how many cleanup variables were in scope
 * there. block < 0: not inside a loop/switch. */
struct jump_target {
    int block;
    size_t scope_mark;
};

struct switch_ctx {
    SL_VEC(struct sl_case) cases;
    bool has_default;
};

struct label_binding {
    CXCursor label;
    int block;
};

struct builder {
    struct sl_cfg *cfg;
    int cur;                        /* open block; -1 while the code is unreachable */
    sl_noreturn_fn is_noreturn;
    void *ctx;
    CXCursor body;
    struct jump_target brk, cont;
    struct switch_ctx *sw;
    SL_VEC(struct label_binding) labels;
    SL_VEC(int) indirect_gotos;     /* blocks ending in goto *p, wired to every label at the end */
    SL_VEC(CXCursor) cleanups;      /* cleanup variables in scope, outermost first */
};

static void build_stmt(struct builder *b, CXCursor s);
static void build_expr_stmt(struct builder *b, CXCursor e);

/* ----------------------------------------------------------------- blocks */

/* New blocks end in a RETURN at the closing brace until they are terminated,
 * which only matters for a label that is referenced but never defined. */
static int new_block(struct builder *b)
{
    struct sl_cfg *cfg = b->cfg;
    if (cfg->nblocks == cfg->capblocks) {
        cfg->capblocks = cfg->capblocks ? cfg->capblocks * 2 : 16;
        cfg->blocks = sl_xrealloc(cfg->blocks, cfg->capblocks * sizeof *cfg->blocks);
    }
    struct sl_block *blk = &cfg->blocks[cfg->nblocks];
    memset(blk, 0, sizeof *blk);
    blk->id = (int)cfg->nblocks;
    blk->term = SL_TERM_RETURN;
    blk->cond = clang_getNullCursor();
    blk->succ[0] = blk->succ[1] = -1;
    blk->term_cursor = b->body;
    return (int)cfg->nblocks++;
}

static struct sl_block *block_at(struct builder *b, int id)
{
    return &b->cfg->blocks[id];
}

static int ensure_open(struct builder *b)
{
    if (b->cur < 0)
        b->cur = new_block(b);
    return b->cur;
}

static void add_item(struct builder *b, enum sl_item_kind kind, CXCursor cursor)
{
    struct sl_block *blk = block_at(b, ensure_open(b));
    if (blk->nitems == blk->capitems) {
        blk->capitems = blk->capitems ? blk->capitems * 2 : 4;
        blk->items = sl_xrealloc(blk->items, blk->capitems * sizeof *blk->items);
    }
    blk->items[blk->nitems++] = (struct sl_item){kind, cursor};
}

/* Closes the open block (if the code is reachable at all). */
static void terminate(struct builder *b, enum sl_term_kind term, CXCursor cond, int succ0, int succ1,
                      CXCursor stmt)
{
    if (b->cur < 0)
        return;
    struct sl_block *blk = block_at(b, b->cur);
    blk->term = term;
    blk->cond = cond;
    blk->succ[0] = succ0;
    blk->succ[1] = succ1;
    blk->term_cursor = stmt;
    b->cur = -1;
}

static void jump(struct builder *b, int target, CXCursor stmt)
{
    terminate(b, SL_TERM_GOTO, clang_getNullCursor(), target, -1, stmt);
}

/* Makes id the open block; the previous open block falls through to it. */
static void enter(struct builder *b, int id)
{
    jump(b, id, clang_getNullCursor());
    b->cur = id;
}

/* ------------------------------------------------------------- conditions */

static void build_cond(struct builder *b, CXCursor cond, int on_true, int on_false, CXCursor stmt);

/* sparse's linearize_cond_branch: a && b tests b only when a holds, a || b
 * only when a fails; the comma operator evaluates its left side first. */
static bool build_cond_binary(struct builder *b, CXCursor e, int on_true, int on_false, CXCursor stmt)
{
    enum sl_binop op = sl_ast_binop(e);
    if (op != SL_BO_LAND && op != SL_BO_LOR && op != SL_BO_COMMA)
        return false;
    CXCursor kids[2];
    if (sl_ast_children(e, kids, 2) != 2)
        return false;
    if (op == SL_BO_COMMA) {
        build_expr_stmt(b, kids[0]);
    } else {
        int next = new_block(b);
        build_cond(b, kids[0], op == SL_BO_LAND ? next : on_true, op == SL_BO_LAND ? on_false : next, stmt);
        enter(b, next);
    }
    build_cond(b, kids[1], on_true, on_false, stmt);
    return true;
}

static bool build_cond_choice(struct builder *b, CXCursor e, int on_true, int on_false, CXCursor stmt)
{
    CXCursor kids[3];
    if (sl_ast_children(e, kids, 3) != 3)
        return false;
    int then_block = new_block(b), else_block = new_block(b);
    build_cond(b, kids[0], then_block, else_block, stmt);
    enter(b, then_block);
    build_cond(b, kids[1], on_true, on_false, stmt);
    enter(b, else_block);
    build_cond(b, kids[2], on_true, on_false, stmt);
    return true;
}

static void build_cond(struct builder *b, CXCursor cond, int on_true, int on_false, CXCursor stmt)
{
    CXCursor e = sl_ast_peel(cond);
    switch (clang_getCursorKind(e)) {
    case CXCursor_BinaryOperator:
        if (build_cond_binary(b, e, on_true, on_false, stmt))
            return;
        break;
    case CXCursor_UnaryOperator:
        if (sl_ast_unop(e) == SL_UO_LNOT) {
            build_cond(b, sl_ast_child(e, 0), on_false, on_true, stmt);
            return;
        }
        break;
    case CXCursor_ConditionalOperator:
        if (build_cond_choice(b, e, on_true, on_false, stmt))
            return;
        break;
    default:
        break;
    }
    long long value;
    ensure_open(b);
    if (sl_ast_eval_int(e, &value))
        jump(b, value ? on_true : on_false, stmt);
    else
        terminate(b, SL_TERM_BRANCH, e, on_true, on_false, stmt);
}

/* A missing condition (for (;;)) is always true. */
static void build_test(struct builder *b, CXCursor cond, int on_true, int on_false, CXCursor stmt)
{
    if (sl_ast_is_null(cond))
        jump(b, on_true, stmt);
    else
        build_cond(b, cond, on_true, on_false, stmt);
}

/* -------------------------------------------------------- cleanup scopes */

/* SCOPE_END items for the cleanup variables above mark, innermost first. */
static void emit_scope_ends(struct builder *b, size_t mark)
{
    if (b->cur < 0)
        return;
    for (size_t i = b->cleanups.len; i > mark; i--)
        add_item(b, SL_ITEM_SCOPE_END, b->cleanups.items[i - 1]);
}

static void close_scope(struct builder *b, size_t mark)
{
    emit_scope_ends(b, mark);
    b->cleanups.len = mark;
}

/* ------------------------------------------------------ expression statements */

static bool call_is_noreturn(struct builder *b, CXCursor e)
{
    if (clang_getCursorKind(e) != CXCursor_CallExpr)
        return false;
    char *name = sl_ast_callee_name(e);
    bool noreturn = name && b->is_noreturn && b->is_noreturn(b->ctx, name);
    free(name);
    return noreturn || sl_ast_decl_is_noreturn(sl_ast_callee_decl(e));
}

/* `c ? x : y;` as a statement: x and y run on separate paths. */
static bool build_choice_stmt(struct builder *b, CXCursor e)
{
    CXCursor kids[3];
    if (sl_ast_children(e, kids, 3) != 3)
        return false;
    int then_block = new_block(b), else_block = new_block(b), join = new_block(b);
    build_cond(b, kids[0], then_block, else_block, e);
    enter(b, then_block);
    build_expr_stmt(b, kids[1]);
    jump(b, join, e);
    enter(b, else_block);
    build_expr_stmt(b, kids[2]);
    enter(b, join);
    return true;
}

/* `a && x;`, `a || x;` and `x, y;` as statements. */
static bool build_binary_stmt(struct builder *b, CXCursor e)
{
    enum sl_binop op = sl_ast_binop(e);
    CXCursor kids[2];
    if ((op != SL_BO_LAND && op != SL_BO_LOR && op != SL_BO_COMMA) || sl_ast_children(e, kids, 2) != 2)
        return false;
    if (op == SL_BO_COMMA) {
        build_expr_stmt(b, kids[0]);
        build_expr_stmt(b, kids[1]);
        return true;
    }
    int rhs = new_block(b), join = new_block(b);
    build_cond(b, kids[0], op == SL_BO_LAND ? rhs : join, op == SL_BO_LAND ? join : rhs, e);
    enter(b, rhs);
    build_expr_stmt(b, kids[1]);
    enter(b, join);
    return true;
}

/* An expression whose value is unused. Items keep the expression as written
 * (a `(void)` cast stays visible); casts are looked through for the shape. */
static void build_expr_stmt(struct builder *b, CXCursor e)
{
    CXCursor v = sl_ast_peel_casts(e);
    switch (clang_getCursorKind(v)) {
    case CXCursor_ConditionalOperator:
        if (build_choice_stmt(b, v))
            return;
        break;
    case CXCursor_BinaryOperator:
        if (build_binary_stmt(b, v))
            return;
        break;
    case CXCursor_StmtExpr:         /* ({ ... }) whose value is unused: plain statements */
        build_stmt(b, sl_ast_child(v, 0));
        return;
    case CXCursor_UnaryOperator:    /* __extension__ x */
        if (sl_ast_unop(v) == SL_UO_OTHER) {
            build_expr_stmt(b, sl_ast_child(v, 0));
            return;
        }
        break;
    default:
        break;
    }
    add_item(b, SL_ITEM_EXPR, e);
    if (call_is_noreturn(b, v))
        terminate(b, SL_TERM_NORETURN, clang_getNullCursor(), -1, -1, e);
}

/* ------------------------------------------------------------- statements */

static enum CXChildVisitResult build_child_stmt(CXCursor c, CXCursor parent, CXClientData data)
{
    build_stmt(data, c);
    return CXChildVisit_Continue;
}

static void build_compound(struct builder *b, CXCursor s)
{
    size_t mark = b->cleanups.len;
    clang_visitChildren(s, build_child_stmt, b);
    close_scope(b, mark);
}

static enum CXChildVisitResult build_var_decl(CXCursor c, CXCursor parent, CXClientData data)
{
    struct builder *b = data;
    if (clang_getCursorKind(c) != CXCursor_VarDecl)
        return CXChildVisit_Continue;
    add_item(b, SL_ITEM_DECL, c);
    char *cleanup = sl_ast_cleanup_function(c);
    if (cleanup)
        sl_vec_push(&b->cleanups, c);
    free(cleanup);
    return CXChildVisit_Continue;
}

/* if / else if / ... / else, iterating along the else-if chain. */
static void build_if(struct builder *b, CXCursor s)
{
    int join = new_block(b);
    for (;;) {
        CXCursor kids[3];
        size_t n = sl_ast_children(s, kids, 3);
        if (n < 2)
            break;
        int then_block = new_block(b), else_block = n == 3 ? new_block(b) : join;
        build_cond(b, kids[0], then_block, else_block, s);
        enter(b, then_block);
        build_stmt(b, kids[1]);
        jump(b, join, clang_getNullCursor());
        if (n < 3)
            break;
        enter(b, else_block);
        if (clang_getCursorKind(kids[2]) != CXCursor_IfStmt) {
            build_stmt(b, kids[2]);
            break;
        }
        s = kids[2];
    }
    enter(b, join);
}

struct loop_parts {
    CXCursor init, cond, inc, body;
    bool test_first;        /* false for do-while */
};

/* for, while and do-while. continue goes to the increment, else the test. */
static void build_loop(struct builder *b, CXCursor s, const struct loop_parts *p)
{
    size_t mark = b->cleanups.len;
    if (!sl_ast_is_null(p->init))
        build_stmt(b, p->init);
    int head = new_block(b), body = new_block(b), exit = new_block(b);
    int next = sl_ast_is_null(p->inc) ? head : new_block(b);
    struct jump_target outer_brk = b->brk, outer_cont = b->cont;
    b->brk = (struct jump_target){exit, b->cleanups.len};
    b->cont = (struct jump_target){next, b->cleanups.len};
    if (p->test_first) {
        enter(b, head);
        build_test(b, p->cond, body, exit, s);
    }
    enter(b, body);
    build_stmt(b, p->body);
    if (next != head) {
        enter(b, next);
        build_expr_stmt(b, p->inc);
    }
    if (p->test_first) {
        jump(b, head, clang_getNullCursor());
    } else {
        enter(b, head);
        build_test(b, p->cond, body, exit, s);
    }
    b->brk = outer_brk;
    b->cont = outer_cont;
    enter(b, exit);
    close_scope(b, mark);
}

/* Offsets of the two `;` of a for header, at parenthesis depth 1. */
static bool for_header_semicolons(CXCursor s, CXCursor body, unsigned semi[2])
{
    struct sl_tokens t;
    sl_tokens_of_range(clang_Cursor_getTranslationUnit(s), clang_getRangeStart(clang_getCursorExtent(s)),
                       clang_getRangeStart(clang_getCursorExtent(body)), &t);
    int depth = 0, found = 0;
    for (unsigned i = 0; i < t.n && found < 2; i++) {
        if (sl_token_is(&t, i, "("))
            depth++;
        else if (sl_token_is(&t, i, ")"))
            depth--;
        else if (depth == 1 && sl_token_is(&t, i, ";"))
            semi[found++] = sl_token_offset(&t, i);
    }
    sl_tokens_free(&t);
    return found == 2;
}

/* libclang drops empty for slots; place each child by its offset relative to
 * the header's semicolons. Without them (a for loop spelled by a macro) guess
 * from the count: a declaration is an init, a lone expression a condition. */
static void for_parts(CXCursor s, struct loop_parts *p)
{
    CXCursor kids[4];
    size_t n = sl_ast_children(s, kids, 4);
    if (n == 0 || n > 4)
        return;
    p->body = kids[n - 1];
    CXCursor *slots[3] = {&p->init, &p->cond, &p->inc};
    unsigned semi[2];
    if (for_header_semicolons(s, p->body, semi)) {
        for (size_t i = 0; i + 1 < n; i++) {
            unsigned off = sl_ast_offset(clang_getRangeStart(clang_getCursorExtent(kids[i])));
            *slots[off < semi[0] ? 0 : off < semi[1] ? 1 : 2] = kids[i];
        }
        return;
    }
    size_t first = n == 4 || clang_getCursorKind(kids[0]) == CXCursor_DeclStmt ? 0 : 1;
    for (size_t i = 0; i + 1 < n && first + i < 3; i++)
        *slots[first + i] = kids[i];
}

static void build_for(struct builder *b, CXCursor s)
{
    struct loop_parts p = {clang_getNullCursor(), clang_getNullCursor(), clang_getNullCursor(),
                           clang_getNullCursor(), true};
    for_parts(s, &p);
    if (!sl_ast_is_null(p.body))
        build_loop(b, s, &p);
}

static void build_while_or_do(struct builder *b, CXCursor s, bool is_do)
{
    CXCursor kids[2];
    if (sl_ast_children(s, kids, 2) != 2)
        return;
    struct loop_parts p = {clang_getNullCursor(), kids[is_do ? 1 : 0], clang_getNullCursor(),
                           kids[is_do ? 0 : 1], !is_do};
    build_loop(b, s, &p);
}

static void build_switch(struct builder *b, CXCursor s)
{
    CXCursor kids[2];
    if (sl_ast_children(s, kids, 2) != 2)
        return;
    int head = ensure_open(b), exit = new_block(b);
    struct switch_ctx sw = {0}, *outer_sw = b->sw;
    struct jump_target outer_brk = b->brk;
    b->sw = &sw;
    b->brk = (struct jump_target){exit, b->cleanups.len};
    b->cur = -1;                    /* the head's terminator is set below */
    build_stmt(b, kids[1]);
    jump(b, exit, clang_getNullCursor());
    if (!sw.has_default)
        sl_vec_push(&sw.cases, ((struct sl_case){.is_default = true, .target = exit}));
    struct sl_block *blk = block_at(b, head);
    blk->term = SL_TERM_SWITCH;
    blk->cond = sl_ast_peel(kids[0]);
    blk->term_cursor = s;
    blk->cases = sw.cases.items;
    blk->ncases = sw.cases.len;
    b->sw = outer_sw;
    b->brk = outer_brk;
    b->cur = exit;
}

static void add_case(struct builder *b, const CXCursor *kids, size_t n, int target)
{
    struct sl_case c = {.target = target};
    c.value_known = sl_ast_eval_int(kids[0], &c.lo);
    c.hi = c.lo;
    if (n == 3)                     /* GNU case lo ... hi: */
        c.value_known = c.value_known && sl_ast_eval_int(kids[1], &c.hi);
    sl_vec_push(&b->sw->cases, c);
}

/* The LabelStmt a goto refers to and the one met while walking are not equal
 * cursors (different parents); their locations are. */
static int label_block(struct builder *b, CXCursor label)
{
    CXSourceLocation where = clang_getCursorLocation(label);
    for (size_t i = 0; i < b->labels.len; i++)
        if (clang_equalLocations(clang_getCursorLocation(b->labels.items[i].label), where))
            return b->labels.items[i].block;
    struct label_binding binding = {label, new_block(b)};
    sl_vec_push(&b->labels, binding);
    return binding.block;
}

/* case, default and labels each start a block that the code before falls
 * into; chains such as `case 1: case 2: L: stmt` are iterated. */
static void build_labeled(struct builder *b, CXCursor s)
{
    for (;;) {
        enum CXCursorKind kind = clang_getCursorKind(s);
        CXCursor kids[3];
        size_t n = sl_ast_children(s, kids, 3);
        if (n == 0 || n > 3)
            return;
        int blk = kind == CXCursor_LabelStmt ? label_block(b, s) : new_block(b);
        enter(b, blk);
        if (kind == CXCursor_CaseStmt && b->sw && n >= 2) {
            add_case(b, kids, n, blk);
        } else if (kind == CXCursor_DefaultStmt && b->sw) {
            sl_vec_push(&b->sw->cases, ((struct sl_case){.is_default = true, .target = blk}));
            b->sw->has_default = true;
        }
        s = kids[n - 1];
        kind = clang_getCursorKind(s);
        if (kind != CXCursor_CaseStmt && kind != CXCursor_DefaultStmt && kind != CXCursor_LabelStmt)
            break;
    }
    build_stmt(b, s);
}

static void build_break_or_continue(struct builder *b, const struct jump_target *target, CXCursor s)
{
    if (target->block < 0)
        return;
    emit_scope_ends(b, target->scope_mark);
    jump(b, target->block, s);
}

static void build_goto(struct builder *b, CXCursor s)
{
    CXCursor label = clang_getCursorReferenced(sl_ast_child(s, 0));
    if (clang_getCursorKind(label) == CXCursor_LabelStmt)
        jump(b, label_block(b, label), s);
}

static void build_indirect_goto(struct builder *b, CXCursor s)
{
    int blk = ensure_open(b);
    block_at(b, blk)->cond = sl_ast_child(s, 0);
    block_at(b, blk)->term_cursor = s;
    sl_vec_push(&b->indirect_gotos, blk);
    b->cur = -1;
}

static void build_return(struct builder *b, CXCursor s)
{
    if (b->cur < 0)
        return;
    emit_scope_ends(b, 0);
    terminate(b, SL_TERM_RETURN, sl_ast_child(s, 0), -1, -1, s);
}

/* Attributed statements are unexposed: `__attribute__((fallthrough));`,
 * `__attribute__((musttail)) return f(x);`. Their one child is the statement. */
static void build_unexposed_stmt(struct builder *b, CXCursor s)
{
    CXCursor kids[2];
    if (sl_ast_children(s, kids, 2) == 1 && clang_isStatement(clang_getCursorKind(kids[0])))
        build_stmt(b, kids[0]);
    else
        add_item(b, SL_ITEM_EXPR, s);
}

static void build_stmt(struct builder *b, CXCursor s)
{
    enum CXCursorKind kind = clang_getCursorKind(s);
    switch (kind) {
    case CXCursor_CompoundStmt: build_compound(b, s); break;
    case CXCursor_IfStmt: build_if(b, s); break;
    case CXCursor_WhileStmt: build_while_or_do(b, s, false); break;
    case CXCursor_DoStmt: build_while_or_do(b, s, true); break;
    case CXCursor_ForStmt: build_for(b, s); break;
    case CXCursor_SwitchStmt: build_switch(b, s); break;
    case CXCursor_CaseStmt:
    case CXCursor_DefaultStmt:
    case CXCursor_LabelStmt: build_labeled(b, s); break;
    case CXCursor_BreakStmt: build_break_or_continue(b, &b->brk, s); break;
    case CXCursor_ContinueStmt: build_break_or_continue(b, &b->cont, s); break;
    case CXCursor_GotoStmt: build_goto(b, s); break;
    case CXCursor_IndirectGotoStmt: build_indirect_goto(b, s); break;
    case CXCursor_ReturnStmt: build_return(b, s); break;
    case CXCursor_NullStmt: break;
    case CXCursor_UnexposedStmt:
        build_unexposed_stmt(b, s);
        break;
    case CXCursor_DeclStmt: clang_visitChildren(s, build_var_decl, b); break;
    default:
        if (clang_isExpression(kind))
            build_expr_stmt(b, s);
        else
            add_item(b, SL_ITEM_EXPR, s);   /* asm and other opaque statements */
        break;
    }
}

/* goto *p may reach every label: a SWITCH whose cases are all unknown. */
static void wire_indirect_gotos(struct builder *b)
{
    for (size_t i = 0; i < b->indirect_gotos.len; i++) {
        struct sl_block *blk = block_at(b, b->indirect_gotos.items[i]);
        if (b->labels.len == 0) {
            blk->term = SL_TERM_NORETURN;
            continue;
        }
        blk->term = SL_TERM_SWITCH;
        blk->ncases = b->labels.len;
        blk->cases = sl_xcalloc(blk->ncases, sizeof *blk->cases);
        for (size_t k = 0; k < b->labels.len; k++)
            blk->cases[k] = (struct sl_case){.is_default = k == 0, .target = b->labels.items[k].block};
    }
}

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData data)
{
    if (clang_getCursorKind(c) == CXCursor_CompoundStmt)
        *(CXCursor *)data = c;
    return CXChildVisit_Continue;
}

static CXCursor function_body(CXCursor fn)
{
    CXCursor body = clang_getNullCursor();
    if (clang_getCursorKind(fn) == CXCursor_FunctionDecl)
        clang_visitChildren(fn, find_body, &body);
    return body;
}

int sl_cfg_build(struct sl_cfg *cfg, CXCursor fn, sl_noreturn_fn is_noreturn, void *ctx)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->function = fn;
    CXCursor body = function_body(fn);
    if (sl_ast_is_null(body))
        return -1;
    struct builder b = {.cfg = cfg, .cur = -1, .is_noreturn = is_noreturn, .ctx = ctx, .body = body,
                        .brk = {-1, 0}, .cont = {-1, 0}};
    cfg->entry = ensure_open(&b);
    build_compound(&b, body);
    terminate(&b, SL_TERM_RETURN, clang_getNullCursor(), -1, -1, body);
    wire_indirect_gotos(&b);
    sl_vec_free(&b.labels);
    sl_vec_free(&b.indirect_gotos);
    sl_vec_free(&b.cleanups);
    return 0;
}

void sl_cfg_free(struct sl_cfg *cfg)
{
    for (size_t i = 0; i < cfg->nblocks; i++) {
        free(cfg->blocks[i].items);
        free(cfg->blocks[i].cases);
    }
    free(cfg->blocks);
    cfg->blocks = NULL;
    cfg->nblocks = cfg->capblocks = 0;
}

/* ------------------------------------------------------------------- dump */

static void dump_text(struct sl_strbuf *sb, CXCursor c)
{
    char *text = sl_ast_source_text(c);
    sl_sb_printf(sb, "`%s`", text);
    free(text);
}

static void dump_item(struct sl_strbuf *sb, const struct sl_item *item)
{
    static const char *const names[] = {"expr", "decl", "scope-end"};
    sl_sb_printf(sb, " [%s ", names[item->kind]);
    if (item->kind == SL_ITEM_EXPR) {
        dump_text(sb, item->cursor);
    } else {
        CXString name = clang_getCursorSpelling(item->cursor);
        sl_sb_append(sb, clang_getCString(name));
        clang_disposeString(name);
    }
    sl_sb_append(sb, "]");
}

static void dump_case(struct sl_strbuf *sb, const struct sl_case *c)
{
    if (c->is_default)
        sl_sb_append(sb, " default");
    else if (!c->value_known)
        sl_sb_append(sb, " ?");
    else if (c->lo == c->hi)
        sl_sb_printf(sb, " %lld", c->lo);
    else
        sl_sb_printf(sb, " %lld..%lld", c->lo, c->hi);
    sl_sb_printf(sb, ":B%d", c->target);
}

static void dump_terminator(struct sl_strbuf *sb, const struct sl_block *blk)
{
    switch (blk->term) {
    case SL_TERM_GOTO:
        sl_sb_printf(sb, " goto B%d", blk->succ[0]);
        break;
    case SL_TERM_BRANCH:
        sl_sb_append(sb, " branch ");
        dump_text(sb, blk->cond);
        sl_sb_printf(sb, " -> B%d, B%d", blk->succ[0], blk->succ[1]);
        break;
    case SL_TERM_SWITCH:
        sl_sb_append(sb, " switch ");
        dump_text(sb, blk->cond);
        sl_sb_append(sb, " {");
        for (size_t i = 0; i < blk->ncases; i++)
            dump_case(sb, &blk->cases[i]);
        sl_sb_append(sb, " }");
        break;
    case SL_TERM_RETURN:
        sl_sb_append(sb, " return");
        if (!sl_ast_is_null(blk->cond)) {
            sl_sb_append(sb, " ");
            dump_text(sb, blk->cond);
        }
        break;
    case SL_TERM_NORETURN:
        sl_sb_append(sb, " noreturn");
        break;
    }
}

char *sl_cfg_dump(const struct sl_cfg *cfg)
{
    struct sl_strbuf sb = {0};
    sl_sb_printf(&sb, "entry B%d\n", cfg->entry);
    for (size_t i = 0; i < cfg->nblocks; i++) {
        const struct sl_block *blk = &cfg->blocks[i];
        sl_sb_printf(&sb, "B%d:", blk->id);
        for (size_t k = 0; k < blk->nitems; k++)
            dump_item(&sb, &blk->items[k]);
        dump_terminator(&sb, blk);
        sl_sb_append(&sb, "\n");
    }
    return sl_sb_take(&sb);
}
