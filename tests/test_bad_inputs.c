/*
 * test_bad_inputs.c: the table of docs/bad-inputs.md, one test per row. Each
 * test generates its input in a fresh temporary directory, runs the real
 * sessionlint binary on it (most of the time next to a file with a known
 * leak, to show that the other files are still analysed and reported) and
 * checks the exit code and the message on standard error. The libclang
 * crash mapping is tested in test_libclang_crash.c, malformed models in
 * test_model.c.
 */
#define _POSIX_C_SOURCE 200809L /* mkfifo, symlink, setenv */

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

static const char leaky_program[] =
    "#include <sqlite3.h>\n"
    "int leaky(const char *path)\n"
    "{\n"
    "    sqlite3 *db;\n"
    "    if (sqlite3_open(path, &db) != SQLITE_OK)\n"
    "        return -1;\n"
    "    return 0;\n"
    "}\n";

/* A prologue declaring just what the generated programs use, so that they
 * parse fast and pass the database-API prefilter. */
static const char sqlite_decls[] =
    "typedef struct sqlite3 sqlite3;\n"
    "int sqlite3_open(const char *, sqlite3 **);\n"
    "int sqlite3_close(sqlite3 *);\n";

static char *dir;

static void make_dir(void) { dir = sl_test_tmpdir(); }

static void remove_dir(void)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("rm -rf '%s'", dir);
    sl_run_shell(&r, cmd);
    sl_run_free(&r);
    free(cmd);
    free(dir);
}

TestSuite(bad_inputs, .init = make_dir, .fini = remove_dir, .timeout = 300);

/* Writes dir/name, creating a first-level subdirectory named in it. */
static void write_in(const char *name, const char *text)
{
    const char *slash = strchr(name, '/');
    if (slash) {
        char *sub = sl_xasprintf("%s/%.*s", dir, (int)(slash - name), name);
        mkdir(sub, 0777);
        free(sub);
    }
    char *path = sl_xasprintf("%s/%s", dir, name);
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

/* Runs sessionlint in the temporary directory with --no-cache and args. */
static void run_in_dir(struct sl_run *r, const char *args)
{
    char *cmd = sl_xasprintf("cd '%s' && '%s' --no-cache %s", dir, SL_BINARY, args);
    sl_run_shell(r, cmd);
    free(cmd);
}

static void expect(const struct sl_run *r, int status, const char *in_stderr)
{
    cr_expect_eq(r->status, status, "exit %d, expected %d\nstdout:\n%.2000s\nstderr:\n%.2000s",
                 r->status, status, r->out, r->err);
    if (in_stderr)
        cr_expect(strstr(r->err, in_stderr), "stderr lacks '%s':\n%.2000s", in_stderr, r->err);
}

/* Writes name (when text is not NULL), runs args, checks the outcome. */
static void expect_run(const char *name, const char *text, const char *args, int status,
                       const char *in_stderr)
{
    struct sl_run r;
    if (text)
        write_in(name, text);
    run_in_dir(&r, args);
    expect(&r, status, in_stderr);
    sl_run_free(&r);
}

/* Writes the builder's text to name and empties the builder. */
static void write_taken(const char *name, struct sl_strbuf *sb)
{
    char *text = sl_sb_take(sb);
    write_in(name, text);
    free(text);
}

/* The other file (leak.c) was analysed and its finding reported. */
static void expect_leak_reported(const struct sl_run *r)
{
    cr_expect(strstr(r->out, "leak.c:7:5: warning:") && strstr(r->out, "[session-leak]"),
              "the leak in leak.c is not reported:\n%.2000s", r->out);
}

/* Writes a generated program: the declarations, then body(i) for i < n
 * between head and tail. */
static void write_generated(const char *name, const char *head, const char *line_fmt, int n,
                            const char *tail)
{
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls);
    sl_sb_append(&sb, head);
    for (int i = 0; i < n; i++)
        sl_sb_printf(&sb, line_fmt, i, i % 7);
    sl_sb_append(&sb, tail);
    write_taken(name, &sb);
}

