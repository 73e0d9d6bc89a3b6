/*
 * prefilter.h: the sound pre-filter, in two stages. Before parsing: a file
 * whose code, after preprocessing, cannot contain the name of a modelled
 * function, of a modelled handle type or (pass 2 of xtu.h) of another
 * file's function, as the scan of its text shows (prescan.h), is not
 * parsed at all; it counts as analysed (its syntax errors go unreported).
 * After parsing: a translation unit in which nothing refers to a modelled
 * function, anywhere (main file, headers, macro expansions, static inline
 * helpers, function-pointer tables), cannot produce a finding either:
 * every rule reacts to events that only modelled calls create, and
 * same-file summaries are built from those calls. Its functions are
 * neither summarised nor given a CFG. The same walk also lists a unit's
 * names, for the multi-file driver (xtu.h) to tell which files the other
 * files' summaries can change.
 */
#ifndef SL_PREFILTER_H
#define SL_PREFILTER_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

#include "inputs.h"
#include "model.h"
#include "prescan.h"
#include "util.h"

/* True when some cursor of tu refers to a function of model by name. */
bool sl_prefilter_may_find(CXTranslationUnit tu, const struct sl_model *model);

/* A unit's names, each list sorted (strcmp) without duplicates. */
struct sl_prefilter_names {
    char **refs;    size_t nrefs;    /* the spelling of every reference sl_prefilter_may_find
                                        looks at (calls by their callee's name) */
    char **defined; size_t ndefined; /* the functions defined in the unit, which the engine
                                        never looks up in other files' summaries */
};

/* Fills *out (caller frees with sl_prefilter_names_free) in one walk. */
void sl_prefilter_names(CXTranslationUnit tu, struct sl_prefilter_names *out);
void sl_prefilter_names_free(struct sl_prefilter_names *n);

/* sl_prefilter_may_find's answer for the unit the names come from. */
bool sl_prefilter_names_may_find(const struct sl_prefilter_names *n, const struct sl_model *model);

/* ---- before parsing ---- */

/* Adds to `wanted` the names a file must be able to reach for m to matter
 * to it: every function of m, and every identifier of its kinds' C types
 * (FILE, _IO_FILE, sqlite3 ...): a function taking or returning such a
 * handle has a summary or a guess (xtu.h) without calling anything. */
void sl_prefilter_want(struct sl_intern *wanted, const struct sl_model *m);

/* True when `in` can be skipped without parsing: its scan (prescan.h) is
 * known and reaches none of `wanted`. The scan goes to *keep when not
 * NULL (freed by the caller), else it is freed. */
bool sl_prefilter_skips(struct sl_prescan_cache *cache, const struct sl_input *in,
                        const struct sl_intern *wanted, struct sl_prescan *keep);

/* Whether the pre-filter is on: it is unless SESSIONLINT_NO_PREFILTER is set
 * to a non-empty value (for measurements and the equivalence tests). */
bool sl_prefilter_enabled(void);

#endif
