/*
 * progress.h: the progress line of long runs, "[3/12] src/db.c", redrawn
 * in place on standard error. Shown only when standard error is a terminal,
 * the run has more than a handful of files, and --quiet is not given, so
 * logs, pipes, editors and pre-commit never see it.
 */
#ifndef SL_PROGRESS_H
#define SL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#define SL_PROGRESS_MIN_FILES 5 /* more files than this to show progress */

struct sl_progress {
    bool active;
    size_t total;
};

void sl_progress_start(struct sl_progress *p, size_t total, bool quiet);
/* Before analysing file number `done + 1` of total, named `file`. */
void sl_progress_update(const struct sl_progress *p, size_t done, const char *file);
/* Erases the line. */
void sl_progress_end(const struct sl_progress *p);

#endif