/* ---- files and paths ---- */

Test(bad_inputs, missing_file)
{
    struct sl_run r;
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "missing.c leak.c");
    expect(&r, 3, "sessionlint: error: cannot access 'missing.c': No such file or directory");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

Test(bad_inputs, directory_without_c_files)
{
    struct sl_run r;
    write_in("docs/readme.txt", "not C\n");
    write_in("docs/header.h", "int f(void);\n");
    run_in_dir(&r, "docs");
    expect(&r, 2, "sessionlint: error: no C files found under 'docs'");
    sl_run_free(&r);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "docs leak.c");
    expect(&r, 1, "sessionlint: warning: no C files found under 'docs'");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

/* chmod 000 does not stop root, so unreadable entries are made another way:
 * a FIFO (opening it would block for ever) and a path through a file. */
Test(bad_inputs, fifo_named_c)
{
    struct sl_run r;
    char *fifo = sl_xasprintf("%s/pipe.c", dir);
    cr_assert_eq(mkfifo(fifo, 0666), 0);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "pipe.c leak.c");
    expect(&r, 3, "sessionlint: error: cannot read 'pipe.c': not a regular file");
    expect_leak_reported(&r);
    sl_run_free(&r);
    free(fifo);
}

Test(bad_inputs, path_through_a_file)
{
    struct sl_run r;
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "leak.c/inner.c leak.c");
    expect(&r, 3, "sessionlint: error: cannot access 'leak.c/inner.c': Not a directory");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

Test(bad_inputs, unreadable_file_when_not_root)
{
    if (geteuid() == 0)
        cr_skip_test("running as root: chmod 000 does not stop root (see fifo_named_c)");
    struct sl_run r;
    write_in("locked.c", "int f(void) { return 0; }\n");
    write_in("leak.c", leaky_program);
    char *locked = sl_xasprintf("%s/locked.c", dir);
    cr_assert_eq(chmod(locked, 0), 0);
    run_in_dir(&r, "locked.c leak.c");
    expect(&r, 3, "cannot read 'locked.c': Permission denied");
    expect_leak_reported(&r);
    sl_run_free(&r);
    free(locked);
}

/* ---- contents ---- */

Test(bad_inputs, binary_garbage_named_c)
{
    struct sl_run r;
    char garbage[4096];
    unsigned state = 12345; /* a fixed LCG: the same bytes every run */
    for (size_t i = 0; i < sizeof garbage; i++) {
        state = state * 1103515245u + 12345u;
        garbage[i] = (char)((state >> 16) & 0xff);
        if (garbage[i] == 0)
            garbage[i] = '\x7f';
    }
    garbage[sizeof garbage - 1] = '\0';
    write_in("garbage.c", garbage);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "garbage.c leak.c");
    expect(&r, 3, "garbage.c:1:1: error: parse error:");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

Test(bad_inputs, syntax_errors)
{
    struct sl_run r;
    char *broken = sl_xasprintf("%sint f( { return }\n", sqlite_decls);
    write_in("broken.c", broken);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "broken.c leak.c");
    expect(&r, 3, "broken.c:4:8: error: parse error: expected ')' [sessionlint-parse-error]");
    expect_leak_reported(&r);
    sl_run_free(&r);
    free(broken);
}

/* A file that names nothing a model or another file knows is not parsed
 * (the pre-filter, docs/scaling.md): its syntax errors go unseen. */
Test(bad_inputs, syntax_errors_without_database_names)
{
    expect_run("broken.c", "int f( { return }\n", "broken.c", 0,
               "sessionlint: 1 file analysed, 0 findings");
    setenv("SESSIONLINT_NO_PREFILTER", "1", 1); /* this test's process only */
    expect_run("broken.c", NULL, "broken.c", 3, "broken.c:1:8: error: parse error: expected ')'");
}

