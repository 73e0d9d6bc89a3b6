/*
 * prescan_cond.h: whether the preprocessor surely skips a conditional group
 * of a file (prescan_lex.h), for the scan before parsing: a header that is
 * not found is harmless there, since clang never looks for it. Conditions
 * are judged three-valued, on what cannot be otherwise whatever the other
 * files say: whether a name is defined (the caller knows: a name nothing can
 * define is not, and evaluates to 0; a name the target predefines or a
 * #define just before surely is), __has_include (0 for a header that does
 * not exist), literals; `!`, `&&`, `||` and parentheses combine those;
 * anything else (arithmetic, comparisons, a macro's value) may be true.
 */
#ifndef SL_PRESCAN_COND_H
#define SL_PRESCAN_COND_H

#include <stdbool.h>

#include "prescan_lex.h"

enum sl_ps_truth { SL_PS_FALSE, SL_PS_TRUE, SL_PS_MAYBE };

struct sl_ps_cond_env {
    const struct sl_intern *names;
    /* whether `name` is defined at the line of group `at` */
    enum sl_ps_truth (*defined)(void *ctx, int name, const struct sl_ps_group *at);
    bool (*found)(void *ctx, const struct sl_ps_include *header); /* __has_include */
    void *ctx;
};

/* Whether group g's condition is `#ifndef name`, or has `!defined name` as
 * one of the conjuncts it is made of. */
bool sl_ps_tests_undefined(const struct sl_ps_group *g, int name);

/* Whether the conjuncts of g's condition other than `!defined name` surely
 * hold. */
bool sl_ps_others_hold(const struct sl_ps_group *g, int name, const struct sl_ps_cond_env *env);

/* True when the lines of group g of f (and so its #include lines) are
 * skipped whatever the other files define: its condition, or its parent's,
 * is false, or an earlier group of its conditional is true. */
bool sl_ps_group_skipped(const struct sl_ps_file *f, int g, const struct sl_ps_cond_env *env);

#endif
