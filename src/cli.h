/*
 * cli.h: the sessionlint command line, parsed into a plain struct without
 * side effects (no printing, no exiting) so that unit tests can call the
 * parser directly; main.c acts on the result. The option set follows
 * clang-tidy (see ../shared/conventions/linter-cli-and-sarif.md, section 1).
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

enum sl_cli_action {
    SL_CLI_RUN,        /* analyse the inputs */
    SL_CLI_HELP,       /* --help */
    SL_CLI_VERSION,    /* --version */
    SL_CLI_LIST_RULES, /* --list-rules */
    SL_CLI_EXPLAIN,    /* --explain RULE, or the subcommand "explain RULE" */
    SL_CLI_DUMP_CONFIG, /* --dump-config */
    SL_CLI_CHECK_MODEL, /* --check-model FILE */
};

/* Process exit codes (documented in the --help text). */
enum sl_exit_code {
    SL_EXIT_CLEAN = 0,      /* no findings */
    SL_EXIT_FINDINGS = 1,   /* findings reported */
    SL_EXIT_USAGE = 2,      /* usage or configuration error, nothing analysed */
    SL_EXIT_INCOMPLETE = 3, /* something could not be analysed (wins over 1) */
};

enum sl_cli_format { SL_FORMAT_TEXT, SL_FORMAT_SARIF, SL_FORMAT_JSON, SL_FORMAT_GITLAB,
                     SL_FORMAT_HTML /* a report directory (report_html.h) */ };
/* --fail-on: the lowest level that makes the exit code 1. */
enum sl_fail_on { SL_FAIL_ON_ERROR, SL_FAIL_ON_WARNING, SL_FAIL_ON_NOTE, SL_FAIL_ON_NONE };
enum sl_cli_color { SL_COLOR_AUTO, SL_COLOR_ALWAYS, SL_COLOR_NEVER };

/* Every string points into the argv given to sl_cli_parse (not owned);
 * only the arrays are owned. */
struct sl_cli {
    enum sl_cli_action action;
    enum sl_cli_format format;
    enum sl_cli_color color;
    const char *output;           /* -o FILE; NULL or "-" means stdout */
    const char *build_dir;        /* -p BUILD_DIR */
    const char *compile_commands; /* --compile-commands FILE */
    const char *resource_dir;     /* --resource-dir DIR */
    unsigned jobs;                /* -j N; 0 = one per online CPU */
    unsigned timeout;             /* --timeout SECONDS per file; 0 = none */
    unsigned max_states;          /* --max-states N; 0 = the engine's default */
    const char *cache_dir;        /* --cache-dir DIR; NULL = the default */
    bool no_cache;                /* --no-cache */
    unsigned shard_index, shard_count; /* --shard K/N; 0/0 = no sharding */
    bool quiet;
    int explain;                  /* --explain: rule index */
    const char *check_model;      /* --check-model FILE */
    bool enabled[SL_RULE_COUNT];  /* all on, then --enable/--disable left to right */
    const char **models;      size_t nmodels;  /* --model FILE, in order */
    const char **pooled;      size_t npooled;  /* --pooled SPEC (pooling.h) */
    const char **paths;       size_t npaths;   /* PATH operands */
    const char **extra_args;  size_t nextra;   /* everything after "--" */
    /* where users meet the tool (issue 5): CI gate, editors, suppressions, configuration */
    bool rule_given[SL_RULE_COUNT]; /* named by --enable/--disable: wins over the config file */
    enum sl_fail_on fail_on;      /* --fail-on LEVEL (default note: any finding) */
    const char *baseline;         /* --baseline FILE */
    const char *write_baseline;   /* --write-baseline FILE */
    const char *stdin_filename;   /* --stdin-filename PATH: lint standard input as PATH */
    bool show_suppressed;         /* --show-suppressed */
    bool report_unused_suppressions; /* --report-unused-suppressions */
    const char *config_file;      /* --config-file FILE */
    bool no_config;               /* --no-config */
    const char *header_filter;    /* --header-filter REGEX */
};

/* Parses argv[1..argc-1] into cli (which need not be initialised). Returns 0,
 * or -1 with *error set to a malloc'd one-line message (caller frees) for a
 * usage error: unknown option, missing argument, bad value, unknown rule.
 * cli must be released with sl_cli_free either way. */
int sl_cli_parse(struct sl_cli *cli, int argc, char *const *argv, char **error);
void sl_cli_free(struct sl_cli *cli);

/* The --help text (usage, options, exit codes); static storage. */
const char *sl_cli_help_text(void);

#endif