Test(bad_inputs, empty_file)
{
    struct sl_run r;
    write_in("empty.c", "");
    run_in_dir(&r, "empty.c");
    expect(&r, 0, "sessionlint: 1 file analysed, 0 findings");
    sl_run_free(&r);
}

/* ---- sizes and shapes ---- */

Test(bad_inputs, function_of_50000_lines)
{
    struct sl_run r;
    write_generated("long.c", "int long_fn(int x)\n{\n    sqlite3 *db;\n"
                              "    if (sqlite3_open(\"a\", &db) != 0)\n        return -1;\n",
                    "    if (x == %d) x += %d;\n", 50000, "    return x;\n}\n");
    run_in_dir(&r, "long.c");
    /* the leak is found at the return, at the far end of the function; if
     * the step budget (block visits) runs out on the way, that is said */
    cr_expect(strstr(r.out, "long.c:50009:5: warning: sqlite3 connection 'db'"), "%.500s", r.out);
    if (r.status != 1)
        expect(&r, 3, "long.c:4:1: error: function 'long_fn' was only partly analysed: more "
                      "than 200000 steps (path budget)");
    sl_run_free(&r);
}

Test(bad_inputs, nesting_5000_deep)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls); /* parsed, not skipped before parsing */
    sl_sb_append(&sb, "int deep(int x)\n{\n");
    for (int i = 0; i < 5000; i++)
        sl_sb_printf(&sb, "if (x > %d) {\n", i);
    sl_sb_append(&sb, "x++;\n");
    for (int i = 0; i < 5000; i++)
        sl_sb_append(&sb, "}\n");
    sl_sb_append(&sb, "return x;\n}\n");
    write_taken("deep.c", &sb);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "deep.c leak.c");
    expect(&r, 3, "parse error: bracket nesting level exceeded maximum of 256");
    expect_leak_reported(&r);
    sl_run_free(&r);
    /* with clang's limit raised the nesting is parsed and analysed */
    run_in_dir(&r, "deep.c -- -fbracket-depth=20000");
    expect(&r, 0, "sessionlint: 1 file analysed, 0 findings");
    sl_run_free(&r);
}

/* Deep enough to overflow libclang's parser even on the 1 GiB stack: the
 * overflow is caught (crash handlers on an alternate stack) and becomes the
 * libclang-crash notification; the other file is still analysed. */
Test(bad_inputs, parser_stack_overflow)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls); /* parsed, not skipped before parsing */
    sl_sb_append(&sb, "int f(int x) { return ");
    for (int i = 0; i < 500000; i++)
        sl_sb_append(&sb, "- ");
    sl_sb_append(&sb, "x; }\n");
    write_taken("overflow.c", &sb);
    write_in("leak.c", leaky_program);
    /* Under the sanitizer build: the parse that libclang abandons leaks its
     * memory inside libclang by design; our own leaks are checked by every
     * other test. (Each Criterion test runs in a process of its own.) */
    setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", 1);
    run_in_dir(&r, "overflow.c leak.c");
    expect(&r, 3, "cannot analyse 'overflow.c': libclang crashed while parsing it");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

Test(bad_inputs, switch_with_20000_cases)
{
    struct sl_run r;
    write_generated("switch.c", "int sw(int x)\n{\n    sqlite3 *db;\n"
                                "    if (sqlite3_open(\"a\", &db) != 0)\n        return -1;\n"
                                "    switch (x) {\n",
                    "    case %d: x += %d; break;\n", 20000,
                    "    default: break;\n    }\n    return x;\n}\n");
    run_in_dir(&r, "switch.c");
    expect(&r, 1, NULL);
    cr_expect(strstr(r.out, "switch.c:20012:5: warning: sqlite3 connection 'db'"), "%.500s", r.out);
    sl_run_free(&r);
}

