/*
 * test_cli.c: the command line. Unit tests call the option parser (cli.h)
 * and the input collector (inputs.h) directly; the rest runs the real
 * sessionlint binary on small programs written to temporary directories and
 * checks exit codes, stdout and stderr. The leak and -p tests need the
 * analysis engine and the shipped sqlite3 model.
 */
#define _POSIX_C_SOURCE 200809L /* access, mkdir */

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "inputs.h"
#include "report.h"
#include "testutil.h"
#include "util.h"

/* ---- helpers ---- */

#define ARGC(a) ((int)(sizeof(a) / sizeof(a)[0]))

static int parse(struct sl_cli *cli, int argc, char *const *argv, char **error)
{
    return sl_cli_parse(cli, argc, argv, error);
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

static void make_dir(const char *dir, const char *name)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(mkdir(path, 0777), 0);
    free(path);
}

static void run_tool(struct sl_run *r, const char *const *args)
{
    const char *argv[32] = {SL_BINARY};
    size_t n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    sl_run_argv(r, argv, NULL);
}

#define RUN(r, ...) run_tool((r), (const char *const[]){__VA_ARGS__, NULL})

static const char clean_program[] = "int add(int a, int b) { return a + b; }\n";
static const char leaky_program[] =
    "#include <sqlite3.h>\n"
    "int count_rows(const char *path)\n"
    "{\n"
    "    sqlite3 *db;\n"
    "    if (sqlite3_open(path, &db) != SQLITE_OK)\n"
    "        return -1;\n"
    "    return 0;\n"
    "}\n";

/* ---- option parsing ---- */

Test(cli_parse, paths_options_and_extra_args)
{
    char *argv[] = {"sessionlint", "-p", "build", "--format=sarif", "-o", "out.sarif", "a.c",
                    "--model", "m1.json", "dir", "--model=m2.json", "-q", "--", "-DX", "-Iinc"};
    struct sl_cli cli;
    char *error;
    cr_assert_eq(parse(&cli, ARGC(argv), argv, &error), 0, "%s", error);
    cr_assert_eq(cli.action, SL_CLI_RUN);
    cr_assert_str_eq(cli.build_dir, "build");
    cr_assert_eq(cli.format, SL_FORMAT_SARIF);
    cr_assert_str_eq(cli.output, "out.sarif");
    cr_assert(cli.quiet);
    cr_assert_eq(cli.npaths, 2);
    cr_assert_str_eq(cli.paths[0], "a.c");
    cr_assert_str_eq(cli.paths[1], "dir");
    cr_assert_eq(cli.nmodels, 2);
    cr_assert_str_eq(cli.models[1], "m2.json");
    cr_assert_eq(cli.nextra, 2);
    cr_assert_str_eq(cli.extra_args[1], "-Iinc");
    sl_cli_free(&cli);
}

Test(cli_parse, joined_short_values_and_separate_long_values)
{
    char *argv[] = {"sessionlint", "-pbuild", "-oout.txt", "--format", "text", "--color", "never",
                    "--resource-dir", "/rd", "--compile-commands", "cc.json"};
    struct sl_cli cli;
    char *error;
    cr_assert_eq(parse(&cli, ARGC(argv), argv, &error), -1); /* -p and --compile-commands */
    cr_assert(strstr(error, "--compile-commands"));
    free(error);
    sl_cli_free(&cli);
    cr_assert_eq(parse(&cli, ARGC(argv) - 2, argv, &error), 0, "%s", error);
    cr_assert_str_eq(cli.build_dir, "build");
    cr_assert_str_eq(cli.output, "out.txt");
    cr_assert_eq(cli.format, SL_FORMAT_TEXT);
    cr_assert_eq(cli.color, SL_COLOR_NEVER);
    cr_assert_str_eq(cli.resource_dir, "/rd");
    sl_cli_free(&cli);
}

static void expect_usage_error(char **argv, int argc, const char *needle)
{
    struct sl_cli cli;
    char *error = NULL;
    cr_assert_eq(parse(&cli, argc, argv, &error), -1);
    cr_assert(error && strstr(error, needle), "error '%s' lacks '%s'", error, needle);
    free(error);
    sl_cli_free(&cli);
}

