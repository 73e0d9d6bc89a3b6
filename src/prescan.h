/*
 * prescan.h: the scan before parsing, for the pre-filter (prefilter.h). For
 * one input it computes, from the text of the file and of every header it
 * can include, a superset of the identifiers that its code can contain after
 * preprocessing, without running the preprocessor: every #include is
 * followed whatever the conditions around it, found as clang finds it (the
 * includer's directory, -iquote, -I, -isystem, the resource directory, the
 * system directories, -idirafter, #include_next), and forced includes and -D
 * values are read too. Every identifier of the input's own text counts (the
 * main file, headers found through -I, -iquote or next to their includer,
 * -D values); of a system header only the macros the input can reach count
 * (their bodies, transitively), and typedefs that alias a name it reaches
 * (`typedef struct _IO_FILE __FILE;`). A reached macro pasting literal text
 * to a parameter forms only names with that text (prescan_paste.h); one
 * pasting parameters together can form any name, so the input reaches
 * everything. Where the input cannot be followed soundly (a `##` outside a
 * #define, a header not found where clang may look for it, a computed
 * #include, an unterminated comment, a flag that changes the search the
 * scan does not model), the answer is "unknown": the file must be parsed.
 * Headers are lexed once per run (per thread scanning at once) and shared
 * by the inputs that include them; the cache is safe to use from several
 * threads.
 */
#ifndef SL_PRESCAN_H
#define SL_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "inputs.h"
#include "util.h"

struct sl_prescan_cache;

/* A cache for one run (relative paths in the inputs' flags are resolved
 * against the working directory and remembered: it must not change while
 * the cache lives). resource_dir is what the parse passes as
 * -resource-dir (sl_tu_resource_dir), NULL when none: then only inputs
 * giving their own -resource-dir can be scanned. headers_count: functions
 * defined in headers are analysed too (a header filter is set), so the code
 * of system headers counts like the input's own. */
struct sl_prescan_cache *sl_prescan_cache_new(const char *resource_dir, bool headers_count);
void sl_prescan_cache_free(struct sl_prescan_cache *c);

struct sl_prescan {
    bool known;          /* false: the file must be parsed (why says why) */
    char *why;
    bool reaches;        /* known: the code can contain one of the names wanted */
    /* known and not reaches: what the code can contain, for later questions */
    struct sl_intern names; /* the identifiers */
    char **prefixes;     /* a name pasted in a reached system macro starts with one of */
    size_t nprefixes;    /* these ... */
    char **suffixes;     /* ... or ends with one of these */
    size_t nsuffixes;
    bool pasting;        /* a reached macro pastes its parameters together */
};

/* Scans `in` (its unsaved contents, if any, instead of the file's) and
 * tells whether its code can contain one of `wanted` (may be NULL: none).
 * The result is freed with sl_prescan_free. */
void sl_prescan_input(struct sl_prescan_cache *c, const struct sl_input *in,
                      const struct sl_intern *wanted, struct sl_prescan *out);
void sl_prescan_free(struct sl_prescan *s);

/* Whether `name` is one of the names of a known scan that does not reach
 * the names wanted. */
bool sl_prescan_has(const struct sl_prescan *s, const char *name);

/* Whether the code of a known scan that does not reach the names wanted
 * can contain one of `names`: one is in its names, or can be formed by the
 * pastes it reaches (prescan_paste.h). */
bool sl_prescan_meets(const struct sl_prescan *s, const char *const *names, size_t n);

#endif
