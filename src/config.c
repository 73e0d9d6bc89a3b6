/*
 * config.c: loading and discovering .sessionlint.json files (config.h).
 * Each file is parsed with cJSON and checked strictly: an unknown key, a
 * wrong type or an unknown rule is an error naming the file, so a typo
 * never silently changes what is checked. Discovery walks up from the
 * analysed file's directory; loaded configs are kept by path.
 */
#define _XOPEN_SOURCE 700 /* fnmatch, regcomp */

#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit_json.h"
#include "inputs.h"
#include "pooling.h"
#include "regex_guard.h"
#include "util.h"

static const char *const setting_names[] = {"", "off", "on", "error", "warning", "note", NULL};

int sl_rule_setting_parse(const char *text)
{
    for (int i = SL_RULE_OFF; setting_names[i]; i++)
        if (strcmp(text, setting_names[i]) == 0)
            return i;
    return -1;
}

const char *sl_rule_setting_level(enum sl_rule_setting s)
{
    return s >= SL_RULE_ERROR ? setting_names[s] : NULL;
}

/* ---- loading one file ---- */

static void config_free(struct sl_config *c)
{
    for (size_t i = 0; i < c->nmodels; i++)
        free(c->models[i]);
    for (size_t i = 0; i < c->ninclude; i++)
        free(c->include[i]);
    for (size_t i = 0; i < c->nexclude; i++)
        free(c->exclude[i]);
    for (size_t i = 0; i < c->npooled; i++)
        free(c->pooled[i]);
    free(c->pooled);
    free(c->models);
    free(c->include);
    free(c->exclude);
    free(c->header_filter);
    free(c->path);
    free(c->dir);
}

static const char *load_rules(struct sl_config *c, const cJSON *rules)
{
    if (!cJSON_IsObject(rules))
        return "\"rules\" must be an object of rule: \"off\"|\"on\"|\"error\"|\"warning\"|\"note\"";
    const cJSON *item;
    cJSON_ArrayForEach(item, rules) {
        int rule = sl_rule_find(item->string);
        int setting = cJSON_IsString(item) ? sl_rule_setting_parse(item->valuestring) : -1;
        if (rule < 0)
            return "\"rules\" names an unknown rule (see --list-rules)";
        if (setting < 0)
            return "a rule's setting must be \"off\", \"on\", \"error\", \"warning\" or \"note\"";
        c->rules[rule] = (enum sl_rule_setting)setting;
    }
    return NULL;
}

/* Copies a JSON array of strings; relative entries are made absolute
 * against base when base is not NULL. */
static const char *load_strings(const cJSON *array, const char *base, char ***out, size_t *n)
{
    if (!cJSON_IsArray(array))
        return "\"models\", \"include\" and \"exclude\" must be arrays of strings";
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        if (!cJSON_IsString(item) || !item->valuestring[0])
            return "\"models\", \"include\" and \"exclude\" must be arrays of strings";
        *out = sl_xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = base ? sl_inputs_absolute(base, item->valuestring)
                              : sl_xstrdup(item->valuestring);
    }
    return NULL;
}

static const char *load_header_filter(struct sl_config *c, const cJSON *value)
{
    regex_t re;
    if (!cJSON_IsString(value))
        return "\"header-filter\" must be a string (a POSIX extended regex)";
    if (sl_regex_guard_problem(value->valuestring))
        return "\"header-filter\" is refused: more than 6 repetitions, stacked ones (a++), "
               "intervals above {16}, or over 200 characters";
    if (regcomp(&re, value->valuestring, REG_EXTENDED | REG_NOSUB) != 0)
        return "\"header-filter\" is not a valid POSIX extended regex";
    regfree(&re);
    free(c->header_filter); /* a key given twice: the last one wins */
    c->header_filter = sl_xstrdup(value->valuestring);
    return NULL;
}

/* "pooled": ["api:libpq", "conninfo:port=6432", ...], as --pooled. */
static const char *load_pooled(struct sl_config *c, const cJSON *value)
{
    const char *problem = load_strings(value, NULL, &c->pooled, &c->npooled);
    for (size_t i = 0; !problem && i < c->npooled; i++) {
        char *error = NULL;
        if (sl_pooling_check(c->pooled[i], &error) < 0)
            problem = "\"pooled\" entries must be api:NAME, function:NAME or conninfo:TEXT";
        free(error);
    }
    return problem;
}

static const char *load_member(struct sl_config *c, const cJSON *item)
{
    const char *key = item->string;
    if (strcmp(key, "rules") == 0)
        return load_rules(c, item);
    if (strcmp(key, "models") == 0)
        return load_strings(item, c->dir, &c->models, &c->nmodels);
    if (strcmp(key, "include") == 0)
        return load_strings(item, NULL, &c->include, &c->ninclude);
    if (strcmp(key, "exclude") == 0)
        return load_strings(item, NULL, &c->exclude, &c->nexclude);
    if (strcmp(key, "header-filter") == 0)
        return load_header_filter(c, item);
    if (strcmp(key, "pooled") == 0)
        return load_pooled(c, item);
    return "unknown key (expected rules, models, include, exclude, header-filter, pooled)";
}

