/*
 * prescan_paste.c: formable names (prescan_paste.h), by recursion over the
 * name's substrings, each judged once (a table of answers by start and end;
 * every step makes the substring shorter); a name longer than MAX_NAME
 * with an affix counts as formable.
 */
#include "prescan_paste.h"

#include <string.h>

#define MAX_NAME 64

enum { UNSEEN, NO, YES };

struct judgement {
    const struct sl_ps_pastes *p;
    const char *name;
    size_t len;
    unsigned char memo[(MAX_NAME + 1) * (MAX_NAME + 1)]; /* by [from][to] */
};

static bool formable_part(struct judgement *j, size_t from, size_t to);

static bool affixed(struct judgement *j, size_t from, size_t to)
{
    const struct sl_ps_pastes *p = j->p;
    for (size_t i = 0; i < p->nsuffixes; i++) {
        size_t n = strlen(p->suffixes[i]);
        if (n && n <= to - from && memcmp(j->name + to - n, p->suffixes[i], n) == 0 &&
            formable_part(j, from, to - n))
            return true;
    }
    for (size_t i = 0; i < p->nprefixes; i++) {
        size_t n = strlen(p->prefixes[i]);
        if (n && n <= to - from && memcmp(j->name + from, p->prefixes[i], n) == 0 &&
            formable_part(j, from + n, to))
            return true;
    }
    return false;
}

/* name[from..to): empty (an empty argument), known, a number (only after
 * the name's start: a paste got there), or formed by a paste. */
static bool formable_part(struct judgement *j, size_t from, size_t to)
{
    unsigned char *m = &j->memo[from * (j->len + 1) + to];
    if (*m == UNSEEN) {
        char c = j->name[from];
        bool yes = from == to || j->p->known(j->p->ctx, j->name + from, to - from) ||
                   (from > 0 && c >= '0' && c <= '9') || affixed(j, from, to);
        *m = yes ? YES : NO;
    }
    return *m == YES;
}

static bool has_affix(const struct sl_ps_pastes *p, const char *name, size_t n)
{
    for (size_t i = 0; i < p->nsuffixes; i++) {
        size_t a = strlen(p->suffixes[i]);
        if (a <= n && memcmp(name + n - a, p->suffixes[i], a) == 0)
            return true;
    }
    for (size_t i = 0; i < p->nprefixes; i++)
        if (strncmp(name, p->prefixes[i], strlen(p->prefixes[i])) == 0)
            return true;
    return false;
}

bool sl_ps_formable(const struct sl_ps_pastes *p, const char *name)
{
    return p->known(p->ctx, name, strlen(name)) || sl_ps_formed(p, name);
}

bool sl_ps_formed(const struct sl_ps_pastes *p, const char *name)
{
    size_t n = strlen(name);
    if (!has_affix(p, name, n))
        return false;
    if (n > MAX_NAME)
        return true;
    struct judgement j = {.p = p, .name = name, .len = n};
    memset(j.memo, UNSEEN, (n + 1) * (n + 1));
    return formable_part(&j, 0, n);
}
