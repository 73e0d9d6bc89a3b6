/*
 * prescan_cond.c: three-valued evaluation of #if conditions
 * (prescan_cond.h), by recursive descent over the tokens the lexer kept:
 * `||` over `&&` over `!` over primaries. Every operator the evaluator does
 * not model binds tighter than `&&` (except `?:` and `,`, which make the
 * whole condition unknown), so an operand it cannot judge reaches only to
 * the next `&&`, `||` or closing parenthesis, and counts as "maybe".
 */
#include "prescan_cond.h"

#include <stdlib.h>
#include <string.h>

typedef enum sl_ps_truth truth;

#define MAX_NESTING 200 /* deeper conditions are "maybe": the stack stays small */

struct parser {
    const struct sl_ps_cond_token *t;
    size_t n, i;
    const struct sl_ps_cond_env *env;
    const struct sl_ps_group *group;
    int depth;
};

static truth defined_at(const struct parser *p, int name)
{
    return p->env->defined(p->env->ctx, name, p->group);
}

static bool is_punct(const struct sl_ps_cond_token *t, char c)
{
    return t->kind == SL_PS_C_PUNCT && t->punct == c;
}

static bool at_punct(const struct parser *p, char c)
{
    return p->i < p->n && is_punct(&p->t[p->i], c);
}

/* Skips to the token closing the parenthesis before p->i. */
static void skip_parenthesised(struct parser *p)
{
    for (int open = 1; p->i < p->n && open > 0; p->i++)
        open += at_punct(p, '(') ? 1 : at_punct(p, ')') ? -1 : 0;
}

static truth name_value(const struct parser *p, int id)
{
    const char *name = sl_intern_name(p->env->names, id);
    if (strcmp(name, "false") == 0)
        return SL_PS_FALSE;
    if (strcmp(name, "true") == 0) /* 1 in C23 */
        return SL_PS_MAYBE;
    /* undefined: 0; else whatever its value is */
    return defined_at(p, id) == SL_PS_FALSE ? SL_PS_FALSE : SL_PS_MAYBE;
}

static truth defined_operator(struct parser *p)
{
    bool parenthesised = at_punct(p, '(');
    p->i += parenthesised;
    if (p->i >= p->n || p->t[p->i].kind != SL_PS_C_NAME)
        return SL_PS_MAYBE;
    truth v = defined_at(p, p->t[p->i++].id);
    if (parenthesised && !at_punct(p, ')'))
        return SL_PS_MAYBE;
    p->i += parenthesised;
    return v;
}

static truth or_expr(struct parser *p);

static truth primary(struct parser *p)
{
    const struct sl_ps_cond_token *t = &p->t[p->i++];
    switch (t->kind) {
    case SL_PS_C_DEFINED:
        return defined_operator(p);
    case SL_PS_C_HAS_INCLUDE:
        return p->env->found(p->env->ctx, &t->header) ? SL_PS_TRUE : SL_PS_FALSE;
    case SL_PS_C_ZERO:
        return SL_PS_FALSE;
    case SL_PS_C_NONZERO:
        return SL_PS_TRUE;
    case SL_PS_C_NAME:
        if (!at_punct(p, '('))
            return name_value(p, t->id);
        p->i++; /* a function-like macro or a builtin: unknown */
        skip_parenthesised(p);
        return SL_PS_MAYBE;
    case SL_PS_C_PUNCT:
        if (t->punct == '(') {
            truth v = or_expr(p);
            if (at_punct(p, ')'))
                p->i++;
            else
                skip_parenthesised(p), v = SL_PS_MAYBE;
            return v;
        }
        return SL_PS_MAYBE;
    default:
        return SL_PS_MAYBE;
    }
}

static truth negation(truth a)
{
    return a == SL_PS_MAYBE ? SL_PS_MAYBE : a == SL_PS_TRUE ? SL_PS_FALSE : SL_PS_TRUE;
}

static truth unary(struct parser *p)
{
    if (p->i >= p->n || ++p->depth > MAX_NESTING) {
        p->i = p->n;
        return SL_PS_MAYBE;
    }
    truth v;
    if (at_punct(p, '!')) {
        p->i++;
        v = unary(p);
        v = negation(v);
    } else {
        v = primary(p);
    }
    p->depth--;
    return v;
}

/* An operand of && or ||: a unary followed by an operator the evaluator
 * does not model is unknown up to the next && or || of its level. */
static truth operand(struct parser *p)
{
    truth v = unary(p);
    if (p->i >= p->n || at_punct(p, 'A') || at_punct(p, 'O') || at_punct(p, ')'))
        return v;
    for (int open = 0; p->i < p->n; p->i++) {
        if (open == 0 && (at_punct(p, 'A') || at_punct(p, 'O') || at_punct(p, ')')))
            break;
        open += at_punct(p, '(') ? 1 : at_punct(p, ')') ? -1 : 0;
    }
    return SL_PS_MAYBE;
}

static truth both(truth a, truth b)
{
    return a == SL_PS_FALSE || b == SL_PS_FALSE ? SL_PS_FALSE
           : a == SL_PS_TRUE && b == SL_PS_TRUE ? SL_PS_TRUE
                                                : SL_PS_MAYBE;
}

static truth either(truth a, truth b)
{
    return a == SL_PS_TRUE || b == SL_PS_TRUE ? SL_PS_TRUE
           : a == SL_PS_FALSE && b == SL_PS_FALSE ? SL_PS_FALSE
                                                  : SL_PS_MAYBE;
}