Test(bad_inputs, goto_loops)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls);
    sl_sb_append(&sb, "int loops(int n)\n{\n    sqlite3 *db = 0;\n"
                      "a:  if (n-- > 0) goto b;\n    goto c;\n"
                      "b:  if (sqlite3_open(\"x\", &db) != 0) goto a;\n"
                      "    if (n & 1) goto a;\n    sqlite3_close(db);\n    goto b;\n"
                      "c:  for (;;) { again: if (n) goto again; else goto done; }\n"
                      "done:\n    return 0;\n}\n"
                      "int forever(void) { l: goto l; }\n");
    write_taken("goto.c", &sb);
    run_in_dir(&r, "goto.c");
    expect(&r, 1, NULL);
    cr_expect(strstr(r.out, "goto.c:9:9: warning: sqlite3 connection 'db' acquired at line 9 is "
                            "overwritten while still open [session-leak]"), "%.800s", r.out);
    sl_run_free(&r);
}

/* 200,000 terms in one expression (a tree 200,000 levels deep: this used to
 * overflow the stack at 10,000) and 4 MB of statements. */
Test(bad_inputs, macros_expanding_to_megabytes)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls);
    sl_sb_append(&sb, "#define E0 x+x\n#define S0 x++; x--;\n");
    for (int i = 1; i <= 17; i++)
        sl_sb_printf(&sb, "#define E%d E%d+E%d\n#define S%d S%d S%d\n", i, i - 1, i - 1, i,
                     i - 1, i - 1);
    sl_sb_append(&sb, "int deep_expr(int x) { return E16 + E15 + E14; }\n"
                      "int many_stmts(int x)\n{\n    sqlite3 *db;\n"
                      "    if (sqlite3_open(\"a\", &db) != 0)\n        return -1;\n"
                      "    S17\n    return x;\n}\n");
    write_taken("macro.c", &sb);
    run_in_dir(&r, "macro.c");
    expect(&r, 1, "sessionlint: 1 file analysed, 1 finding (1 session-leak)");
    sl_run_free(&r);
}

/* ---- compilation databases ---- */

Test(bad_inputs, malformed_compile_commands)
{
    expect_run("build/compile_commands.json", "[{\"directory\": \"/tmp\", \"file\": ", "-p build",
               2, "sessionlint: error: cannot load compilation database 'build/compile_commands.json'");
}

Test(bad_inputs, empty_compile_commands)
{
    expect_run("build/compile_commands.json", "", "-p build", 2,
               "sessionlint: error: cannot load compilation database");
    expect_run("build/compile_commands.json", "[]", "-p build", 2,
               "sessionlint: error: the compilation database lists no files");
}

/* 20,000 entries, one of them for the file analysed; the others name files
 * that do not exist and are not analysed because a PATH is given. */
Test(bad_inputs, huge_compile_commands)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, "[\n");
    for (int i = 0; i < 20000; i++)
        sl_sb_printf(&sb, "{\"directory\": \"%s\", \"file\": \"gen/f%d.c\", "
                          "\"arguments\": [\"cc\", \"-DN=%d\", \"-Iinclude\", \"-c\", \"gen/f%d.c\"]},\n",
                     dir, i, i, i);
    sl_sb_printf(&sb, "{\"directory\": \"%s\", \"file\": \"leak.c\", "
                      "\"arguments\": [\"cc\", \"-c\", \"leak.c\"]}\n]\n", dir);
    write_taken("build/compile_commands.json", &sb);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "-p build leak.c");
    expect(&r, 1, "sessionlint: 1 file analysed, 1 finding");
    expect_leak_reported(&r);
    sl_run_free(&r);
}

