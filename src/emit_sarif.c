/*
 * emit_sarif.c: the SARIF 2.1.0 emitter (emit.h), shaped for GitHub code
 * scanning and the VS Code SARIF viewer as the team's conventions
 * (linter-cli-and-sarif.md, sections 3 and 4) describe: one run, every rule in driver.rules (ruleIndex = position in
 * sl_rules[]), artifact URIs relative to %SRCROOT% and percent-encoded,
 * UTF-16 columns, code flows for the path to each finding, and both the
 * codeql-compatible primaryLocationLineHash and a sessionlint/v1
 * fingerprint. The emitter reads each source file once (cached per path)
 * for column conversion and hashing; an unreadable file keeps byte columns
 * and gets no line hash. Key order is fixed and nothing depends on time, so
 * equal reports give byte-identical logs.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "fingerprint.h"
#include "rule.h"
#include "util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SL_INFORMATION_URI "https://github.com/sessionlint/sessionlint"
#define SRCROOT_ID "%SRCROOT%"

/* Everything the emitter learns about one source file, computed on demand. */
struct source_file {
    char *path;            /* as in the report */
    char *uri;             /* percent-encoded, relative to the root or file:///... */
    bool under_root;       /* uri is relative to %SRCROOT% */
    bool read_tried;
    char *text;            /* NULL when unreadable */
    size_t len;
    size_t *line_starts;   /* byte offset of each line, lines split at '\n' */
    size_t nlines;
    bool hashed;
    struct sl_line_hashes hashes;
};

struct sarif_ctx {
    char *root;            /* resolved, without trailing slash ("" for "/") */
    char *cwd;
    struct source_file *files;
    size_t nfiles, capfiles;
};

/* ---- paths and URIs ---- */

/* RFC 3986 unreserved characters and the path separator pass; the rest
 * (space, %, #, ?, non-ASCII bytes, ...) become %XX. */
static void append_percent_encoded(struct sl_strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            sl_sb_appendn(sb, (const char *)p, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            sl_sb_appendn(sb, esc, 3);
        }
    }
}

/* Lexically resolves "." and ".." segments and repeated slashes of an
 * absolute path (used when realpath fails because the file is gone). */
static char *normalize_absolute(const char *path)
{
    struct sl_strbuf sb = {0};
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0)
            break;
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (sb.len && sb.buf[--sb.len] != '/')
                ;
            if (sb.buf)
                sb.buf[sb.len] = '\0';
        } else if (!(n == 1 && p[0] == '.')) {
            sl_sb_append(&sb, "/");
            sl_sb_appendn(&sb, p, n);
        }
        p += n;
    }
    if (sb.len == 0)
        sl_sb_append(&sb, "/");
    return sl_sb_take(&sb);
}

/* The file's absolute path with symlinks resolved (GitHub cannot show
 * results in symlinked files), or lexically cleaned if it does not exist. */
static char *absolute_path(const char *path, const char *cwd)
{
    char *resolved = realpath(path, NULL);
    if (resolved) {
        char *copy = sl_xstrdup(resolved);
        free(resolved);
        return copy;
    }
    char *joined = path[0] == '/' ? sl_xstrdup(path) : sl_xasprintf("%s/%s", cwd, path);
    char *clean = normalize_absolute(joined);
    free(joined);
    return clean;
}

static char *current_directory(void)
{
    char buf[PATH_MAX];
    return sl_xstrdup(getcwd(buf, sizeof buf) ? buf : "/");
}

/* The root as absolute_path resolves it, minus the trailing slash, so that
 * "root + '/'" is the prefix of every file under it. */
static char *resolve_root(const char *srcroot_abs, const char *cwd)
{
    char *root = absolute_path(srcroot_abs, cwd);
    size_t n = strlen(root);
    if (n && root[n - 1] == '/')
        root[n - 1] = '\0';
    return root;
}

static void set_file_uri(struct sarif_ctx *ctx, struct source_file *sf)
{
    char *abs = absolute_path(sf->path, ctx->cwd);
    size_t root_len = strlen(ctx->root);
    struct sl_strbuf sb = {0};
    sf->under_root = strncmp(abs, ctx->root, root_len) == 0 && abs[root_len] == '/';
    if (sf->under_root) {
        append_percent_encoded(&sb, abs + root_len + 1);
    } else {
        sl_sb_append(&sb, "file://");
        append_percent_encoded(&sb, abs);
    }
    sf->uri = sl_sb_take(&sb);
    free(abs);
}

