/*
 * cli.c: option parsing for sessionlint (cli.h). A table of options, one
 * loop over argv and one function per option that needs more than storing
 * its value. Long options take their value as "--opt VALUE" or
 * "--opt=VALUE", short ones as "-p VALUE" or "-pVALUE"; "--" ends the
 * options and everything after it is passed to the compiler. Nothing here
 * prints or exits: errors come back as a message for main.c to show.
 */
#include "cli.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "pooling.h"
#include "shard.h"
#include "regex_guard.h"
#include "util.h"

enum option_id {
    OPT_HELP, OPT_VERSION, OPT_LIST_RULES, OPT_EXPLAIN, OPT_QUIET, OPT_FORMAT, OPT_OUTPUT, OPT_BUILD_DIR,
    OPT_COMPILE_COMMANDS, OPT_MODEL, OPT_ENABLE, OPT_DISABLE, OPT_COLOR, OPT_RESOURCE_DIR,
    OPT_FAIL_ON, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_STDIN_FILENAME, OPT_SHOW_SUPPRESSED,
    OPT_REPORT_UNUSED, OPT_CONFIG_FILE, OPT_NO_CONFIG, OPT_DUMP_CONFIG, OPT_HEADER_FILTER,
    OPT_JOBS, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_SHARD,
    OPT_CHECK_MODEL, OPT_TIMEOUT, OPT_MAX_STATES, OPT_POOLED,
};

struct option_spec {
    const char *long_name; /* without the leading "--" */
    char short_name;       /* 0 if none */
    bool takes_value;
    enum option_id id;
};

static const struct option_spec option_table[] = {
    {"help", 'h', false, OPT_HELP},
    {"version", 0, false, OPT_VERSION},
    {"list-rules", 0, false, OPT_LIST_RULES},
    {"explain", 0, true, OPT_EXPLAIN},
    {"quiet", 'q', false, OPT_QUIET},
    {"format", 0, true, OPT_FORMAT},
    {"output", 'o', true, OPT_OUTPUT},
    {"build-dir", 'p', true, OPT_BUILD_DIR},
    {"compile-commands", 0, true, OPT_COMPILE_COMMANDS},
    {"model", 0, true, OPT_MODEL},
    {"pooled", 0, true, OPT_POOLED},
    {"enable", 0, true, OPT_ENABLE},
    {"disable", 0, true, OPT_DISABLE},
    {"color", 0, true, OPT_COLOR},
    {"resource-dir", 0, true, OPT_RESOURCE_DIR},
    {"fail-on", 0, true, OPT_FAIL_ON},
    {"baseline", 0, true, OPT_BASELINE},
    {"write-baseline", 0, true, OPT_WRITE_BASELINE},
    {"stdin-filename", 0, true, OPT_STDIN_FILENAME},
    {"show-suppressed", 0, false, OPT_SHOW_SUPPRESSED},
    {"report-unused-suppressions", 0, false, OPT_REPORT_UNUSED},
    {"config-file", 0, true, OPT_CONFIG_FILE},
    {"no-config", 0, false, OPT_NO_CONFIG},
    {"dump-config", 0, false, OPT_DUMP_CONFIG},
    {"header-filter", 0, true, OPT_HEADER_FILTER},
    {"jobs", 'j', true, OPT_JOBS},
    {"cache-dir", 0, true, OPT_CACHE_DIR},
    {"no-cache", 0, false, OPT_NO_CACHE},
    {"shard", 0, true, OPT_SHARD},
    {"check-model", 0, true, OPT_CHECK_MODEL},
    {"timeout", 0, true, OPT_TIMEOUT},
    {"max-states", 0, true, OPT_MAX_STATES},
};
#define OPTION_COUNT (sizeof option_table / sizeof option_table[0])

