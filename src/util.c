/*
 * util.c: implementation of util.h (allocation, string builder, file reading).
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check_alloc(void *p)
{
    if (!p) {
        fputs("sessionlint: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *sl_xmalloc(size_t n) { return check_alloc(malloc(n ? n : 1)); }
void *sl_xcalloc(size_t count, size_t size) { return check_alloc(calloc(count ? count : 1, size ? size : 1)); }
void *sl_xrealloc(void *p, size_t n) { return check_alloc(realloc(p, n ? n : 1)); }

char *sl_xstrdup(const char *s)
{
    return s ? sl_xstrndup(s, strlen(s)) : NULL;
}

char *sl_xstrndup(const char *s, size_t n)
{
    char *d = sl_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sl_xasprintf(const char *fmt, ...)
{
    struct sl_strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb.buf = sl_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return sb.buf;
}

static void sb_reserve(struct sl_strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    sb->buf = sl_xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void sl_sb_appendn(struct sl_strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sl_sb_append(struct sl_strbuf *sb, const char *s) { sl_sb_appendn(sb, s, strlen(s)); }

void sl_sb_printf(struct sl_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *sl_sb_take(struct sl_strbuf *sb)
{
    char *s = sb->buf ? sb->buf : sl_xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

bool sl_str_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool sl_str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *sl_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct sl_strbuf sb = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sl_sb_appendn(&sb, chunk, n);
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) {
        free(sb.buf);
        errno = err;
        return NULL;
    }
    if (len_out)
        *len_out = sb.len;
    return sl_sb_take(&sb);
}

bool sl_str_eq_or_null(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

/* ---- string interner ---- */

static unsigned long hash_bytes(const char *s, size_t len)
{
    unsigned long h = 5381;
    for (size_t i = 0; i < len; i++)
        h = h * 33 + (unsigned char)s[i];
    return h;
}

static void intern_rehash(struct sl_intern *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 64;
    free(t->slots);
    t->slots = sl_xcalloc(n, sizeof *t->slots);
    t->nslots = n;
    for (size_t i = 0; i < t->len; i++) {
        size_t j = hash_bytes(t->names[i], strlen(t->names[i])) & (n - 1);
        while (t->slots[j])
            j = (j + 1) & (n - 1);
        t->slots[j] = (int)i + 1;
    }
}

/* The slot holding s, or the empty slot where it would go (nslots > 0). */
static size_t intern_slot(const struct sl_intern *t, const char *s, size_t len)
{
    size_t j = hash_bytes(s, len) & (t->nslots - 1);
    while (t->slots[j]) {
        const char *name = t->names[t->slots[j] - 1];
        if (strncmp(name, s, len) == 0 && name[len] == '\0')
            return j;
        j = (j + 1) & (t->nslots - 1);
    }
    return j;
}

int sl_intern_find_n(const struct sl_intern *t, const char *s, size_t len)
{
    return t->nslots ? t->slots[intern_slot(t, s, len)] - 1 : -1;
}

int sl_intern_n(struct sl_intern *t, const char *s, size_t len)
{
    if (t->len * 2 >= t->nslots)
        intern_rehash(t);
    size_t j = intern_slot(t, s, len);
    if (t->slots[j])
        return t->slots[j] - 1;
    if (t->len == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->names = sl_xrealloc(t->names, t->cap * sizeof *t->names);
    }
    t->names[t->len] = sl_xstrndup(s, len);
    t->slots[j] = (int)++t->len;
    return (int)t->len - 1;
}

int sl_intern(struct sl_intern *t, const char *s)
{
    return sl_intern_n(t, s, strlen(s));
}

const char *sl_intern_name(const struct sl_intern *t, int id)
{
    return id >= 0 && (size_t)id < t->len ? t->names[id] : "?";
}

void sl_intern_free(struct sl_intern *t)
{
    for (size_t i = 0; i < t->len; i++)
        free(t->names[i]);
    free(t->names);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
