/*
 * sarif_read.c: the SARIF log reader (sarif_read.h), with cJSON. A log is
 * read run by run; rules of all runs go into one table (the first run that
 * defines an id wins, which is what a merged log of one tool needs), and
 * each result keeps what the report shows. Optional members may be absent;
 * a member that is present with the wrong JSON type is an error naming the
 * result and the member, so a truncated or hand-edited log fails with a
 * message instead of a half-empty report.
 */
#define _POSIX_C_SOURCE 200809L /* access */

#include "sarif_read.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MAX_BASE_DEPTH 8 /* originalUriBaseIds entries may refer to each other */

struct reader {
    struct sl_sarif_log *log;
    char *error;            /* first error, malloc'd */
    const cJSON *base_ids;  /* the current run's originalUriBaseIds */
    bool utf16_columns;     /* the current run's columnKind */
    char where[64];         /* "runs[0].results[3]" for messages */
};

static void fail(struct reader *rd, const char *what, const char *key)
{
    if (!rd->error)
        rd->error = sl_xasprintf("%s: '%s' %s", rd->where, key, what);
}

/* obj[key] when it has the expected type; NULL when absent; NULL and an
 * error when present with another type. */
static const cJSON *member(struct reader *rd, const cJSON *obj, const char *key,
                           cJSON_bool (*is_type)(const cJSON *), const char *type_name)
{
    const cJSON *item = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!item || is_type(item))
        return item;
    fail(rd, type_name, key);
    return NULL;
}

static const cJSON *object_member(struct reader *rd, const cJSON *obj, const char *key)
{
    return member(rd, obj, key, cJSON_IsObject, "is not an object");
}

static const cJSON *array_member(struct reader *rd, const cJSON *obj, const char *key)
{
    return member(rd, obj, key, cJSON_IsArray, "is not an array");
}

static const char *string_member(struct reader *rd, const cJSON *obj, const char *key)
{
    const cJSON *item = member(rd, obj, key, cJSON_IsString, "is not a string");
    return item ? item->valuestring : NULL;
}

static unsigned unsigned_member(struct reader *rd, const cJSON *obj, const char *key)
{
    const cJSON *item = member(rd, obj, key, cJSON_IsNumber, "is not a number");
    return item && item->valuedouble >= 1 && item->valuedouble < 1e9 ? (unsigned)item->valuedouble
                                                                      : 0;
}

/* obj.key.text: SARIF's message and multiformatMessageString shape. */
static const char *text_of(struct reader *rd, const cJSON *obj, const char *key)
{
    return string_member(rd, object_member(rd, obj, key), "text");
}

/* ---- URIs and paths ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *sl_uri_decode(const char *uri)
{
    char *out = sl_xmalloc(strlen(uri) + 1), *o = out;
    for (const char *p = uri; *p; p++) {
        int hi = p[0] == '%' ? hex_value(p[1]) : -1, lo = hi >= 0 ? hex_value(p[2]) : -1;
        if (lo >= 0 && (hi || lo)) { /* never decode %00: it would cut the path */
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* "file:///a/b" and "file://localhost/a/b" -> "/a/b"; NULL if not a local file URI. */
static char *file_uri_path(const char *uri)
{
    if (strncmp(uri, "file:", 5) != 0)
        return NULL;
    const char *p = uri + 5;
    if (strncmp(p, "//localhost/", 12) == 0)
        p += 11;
    else if (strncmp(p, "///", 3) == 0)
        p += 2;
    else if (p[0] != '/' || p[1] == '/')
        return NULL; /* another host */
    return sl_uri_decode(p);
}

static char *join_path(const char *dir, const char *rel)
{
    size_t n = strlen(dir);
    bool slash = n > 0 && dir[n - 1] == '/';
    return sl_xasprintf("%s%s%s", dir, slash || n == 0 ? "" : "/", rel);
}

/* The directory a uriBaseId stands for, as a local path; NULL if unknown. */
static char *base_directory(struct reader *rd, const char *base_id, int depth)
{
    const cJSON *entry = object_member(rd, rd->base_ids, base_id);
    const char *uri = string_member(rd, entry, "uri");
    if (!uri || depth > MAX_BASE_DEPTH)
        return NULL;
    char *path = file_uri_path(uri);
    if (path)
        return path;
    char *decoded = sl_uri_decode(uri);
    const char *parent_id = string_member(rd, entry, "uriBaseId");
    char *parent = parent_id ? base_directory(rd, parent_id, depth + 1) : NULL;
    char *joined = parent ? join_path(parent, decoded) : NULL;
    free(parent);
    if (!joined)
        return decoded;
    free(decoded);
    return joined;
}

