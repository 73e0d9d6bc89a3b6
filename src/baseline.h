/*
 * baseline.h: a record of known findings, so that a CI gate fails only on
 * new ones (--write-baseline FILE, --baseline FILE). Entries are keyed on
 * the rule, the file as reported, the enclosing function and the
 * line-independent "sessionlint/v1" fingerprint (fingerprint.h: the rule,
 * the function and the finding line's text with whitespace folded), never
 * on line numbers: a finding moved by an edit elsewhere stays known, one
 * whose line changed is new. The file is JSON, written atomically:
 *   {"version": 1, "tool": "sessionlint",
 *    "findings": [{"rule", "file", "function", "fingerprint"}, ...]}
 */
#ifndef SL_BASELINE_H
#define SL_BASELINE_H

#include <stddef.h>

#include "report.h"
#include "sources.h"

struct sl_baseline_entry {
    char *rule, *file, *function, *fingerprint; /* function may be NULL */
};

struct sl_baseline {
    struct sl_baseline_entry *items;
    size_t len, cap;
};

/* The "sessionlint/v1" fingerprint of f, from its line's text in src.
 * Caller frees. */
char *sl_baseline_fingerprint(const struct sl_finding *f, struct sl_sources *src);

/* Writes every finding of r that is not suppressed. Returns 0, or -1 with
 * *errmsg (malloc'd) set. */
int sl_baseline_write(const struct sl_report *r, struct sl_sources *src, const char *path,
                      char **errmsg);

/* Loads a baseline file. Returns 0, or -1 with *errmsg (malloc'd) naming
 * the file and what is wrong with it; b is then empty. */
int sl_baseline_load(struct sl_baseline *b, const char *path, char **errmsg);
void sl_baseline_free(struct sl_baseline *b);

/* Sets every finding's baseline state: UNCHANGED when an entry with the
 * same key is still unclaimed (each entry accounts for one finding), NEW
 * otherwise. */
void sl_baseline_apply(const struct sl_baseline *b, struct sl_report *r, struct sl_sources *src);

#endif
