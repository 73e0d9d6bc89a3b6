/*
 * inputs.c: file discovery and compilation databases (inputs.h). A
 * collector walks the PATHs in order, expanding directories (sorted, hidden
 * directories and symbolic links to directories skipped, so a walk always
 * ends), and gives each file the cleaned compile command of the database in
 * use: the -p / --compile-commands one, or else the closest
 * compile_commands.json above the file. Databases are read once through
 * libclang, every command is cleaned up front and looked up by absolute
 * path; libclang's own lookup is not used because it invents commands for
 * unknown files, and an unknown file must be reported instead.
 */
#define _XOPEN_SOURCE 700 /* realpath, lstat, mkdtemp, symlink */

#include "inputs.h"

#include <clang-c/CXCompilationDatabase.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "response_files.h"
#include "util.h"

#define DB_FILE_NAME "compile_commands.json"

/* ---- paths ---- */

static char *current_dir(void)
{
    char buf[PATH_MAX];
    return sl_xstrdup(getcwd(buf, sizeof buf) ? buf : "/");
}

/* Removes ".", ".." and empty components of an absolute path. */
static char *normalise_absolute(const char *path)
{
    struct sl_strbuf out = {0};
    SL_VEC(size_t) component_starts = {0}; /* offsets in out.buf, for ".." */
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing to add */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (component_starts.len)
                out.len = component_starts.items[--component_starts.len];
        } else {
            sl_vec_push(&component_starts, out.len);
            sl_sb_append(&out, "/");
            sl_sb_appendn(&out, p, n);
        }
        p += n;
    }
    sl_vec_free(&component_starts);
    if (out.len == 0)
        sl_sb_append(&out, "/");
    out.buf[out.len] = '\0';
    return sl_sb_take(&out);
}

char *sl_inputs_absolute(const char *base, const char *path)
{
    if (path[0] == '/')
        return normalise_absolute(path);
    char *cwd = current_dir();
    char *joined = !base ? sl_xasprintf("%s/%s", cwd, path)
                   : base[0] == '/' ? sl_xasprintf("%s/%s", base, path)
                                    : sl_xasprintf("%s/%s/%s", cwd, base, path);
    char *result = normalise_absolute(joined);
    free(joined);
    free(cwd);
    return result;
}

static char *join_path(const char *dir, const char *name)
{
    return sl_str_ends_with(dir, "/") ? sl_xasprintf("%s%s", dir, name)
                                      : sl_xasprintf("%s/%s", dir, name);
}

/* The path users see for an absolute path: relative to cwd when inside it. */
static char *display_from_absolute(const char *abs, const char *cwd)
{
    size_t n = strlen(cwd);
    if (strcmp(cwd, "/") != 0 && strncmp(abs, cwd, n) == 0 && abs[n] == '/')
        return sl_xstrdup(abs + n + 1);
    return sl_xstrdup(abs);
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *real_path_or_null(const char *path)
{
    char buf[PATH_MAX];
    return realpath(path, buf) ? sl_xstrdup(buf) : NULL;
}

/* ---- compile command cleaning ---- */

static const char *const dropped_flags[] = {"-c", "-MD", "-MMD", "-M", "-MM", "-MP", "-MG", "--", NULL};
/* Flags whose value follows ("-o x") or is joined ("-ox"); both dropped. */
static const char *const dropped_with_value[] = {"-o", "-MF", "-MT", "-MQ", "-MJ", NULL};

struct path_flag {
    const char *flag;
    bool joinable; /* "-Idir" as well as "-I dir" */
};
static const struct path_flag path_flags[] = {
    {"-I", true}, {"-isystem", true}, {"-iquote", true}, {"-idirafter", true},
    {"-include", false}, {"-imacros", false},
};
#define PATH_FLAG_COUNT (sizeof path_flags / sizeof path_flags[0])

static bool in_list(const char *arg, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(arg, list[i]) == 0)
            return true;
    return false;
}

static bool has_listed_prefix(const char *arg, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (sl_str_starts_with(arg, list[i]))
            return true;
    return false;
}

static const struct path_flag *find_path_flag(const char *arg)
{
    for (size_t i = 0; i < PATH_FLAG_COUNT; i++)
        if (strcmp(arg, path_flags[i].flag) == 0 ||
            (path_flags[i].joinable && sl_str_starts_with(arg, path_flags[i].flag)))
            return &path_flags[i];
    return NULL;
}

