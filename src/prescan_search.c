/*
 * prescan_search.c: one input's flags read for the scan before parsing
 * (prescan_search.h). Directories are compared by device and inode, as
 * clang's file manager does, so two spellings of one directory are one.
 * The flags that matter are recognised in their separate, glued and `=`
 * forms; every other -i... flag, and each flag listed in `unmodelled`, makes
 * the input one to parse.
 */
#define _POSIX_C_SOURCE 200809L /* stat */

#include "prescan_search.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum group { QUOTED, ANGLED, SYSTEM, AFTER, NGROUPS };

struct reader {
    struct sl_ps_search *s;
    sl_ps_strings groups[NGROUPS];
    const char *resource_dir;
    const char *const *args;
    int nargs, i;
};

/* Flags whose meaning for the include search the scan does not model. */
static const char *const unmodelled[] = {
    "-isystem-after", "-iwithsysroot", "-nostdinc", "-nostdlibinc", "-nobuiltininc",
    "--sysroot", "-isysroot", "-I-", "-F", "-working-directory", "--config", "-target",
    "--target", "-m32", "-m16", "-mx32", "-B", "-X", "-Wp,", "@", "-cxx-isystem",
    "--driver-mode", "-ObjC", "-fmodule", "-fimplicit-module", "-fbuiltin-module-map",
    "-ccc-", "--gcc-toolchain", "--gcc-install-dir", "-gcc-toolchain", "-iframework", "-fms-",
    "-undef", NULL};

/* -f and -m flags whose effect on the predefined macros the configure-time
 * lists cover (CMakeLists.txt, SL_CLANG_PREDEFINED); any other may define or
 * remove some. */
static const char *const known_predefines[] = {
    "-fPIC", "-fpic", "-fPIE", "-fpie", "-fno-pic", "-fno-PIC", "-fno-pie", "-fno-PIE",
    "-ffast-math", "-fno-fast-math", "-fsigned-char", "-funsigned-char", "-fshort-wchar",
    "-fshort-enums", "-fno-builtin", "-ffreestanding", "-fstack-protector", "-fno-stack-protector",
    "-fstack-clash-protection", "-fcf-protection", "-fno-common", "-fcommon", "-fvisibility",
    "-fno-strict-aliasing", "-fstrict-aliasing", "-fwrapv", "-ftrapv", "-fomit-frame-pointer",
    "-fno-omit-frame-pointer", "-ffunction-sections", "-fdata-sections", "-fdiagnostics-",
    "-fcolor-diagnostics", "-fno-color-diagnostics", "-fmessage-length", "-fno-exceptions",
    "-fasynchronous-unwind-tables", "-fno-asynchronous-unwind-tables", "-fno-inline",
    "-fno-delete-null-pointer-checks", "-fno-semantic-interposition", "-fdebug-prefix-map",
    "-ffile-prefix-map", "-fmacro-prefix-map", "-fno-plt", "-fprofile-", "-fcoverage-",
    "-ftest-coverage", "-fno-lto", "-fmax-errors", "-ferror-limit", "-fno-show-column",
    "-fno-caret-diagnostics", "-fsyntax-only", "-fno-math-errno", "-fmath-errno",
    "-fno-unroll-loops", "-funroll-loops", "-fno-strict-overflow", "-fstrict-overflow",
    "-mtune=", "-m64", NULL};

/* Double-dash flags known to leave the search alone. */
static const char *const harmless_long[] = {"--std=", "--param", NULL};

static bool starts_with_any(const char *arg, const char *const *prefixes)
{
    for (const char *const *p = prefixes; *p; p++)
        if (sl_str_starts_with(arg, *p))
            return true;
    return false;
}

/* The operand of flag `name` at args[i]: glued (-Ifoo), after `=` (only when
 * with_equals) or the next argument; NULL when args[i] is not that flag. */
static const char *operand(struct reader *r, const char *name, bool glued, bool with_equals)
{
    const char *arg = r->args[r->i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '\0') {
        if (r->i + 1 >= r->nargs) {
            r->s->why = "a flag without its operand";
            return "";
        }
        return r->args[++r->i];
    }
    if (with_equals && arg[n] == '=')
        return arg + n + 1;
    return glued ? arg + n : NULL;
}

