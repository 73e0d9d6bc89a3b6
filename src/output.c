/*
 * output.c: implementation of output.h. The temporary file is created with
 * mkstemp next to the target (rename is only atomic within one file system)
 * and given the mode a plain fopen would have produced (0666 minus the
 * umask) or the mode of the file it replaces, since mkstemp creates 0600.
 */
#define _XOPEN_SOURCE 700 /* mkstemp, fchmod, fsync */

#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int fail(const char *path, int err, char **errmsg)
{
    *errmsg = sl_xasprintf("cannot write '%s': %s", path, strerror(err));
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_stdout(const char *data, size_t len, char **errmsg)
{
    errno = 0;
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
        return fail("<stdout>", errno ? errno : EIO, errmsg);
    return 0;
}

static mode_t new_file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0); /* reading the umask means setting it: put it back */
    umask(mask);
    return 0666 & ~mask;
}

/* "dir/name" -> "dir/.name.XXXXXX" (hidden, so tools watching dir skip it). */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path + 1) : 0;
    return sl_xasprintf("%.*s.%s.XXXXXX", (int)dir_len, path, path + dir_len);
}

int sl_write_file_atomic(const char *path, const char *data, size_t len, char **errmsg)
{
    *errmsg = NULL;
    if (strcmp(path, "-") == 0)
        return write_stdout(data, len, errmsg);

    char *tmp = temp_template(path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return fail(path, err, errmsg);
    }
    int rc = 0;
    if (fchmod(fd, new_file_mode(path)) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0)
        rc = -1;
    int err = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        unlink(tmp);
        fail(path, err, errmsg);
    }
    free(tmp);
    return rc;
}
