/*
 * config.h: the .sessionlint.json configuration file. For each analysed
 * file the closest .sessionlint.json in its directory or a parent directory
 * applies (or one file for all with --config-file, or none with
 * --no-config). It can turn rules off or set their level, add API models
 * (paths relative to the file), include or exclude files by glob (relative
 * to the file's directory) and set a header filter; the command line wins
 * over it. Schema and examples: docs/configuration.md.
 */
#ifndef SL_CONFIG_H
#define SL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

#define SL_CONFIG_FILE_NAME ".sessionlint.json"

/* What a config says about one rule. */
enum sl_rule_setting {
    SL_RULE_UNSET,   /* not mentioned: enabled, default level */
    SL_RULE_OFF,
    SL_RULE_ON,      /* enabled, default level */
    SL_RULE_ERROR, SL_RULE_WARNING, SL_RULE_NOTE,
};

struct sl_config {
    char *path;                 /* the file read; NULL for the empty config */
    char *dir;                  /* absolute directory the relative paths start from */
    enum sl_rule_setting rules[SL_RULE_COUNT];
    char **models;   size_t nmodels;   /* absolute paths */
    char **include;  size_t ninclude;  /* globs */
    char **exclude;  size_t nexclude;
    char **pooled;   size_t npooled;   /* --pooled specifications (pooling.h) */
    char *header_filter;        /* POSIX extended regex, or NULL */
};

enum sl_config_mode { SL_CONFIG_DISCOVER, SL_CONFIG_FIXED, SL_CONFIG_NONE };

/* Every config a run uses, each loaded once. */
struct sl_configs {
    enum sl_config_mode mode;
    struct sl_config **items; size_t len, cap;
    struct sl_config empty;
};

/* mode FIXED loads fixed_path now. Returns 0, or -1 with *error (malloc'd). */
int sl_configs_init(struct sl_configs *set, enum sl_config_mode mode, const char *fixed_path,
                    char **error);
void sl_configs_free(struct sl_configs *set);

/* The config that applies to abs_file (absolute path). Returns NULL with
 * *error (malloc'd) when the file found is not a valid config. */
const struct sl_config *sl_configs_for(struct sl_configs *set, const char *abs_file, char **error);

/* Whether the include/exclude globs let abs_file be analysed. Globs are
 * fnmatch patterns matched against the path relative to the config's
 * directory; `*` also matches '/'. */
bool sl_config_wants(const struct sl_config *c, const char *abs_file);

/* The level a setting imposes ("error", ...), or NULL for the default. */
const char *sl_rule_setting_level(enum sl_rule_setting s);

/* Parses a setting ("off", "on", "error", "warning", "note"); -1 if none. */
int sl_rule_setting_parse(const char *text);

/* The config as a .sessionlint.json text, with the given rule settings
 * (the effective ones after the command line) and header filter. Caller frees. */
char *sl_config_dump(const struct sl_config *c, const enum sl_rule_setting *rules,
                     const char *header_filter);

#endif
