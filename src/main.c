/*
 * main.c: the sessionlint program. Parses the command line (cli.c), loads
 * the shipped and user API models, collects the inputs with their compile
 * commands (inputs.c), analyses them one after another with one CXIndex
 * (analyze.h), and writes findings to stdout or -o FILE (text or SARIF) and
 * notifications plus a summary line to stderr. The exit code says what
 * happened: see enum sl_exit_code in cli.h and the --help text.
 */
#define _POSIX_C_SOURCE 200809L /* isatty, fileno */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <clang-c/Index.h>

#include "analyze.h"
#include "bigstack.h"
#include "cache.h"
#include "cli.h"
#include "emit.h"
#include "emit_json.h"
#include "gate.h"
#include "guidelines.h"
#include "inputs.h"
#include "merge.h"
#include "model.h"
#include "output.h"
#include "parallel.h"
#include "plan.h"
#include "progress.h"
#include "report.h"
#include "report_html.h"
#include "rule.h"
#include "shard.h"
#include "trace.h"
#include "util.h"
#include "xtu.h"

static void print_error(const char *message)
{
    fprintf(stderr, "sessionlint: error: %s\n", message);
}

static void print_version(void)
{
    CXString v = clang_getClangVersion();
    printf("sessionlint %s (libclang %s)\n", SL_VERSION, clang_getCString(v));
    clang_disposeString(v);
}

static void print_rules(void)
{
    for (int i = 0; i < SL_RULE_COUNT; i++) {
        const struct sl_rule *r = sl_rules[i];
        printf("%-6s %-17s %-8s %-10s %s\n", r->id, r->name, r->default_level,
               r->precision ? r->precision : "-", r->short_description);
    }
}

/* Colour only for a terminal, unless forced, and never with NO_COLOR set. */
static bool use_color(enum sl_cli_color mode, FILE *stream)
{
    if (mode != SL_COLOR_AUTO)
        return mode == SL_COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR");
    return isatty(fileno(stream)) && !(no_color && *no_color);
}

static bool writes_stdout(const struct sl_cli *cli)
{
    return !cli->output || strcmp(cli->output, "-") == 0;
}

/* ---- models ---- */

/* Length of the "file:line:col" (or "file:line") prefix of a loader message,
 * 0 if it has none. */
static size_t location_prefix_length(const char *text)
{
    for (const char *p = strstr(text, ": "); p; p = strstr(p + 1, ": ")) {
        const char *q = p;
        while (q > text && isdigit((unsigned char)q[-1]))
            q--;
        if (q < p && q > text && q[-1] == ':')
            return (size_t)(p - text);
    }
    return 0;
}

/* Prints "file:line:col: error: message" (gcc style) for a loader error. */
static void print_model_error(const char *text)
{
    size_t n = location_prefix_length(text);
    if (n)
        fprintf(stderr, "%.*s: error: %s\n", (int)n, text, text + n + 2);
    else
        print_error(text);
}

static const char *shipped_models_dir(void)
{
    const char *env = getenv("SESSIONLINT_MODELS_DIR");
    struct stat st;
    if (env && *env)
        return env;
    if (stat(SL_INSTALLED_MODELS_DIR, &st) == 0 && S_ISDIR(st.st_mode))
        return SL_INSTALLED_MODELS_DIR;
    return SL_SOURCE_MODELS_DIR;
}

static int load_models(struct sl_model *model, const struct sl_cli *cli)
{
    struct sl_model_error err = {0};
    const char *dir = shipped_models_dir();
    if (sl_model_load_dir(model, dir, &err) < 0 || model->nfiles == 0) {
        if (err.text)
            print_model_error(err.text);
        else
            fprintf(stderr, "sessionlint: error: no API models found in '%s' "
                            "(set SESSIONLINT_MODELS_DIR)\n", dir);
        free(err.text);
        return -1;
    }
    for (size_t i = 0; i < cli->nmodels; i++) {
        if (sl_model_load_file(model, cli->models[i], &err) < 0) {
            print_model_error(err.text);
            free(err.text);
            return -1;
        }
    }
    return 0;
}