/* A path operand made absolute; "=dir" (sysroot-relative) is left alone. */
static char *absolute_operand(const char *directory, const char *value)
{
    if (value[0] == '=' || value[0] == '\0')
        return sl_xstrdup(value);
    return sl_inputs_absolute(directory, value);
}

static bool is_source_argument(const char *arg, const char *directory, const char *filename,
                               const char *abs_file)
{
    if (arg[0] == '-')
        return false;
    if (strcmp(arg, filename) == 0)
        return true;
    char *abs = sl_inputs_absolute(directory, arg);
    bool same = strcmp(abs, abs_file) == 0;
    free(abs);
    return same;
}

typedef SL_VEC(char *) string_vec;

/* Handles argv[*i] of a compile command, appending what it becomes to out;
 * advances *i past a consumed value. */
static void clean_one_argument(const char *directory, const char *filename, const char *abs_file,
                               const char *const *argv, int argc, int *i, string_vec *out)
{
    const char *arg = argv[*i];
    const struct path_flag *pf;
    if (in_list(arg, dropped_flags) || is_source_argument(arg, directory, filename, abs_file))
        return;
    if (in_list(arg, dropped_with_value)) {
        ++*i;
        return;
    }
    if (has_listed_prefix(arg, dropped_with_value))
        return;
    if ((pf = find_path_flag(arg)) != NULL) {
        size_t flag_len = strlen(pf->flag);
        if (arg[flag_len] != '\0') { /* joined: -Idir */
            char *abs = absolute_operand(directory, arg + flag_len);
            sl_vec_push(out, sl_xasprintf("%s%s", pf->flag, abs));
            free(abs);
            return;
        }
        sl_vec_push(out, sl_xstrdup(arg));
        if (*i + 1 < argc)
            sl_vec_push(out, absolute_operand(directory, argv[++*i]));
        return;
    }
    sl_vec_push(out, sl_xstrdup(arg));
}

char **sl_inputs_command_args(const char *directory, const char *filename,
                              const char *const *argv, int argc,
                              const char *const *extra, size_t nextra, int *nargs)
{
    string_vec out = {0};
    char *abs_dir = sl_inputs_absolute(NULL, directory);
    char *abs_file = sl_inputs_absolute(abs_dir, filename);
    for (int i = 1; i < argc; i++) /* argv[0] is the compiler */
        clean_one_argument(abs_dir, filename, abs_file, argv, argc, &i, &out);
    for (size_t i = 0; i < nextra; i++)
        sl_vec_push(&out, sl_xstrdup(extra[i]));
    free(abs_dir);
    free(abs_file);
    *nargs = (int)out.len;
    if (!out.items) /* callers may rely on a non-NULL array */
        out.items = sl_xcalloc(1, sizeof *out.items);
    return out.items;
}

static char **copy_args(const char *const *args, size_t n)
{
    char **copy = sl_xcalloc(n + 1, sizeof *copy);
    for (size_t i = 0; i < n; i++)
        copy[i] = sl_xstrdup(args[i]);
    return copy;
}

static void free_args(char **args, int nargs)
{
    for (int i = 0; i < nargs; i++)
        free(args[i]);
    free(args);
}

/* ---- compilation databases ---- */

struct db_entry {
    char *file;      /* absolute, normalised */
    char *real_file; /* symlinks resolved, NULL if the file does not exist */
    char **args;     /* cleaned, extra arguments included */
    int nargs;
};

struct compdb {
    char *dir;       /* where it was found, for messages */
    SL_VEC(struct db_entry) entries;
};

static void compdb_free(struct compdb *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->entries.len; i++) {
        struct db_entry *e = &db->entries.items[i];
        free(e->file);
        free(e->real_file);
        free_args(e->args, e->nargs);
    }
    sl_vec_free(&db->entries);
    free(db->dir);
    free(db);
}

static char *take_cxstring(CXString s)
{
    const char *c = clang_getCString(s);
    char *copy = sl_xstrdup(c ? c : "");
    clang_disposeString(s);
    return copy;
}

static const struct db_entry *compdb_find(const struct compdb *db, const char *abs_file,
                                          const char *real_file)
{
    for (size_t i = 0; i < db->entries.len; i++) {
        const struct db_entry *e = &db->entries.items[i];
        if (strcmp(e->file, abs_file) == 0 ||
            (real_file && e->real_file && strcmp(e->real_file, real_file) == 0))
            return e;
    }
    return NULL;
}

