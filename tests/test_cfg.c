/*
 * test_cfg.c: tests of the CFG builder (cfg.c). Each test parses a snippet,
 * builds the CFG of one function and checks its shape through blocks found by
 * their contents ("the block evaluating `g(1)`", "the branch on `x`"), so the
 * tests do not depend on block numbering; empty GOTO blocks (joins, loop
 * heads) are skipped when following edges. One test pins the dump format.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "cfg.h"
#include "snippet.h"
#include "util.h"

static struct snippet sn;
static struct sl_cfg cfg;

static void teardown(void)
{
    sl_cfg_free(&cfg);
    snippet_free(&sn);
}

TestSuite(cfg, .fini = teardown);

static bool noreturn_by_name(void *ctx, const char *name)
{
    return strcmp(name, ctx) == 0;
}

/* Parses code and builds the CFG of function f; the callback (if given)
 * declares the function named noreturn_name noreturn. */
static void build_named(const char *code, const char *noreturn_name)
{
    snippet_parse(&sn, code);
    CXCursor fn = snippet_function(&sn, "f");
    cr_assert_eq(sl_cfg_build(&cfg, fn, noreturn_name ? noreturn_by_name : NULL, (void *)noreturn_name), 0);
}

static void build(const char *code) { build_named(code, NULL); }

static bool text_is(CXCursor c, const char *text)
{
    char *got = sl_ast_source_text(c);
    bool same = strcmp(got, text) == 0;
    free(got);
    return same;
}

static const struct sl_block *blk(int id)
{
    cr_assert(id >= 0 && (size_t)id < cfg.nblocks, "block %d out of range", id);
    return &cfg.blocks[id];
}

/* The block with an item of this kind whose text (EXPR) or name (others) is text. */
static int find_item(enum sl_item_kind kind, const char *text)
{
    for (size_t i = 0; i < cfg.nblocks; i++)
        for (size_t k = 0; k < cfg.blocks[i].nitems; k++) {
            const struct sl_item *item = &cfg.blocks[i].items[k];
            if (item->kind != kind)
                continue;
            CXString name = clang_getCursorSpelling(item->cursor);
            bool match = kind == SL_ITEM_EXPR ? text_is(item->cursor, text)
                                              : strcmp(clang_getCString(name), text) == 0;
            clang_disposeString(name);
            if (match)
                return (int)i;
        }
    cr_assert_fail("no item `%s`", text);
    return -1;
}

static int expr_block(const char *text) { return find_item(SL_ITEM_EXPR, text); }

static int branch_block(const char *cond)
{
    for (size_t i = 0; i < cfg.nblocks; i++)
        if (cfg.blocks[i].term == SL_TERM_BRANCH && text_is(cfg.blocks[i].cond, cond))
            return (int)i;
    cr_assert_fail("no branch on `%s`", cond);
    return -1;
}

/* Follows item-less GOTO blocks (joins, loop heads). */
static int skip(int id)
{
    for (size_t steps = 0; steps <= cfg.nblocks; steps++) {
        const struct sl_block *b = blk(id);
        if (b->term != SL_TERM_GOTO || b->nitems > 0)
            return id;
        id = b->succ[0];
    }
    return id;   /* an empty infinite loop */
}

static int succ(int id, int i) { return skip(blk(id)->succ[i]); }

static bool reaches_from(int from, int to, bool *seen)
{
    if (from == to)
        return true;
    if (from < 0 || seen[from])
        return false;
    seen[from] = true;
    const struct sl_block *b = blk(from);
    for (size_t i = 0; i < b->ncases; i++)
        if (reaches_from(b->cases[i].target, to, seen))
            return true;
    bool follows = b->term == SL_TERM_GOTO || b->term == SL_TERM_BRANCH;
    return follows && (reaches_from(b->succ[0], to, seen) ||
                       (b->term == SL_TERM_BRANCH && reaches_from(b->succ[1], to, seen)));
}

static bool reaches(int from, int to)
{
    bool *seen = sl_xcalloc(cfg.nblocks, sizeof *seen);
    bool r = reaches_from(from, to, seen);
    free(seen);
    return r;
}

/* Number of blocks reachable from the entry with terminator term. */
static int count_reachable(enum sl_term_kind term)
{
    int n = 0;
    for (size_t i = 0; i < cfg.nblocks; i++)
        n += cfg.blocks[i].term == term && reaches(cfg.entry, (int)i);
    return n;
}

static int entry(void) { return skip(cfg.entry); }

