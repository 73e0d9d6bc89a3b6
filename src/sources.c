/*
 * sources.c: implementation of sources.h. A small list of files read on
 * first use (runs look at a handful of files with findings, so a linear
 * search is enough); lines are found by scanning, which is cheap next to
 * parsing the file with libclang.
 */
#include "sources.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

char *sl_sources_read_stream(FILE *stream, size_t *len)
{
    struct sl_strbuf sb = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stream)) > 0)
        sl_sb_appendn(&sb, chunk, n);
    *len = sb.len;
    if (ferror(stream)) {
        free(sb.buf);
        return NULL;
    }
    return sl_sb_take(&sb);
}

void sl_sources_init(struct sl_sources *s)
{
    memset(s, 0, sizeof *s);
}

void sl_sources_free(struct sl_sources *s)
{
    for (size_t i = 0; i < s->len; i++) {
        free(s->items[i].path);
        free(s->items[i].text);
    }
    sl_vec_free(s);
}

static struct sl_source *find(struct sl_sources *s, const char *path)
{
    for (size_t i = 0; i < s->len; i++)
        if (strcmp(s->items[i].path, path) == 0)
            return &s->items[i];
    return NULL;
}

void sl_sources_override(struct sl_sources *s, const char *path, const char *text, size_t len)
{
    struct sl_source *src = find(s, path);
    if (!src) {
        sl_vec_push(s, ((struct sl_source){.path = sl_xstrdup(path)}));
        src = &s->items[s->len - 1];
    }
    free(src->text);
    src->text = sl_xstrndup(text, len);
    src->len = len;
}

const char *sl_sources_text(struct sl_sources *s, const char *path, size_t *len)
{
    struct sl_source *src = find(s, path);
    if (!src) {
        struct sl_source fresh = {.path = sl_xstrdup(path)};
        fresh.text = sl_read_file(path, &fresh.len);
        sl_vec_push(s, fresh);
        src = &s->items[s->len - 1];
    }
    *len = src->len;
    return src->text;
}

bool sl_sources_line(struct sl_sources *s, const char *path, unsigned line, const char **text,
                     size_t *len)
{
    size_t size;
    const char *p = sl_sources_text(s, path, &size), *end;
    if (!p || line == 0)
        return false;
    end = p + size;
    for (unsigned n = 1; n < line; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return false;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r')
        n--;
    *text = p;
    *len = n;
    return true;
}
