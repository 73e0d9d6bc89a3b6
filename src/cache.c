/*
 * cache.c: the incremental cache (cache.h). An entry file is one line
 * "sessionlint-cache-v2 <checksum of the rest>" followed by a JSON body
 * {"key": entry name, "written": ns, "files": [[path, sha256, stamp], ...],
 * "report": {...}} (report_json.h), plus "absent": [path, ...] when a
 * header was not found (every path where clang would have found it; none
 * may exist when the entry is used); a pass-1 entry has a "part" (xtu.c's
 * JSON) too, and a "report" only when pass 1 checked the file. A file whose
 * stat stamp (size, mtime, ctime, inode, device) is the recorded one, and
 * whose last change came well before the entry was written, is unchanged
 * without being read (git's index does the same; ctime cannot be set back,
 * so `cp -p` or an unpacked archive still changes it); any other file is
 * hashed again. Header stamps and hashes are memoised for the run, so a
 * header that a thousand files include is stat'ed and read once; the memo
 * is the only state the workers share, behind a mutex.
 */
#define _POSIX_C_SOURCE 200809L /* readlink, mkdir, clock_gettime */

#include "cache.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "libclang_file.h"
#include "output.h"
#include "prescan_search.h"
#include "report_json.h"
#include "tu.h"
#include "util.h"

#define ENTRY_MAGIC "sessionlint-cache-v2 "

/* ---- stat stamps ---- */

/* A change this close before the entry was written may share its clock
 * tick with a later edit: such files are always hashed. */
#define RACY_NS 2000000000LL

static long long ns_of(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return ns_of(t);
}

/* "size:mtime:ctime:inode:device", or "" when path cannot be stat'ed;
 * *changed_ns gets its ctime. */
static void file_stamp(const char *path, char stamp[128], long long *changed_ns)
{
    struct stat st;
    stamp[0] = '\0';
    *changed_ns = 0;
    if (stat(path, &st) != 0)
        return;
    *changed_ns = ns_of(st.st_ctim);
    snprintf(stamp, 128, "%lld:%lld:%lld:%llu:%llu", (long long)st.st_size, ns_of(st.st_mtim),
             *changed_ns, (unsigned long long)st.st_ino, (unsigned long long)st.st_dev);
}

/* ---- content hashes, memoised ---- */

struct memo_entry {
    char *path;
    char hash[SL_SHA256_HEX_LEN + 1]; /* "" when the file cannot be read */
};

struct run_stamp {
    char stamp[128];
    long long changed_ns;
};

struct sl_file_hash_memo {
    struct memo_entry *items;
    size_t len, cap;
    struct sl_intern stamp_paths;       /* the files stamped in this run ... */
    SL_VEC(struct run_stamp) stamps;    /* ... and their stamps, by id */
};

static void hash_file(const char *path, char hash[SL_SHA256_HEX_LEN + 1])
{
    size_t len;
    char *text = sl_read_file(path, &len);
    hash[0] = '\0';
    if (text)
        sl_sha256_hex(text, len, hash);
    free(text);
}

/* The hash of path's contents as first seen in this run. Linear search: a
 * run sees a few hundred distinct headers at most. */
static void file_hash(struct sl_cache *c, const char *path, char hash[SL_SHA256_HEX_LEN + 1])
{
    struct sl_file_hash_memo *m = c->memo;
    pthread_mutex_lock(&c->memo_lock);
    for (size_t i = 0; i < m->len; i++) {
        if (strcmp(m->items[i].path, path) == 0) {
            memcpy(hash, m->items[i].hash, SL_SHA256_HEX_LEN + 1);
            pthread_mutex_unlock(&c->memo_lock);
            return;
        }
    }
    pthread_mutex_unlock(&c->memo_lock);
    hash_file(path, hash);
    struct memo_entry e = {.path = sl_xstrdup(path)};
    memcpy(e.hash, hash, SL_SHA256_HEX_LEN + 1);
    pthread_mutex_lock(&c->memo_lock);
    sl_vec_push(m, e);
    pthread_mutex_unlock(&c->memo_lock);
}

/* file_stamp of path as first taken in this run, when an entry is checked:
 * every file of a tree lists the same few hundred headers, so a run would
 * stat each of them once per file. */