#define DECLS "int g(int); int h(void);\n"

Test(cfg, straight_line_and_dump_format)
{
    build(DECLS "int f(int x) { int y = x;\n g(y);\n return y + 1; }\n");
    char *dump = sl_cfg_dump(&cfg);
    cr_expect_str_eq(dump, "entry B0\nB0: [decl y] [expr `g(y)`] return `y + 1`\n");
    free(dump);
    cr_expect_eq(blk(cfg.entry)->term_cursor.kind, CXCursor_ReturnStmt);
    cr_expect_eq(clang_getCursorKind(cfg.function), CXCursor_FunctionDecl);
}

Test(cfg, declaration_without_body_fails)
{
    snippet_parse(&sn, "int f(int x);\n");
    cr_expect_eq(sl_cfg_build(&cfg, snippet_find(&sn, CXCursor_FunctionDecl, "f"), NULL, NULL), -1);
    cr_expect_eq(cfg.nblocks, 0);
}

Test(cfg, if_else)
{
    build(DECLS "void f(int x) { if (x) g(1); else g(2); g(3); }\n");
    int b = entry();
    cr_assert_eq(b, branch_block("x"));
    cr_expect_eq(succ(b, 0), expr_block("g(1)"));
    cr_expect_eq(succ(b, 1), expr_block("g(2)"));
    cr_expect_eq(succ(expr_block("g(1)"), 0), expr_block("g(3)"));
    cr_expect_eq(succ(expr_block("g(2)"), 0), expr_block("g(3)"));
    cr_expect_eq(blk(b)->term_cursor.kind, CXCursor_IfStmt);
}

Test(cfg, if_without_else_and_else_if_chain)
{
    build(DECLS "void f(int x) { if (x == 1) g(1); else if (x == 2) g(2); if (x) g(3); g(4); }\n");
    int first = branch_block("x == 1"), second = branch_block("x == 2"), third = branch_block("x");
    cr_expect_eq(succ(first, 1), second);
    cr_expect_eq(succ(second, 1), third);
    cr_expect_eq(succ(expr_block("g(1)"), 0), third);
    cr_expect_eq(succ(third, 0), expr_block("g(3)"));
    cr_expect_eq(succ(third, 1), expr_block("g(4)"));
}

Test(cfg, while_loop)
{
    build(DECLS "void f(int x) { g(0); while (x > 0) { g(1); } g(2); }\n");
    int head = branch_block("x > 0");
    cr_expect_eq(succ(expr_block("g(0)"), 0), head);
    cr_expect_eq(succ(head, 0), expr_block("g(1)"));
    cr_expect_eq(succ(head, 1), expr_block("g(2)"));
    cr_expect_eq(succ(expr_block("g(1)"), 0), head);
}

Test(cfg, do_while_runs_body_first)
{
    build(DECLS "void f(int x) { do { g(1); } while (x--); g(2); }\n");
    int body = expr_block("g(1)"), test = branch_block("x--");
    cr_expect_eq(entry(), body);
    cr_expect_eq(succ(body, 0), test);
    cr_expect_eq(succ(test, 0), body);
    cr_expect_eq(succ(test, 1), expr_block("g(2)"));
}

Test(cfg, constant_conditions_are_gotos)
{
    build(DECLS "void f(int x) {\n"
                "  do { g(1); } while (0);\n"
                "  while (1) { if (g(2)) break; }\n"
                "  for (;;) { if (g(3)) return; }\n"
                "  g(4);\n"
                "}\n");
    cr_expect_eq(succ(expr_block("g(1)"), 0), branch_block("g(2)"));
    cr_expect_eq(succ(branch_block("g(2)"), 1), branch_block("g(2)"));
    cr_expect_eq(succ(branch_block("g(2)"), 0), branch_block("g(3)"));
    cr_expect_eq(succ(branch_block("g(3)"), 1), branch_block("g(3)"));
    cr_expect_not(reaches(cfg.entry, expr_block("g(4)")), "for (;;) without break never exits");
    cr_expect_eq(count_reachable(SL_TERM_BRANCH), 2);
    cr_expect_eq(count_reachable(SL_TERM_RETURN), 1);
}