/* ---- the source-file cache ---- */

static struct source_file *source_file(struct sarif_ctx *ctx, const char *path)
{
    for (size_t i = 0; i < ctx->nfiles; i++)
        if (strcmp(ctx->files[i].path, path) == 0)
            return &ctx->files[i];
    if (ctx->nfiles == ctx->capfiles) {
        ctx->capfiles = ctx->capfiles ? ctx->capfiles * 2 : 16;
        ctx->files = sl_xrealloc(ctx->files, ctx->capfiles * sizeof *ctx->files);
    }
    struct source_file *sf = &ctx->files[ctx->nfiles++];
    memset(sf, 0, sizeof *sf);
    sf->path = sl_xstrdup(path);
    set_file_uri(ctx, sf);
    return sf;
}

/* Reads the file and indexes its lines; false when it cannot be read. */
static bool source_loaded(struct source_file *sf)
{
    if (!sf->read_tried) {
        sf->read_tried = true;
        sf->text = sl_read_file(sf->path, &sf->len);
        if (sf->text) {
            size_t cap = 64;
            sf->line_starts = sl_xmalloc(cap * sizeof *sf->line_starts);
            sf->line_starts[sf->nlines++] = 0;
            for (size_t i = 0; i < sf->len; i++) {
                if (sf->text[i] != '\n')
                    continue;
                if (sf->nlines == cap)
                    sf->line_starts = sl_xrealloc(sf->line_starts, (cap *= 2) * sizeof *sf->line_starts);
                sf->line_starts[sf->nlines++] = i + 1;
            }
        }
    }
    return sf->text != NULL;
}

/* The text of 1-based line `line` without its line terminator. */
static bool source_line(struct source_file *sf, unsigned line, const char **text, size_t *len)
{
    if (!source_loaded(sf) || line == 0 || line > sf->nlines)
        return false;
    size_t start = sf->line_starts[line - 1];
    size_t end = line < sf->nlines ? sf->line_starts[line] - 1 : sf->len;
    if (end > start && sf->text[end - 1] == '\r')
        end--;
    *text = sf->text + start;
    *len = end - start;
    return true;
}

static const char *line_hash(struct source_file *sf, unsigned line)
{
    if (!source_loaded(sf))
        return NULL;
    if (!sf->hashed) {
        sf->hashed = true;
        sl_line_hashes_compute(&sf->hashes, sf->text, sf->len);
    }
    return line >= 1 && line <= sf->hashes.nlines ? sf->hashes.hash[line - 1] : NULL;
}

static void source_file_free(struct source_file *sf)
{
    free(sf->path);
    free(sf->uri);
    free(sf->text);
    free(sf->line_starts);
    sl_line_hashes_free(&sf->hashes);
}

/* ---- locations ---- */

/* Converts a 1-based byte column to a 1-based UTF-16 column. Bytes past the
 * end of the line (an exclusive end column) count one unit each. */
static unsigned utf16_column(struct source_file *sf, unsigned line, unsigned byte_col)
{
    const char *text;
    size_t len;
    if (byte_col == 0)
        return 1;
    if (!source_line(sf, line, &text, &len))
        return byte_col;
    size_t bytes = byte_col - 1, within = bytes < len ? bytes : len;
    return (unsigned)(1 + sl_utf16_units(text, within) + (bytes - within));
}

static bool has_end(const struct sl_loc *loc)
{
    return loc->end_line && loc->end_col &&
           (loc->end_line > loc->line || (loc->end_line == loc->line && loc->end_col >= loc->col));
}

/* A region with all four fields GitHub asks for; an unknown end makes a
 * one-character region. */
static cJSON *region_json(struct source_file *sf, const struct sl_loc *loc)
{
    unsigned start_col = utf16_column(sf, loc->line, loc->col);
    unsigned end_line = loc->line, end_col = start_col + 1;
    if (has_end(loc)) {
        end_line = loc->end_line;
        end_col = utf16_column(sf, loc->end_line, loc->end_col);
    }
    cJSON *region = cJSON_CreateObject();
    cJSON_AddNumberToObject(region, "startLine", loc->line);
    cJSON_AddNumberToObject(region, "startColumn", start_col);
    cJSON_AddNumberToObject(region, "endLine", end_line);
    cJSON_AddNumberToObject(region, "endColumn", end_col);
    return region;
}