/* ---- --check-model ---- */

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The loaded file (an entry of model->files) that is `path` on disk, or
 * NULL: checking a shipped model must not load it a second time. */
static const char *already_loaded(const struct sl_model *model, const char *path)
{
    for (size_t i = 0; i < model->nfiles; i++)
        if (same_file(model->files[i], path))
            return model->files[i];
    return NULL;
}

/* Prints "FILE: ok (N kinds, M functions)", counting what `file` defined. */
static void print_model_ok(const struct sl_model *model, const char *path, const char *file)
{
    size_t kinds = 0, funcs = 0;
    for (size_t i = 0; i < model->nkinds; i++)
        kinds += model->kinds[i].model_file == file;
    for (size_t i = 0; i < model->nfuncs; i++)
        funcs += model->funcs[i].model_file == file;
    printf("%s: ok (%zu kind%s, %zu function%s)\n", path, kinds, kinds == 1 ? "" : "s",
           funcs, funcs == 1 ? "" : "s");
}

/* --check-model FILE: the shipped models and any --model first, so FILE may
 * use their kinds; exit 0 when FILE loads, 2 with the loader's message. */
static int check_model(const struct sl_cli *cli)
{
    struct sl_model model;
    struct sl_model_error err = {0};
    int rc = SL_EXIT_USAGE;
    sl_model_init(&model);
    if (load_models(&model, cli) == 0) {
        const char *file = already_loaded(&model, cli->check_model);
        if (!file && sl_model_load_file(&model, cli->check_model, &err) == 0)
            file = model.files[model.nfiles - 1];
        if (file) {
            print_model_ok(&model, cli->check_model, file);
            rc = SL_EXIT_CLEAN;
        } else {
            print_model_error(err.text);
            free(err.text);
        }
    }
    sl_model_free(&model);
    return rc;
}

/* ---- output ---- */

static char *parent_directory(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sl_xstrdup(".");
    return slash == path ? sl_xstrdup("/") : sl_xstrndup(path, (size_t)(slash - path));
}

/* -o must name a file in an existing directory: checked before analysing
 * so that a typo costs nothing and nothing is half-written. */
static int check_output_path(const char *path)
{
    struct stat st;
    char *parent = parent_directory(path);
    int rc = 0;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "sessionlint: error: cannot write '%s': directory '%s' does not exist\n",
                path, parent);
        rc = -1;
    } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "sessionlint: error: cannot write '%s': it is a directory\n", path);
        rc = -1;
    }
    free(parent);
    return rc;
}

static char *render_findings(const struct sl_cli *cli, const struct sl_report *report,
                             struct sl_sources *sources)
{
    if (cli->format == SL_FORMAT_JSON)
        return sl_emit_json(report);
    if (cli->format == SL_FORMAT_GITLAB)
        return sl_emit_gitlab(report, sources);
    if (cli->format == SL_FORMAT_SARIF) {
        char cwd[PATH_MAX];
        char *sarif = sl_emit_sarif(report, getcwd(cwd, sizeof cwd) ? cwd : "/");
        if (!cli->shard_count)
            return sarif;
        char *shard_log = sl_merge_annotate_sarif(sarif, report); /* for sessionlint merge */
        free(sarif);
        return shard_log;
    }
    return sl_emit_text_findings(report, writes_stdout(cli) && use_color(cli->color, stdout));
}

/* -o names a file, or with --format html the report's directory. */
static int check_output(const struct sl_cli *cli)
{
    char *error = NULL;
    if (cli->format != SL_FORMAT_HTML)
        return writes_stdout(cli) ? 0 : check_output_path(cli->output);
    if (writes_stdout(cli))
        error = sl_xstrdup("--format html writes a directory: give -o DIR");
    else
        sl_report_html_check_dir(cli->output, &error);
    int rc = error ? -1 : 0;
    if (error)
        print_error(error);
    free(error);
    return rc;
}