static void compdb_add_command(struct compdb *db, CXCompileCommand cmd,
                               const struct sl_input_request *req)
{
    char *directory = take_cxstring(clang_CompileCommand_getDirectory(cmd));
    char *filename = take_cxstring(clang_CompileCommand_getFilename(cmd));
    char *abs_dir = sl_inputs_absolute(NULL, directory);
    struct db_entry e = {.file = sl_inputs_absolute(abs_dir, filename)};
    if (compdb_find(db, e.file, NULL)) { /* a file compiled twice: the first command wins */
        free(e.file);
    } else {
        int argc = (int)clang_CompileCommand_getNumArgs(cmd);
        char **argv = sl_xcalloc((size_t)argc + 1, sizeof *argv);
        for (int i = 0; i < argc; i++)
            argv[i] = take_cxstring(clang_CompileCommand_getArg(cmd, (unsigned)i));
        e.real_file = real_path_or_null(e.file);
        e.args = sl_inputs_command_args(abs_dir, filename, (const char *const *)argv, argc,
                                        req->extra_args, req->nextra, &e.nargs);
        free_args(argv, argc);
        sl_vec_push(&db->entries, e);
    }
    free(abs_dir);
    free(directory);
    free(filename);
}

/* Loads dir/compile_commands.json (which must exist). */
static struct compdb *compdb_load_dir(const char *dir, const char *shown_as,
                                      const struct sl_input_request *req, char **error)
{
    CXCompilationDatabase_Error code = CXCompilationDatabase_NoError;
    char *file = join_path(dir, DB_FILE_NAME);
    int refused = sl_response_files_check(file, error); /* libclang would read them */
    free(file);
    if (refused)
        return NULL;
    CXCompilationDatabase cxdb = clang_CompilationDatabase_fromDirectory(dir, &code);
    if (code != CXCompilationDatabase_NoError || !cxdb) {
        *error = sl_xasprintf("cannot load compilation database '%s'", shown_as);
        return NULL;
    }
    struct compdb *db = sl_xcalloc(1, sizeof *db);
    db->dir = sl_xstrdup(dir);
    CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(cxdb);
    unsigned n = clang_CompileCommands_getSize(all);
    for (unsigned i = 0; i < n; i++)
        compdb_add_command(db, clang_CompileCommands_getCommand(all, i), req);
    clang_CompileCommands_dispose(all);
    clang_CompilationDatabase_dispose(cxdb);
    return db;
}

/* libclang only reads "compile_commands.json" in a directory: a database
 * under another name is linked into a private temporary directory under
 * that name, read, and the link removed again (reading is complete once
 * the load returns). */
static struct compdb *compdb_load_renamed(const char *path, const struct sl_input_request *req,
                                          char **error)
{
    const char *tmp_root = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *real = real_path_or_null(path);
    char *tmp = sl_xasprintf("%s/sessionlint-db-XXXXXX", tmp_root);
    struct compdb *db = NULL;
    if (!mkdtemp(tmp)) {
        *error = sl_xasprintf("cannot create a temporary directory in '%s': %s", tmp_root,
                              strerror(errno));
    } else {
        char *link = join_path(tmp, DB_FILE_NAME);
        if (symlink(real, link) == 0) {
            db = compdb_load_dir(tmp, path, req, error);
            unlink(link);
        } else {
            *error = sl_xasprintf("cannot link '%s' into '%s': %s", path, tmp, strerror(errno));
        }
        rmdir(tmp);
        free(link);
    }
    free(tmp);
    free(real);
    return db;
}

/* The database named by -p or --compile-commands. */
static struct compdb *compdb_load_requested(const struct sl_input_request *req, char **error)
{
    if (req->build_dir) {
        char *file = join_path(req->build_dir, DB_FILE_NAME);
        struct compdb *db = NULL;
        if (!file_exists(file))
            *error = sl_xasprintf("no %s in '%s'", DB_FILE_NAME, req->build_dir);
        else
            db = compdb_load_dir(req->build_dir, file, req, error);
        free(file);
        return db;
    }
    if (!file_exists(req->compile_commands) || is_directory(req->compile_commands)) {
        *error = sl_xasprintf("cannot read compilation database '%s'", req->compile_commands);
        return NULL;
    }
    const char *base = strrchr(req->compile_commands, '/');
    base = base ? base + 1 : req->compile_commands;
    if (strcmp(base, DB_FILE_NAME) != 0)
        return compdb_load_renamed(req->compile_commands, req, error);
    char *dir = sl_inputs_absolute(NULL, req->compile_commands);
    *strrchr(dir, '/') = '\0';
    struct compdb *db = compdb_load_dir(*dir ? dir : "/", req->compile_commands, req, error);
    free(dir);
    return db;
}