Test(bad_inputs, compile_commands_entry_for_missing_file)
{
    struct sl_run r;
    char *db = sl_xasprintf("[{\"directory\": \"%s\", \"file\": \"gone.c\", \"command\": \"cc -c gone.c\"},"
                            " {\"directory\": \"%s\", \"file\": \"leak.c\", \"command\": \"cc -c leak.c\"}]",
                            dir, dir);
    write_in("build/compile_commands.json", db);
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "-p build");
    expect(&r, 3, "cannot read 'gone.c': No such file or directory");
    expect_leak_reported(&r);
    sl_run_free(&r);
    free(db);
}

/* libclang's database reader expands @file itself; sessionlint lets it only
 * for response files inside the project (docs/security.md). */
static const char needs_rsp[] =
    "#ifndef FROM_RSP\n#error the response file was not read\n#endif\n"
    "typedef struct sqlite3 sqlite3;\nint sqlite3_close(sqlite3 *);\n"
    "int f(sqlite3 *db) { return sqlite3_close(db); }\n";

static void write_rsp_database(const char *rsp_argument)
{
    char *db = sl_xasprintf("[{\"directory\": \"%s\", \"file\": \"r.c\", "
                            "\"command\": \"cc %s -c r.c\"}]", dir, rsp_argument);
    write_in("build/compile_commands.json", db);
    free(db);
}

Test(bad_inputs, response_file_inside_the_project)
{
    struct sl_run r;
    write_in("r.c", needs_rsp);
    write_in("build/args.rsp", "-DFROM_RSP '-DNAME=a b'\n");
    write_rsp_database("@build/args.rsp");
    run_in_dir(&r, "-p build");
    expect(&r, 0, "sessionlint: 1 file analysed, 0 findings");
    sl_run_free(&r);
}

Test(bad_inputs, response_file_outside_the_project)
{
    struct sl_run r;
    char *outside = sl_test_tmpdir(), *rsp = sl_xasprintf("%s/evil.rsp", outside);
    cr_assert_eq(sl_test_write(rsp, "-DFROM_RSP\n"), 0);
    write_in("r.c", needs_rsp);
    char *arg = sl_xasprintf("@%s", rsp);
    write_rsp_database(arg);
    run_in_dir(&r, "-p build");
    expect(&r, 2, "is outside the project");
    expect(&r, 2, "the compilation database is refused");
    sl_run_free(&r);
    /* through a symbolic link inside the project: the real path counts */
    char *link = sl_xasprintf("%s/link.rsp", dir);
    cr_assert_eq(symlink(rsp, link), 0);
    write_rsp_database("@link.rsp");
    run_in_dir(&r, "-p build");
    expect(&r, 2, "response file '@link.rsp' is outside the project");
    sl_run_free(&r);
    unlink(link);
    unlink(rsp);
    rmdir(outside);
    free(link);
    free(arg);
    free(rsp);
    free(outside);
}

/* ---- models (the loader's own cases are in test_model.c) ---- */

Test(bad_inputs, malformed_model)
{
    struct sl_run r;
    write_in("bad.json", "{\"functions\": [{\"name\": \"f\", \"release\": {\"arg\": \"zero\"}}]}\n");
    write_in("leak.c", leaky_program);
    run_in_dir(&r, "--model bad.json leak.c");
    expect(&r, 2, "bad.json:1:");
    cr_expect_eq(r.out[0], '\0', "nothing is analysed:\n%s", r.out);
    sl_run_free(&r);
}

/* glibc's regcomp needs gigabytes for stacked or nested repetitions (found
 * by the config fuzzer): such header filters are refused up front. */
Test(bad_inputs, regex_that_explodes_regcomp)
{
    write_in("leak.c", leaky_program);
    expect_run(NULL, NULL, "--header-filter '^include++++++++++++++++++++++++++++++/' leak.c", 2,
               "sessionlint: error: --header-filter '^include+++++++++++++++++++++++++++++"
               "+/' is refused: a repetition operator applied to another one");
    expect_run(NULL, NULL, "--header-filter '((a{9}){9}){9}' leak.c", 2,
               "is refused: an interval {m,n} above 16, or more than 2 intervals");
    expect_run("cfg.json", "{\"header-filter\": \"x*+*+*+*+*+*+*+*+*+*+*+*+*+*+*+*+\"}\n",
               "--config-file cfg.json leak.c", 2, "\"header-filter\" is refused");
    expect_run(NULL, NULL, "--header-filter '^(include|src)/[a-z_]+\\.h$' leak.c", 1, NULL);
}