static cJSON *physical_location_json(struct sarif_ctx *ctx, const struct sl_loc *loc)
{
    struct source_file *sf = source_file(ctx, loc->file);
    cJSON *phys = cJSON_CreateObject();
    cJSON *artifact = cJSON_AddObjectToObject(phys, "artifactLocation");
    cJSON_AddStringToObject(artifact, "uri", sf->uri);
    if (sf->under_root)
        cJSON_AddStringToObject(artifact, "uriBaseId", SRCROOT_ID);
    if (loc->line)
        cJSON_AddItemToObject(phys, "region", region_json(sf, loc));
    return phys;
}

static void add_message(cJSON *obj, const char *text)
{
    cJSON_AddStringToObject(cJSON_AddObjectToObject(obj, "message"), "text", text ? text : "");
}

/* A location object: physical place, and an optional message. */
static cJSON *location_json(struct sarif_ctx *ctx, const struct sl_loc *loc, const char *message)
{
    cJSON *location = cJSON_CreateObject();
    cJSON_AddItemToObject(location, "physicalLocation", physical_location_json(ctx, loc));
    if (message)
        add_message(location, message);
    return location;
}

/* ---- rules ---- */

/* "session-leak" -> "SessionLeak" (SARIF reportingDescriptor.name). */
static char *camel_case(const char *kebab)
{
    char *out = sl_xstrdup(kebab);
    size_t n = 0;
    bool upper = true;
    for (const char *p = kebab; *p; p++) {
        if (*p == '-') {
            upper = true;
            continue;
        }
        out[n++] = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        upper = false;
    }
    out[n] = '\0';
    return out;
}

static void add_text_object(cJSON *obj, const char *key, const char *text)
{
    cJSON_AddStringToObject(cJSON_AddObjectToObject(obj, key), "text", text);
}

/* GitHub's problem.severity has "recommendation" where SARIF has "note". */
static const char *problem_severity(const char *level)
{
    return strcmp(level, "note") == 0 ? "recommendation" : level;
}

static cJSON *rule_json(const struct sl_rule *rule)
{
    cJSON *json = cJSON_CreateObject();
    char *name = camel_case(rule->name);
    cJSON_AddStringToObject(json, "id", rule->name);
    cJSON_AddStringToObject(json, "name", name);
    free(name);
    add_text_object(json, "shortDescription", rule->short_description);
    add_text_object(json, "fullDescription", rule->full_description);
    cJSON *help = cJSON_AddObjectToObject(json, "help");
    cJSON_AddStringToObject(help, "text", rule->help_text);
    cJSON_AddStringToObject(help, "markdown", rule->help_markdown);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(json, "defaultConfiguration"), "level",
                            rule->default_level);
    cJSON *props = cJSON_AddObjectToObject(json, "properties");
    const char *tags[] = {"correctness", "database"};
    cJSON_AddItemToObject(props, "tags", cJSON_CreateStringArray(tags, 2));
    cJSON_AddStringToObject(props, "precision", rule->precision);
    cJSON_AddStringToObject(props, "problem.severity", problem_severity(rule->default_level));
    return json;
}

static cJSON *driver_json(void)
{
    cJSON *driver = cJSON_CreateObject();
    cJSON_AddStringToObject(driver, "name", "sessionlint");
    cJSON_AddStringToObject(driver, "version", SL_VERSION);
    cJSON_AddStringToObject(driver, "semanticVersion", SL_VERSION);
    cJSON_AddStringToObject(driver, "informationUri", SL_INFORMATION_URI);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    for (int i = 0; i < SL_RULE_COUNT; i++)
        cJSON_AddItemToArray(rules, rule_json(sl_rules[i]));
    return driver;
}

/* ---- results ---- */

static cJSON *primary_location_json(struct sarif_ctx *ctx, const struct sl_finding *f)
{
    cJSON *location = location_json(ctx, &f->loc, NULL);
    if (f->function) {
        cJSON *logical = cJSON_CreateObject();
        cJSON_AddStringToObject(logical, "name", f->function);
        cJSON_AddStringToObject(logical, "kind", "function");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(location, "logicalLocations"), logical);
    }
    return location;
}