static bool readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Fills place->file and place->path from an artifactLocation. */
static void resolve_artifact(struct reader *rd, const cJSON *artifact, struct sl_sarif_place *place)
{
    const char *uri = string_member(rd, artifact, "uri");
    const char *base_id = string_member(rd, artifact, "uriBaseId");
    if (!uri)
        return;
    char *absolute = file_uri_path(uri);
    if (absolute) {
        place->file = absolute;
        place->path = readable(absolute) ? sl_xstrdup(absolute) : NULL;
        return;
    }
    place->file = sl_uri_decode(uri);
    char *base = base_id ? base_directory(rd, base_id, 0) : NULL;
    char *candidate = base ? join_path(base, place->file) : NULL;
    free(base);
    if (candidate && readable(candidate))
        place->path = candidate;
    else {
        free(candidate); /* a log from elsewhere: try the current directory */
        place->path = readable(place->file) ? sl_xstrdup(place->file) : NULL;
    }
}

/* ---- locations ---- */

static void read_region(struct reader *rd, const cJSON *region, struct sl_sarif_region *out)
{
    out->line = unsigned_member(rd, region, "startLine");
    out->col = unsigned_member(rd, region, "startColumn");
    out->end_line = unsigned_member(rd, region, "endLine");
    out->end_col = unsigned_member(rd, region, "endColumn");
    if (out->line && !out->end_line)
        out->end_line = out->line; /* SARIF: endLine defaults to startLine */
}

/* A SARIF location object (physicalLocation + message) into place. */
static void read_location(struct reader *rd, const cJSON *location, struct sl_sarif_place *place)
{
    const cJSON *physical = object_member(rd, location, "physicalLocation");
    resolve_artifact(rd, object_member(rd, physical, "artifactLocation"), place);
    read_region(rd, object_member(rd, physical, "region"), &place->region);
    place->message = sl_xstrdup(text_of(rd, location, "message"));
}

static void place_free(struct sl_sarif_place *p)
{
    free(p->file);
    free(p->path);
    free(p->message);
}

static void copy_place(struct sl_sarif_place *dst, const struct sl_sarif_place *src)
{
    dst->file = sl_xstrdup(src->file);
    dst->path = sl_xstrdup(src->path);
    dst->region = src->region;
    dst->message = sl_xstrdup(src->message);
}

/* ---- rules ---- */

static int find_rule(const struct sl_sarif_log *log, const char *id)
{
    for (size_t i = 0; id && i < log->nrules; i++)
        if (strcmp(log->rules[i].id, id) == 0)
            return (int)i;
    return -1;
}

static void read_rule(struct reader *rd, const cJSON *json)
{
    const char *id = string_member(rd, json, "id");
    if (!id || find_rule(rd->log, id) >= 0)
        return;
    const cJSON *help = object_member(rd, json, "help");
    struct sl_sarif_rule rule = {
        .id = sl_xstrdup(id),
        .short_description = sl_xstrdup(text_of(rd, json, "shortDescription")),
        .help_text = sl_xstrdup(string_member(rd, help, "text")),
        .help_markdown = sl_xstrdup(string_member(rd, help, "markdown")),
        .level = sl_xstrdup(string_member(rd, object_member(rd, json, "defaultConfiguration"),
                                          "level")),
    };
    rd->log->rules = sl_xrealloc(rd->log->rules, (rd->log->nrules + 1) * sizeof rule);
    rd->log->rules[rd->log->nrules++] = rule;
}

static void read_rules(struct reader *rd, const cJSON *run, size_t run_index)
{
    snprintf(rd->where, sizeof rd->where, "runs[%zu].tool.driver", run_index);
    const cJSON *driver = object_member(rd, object_member(rd, run, "tool"), "driver");
    const cJSON *rule;
    cJSON_ArrayForEach(rule, array_member(rd, driver, "rules"))
        read_rule(rd, rule);
}

/* ---- results ---- */

/* result.ruleId, else result.rule.id, else the id at ruleIndex in the driver. */
static const char *result_rule_id(struct reader *rd, const cJSON *result, const cJSON *run)
{
    const char *id = string_member(rd, result, "ruleId");
    if (!id)
        id = string_member(rd, object_member(rd, result, "rule"), "id");
    const cJSON *index = member(rd, result, "ruleIndex", cJSON_IsNumber, "is not a number");
    if (!id && index) {
        const cJSON *driver = object_member(rd, object_member(rd, run, "tool"), "driver");
        const cJSON *rule = cJSON_GetArrayItem(array_member(rd, driver, "rules"), index->valueint);
        id = string_member(rd, rule, "id");
    }
    return id;
}

static const char *function_name(struct reader *rd, const cJSON *location)
{
    const cJSON *logical = cJSON_GetArrayItem(array_member(rd, location, "logicalLocations"), 0);
    const char *name = string_member(rd, logical, "fullyQualifiedName");
    return name ? name : string_member(rd, logical, "name");
}

static void read_steps(struct reader *rd, const cJSON *result, struct sl_sarif_result *out)
{
    const cJSON *flow = cJSON_GetArrayItem(array_member(rd, result, "codeFlows"), 0);
    const cJSON *thread = cJSON_GetArrayItem(array_member(rd, flow, "threadFlows"), 0);
    const cJSON *steps = array_member(rd, thread, "locations"), *step;
    size_t n = (size_t)cJSON_GetArraySize(steps);
    if (n == 0) { /* no code flow: the finding itself is the only step */
        out->steps = sl_xcalloc(1, sizeof *out->steps);
        copy_place(&out->steps[0], &out->loc);
        out->steps[0].message = sl_xstrdup(out->message);
        out->nsteps = 1;
        return;
    }
    out->steps = sl_xcalloc(n, sizeof *out->steps);
    cJSON_ArrayForEach(step, steps)
        read_location(rd, object_member(rd, step, "location"), &out->steps[out->nsteps++]);
}