static void run_stamp(struct sl_cache *c, const char *path, char stamp[128], long long *changed_ns)
{
    struct sl_file_hash_memo *m = c->memo;
    pthread_mutex_lock(&c->memo_lock);
    int id = sl_intern_find_n(&m->stamp_paths, path, strlen(path));
    if (id >= 0) {
        memcpy(stamp, m->stamps.items[id].stamp, 128);
        *changed_ns = m->stamps.items[id].changed_ns;
        pthread_mutex_unlock(&c->memo_lock);
        return;
    }
    pthread_mutex_unlock(&c->memo_lock);
    file_stamp(path, stamp, changed_ns);
    struct run_stamp taken = {.changed_ns = *changed_ns};
    memcpy(taken.stamp, stamp, 128);
    pthread_mutex_lock(&c->memo_lock);
    id = sl_intern(&m->stamp_paths, path);
    while (m->stamps.len <= (size_t)id)
        sl_vec_push(&m->stamps, taken);
    m->stamps.items[id] = taken;
    pthread_mutex_unlock(&c->memo_lock);
}

/* ---- opening ---- */

char *sl_cache_default_dir(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        return sl_xasprintf("%s/sessionlint", xdg);
    if (home && *home)
        return sl_xasprintf("%s/.cache/sessionlint", home);
    return NULL;
}

