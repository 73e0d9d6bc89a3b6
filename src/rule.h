/*
 * rule.h: what a rule is. Each rule lives in its own file under rules/ and
 * defines one `const struct sl_rule sl_rule_<name>` with its metadata (id,
 * name, descriptions, help with a wrong and a right example, default level,
 * confidence) and the engine hooks it reacts to (engine.h). The registry is
 * the X-macro list rules/rules.def; add a rule there and in its own file.
 */
#ifndef SL_RULE_H
#define SL_RULE_H

#include <stdbool.h>

struct sl_rule_hooks; /* engine.h */

struct sl_rule {
    const char *id;                /* "SL001" */
    const char *name;              /* "guard-misuse": the SARIF ruleId and the [tag] */
    const char *short_description; /* one sentence */
    const char *full_description;  /* a paragraph */
    const char *help_text;         /* plain text: what, why, wrong and right example */
    const char *help_markdown;     /* same in Markdown */
    const char *default_level;     /* "warning" or "error" (SARIF level) */
    const char *precision;         /* SARIF/GitHub precision: "very-high", "high", "medium" */
    const char *confidence;        /* where false positives can come from */
    bool once_per_handle;          /* report a handle once per function, at the first
                                      place found (leaks), not once per place */
    const struct sl_rule_hooks *hooks;
};

enum sl_rule_index {
#define SL_RULE(id, cname) SL_RULE_##cname,
#include "rules.def"
#undef SL_RULE
    SL_RULE_COUNT
};

extern const struct sl_rule *const sl_rules[SL_RULE_COUNT];

/* Finds a rule by name ("session-leak") or id ("SL003"); -1 if none. */
int sl_rule_find(const char *name_or_id);

#endif