Test(cli_parse, usage_errors)
{
    char *unknown[] = {"sessionlint", "--frobnicate", "a.c"};
    expect_usage_error(unknown, ARGC(unknown), "unknown option '--frobnicate'");
    char *missing[] = {"sessionlint", "a.c", "-o"};
    expect_usage_error(missing, ARGC(missing), "needs an argument");
    char *bad_format[] = {"sessionlint", "--format=xml", "a.c"};
    expect_usage_error(bad_format, ARGC(bad_format), "'xml'");
    char *bad_color[] = {"sessionlint", "--color=sometimes", "a.c"};
    expect_usage_error(bad_color, ARGC(bad_color), "auto, always or never");
    char *no_input[] = {"sessionlint", "-q"};
    expect_usage_error(no_input, ARGC(no_input), "no input");
    char *value_on_flag[] = {"sessionlint", "--quiet=yes", "a.c"};
    expect_usage_error(value_on_flag, ARGC(value_on_flag), "takes no value");
    char *unknown_rule[] = {"sessionlint", "--disable", "session-leak,no-such-rule", "a.c"};
    expect_usage_error(unknown_rule, ARGC(unknown_rule), "unknown rule 'no-such-rule'");
}

Test(cli_parse, enable_and_disable_apply_left_to_right)
{
    char *argv[] = {"sessionlint", "--disable", "all", "--enable", "session-leak,SL005",
                    "--enable=SL001", "--disable", "guard-misuse", "a.c"};
    struct sl_cli cli;
    char *error;
    cr_assert_eq(parse(&cli, ARGC(argv), argv, &error), 0, "%s", error);
    cr_assert(cli.enabled[SL_RULE_session_leak]);
    cr_assert(cli.enabled[SL_RULE_double_close]);
    cr_assert_not(cli.enabled[SL_RULE_guard_misuse]);
    cr_assert_not(cli.enabled[SL_RULE_missing_commit]);
    sl_cli_free(&cli);
}

Test(cli_parse, info_actions_need_no_input)
{
    char *argv[] = {"sessionlint", "--list-rules", "--help"};
    struct sl_cli cli;
    char *error;
    cr_assert_eq(parse(&cli, ARGC(argv), argv, &error), 0);
    cr_assert_eq(cli.action, SL_CLI_LIST_RULES);
    sl_cli_free(&cli);
    cr_assert(strstr(sl_cli_help_text(), "exit codes"));
}

/* ---- compile commands and discovery ---- */

static void expect_args(char **args, int nargs, const char *const *want)
{
    int n = 0;
    for (; want[n]; n++) {
        cr_assert_lt(n, nargs, "missing argument '%s'", want[n]);
        cr_assert_str_eq(args[n], want[n]);
    }
    cr_assert_eq(n, nargs, "unexpected argument '%s'", n < nargs ? args[n] : "");
}

static void free_strings(char **args, int nargs)
{
    for (int i = 0; i < nargs; i++)
        free(args[i]);
    free(args);
}

Test(inputs, command_cleaning)
{
    const char *argv[] = {"/usr/bin/cc", "-DX=1", "-Iinc", "-I", "../shared", "-I/abs",
                          "-isystem", "sys", "-include", "cfg.h", "-MD", "-MF", "dep.d",
                          "-MTx.o", "-c", "-o", "x.o", "../src/x.c", "-O2", "-Wall"};
    const char *extra[] = {"-DEXTRA"};
    int nargs;
    char **args = sl_inputs_command_args("/b/build", "../src/x.c", argv, ARGC(argv), extra, 1, &nargs);
    expect_args(args, nargs,
                (const char *const[]){"-DX=1", "-I/b/build/inc", "-I", "/b/shared", "-I/abs",
                                      "-isystem", "/b/build/sys", "-include", "/b/build/cfg.h",
                                      "-O2", "-Wall", "-DEXTRA", NULL});
    free_strings(args, nargs);
}

