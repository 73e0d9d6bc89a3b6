/*
 * test_prescan.c: the scan before parsing (src/prescan.h). Each test writes
 * a small tree into a temporary directory (the input's own headers, and
 * "system" headers under sys/, given as -isystem), scans main.c and checks
 * what names it can reach, or that it must be parsed ("unknown") and why.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prescan.h"
#include "prescan_lex.h"
#include "testutil.h"
#include "tu.h"
#include "util.h"

static char *dir;
static struct sl_prescan_cache *cache;

static void setup(void)
{
    dir = sl_test_tmpdir();
    cache = sl_prescan_cache_new(sl_tu_resource_dir(NULL), false);
}

static void teardown(void)
{
    sl_test_remove_tree(dir);
    free(dir);
    sl_prescan_cache_free(cache);
}

TestSuite(prescan, .init = setup, .fini = teardown);

static void make_dir(const char *name)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    mkdir(path, 0777);
    free(path);
}

/* Writes dir/name, making the directories on its way. */
static void put(const char *name, const char *text)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    for (char *slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0777);
        *slash = '/';
    }
    cr_assert_eq(sl_test_write(path, text), 0, "cannot write %s", path);
    free(path);
}

/* Scans dir/main.c holding `text` (or the unsaved buffer instead, when
 * given) with -isystem dir/sys and `flags` (NULL-terminated; "@/" in one
 * becomes dir/), for the names `wanted` (may be NULL). */
static void scan_for(const char *text, const char *unsaved, const char *const *flags,
                     const struct sl_intern *wanted, struct sl_prescan *out)
{
    SL_VEC(char *) args = {0};
    sl_vec_push(&args, sl_xstrdup("-isystem"));
    sl_vec_push(&args, sl_xasprintf("%s/sys", dir));
    for (const char *const *f = flags; f && *f; f++) {
        const char *at = strstr(*f, "@/");
        sl_vec_push(&args, at ? sl_xasprintf("%.*s%s%s", (int)(at - *f), *f, dir, at + 1)
                              : sl_xstrdup(*f));
    }
    make_dir("sys");
    put("main.c", text);
    struct sl_input in = {.file = sl_xasprintf("%s/main.c", dir), .args = args.items,
                          .nargs = (int)args.len, .unsaved = unsaved,
                          .unsaved_len = unsaved ? strlen(unsaved) : 0};
    sl_prescan_input(cache, &in, wanted, out);
    for (size_t i = 0; i < args.len; i++)
        free(args.items[i]);
    sl_vec_free(&args);
    free(in.file);
}

static void scan(const char *text, const char *const *flags, struct sl_prescan *out)
{
    scan_for(text, NULL, flags, NULL, out);
}

static bool meets(const struct sl_prescan *s, const char *name)
{
    return sl_prescan_meets(s, &name, 1);
}

/* The scan is known and can (or cannot) reach `name`. */
static void expect_reach(const char *text, const char *const *flags, const char *name,
                         bool reached)
{
    struct sl_prescan s;
    scan(text, flags, &s);
    cr_expect(s.known, "unknown: %s\n%s", s.why, text);
    cr_expect_eq(s.known && meets(&s, name), reached, "%s %s\n%s", name,
                 reached ? "not reached" : "reached", text);
    sl_prescan_free(&s);
}

/* The scan is unknown, for a reason containing `why`. */
static void expect_unknown(const char *text, const char *const *flags, const char *why)
{
    struct sl_prescan s;
    scan(text, flags, &s);
    cr_expect(!s.known, "known, expected unknown (%s)\n%s", why, text);
    cr_expect(!s.known && strstr(s.why, why), "why: %s, expected %s", s.why, why);
    sl_prescan_free(&s);
}

/* ---- the lexer ---- */

Test(prescan, comments_and_literals_hide_names)
{
    expect_reach("/* sqlite3_close */ // sqlite3_close\n"
                 "const char *s = \"sqlite3_close\", *u = u8\"sqlite3_close\";\n"
                 "int c = 'x', w = L'y';\n",
                 NULL, "sqlite3_close", false);
    expect_reach("char *s = \"a\\\" sqlite3_close \\\"\";\n", NULL, "sqlite3_close", false);
    expect_reach("int x = 1; /* a */ int y = sqlite3_close;\n", NULL, "sqlite3_close", true);
    expect_reach("#error don't sqlite3_close\nint z;\n", NULL, "z", true);
}

