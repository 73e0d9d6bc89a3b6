/*
 * prescan_paste.h: which names `##` can form, for the scan before parsing
 * (prescan.h). A paste joins tokens the input has: identifiers it reaches,
 * numbers, and names formed by other pastes. A macro pasting literal text to
 * a parameter (`x ## UL`) forms names ending (or starting) with that text
 * whose rest can be formed (a rest after a prefix may be a number, which the
 * scan does not keep: any rest starting with a digit counts). A name is
 * formable if it is known, or formed so. (A macro pasting parameters
 * together can form anything: the scan treats it so, prescan.c.)
 */
#ifndef SL_PRESCAN_PASTE_H
#define SL_PRESCAN_PASTE_H

#include <stdbool.h>
#include <stddef.h>

struct sl_ps_pastes {
    bool (*known)(const void *ctx, const char *s, size_t n); /* a name the input reaches */
    const void *ctx;
    char *const *prefixes;
    size_t nprefixes;
    char *const *suffixes;
    size_t nsuffixes;
};

bool sl_ps_formable(const struct sl_ps_pastes *p, const char *name);
/* The same for a name that is not known itself. */
bool sl_ps_formed(const struct sl_ps_pastes *p, const char *name);

#endif