Test(inputs, source_file_given_absolute_is_dropped)
{
    const char *argv[] = {"gcc", "-c", "/b/src/x.c", "-o", "/b/x.o"};
    int nargs;
    char **args = sl_inputs_command_args("/b/build", "../src/x.c", argv, ARGC(argv), NULL, 0, &nargs);
    cr_assert_eq(nargs, 0);
    free_strings(args, nargs);
}

Test(inputs, absolute_paths_are_normalised)
{
    char *p = sl_inputs_absolute("/a/b", "../c/./d//e.c");
    cr_assert_str_eq(p, "/a/c/d/e.c");
    free(p);
    p = sl_inputs_absolute("/a", "/x/../../y");
    cr_assert_str_eq(p, "/y");
    free(p);
}

static void collect(struct sl_input_request *req, struct sl_inputs *in, struct sl_report *rep,
                    int want_rc)
{
    char *error = NULL;
    sl_report_init(rep);
    int rc = sl_inputs_collect(req, in, rep, &error);
    cr_assert_eq(rc, want_rc, "collect returned %d (%s)", rc, error ? error : "");
    free(error);
}

Test(inputs, directories_are_walked_in_order_skipping_hidden_ones)
{
    char *dir = sl_test_tmpdir();
    make_dir(dir, "sub");
    make_dir(dir, ".git");
    write_in(dir, "b.c", clean_program);
    write_in(dir, "a.c", clean_program);
    write_in(dir, "notes.txt", "x");
    write_in(dir, "sub/c.c", clean_program);
    write_in(dir, ".git/hidden.c", clean_program);
    write_in(dir, "header.h", clean_program);
    char *header = sl_xasprintf("%s/header.h", dir);
    const char *paths[] = {dir, header};
    struct sl_input_request req = {.paths = paths, .npaths = 2};
    struct sl_inputs in = {0};
    struct sl_report rep;
    collect(&req, &in, &rep, 0);
    cr_assert_eq(in.len, 4);
    const char *names[] = {"a.c", "b.c", "sub/c.c", "header.h"};
    for (size_t i = 0; i < 4; i++) {
        cr_assert(sl_str_ends_with(in.items[i].display_name, names[i]), "%s", in.items[i].display_name);
        cr_assert_eq(in.items[i].file[0], '/');
    }
    cr_assert_eq(rep.nnotes, 0);
    sl_inputs_free(&in);
    sl_report_free(&rep);
    free(header);
    free(dir);
}

Test(inputs, missing_path_is_noted_and_empty_dir_is_an_error)
{
    char *dir = sl_test_tmpdir();
    make_dir(dir, "empty");
    char *empty = sl_xasprintf("%s/empty", dir), *missing = sl_xasprintf("%s/missing.c", dir);
    const char *paths[] = {missing, empty};
    struct sl_input_request req = {.paths = paths, .npaths = 2};
    struct sl_inputs in = {0};
    struct sl_report rep;
    collect(&req, &in, &rep, 0);
    cr_assert(rep.incomplete);
    cr_assert_eq(rep.nnotes, 2);
    sl_report_free(&rep);

    req.paths = (const char *const[]){empty};
    req.npaths = 1;
    char *error = NULL;
    sl_report_init(&rep);
    cr_assert_eq(sl_inputs_collect(&req, &in, &rep, &error), -1);
    cr_assert(strstr(error, "no C files found under"), "%s", error);
    free(error);
    sl_inputs_free(&in);
    sl_report_free(&rep);
    free(empty);
    free(missing);
    free(dir);
}

/* A project whose header is found only through a relative -I of the
 * database, compiled in build/. */
static char *make_project(void)
{
    char *dir = sl_test_tmpdir();
    make_dir(dir, "src");
    make_dir(dir, "inc");
    make_dir(dir, "build");
    write_in(dir, "inc/project.h", "#define PROJECT_OK 0\n");
    write_in(dir, "src/main.c", "#include \"project.h\"\nint main(void) { return PROJECT_OK; }\n");
    write_in(dir, "src/other.c", clean_program);
    char *db = sl_xasprintf("[{\"directory\": \"%s/build\", \"file\": \"../src/main.c\",\n"
                            "  \"arguments\": [\"cc\", \"-I../inc\", \"-DNDEBUG\", \"-c\",\n"
                            "                \"../src/main.c\", \"-o\", \"main.o\"]}]\n",
                            dir);
    write_in(dir, "build/compile_commands.json", db);
    free(db);
    return dir;
}