/* ---- the environment ---- */

/* Runs sessionlint --no-cache leak.c with SESSIONLINT_LIBCLANG=lib. */
static void expect_libclang_error(const char *lib, const char *in_stderr)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("cd '%s' && SESSIONLINT_LIBCLANG='%s' '%s' --no-cache leak.c", dir,
                             lib, SL_BINARY);
    sl_run_shell(&r, cmd);
    expect(&r, 2, in_stderr);
    cr_expect(strstr(r.err, "or set SESSIONLINT_LIBCLANG to a libclang shared object"), "%s",
              r.err);
    sl_run_free(&r);
    free(cmd);
}

/* The binary loads libclang when it first needs it (src/libclang_lazy.c):
 * a file that is not there, and a library without libclang's functions. */
Test(bad_inputs, libclang_that_cannot_be_loaded)
{
    expect_run("leak.c", leaky_program, "leak.c", 1, NULL);
    char *missing = sl_xasprintf("%s/libclang.so", dir);
    char *message = sl_xasprintf("sessionlint: error: cannot load libclang '%s': ", missing);
    expect_libclang_error(missing, message);
    expect_libclang_error("libc.so.6",
                          "sessionlint: error: cannot load libclang 'libc.so.6': it has no clang_");
    free(message);
    free(missing);
}

/* ---- output ---- */

Test(bad_inputs, output_in_missing_directory)
{
    expect_run("leak.c", leaky_program, "-o nowhere/out.sarif --format sarif leak.c", 2,
               "sessionlint: error: cannot write 'nowhere/out.sarif': directory 'nowhere' does "
               "not exist");
}

/* Unwritable even for root: the "directory" is a file, or /proc. */
Test(bad_inputs, output_unwritable)
{
    expect_run("leak.c", leaky_program, "-o leak.c/out.txt leak.c", 2,
               "sessionlint: error: cannot write 'leak.c/out.txt'");
    expect_run(NULL, NULL, "-o /proc/sessionlint-out.txt leak.c", 2,
               "sessionlint: error: cannot write '/proc/sessionlint-out.txt'");
}

/* ---- names ---- */

Test(bad_inputs, file_names_with_spaces_non_ascii_percent_and_hash)
{
    static const char *const names[] = {"my file.c", "caf\xc3\xa9.c", "100%.c", "a#b.c"};
    static const char *const uris[] = {"\"my%20file.c\"", "\"caf%C3%A9.c\"", "\"100%25.c\"",
                                       "\"a%23b.c\""};
    struct sl_run r;
    for (size_t i = 0; i < 4; i++)
        write_in(names[i], leaky_program);
    run_in_dir(&r, "--format sarif -o out.sarif .");
    expect(&r, 1, "sessionlint: 4 files analysed, 4 findings");
    sl_run_free(&r);
    char *path = sl_xasprintf("%s/out.sarif", dir);
    char *sarif = sl_read_file(path, NULL);
    cr_assert(sarif, "no SARIF log written");
    for (size_t i = 0; i < 4; i++)
        cr_expect(strstr(sarif, uris[i]), "URI %s missing from the SARIF log", uris[i]);
    free(sarif);
    free(path);
    run_in_dir(&r, "'my file.c'");
    expect(&r, 1, NULL);
    cr_expect(strstr(r.out, "my file.c:7:5: warning:"), "%s", r.out);
    sl_run_free(&r);
}

/* ---- budgets ---- */

/* 40 independent flags with the state cap raised: far more paths than a
 * second allows (and slow steps, so that the time limit comes before the
 * step budget), so --timeout 1 must cut the function short and name it, and
 * name the function it never reached. */