static void print_report_written(const struct sl_cli *cli, size_t nfindings)
{
    if (!cli->quiet)
        fprintf(stderr, "sessionlint: HTML report of %zu finding%s written to %s/index.html\n",
                nfindings, nfindings == 1 ? "" : "s", cli->output);
}

/* --format html: the report is made from the SARIF log, as `report` does. */
static int write_html_report(const struct sl_cli *cli, const struct sl_report *report)
{
    char cwd[PATH_MAX], *error = NULL;
    char *sarif = sl_emit_sarif(report, getcwd(cwd, sizeof cwd) ? cwd : "/");
    size_t nfindings;
    int rc = sl_report_html_write(sarif, NULL, cli->output, &nfindings, &error);
    if (rc < 0)
        print_error(error);
    else
        print_report_written(cli, nfindings);
    free(error);
    free(sarif);
    return rc;
}

/* sessionlint report LOG.sarif -o DIR: exit 0 when written, 2 otherwise. */
static int report_from_log(const struct sl_cli *cli)
{
    char *error = NULL;
    size_t nfindings;
    if (cli->npaths != 1 || writes_stdout(cli))
        error = sl_xstrdup("usage: sessionlint report LOG.sarif -o DIR");
    else if (sl_report_html_write_from_file(cli->paths[0], cli->output, &nfindings, &error) == 0)
        print_report_written(cli, nfindings);
    int rc = error ? SL_EXIT_USAGE : SL_EXIT_CLEAN;
    if (error)
        print_error(error);
    free(error);
    return rc;
}

static int write_findings(const struct sl_cli *cli, const struct sl_report *report,
                          struct sl_sources *sources)
{
    if (cli->format == SL_FORMAT_HTML)
        return write_html_report(cli, report);
    char *text = render_findings(cli, report, sources), *errmsg = NULL;
    int rc = 0;
    if (writes_stdout(cli)) {
        fputs(text, stdout);
        rc = fflush(stdout) == 0 ? 0 : -1;
        if (rc < 0)
            errmsg = sl_xasprintf("cannot write to standard output: %s", strerror(errno));
    } else {
        rc = sl_write_file_atomic(cli->output, text, strlen(text), &errmsg);
    }
    if (rc < 0)
        print_error(errmsg);
    free(errmsg);
    free(text);
    return rc;
}