static const char help_text[] =
    "usage: sessionlint [options] [PATH...] [-- EXTRA_COMPILER_ARGS]\n"
    "       sessionlint explain RULE\n"
    "       sessionlint report LOG.sarif -o DIR   (HTML report of a SARIF log)\n"
    "\n"
    "Finds database-session misuse in C code: leaked sessions, statements and\n"
    "results, transactions never committed, handles of the wrong kind, use after\n"
    "close, double close and ignored commit results.\n"
    "\n"
    "PATH is a C file (analysed whatever its extension) or a directory, searched\n"
    "recursively for *.c files in name order; hidden directories (.git, ...) and\n"
    "symbolic links to directories are skipped. With -p and no PATH, every file\n"
    "of the compilation database is analysed. Arguments after \"--\" are appended\n"
    "to every compile command; a file missing from the database in use gets a\n"
    "warning and is analysed with those arguments only.\n"
    "\n"
    "options:\n"
    "  -p, --build-dir DIR       read DIR/compile_commands.json; without -p or\n"
    "                            --compile-commands, the parent directories of each\n"
    "                            file are searched for compile_commands.json\n"
    "      --compile-commands FILE  read the compilation database FILE\n"
    "      --format FORMAT       text (default, gcc style), sarif (SARIF 2.1.0),\n"
    "                            json (a JSON array, one finding per line) or\n"
    "                            gitlab (GitLab code quality); also --format=json\n"
    "                            html: a browsable report, written to -o DIR\n"
    "      --stdin-filename PATH lint standard input as if it were PATH (editors):\n"
    "                            PATH's compile command, config and name are used\n"
    "      --fail-on LEVEL       exit 1 only for findings of LEVEL or above:\n"
    "                            error, warning, note (default) or none\n"
    "      --baseline FILE       findings recorded in FILE are known: reported as\n"
    "                            unchanged (SARIF baselineState), never fail the run\n"
    "      --write-baseline FILE record every current finding in FILE and exit 0\n"
    "      --show-suppressed     keep NOLINT-suppressed findings in sarif and json\n"
    "                            output, marked as suppressed\n"
    "      --report-unused-suppressions  warn about NOLINT comments that\n"
    "                            suppress nothing\n"
    "      --config-file FILE    use FILE instead of the .sessionlint.json found\n"
    "                            above each file; --no-config: use none\n"
    "      --dump-config         print the configuration that applies to the first\n"
    "                            PATH (or the current directory) and exit\n"
    "      --header-filter REGEX also report findings in headers whose path\n"
    "                            matches REGEX (POSIX extended)\n"
    "  -o, --output FILE         write findings to FILE, replaced atomically\n"
    "                            (\"-\": standard output, the default)\n"
    "      --model FILE          load an API model on top of the shipped ones\n"
    "                            (repeatable)\n"
    "      --pooled SPEC         sessions behind a transaction-mode pooler, for\n"
    "                            pooled-session-state: api:NAME (every session of\n"
    "                            an API, e.g. api:libpq), function:NAME (sessions\n"
    "                            it returns), conninfo:TEXT (opened with a\n"
    "                            connection string containing TEXT) (repeatable)\n"
    "      --check-model FILE    validate the API model FILE (loaded after the\n"
    "                            shipped ones and any --model) and exit: 0 valid,\n"
    "                            2 invalid, with file:line:col of the error\n"
    "      --enable RULES        enable rules by name or id, comma-separated,\n"
    "                            \"all\" for every rule (repeatable)\n"
    "      --disable RULES       disable rules likewise; --enable and --disable\n"
    "                            apply left to right, all rules start enabled\n"
    "      --explain RULE        print a rule's documentation: what it finds,\n"
    "                            a wrong and a right example, its confidence\n"
    "      --list-rules          list the rules: id, name, default level,\n"
    "                            precision, description\n"
    "      --color auto|always|never  colour text output (auto: only when standard\n"
    "                            output is a terminal and NO_COLOR is unset or\n"
    "                            empty); SARIF and -o FILE are never coloured\n"
    "  -q, --quiet               no summary line on standard error\n"
    "      --resource-dir DIR    clang resource directory (builtin headers)\n"
    "  -j, --jobs N              analyse N files at a time (default: one per CPU);\n"
    "                            the output does not depend on N\n"
    "      --timeout SECONDS     stop analysing a file SECONDS after it was parsed;\n"
    "                            the function cut short and the functions not\n"
    "                            reached are named on standard error (exit 3)\n"
    "      --max-states N        states kept per program point before they are\n"
    "                            joined (default 64; fewer: faster, fewer findings)\n"
    "      --cache-dir DIR       cache results per file in DIR (default:\n"
    "                            $XDG_CACHE_HOME/sessionlint or ~/.cache/sessionlint)\n"
    "      --no-cache            neither read nor write the cache\n"
    "      --shard K/N           analyse only the K-th of N equal shares of the\n"
    "                            files; combine the shards' SARIF logs with\n"
    "                            \"sessionlint merge LOG... -o OUT\"\n"
    "  -h, --help                show this help\n"
    "      --version             show the version of sessionlint and libclang\n"
    "\n"
    "environment:\n"
    "  SESSIONLINT_MODELS_DIR    directory of the shipped API models\n"
    "  SESSIONLINT_LIBCLANG      the libclang shared object to load (default: the\n"
    "                            one found at build time)\n"
    "  NO_COLOR                  when non-empty, --color=auto never colours\n"
    "\n"
    "exit codes:\n"
    "  0  no findings\n"
    "  1  findings reported (new ones at or above --fail-on)\n"
    "  2  usage or configuration error (bad option, unknown rule, bad model,\n"
    "     no C files, unwritable output): nothing was analysed\n"
    "  3  analysis incomplete: a file was missing or could not be read or\n"
    "     parsed, or a budget ran out; findings for the other files are still\n"
    "     reported, and 3 wins over 1 when there are findings too\n";