/* Operands joined by `op` ('A' for &&, 'O' for ||). */
static truth chain(struct parser *p, char op, truth (*next)(struct parser *),
                   truth (*combine)(truth, truth))
{
    truth v = next(p);
    while (at_punct(p, op)) {
        p->i++;
        v = combine(v, next(p));
    }
    return v;
}

static truth and_expr(struct parser *p)
{
    return chain(p, 'A', operand, both);
}

static truth or_expr(struct parser *p)
{
    return chain(p, 'O', and_expr, either);
}

static truth condition(const struct sl_ps_group *g, const struct sl_ps_cond_env *env)
{
    struct parser p = {.t = g->cond.items, .n = g->cond.len, .env = env, .group = g};
    for (p.i = 0; p.i < p.n; p.i++)
        if (at_punct(&p, '?') || at_punct(&p, ','))
            return SL_PS_MAYBE;
    p.i = 0;
    truth v = or_expr(&p);
    return p.i == p.n ? v : SL_PS_MAYBE;
}

/* ---- conjuncts ---- */

struct range {
    size_t from, to;
};

typedef SL_VEC(struct range) ranges;

/* The conjuncts of an #if condition: the token ranges between its `&&` at
 * the top level; none when the top level is not a conjunction. */
static ranges conjuncts(const struct sl_ps_group *g)
{
    ranges out = {0};
    struct parser p = {.t = g->cond.items, .n = g->cond.len};
    size_t from = 0;
    int open = 0;
    for (p.i = 0; g->kind == SL_PS_IF && p.n && p.i <= p.n; p.i++) {
        if (p.i == p.n || (open == 0 && at_punct(&p, 'A'))) {
            sl_vec_push(&out, ((struct range){from, p.i}));
            from = p.i + 1;
        } else if ((open == 0 && at_punct(&p, 'O')) || at_punct(&p, '?') || at_punct(&p, ',')) {
            out.len = 0;
            break;
        }
        open += at_punct(&p, '(') ? 1 : at_punct(&p, ')') ? -1 : 0;
    }
    return out;
}

/* `! defined name` or `! defined ( name )` exactly. */
static bool is_not_defined(const struct sl_ps_group *g, struct range r, int name)
{
    size_t n = r.to - r.from;
    if (n != 3 && n != 5) /* an empty condition has no tokens at all */
        return false;
    const struct sl_ps_cond_token *t = g->cond.items + r.from;
    bool bare = n == 3 && t[2].kind == SL_PS_C_NAME && t[2].id == name;
    bool wrapped = n == 5 && t[3].kind == SL_PS_C_NAME && t[3].id == name &&
                   is_punct(&t[2], '(') && is_punct(&t[4], ')');
    return is_punct(&t[0], '!') && t[1].kind == SL_PS_C_DEFINED && (bare || wrapped);
}

static bool is_ifndef(const struct sl_ps_group *g, int name)
{
    return g->kind == SL_PS_IFNDEF && g->cond.len && g->cond.items[0].kind == SL_PS_C_NAME &&
           g->cond.items[0].id == name;
}

bool sl_ps_tests_undefined(const struct sl_ps_group *g, int name)
{
    ranges parts = conjuncts(g);
    bool found = is_ifndef(g, name);
    for (size_t i = 0; i < parts.len && !found; i++)
        found = is_not_defined(g, parts.items[i], name);
    sl_vec_free(&parts);
    return found;
}

bool sl_ps_others_hold(const struct sl_ps_group *g, int name, const struct sl_ps_cond_env *env)
{
    ranges parts = conjuncts(g);
    bool hold = is_ifndef(g, name) || parts.len > 0;
    for (size_t i = 0; i < parts.len && hold; i++) {
        if (is_not_defined(g, parts.items[i], name))
            continue;
        struct parser p = {.t = g->cond.items + parts.items[i].from,
                           .n = parts.items[i].to - parts.items[i].from, .env = env, .group = g};
        hold = or_expr(&p) == SL_PS_TRUE && p.i == p.n;
    }
    sl_vec_free(&parts);
    return hold;
}

/* ---- groups ---- */

static truth group_truth(const struct sl_ps_group *g, const struct sl_ps_cond_env *env)
{
    bool named = g->cond.len && g->cond.items[0].kind == SL_PS_C_NAME;
    truth defined = named ? env->defined(env->ctx, g->cond.items[0].id, g) : SL_PS_MAYBE;
    switch (g->kind) {
    case SL_PS_IF:
    case SL_PS_ELIF:
        return condition(g, env);
    case SL_PS_IFDEF:
    case SL_PS_ELIFDEF:
        return defined;
    case SL_PS_IFNDEF:
    case SL_PS_ELIFNDEF:
        return negation(defined);
    default:
        return SL_PS_TRUE; /* #else: reached only when the groups before it were not taken */
    }
}

bool sl_ps_group_skipped(const struct sl_ps_file *f, int g, const struct sl_ps_cond_env *env)
{
    for (; g >= 0; g = f->groups.items[g].parent) {
        const struct sl_ps_group *group = &f->groups.items[g];
        if (group_truth(group, env) == SL_PS_FALSE)
            return true;
        for (int before = group->prev; before >= 0; before = f->groups.items[before].prev)
            if (group_truth(&f->groups.items[before], env) == SL_PS_TRUE)
                return true;
    }
    return false;
}
