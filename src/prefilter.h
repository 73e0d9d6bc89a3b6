/*
 * prefilter.h: the sound pre-filter. A translation unit in which nothing
 * refers to a modelled function, after preprocessing and anywhere (main
 * file, headers, macro expansions, static inline helpers, function-pointer
 * tables), cannot produce a finding: every rule reacts to events that only
 * modelled calls create, and same-file summaries are built from those
 * calls. Such a unit is parsed (parse errors are still reported) but its
 * functions are neither summarised nor given a CFG.
 */
#ifndef SL_PREFILTER_H
#define SL_PREFILTER_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "model.h"

/* True when some cursor of tu refers to a function of model by name. */
bool sl_prefilter_may_find(CXTranslationUnit tu, const struct sl_model *model);

/* Whether the pre-filter is on: it is unless SESSIONLINT_NO_PREFILTER is set
 * to a non-empty value (for measurements and the equivalence tests). */
bool sl_prefilter_enabled(void);

#endif
