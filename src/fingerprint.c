/*
 * fingerprint.c: implementation of fingerprint.h. The line hash follows
 * codeql-action's src/fingerprints.ts step by step (that file is the spec;
 * any deviation makes GitHub log "inconsistent fingerprint" and keep ours):
 * decode the file to UTF-16 code units; drop spaces, tabs and an LF right
 * after a CR; turn CR into LF; keep a rolling hash over a window of the last
 * 100 kept units (h = 37*h + in - 37^100*out, wrapping 64-bit); a line's
 * hash is the value once the 100 units starting at the line's first kept
 * unit have been fed; the end of the file is the unit 65535 followed by
 * zeros. Identical hashes are numbered by occurrence: "<hex>:<n>".
 */
#include "fingerprint.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { HASH_WINDOW = 100, HASH_MOD = 37, UNIT_EOF = 65535, REPLACEMENT_CHAR = 0xFFFD };

/* Decodes one code point from s[0..len) (len >= 1) the way the WHATWG UTF-8
 * decoder (Node's) does: a maximal ill-formed subsequence becomes one
 * U+FFFD. Stores the number of bytes consumed in *used. */
static uint32_t utf8_decode(const unsigned char *s, size_t len, size_t *used)
{
    unsigned char b0 = s[0], lower = 0x80, upper = 0xBF;
    size_t need;
    uint32_t cp;
    *used = 1;
    if (b0 < 0x80)
        return b0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1, cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2, cp = b0 & 0x0Fu;
        lower = b0 == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
        upper = b0 == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3, cp = b0 & 0x07u;
        lower = b0 == 0xF0 ? 0x90 : 0x80;
        upper = b0 == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
    } else {
        return REPLACEMENT_CHAR;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= len || s[i] < lower || s[i] > upper) {
            *used = i; /* the offending byte starts the next decode */
            return REPLACEMENT_CHAR;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
        lower = 0x80, upper = 0xBF;
    }
    *used = need + 1;
    return cp;
}

size_t sl_utf16_units(const char *s, size_t nbytes)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t units = 0, used;
    for (size_t i = 0; i < nbytes; i += used)
        units += utf8_decode(p + i, nbytes - i, &used) >= 0x10000 ? 2 : 1;
    return units;
}

/* Occurrence counts per hash value: a small open-addressing table. */
struct hash_counts {
    uint64_t *keys;
    size_t *counts; /* 0 = empty slot */
    size_t cap, len;
};

static size_t *hash_counts_slot(struct hash_counts *t, uint64_t key)
{
    size_t i = (size_t)(key ^ key >> 29) & (t->cap - 1);
    while (t->counts[i] && t->keys[i] != key)
        i = (i + 1) & (t->cap - 1);
    t->keys[i] = key;
    return &t->counts[i];
}

static void hash_counts_grow(struct hash_counts *t)
{
    struct hash_counts old = *t;
    t->cap = old.cap ? old.cap * 2 : 64;
    t->keys = sl_xcalloc(t->cap, sizeof *t->keys);
    t->counts = sl_xcalloc(t->cap, sizeof *t->counts);
    for (size_t i = 0; i < old.cap; i++)
        if (old.counts[i])
            *hash_counts_slot(t, old.keys[i]) = old.counts[i];
    free(old.keys);
    free(old.counts);
}

/* Returns how many times key has been seen, this time included. */
static size_t hash_counts_bump(struct hash_counts *t, uint64_t key)
{
    if (2 * (t->len + 1) > t->cap)
        hash_counts_grow(t);
    size_t *count = hash_counts_slot(t, key);
    if (*count == 0)
        t->len++;
    return ++*count;
}

/* The state of fingerprints.ts's hash() function, one field per variable. */
struct line_hasher {
    uint32_t window[HASH_WINDOW];
    long line_numbers[HASH_WINDOW]; /* line starting at this window slot, or -1 */
    uint64_t hash, first_mod;       /* first_mod = 37^100 */
    size_t index;
    long line_number;
    bool line_start, prev_cr;
    struct hash_counts counts;
    struct sl_line_hashes *out;
    size_t out_cap;
};

