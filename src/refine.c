/*
 * refine.c: what a branch edge tells the engine. The CFG gives one atomic
 * condition per branch; its value was computed by sl_eval (with side
 * effects). Here the condition's shape ("x", "x == K", "K != x", "x < K")
 * and the edge's truth refine the state: a handle tested for NULL, the
 * outcome of an acquire or begin bound to a result code, or an int flag.
 * An edge that contradicts what the state knows is infeasible and dropped.
 */
#include <stdlib.h>

#include "ast.h"
#include "engine_ctx.h"

/* The test an edge makes on a value: value OP k. */
enum test_op { T_EQ, T_NE, T_LT, T_GT, T_LE, T_GE };

/* value OP k, or (value & mask) OP k when mask is not 0 (ODBC's
 * SQL_SUCCEEDED(rc) is ((rc & ~1) == 0)). */
struct test {
    enum test_op op;
    long long k;
    long long mask;
};

static bool test_holds(const struct test *t, long long x)
{
    if (t->mask)
        x &= t->mask;
    switch (t->op) {
    case T_EQ: return x == t->k;
    case T_NE: return x != t->k;
    case T_LT: return x < t->k;
    case T_GT: return x > t->k;
    case T_LE: return x <= t->k;
    case T_GE: return x >= t->k;
    }
    return false;
}

static enum test_op negate(enum test_op op)
{
    switch (op) {
    case T_EQ: return T_NE;
    case T_NE: return T_EQ;
    case T_LT: return T_GE;
    case T_GT: return T_LE;
    case T_LE: return T_GT;
    case T_GE: return T_LT;
    }
    return op;
}

static enum test_op mirror(enum test_op op)
{
    switch (op) {
    case T_LT: return T_GT;
    case T_GT: return T_LT;
    case T_LE: return T_GE;
    case T_GE: return T_LE;
    default: return op;
    }
}

static bool binop_test(enum sl_binop b, enum test_op *op)
{
    switch (b) {
    case SL_BO_EQ: *op = T_EQ; return true;
    case SL_BO_NE: *op = T_NE; return true;
    case SL_BO_LT: *op = T_LT; return true;
    case SL_BO_GT: *op = T_GT; return true;
    case SL_BO_LE: *op = T_LE; return true;
    case SL_BO_GE: *op = T_GE; return true;
    default: return false;
    }
}

static bool constant(CXCursor e, long long *k)
{
    if (sl_ast_is_null_constant(e)) {
        *k = 0;
        return true;
    }
    return sl_ast_eval_int(e, k);
}

/* `x & MASK` with a constant mask: returns x and sets *mask; else e itself. */
static CXCursor unmask(CXCursor e, long long *mask)
{
    CXCursor p = sl_ast_peel(e);
    long long m;
    if (clang_getCursorKind(p) != CXCursor_BinaryOperator || sl_ast_binop(p) != SL_BO_AND)
        return e;
    if (constant(sl_ast_child(p, 1), &m) && m != 0) {
        *mask = m;
        return sl_ast_child(p, 0);
    }
    if (constant(sl_ast_child(p, 0), &m) && m != 0) {
        *mask = m;
        return sl_ast_child(p, 1);
    }
    return e;
}

/* Finds the tested operand of cond and the test the TRUE edge makes on it.
 * `operand` is the expression whose value sl_eval computed, when cond is a
 * comparison (for a bare `x`, the operand is cond itself). */
static bool read_test(CXCursor cond, CXCursor *operand, struct test *t)
{
    CXCursor p = sl_ast_peel(cond);
    enum test_op op;
    if (clang_getCursorKind(p) == CXCursor_BinaryOperator && binop_test(sl_ast_binop(p), &op)) {
        CXCursor l = sl_ast_child(p, 0), r = sl_ast_child(p, 1);
        long long k;
        if (constant(r, &k)) {
            *t = (struct test){op, k, 0};
            *operand = unmask(l, &t->mask);
            return true;
        }
        if (constant(l, &k)) {
            *t = (struct test){mirror(op), k, 0};
            *operand = unmask(r, &t->mask);
            return true;
        }
        return false;
    }
    *t = (struct test){T_NE, 0, 0};
    *operand = unmask(p, &t->mask);
    return true;
}

struct parsed_test {
    bool ok;
    CXCursor operand;
    struct test t;
};

/* read_test, once per condition and function (the AST memo): each path
 * through a branch asks again. */
