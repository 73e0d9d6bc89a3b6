/*
 * plan.c: configuration files applied to a run (plan.h). Configs are found
 * before any file is analysed, so that a bad one stops the run with exit
 * code 2 before time is spent. Filtering findings afterwards, rather than
 * running the engine with per-file rule sets, keeps one set of analysis
 * options per run (what the cache and the workers share); the rules are
 * independent, so the result is the same.
 */
#define _XOPEN_SOURCE 700 /* regcomp */

#include "plan.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static enum sl_config_mode config_mode(const struct sl_cli *cli)
{
    if (cli->no_config)
        return SL_CONFIG_NONE;
    return cli->config_file ? SL_CONFIG_FIXED : SL_CONFIG_DISCOVER;
}

/* Whether configs[upto]->models[k] was listed earlier (loaded already). */
static bool model_listed_before(const struct sl_configs *set, size_t upto, size_t k)
{
    const char *path = set->items[upto]->models[k];
    for (size_t i = 0; i <= upto; i++) {
        const struct sl_config *o = set->items[i];
        for (size_t j = 0; j < o->nmodels && (i < upto || j < k); j++)
            if (strcmp(o->models[j], path) == 0)
                return true;
    }
    return false;
}

static int load_config_models(const struct sl_configs *set, struct sl_model *model, char **error)
{
    for (size_t i = 0; i < set->len; i++) {
        const struct sl_config *c = set->items[i];
        for (size_t k = 0; k < c->nmodels; k++) {
            struct sl_model_error err = {0};
            if (model_listed_before(set, i, k) || sl_model_load_file(model, c->models[k], &err) == 0)
                continue;
            *error = sl_xasprintf("%s (model listed in '%s')", err.text, c->path);
            free(err.text);
            return -1;
        }
    }
    return 0;
}

/* Keeps the inputs their config wants; returns -1 on a bad config. */
static int select_inputs(struct sl_plan *plan, struct sl_inputs *inputs, char **error)
{
    struct sl_inputs kept = {0}, dropped = {0};
    int rc = 0;
    for (size_t i = 0; i < inputs->len; i++) {
        const struct sl_config *c = rc == 0 ? sl_configs_for(&plan->configs, inputs->items[i].file,
                                                             error) : NULL;
        if (!c)
            rc = -1;
        if (c && sl_config_wants(c, inputs->items[i].file))
            sl_vec_push(&kept, inputs->items[i]);
        else
            sl_vec_push(&dropped, inputs->items[i]);
        plan->any_header_filter |= c && c->header_filter;
    }
    sl_vec_free(inputs);
    sl_inputs_free(&dropped);
    *inputs = kept;
    return rc;
}

/* Pooled connections are one setting for the whole run: the command line's
 * and every configuration's "pooled" together. */
static void collect_pooling(struct sl_plan *plan)
{
    SL_VEC(const char *) specs = {0};
    for (size_t i = 0; i < plan->cli->npooled; i++)
        sl_vec_push(&specs, plan->cli->pooled[i]);
    for (size_t c = 0; c < plan->configs.len; c++)
        for (size_t i = 0; i < plan->configs.items[c]->npooled; i++)
            sl_vec_push(&specs, (const char *)plan->configs.items[c]->pooled[i]);
    sl_pooling_build(&plan->pooling, specs.items, specs.len);
    sl_vec_free(&specs);
}

int sl_plan_prepare(struct sl_plan *plan, const struct sl_cli *cli, struct sl_inputs *inputs,
                    struct sl_model *model, char **error)
{
    memset(plan, 0, sizeof *plan);
    plan->cli = cli;
    plan->any_header_filter = cli->header_filter != NULL;
    if (sl_configs_init(&plan->configs, config_mode(cli), cli->config_file, error) < 0)
        return -1;
    if (select_inputs(plan, inputs, error) < 0)
        return -1;
    collect_pooling(plan);
    return load_config_models(&plan->configs, model, error);
}