static void output_hash(struct line_hasher *h)
{
    size_t n = hash_counts_bump(&h->counts, h->hash);
    struct sl_line_hashes *out = h->out;
    if (out->nlines == h->out_cap) {
        h->out_cap = h->out_cap ? h->out_cap * 2 : 64;
        out->hash = sl_xrealloc(out->hash, h->out_cap * sizeof *out->hash);
    }
    /* Lines come out in order 1, 2, 3, ... so the slot is the next one. */
    out->hash[out->nlines++] = sl_xasprintf("%" PRIx64 ":%zu", h->hash, n);
    h->line_numbers[h->index] = -1;
}

static void update_hash(struct line_hasher *h, uint32_t unit)
{
    uint32_t begin = h->window[h->index];
    h->window[h->index] = unit;
    h->hash = HASH_MOD * h->hash + unit - h->first_mod * begin;
    h->index = (h->index + 1) % HASH_WINDOW;
}

static void process_unit(struct line_hasher *h, uint32_t unit)
{
    if (unit == ' ' || unit == '\t' || (h->prev_cr && unit == '\n')) {
        h->prev_cr = false;
        return;
    }
    h->prev_cr = unit == '\r';
    if (unit == '\r')
        unit = '\n';
    if (h->line_numbers[h->index] != -1)
        output_hash(h);
    if (h->line_start) {
        h->line_start = false;
        h->line_numbers[h->index] = ++h->line_number;
    }
    if (unit == '\n')
        h->line_start = true;
    update_hash(h, unit);
}

static void process_code_point(struct line_hasher *h, uint32_t cp)
{
    if (cp < 0x10000) {
        process_unit(h, cp);
    } else {
        cp -= 0x10000;
        process_unit(h, 0xD800 + (cp >> 10));
        process_unit(h, 0xDC00 + (cp & 0x3FF));
    }
}

void sl_line_hashes_compute(struct sl_line_hashes *out, const char *text, size_t len)
{
    struct line_hasher h = {.first_mod = 1, .line_start = true, .out = out};
    for (int i = 0; i < HASH_WINDOW; i++) {
        h.first_mod *= HASH_MOD;
        h.line_numbers[i] = -1;
    }
    out->hash = NULL;
    out->nlines = 0;

    const unsigned char *p = (const unsigned char *)text;
    size_t used;
    for (size_t i = 0; i < len; i += used)
        process_code_point(&h, utf8_decode(p + i, len - i, &used));
    process_unit(&h, UNIT_EOF);
    for (int i = 0; i < HASH_WINDOW; i++) {
        if (h.line_numbers[h.index] != -1)
            output_hash(&h);
        update_hash(&h, 0);
    }
    free(h.counts.keys);
    free(h.counts.counts);
}

void sl_line_hashes_free(struct sl_line_hashes *h)
{
    for (size_t i = 0; i < h->nlines; i++)
        free(h->hash[i]);
    free(h->hash);
    h->hash = NULL;
    h->nlines = 0;
}

/* 64-bit FNV-1a: tiny, stable across platforms, good enough to tell lines apart. */
static const uint64_t FNV_OFFSET = 0xcbf29ce484222325u, FNV_PRIME = 0x100000001b3u;

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Hashes the text with each whitespace run as one space, minus leading and
 * trailing whitespace. */
static uint64_t fnv1a_folded(uint64_t h, const char *s, size_t n)
{
    bool pending_space = false, any = false;
    for (size_t i = 0; i < n; i++) {
        if (is_blank(s[i])) {
            pending_space = any;
            continue;
        }
        if (pending_space)
            h = fnv1a(h, " ", 1);
        h = fnv1a(h, &s[i], 1);
        pending_space = false;
        any = true;
    }
    return h;
}

char *sl_fingerprint_finding(const char *rule, const char *function, const char *line_text,
                             size_t line_len)
{
    /* NUL separators keep ("ab", "c") and ("a", "bc") apart. */
    uint64_t h = fnv1a(FNV_OFFSET, rule, strlen(rule) + 1);
    h = function ? fnv1a(h, function, strlen(function) + 1) : fnv1a(h, "", 1);
    if (line_text)
        h = fnv1a_folded(h, line_text, line_len);
    return sl_xasprintf("%016" PRIx64, h);
}