static int make_directories(const char *dir)
{
    char *path = sl_xstrdup(dir);
    int rc = 0;
    for (char *p = path + 1; rc == 0; p++) {
        bool end = *p == '\0';
        if (*p != '/' && !end)
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            rc = -1;
        if (end)
            break;
        *p = '/';
    }
    struct stat st;
    if (rc == 0 && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        rc = -1;
    free(path);
    return rc;
}

/* Hashes a file's path and stat stamp; -1 when it cannot be stamped. */
static int hash_file_identity(struct sl_sha256 *h, const char *path)
{
    char stamp[128];
    long long changed;
    file_stamp(path, stamp, &changed);
    if (!stamp[0])
        return -1;
    sl_sha256_update_str(h, path);
    sl_sha256_update_str(h, stamp);
    return 0;
}

/* The running binary's and libclang's identities: their stat stamps (a
 * rebuild, a copy or an upgrade changes the ctime), so results of older code
 * are never reused even when the version number stays. Reading the whole
 * binary each run would cost more than the rest of a warm run, and asking
 * libclang its version would load it (libclang_file.h). */
static int hash_tool(struct sl_sha256 *h)
{
    char exe[PATH_MAX + 1];
    ssize_t n = readlink("/proc/self/exe", exe, PATH_MAX);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    sl_sha256_update_str(h, SL_VERSION);
    return hash_file_identity(h, exe) == 0 &&
                   hash_file_identity(h, sl_libclang_file()) == 0
               ? 0
               : -1;
}

/* Which connections are pooled changes pooled-session-state's findings. */
static void hash_pooling(struct sl_sha256 *h, const struct sl_pooling *p)
{
    const char *const *lists[] = {p ? p->apis : NULL, p ? p->functions : NULL,
                                  p ? p->conninfo : NULL};
    size_t counts[] = {p ? p->napis : 0, p ? p->nfunctions : 0, p ? p->nconninfo : 0};
    for (int l = 0; l < 3; l++) {
        sl_sha256_update_str(h, "pooled:");
        for (size_t i = 0; i < counts[l]; i++)
            sl_sha256_update_str(h, lists[l][i]);
    }
}

static void hash_options(struct sl_sha256 *h, const struct sl_options *opts)
{
    char cwd[PATH_MAX], hash[SL_SHA256_HEX_LEN + 1];
    for (size_t i = 0; i < opts->model->nfiles; i++) {
        hash_file(opts->model->files[i], hash);
        sl_sha256_update_str(h, opts->model->files[i]);
        sl_sha256_update_str(h, hash);
    }
    const char *resource_dir = sl_tu_resource_dir(opts->resource_dir);
    char *settings = sl_xasprintf("headers=%d states=%u steps=%lu resource=%s",
                                  opts->include_headers, opts->max_states, opts->max_steps,
                                  resource_dir ? resource_dir : "-");
    sl_sha256_update_str(h, settings);
    free(settings);
    for (int r = 0; r < SL_RULE_COUNT; r++)
        sl_sha256_update(h, opts->enabled[r] ? "1" : "0", 1);
    hash_pooling(h, opts->pooling);
    sl_sha256_update_str(h, getcwd(cwd, sizeof cwd) ? cwd : "?");
}

int sl_cache_open(struct sl_cache *c, const char *dir, const struct sl_options *opts,
                  char **error)
{
    struct sl_sha256 h;
    memset(c, 0, sizeof *c);
    if (make_directories(dir) < 0) {
        *error = sl_xasprintf("cannot create cache directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    sl_sha256_init(&h);
    if (hash_tool(&h) < 0) {
        *error = sl_xstrdup("cannot read the sessionlint binary to key the cache");
        return -1;
    }
    hash_options(&h, opts);
    sl_sha256_final_hex(&h, c->run_key);
    c->dir = sl_xstrdup(dir);
    c->resource_dir = sl_xstrdup(sl_tu_resource_dir(opts->resource_dir));
    c->system_dirs = sl_ps_system_dirs();
    c->memo = sl_xcalloc(1, sizeof *c->memo);
    pthread_mutex_init(&c->memo_lock, NULL);
    return 0;
}

void sl_cache_close(struct sl_cache *c)
{
    if (!c->dir)
        return;
    for (size_t i = 0; i < c->memo->len; i++)
        free(c->memo->items[i].path);
    sl_vec_free(c->memo);
    sl_intern_free(&c->memo->stamp_paths);
    sl_vec_free(&c->memo->stamps);
    free(c->memo);
    pthread_mutex_destroy(&c->memo_lock);
    free(c->dir);
    free(c->resource_dir);
    sl_ps_system_dirs_free(c->system_dirs);
    memset(c, 0, sizeof *c);
}

/* ---- entries ---- */

/* Every configuration file (config.h) in the file's directory and its
 * parents, whichever of them applies: a superset of what the run reads. */
static void hash_configs(struct sl_sha256 *h, const char *file)
{
    char *dir = sl_xstrdup(file), hash[SL_SHA256_HEX_LEN + 1];
    for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
        *slash = '\0';
        char *config = sl_xasprintf("%s/%s", dir, SL_CONFIG_FILE_NAME);
        hash_file(config, hash);
        sl_sha256_update_str(h, hash);
        free(config);
    }
    free(dir);
}

/* `tag` tells the kinds of entry apart: "" for results, "pass1" for pass 1
 * of a multi-file run (xtu.h). */
static char *entry_path(const struct sl_cache *c, const struct sl_input *in, const char *tag,
                        char key[SL_SHA256_HEX_LEN + 1])
{
    struct sl_sha256 h;
    sl_sha256_init(&h);
    sl_sha256_update_str(&h, tag);
    hash_configs(&h, in->file);
    sl_sha256_update_str(&h, c->run_key);
    sl_sha256_update_str(&h, in->file);
    sl_sha256_update_str(&h, in->display_name);
    for (int i = 0; i < in->nargs; i++)
        sl_sha256_update_str(&h, in->args[i]);
    sl_sha256_final_hex(&h, key);
    return sl_xasprintf("%s/%s.json", c->dir, key);
}

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

/* A checksum against damaged and torn entries, not against someone who can
 * write the cache directory (they could write a valid entry as well): 64
 * bits, eight bytes a step, several times faster than SHA-256, which was
 * most of a warm run's time. */
void sl_cache_checksum(const char *data, size_t len, char hex[SL_CACHE_CHECKSUM_LEN + 1])
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        h = (h ^ mix64(w)) * 0x100000001b3ULL;
    }
    uint64_t tail = 0;
    memcpy(&tail, data + i, len - i);
    h = mix64(h ^ mix64(tail ^ (uint64_t)(len - i) << 56));
    snprintf(hex, SL_CACHE_CHECKSUM_LEN + 1, "%016llx", (unsigned long long)h);
}