Test(prescan, line_splices_join_identifiers)
{
    expect_reach("int f(void) { return sqlite3_cl\\\nose(0); }\n", NULL, "sqlite3_close", true);
    expect_reach("// a comment \\\n sqlite3_close(0);\n", NULL, "sqlite3_close", false);
    expect_reach("#define X \\\n  sqlite3_close\nint y = X;\n", NULL, "sqlite3_close", true);
}

Test(prescan, directives_after_comments_and_digraphs)
{
    put("sys/hidden.h", "#define HIDDEN sqlite3_close\n");
    expect_reach("/* c */ #include <hidden.h>\nint y = HIDDEN;\n", NULL, "sqlite3_close", true);
    expect_reach("%:include <hidden.h>\nint y = HIDDEN;\n", NULL, "sqlite3_close", true);
}

Test(prescan, odd_text_must_be_parsed)
{
    expect_unknown("/* never closed\nint x;\n", NULL, "unterminated comment");
    expect_unknown("const char *s = R\"(x)\";\n", NULL, "raw string");
    expect_unknown("int \\u00e9t\\u00e9;\n", NULL, "universal character name");
    expect_unknown("int x = 1;\n#embed \"data.bin\"\n", NULL, "#embed");
}

/* ---- macros ---- */

Test(prescan, a_macro_of_an_own_header_counts)
{
    put("db.h", "#define DB_DONE(db) sqlite3_close(db)\n");
    expect_reach("#include \"db.h\"\nvoid f(void *db) { DB_DONE(db); }\n", NULL,
                 "sqlite3_close", true);
    /* every identifier of the input's own text counts, used or not */
    expect_reach("#include \"db.h\"\nint f(void) { return 0; }\n", NULL, "sqlite3_close", true);
}

Test(prescan, a_system_macro_counts_only_when_used)
{
    put("sys/api.h", "#define API_DONE(db) sqlite3_close(db)\n#define API_RUN(q) run(q)\n"
                     "int sqlite3_close(void *);\nstatic inline int g(void) { return "
                     "sqlite3_close(0); }\n");
    expect_reach("#include <api.h>\nint f(void) { return API_RUN(1); }\n", NULL,
                 "sqlite3_close", false);
    expect_reach("#include <api.h>\nvoid f(void *db) { API_DONE(db); }\n", NULL,
                 "sqlite3_close", true);
    put("sys/chain.h", "#define OUTER(x) INNER(x)\n#define INNER(x) sqlite3_close(x)\n");
    expect_reach("#include <chain.h>\nvoid f(void *db) { OUTER(db); }\n", NULL,
                 "sqlite3_close", true);
}

Test(prescan, a_definition_on_the_command_line_counts)
{
    const char *flags[] = {"-DCLOSE_IT(x)=sqlite3_close(x)", NULL};
    expect_reach("int f(void) { return 0; }\n", flags, "sqlite3_close", true);
    const char *separate[] = {"-D", "HANDLE=sqlite3", NULL};
    expect_reach("int f(void) { return 0; }\n", separate, "sqlite3", true);
}

/* ---- pastes ---- */

Test(prescan, a_paste_outside_a_macro_must_be_parsed)
{
    expect_unknown("int a ## b;\n", NULL, "## outside a #define");
}

Test(prescan, pastes_form_only_what_their_pieces_allow)
{
    put("sys/num.h", "#define U64(c) c ## UL\n#define PFX(n) my_ ## n\n"
                     "#define CAT(a, b) a ## b\n#define XCAT(a, b) CAT(a, b)\n");
    /* a parameter pasted to literal text: names ending in UL only */
    expect_reach("#include <num.h>\nlong x = U64(5);\n", NULL, "sqlite3_close", false);
    expect_reach("#include <num.h>\nlong x = U64(5);\nint sqlite3_close_;\n", NULL,
                 "sqlite3_close_UL", true);
    expect_reach("#include <num.h>\nint f(void) { return PFX(sqlite3_close); }\n", NULL,
                 "my_sqlite3_close", true);
    /* parameters pasted together, even through another macro: any name */
    expect_reach("#include <num.h>\nint f(void) { return XCAT(sqlite3_, close)(0); }\n", NULL,
                 "sqlite3_close", true);
    expect_reach("#include <num.h>\nint f(void) { return XCAT(some, thing); }\n", NULL,
                 "sqlite3_close", true);
    expect_reach("#include <num.h>\nint f(void) { return 0; }\n", NULL, "sqlite3_close", false);
    /* an own pasting macro that nothing uses pastes nothing */
    expect_reach("#define GLUE(a, b) a ## b\nint f(void) { return 0; }\n", NULL,
                 "sqlite3_close", false);
}