/* ---- the collector ---- */

/* Databases found by searching parent directories, cached per directory of
 * an input file (db NULL: none found above it). */
struct found_db {
    char *file_dir;
    struct compdb *db;
    bool owned;      /* this slot frees db (the first directory that found it) */
};

struct collector {
    const struct sl_input_request *req;
    struct sl_inputs *out;
    struct sl_report *rep;
    char *cwd;
    struct compdb *requested;       /* -p / --compile-commands */
    SL_VEC(struct found_db) found;
    char *error;                    /* set: stop with a configuration error */
};

static struct compdb *cached_db_of_dir(struct collector *c, const char *db_dir)
{
    for (size_t i = 0; i < c->found.len; i++)
        if (c->found.items[i].db && strcmp(c->found.items[i].db->dir, db_dir) == 0)
            return c->found.items[i].db;
    return NULL;
}

/* Walks up from dir to the first directory holding compile_commands.json. */
static struct compdb *search_parents(struct collector *c, const char *dir, bool *owned)
{
    char *probe = sl_xstrdup(dir);
    struct compdb *db = NULL;
    *owned = false;
    for (;;) {
        char *file = join_path(probe, DB_FILE_NAME);
        bool found = file_exists(file);
        free(file);
        if (found) {
            db = cached_db_of_dir(c, probe);
            if (!db) {
                db = compdb_load_dir(probe, probe, c->req, &c->error);
                *owned = db != NULL;
            }
            break;
        }
        char *slash = strrchr(probe, '/');
        if (!slash || slash == probe)
            break;
        *slash = '\0';
    }
    free(probe);
    return db;
}

static struct compdb *database_for(struct collector *c, const char *abs_file)
{
    if (c->requested)
        return c->requested;
    char *dir = sl_xstrdup(abs_file);
    *strrchr(dir, '/') = '\0';
    for (size_t i = 0; i < c->found.len; i++)
        if (strcmp(c->found.items[i].file_dir, dir) == 0) {
            free(dir);
            return c->found.items[i].db;
        }
    struct found_db slot = {.file_dir = dir};
    slot.db = search_parents(c, *dir ? dir : "/", &slot.owned);
    sl_vec_push(&c->found, slot);
    return slot.db;
}

static void push_input(struct collector *c, const char *abs_file, const char *display,
                       char **args, int nargs)
{
    struct sl_input in = {sl_xstrdup(abs_file), sl_xstrdup(display), args, nargs, NULL, 0};
    sl_vec_push(c->out, in);
}

static void add_file(struct collector *c, const char *abs_file, const char *display)
{
    struct compdb *db = database_for(c, abs_file);
    if (c->error)
        return;
    char *real = db ? real_path_or_null(abs_file) : NULL;
    const struct db_entry *e = db ? compdb_find(db, abs_file, real) : NULL;
    free(real);
    if (e) {
        push_input(c, abs_file, display, copy_args((const char *const *)e->args, (size_t)e->nargs),
                   e->nargs);
        return;
    }
    if (db) {
        char *msg = sl_xasprintf("no compile command for '%s'; using fallback flags", display);
        sl_report_add_note(c->rep, SL_NOTE_WARNING, "no-compile-command", display, 0, 0, msg);
        free(msg);
    }
    push_input(c, abs_file, display, copy_args(c->req->extra_args, c->req->nextra),
               (int)c->req->nextra);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir except "." and "..", sorted; NULL with errno if unreadable. */
static char **sorted_entries(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    string_vec names = {0};
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            sl_vec_push(&names, sl_xstrdup(ent->d_name));
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof *names.items, compare_names);
    *count = names.len;
    return names.items ? names.items : sl_xcalloc(1, sizeof(char *));
}

static void note_unreadable(struct collector *c, const char *display, int err)
{
    char *msg = sl_xasprintf("cannot access '%s': %s", display, strerror(err));
    sl_report_add_note(c->rep, SL_NOTE_ERROR, "file-unreadable", NULL, 0, 0, msg);
    free(msg);
}

