/*
 * output.h: writing the tool's output files. Reports are written atomically
 * (temporary file in the same directory, fsync, rename) so that a reader
 * such as a CI upload step or an editor never sees a half-written SARIF log,
 * and an interrupted run leaves the previous file intact.
 */
#ifndef SL_OUTPUT_H
#define SL_OUTPUT_H

#include <stddef.h>

/* Writes data[0..len) to path, replacing it atomically; "-" means standard
 * output. Returns 0, or -1 with *errmsg set to a malloc'd message such as
 * "cannot write 'x.sarif': No such file or directory" (caller frees); on
 * failure no temporary file is left behind and path is unchanged. */
int sl_write_file_atomic(const char *path, const char *data, size_t len, char **errmsg);

#endif