/* The entry's JSON body if its checksum holds, else NULL. */
static cJSON *read_entry(const char *path)
{
    size_t len, magic = strlen(ENTRY_MAGIC);
    char *text = sl_read_file(path, &len), sum[SL_CACHE_CHECKSUM_LEN + 1];
    cJSON *body = NULL;
    size_t header = magic + SL_CACHE_CHECKSUM_LEN + 1;
    if (text && len > header && strncmp(text, ENTRY_MAGIC, magic) == 0 && text[header - 1] == '\n') {
        sl_cache_checksum(text + header, len - header, sum);
        if (memcmp(sum, text + magic, SL_CACHE_CHECKSUM_LEN) == 0)
            body = cJSON_ParseWithLength(text + header, len - header);
    }
    free(text);
    return body;
}

/* The file has not been touched since the entry was written at written_ns:
 * same stat stamp, last changed well before. */
static bool stamp_unchanged(struct sl_cache *c, const char *path, const cJSON *recorded,
                            const cJSON *written)
{
    char stamp[128];
    long long changed;
    if (!cJSON_IsString(recorded) || !cJSON_IsNumber(written))
        return false;
    run_stamp(c, path, stamp, &changed);
    return stamp[0] && strcmp(stamp, recorded->valuestring) == 0 &&
           (double)changed + (double)RACY_NS < written->valuedouble;
}

/* True when every file the entry lists still has the recorded contents. */
static bool files_unchanged(struct sl_cache *c, const cJSON *files, const cJSON *written)
{
    const cJSON *file;
    char hash[SL_SHA256_HEX_LEN + 1];
    if (!cJSON_IsArray(files) || cJSON_GetArraySize(files) == 0)
        return false;
    cJSON_ArrayForEach(file, files) {
        const cJSON *path = cJSON_GetArrayItem(file, 0), *recorded = cJSON_GetArrayItem(file, 1);
        if (!cJSON_IsString(path) || !cJSON_IsString(recorded))
            return false;
        if (stamp_unchanged(c, path->valuestring, cJSON_GetArrayItem(file, 2), written))
            continue;
        file_hash(c, path->valuestring, hash);
        if (!hash[0] || strcmp(hash, recorded->valuestring) != 0)
            return false;
    }
    return true;
}

/* True when no path of the entry's "absent" list (headers not found) exists
 * now, and the search list is still what the flags say. */
static bool still_absent(const struct sl_cache *c, const cJSON *absent)
{
    const cJSON *path;
    struct stat st;
    if (!absent)
        return true;
    if (!cJSON_IsArray(absent) || sl_ps_search_unknowable((const char *const *)c->system_dirs))
        return false;
    cJSON_ArrayForEach(path, absent)
        if (!cJSON_IsString(path) || stat(path->valuestring, &st) == 0)
            return false;
    return true;
}

/* The body of the valid entry of kind `tag` for `in`, or NULL. */
static cJSON *load_body(struct sl_cache *c, const struct sl_input *in, const char *tag)
{
    char key[SL_SHA256_HEX_LEN + 1];
    char *path = entry_path(c, in, tag, key);
    cJSON *body = read_entry(path);
    const cJSON *stored_key = cJSON_GetObjectItemCaseSensitive(body, "key");
    bool valid = cJSON_IsString(stored_key) && strcmp(stored_key->valuestring, key) == 0 &&
                 files_unchanged(c, cJSON_GetObjectItemCaseSensitive(body, "files"),
                                 cJSON_GetObjectItemCaseSensitive(body, "written")) &&
                 still_absent(c, cJSON_GetObjectItemCaseSensitive(body, "absent"));
    free(path);
    if (valid)
        return body;
    cJSON_Delete(body);
    return NULL;
}

/* Adds the entry's report to out; false (out untouched) when it has no
 * valid one. */
static bool load_report(const cJSON *body, struct sl_report *out)
{
    return sl_report_from_json(cJSON_GetObjectItemCaseSensitive(body, "report"), out) == 0;
}

bool sl_cache_load(struct sl_cache *c, const struct sl_input *in, struct sl_report *out)
{
    cJSON *body = load_body(c, in, "");
    bool hit = body && load_report(body, out);
    cJSON_Delete(body);
    return hit;
}

cJSON *sl_cache_load_part(struct sl_cache *c, const struct sl_input *in, struct sl_report *report)
{
    cJSON *body = load_body(c, in, "pass1");
    cJSON *part = cJSON_DetachItemFromObjectCaseSensitive(body, "part");
    if (part && report && !load_report(body, report)) {
        cJSON_Delete(part);
        part = NULL;
    }
    cJSON_Delete(body);
    return part;
}

