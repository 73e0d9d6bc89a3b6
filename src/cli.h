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
    SL_CLI_EXPLAIN,    /* --explain RULE */
    SL_CLI_CHECK_MODEL, /* --check-model FILE */
};

/* Process exit codes (documented in the --help text). */
enum sl_exit_code {
    SL_EXIT_CLEAN = 0,      /* no findings */
    SL_EXIT_FINDINGS = 1,   /* findings reported */
    SL_EXIT_USAGE = 2,      /* usage or configuration error, nothing analysed */
    SL_EXIT_INCOMPLETE = 3, /* something could not be analysed (wins over 1) */
};

enum sl_cli_format { SL_FORMAT_TEXT, SL_FORMAT_SARIF,
                     SL_FORMAT_HTML /* a report directory (report_html.h) */ };
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
    bool quiet;
    int explain;                  /* --explain: rule index */
    const char *check_model;      /* --check-model FILE */
    bool enabled[SL_RULE_COUNT];  /* all on, then --enable/--disable left to right */
    const char **models;      size_t nmodels;  /* --model FILE, in order */
    const char **paths;       size_t npaths;   /* PATH operands */
    const char **extra_args;  size_t nextra;   /* everything after "--" */
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
