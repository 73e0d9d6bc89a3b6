/*
 * progress.c: implementation of progress.h. "\r" plus the ANSI "erase to
 * end of line" sequence redraws the line; every terminal the tool is used
 * in understands it, and nothing is drawn when standard error is not one.
 */
#define _POSIX_C_SOURCE 200809L /* fileno */

#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#define ERASE_LINE "\r\033[K"

void sl_progress_start(struct sl_progress *p, size_t total, bool quiet)
{
    p->total = total;
    p->active = !quiet && total > SL_PROGRESS_MIN_FILES && isatty(fileno(stderr));
}

void sl_progress_update(const struct sl_progress *p, size_t done, const char *file)
{
    if (!p->active)
        return;
    fprintf(stderr, ERASE_LINE "[%zu/%zu] %s", done + 1, p->total, file);
    fflush(stderr);
}

void sl_progress_end(const struct sl_progress *p)
{
    if (p->active)
        fputs(ERASE_LINE, stderr);
}