void sl_plan_free(struct sl_plan *plan)
{
    sl_pooling_free(&plan->pooling);
    sl_configs_free(&plan->configs);
    memset(plan, 0, sizeof *plan);
}

void sl_plan_effective_rules(const struct sl_config *c, const struct sl_cli *cli,
                             enum sl_rule_setting *out)
{
    for (int r = 0; r < SL_RULE_COUNT; r++) {
        enum sl_rule_setting s = c->rules[r] == SL_RULE_UNSET ? SL_RULE_ON : c->rules[r];
        if (cli->rule_given[r] && !cli->enabled[r])
            s = SL_RULE_OFF;
        else if (cli->rule_given[r] && s == SL_RULE_OFF)
            s = SL_RULE_ON;
        out[r] = s;
    }
}

static const char *header_filter_of(const struct sl_config *c, const struct sl_cli *cli)
{
    return cli->header_filter ? cli->header_filter : c->header_filter;
}

static bool is_input(const struct sl_inputs *inputs, const char *display)
{
    for (size_t i = 0; i < inputs->len; i++)
        if (strcmp(inputs->items[i].display_name, display) == 0)
            return true;
    return false;
}

/* Both regexes were checked when read (cli.c, config.c). */
static bool header_wanted(const char *filter, const char *path)
{
    regex_t re;
    if (!filter || regcomp(&re, filter, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool hit = regexec(&re, path, 0, NULL, 0) == 0;
    regfree(&re);
    return hit;
}

/* Whether f survives its file's config; sets its level. */
static bool keep_finding(struct sl_plan *plan, const struct sl_inputs *inputs, struct sl_finding *f)
{
    char *error = NULL, *abs = sl_inputs_absolute(NULL, f->loc.file);
    const struct sl_config *c = sl_configs_for(&plan->configs, abs, &error);
    free(abs);
    if (!c) { /* a header's own bad config: it cannot change the finding */
        free(error);
        c = &plan->configs.empty;
    }
    enum sl_rule_setting rules[SL_RULE_COUNT];
    sl_plan_effective_rules(c, plan->cli, rules);
    if (rules[f->rule] == SL_RULE_OFF)
        return false;
    if (!is_input(inputs, f->loc.file) && !header_wanted(header_filter_of(c, plan->cli), f->loc.file))
        return false;
    f->level = sl_rule_setting_level(rules[f->rule]);
    return true;
}

void sl_plan_apply(struct sl_plan *plan, const struct sl_inputs *inputs, struct sl_report *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        if (keep_finding(plan, inputs, &r->findings[i]))
            r->findings[kept++] = r->findings[i];
        else
            sl_finding_free(&r->findings[i]);
    }
    r->nfindings = kept;
}

/* A path inside the directory discovery must start from: the directory
 * itself for a directory, the file's own directory otherwise. */
static char *discovery_start(const char *path)
{
    struct stat st;
    char *abs = sl_inputs_absolute(NULL, path);
    if (stat(abs, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *inside = sl_xasprintf("%s/%s", abs, SL_CONFIG_FILE_NAME);
        free(abs);
        return inside;
    }
    return abs;
}

char *sl_plan_dump_config(const struct sl_cli *cli, char **error)
{
    struct sl_configs set;
    char *text = NULL;
    if (sl_configs_init(&set, config_mode(cli), cli->config_file, error) < 0)
        return NULL;
    const char *path = cli->npaths ? cli->paths[0] : cli->stdin_filename ? cli->stdin_filename : ".";
    char *start = discovery_start(path);
    const struct sl_config *c = sl_configs_for(&set, start, error);
    if (c) {
        enum sl_rule_setting rules[SL_RULE_COUNT];
        sl_plan_effective_rules(c, cli, rules);
        text = sl_config_dump(c, rules, header_filter_of(c, cli));
    }
    free(start);
    sl_configs_free(&set);
    return text;
}