Test(prescan, a_pasted_name_may_be_a_macro)
{
    put("sys/tag.h", "#define TAG(n) n ## _TAG\n#define DB_TAG sqlite3_close\n"
                     "#define NO_TAG other\n");
    expect_reach("#include <tag.h>\nint f(void) { return TAG(DB)(0); }\n", NULL,
                 "sqlite3_close", true);
    expect_reach("#include <tag.h>\nint f(void) { return TAG(NO); }\n", NULL, "sqlite3_close",
                 false);
}

/* ---- typedefs and typeof ---- */

Test(prescan, a_system_typedef_aliasing_a_wanted_type_counts)
{
    put("sys/io.h", "struct _IO_FILE;\ntypedef struct _IO_FILE __FILE;\n"
                    "typedef struct { int fd; } other_t;\nextern __FILE *log_stream;\n");
    expect_reach("#include <io.h>\nvoid f(__FILE *fp);\n", NULL, "_IO_FILE", true);
    expect_reach("#include <io.h>\nvoid f(other_t *o);\n", NULL, "_IO_FILE", false);
    /* a declaration's type counts once a typeof can ask for it */
    expect_reach("#include <io.h>\nint f(void) { return log_stream != 0; }\n", NULL,
                 "_IO_FILE", false);
    expect_reach("#include <io.h>\nvoid f(typeof(log_stream) s);\n", NULL, "_IO_FILE", true);
}

/* ---- finding headers ---- */

Test(prescan, quoted_includes_look_next_to_the_includer_first)
{
    put("inc/a.h", "#define WHICH sqlite3_close\n");
    put("a.h", "#define WHICH nothing_modelled\n");
    put("inc/b.h", "#define VIA_ANGLE sqlite3_close\n");
    put("b.h", "#define VIA_ANGLE nothing_modelled\n");
    const char *flags[] = {"-I@/inc", NULL};
    expect_reach("#include \"a.h\"\nint x = WHICH;\n", flags, "sqlite3_close", false);
    expect_reach("#include <b.h>\nint x = VIA_ANGLE;\n", flags, "sqlite3_close", true);
    put("inc/quoted_only.h", "#define Q sqlite3_close\n");
    const char *quoted[] = {"-iquote", "@/inc", NULL};
    expect_reach("#include \"quoted_only.h\"\nint x = Q;\n", quoted, "sqlite3_close", true);
    expect_unknown("#include <quoted_only.h>\n", quoted, "not found (quoted_only.h)");
}

Test(prescan, include_next_continues_after_the_directory_found)
{
    put("first/wrap.h", "#include_next <wrap.h>\n");
    put("sys/wrap.h", "#define WRAPPED sqlite3_close\n");
    const char *flags[] = {"-I@/first", NULL};
    expect_reach("#include <wrap.h>\nint x = WRAPPED;\n", flags, "sqlite3_close", true);
    put("first/alone.h", "#include_next <alone.h>\n");
    expect_unknown("#include <alone.h>\n", flags, "not found (alone.h)");
}