const char *sl_cli_help_text(void) { return help_text; }

static void push_string(const char ***items, size_t *len, const char *s)
{
    *items = sl_xrealloc(*items, (*len + 1) * sizeof **items);
    (*items)[(*len)++] = s;
}

static const struct option_spec *find_long(const char *name, size_t name_len)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strlen(option_table[i].long_name) == name_len &&
            strncmp(option_table[i].long_name, name, name_len) == 0)
            return &option_table[i];
    return NULL;
}

static const struct option_spec *find_short(char c)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (option_table[i].short_name == c)
            return &option_table[i];
    return NULL;
}

/* Sets every rule named in a comma-separated list ("session-leak,SL005",
 * "all") to `on`. */
static int apply_rule_list(bool *enabled, bool *given, const char *list, bool on, char **error)
{
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        char *name = sl_xstrndup(p, n);
        if (strcmp(name, "all") == 0) {
            for (int i = 0; i < SL_RULE_COUNT; i++)
                enabled[i] = on, given[i] = true;
        } else {
            int rule = sl_rule_find(name);
            if (rule < 0) {
                *error = sl_xasprintf("unknown rule '%s' (see --list-rules)", name);
                free(name);
                return -1;
            }
            enabled[rule] = on;
            given[rule] = true;
        }
        free(name);
        if (p[n] == '\0')
            return 0;
        p += n + 1;
    }
}

/* Maps value to its index in the NULL-terminated choices; -1 if absent. */
static int pick_choice(const char *value, const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(value, choices[i]) == 0)
            return i;
    return -1;
}

static int apply_choice(int *field, const char *option, const char *value,
                        const char *const *choices, const char *expected, char **error)
{
    int choice = pick_choice(value, choices);
    if (choice < 0) {
        *error = sl_xasprintf("invalid value '%s' for --%s (expected %s)", value, option, expected);
        return -1;
    }
    *field = choice;
    return 0;
}

/* -j N: 1 to 1024 workers. */
/* A whole number from 1 to max for --option; digits only, no sign. */
static int apply_count(unsigned *field, const char *option, const char *value, long max,
                       char **error)
{
    char *end;
    long n = strtol(value, &end, 10);
    if (*value < '0' || *value > '9' || *end || n < 1 || n > max) {
        *error = sl_xasprintf("invalid value '%s' for --%s (expected a number from 1 to %ld)",
                              value, option, max);
        return -1;
    }
    *field = (unsigned)n;
    return 0;
}

static void set_action(struct sl_cli *cli, enum sl_cli_action action)
{
    if (cli->action == SL_CLI_RUN) /* the first of --help/--version/--list-rules wins */
        cli->action = action;
}