static cJSON *related_locations_json(struct sarif_ctx *ctx, const struct sl_finding *f)
{
    cJSON *related = cJSON_CreateArray();
    for (size_t i = 0; i < f->nrelated; i++) {
        cJSON *loc = cJSON_CreateObject();
        cJSON_AddNumberToObject(loc, "id", (double)(i + 1));
        struct sl_loc where = sl_step_loc(f, &f->related[i]);
        cJSON_AddItemToObject(loc, "physicalLocation", physical_location_json(ctx, &where));
        add_message(loc, f->related[i].message);
        cJSON_AddItemToArray(related, loc);
    }
    return related;
}

/* codeFlows[0].threadFlows[0].locations[]: the steps, the last one essential. */
static cJSON *code_flows_json(struct sarif_ctx *ctx, const struct sl_finding *f)
{
    cJSON *steps = cJSON_CreateArray();
    for (size_t i = 0; i < f->nsteps; i++) {
        struct sl_loc where = sl_step_loc(f, &f->steps[i]);
        cJSON *tfl = cJSON_CreateObject();
        cJSON_AddItemToObject(tfl, "location", location_json(ctx, &where, f->steps[i].message));
        if (i + 1 == f->nsteps)
            cJSON_AddStringToObject(tfl, "importance", "essential");
        cJSON_AddItemToArray(steps, tfl);
    }
    cJSON *thread_flow = cJSON_CreateObject();
    cJSON_AddItemToObject(thread_flow, "locations", steps);
    cJSON *code_flow = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(code_flow, "threadFlows"), thread_flow);
    cJSON *flows = cJSON_CreateArray();
    cJSON_AddItemToArray(flows, code_flow);
    return flows;
}

static cJSON *fingerprints_json(struct sarif_ctx *ctx, const struct sl_finding *f)
{
    struct source_file *sf = source_file(ctx, f->loc.file);
    cJSON *fp = cJSON_CreateObject();
    const char *hash = line_hash(sf, f->loc.line);
    if (hash)
        cJSON_AddStringToObject(fp, "primaryLocationLineHash", hash);
    const char *text = NULL;
    size_t len = 0;
    source_line(sf, f->loc.line, &text, &len);
    char *own = sl_fingerprint_finding(sl_rules[f->rule]->name, f->function, text, len);
    cJSON_AddStringToObject(fp, "sessionlint/v1", own);
    free(own);
    return fp;
}

/* fixes[0]: one replacement in the finding's file (the VS Code SARIF
 * viewer offers it as a quick fix; GitHub ignores it). */
static cJSON *fixes_json(struct sarif_ctx *ctx, const struct sl_fix *fix)
{
    cJSON *json = cJSON_CreateObject();
    add_text_object(json, "description", fix->description);
    struct source_file *sf = source_file(ctx, fix->loc.file);
    cJSON *change = cJSON_CreateObject();
    cJSON *artifact = cJSON_AddObjectToObject(change, "artifactLocation");
    cJSON_AddStringToObject(artifact, "uri", sf->uri);
    if (sf->under_root)
        cJSON_AddStringToObject(artifact, "uriBaseId", SRCROOT_ID);
    cJSON *replacement = cJSON_CreateObject();
    cJSON_AddItemToObject(replacement, "deletedRegion", region_json(sf, &fix->loc));
    add_text_object(replacement, "insertedContent", fix->replacement);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(change, "replacements"), replacement);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(json, "artifactChanges"), change);
    cJSON *fixes = cJSON_CreateArray();
    cJSON_AddItemToArray(fixes, json);
    return fixes;
}

/* What the CI gate and the editors added (gate.h): fixes, inline
 * suppressions (--show-suppressed) and the baseline state (--baseline). */
static void add_gate_fields(struct sarif_ctx *ctx, cJSON *result, const struct sl_finding *f)
{
    if (f->fix)
        cJSON_AddItemToObject(result, "fixes", fixes_json(ctx, f->fix));
    if (f->suppressed) {
        cJSON *suppression = cJSON_CreateObject();
        cJSON_AddStringToObject(suppression, "kind", "inSource");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(result, "suppressions"), suppression);
    }
    if (f->baseline != SL_BASELINE_NONE)
        cJSON_AddStringToObject(result, "baselineState",
                                f->baseline == SL_BASELINE_NEW ? "new" : "unchanged");
}