static char *directory_of(const char *abs_path)
{
    const char *slash = strrchr(abs_path, '/');
    return slash && slash != abs_path ? sl_xstrndup(abs_path, (size_t)(slash - abs_path))
                                      : sl_xstrdup("/");
}

/* Loads path into a new config, or returns NULL with *error set. */
static struct sl_config *config_load(const char *path, char **error)
{
    size_t len;
    char *text = sl_read_file(path, &len);
    if (!text) {
        *error = sl_xasprintf("cannot read configuration '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct sl_config *c = sl_xcalloc(1, sizeof *c);
    c->path = sl_inputs_absolute(NULL, path);
    c->dir = directory_of(c->path);
    cJSON *root = cJSON_ParseWithLength(text, len);
    const char *problem = root && cJSON_IsObject(root) ? NULL : "not a JSON object";
    const cJSON *item;
    if (!problem)
        cJSON_ArrayForEach(item, root)
            if (!problem && (problem = load_member(c, item)) != NULL)
                *error = sl_xasprintf("bad configuration '%s': key \"%s\": %s", path,
                                      item->string, problem);
    if (problem && !*error)
        *error = sl_xasprintf("bad configuration '%s': %s", path, problem);
    cJSON_Delete(root);
    free(text);
    if (problem) {
        config_free(c);
        free(c);
        return NULL;
    }
    return c;
}

/* ---- the set ---- */

static struct sl_config *remember(struct sl_configs *set, struct sl_config *c)
{
    set->items = sl_xrealloc(set->items, (set->len + 1) * sizeof *set->items);
    set->items[set->len++] = c;
    return c;
}

int sl_configs_init(struct sl_configs *set, enum sl_config_mode mode, const char *fixed_path,
                    char **error)
{
    memset(set, 0, sizeof *set);
    set->mode = mode;
    *error = NULL;
    if (mode != SL_CONFIG_FIXED)
        return 0;
    struct sl_config *c = config_load(fixed_path, error);
    if (!c)
        return -1;
    remember(set, c);
    return 0;
}

void sl_configs_free(struct sl_configs *set)
{
    for (size_t i = 0; i < set->len; i++) {
        config_free(set->items[i]);
        free(set->items[i]);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

static const struct sl_config *load_cached(struct sl_configs *set, const char *path, char **error)
{
    for (size_t i = 0; i < set->len; i++)
        if (strcmp(set->items[i]->path, path) == 0)
            return set->items[i];
    struct sl_config *c = config_load(path, error);
    return c ? remember(set, c) : NULL;
}

const struct sl_config *sl_configs_for(struct sl_configs *set, const char *abs_file, char **error)
{
    *error = NULL;
    if (set->mode == SL_CONFIG_FIXED)
        return set->items[0];
    if (set->mode == SL_CONFIG_NONE)
        return &set->empty;
    char *dir = directory_of(abs_file);
    const struct sl_config *found = &set->empty;
    for (;;) {
        char *candidate = sl_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", SL_CONFIG_FILE_NAME);
        struct stat st;
        bool exists = stat(candidate, &st) == 0 && S_ISREG(st.st_mode);
        if (exists)
            found = load_cached(set, candidate, error);
        free(candidate);
        if (exists || strcmp(dir, "/") == 0)
            break;
        char *parent = directory_of(dir);
        free(dir);
        dir = parent;
    }
    free(dir);
    return found;
}

static bool any_glob_matches(char *const *globs, size_t n, const char *rel)
{
    for (size_t i = 0; i < n; i++)
        if (fnmatch(globs[i], rel, 0) == 0)
            return true;
    return false;
}

bool sl_config_wants(const struct sl_config *c, const char *abs_file)
{
    if (!c->dir)
        return true;
    size_t n = strlen(c->dir);
    const char *rel = abs_file;
    if (strncmp(abs_file, c->dir, n) == 0 && abs_file[n] == '/')
        rel = abs_file + n + 1;
    if (c->ninclude && !any_glob_matches(c->include, c->ninclude, rel))
        return false;
    return !any_glob_matches(c->exclude, c->nexclude, rel);
}

/* ---- dumping ---- */

static void add_strings(cJSON *obj, const char *key, char *const *items, size_t n)
{
    cJSON *array = cJSON_AddArrayToObject(obj, key);
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(array, cJSON_CreateString(items[i]));
}

char *sl_config_dump(const struct sl_config *c, const enum sl_rule_setting *rules,
                     const char *header_filter)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *json_rules = cJSON_AddObjectToObject(root, "rules");
    for (int r = 0; r < SL_RULE_COUNT; r++) {
        const char *level = sl_rule_setting_level(rules[r]);
        const char *value = rules[r] == SL_RULE_OFF ? "off" : level ? level : "on";
        cJSON_AddStringToObject(json_rules, sl_rules[r]->name, value);
    }
    add_strings(root, "models", c->models, c->nmodels);
    add_strings(root, "include", c->include, c->ninclude);
    add_strings(root, "exclude", c->exclude, c->nexclude);
    add_strings(root, "pooled", c->pooled, c->npooled);
    if (header_filter)
        cJSON_AddStringToObject(root, "header-filter", header_filter);
    char *out = sl_json_print(root, true);
    cJSON_Delete(root);
    return out;
}
