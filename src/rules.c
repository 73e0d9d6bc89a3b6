/*
 * rules.c: the rule table, built from the X-macro list in rules/rules.def.
 */
#include "rule.h"

#include <string.h>

#define SL_RULE(id, cname) extern const struct sl_rule sl_rule_##cname;
#include "rules.def"
#undef SL_RULE

const struct sl_rule *const sl_rules[SL_RULE_COUNT] = {
#define SL_RULE(id, cname) &sl_rule_##cname,
#include "rules.def"
#undef SL_RULE
};

int sl_rule_find(const char *name_or_id)
{
    for (int i = 0; i < SL_RULE_COUNT; i++)
        if (strcmp(sl_rules[i]->name, name_or_id) == 0 || strcmp(sl_rules[i]->id, name_or_id) == 0)
            return i;
    return -1;
}
