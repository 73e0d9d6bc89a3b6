/*
 * plan.h: configuration files applied to a run. Before the analysis, the
 * inputs that their config excludes (include/exclude globs) are dropped and
 * the models that the configs name are loaded (each once). The engine then
 * runs every rule the command line leaves on; afterwards each finding is
 * governed by the config of the file it is in: rules turned off there are
 * dropped, levels set there apply. A finding in a file that is not an input
 * (a header) is kept only when its path matches the header filter
 * (--header-filter, else the config's "header-filter"). The command line
 * wins: --enable/--disable over "rules", --header-filter over the config.
 */
#ifndef SL_PLAN_H
#define SL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "config.h"
#include "pooling.h"
#include "inputs.h"
#include "model.h"
#include "report.h"

struct sl_plan {
    const struct sl_cli *cli;
    struct sl_configs configs;
    bool any_header_filter;  /* the engine must report findings in headers */
    struct sl_pooling_lists pooling; /* --pooled and every config's "pooled" */
};

/* Finds each input's config, drops the inputs it excludes and loads the
 * configs' models into model. Returns 0, or -1 with *error (malloc'd) for
 * a bad config or model. */
int sl_plan_prepare(struct sl_plan *plan, const struct sl_cli *cli, struct sl_inputs *inputs,
                    struct sl_model *model, char **error);
void sl_plan_free(struct sl_plan *plan);

/* Applies rule settings, levels and header filters to the findings of r;
 * inputs are the analysed files. */
void sl_plan_apply(struct sl_plan *plan, const struct sl_inputs *inputs, struct sl_report *r);

/* The rule settings in effect: the config's, with the command line's
 * --enable/--disable on top. */
void sl_plan_effective_rules(const struct sl_config *c, const struct sl_cli *cli,
                             enum sl_rule_setting *out);

/* --dump-config: the effective configuration for the first PATH (or the
 * stdin file name, or the current directory) as .sessionlint.json text.
 * Returns NULL with *error (malloc'd) for a bad config. Caller frees. */
char *sl_plan_dump_config(const struct sl_cli *cli, char **error);

#endif