/* Every combination of present/absent for-header slots. */
Test(cfg, for_loop_slots)
{
    for (int mask = 0; mask < 8; mask++) {
        bool has_init = mask & 1, has_cond = mask & 2, has_inc = mask & 4;
        char *code = sl_xasprintf(DECLS "void f(int i) { for (%s; %s; %s) g(1); g(2); }\n",
                                  has_init ? "i = h()" : "", has_cond ? "i < 9" : "", has_inc ? "i++" : "");
        build(code);
        int body = expr_block("g(1)");
        if (has_init)
            cr_expect_eq(entry(), expr_block("i = h()"), "mask %d", mask);
        if (has_cond) {
            int test = branch_block("i < 9");
            cr_expect_eq(succ(test, 0), body, "mask %d", mask);
            cr_expect_eq(succ(test, 1), expr_block("g(2)"), "mask %d", mask);
        } else {
            cr_expect_eq(count_reachable(SL_TERM_BRANCH), 0, "mask %d", mask);
            cr_expect_not(reaches(cfg.entry, expr_block("g(2)")), "mask %d", mask);
        }
        int after_body = has_inc ? expr_block("i++") : has_cond ? branch_block("i < 9") : body;
        cr_expect_eq(succ(body, 0), after_body, "mask %d", mask);
        if (has_inc)
            cr_expect_eq(succ(expr_block("i++"), 0), has_cond ? branch_block("i < 9") : body, "mask %d", mask);
        sl_cfg_free(&cfg);
        snippet_free(&sn);
        free(code);
    }
    /* the teardown frees once more: leave something valid behind */
    build(DECLS "void f(void) { for (int i = 0; i < 3; ) g(i); }\n");
    cr_expect_eq(succ(find_item(SL_ITEM_DECL, "i"), 0), branch_block("i < 3"));
}

Test(cfg, for_loop_spelled_by_a_macro)
{
    build(DECLS "#define FOR_N(i, n) for (i = 0; i < (n); i++)\n"
                "void f(int i) { FOR_N(i, 9) g(1); g(2); }\n");
    int test = branch_block("FOR_N(i, 9)");
    cr_expect_eq(succ(test, 0), expr_block("g(1)"));
    cr_expect_eq(succ(test, 1), expr_block("g(2)"));
    /* init and increment read the same at the expansion site: check by place */
    cr_expect_eq(blk(entry())->nitems, 1);
    cr_expect_eq(succ(entry(), 0), test);
    int inc = succ(expr_block("g(1)"), 0);
    cr_expect_eq(blk(inc)->nitems, 1);
#ifdef SL_HAVE_BINOP_KIND   /* tokens at the expansion site cannot show a macro's operators */
    cr_expect_eq(sl_ast_unop(sl_ast_peel(blk(inc)->items[0].cursor)), SL_UO_POSTINC);
#endif
    cr_expect_eq(succ(inc, 0), test);
    cr_expect_eq(count_reachable(SL_TERM_BRANCH), 1);
}

Test(cfg, break_and_continue_in_nested_loops)
{
    build(DECLS "void f(int n) {\n"
                "  for (int i = 0; i < n; i++) {\n"
                "    while (g(1)) {\n"
                "      if (g(2)) break;\n"
                "      if (g(3)) continue;\n"
                "      g(4);\n"
                "    }\n"
                "    if (g(5)) continue;\n"
                "    if (g(6)) break;\n"
                "    g(7);\n"
                "  }\n"
                "  g(8);\n"
                "}\n");
    int inner = branch_block("g(1)");
    cr_expect_eq(succ(branch_block("g(2)"), 0), branch_block("g(5)"), "inner break leaves the while");
    cr_expect_eq(succ(branch_block("g(3)"), 0), inner, "inner continue tests again");
    cr_expect_eq(succ(expr_block("g(4)"), 0), inner);
    cr_expect_eq(succ(branch_block("g(5)"), 0), expr_block("i++"), "outer continue runs the increment");
    cr_expect_eq(succ(branch_block("g(6)"), 0), expr_block("g(8)"));
    cr_expect_eq(succ(inner, 1), branch_block("g(5)"));
}

