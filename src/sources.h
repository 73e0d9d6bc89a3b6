/*
 * sources.h: the text of the analysed source files, read once per run and
 * shared by the passes that look at source text after the analysis
 * (suppress.c reads NOLINT comments, baseline.c fingerprints finding lines,
 * the GitLab emitter too). One file can be overridden with a buffer (the
 * editor's unsaved text given with --stdin-filename), so those passes see
 * what libclang analysed, not the file on disk.
 */
#ifndef SL_SOURCES_H
#define SL_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sl_source {
    char *path;       /* as findings name it */
    char *text;       /* NULL when unreadable */
    size_t len;
};

struct sl_sources {
    struct sl_source *items;
    size_t len, cap;
};

/* Reads a whole stream (standard input) into memory; NULL with errno set on
 * a read error. Caller frees. */
char *sl_sources_read_stream(FILE *stream, size_t *len);

void sl_sources_init(struct sl_sources *s);
void sl_sources_free(struct sl_sources *s);
/* Makes `path` read as text[0..len) (copied) instead of the file on disk. */
void sl_sources_override(struct sl_sources *s, const char *path, const char *text, size_t len);
/* The whole text of path (NULL if unreadable); *len receives its length. */
const char *sl_sources_text(struct sl_sources *s, const char *path, size_t *len);
/* Line `line` (1-based) of path without its "\n" or "\r\n"; false if the
 * file is unreadable or shorter. */
bool sl_sources_line(struct sl_sources *s, const char *path, unsigned line, const char **text,
                     size_t *len);

#endif