/* The options of the CI gate, editors, suppressions and configuration. */
static int apply_integration_option(struct sl_cli *cli, enum option_id id, const char *value,
                                    char **error)
{
    static const char *const levels[] = {"error", "warning", "note", "none", NULL}; /* enum order */
    int choice;
    regex_t re;
    switch (id) {
    case OPT_FAIL_ON:
        if (apply_choice(&choice, "fail-on", value, levels, "error, warning, note or none", error) < 0)
            return -1;
        cli->fail_on = (enum sl_fail_on)choice;
        return 0;
    case OPT_BASELINE: cli->baseline = value; return 0;
    case OPT_WRITE_BASELINE: cli->write_baseline = value; return 0;
    case OPT_STDIN_FILENAME: cli->stdin_filename = value; return 0;
    case OPT_SHOW_SUPPRESSED: cli->show_suppressed = true; return 0;
    case OPT_REPORT_UNUSED: cli->report_unused_suppressions = true; return 0;
    case OPT_CONFIG_FILE: cli->config_file = value; return 0;
    case OPT_NO_CONFIG: cli->no_config = true; return 0;
    case OPT_DUMP_CONFIG: set_action(cli, SL_CLI_DUMP_CONFIG); return 0;
    case OPT_HEADER_FILTER:
        if (sl_regex_guard_problem(value)) {
            *error = sl_xasprintf("--header-filter '%s' is refused: %s", value,
                                  sl_regex_guard_problem(value));
            return -1;
        }
        if (regcomp(&re, value, REG_EXTENDED | REG_NOSUB) != 0) {
            *error = sl_xasprintf("invalid --header-filter '%s' (expected a POSIX extended regex)",
                                  value);
            return -1;
        }
        regfree(&re);
        cli->header_filter = value;
        return 0;
    default: return 0;
    }
}

static int apply_option(struct sl_cli *cli, const struct option_spec *opt, const char *value,
                        char **error)
{
    static const char *const formats[] = {"text", "sarif", "json", "gitlab", "html", NULL}; /* enum order */
    static const char *const colors[] = {"auto", "always", "never", NULL}; /* enum sl_cli_color */
    int choice;
    switch (opt->id) {
    case OPT_HELP: set_action(cli, SL_CLI_HELP); return 0;
    case OPT_VERSION: set_action(cli, SL_CLI_VERSION); return 0;
    case OPT_LIST_RULES: set_action(cli, SL_CLI_LIST_RULES); return 0;
    case OPT_EXPLAIN:
        cli->explain = sl_rule_find(value);
        if (cli->explain < 0) {
            *error = sl_xasprintf("unknown rule '%s' (see --list-rules)", value);
            return -1;
        }
        set_action(cli, SL_CLI_EXPLAIN);
        return 0;
    case OPT_CHECK_MODEL:
        cli->check_model = value;
        set_action(cli, SL_CLI_CHECK_MODEL);
        return 0;
    case OPT_QUIET: cli->quiet = true; return 0;
    case OPT_FAIL_ON: case OPT_BASELINE: case OPT_WRITE_BASELINE: case OPT_STDIN_FILENAME:
    case OPT_SHOW_SUPPRESSED: case OPT_REPORT_UNUSED: case OPT_CONFIG_FILE: case OPT_NO_CONFIG:
    case OPT_DUMP_CONFIG: case OPT_HEADER_FILTER:
        return apply_integration_option(cli, opt->id, value, error);
    case OPT_OUTPUT: cli->output = value; return 0;
    case OPT_BUILD_DIR: cli->build_dir = value; return 0;
    case OPT_COMPILE_COMMANDS: cli->compile_commands = value; return 0;
    case OPT_RESOURCE_DIR: cli->resource_dir = value; return 0;
    case OPT_JOBS: return apply_count(&cli->jobs, "jobs", value, 1024, error);
    case OPT_TIMEOUT: return apply_count(&cli->timeout, "timeout", value, 86400, error);
    case OPT_MAX_STATES: return apply_count(&cli->max_states, "max-states", value, 100000, error);
    case OPT_CACHE_DIR: cli->cache_dir = value; return 0;
    case OPT_NO_CACHE: cli->no_cache = true; return 0;
    case OPT_SHARD:
        if (sl_shard_parse(value, &cli->shard_index, &cli->shard_count) < 0) {
            *error = sl_xasprintf("invalid value '%s' for --shard (expected K/N with 1 <= K <= N)",
                                  value);
            return -1;
        }
        return 0;
    case OPT_MODEL: push_string(&cli->models, &cli->nmodels, value); return 0;
    case OPT_POOLED:
        if (sl_pooling_check(value, error) < 0)
            return -1;
        push_string(&cli->pooled, &cli->npooled, value);
        return 0;
    case OPT_ENABLE: return apply_rule_list(cli->enabled, cli->rule_given, value, true, error);
    case OPT_DISABLE: return apply_rule_list(cli->enabled, cli->rule_given, value, false, error);
    case OPT_FORMAT:
        if (apply_choice(&choice, "format", value, formats, "text, sarif, json, gitlab or html", error) < 0)
            return -1;
        cli->format = (enum sl_cli_format)choice;
        return 0;
    case OPT_COLOR:
        if (apply_choice(&choice, "color", value, colors, "auto, always or never", error) < 0)
            return -1;
        cli->color = (enum sl_cli_color)choice;
        return 0;
    }
    return 0;
}