Test(inputs, database_commands_and_fallback)
{
    char *dir = make_project();
    char *build = sl_xasprintf("%s/build", dir), *src = sl_xasprintf("%s/src", dir);
    const char *paths[] = {src};
    const char *extra[] = {"-DEXTRA"};
    struct sl_input_request req = {.paths = paths, .npaths = 1, .build_dir = build,
                                   .extra_args = extra, .nextra = 1};
    struct sl_inputs in = {0};
    struct sl_report rep;
    collect(&req, &in, &rep, 0);
    cr_assert_eq(in.len, 2);
    char *inc = sl_xasprintf("-I%s/inc", dir);
    expect_args(in.items[0].args, in.items[0].nargs,
                (const char *const[]){inc, "-DNDEBUG", "-DEXTRA", NULL});
    expect_args(in.items[1].args, in.items[1].nargs, (const char *const[]){"-DEXTRA", NULL});
    cr_assert_eq(rep.nnotes, 1);
    cr_assert_str_eq(rep.notes[0].id, "no-compile-command");
    cr_assert(strstr(rep.notes[0].message, "other.c"));
    cr_assert_not(rep.incomplete);
    sl_inputs_free(&in);
    sl_report_free(&rep);

    /* no PATH: every file of the database; a database under another name */
    char *renamed = sl_xasprintf("%s/build/db.json", dir), *original = sl_xasprintf("%s/compile_commands.json", build);
    cr_assert_eq(rename(original, renamed), 0);
    req = (struct sl_input_request){.compile_commands = renamed};
    collect(&req, &in, &rep, 0);
    cr_assert_eq(in.len, 1);
    cr_assert(sl_str_ends_with(in.items[0].file, "/src/main.c"));
    sl_inputs_free(&in);
    sl_report_free(&rep);
    free(inc);
    free(renamed);
    free(original);
    free(build);
    free(src);
    free(dir);
}

Test(inputs, database_found_in_a_parent_directory)
{
    char *dir = make_project();
    char *from = sl_xasprintf("%s/build/compile_commands.json", dir);
    char *to = sl_xasprintf("%s/compile_commands.json", dir);
    char *main_c = sl_xasprintf("%s/src/main.c", dir);
    cr_assert_eq(rename(from, to), 0);
    const char *paths[] = {main_c};
    struct sl_input_request req = {.paths = paths, .npaths = 1};
    struct sl_inputs in = {0};
    struct sl_report rep;
    collect(&req, &in, &rep, 0);
    cr_assert_eq(in.len, 1);
    cr_assert_eq(in.items[0].nargs, 2);
    cr_assert_str_eq(in.items[0].args[1], "-DNDEBUG");
    sl_inputs_free(&in);
    sl_report_free(&rep);
    free(from);
    free(to);
    free(main_c);
    free(dir);
}

/* ---- the binary ---- */

Test(cli_binary, version_help_and_rule_list)
{
    struct sl_run r;
    RUN(&r, "--version");
    cr_assert_eq(r.status, 0);
    cr_assert(sl_str_starts_with(r.out, "sessionlint 0.1.0 (libclang "), "%s", r.out);
    sl_run_free(&r);

    RUN(&r, "--help");
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "exit codes") && strstr(r.out, "  3  analysis incomplete"), "%s", r.out);
    sl_run_free(&r);

    RUN(&r, "--list-rules");
    cr_assert_eq(r.status, 0);
    const char *rules[] = {"SL001 ", "guard-misuse", "missing-commit", "session-leak",
                           "use-after-close", "double-close", "SL006 ", "unchecked-commit",
                           "SL007 ", "pooled-session-state"};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        cr_assert(strstr(r.out, rules[i]), "no %s in\n%s", rules[i], r.out);
    int lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, SL_RULE_COUNT);
    sl_run_free(&r);
}