static void print_notes(const struct sl_cli *cli, const struct sl_report *report)
{
    char *text = sl_emit_text_notes(report, use_color(cli->color, stderr));
    fputs(text, stderr);
    free(text);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double run_started; /* seconds_now() when main started */

/* "sessionlint: 3 files analysed, 2 findings (1 session-leak, 1 double-close) in 0.42 s":
 * the findings counted are the new ones (neither suppressed nor baselined);
 * then how many of the files the pre-filter did not even parse. */
static void print_summary(const struct sl_report *report, size_t unparsed)
{
    size_t per_rule[SL_RULE_COUNT] = {0}, nfindings = 0;
    for (size_t i = 0; i < report->nfindings; i++) {
        if (sl_gate_is_new(&report->findings[i])) {
            per_rule[report->findings[i].rule]++;
            nfindings++;
        }
    }
    struct sl_strbuf sb = {0};
    sl_sb_printf(&sb, "sessionlint: %zu file%s analysed, %zu finding%s", report->files_analyzed,
                 report->files_analyzed == 1 ? "" : "s", nfindings, nfindings == 1 ? "" : "s");
    const char *sep = " (";
    for (int r = 0; r < SL_RULE_COUNT; r++) {
        if (per_rule[r]) {
            sl_sb_printf(&sb, "%s%zu %s", sep, per_rule[r], sl_rules[r]->name);
            sep = ", ";
        }
    }
    if (nfindings)
        sl_sb_append(&sb, ")");
    sl_sb_printf(&sb, " in %.2f s", seconds_now() - run_started);
    if (unparsed)
        sl_sb_printf(&sb, "; %zu not parsed (nothing in %s can matter)", unparsed,
                     unparsed == 1 ? "it" : "them");
    if (report->incomplete)
        sl_sb_append(&sb, "; analysis incomplete");
    char *line = sl_sb_take(&sb);
    fprintf(stderr, "%s\n", line);
    free(line);
}

/* ---- analysis ---- */

/* The cache for this run, or NULL: --no-cache, no default directory, or
 * one that cannot be created (a warning when the user named it). */
static struct sl_cache *open_cache(const struct sl_cli *cli, const struct sl_options *opts,
                                   struct sl_cache *cache)
{
    char *dir = cli->no_cache ? NULL : cli->cache_dir ? sl_xstrdup(cli->cache_dir)
                                                      : sl_cache_default_dir();
    char *error = NULL;
    struct sl_cache *opened = dir && sl_cache_open(cache, dir, opts, &error) == 0 ? cache : NULL;
    if (error && cli->cache_dir)
        fprintf(stderr, "sessionlint: warning: %s; running without the cache\n", error);
    free(error);
    free(dir);
    return opened;
}

/* Sorts the report, applies suppressions and the baseline (gate.h), prints
 * notes, findings and the summary; the exit code. inputs may be NULL;
 * unparsed: the files skipped before parsing (xtu.h). */
static int finish_and_write(const struct sl_cli *cli, struct sl_gate *gate,
                            struct sl_report *report, const struct sl_inputs *inputs,
                            size_t unparsed)
{
    char *error = NULL;
    sl_report_finish(report);
    int gated = sl_gate_apply(gate, report, inputs, &error);
    print_notes(cli, report);
    if (gated < 0)
        print_error(error);
    free(error);
    int rc = gated < 0 ? SL_EXIT_USAGE : sl_gate_exit_code(gate, report);
    sl_gate_filter_for_output(gate, report);
    if (write_findings(cli, report, &gate->sources) < 0)
        rc = SL_EXIT_USAGE;
    if (!cli->quiet)
        print_summary(report, unparsed);
    return rc;
}

/* merge writes SARIF unless --format says otherwise. */
static bool has_format_option(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strncmp(argv[i], "--format", 8) == 0)
            return true;
    return false;
}

/* sessionlint merge LOG... : the shard logs' reports, written as one run
 * (SARIF unless --format was given). */
static int merge_logs(const struct sl_cli *given, bool format_given)
{
    struct sl_cli options = *given, *cli = &options;
    if (!format_given)
        options.format = SL_FORMAT_SARIF;
    struct sl_gate gate = {0};
    struct sl_report report;
    char *error = NULL;
    int rc = SL_EXIT_USAGE;
    sl_report_init(&report);
    if (check_output(cli) < 0)
        rc = SL_EXIT_USAGE;
    else if (sl_gate_init(&gate, cli, &error) < 0 ||
             sl_merge_logs(cli->paths, cli->npaths, &report, &error) < 0)
        print_error(error);
    else
        rc = finish_and_write(cli, &gate, &report, NULL, 0);
    free(error);
    sl_gate_free(&gate);
    sl_report_free(&report);
    return rc;
}

/* --stdin-filename: the buffer to analyse as the one input. */
static int read_stdin_buffer(const struct sl_cli *cli, struct sl_inputs *inputs,
                             struct sl_gate *gate, char **buffer, char **error)
{
    size_t len = 0;
    if (!cli->stdin_filename || inputs->len != 1)
        return 0;
    *buffer = sl_sources_read_stream(stdin, &len);
    if (!*buffer) {
        *error = sl_xasprintf("cannot read standard input: %s", strerror(errno));
        return -1;
    }
    inputs->items[0].unsaved = *buffer;
    inputs->items[0].unsaved_len = len;
    sl_sources_override(&gate->sources, inputs->items[0].display_name, *buffer, len);
    return 0;
}