static bool parse_test(CXCursor cond, CXCursor *operand, struct test *t)
{
    const struct parsed_test *known = sl_ast_memo_data(cond, SL_MEMO_BRANCH_TEST);
    struct parsed_test fresh = {0};
    if (!known) {
        fresh.ok = read_test(cond, &fresh.operand, &fresh.t);
        sl_ast_memo_keep_data(cond, SL_MEMO_BRANCH_TEST, &fresh, sizeof fresh);
        known = &fresh;
    }
    *operand = known->operand;
    *t = known->t;
    return known->ok;
}

static bool success_value(const struct sl_success *succ, long long k)
{
    for (int i = 0; i < succ->nvalues; i++)
        if (succ->values[i] == k)
            return true;
    return false;
}

/* Success means >= 0, and the only failure value the APIs return is -1
 * (POSIX): judge the edge on those representatives. */
static int judge_nonnegative(const struct test *t)
{
    static const long long successes[] = {0, 1, 2, 1L << 30};
    bool all = true, none = true;
    for (size_t i = 0; i < sizeof successes / sizeof *successes; i++) {
        bool holds = test_holds(t, successes[i]);
        all = all && holds;
        none = none && !holds;
    }
    bool on_failure = test_holds(t, -1);
    if (all && !on_failure)
        return 1;
    if (none && on_failure)
        return -1;
    return 0;
}

/* The values an equality test admits are all success values: `x == k`
 * admits k; `(x & m) == k` admits k plus any combination of the bits outside
 * m (few of them, or we cannot tell). */
static bool solutions_within(const struct test *t, const struct sl_success *succ)
{
    unsigned long long free_bits = t->mask ? ~(unsigned long long)t->mask : 0;
    if (__builtin_popcountll(free_bits) > 4)
        return false;
    for (unsigned long long sub = free_bits;; sub = (sub - 1) & free_bits) {
        long long x = (long long)((unsigned long long)t->k | sub);
        bool ok = false;
        for (int i = 0; i < succ->nvalues; i++)
            ok = ok || succ->values[i] == x;
        if (!ok)
            return false;
        if (sub == 0)
            return true;
    }
}

/* -1 failure, 1 success, 0 cannot tell: the edge's test against the
 * success values of an outcome. */
static int judge(const struct sl_success *succ, const struct test *t, bool pointer_like)
{
    if (sl_success_is_unknown(succ) && !pointer_like)
        return 0;
    if (succ->kind == SL_SUCCESS_NONNULL || pointer_like) {
        struct test nn = {T_NE, 0, 0};
        if (t->op == nn.op && t->k == 0)
            return 1;
        if (t->op == T_EQ && t->k == 0)
            return -1;
        return 0;
    }
    if (succ->kind == SL_SUCCESS_NONNEG)
        return judge_nonnegative(t);
    if (succ->kind != SL_SUCCESS_RETURNS)
        return 0;
    bool any = false;
    for (int i = 0; i < succ->nvalues; i++)
        any = any || test_holds(t, succ->values[i]);
    if (!any)
        return -1;
    if (t->op == T_NE && !t->mask && success_value(succ, t->k))
        return -1; /* `rc != SQL_SUCCESS`: the code's own failure test, even though
                      SQL_SUCCESS_WITH_INFO also succeeds (a documented miss) */
    if (t->op == T_EQ)
        return solutions_within(t, succ) ? 1 : 0; /* x == k pins x to success values */
    return 0;
}

/* What a result code is once its outcome is known: the success value itself
 * when there is only one, "non-zero" for a failed zero-on-success call; else
 * the outcome marked decided (so a later contradicting test is infeasible).
 * Plain values let the paths of many checked calls merge. */
static struct sl_value decided_value(struct sl_value v, int verdict)
{
    const struct sl_success *s = v.succ;
    bool single = s && s->kind == SL_SUCCESS_RETURNS && s->nvalues == 1;
    if (verdict > 0 && single)
        return (struct sl_value){.tag = SL_V_INT, .k = s->values[0]};
    if (verdict < 0 && single && s->values[0] == 0)
        return (struct sl_value){.tag = SL_V_NONZERO};
    v.decided = (signed char)verdict;
    return v;
}

static void apply_acquire_outcome(struct sl_sym *s, int verdict)
{
    if (s->st != SL_HS_MAYBE)
        return;
    if (verdict > 0)
        s->st = SL_HS_OPEN;
    else if (s->exists_on_failure)
        s->st = SL_HS_FAILED;
    else {
        s->st = SL_HS_NULL;
        s->tx = SL_TX_NONE; /* no transaction handle, no transaction */
    }
}