Test(prescan, a_missing_header_must_be_parsed_unless_clang_skips_it)
{
    expect_unknown("#include \"nowhere.h\"\nint x;\n", NULL, "not found (nowhere.h)");
    expect_reach("#ifdef NEVER_DEFINED_ANYWHERE\n#include <nowhere.h>\n#endif\nint x;\n", NULL,
                 "x", true);
    expect_reach("#if defined(_WIN32) && !defined(__CYGWIN__)\n#include <windows.h>\n#endif\n"
                 "int x;\n", NULL, "x", true);
    expect_reach("#if __has_include(<nowhere.h>)\n#include <nowhere.h>\n#endif\nint x;\n", NULL,
                 "x", true);
    expect_unknown("#define SOMETIMES 1\n#ifdef SOMETIMES\n#include <nowhere.h>\n#endif\n", NULL,
                   "not found (nowhere.h)");
    const char *defined[] = {"-DNEVER_DEFINED_ANYWHERE", NULL};
    expect_unknown("#ifdef NEVER_DEFINED_ANYWHERE\n#include <nowhere.h>\n#endif\n", defined,
                   "not found (nowhere.h)");
    /* the target's own macros are known: __x86_64__ or __aarch64__ ... is defined */
    expect_reach("#if !defined __x86_64__ && !defined __aarch64__ && !defined __i386__\n"
                 "#include <nowhere.h>\n#endif\nint x;\n", NULL, "x", true);
}

/* Every identifier of the input's own text counts, so one that is wanted
 * settles the answer before any header is looked for. */
Test(prescan, an_input_naming_a_wanted_name_reaches_it_whatever_its_headers)
{
    const char *text = "#include \"nowhere.h\"\nvoid f(void *c) { PQfinish(c); }\n";
    struct sl_intern wanted = {0};
    struct sl_prescan s;
    sl_intern(&wanted, "PQfinish");
    scan_for(text, NULL, NULL, &wanted, &s);
    cr_expect(s.known && s.reaches, "known %d reaches %d (%s)", s.known, s.reaches, s.why);
    sl_prescan_free(&s);
    sl_intern_free(&wanted);
    sl_intern(&wanted, "sqlite3_close");
    scan_for(text, NULL, NULL, &wanted, &s);
    cr_expect(!s.known && strstr(s.why, "not found (nowhere.h)"), "why: %s", s.why);
    sl_prescan_free(&s);
    sl_intern_free(&wanted);
}

Test(prescan, a_guard_defined_just_before_an_include_is_known_there)
{
    put("sys/limits_like.h", "#if !defined GUARD_X\n#include_next <limits_like.h>\n#endif\n");
    put("first/limits_like.h", "#ifndef GUARD_X\n#define GUARD_X\n#endif\n"
                               "#include_next <limits_like.h>\n");
    const char *flags[] = {"-I@/first", NULL};
    expect_reach("#include <limits_like.h>\nint x;\n", flags, "x", true);
}

Test(prescan, a_computed_include_must_be_parsed)
{
    expect_unknown("#define H <stdio.h>\n#include H\n", NULL, "computed");
}