void sl_cache_mix_key(struct sl_cache *c, const char *text)
{
    struct sl_sha256 h;
    sl_sha256_init(&h);
    sl_sha256_update_str(&h, c->run_key);
    sl_sha256_update_str(&h, text);
    sl_sha256_final_hex(&h, c->run_key);
}

struct inclusion_ctx {
    struct sl_cache *cache;
    cJSON *files;
};

static void add_inclusion(CXFile included, CXSourceLocation *stack, unsigned depth,
                          CXClientData data)
{
    struct inclusion_ctx *ic = data;
    char hash[SL_SHA256_HEX_LEN + 1], stamp[128];
    long long changed;
    (void)stack;
    (void)depth;
    CXString name = clang_getFileName(included);
    const char *path = clang_getCString(name);
    file_stamp(path, stamp, &changed); /* before hashing: a later edit changes the stamp */
    file_hash(ic->cache, path, hash);
    cJSON *file = cJSON_CreateArray();
    cJSON_AddItemToArray(file, cJSON_CreateString(path));
    cJSON_AddItemToArray(file, cJSON_CreateString(hash));
    cJSON_AddItemToArray(file, cJSON_CreateString(stamp));
    cJSON_AddItemToArray(ic->files, file);
    clang_disposeString(name);
}

static char *entry_text(const cJSON *body)
{
    char *json = cJSON_PrintUnformatted(body), sum[SL_CACHE_CHECKSUM_LEN + 1];
    if (!json) {
        fputs("sessionlint: out of memory\n", stderr);
        abort();
    }
    sl_cache_checksum(json, strlen(json), sum);
    char *text = sl_xasprintf("%s%s\n%s", ENTRY_MAGIC, sum, json);
    cJSON_free(json);
    return text;
}

/* Writes body (taken) to path (taken). */
static void write_body(char *path, cJSON *body)
{
    char *error = NULL, *text = entry_text(body);
    sl_write_file_atomic(path, text, strlen(text), &error);
    free(error);
    free(text);
    cJSON_Delete(body);
    free(path);
}

/* ---- headers not found ---- */

/* The header a "'x.h' file not found" error names, or NULL for any other
 * diagnostic. libclang parses with KeepGoing, which turns clang's fatal
 * error into a plain one, so the text tells it (clang's diagnostics are not
 * translated). */
static char *missing_header(CXDiagnostic d)
{
    if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error)
        return NULL;
    CXString text = clang_getDiagnosticSpelling(d);
    const char *t = clang_getCString(text);
    const char *end = strstr(t, "' file not found");
    char *header = t[0] == '\'' && end ? sl_xstrndup(t + 1, (size_t)(end - t - 1)) : NULL;
    clang_disposeString(text);
    return header;
}

/* An error the files read do not decide: a header that could not be read,
 * or a fatal error other than a missing header and clang giving up after
 * too many errors. */
static bool unrecordable(CXDiagnostic d)
{
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev < CXDiagnostic_Error)
        return false;
    CXString text = clang_getDiagnosticSpelling(d);
    const char *t = clang_getCString(text);
    bool unreadable = strstr(t, "cannot open file") || strstr(t, "error reading");
    bool other_fatal = sev == CXDiagnostic_Fatal && !strstr(t, "file not found") &&
                       !strstr(t, "too many errors emitted");
    clang_disposeString(text);
    return unreadable || other_fatal;
}

static bool has_unrecordable_error(CXTranslationUnit tu)
{
    bool found = false;
    for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n && !found; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        found = unrecordable(d);
        clang_disposeDiagnostic(d);
    }
    return found;
}

/* The directory of the file holding the #include that d reports: clang
 * looks there first for "x.h"; a -include operand is looked up from the
 * working directory. */
static char *includer_directory(CXDiagnostic d)
{
    CXFile file;
    clang_getExpansionLocation(clang_getDiagnosticLocation(d), &file, NULL, NULL, NULL);
    CXString name = clang_getFileName(file);
    const char *path = clang_getCString(name);
    const char *slash = path ? strrchr(path, '/') : NULL;
    char *dir = slash ? sl_xstrndup(path, (size_t)(slash - path + (slash == path))) : sl_xstrdup(".");
    clang_disposeString(name);
    return dir;
}

