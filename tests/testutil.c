/*
 * testutil.c: implementation of testutil.h (process runner with captured
 * stdout/stderr through temporary files, small file helpers).
 */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static char *slurp_and_unlink(const char *path)
{
    char *s = sl_read_file(path, NULL);
    unlink(path);
    return s ? s : sl_xstrdup("");
}

static int temp_file(char *tmpl)
{
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        perror("mkstemp");
        abort();
    }
    return fd;
}

void sl_run_argv(struct sl_run *r, const char *const *argv, const char *stdin_text)
{
    char out_path[] = "/tmp/sl-test-out-XXXXXX", err_path[] = "/tmp/sl-test-err-XXXXXX",
         in_path[] = "/tmp/sl-test-in-XXXXXX";
    int out_fd = temp_file(out_path), err_fd = temp_file(err_path), in_fd = temp_file(in_path);
    if (stdin_text && write(in_fd, stdin_text, strlen(stdin_text)) < 0)
        abort();
    lseek(in_fd, 0, SEEK_SET);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    close(out_fd);
    close(err_fd);
    close(in_fd);
    unlink(in_path);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r->out = slurp_and_unlink(out_path);
    r->err = slurp_and_unlink(err_path);
}

void sl_run_shell(struct sl_run *r, const char *cmd)
{
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    sl_run_argv(r, argv, NULL);
}

void sl_run_free(struct sl_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *sl_test_path(const char *rel) { return sl_xasprintf("%s/%s", SL_SOURCE_DIR, rel); }

char *sl_test_tmpdir(void)
{
    char tmpl[] = "/tmp/sl-test-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return sl_xstrdup(tmpl);
}

void sl_test_remove_tree(const char *dir)
{
    struct sl_run r;
    char *cmd = sl_xasprintf("rm -rf '%s'", dir);
    sl_run_shell(&r, cmd);
    sl_run_free(&r);
    free(cmd);
}

int sl_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}
