/*
 * cache.h: the incremental cache. One entry per translation unit, named by
 * a hash of everything that decides its result apart from file contents:
 * the sessionlint binary (its path and stat stamp), the libclang version,
 * the models' text,
 * the analysis options, the working directory, the configuration files
 * (.sessionlint.json) above the file, the file, its display name and its
 * compiler arguments. The entry lists every file the unit read
 * (clang_getInclusions: the main file and each header) with the SHA-256 of
 * its contents and its stat stamp; it is used only if all of them are
 * unchanged (same stamp, long enough ago, or else the same hash). Entries
 * are written atomically (output.h) and carry a checksum, so concurrent runs
 * and damaged files are harmless: anything that does not check out is a
 * miss, recomputed and rewritten. Reports with errors other than parse
 * errors are never stored. A header that was not found is recorded as the
 * paths where clang would have found it (the includer's directory and the
 * whole search list, directories that do not exist included); the entry is
 * used only while none of them exists.
 * A multi-file run (xtu.h) keeps a second kind of entry per file, for its
 * pass 1.
 */
#ifndef SL_CACHE_H
#define SL_CACHE_H

#include <cjson/cJSON.h>
#include <clang-c/Index.h>
#include <pthread.h>
#include <stdbool.h>

#include "analyze.h"
#include "inputs.h"
#include "report.h"
#include "sha256.h"

struct sl_file_hash_memo; /* per-run memo of content hashes, shared by workers */

struct sl_cache {
    char *dir;
    char run_key[SL_SHA256_HEX_LEN + 1];
    char *resource_dir;  /* as the parse passes it (NULL: none), and the system */
    char **system_dirs;  /* directories: where a missing header would be looked for */
    struct sl_file_hash_memo *memo;
    pthread_mutex_t memo_lock;
};

/* $XDG_CACHE_HOME/sessionlint, else $HOME/.cache/sessionlint; NULL when
 * neither variable is set. Caller frees. */
char *sl_cache_default_dir(void);

/* Prepares a cache in dir (created with its parents if missing). Returns 0,
 * or -1 with *error (malloc'd, caller frees) when the directory cannot be
 * created or the binary cannot be read to identify the tool. */
int sl_cache_open(struct sl_cache *c, const char *dir, const struct sl_options *opts,
                  char **error);
void sl_cache_close(struct sl_cache *c);

/* On a valid entry for `in`, adds its report to out and returns true. */
bool sl_cache_load(struct sl_cache *c, const struct sl_input *in, struct sl_report *out);

/* Whether rep, the result of parsing and analysing tu, may be stored: it
 * must be a function of the files the parse read and of the headers it did
 * not find, so no error other than parse errors libclang recovered from.
 * Not a budget or a timeout, not an unreadable file or a crash, no fatal
 * error but clang's "too many errors". (Storing can still give up: when
 * the search list of a missing header cannot be known.) */
bool sl_cache_storable(const struct sl_report *rep, CXTranslationUnit tu);

/* Stores rep (the result of `in`, parsed as tu) when sl_cache_storable.
 * Failures to write are ignored: the cache is only an optimisation. */
void sl_cache_store(struct sl_cache *c, const struct sl_input *in, CXTranslationUnit tu,
                    const struct sl_report *rep);

/* The pass-1 entry of `in` (xtu.h): keyed like the result entry (before
 * any sl_cache_mix_key), checked the same way. It holds the caller's JSON
 * `part` and, for a file pass 1 also checked, that check's report. Load
 * returns the part (caller deletes), or NULL on a miss; with `report` not
 * NULL, an entry without a valid report is a miss too, and on a hit the
 * report is added to *report. Store writes nothing unless
 * sl_cache_storable(rep) (rep NULL: no report). */
cJSON *sl_cache_load_part(struct sl_cache *c, const struct sl_input *in, struct sl_report *report);
void sl_cache_store_part(struct sl_cache *c, const struct sl_input *in, CXTranslationUnit tu,
                         const cJSON *part, const struct sl_report *rep);

/* The checksum an entry's first line carries for the rest of the file
 * (16 hex digits; exposed for the tests that damage entries on purpose). */
#define SL_CACHE_CHECKSUM_LEN 16
void sl_cache_checksum(const char *data, size_t len, char hex[SL_CACHE_CHECKSUM_LEN + 1]);

/* Mixes `text` into the key of every entry looked up or written from now
 * on: a file's result in pass 2 depends on every other file's summaries. */
void sl_cache_mix_key(struct sl_cache *c, const char *text);

#endif