/* Configuration files, the baseline and standard input, before analysing. */
static int prepare_run(const struct sl_cli *cli, struct sl_model *model, struct sl_options *opts,
                       struct sl_inputs *inputs, struct sl_plan *plan, struct sl_gate *gate,
                       char **buffer, char **error)
{
    if (sl_gate_init(gate, cli, error) < 0 || sl_plan_prepare(plan, cli, inputs, model, error) < 0)
        return -1;
    opts->include_headers = plan->any_header_filter;
    opts->pooling = &plan->pooling.view;
    return read_stdin_buffer(cli, inputs, gate, buffer, error);
}

static int analyse_and_report(const struct sl_cli *cli, struct sl_model *model,
                              struct sl_options *opts)
{
    struct sl_report report;
    struct sl_inputs inputs = {0};
    struct sl_plan plan = {0};
    struct sl_gate gate = {0};
    char *stdin_buffer = NULL;
    struct sl_input_request req = {
        .paths = cli->stdin_filename ? &cli->stdin_filename : cli->paths,
        .npaths = cli->stdin_filename ? 1 : cli->npaths,
        .build_dir = cli->build_dir, .compile_commands = cli->compile_commands,
        .extra_args = cli->extra_args, .nextra = cli->nextra,
    };
    char *error = NULL;
    int rc;
    sl_report_init(&report);
    if (sl_inputs_collect(&req, &inputs, &report, &error) < 0) {
        print_notes(cli, &report);
        print_error(error);
        rc = SL_EXIT_USAGE;
    } else if (prepare_run(cli, model, opts, &inputs, &plan, &gate, &stdin_buffer, &error) < 0) {
        print_error(error);
        rc = SL_EXIT_USAGE;
    } else {
        struct sl_cache cache;
        struct sl_progress progress;
        struct sl_inputs other_shards = {0};
        struct sl_parallel_job job = {.opts = opts, .inputs = &inputs, .jobs = cli->jobs,
                                      .progress = &progress, .others = &other_shards};
        if (cli->shard_count)
            sl_shard_select(&inputs, cli->shard_index, cli->shard_count, &other_shards);
        job.cache = cli->stdin_filename ? NULL : open_cache(cli, opts, &cache);
        sl_progress_start(&progress, inputs.len, cli->quiet);
        struct sl_xtu_stats stats;
        sl_xtu_analyse(&job, &report, &stats);
        sl_progress_end(&progress);
        if (job.cache)
            sl_cache_close(job.cache);
        sl_plan_apply(&plan, &inputs, &report);
        rc = finish_and_write(cli, &gate, &report, &inputs, stats.skipped);
        sl_inputs_free(&other_shards);
    }
    free(error);
    free(stdin_buffer);
    sl_plan_free(&plan);
    sl_gate_free(&gate);
    sl_inputs_free(&inputs);
    sl_report_free(&report);
    return rc;
}

static int run(const struct sl_cli *cli)
{
    struct sl_model model;
    struct sl_options opts;
    int rc = SL_EXIT_USAGE;
    if (check_output(cli) < 0)
        return SL_EXIT_USAGE;
    sl_model_init(&model);
    if (load_models(&model, cli) == 0) {
        sl_options_init(&opts, &model);
        memcpy(opts.enabled, cli->enabled, sizeof opts.enabled);
        opts.resource_dir = cli->resource_dir;
        opts.timeout = cli->timeout;
        opts.max_states = cli->max_states;
        rc = analyse_and_report(cli, &model, &opts);
    }
    sl_model_free(&model);
    return rc;
}

/* "sessionlint trace FILE:FUNCTION": the engine's states after each
 * statement of one function (trace.h), text or --format json. */
