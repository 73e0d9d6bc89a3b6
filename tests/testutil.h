/*
 * testutil.h: helpers shared by the Criterion tests: run the real binary and
 * capture its output, read files, locate the source tree.
 */
#ifndef SL_TESTUTIL_H
#define SL_TESTUTIL_H

#include <stddef.h>

struct sl_run {
    int status;      /* exit code, or 128+signal */
    char *out;       /* captured stdout (NUL-terminated) */
    char *err;       /* captured stderr */
};

/* Runs argv (argv[0] is a path) with optional stdin text; captures output. */
void sl_run_argv(struct sl_run *r, const char *const *argv, const char *stdin_text);
/* Runs a shell command line with /bin/sh -c. */
void sl_run_shell(struct sl_run *r, const char *cmd);
void sl_run_free(struct sl_run *r);

/* Path under the source tree (SL_SOURCE_DIR); static buffer per call slot. */
char *sl_test_path(const char *rel);       /* caller frees */
/* Makes a fresh temporary directory; caller frees the string. */
char *sl_test_tmpdir(void);
/* Removes a directory and everything in it (rm -rf). */
void sl_test_remove_tree(const char *dir);
/* Writes text to path (creating it); returns 0 on success. */
int sl_test_write(const char *path, const char *text);

#endif