Test(cfg, switch_with_fallthrough_default_and_ranges)
{
    build(DECLS "enum { TWO = 2 };\n"
                "void f(int x) {\n"
                "  switch (x) {\n"
                "  case 1:\n"
                "  case TWO ... 4: g(1);\n"
                "  case 5: g(2); break;\n"
                "  default: g(3); __attribute__((fallthrough));\n"
                "  case 6: g(4);\n"
                "  }\n"
                "  g(5);\n"
                "}\n");
    const struct sl_block *sw = blk(entry());
    cr_assert_eq(sw->term, SL_TERM_SWITCH);
    cr_expect(text_is(sw->cond, "x"));
    cr_assert_eq(sw->ncases, 5);
    cr_expect(sw->cases[0].value_known && sw->cases[0].lo == 1 && sw->cases[0].hi == 1);
    cr_expect(sw->cases[1].value_known && sw->cases[1].lo == 2 && sw->cases[1].hi == 4);
    cr_expect_eq(sw->cases[2].lo, 5);
    cr_expect(sw->cases[3].is_default);
    cr_expect_eq(sw->cases[4].lo, 6);
    cr_expect_eq(skip(sw->cases[0].target), expr_block("g(1)"), "case 1 falls into case 2...4");
    cr_expect_eq(skip(sw->cases[1].target), expr_block("g(1)"));
    cr_expect_eq(succ(expr_block("g(1)"), 0), expr_block("g(2)"), "fallthrough into case 5");
    cr_expect_eq(succ(expr_block("g(2)"), 0), expr_block("g(5)"), "break leaves the switch");
    cr_expect_eq(skip(sw->cases[3].target), expr_block("g(3)"));
    cr_expect_eq(succ(expr_block("g(3)"), 0), expr_block("g(4)"));
    cr_expect_eq(succ(expr_block("g(4)"), 0), expr_block("g(5)"));
}

Test(cfg, switch_without_default_gets_implicit_one)
{
    build(DECLS "void f(int x) { switch (x) { case 1: g(1); break; case 2: return; } g(2); }\n");
    const struct sl_block *sw = blk(entry());
    cr_assert_eq(sw->term, SL_TERM_SWITCH);
    cr_assert_eq(sw->ncases, 3);
    cr_expect(sw->cases[2].is_default);
    cr_expect_eq(skip(sw->cases[2].target), expr_block("g(2)"));
    cr_expect_eq(blk(skip(sw->cases[1].target))->term, SL_TERM_RETURN);
}

Test(cfg, huge_switch_is_linear)
{
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, DECLS "void f(int x) {\n  switch (x) {\n");
    for (int i = 0; i < 20000; i++)
        sl_sb_printf(&sb, "  case %d: g(%d); break;\n", i, i);
    sl_sb_append(&sb, "  }\n  switch (x) {\n");
    for (int i = 0; i < 20000; i++)
        sl_sb_printf(&sb, "  case %d:\n", i);   /* a 20000-deep case chain */
    sl_sb_append(&sb, "  g(-1);\n  }\n}\n");
    char *code = sl_sb_take(&sb);
    build(code);
    free(code);
    const struct sl_block *sw = blk(entry());
    cr_assert_eq(sw->ncases, 20001);
    cr_expect_eq(sw->cases[12345].lo, 12345);
    int after = skip(blk(skip(sw->cases[0].target))->succ[0]);
    cr_assert_eq(blk(after)->term, SL_TERM_SWITCH);
    cr_expect_eq(blk(after)->ncases, 20001);
}

Test(cfg, goto_forward_and_backward)
{
    build(DECLS "int f(int x) {\n"
                "again:\n"
                "  if (g(1)) goto out;\n"
                "  if (g(2)) goto again;\n"
                "  g(3);\n"
                "out:\n"
                "  return x;\n"
                "}\n");
    int ret = skip(succ(branch_block("g(1)"), 0));
    cr_expect_eq(blk(ret)->term, SL_TERM_RETURN);
    cr_expect_eq(succ(branch_block("g(2)"), 0), branch_block("g(1)"));
    cr_expect_eq(succ(expr_block("g(3)"), 0), ret);
    cr_expect_eq(count_reachable(SL_TERM_RETURN), 1);
}

Test(cfg, indirect_goto_reaches_every_label)
{
    build(DECLS "void f(int x) {\n"
                "  void *where = x ? &&a : &&b;\n"
                "  goto *where;\n"
                "a: g(1); return;\n"
                "b: g(2);\n"
                "}\n");
    const struct sl_block *jump = blk(find_item(SL_ITEM_DECL, "where"));
    cr_assert_eq(jump->term, SL_TERM_SWITCH);
    cr_assert_eq(jump->ncases, 2);
    cr_expect(jump->cases[0].is_default);
    cr_expect_not(jump->cases[1].value_known);
    cr_expect_eq(skip(jump->cases[0].target), expr_block("g(1)"));
    cr_expect_eq(skip(jump->cases[1].target), expr_block("g(2)"));
}