Test(cli_binary, usage_errors_exit_2)
{
    struct sl_run r;
    RUN(&r, "--bogus", "x.c");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown option '--bogus'") && strstr(r.err, "--help"), "%s", r.err);
    sl_run_free(&r);

    RUN(&r, "x.c", "--format");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "needs an argument"), "%s", r.err);
    sl_run_free(&r);

    RUN(&r, "--enable", "sesion-leak", "x.c");
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown rule 'sesion-leak'"), "%s", r.err);
    sl_run_free(&r);

    RUN(&r, "--quiet");
    cr_assert_eq(r.status, 2);
    sl_run_free(&r);
}

Test(cli_binary, unusable_databases_exit_2)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "a.c", clean_program);
    char *file = sl_xasprintf("%s/a.c", dir), *db = sl_xasprintf("%s/none.json", dir);
    struct sl_run r;
    RUN(&r, "-p", dir, file);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no compile_commands.json in"), "%s", r.err);
    sl_run_free(&r);
    RUN(&r, "--compile-commands", db);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "cannot read compilation database"), "%s", r.err);
    sl_run_free(&r);
    free(db);
    free(file);
    free(dir);
}

Test(cli_binary, bad_model_exits_2_with_location)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "a.c", clean_program);
    write_in(dir, "bad.json", "{\n  \"functions\": [\n    {\"name\": 42}\n  ]\n");
    char *model = sl_xasprintf("%s/bad.json", dir), *file = sl_xasprintf("%s/a.c", dir);
    struct sl_run r;
    RUN(&r, "--model", model, file);
    cr_assert_eq(r.status, 2, "stderr: %s", r.err);
    char *prefix = sl_xasprintf("%s:", model);
    const char *at = strstr(r.err, prefix);
    cr_assert(at, "%s", r.err);
    unsigned line = 0, col = 0;
    cr_assert_eq(sscanf(at + strlen(prefix), "%u:%u:", &line, &col), 2, "%s", r.err);
    cr_assert(strstr(r.err, ": error: "), "%s", r.err);
    sl_run_free(&r);
    free(prefix);
    free(model);
    free(file);
    free(dir);
}

Test(cli_binary, missing_file_exits_3_and_the_rest_is_analysed)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "a.c", clean_program);
    char *file = sl_xasprintf("%s/a.c", dir), *missing = sl_xasprintf("%s/nope.c", dir);
    struct sl_run r;
    RUN(&r, missing, file);
    cr_assert_eq(r.status, 3, "stderr: %s", r.err);
    cr_assert(strstr(r.err, "nope.c"), "%s", r.err);
    cr_assert(strstr(r.err, "1 file analysed"), "%s", r.err);
    sl_run_free(&r);
    free(file);
    free(missing);
    free(dir);
}

Test(cli_binary, empty_directory_exits_2)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "readme.txt", "no C here");
    struct sl_run r;
    RUN(&r, dir);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no C files found under"), "%s", r.err);
    sl_run_free(&r);
    free(dir);
}

Test(cli_binary, clean_file_exits_0)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "a.c", clean_program);
    char *file = sl_xasprintf("%s/a.c", dir);
    struct sl_run r;
    RUN(&r, file);
    cr_assert_eq(r.status, 0, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert_str_eq(r.out, "");
    cr_assert(strstr(r.err, "sessionlint: 1 file analysed, 0 findings"), "%s", r.err);
    sl_run_free(&r);
    RUN(&r, "--quiet", "-o", "-", file);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.err, "");
    sl_run_free(&r);
    free(file);
    free(dir);
}

Test(cli_binary, leak_exits_1)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "leak.c", leaky_program);
    char *file = sl_xasprintf("%s/leak.c", dir);
    struct sl_run r;
    RUN(&r, "--color=always", file);
    cr_assert_eq(r.status, 1, "stdout: %s\nstderr: %s", r.out, r.err);
    cr_assert(strstr(r.out, "[session-leak]"), "%s", r.out);
    /* both returns leak (sqlite3_open allocates even when it fails); a leaked
     * handle is reported once, at the first place found */
    cr_assert(strstr(r.err, "(1 session-leak)"), "%s", r.err);
    sl_run_free(&r);
    RUN(&r, "--disable", "session-leak", file);
    cr_assert_eq(r.status, 0, "stdout: %s\nstderr: %s", r.out, r.err);
    sl_run_free(&r);
    free(file);
    free(dir);
}

