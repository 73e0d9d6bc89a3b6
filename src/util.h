/*
 * util.h: small shared helpers for the whole tool: checked allocation, a
 * growable array macro, a string builder and a few string functions. Every
 * allocation failure aborts with a message (an analyser that runs out of
 * memory cannot report anything useful); nothing here does I/O but sl_read_file.
 */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Allocation that never returns NULL. Caller owns the result. */
void *sl_xmalloc(size_t n);
void *sl_xcalloc(size_t count, size_t size);
void *sl_xrealloc(void *p, size_t n);
char *sl_xstrdup(const char *s);                /* NULL in, NULL out */
char *sl_xstrndup(const char *s, size_t n);
char *sl_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable array: struct { T *items; size_t len, cap; }. */
#define SL_VEC(T) struct { T *items; size_t len, cap; }
#define sl_vec_push(v, x)                                                       \
    do {                                                                        \
        if ((v)->len == (v)->cap) {                                             \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                             \
            (v)->items = sl_xrealloc((v)->items, (v)->cap * sizeof *(v)->items); \
        }                                                                       \
        (v)->items[(v)->len++] = (x);                                           \
    } while (0)
#define sl_vec_free(v) (free((v)->items), (v)->items = NULL, (v)->len = (v)->cap = 0)

/* String builder; buf is always NUL-terminated once anything was appended. */
struct sl_strbuf {
    char *buf;
    size_t len, cap;
};
void sl_sb_append(struct sl_strbuf *sb, const char *s);
void sl_sb_appendn(struct sl_strbuf *sb, const char *s, size_t n);
void sl_sb_printf(struct sl_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sl_sb_take(struct sl_strbuf *sb); /* returns buf ("" if empty), resets sb; caller frees */

bool sl_str_ends_with(const char *s, const char *suffix);
bool sl_str_starts_with(const char *s, const char *prefix);
/* Equal strings, or both NULL. */
bool sl_str_eq_or_null(const char *a, const char *b);

/* A string interner: each distinct string gets the next id from 0. */
struct sl_intern {
    char **names;  size_t len, cap;
    int *slots;    size_t nslots;   /* open addressing: index+1, 0 = empty */
};
int sl_intern(struct sl_intern *t, const char *s);
/* The same for the len bytes at s, which need not end in a NUL but hold none. */
int sl_intern_n(struct sl_intern *t, const char *s, size_t len);
int sl_intern_find_n(const struct sl_intern *t, const char *s, size_t len); /* -1: not there */
const char *sl_intern_name(const struct sl_intern *t, int id); /* "?" when out of range */
void sl_intern_free(struct sl_intern *t);

/* Reads a whole file; returns malloc'd NUL-terminated contents or NULL with
 * errno set. *len_out (optional) receives the byte length. */
char *sl_read_file(const char *path, size_t *len_out);

#endif