Test(cfg, returns_and_falling_off_the_end)
{
    build(DECLS "void f(int x) {\n  if (x) return;\n  g(1);\n}\n");
    const struct sl_block *early = blk(succ(entry(), 0));
    cr_expect_eq(early->term, SL_TERM_RETURN);
    cr_expect(clang_Cursor_isNull(early->cond));
    cr_expect_eq(early->term_cursor.kind, CXCursor_ReturnStmt);
    const struct sl_block *end = blk(expr_block("g(1)"));
    cr_expect_eq(end->term, SL_TERM_RETURN);
    cr_expect(clang_Cursor_isNull(end->cond));
    cr_assert_eq(clang_getCursorKind(end->term_cursor), CXCursor_CompoundStmt);
    struct sl_pos pos;
    sl_ast_cursor_end(end->term_cursor, &pos);
    cr_expect_eq(pos.line, 5);
    cr_expect_eq(pos.col, 2);     /* just after the closing brace */
    sl_pos_free(&pos);
}

Test(cfg, return_value_is_the_cond)
{
    build(DECLS "int f(int x) { if (x) return g(x); return 0; }\n");
    const struct sl_block *r = blk(succ(entry(), 0));
    cr_expect_eq(r->term, SL_TERM_RETURN);
    cr_expect(text_is(r->cond, "g(x)"));
    cr_expect_eq(r->nitems, 0, "the returned expression is not an item");
}

Test(cfg, and_or_not_in_conditions)
{
    build(DECLS "void f(int a, int b, int c) { if (a && (b || !c)) g(1); else g(2); }\n");
    int ba = branch_block("a"), bb = branch_block("b"), bc = branch_block("c");
    int yes = expr_block("g(1)"), no = expr_block("g(2)");
    cr_expect_eq(entry(), ba);
    cr_expect_eq(succ(ba, 0), bb);
    cr_expect_eq(succ(ba, 1), no, "a false: the whole && is false");
    cr_expect_eq(succ(bb, 0), yes, "b true: the || is true");
    cr_expect_eq(succ(bb, 1), bc);
    cr_expect_eq(succ(bc, 0), no, "!c: c true means false");
    cr_expect_eq(succ(bc, 1), yes);
    cr_expect_eq(count_reachable(SL_TERM_BRANCH), 3);
}

Test(cfg, conditional_operator_in_condition)
{
    build(DECLS "void f(int a, int b, int c) { while (a ? b : c) g(1); g(2); }\n");
    int ba = branch_block("a"), bb = branch_block("b"), bc = branch_block("c");
    cr_expect_eq(succ(ba, 0), bb);
    cr_expect_eq(succ(ba, 1), bc);
    cr_expect_eq(succ(bb, 0), expr_block("g(1)"));
    cr_expect_eq(succ(bc, 0), expr_block("g(1)"));
    cr_expect_eq(succ(bb, 1), expr_block("g(2)"));
    cr_expect_eq(succ(bc, 1), expr_block("g(2)"));
}

Test(cfg, condition_with_side_effects_stays_atomic)
{
    build(DECLS "int open(int **db);\n"
                "void f(int *db) { int rc; if ((rc = open(&db)) != 0) g(1); }\n");
    int b = branch_block("(rc = open(&db)) != 0");
    cr_expect_eq(blk(b)->nitems, 1, "only the declaration of rc: the condition is no item");
    cr_expect_eq(blk(b)->items[0].kind, SL_ITEM_DECL);
}

Test(cfg, noreturn_calls_end_the_path)
{
    build_named(DECLS "void exit(int);\n"
                      "__attribute__((noreturn)) void fatal(const char *m);\n"
                      "_Noreturn void die(void);\n"
                      "void my_abort(void);\n"
                      "void f(int x) {\n"
                      "  if (x == 1) exit(1);\n"
                      "  if (x == 2) (void)fatal(\"x\");\n"
                      "  if (x == 3) die();\n"
                      "  if (x == 4) my_abort();\n"
                      "  if (x == 5) __builtin_unreachable();\n"
                      "  g(1);\n"
                      "}\n",
                "my_abort");
    static const char *const calls[] = {"exit(1)", "(void)fatal(\"x\")", "die()", "my_abort()",
                                        "__builtin_unreachable()"};
    for (size_t i = 0; i < 5; i++) {
        const struct sl_block *b = blk(expr_block(calls[i]));
        cr_expect_eq(b->term, SL_TERM_NORETURN, "%s", calls[i]);
    }
    cr_expect_eq(count_reachable(SL_TERM_NORETURN), 5);
    cr_expect_eq(count_reachable(SL_TERM_RETURN), 1);
}