static void read_result(struct reader *rd, const cJSON *json, const cJSON *run,
                        struct sl_sarif_result *out)
{
    if (!cJSON_IsObject(json)) {
        rd->error = sl_xasprintf("%s: not an object", rd->where);
        return;
    }
    out->utf16_columns = rd->utf16_columns;
    const char *id = result_rule_id(rd, json, run);
    out->rule_id = sl_xstrdup(id ? id : "(no rule)");
    out->rule = find_rule(rd->log, id);
    const char *level = string_member(rd, json, "level");
    if (!level && out->rule >= 0)
        level = rd->log->rules[out->rule].level;
    out->level = sl_xstrdup(level ? level : "warning");
    const char *message = text_of(rd, json, "message");
    out->message = sl_xstrdup(message ? message : "(no message)");
    const cJSON *primary = cJSON_GetArrayItem(array_member(rd, json, "locations"), 0);
    out->function = sl_xstrdup(function_name(rd, primary));
    read_location(rd, primary, &out->loc);
    free(out->loc.message);
    out->loc.message = NULL;
    read_steps(rd, json, out);
}

static void read_results(struct reader *rd, const cJSON *run, size_t run_index)
{
    snprintf(rd->where, sizeof rd->where, "runs[%zu]", run_index);
    const cJSON *results = array_member(rd, run, "results"), *result;
    const char *column_kind = string_member(rd, run, "columnKind");
    rd->base_ids = object_member(rd, run, "originalUriBaseIds");
    rd->utf16_columns = !column_kind || strcmp(column_kind, "unicodeCodePoints") != 0;
    size_t n = rd->log->nresults + (size_t)cJSON_GetArraySize(results), i = 0;
    rd->log->results = sl_xrealloc(rd->log->results, (n ? n : 1) * sizeof *rd->log->results);
    cJSON_ArrayForEach(result, results) {
        if (rd->error)
            return;
        snprintf(rd->where, sizeof rd->where, "runs[%zu].results[%zu]", run_index, i++);
        struct sl_sarif_result *out = &rd->log->results[rd->log->nresults++];
        memset(out, 0, sizeof *out);
        read_result(rd, result, run, out);
    }
}

/* ---- the log ---- */

/* "not valid JSON (line 3, column 7)" from cJSON's error position. */
static char *json_error(const char *text)
{
    const char *at = cJSON_GetErrorPtr();
    unsigned line = 1, col = 1;
    for (const char *p = text; at && p < at && *p; p++) {
        col = *p == '\n' ? 1 : col + 1;
        line += *p == '\n';
    }
    return at ? sl_xasprintf("not valid JSON (line %u, column %u)", line, col)
              : sl_xstrdup("not valid JSON");
}

static void read_log(struct reader *rd, const cJSON *root)
{
    snprintf(rd->where, sizeof rd->where, "the log");
    const char *version = string_member(rd, root, "version");
    const cJSON *runs = array_member(rd, root, "runs"), *run;
    if (rd->error)
        return;
    if (!cJSON_IsObject(root) || !version || strcmp(version, "2.1.0") != 0 || !runs) {
        rd->error = sl_xstrdup("not a SARIF 2.1.0 log (it needs \"version\": \"2.1.0\" and a "
                               "\"runs\" array)");
        return;
    }
    size_t i = 0;
    cJSON_ArrayForEach(run, runs) {
        if (!cJSON_IsObject(run)) {
            rd->error = sl_xasprintf("runs[%zu]: not an object", i);
            return;
        }
        read_rules(rd, run, i);
        read_results(rd, run, i++);
    }
}

int sl_sarif_read(const char *text, struct sl_sarif_log *log, char **error)
{
    struct reader rd = {.log = log};
    memset(log, 0, sizeof *log);
    *error = NULL;
    cJSON *root = cJSON_Parse(text);
    if (!root) {
        *error = json_error(text);
        return -1;
    }
    read_log(&rd, root);
    cJSON_Delete(root);
    *error = rd.error;
    return rd.error ? -1 : 0;
}

void sl_sarif_log_free(struct sl_sarif_log *log)
{
    for (size_t i = 0; i < log->nrules; i++) {
        struct sl_sarif_rule *r = &log->rules[i];
        free(r->id);
        free(r->short_description);
        free(r->help_text);
        free(r->help_markdown);
        free(r->level);
    }
    for (size_t i = 0; i < log->nresults; i++) {
        struct sl_sarif_result *r = &log->results[i];
        free(r->rule_id);
        free(r->level);
        free(r->message);
        free(r->function);
        place_free(&r->loc);
        for (size_t s = 0; s < r->nsteps; s++)
            place_free(&r->steps[s]);
        free(r->steps);
    }
    free(log->rules);
    free(log->results);
    memset(log, 0, sizeof *log);
}