static bool push_operand(struct reader *r, const char *name, bool glued, bool with_equals,
                         sl_ps_strings *to)
{
    const char *value = operand(r, name, glued, with_equals);
    if (value)
        sl_vec_push(to, sl_xstrdup(value));
    return value != NULL;
}

static bool read_directory_flag(struct reader *r)
{
    return push_operand(r, "-iquote", true, false, &r->groups[QUOTED]) ||
           push_operand(r, "-isystem", true, false, &r->groups[SYSTEM]) ||
           push_operand(r, "-idirafter", true, false, &r->groups[AFTER]) ||
           push_operand(r, "--include-directory", false, true, &r->groups[ANGLED]) ||
           push_operand(r, "-I", true, false, &r->groups[ANGLED]);
}

/* -std=c99 and friends (the ISO modes before C23) turn trigraphs on. */
static bool iso_std(const char *std)
{
    static const char *const modes[] = {"c89", "c90", "c94", "c99", "c9x", "c11", "c1x", "c17",
                                        "c18", "iso9899:", NULL};
    return starts_with_any(std, modes);
}

static void read_language_flag(struct reader *r)
{
    const char *arg = r->args[r->i], *lang = operand(r, "-x", true, false);
    if (lang) {
        r->s->language_given = true;
        if (strcmp(lang, "c") != 0 && strcmp(lang, "c-header") != 0)
            r->s->why = "a language other than C (-x)";
    } else if (sl_str_starts_with(arg, "-std=") || sl_str_starts_with(arg, "--std=")) {
        r->s->trigraphs = r->s->trigraphs || iso_std(strchr(arg, '=') + 1);
        if (strstr(arg, "++"))
            r->s->why = "a C++ standard (-std)";
    } else if (strcmp(arg, "-ansi") == 0 || strcmp(arg, "-trigraphs") == 0 ||
               strcmp(arg, "-ftrigraphs") == 0) {
        r->s->trigraphs = true;
    }
}

static void read_flag(struct reader *r)
{
    const char *arg = r->args[r->i], *value;
    if (starts_with_any(arg, unmodelled)) {
        r->s->why = "a flag that changes the include search";
    } else if (read_directory_flag(r) || push_operand(r, "-D", true, false, &r->s->defines) ||
               push_operand(r, "--define-macro", false, true, &r->s->defines) ||
               push_operand(r, "-U", true, false, &r->s->undefines) ||
               push_operand(r, "--undefine-macro", false, true, &r->s->undefines)) {
        return;
    } else if (strcmp(arg, "-include") == 0 || strcmp(arg, "-imacros") == 0) {
        value = operand(r, arg, false, false);
        sl_vec_push(&r->s->forced, sl_xstrdup(value));
    } else if ((value = operand(r, "-resource-dir", false, true)) != NULL) {
        r->resource_dir = value;
    } else if (sl_str_starts_with(arg, "-i") ||
               (sl_str_starts_with(arg, "--") && !starts_with_any(arg, harmless_long))) {
        r->s->why = "a flag that changes the include search";
    } else {
        bool f_or_m = sl_str_starts_with(arg, "-f") || sl_str_starts_with(arg, "-m");
        r->s->predefines_changed = r->s->predefines_changed ||
                                   (f_or_m && !starts_with_any(arg, known_predefines));
        read_language_flag(r);
    }
}

/* ---- the list ---- */

struct identity {
    dev_t dev;
    ino_t ino;
};

static bool directory_identity(const char *path, struct identity *id)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    *id = (struct identity){st.st_dev, st.st_ino};
    return true;
}

struct entry {
    char *path;
    bool system;
    struct identity id;
};

typedef SL_VEC(struct entry) entries;

/* clang ignores a directory that does not exist: it goes to `absent`. */
static void append_group(entries *list, sl_ps_strings *absent, char **paths, size_t n,
                         bool system)
{
    for (size_t i = 0; i < n; i++) {
        struct entry e = {.path = paths[i], .system = system};
        if (directory_identity(paths[i], &e.id))
            sl_vec_push(list, e);
        else
            sl_vec_push(absent, paths[i]);
    }
}