Test(cli_binary, output_into_missing_directory_exits_2)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "a.c", clean_program);
    char *file = sl_xasprintf("%s/a.c", dir), *out = sl_xasprintf("%s/no/such/dir/out.txt", dir);
    struct sl_run r;
    RUN(&r, "-o", out, file);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "does not exist"), "%s", r.err);
    cr_assert_neq(access(out, F_OK), 0);
    sl_run_free(&r);
    free(file);
    free(out);
    free(dir);
}

Test(cli_binary, output_file_is_replaced_and_never_coloured)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "leak.c", leaky_program);
    write_in(dir, "out.txt", "old contents\n");
    char *file = sl_xasprintf("%s/leak.c", dir), *out = sl_xasprintf("%s/out.txt", dir);
    struct sl_run r;
    RUN(&r, "--color=always", "-o", out, file);
    cr_assert_eq(r.status, 1, "stderr: %s", r.err);
    cr_assert_str_eq(r.out, "");
    char *written = sl_read_file(out, NULL);
    cr_assert(written && strstr(written, "[session-leak]") && !strstr(written, "old contents"));
    cr_assert_null(strchr(written, '\033'));
    free(written);
    sl_run_free(&r);
    struct sl_run ls;
    char *cmd = sl_xasprintf("ls -A '%s'", dir);
    sl_run_shell(&ls, cmd);
    cr_assert_str_eq(ls.out, "leak.c\nout.txt\n"); /* no temporary file left behind */
    sl_run_free(&ls);
    free(cmd);
    free(file);
    free(out);
    free(dir);
}

Test(cli_binary, build_dir_supplies_include_paths)
{
    char *dir = make_project();
    char *build = sl_xasprintf("%s/build", dir), *main_c = sl_xasprintf("%s/src/main.c", dir);
    char *other = sl_xasprintf("%s/src/other.c", dir);
    struct sl_run r;
    RUN(&r, "-p", build, main_c);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    sl_run_free(&r);
    RUN(&r, "-p", build); /* no PATH: the whole database */
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert(strstr(r.err, "1 file analysed"), "%s", r.err);
    sl_run_free(&r);
    RUN(&r, "-p", build, other);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert(strstr(r.err, "warning: no compile command for"), "%s", r.err);
    sl_run_free(&r);
    /* Without the database project.h is not found: the run is incomplete. */
    char *moved = sl_xasprintf("%s/build/elsewhere.json", dir);
    char *db = sl_xasprintf("%s/compile_commands.json", build);
    cr_assert_eq(rename(db, moved), 0);
    RUN(&r, main_c);
    cr_assert_eq(r.status, 3, "stderr: %s", r.err);
    sl_run_free(&r);
    RUN(&r, "--compile-commands", moved, main_c);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    sl_run_free(&r);
    free(moved);
    free(db);
    free(other);
    free(build);
    free(main_c);
    free(dir);
}

Test(cli_binary, sarif_output_is_json)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "leak.c", leaky_program);
    char *file = sl_xasprintf("%s/leak.c", dir);
    struct sl_run r;
    RUN(&r, "--format", "sarif", file);
    cr_assert_eq(r.status, 1, "stderr: %s", r.err);
    cJSON *log = cJSON_Parse(r.out);
    cr_assert_not_null(log, "not JSON:\n%s", r.out);
    cr_assert_str_eq(cJSON_GetObjectItem(log, "version")->valuestring, "2.1.0");
    cr_assert(cJSON_IsArray(cJSON_GetObjectItem(log, "runs")));
    cJSON_Delete(log);
    sl_run_free(&r);
    free(file);
    free(dir);
}

