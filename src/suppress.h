/*
 * suppress.h: inline suppressions, spelled exactly as clang-tidy spells them:
 * `// NOLINT`, `// NOLINT(rule,...)` (this line), `// NOLINTNEXTLINE(...)`
 * (the next line), `// NOLINTBEGIN(...)` ... `// NOLINTEND(...)` (every line
 * from one to the other). The list holds rule names or ids with `*` globs;
 * negative globs (`-x`) are ignored, a missing list means every rule, text
 * after the directive is a free-form reason, and `NOLINT (x)` (a space before
 * the parenthesis) is a bare NOLINT. The comments are read from the source
 * text after the analysis and applied to the finished report.
 */
#ifndef SL_SUPPRESS_H
#define SL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "sources.h"

struct sl_suppress_options {
    bool keep_suppressed;  /* mark suppressed findings instead of dropping them */
    bool report_unused;    /* a "unused-suppression" warning per directive that matched nothing */
};

/*
 * Marks every finding of r covered by a directive (finding->suppressed) and
 * drops them unless keep_suppressed. Directives are read from the files of
 * the findings and from files[0..nfiles) (the analysed files), through src.
 * An unmatched NOLINTBEGIN or NOLINTEND adds a "nolint-unbalanced" warning
 * notification (and suppresses nothing); with report_unused, so does every
 * directive that suppressed nothing. Call after sl_report_finish; the order
 * of the findings is kept and notifications are sorted again.
 */
void sl_suppress_apply(struct sl_report *r, struct sl_sources *src, const char *const *files,
                       size_t nfiles, const struct sl_suppress_options *opts);

/* True when the comma-separated glob list (as written between the
 * parentheses) names rule index `rule`; NULL means every rule. Exposed for
 * the tests. */
bool sl_suppress_list_matches(const char *list, int rule);

#endif
