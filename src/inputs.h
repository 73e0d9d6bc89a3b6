/*
 * inputs.h: turns the command line's PATHs and compilation database into the
 * list of files to analyse, each with the compiler arguments sl_analyze_file
 * expects (analyze.h). Directories are searched recursively for *.c files;
 * compile commands come from libclang's CXCompilationDatabase (-p BUILD_DIR,
 * --compile-commands FILE, or a compile_commands.json found in a parent
 * directory of the file, as clang-tidy does) and are cleaned of everything
 * that is not about how to parse (argv[0], -c, -o, dependency flags, the
 * source file) with relative include paths made absolute, so the analysis
 * never has to change directory.
 */
#ifndef SL_INPUTS_H
#define SL_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

struct sl_input {
    char *file;          /* absolute path handed to libclang */
    char *display_name;  /* path for reports: as given on the command line, or cwd-relative */
    char **args;         /* compiler arguments, extra arguments last */
    int nargs;
    const char *unsaved; /* contents to analyse instead of the file's (--stdin-filename), */
    size_t unsaved_len;  /* not owned; NULL: the file on disk */
};

struct sl_inputs {
    struct sl_input *items;
    size_t len, cap;
};

struct sl_input_request {
    const char *const *paths;       size_t npaths;  /* files and directories */
    const char *build_dir;          /* -p BUILD_DIR, or NULL */
    const char *compile_commands;   /* --compile-commands FILE, or NULL */
    const char *const *extra_args;  size_t nextra;  /* arguments after "--" */
};

/*
 * Collects the inputs in order: each PATH in turn (directories expanded in
 * name order), or every file of the database when there is no PATH. A
 * missing PATH adds an error notification to rep (the run is incomplete but
 * goes on); a file without a compile command while a database is in use adds
 * a "no-compile-command" warning and gets the extra arguments only; a
 * directory without C files among other PATHs adds a warning. Returns 0, or
 * -1 with *error (malloc'd, caller frees) for a configuration error that
 * must stop the run before anything is analysed: a database that cannot be
 * loaded, or no C file at all where the PATHs exist.
 */
int sl_inputs_collect(const struct sl_input_request *req, struct sl_inputs *out,
                      struct sl_report *rep, char **error);
void sl_inputs_free(struct sl_inputs *in);

/*
 * One compile command (argv[0] first, as the database gives it, run in
 * `directory` on `filename`) turned into analysis arguments: argv[0], -c,
 * -o X, -MD/-MMD/-M/-MM/-MP/-MG, -MF/-MT/-MQ/-MJ X and the source file are
 * dropped; the operands of -I, -isystem, -iquote, -idirafter, -include and
 * -imacros are made absolute against `directory`; extra arguments follow.
 * Returns a malloc'd array of malloc'd strings, its length in *nargs.
 */
char **sl_inputs_command_args(const char *directory, const char *filename,
                              const char *const *argv, int argc,
                              const char *const *extra, size_t nextra, int *nargs);

/* Absolute, lexically normalised form of path ("." and ".." components and
 * repeated slashes removed) against base (the current directory if NULL).
 * Caller frees. */
char *sl_inputs_absolute(const char *base, const char *path);

#endif