Test(cli_binary, explain_matches_the_rules_documentation)
{
    char *doc_path = sl_test_path("docs/rules.md");
    char *doc = sl_read_file(doc_path, NULL);
    cr_assert_not_null(doc, "docs/rules.md is missing (scripts/gen-rules-doc.sh writes it)");
    for (int i = 0; i < SL_RULE_COUNT; i++) {
        struct sl_run r;
        RUN(&r, "--explain", sl_rules[i]->name);
        cr_assert_eq(r.status, 0);
        cr_assert(strstr(r.out, sl_rules[i]->help_markdown), "%s", r.out);
        cr_assert(strstr(doc, r.out), "docs/rules.md is out of date for %s: run "
                  "scripts/gen-rules-doc.sh", sl_rules[i]->name);
        sl_run_free(&r);
    }
    struct sl_run r;
    RUN(&r, "--explain", "no-such-rule");
    cr_assert_eq(r.status, 2);
    sl_run_free(&r);
    free(doc);
    free(doc_path);
}

/* ---- --check-model ---- */

Test(cli_parse, check_model_needs_no_input)
{
    char *argv[] = {"sessionlint", "--check-model", "mine.json"};
    struct sl_cli cli;
    char *error;
    cr_assert_eq(parse(&cli, ARGC(argv), argv, &error), 0, "%s", error);
    cr_assert_eq(cli.action, SL_CLI_CHECK_MODEL);
    cr_assert_str_eq(cli.check_model, "mine.json");
    sl_cli_free(&cli);
    char *missing[] = {"sessionlint", "--check-model"};
    expect_usage_error(missing, ARGC(missing), "needs an argument");
}

/* A user model that wraps the shipped sqlite3 connection kind. */
static const char wrapper_model[] =
    "{\n"
    "  \"api\": \"acme\",\n"
    "  \"kinds\": [{\"name\": \"acme.cache\", \"role\": \"other\"}],\n"
    "  \"functions\": [\n"
    "    {\"name\": \"acme_db_open\", \"acquire\": {\"kind\": \"sqlite3.db\", \"returns\": true}},\n"
    "    {\"name\": \"acme_db_close\", \"release\": {\"arg\": 0, \"kinds\": [\"sqlite3.db\"]}},\n"
    "    {\"name\": \"acme_cache_new\", \"acquire\": {\"kind\": \"acme.cache\", \"returns\": true}}\n"
    "  ]\n"
    "}\n";

Test(cli_binary, check_model_accepts_a_model_using_shipped_kinds)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "acme.json", wrapper_model);
    char *model = sl_xasprintf("%s/acme.json", dir);
    char *want = sl_xasprintf("%s: ok (1 kind, 3 functions)\n", model);
    struct sl_run r;
    RUN(&r, "--check-model", model);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_str_eq(r.out, want);
    cr_assert_str_eq(r.err, "");
    sl_run_free(&r);
    free(want);
    free(model);
    free(dir);
}

Test(cli_binary, check_model_reports_the_error_position_and_exits_2)
{
    char *dir = sl_test_tmpdir();
    write_in(dir, "typo.json",
             "{\n"
             "  \"api\": \"acme\",\n"
             "  \"functions\": [\n"
             "    {\"name\": \"acme_close\", \"release\": {\"arg\": 0, \"kinds\": [\"sqlite3.dbb\"]}}\n"
             "  ]\n"
             "}\n");
    char *model = sl_xasprintf("%s/typo.json", dir);
    char *want = sl_xasprintf("%s:4:60: error: unknown kind 'sqlite3.dbb'", model);
    struct sl_run r;
    RUN(&r, "--check-model", model);
    cr_assert_eq(r.status, 2, "stderr: %s", r.err);
    cr_assert_str_eq(r.out, "");
    cr_assert(sl_str_starts_with(r.err, want), "%s", r.err);
    sl_run_free(&r);
    char *missing = sl_xasprintf("%s/none.json", dir);
    RUN(&r, "--check-model", missing);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "none.json"), "%s", r.err);
    sl_run_free(&r);
    free(missing);
    free(want);
    free(model);
    free(dir);
}

/* A shipped model is already loaded: it is checked as loaded, not reloaded
 * (which would make each of its names a duplicate). */
Test(cli_binary, check_model_on_a_shipped_model)
{
    char *model = sl_test_path("rules/models/inhouse.json");
    char *want = sl_xasprintf("%s: ok (4 kinds, 13 functions)\n", model);
    struct sl_run r;
    RUN(&r, "--check-model", model);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_str_eq(r.out, want);
    sl_run_free(&r);
    free(want);
    free(model);
}