static bool same_directory(const struct entry *a, const struct entry *b)
{
    return a->id.dev == b->id.dev && a->id.ino == b->id.ino;
}

/* clang's RemoveDuplicates over list[from..]: a directory seen before goes,
 * unless it is a system one shadowing a user one, which then goes instead. */
static void remove_duplicates(entries *list, size_t from)
{
    for (size_t i = from; i < list->len; i++) {
        size_t j = from;
        while (j < i && !same_directory(&list->items[j], &list->items[i]))
            j++;
        if (j == i)
            continue;
        size_t drop = list->items[i].system && !list->items[j].system ? j : i;
        free(list->items[drop].path);
        memmove(&list->items[drop], &list->items[drop + 1],
                (list->len - drop - 1) * sizeof *list->items);
        list->len--;
        i--;
    }
}

static void build_list(struct reader *r, const char *const *system_dirs)
{
    entries list = {0};
    append_group(&list, &r->s->absent, r->groups[QUOTED].items, r->groups[QUOTED].len, false);
    remove_duplicates(&list, 0);
    size_t quoted = list.len;
    append_group(&list, &r->s->absent, r->groups[ANGLED].items, r->groups[ANGLED].len, false);
    remove_duplicates(&list, quoted);
    sl_ps_strings *system = &r->groups[SYSTEM];
    if (r->resource_dir)
        sl_vec_push(system, sl_xasprintf("%s/include", r->resource_dir));
    for (const char *const *d = system_dirs; *d; d++)
        sl_vec_push(system, sl_xstrdup(*d));
    append_group(&list, &r->s->absent, system->items, system->len, true);
    append_group(&list, &r->s->absent, r->groups[AFTER].items, r->groups[AFTER].len, false);
    remove_duplicates(&list, quoted);
    for (size_t i = 0; i < list.len; i++)
        sl_vec_push(&r->s->dirs, ((struct sl_ps_dir){list.items[i].path, list.items[i].system}));
    r->s->angled = quoted;
    sl_vec_free(&list);
}

void sl_ps_search_init(struct sl_ps_search *s, const char *const *args, int nargs,
                       const char *resource_dir, const char *const *system_dirs)
{
    struct reader r = {.s = s, .resource_dir = resource_dir, .args = args, .nargs = nargs};
    memset(s, 0, sizeof *s);
    for (r.i = 0; r.i < nargs && !s->why; r.i++)
        if (args[r.i][0] == '-' || args[r.i][0] == '@')
            read_flag(&r);
    if (!r.resource_dir && !s->why)
        s->why = "no resource directory";
    build_list(&r, system_dirs);
    for (int g = 0; g < NGROUPS; g++)
        sl_vec_free(&r.groups[g]);
}

static void free_strings(sl_ps_strings *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    sl_vec_free(v);
}

void sl_ps_search_free(struct sl_ps_search *s)
{
    for (size_t i = 0; i < s->dirs.len; i++)
        free(s->dirs.items[i].path);
    sl_vec_free(&s->dirs);
    free_strings(&s->absent);
    free_strings(&s->forced);
    free_strings(&s->defines);
    free_strings(&s->undefines);
}

char **sl_ps_system_dirs(void)
{
    sl_ps_strings dirs = {0};
    for (const char *p = SL_CLANG_SYSTEM_DIRS; *p;) {
        size_t n = strcspn(p, ":");
        if (n)
            sl_vec_push(&dirs, sl_xstrndup(p, n));
        p += n + (p[n] == ':');
    }
    sl_vec_push(&dirs, NULL);
    return dirs.items;
}

void sl_ps_system_dirs_free(char **dirs)
{
    for (char **d = dirs; *d; d++)
        free(*d);
    free(dirs);
}

const char *sl_ps_search_unknowable(const char *const *system_dirs)
{
    static const char *const vars[] = {"CPATH", "C_INCLUDE_PATH"};
    if (!system_dirs[0])
        return "the system include directories are not known (no clang at build time)";
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        if (getenv(vars[i]) && *getenv(vars[i]))
            return "CPATH or C_INCLUDE_PATH is set";
    return NULL;
}