Test(prescan, flags_that_change_the_search_must_be_parsed)
{
    const char *const cases[][3] = {{"-nostdinc", NULL}, {"--sysroot=/x", NULL},
                                    {"-isysroot", "/x"}, {"-iprefix", "/x"},
                                    {"-target", "arm-linux-gnueabi"}, {"-x", "c++"},
                                    {"-std=c++17", NULL}, {"-I-", NULL}, {"-F/x", NULL},
                                    {"-ivfsoverlay", "/x"}, {"@flags.rsp", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct sl_prescan s;
        scan("int x;\n", cases[i], &s);
        cr_expect(!s.known, "%s %s was accepted", cases[i][0], cases[i][1] ? cases[i][1] : "");
        sl_prescan_free(&s);
    }
    const char *fine[] = {"-O2", "-g", "-Wall", "-std=gnu11", "-x", "c", "-fPIC", NULL};
    expect_reach("int x;\n", fine, "x", true);
}

Test(prescan, an_include_cycle_ends)
{
    put("a.h", "#include \"b.h\"\n#define A_NAME sqlite3_close\n");
    put("b.h", "#include \"a.h\"\n#include \"sub/../a.h\"\n");
    make_dir("sub");
    expect_reach("#include \"a.h\"\nint x = A_NAME;\n", NULL, "sqlite3_close", true);
}

Test(prescan, forced_includes_are_read)
{
    put("forced.h", "#define FORCED sqlite3_close\n");
    const char *flags[] = {"-include", "@/forced.h", NULL};
    expect_reach("int x;\n", flags, "sqlite3_close", true);
    const char *missing[] = {"-include", "@/nowhere.h", NULL};
    expect_unknown("int x;\n", missing, "forced include");
}

Test(prescan, an_unsaved_buffer_is_scanned_instead_of_the_file)
{
    struct sl_prescan s;
    scan_for("int on_disk(void);\n", "int sqlite3_close(void *);\n", NULL, NULL, &s);
    cr_assert(s.known, "%s", s.why);
    cr_expect(meets(&s, "sqlite3_close"));
    cr_expect(!sl_prescan_has(&s, "on_disk"));
    sl_prescan_free(&s);
}

Test(prescan, headers_count_when_their_functions_are_analysed)
{
    put("sys/inline.h", "static inline int shut(void *db) { return sqlite3_close(db); }\n"
                        "#define UNUSED sqlite3_finalize\n");
    expect_reach("#include <inline.h>\nint x;\n", NULL, "sqlite3_close", false);
    sl_prescan_cache_free(cache);
    cache = sl_prescan_cache_new(sl_tu_resource_dir(NULL), true);
    expect_reach("#include <inline.h>\nint x;\n", NULL, "sqlite3_close", true);
    expect_reach("#include <inline.h>\nint x;\n", NULL, "sqlite3_finalize", false);
}

/* ---- a shared cache ---- */

static void scan_fixture(struct sl_prescan_cache *with, const char *file, struct sl_prescan *out)
{
    char *include = sl_test_path("fixtures/include");
    char *args[] = {"-I", include, "-I", "/usr/include/postgresql"};
    struct sl_input in = {.file = (char *)file, .args = args, .nargs = 4};
    sl_prescan_input(with, &in, NULL, out);
    free(include);
}

static bool same_names(const struct sl_prescan *a, const struct sl_prescan *b)
{
    if (a->known != b->known || a->names.len != b->names.len)
        return false;
    for (size_t i = 0; i < a->names.len; i++)
        if (!sl_prescan_has(b, a->names.names[i]))
            return false;
    return true;
}

/* What a scan finds does not depend on what the cache saw before: every
 * fixture, scanned after all the others, as with a fresh cache. */
Test(prescan, a_shared_cache_changes_no_answer, .timeout = 120)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("ls '%s'/fixtures/*/*.c", SL_SOURCE_DIR);
    sl_run_shell(&r, cmd);
    size_t n = 0;
    for (char *file = strtok(r.out, "\n"); file; file = strtok(NULL, "\n"), n++) {
        struct sl_prescan shared, fresh;
        struct sl_prescan_cache *own = sl_prescan_cache_new(sl_tu_resource_dir(NULL), false);
        scan_fixture(cache, file, &shared);
        scan_fixture(own, file, &fresh);
        cr_expect(same_names(&shared, &fresh), "%s: %zu names shared, %zu fresh", file,
                  shared.names.len, fresh.names.len);
        sl_prescan_free(&shared);
        sl_prescan_free(&fresh);
        sl_prescan_cache_free(own);
    }
    cr_expect(n > 50, "%zu fixtures", n);
    sl_run_free(&r);
    free(cmd);
}

static bool lists_function(const struct sl_ps_file *f, const struct sl_intern *names,
                           const char *name)
{
    for (size_t i = 0; i < f->functions.len; i++)
        if (strcmp(sl_intern_name(names, f->functions.items[i]), name) == 0)
            return true;
    return false;
}

/* The lexer lists the functions a text defines with external linkage, for
 * the order of pass 1 (xtu_order.h): not static ones, not prototypes, not a
 * call in an initialiser, not a struct. */
Test(prescan, the_lexer_lists_the_functions_a_text_defines)
{
    const char *text = "#include <stdio.h>\n"
                       "static int helper(void) { return 1; }\n"
                       "int open_db(const char *path);\n"
                       "int counter = helper_init(3);\n"
                       "struct conn { int (*run)(void); };\n"
                       "PGconn *\nconnect_db(const char *info)\n{\n  return open_db(info);\n}\n"
                       "static inline void quiet(void) {}\n"
                       "void close_db(struct conn *c) { if (c) { c->run(); } }\n";
    struct sl_intern names = {0};
    struct sl_ps_file f = {0};
    sl_ps_lex(text, strlen(text), &names, NULL, &f);
    cr_expect_eq(f.functions.len, 2, "%zu functions", f.functions.len);
    cr_expect(lists_function(&f, &names, "connect_db"));
    cr_expect(lists_function(&f, &names, "close_db"));
    sl_ps_file_free(&f);
    sl_intern_free(&names);
}