static bool refine_outcome(struct sl_check *c, struct sl_value v, const struct test *t,
                           int operand_path)
{
    int verdict = judge(v.succ, t, false);
    struct sl_sym *s = sl_state_sym(c->st, v.site);
    if (sl_success_is_unknown(v.succ) && v.effect == SL_EF_BEGIN && s && s->tx == SL_TX_OPEN) {
        s->tx = SL_TX_UNKNOWN; /* begun through a wrapper whose result we cannot read */
        return true;
    }
    if (verdict == 0)
        return true;
    if (v.decided && v.decided != verdict)
        return false;
    if (operand_path >= 0)
        sl_state_set_var(c->st, operand_path, decided_value(v, verdict));
    if (!s)
        return true;
    if (v.effect == SL_EF_ACQUIRE)
        apply_acquire_outcome(s, verdict);
    else if (v.effect == SL_EF_BEGIN && verdict < 0 && s->tx == SL_TX_OPEN)
        s->tx = SL_TX_NONE;
    else if (v.effect == SL_EF_STATEMENT && verdict < 0 && s->tx == SL_TX_OPEN)
        s->tx = SL_TX_ABORTED;
    else if (v.effect == SL_EF_RELEASE && verdict < 0 && s->st == SL_HS_CLOSED)
        s->st = SL_HS_UNKNOWN; /* the release failed: the handle may still be there */
    return true;
}

/* A handle tested directly: a pointer against NULL, or a returned int
 * handle (a file descriptor) against its acquire's success values. */
static bool refine_handle(struct sl_sym *s, const struct test *t)
{
    static const struct sl_success nonnull = {.kind = SL_SUCCESS_NONNULL};
    bool is_int = s->returned && (s->returned->kind == SL_SUCCESS_NONNEG ||
                                  s->returned->kind == SL_SUCCESS_RETURNS);
    int verdict = judge(is_int ? s->returned : &nonnull, t, !is_int);
    if (verdict == 0)
        return true;
    if (verdict > 0) {
        if (s->st == SL_HS_NULL)
            return false;
        if (s->st == SL_HS_MAYBE)
            s->st = SL_HS_OPEN;
        return true;
    }
    if ((s->st == SL_HS_OPEN || s->st == SL_HS_FAILED) && !s->from_caller)
        return false; /* we saw it succeed: it is not NULL */
    if (s->st != SL_HS_CLOSED) {
        s->st = SL_HS_NULL;
        s->tx = SL_TX_NONE;
    }
    return true;
}

static bool refine_int(struct sl_check *c, struct sl_value v, const struct test *t, int path)
{
    if (v.tag == SL_V_INT)
        return test_holds(t, v.k);
    if (v.tag == SL_V_NULL)
        return test_holds(t, 0);
    if (v.tag == SL_V_NONZERO) {
        if (t->k == 0 && (t->op == T_EQ || t->op == T_NE))
            return t->op == T_NE;
        return true;
    }
    if (v.tag == SL_V_COMPARED && v.k == t->k) {
        if ((enum test_op)v.site == t->op)
            return true;
        if ((enum test_op)v.site == negate(t->op))
            return false;
    }
    if (path < 0 || v.tag != SL_V_UNKNOWN)
        return true;
    if (t->op == T_EQ)
        sl_state_set_var(c->st, path, (struct sl_value){.tag = SL_V_INT, .k = t->k});
    else if (t->op == T_NE && t->k == 0)
        sl_state_set_var(c->st, path, (struct sl_value){.tag = SL_V_NONZERO});
    else /* remember the test, so the same test later agrees (`if (n > 0)` twice) */
        sl_state_set_var(c->st, path,
                         (struct sl_value){.tag = SL_V_COMPARED, .site = (int)t->op, .k = t->k});
    return true;
}

/* An element of a local array tested (`if (conns[i])`, `if (fds[i] < 0)`):
 * which one is unknown, and so is which handles the code goes on to treat
 * as open (a cleanup loop skips the NULL ones); the array's live handles
 * are not followed any more, so they are never reported. */
static bool refine_array_element(struct sl_check *c, int location)
{
    for (size_t i = 0; i < c->st->nsyms; i++) {
        const struct sl_sym *s = &c->st->syms[i];
        if (s->array == location + 1 && s->st != SL_HS_CLOSED && s->st != SL_HS_NULL)
            sl_state_sym_at(c->st, i)->st = SL_HS_UNKNOWN;
    }
    return true;
}

static bool refine_value(struct sl_check *c, CXCursor operand, struct sl_value v,
                         const struct test *t)
{
    CXCursor o = sl_ast_peel_casts(operand);
    if (clang_getCursorKind(o) == CXCursor_BinaryOperator && sl_ast_binop(o) == SL_BO_ASSIGN)
        o = sl_ast_child(o, 0);
    int path = sl_path_id(c, o);
    if (v.tag == SL_V_OUTCOME)
        return refine_outcome(c, v, t, path);
    if (v.tag == SL_V_ARRAY)
        return refine_array_element(c, v.site);
    if (v.tag == SL_V_SYM || (v.tag == SL_V_UNKNOWN && (sl_type_class(c, o) & SL_TYPE_POINTER))) {
        struct sl_sym *s = sl_sym_of(c, o, v);
        return s ? refine_handle(s, t) : true; /* an untracked pointer: nothing to learn */
    }
    return refine_int(c, v, t, path);
}