Test(bad_inputs, timeout_names_the_functions)
{
    struct sl_run r;
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, sqlite_decls);
    sl_sb_append(&sb, "int slow(const int *a, sqlite3 *db)\n{\n    int r = 0;\n");
    for (int i = 0; i < 40; i++)
        sl_sb_printf(&sb, "    int f%d = 0;\n", i);
    for (int i = 0; i < 40; i++)
        sl_sb_printf(&sb, "    if (a[%d]) f%d = 1;\n", i, i);
    for (int i = 0; i < 40; i++) { /* every visit of these blocks evaluates 400 terms */
        sl_sb_printf(&sb, "    if (f%d) r += %d", i, i);
        for (int k = 0; k < 400; k++)
            sl_sb_append(&sb, " + a[1]");
        sl_sb_append(&sb, ";\n");
    }
    sl_sb_append(&sb, "    sqlite3_close(db);\n    return r;\n}\n"
                      "int after(sqlite3 *db) { return sqlite3_close(db); }\n");
    write_taken("slow.c", &sb);
    run_in_dir(&r, "--timeout 1 --max-states 100000 slow.c");
    expect(&r, 3, "slow.c:4:1: error: function 'slow' was only partly analysed: the time limit "
                  "(--timeout) ran out; findings in it may be missing [sessionlint-timeout]");
    expect(&r, 3, "slow.c: error: 1 function of 'slow.c' not analysed, the time limit "
                  "(--timeout) ran out: 'after' [sessionlint-timeout]");
    sl_run_free(&r);
    run_in_dir(&r, "--timeout 0 slow.c");
    expect(&r, 2, "invalid value '0' for --timeout (expected a number from 1 to 86400)");
    sl_run_free(&r);
}

/* bench/gen_stress.py's function with 200 handles alive at once queues more
 * than 2 GiB of path states within the step budget: the state budget stops
 * it (a step costs as much as its state is large). */
Test(bad_inputs, state_budget_on_the_stress_set)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("'%s' '%s/bench/gen_stress.py' '%s/stress' 200 >/dev/null", SL_PYTHON3,
                             SL_SOURCE_DIR, dir);
    sl_run_shell(&r, cmd);
    cr_assert_eq(r.status, 0, "gen_stress.py failed: %s", r.err);
    sl_run_free(&r);
    expect_run(NULL, NULL, "-j 1 stress/stress_0200.c -- -I /usr/include/postgresql", 3,
               "error: function 'stress_200' was only partly analysed: more than 2048 MB of path "
               "states (state budget); findings in it may be missing");
    free(cmd);
}

/* ---- output integrity ---- */

static char *sarif_of_fixtures(const char *jobs)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("cd '%s' && '%s' --no-cache -j %s --format sarif fixtures/sqlite3 "
                             "fixtures/libpq fixtures/inhouse -- -I fixtures/include",
                             SL_SOURCE_DIR, SL_BINARY, jobs);
    sl_run_shell(&r, cmd);
    free(cmd);
    cr_expect(r.status == 1 || r.status == 3, "exit %d: %s", r.status, r.err);
    char *out = r.out;
    r.out = NULL;
    sl_run_free(&r);
    return out;
}

Test(bad_inputs, output_is_byte_for_byte_deterministic)
{
    char *first = sarif_of_fixtures("1"), *second = sarif_of_fixtures("1");
    char *parallel = sarif_of_fixtures("2"), *wide = sarif_of_fixtures("7");
    cr_assert(strlen(first) > 1000);
    cr_expect_str_eq(first, second, "two runs with -j 1 differ");
    cr_expect_str_eq(first, parallel, "-j 1 and -j 2 differ");
    cr_expect_str_eq(first, wide, "-j 1 and -j 7 differ");
    free(first);
    free(second);
    free(parallel);
    free(wide);
}