Test(cfg, statement_level_short_circuit_and_assert_shape)
{
    build(DECLS "void __assert_fail(const char *, const char *, unsigned, const char *);\n"
                "#define assert(e) ((e) ? (void)0 : __assert_fail(#e, \"t.c\", 1, \"f\"))\n"
                "void f(int *p) { assert(p != 0); g(0) == 0 || h(); g(*p); }\n");
    int check = branch_block("p != 0");
    cr_expect_eq(blk(skip(succ(check, 1)))->term, SL_TERM_NORETURN);
    int rc = branch_block("g(0) == 0");
    cr_expect_eq(succ(succ(check, 0), 0), rc, "through the (void)0 arm");
    cr_expect_eq(succ(rc, 0), expr_block("g(*p)"));
    cr_expect_eq(succ(rc, 1), expr_block("h()"));
    cr_expect_eq(succ(expr_block("h()"), 0), expr_block("g(*p)"));
}

Test(cfg, cleanup_variables_get_scope_ends)
{
    build(DECLS "void close_db(int **p);\n"
                "#define AUTO __attribute__((cleanup(close_db)))\n"
                "int f(int x) {\n"
                "  AUTO int *outer = 0;\n"
                "  for (;;) {\n"
                "    AUTO int *inner = 0;\n"
                "    if (g(1)) break;\n"
                "    if (g(2)) continue;\n"
                "    if (g(3)) return 1;\n"
                "    g(4);\n"
                "  }\n"
                "  g(5);\n"
                "  return 0;\n"
                "}\n");
    /* break: inner ends, then g(5); continue and the loop end: inner only */
    int brk = succ(branch_block("g(1)"), 0);
    cr_assert_eq(blk(brk)->nitems, 1);
    cr_expect_eq(blk(brk)->items[0].kind, SL_ITEM_SCOPE_END);
    cr_expect_eq(succ(brk, 0), expr_block("g(5)"));
    int cont = succ(branch_block("g(2)"), 0);
    cr_assert_eq(blk(cont)->nitems, 1);
    cr_expect_eq(succ(cont, 0), find_item(SL_ITEM_DECL, "inner"));
    const struct sl_block *body_end = blk(expr_block("g(4)"));
    cr_assert_eq(body_end->nitems, 2);
    cr_expect_eq(body_end->items[1].kind, SL_ITEM_SCOPE_END);
    /* return: innermost first, then outer */
    const struct sl_block *ret = blk(succ(branch_block("g(3)"), 0));
    cr_assert_eq(ret->nitems, 2);
    cr_expect(text_is(ret->items[0].cursor, "int *inner = 0") || ret->items[0].kind == SL_ITEM_SCOPE_END);
    CXString first = clang_getCursorSpelling(ret->items[0].cursor);
    CXString second = clang_getCursorSpelling(ret->items[1].cursor);
    cr_expect_str_eq(clang_getCString(first), "inner");
    cr_expect_str_eq(clang_getCString(second), "outer");
    clang_disposeString(first);
    clang_disposeString(second);
    cr_expect_eq(ret->term, SL_TERM_RETURN);
    const struct sl_block *last = blk(expr_block("g(5)"));
    cr_assert_eq(last->nitems, 2);
    cr_expect_eq(last->items[1].kind, SL_ITEM_SCOPE_END);
    cr_expect_eq(last->term, SL_TERM_RETURN);
}

Test(cfg, statement_expressions_and_decls)
{
    build(DECLS "void f(int x) {\n"
                "  int a = 1, b;\n"
                "  ({ g(1); g(2); });\n"
                "  b = ({ int t = g(3); t; });\n"
                "  ;\n"
                "}\n");
    int b0 = entry();
    cr_assert_eq(blk(b0)->nitems, 5);
    cr_expect_eq(blk(b0)->items[0].kind, SL_ITEM_DECL);
    cr_expect_eq(blk(b0)->items[1].kind, SL_ITEM_DECL);
    cr_expect(text_is(blk(b0)->items[2].cursor, "g(1)"));
    cr_expect(text_is(blk(b0)->items[4].cursor, "b = ({ int t = g(3); t; })"), "opaque in expression position");
}

Test(cfg, unreachable_code_after_return_is_not_reachable)
{
    build(DECLS "int f(int x) { return 1; g(1); }\n");
    cr_expect_not(reaches(cfg.entry, expr_block("g(1)")));
    cr_expect_eq(count_reachable(SL_TERM_RETURN), 1);
}