struct sl_value sl_eval_condition(struct sl_check *c, CXCursor cond)
{
    CXCursor operand;
    struct test t;
    if (!parse_test(cond, &operand, &t))
        return sl_eval(c, cond), sl_value_unknown();
    return sl_eval(c, operand); /* the other side is a constant: nothing to evaluate */
}

/* The value a side of a comparison has now (a path read back, no effects). */
static struct sl_value side_value(struct sl_check *c, CXCursor e)
{
    int path = sl_path_id(c, sl_ast_peel_casts(e));
    const struct sl_value *v = path >= 0 ? sl_state_var(c->st, path) : NULL;
    return v ? *v : (struct sl_value){.tag = SL_V_UNKNOWN};
}

/* A handle this function just acquired is a new object: it equals no value
 * it was not copied into (`if (f != stdin) fclose(f)`). */
static bool fresh_handle(struct sl_check *c, struct sl_value v)
{
    const struct sl_sym *s = v.tag == SL_V_SYM ? sl_state_sym(c->st, v.site) : NULL;
    return s && s->site > 0 && !s->from_caller &&
           (s->st == SL_HS_OPEN || s->st == SL_HS_FAILED);
}

/* Whether cond is `a == b` / `a != b` between one handle and itself (`in =
 * stdin; ... if (in != stdin)`) or a fresh handle and another value; if so,
 * *feasible says whether this edge can be taken. */
static bool decide_identity_comparison(struct sl_check *c, CXCursor cond, bool truth, bool *feasible)
{
    CXCursor p = sl_ast_peel(cond);
    if (clang_getCursorKind(p) != CXCursor_BinaryOperator)
        return false;
    enum sl_binop op = sl_ast_binop(p);
    if (op != SL_BO_EQ && op != SL_BO_NE)
        return false;
    struct sl_value l = side_value(c, sl_ast_child(p, 0)), r = side_value(c, sl_ast_child(p, 1));
    bool same = l.tag == SL_V_SYM && r.tag == SL_V_SYM && l.site == r.site;
    if (!same && !(fresh_handle(c, l) || fresh_handle(c, r)))
        return false;
    bool equal_edge = (op == SL_BO_EQ) == truth; /* this edge says the two are equal */
    *feasible = same == equal_edge;
    return true;
}

bool sl_refine_branch(struct sl_check *c, CXCursor cond, struct sl_value v, bool truth)
{
    CXCursor operand;
    struct test t;
    bool feasible;
    if (!parse_test(cond, &operand, &t))
        return decide_identity_comparison(c, cond, truth, &feasible) ? feasible : true;
    if (!truth)
        t.op = negate(t.op);
    return refine_value(c, operand, v, &t);
}

bool sl_refine_case(struct sl_check *c, struct sl_value v, const struct sl_case *cs,
                    const struct sl_case *all, size_t ncases)
{
    if (!cs->is_default) {
        if (!cs->value_known || cs->lo != cs->hi)
            return true;
        struct test t = {T_EQ, cs->lo, 0};
        if (v.tag == SL_V_INT)
            return v.k == cs->lo;
        if (v.tag == SL_V_OUTCOME)
            return refine_outcome(c, v, &t, -1);
        return true;
    }
    /* default: none of the case values */
    for (size_t i = 0; i < ncases; i++) {
        if (all[i].is_default || !all[i].value_known)
            continue;
        if (v.tag == SL_V_INT && v.k >= all[i].lo && v.k <= all[i].hi)
            return false;
    }
    if (v.tag == SL_V_OUTCOME && v.succ && v.succ->kind == SL_SUCCESS_RETURNS) {
        bool covers_success = true;
        for (int j = 0; j < v.succ->nvalues; j++) {
            bool covered = false;
            for (size_t i = 0; i < ncases; i++)
                covered = covered || (!all[i].is_default && all[i].value_known &&
                                      v.succ->values[j] >= all[i].lo &&
                                      v.succ->values[j] <= all[i].hi);
            covers_success = covers_success && covered;
        }
        if (covers_success) {
            struct test fail = {T_NE, v.succ->values[0], 0};
            return refine_outcome(c, v, &fail, -1);
        }
    }
    return true;
}
