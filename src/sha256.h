/*
 * sha256.h: SHA-256 (FIPS 180-4), used to key and checksum the incremental
 * cache (cache.c): entry names hash the tool, models, flags and file, and
 * each entry carries the hash of every file the translation unit read and a
 * checksum of itself. Streaming interface plus hex helpers.
 */
#ifndef SL_SHA256_H
#define SL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SL_SHA256_HEX_LEN 64

struct sl_sha256 {
    uint32_t state[8];
    uint64_t total_len;      /* bytes hashed so far */
    unsigned char block[64];
    size_t block_len;
};

void sl_sha256_init(struct sl_sha256 *h);
void sl_sha256_update(struct sl_sha256 *h, const void *data, size_t len);
/* Adds a string and its terminating NUL, so that ("ab","c") != ("a","bc"). */
void sl_sha256_update_str(struct sl_sha256 *h, const char *s);
/* Writes 64 lowercase hex digits and a NUL to hex. */
void sl_sha256_final_hex(struct sl_sha256 *h, char hex[SL_SHA256_HEX_LEN + 1]);
/* One-shot hash of data[0..len). */
void sl_sha256_hex(const void *data, size_t len, char hex[SL_SHA256_HEX_LEN + 1]);

#endif