static int trace_command(const struct sl_cli *cli)
{
    const char *colon = cli->npaths == 1 ? strrchr(cli->paths[0], ':') : NULL;
    if (!colon || colon == cli->paths[0] || !colon[1]) {
        print_error("usage: sessionlint trace FILE:FUNCTION [--format json] [-- ARGS]");
        return SL_EXIT_USAGE;
    }
    char *file = sl_xstrndup(cli->paths[0], (size_t)(colon - cli->paths[0]));
    const char *files[] = {file};
    struct sl_input_request req = {files, 1, cli->build_dir, cli->compile_commands,
                                   cli->extra_args, cli->nextra};
    struct sl_inputs inputs = {0};
    struct sl_report report;
    struct sl_model model;
    char *error = NULL, *out = NULL;
    int rc = SL_EXIT_USAGE;
    sl_report_init(&report);
    sl_model_init(&model);
    if (sl_inputs_collect(&req, &inputs, &report, &error) < 0 || inputs.len != 1)
        print_error(error ? error : "trace takes exactly one C file");
    else if (load_models(&model, cli) == 0) {
        struct sl_options opts;
        sl_options_init(&opts, &model);
        opts.resource_dir = cli->resource_dir;
        CXIndex index = clang_createIndex(0, 0);
        const struct sl_input *in = &inputs.items[0];
        rc = sl_trace_function(&opts, index, in->file, (const char *const *)in->args, in->nargs,
                               colon + 1, cli->format == SL_FORMAT_JSON, &out, &report);
        clang_disposeIndex(index);
        fputs(out ? out : "", rc == SL_EXIT_USAGE ? stderr : stdout);
    }
    print_notes(cli, &report);
    free(out);
    free(error);
    free(file);
    sl_inputs_free(&inputs);
    sl_report_free(&report);
    sl_model_free(&model);
    return rc;
}

/* The rule's documentation: its metadata, then its section of the
 * guidelines (docs/guidelines.md, embedded). docs/rules.md is this output for
 * every rule (scripts/gen-rules-doc.sh), and tests keep the three in step. */
static void print_explanation(const struct sl_rule *r)
{
    printf("## %s (%s)\n\nLevel: %s. Precision: %s.\n\n%s\n\n%s\n\nConfidence: %s\n",
           r->name, r->id, r->default_level, r->precision, r->full_description,
           r->help_markdown, r->confidence);
    char *guidelines = sl_guidelines_section(r->name);
    if (guidelines)
        printf("\n%s", guidelines);
    free(guidelines);
}

/* --dump-config: 0, or 2 for a bad configuration file. */
static int dump_config(const struct sl_cli *cli)
{
    char *error = NULL, *text = sl_plan_dump_config(cli, &error);
    if (text)
        fputs(text, stdout);
    else
        print_error(error);
    free(text);
    free(error);
    return text ? SL_EXIT_CLEAN : SL_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    struct sl_cli cli;
    char *error = NULL;
    int rc = SL_EXIT_CLEAN;
    run_started = seconds_now();
    sl_bigstack_configure_libclang(); /* before any thread: setenv */
    bool merging = argc > 1 && strcmp(argv[1], "merge") == 0; /* the merge subcommand */
    bool reporting = argc > 1 && strcmp(argv[1], "report") == 0; /* report LOG.sarif -o DIR */
    bool tracing = argc > 1 && strcmp(argv[1], "trace") == 0; /* trace FILE:FUNCTION */
    bool sub = merging || reporting || tracing;
    if (sl_cli_parse(&cli, argc - sub, argv + sub, &error) < 0) {
        print_error(error);
        fputs("Try 'sessionlint --help' for more information.\n", stderr);
        rc = SL_EXIT_USAGE;
    } else if (cli.action == SL_CLI_HELP) {
        fputs(sl_cli_help_text(), stdout);
    } else if (cli.action == SL_CLI_VERSION) {
        print_version();
    } else if (cli.action == SL_CLI_LIST_RULES) {
        print_rules();
    } else if (cli.action == SL_CLI_EXPLAIN) {
        print_explanation(sl_rules[cli.explain]);
    } else if (cli.action == SL_CLI_DUMP_CONFIG) {
        rc = dump_config(&cli);
    } else if (cli.action == SL_CLI_CHECK_MODEL) {
        rc = check_model(&cli);
    } else {
        rc = merging     ? merge_logs(&cli, has_format_option(argc, argv))
             : reporting ? report_from_log(&cli)
             : tracing   ? trace_command(&cli)
                         : run(&cli);
    }
    free(error);
    sl_cli_free(&cli);
    return rc;
}