/* Resolves argv[*i] (an option) to its spec and value, advancing *i past a
 * separate value argument. */
static int parse_one_option(struct sl_cli *cli, int argc, char *const *argv, int *i, char **error)
{
    const char *arg = argv[*i];
    const struct option_spec *opt;
    const char *value = NULL;
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        opt = find_long(name, eq ? (size_t)(eq - name) : strlen(name));
        if (eq && opt && !opt->takes_value) {
            *error = sl_xasprintf("option '--%s' takes no value", opt->long_name);
            return -1;
        }
        if (eq)
            value = eq + 1;
    } else {
        opt = find_short(arg[1]);
        if (opt && arg[2] != '\0') {
            if (!opt->takes_value)
                opt = NULL; /* "-qx" is not a bundle we support */
            else
                value = arg + 2;
        }
    }
    if (!opt) {
        *error = sl_xasprintf("unknown option '%s'", arg);
        return -1;
    }
    if (opt->takes_value && !value) {
        if (*i + 1 >= argc) {
            *error = sl_xasprintf("option '%s' needs an argument", arg);
            return -1;
        }
        value = argv[++*i];
    }
    return apply_option(cli, opt, value, error);
}

static int check_inputs(const struct sl_cli *cli, char **error)
{
    if (cli->action != SL_CLI_RUN)
        return 0;
    if (cli->build_dir && cli->compile_commands) {
        *error = sl_xstrdup("give either -p or --compile-commands, not both");
        return -1;
    }
    if (cli->stdin_filename && cli->npaths) {
        *error = sl_xstrdup("--stdin-filename lints standard input: give no PATH with it");
        return -1;
    }
    if (cli->config_file && cli->no_config) {
        *error = sl_xstrdup("give either --config-file or --no-config, not both");
        return -1;
    }
    if (cli->npaths == 0 && !cli->build_dir && !cli->compile_commands && !cli->stdin_filename) {
        *error = sl_xstrdup("no input: give files or directories, or -p BUILD_DIR");
        return -1;
    }
    return 0;
}

int sl_cli_parse(struct sl_cli *cli, int argc, char *const *argv, char **error)
{
    memset(cli, 0, sizeof *cli);
    for (int r = 0; r < SL_RULE_COUNT; r++)
        cli->enabled[r] = true;
    cli->fail_on = SL_FAIL_ON_NOTE;
    *error = NULL;
    if (argc >= 2 && strcmp(argv[1], "explain") == 0) { /* "sessionlint explain RULE" */
        if (argc != 3) {
            *error = sl_xstrdup("usage: sessionlint explain RULE");
            return -1;
        }
        const struct option_spec explain = {"explain", 0, true, OPT_EXPLAIN};
        return apply_option(cli, &explain, argv[2], error);
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            for (i++; i < argc; i++)
                push_string(&cli->extra_args, &cli->nextra, argv[i]);
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0') { /* a lone "-" is a path like any other */
            push_string(&cli->paths, &cli->npaths, arg);
            continue;
        }
        if (parse_one_option(cli, argc, argv, &i, error) < 0)
            return -1;
    }
    return check_inputs(cli, error);
}

void sl_cli_free(struct sl_cli *cli)
{
    free(cli->models);
    free(cli->pooled);
    free(cli->paths);
    free(cli->extra_args);
    cli->models = cli->paths = cli->extra_args = NULL;
    cli->nmodels = cli->npaths = cli->nextra = 0;
}