static cJSON *result_json(struct sarif_ctx *ctx, const struct sl_finding *f)
{
    const struct sl_rule *rule = sl_rules[f->rule];
    cJSON *result = cJSON_CreateObject();
    cJSON_AddStringToObject(result, "ruleId", rule->name);
    cJSON_AddNumberToObject(result, "ruleIndex", f->rule);
    cJSON_AddStringToObject(result, "level", sl_finding_level(f));
    add_message(result, f->message);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(result, "locations"), primary_location_json(ctx, f));
    if (f->nrelated)
        cJSON_AddItemToObject(result, "relatedLocations", related_locations_json(ctx, f));
    if (f->nsteps)
        cJSON_AddItemToObject(result, "codeFlows", code_flows_json(ctx, f));
    cJSON_AddItemToObject(result, "partialFingerprints", fingerprints_json(ctx, f));
    add_gate_fields(ctx, result, f);
    if (f->low_confidence)
        cJSON_AddStringToObject(cJSON_AddObjectToObject(result, "properties"), "confidence", "low");
    return result;
}

/* ---- invocation ---- */

static cJSON *notification_json(struct sarif_ctx *ctx, const struct sl_notification *n)
{
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "level", sl_note_level_name(n->level));
    add_message(json, n->message);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(json, "descriptor"), "id", n->id);
    if (n->loc.file)
        cJSON_AddItemToArray(cJSON_AddArrayToObject(json, "locations"), location_json(ctx, &n->loc, NULL));
    return json;
}

static cJSON *invocation_json(struct sarif_ctx *ctx, const struct sl_report *r)
{
    cJSON *invocation = cJSON_CreateObject();
    cJSON_AddBoolToObject(invocation, "executionSuccessful", !r->incomplete);
    cJSON *notes = cJSON_AddArrayToObject(invocation, "toolExecutionNotifications");
    for (size_t i = 0; i < r->nnotes; i++)
        cJSON_AddItemToArray(notes, notification_json(ctx, &r->notes[i]));
    return invocation;
}

/* ---- the log ---- */

static cJSON *run_json(struct sarif_ctx *ctx, const struct sl_report *r)
{
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToObject(cJSON_AddObjectToObject(run, "tool"), "driver", driver_json());
    cJSON_AddStringToObject(cJSON_AddObjectToObject(run, "automationDetails"), "id", "sessionlint/");
    cJSON_AddStringToObject(run, "columnKind", "utf16CodeUnits");

    struct sl_strbuf root_uri = {0};
    sl_sb_append(&root_uri, "file://");
    append_percent_encoded(&root_uri, ctx->root);
    sl_sb_append(&root_uri, "/");
    cJSON *base_ids = cJSON_AddObjectToObject(run, "originalUriBaseIds");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(base_ids, SRCROOT_ID), "uri", root_uri.buf);
    free(root_uri.buf);

    cJSON *results = cJSON_AddArrayToObject(run, "results");
    for (size_t i = 0; i < r->nfindings; i++)
        cJSON_AddItemToArray(results, result_json(ctx, &r->findings[i]));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"), invocation_json(ctx, r));
    return run;
}

char *sl_emit_sarif(const struct sl_report *r, const char *srcroot_abs)
{
    struct sarif_ctx ctx = {0};
    ctx.cwd = current_directory();
    ctx.root = resolve_root(srcroot_abs, ctx.cwd);

    cJSON *log = cJSON_CreateObject();
    cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(log, "version", "2.1.0");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run_json(&ctx, r));

    char *json = cJSON_Print(log);
    if (!json) { /* cJSON allocates with plain malloc; fail like sl_xmalloc does */
        fputs("sessionlint: out of memory\n", stderr);
        abort();
    }
    char *out = sl_xasprintf("%s\n", json);
    cJSON_free(json);
    cJSON_Delete(log);
    for (size_t i = 0; i < ctx.nfiles; i++)
        source_file_free(&ctx.files[i]);
    free(ctx.files);
    free(ctx.root);
    free(ctx.cwd);
    return out;
}
