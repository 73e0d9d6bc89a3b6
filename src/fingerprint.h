/*
 * fingerprint.h: source-text helpers for SARIF output. GitHub code scanning
 * matches alerts across commits by partialFingerprints.primaryLocationLineHash,
 * which codeql-action computes from the file's text (src/fingerprints.ts); we
 * compute the same value so uploads through the REST API dedupe as well as
 * uploads through the action. Both that hash and SARIF's utf16CodeUnits
 * columns count UTF-16 code units of the UTF-8 source, hence the UTF-16 helper.
 */
#ifndef SL_FINGERPRINT_H
#define SL_FINGERPRINT_H

#include <stddef.h>

/* The primaryLocationLineHash of every line of a file's contents. */
struct sl_line_hashes {
    char **hash;   /* hash[i] is line i+1's value, "<hex>:<occurrence>" */
    size_t nlines; /* as codeql counts them: a text ending in a newline has an empty last line */
};

/* Hashes text[0..len) (UTF-8; invalid bytes count as U+FFFD, as in Node).
 * Free the result with sl_line_hashes_free. */
void sl_line_hashes_compute(struct sl_line_hashes *out, const char *text, size_t len);
void sl_line_hashes_free(struct sl_line_hashes *h);

/* Number of UTF-16 code units that the UTF-8 bytes s[0..nbytes) decode to. */
size_t sl_utf16_units(const char *s, size_t nbytes);

/* sessionlint's own versioned fingerprint: 16 hex digits hashing the rule
 * name, the function and the line's text with whitespace runs folded to one
 * space and trimmed (so re-indenting does not change it). function and
 * line_text may be NULL. Caller frees. */
char *sl_fingerprint_finding(const char *rule, const char *function, const char *line_text,
                             size_t line_len);

#endif