static void add_candidate(cJSON *absent, const char *dir, const char *header)
{
    char *path = sl_xasprintf("%s/%s", dir, header);
    cJSON_AddItemToArray(absent, cJSON_CreateString(path));
    free(path);
}

/* Every path where clang would find `header`, the one d reports missing. */
static void add_candidates(cJSON *absent, CXDiagnostic d, const char *header,
                           const struct sl_ps_search *search)
{
    if (header[0] == '/') {
        cJSON_AddItemToArray(absent, cJSON_CreateString(header));
        return;
    }
    char *includer = includer_directory(d);
    add_candidate(absent, includer, header);
    free(includer);
    for (size_t i = 0; i < search->dirs.len; i++)
        add_candidate(absent, search->dirs.items[i].path, header);
    for (size_t i = 0; i < search->absent.len; i++)
        add_candidate(absent, search->absent.items[i], header);
}

/* Adds to body the "absent" list of tu's missing headers (none: nothing
 * added). False when they cannot be recorded: the flags do not tell the
 * whole search list. */
static bool record_absent(const struct sl_cache *c, const struct sl_input *in,
                          CXTranslationUnit tu, cJSON *body)
{
    struct sl_ps_search search;
    bool searched = false, known = true;
    cJSON *absent = NULL;
    for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n && known; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        char *header = missing_header(d);
        if (header && !searched) {
            searched = true;
            sl_ps_search_init(&search, (const char *const *)in->args, in->nargs,
                              c->resource_dir, (const char *const *)c->system_dirs);
            known = !search.why && !sl_ps_search_unknowable((const char *const *)c->system_dirs);
            absent = cJSON_AddArrayToObject(body, "absent");
        }
        if (header && known)
            add_candidates(absent, d, header, &search);
        free(header);
        clang_disposeDiagnostic(d);
    }
    if (searched)
        sl_ps_search_free(&search);
    return known;
}

/* A new entry of kind `tag` for `in`: its key, its files and its missing
 * headers; *path gets where it goes. NULL when it cannot be recorded. */
static cJSON *new_body(struct sl_cache *c, const struct sl_input *in, CXTranslationUnit tu,
                       const char *tag, char **path)
{
    char key[SL_SHA256_HEX_LEN + 1];
    *path = entry_path(c, in, tag, key);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "key", key);
    cJSON_AddNumberToObject(body, "written", (double)now_ns());
    struct inclusion_ctx ic = {.cache = c, .files = cJSON_AddArrayToObject(body, "files")};
    clang_getInclusions(tu, add_inclusion, &ic);
    if (record_absent(c, in, tu, body))
        return body;
    cJSON_Delete(body);
    free(*path);
    return NULL;
}

bool sl_cache_storable(const struct sl_report *rep, CXTranslationUnit tu)
{
    if (rep && !rep->incomplete)
        return true;
    for (size_t i = 0; rep && i < rep->nnotes; i++)
        if (rep->notes[i].level == SL_NOTE_ERROR && strcmp(rep->notes[i].id, "parse-error") != 0)
            return false;
    return !has_unrecordable_error(tu);
}

void sl_cache_store(struct sl_cache *c, const struct sl_input *in, CXTranslationUnit tu,
                    const struct sl_report *rep)
{
    char *path;
    cJSON *body = sl_cache_storable(rep, tu) ? new_body(c, in, tu, "", &path) : NULL;
    if (!body)
        return;
    cJSON_AddItemToObject(body, "report", sl_report_to_json(rep));
    write_body(path, body);
}

void sl_cache_store_part(struct sl_cache *c, const struct sl_input *in, CXTranslationUnit tu,
                         const cJSON *part, const struct sl_report *rep)
{
    char *path;
    cJSON *body = sl_cache_storable(rep, tu) ? new_body(c, in, tu, "pass1", &path) : NULL;
    if (!body)
        return;
    cJSON_AddItemToObject(body, "part", cJSON_Duplicate(part, true));
    if (rep)
        cJSON_AddItemToObject(body, "report", sl_report_to_json(rep));
    write_body(path, body);
}