static void walk_directory(struct collector *c, const char *abs_dir, const char *display_dir)
{
    size_t count = 0;
    char **names = sorted_entries(abs_dir, &count);
    if (!names) {
        note_unreadable(c, display_dir, errno);
        return;
    }
    for (size_t i = 0; i < count && !c->error; i++) {
        char *abs = join_path(abs_dir, names[i]), *display = join_path(display_dir, names[i]);
        struct stat st;
        if (lstat(abs, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (names[i][0] != '.')
                walk_directory(c, abs, display);
        } else if (sl_str_ends_with(names[i], ".c") && stat(abs, &st) == 0 && S_ISREG(st.st_mode)) {
            add_file(c, abs, display);
        }
        free(abs);
        free(display);
    }
    free_args(names, (int)count);
}

static void add_path(struct collector *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        note_unreadable(c, path, errno);
        return;
    }
    char *abs = sl_inputs_absolute(c->cwd, path);
    if (S_ISDIR(st.st_mode)) {
        size_t before = c->out->len;
        walk_directory(c, abs, path);
        if (c->out->len == before && !c->error && c->req->npaths > 1) {
            char *msg = sl_xasprintf("no C files found under '%s'", path);
            sl_report_add_note(c->rep, SL_NOTE_WARNING, "no-c-files", NULL, 0, 0, msg);
            free(msg);
        }
    } else if (!S_ISREG(st.st_mode)) { /* a FIFO or device would block or never end */
        char *msg = sl_xasprintf("cannot read '%s': not a regular file", path);
        sl_report_add_note(c->rep, SL_NOTE_ERROR, "file-unreadable", NULL, 0, 0, msg);
        free(msg);
    } else {
        add_file(c, abs, path);
    }
    free(abs);
}

static void add_whole_database(struct collector *c)
{
    for (size_t i = 0; i < c->requested->entries.len; i++) {
        const struct db_entry *e = &c->requested->entries.items[i];
        char *display = display_from_absolute(e->file, c->cwd);
        push_input(c, e->file, display, copy_args((const char *const *)e->args, (size_t)e->nargs),
                   e->nargs);
        free(display);
    }
}

/* Nothing to analyse although every PATH exists: a configuration error. */
static void check_not_empty(struct collector *c, size_t notes_before)
{
    bool missing_paths = false;
    for (size_t i = notes_before; i < c->rep->nnotes; i++)
        missing_paths |= c->rep->notes[i].level == SL_NOTE_ERROR;
    if (c->out->len || missing_paths || c->error)
        return;
    if (c->req->npaths == 1)
        c->error = sl_xasprintf("no C files found under '%s'", c->req->paths[0]);
    else if (c->req->npaths > 1)
        c->error = sl_xstrdup("no C files found in the given paths");
    else
        c->error = sl_xstrdup("the compilation database lists no files");
}

static void collector_free(struct collector *c)
{
    for (size_t i = 0; i < c->found.len; i++) {
        if (c->found.items[i].owned)
            compdb_free(c->found.items[i].db);
        free(c->found.items[i].file_dir);
    }
    sl_vec_free(&c->found);
    compdb_free(c->requested);
    free(c->cwd);
}

int sl_inputs_collect(const struct sl_input_request *req, struct sl_inputs *out,
                      struct sl_report *rep, char **error)
{
    struct collector c = {.req = req, .out = out, .rep = rep, .cwd = current_dir()};
    size_t notes_before = rep->nnotes;
    *error = NULL;
    if (req->build_dir || req->compile_commands)
        c.requested = compdb_load_requested(req, &c.error);
    if (!c.error && req->npaths == 0 && c.requested)
        add_whole_database(&c);
    for (size_t i = 0; i < req->npaths && !c.error; i++)
        add_path(&c, req->paths[i]);
    check_not_empty(&c, notes_before);
    collector_free(&c);
    if (c.error) {
        *error = c.error;
        return -1;
    }
    return 0;
}

void sl_inputs_free(struct sl_inputs *in)
{
    for (size_t i = 0; i < in->len; i++) {
        free(in->items[i].file);
        free(in->items[i].display_name);
        free_args(in->items[i].args, in->items[i].nargs);
    }
    sl_vec_free(in);
}
