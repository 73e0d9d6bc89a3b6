/*
 * baseline.c: implementation of baseline.h. The file is read and written
 * with cJSON; entries keep the report's order (sorted by file and line), so
 * that a re-written baseline diffs cleanly in review. Matching is a
 * multiset match: two identical findings need two entries.
 */
#include "baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "emit_json.h"
#include "fingerprint.h"
#include "output.h"
#include "rule.h"
#include "util.h"

#define BASELINE_VERSION 1

char *sl_baseline_fingerprint(const struct sl_finding *f, struct sl_sources *src)
{
    const char *text = NULL;
    size_t len = 0;
    sl_sources_line(src, f->loc.file, f->loc.line, &text, &len);
    return sl_fingerprint_finding(sl_rules[f->rule]->name, f->function, text, len);
}

static cJSON *entry_json(const struct sl_finding *f, struct sl_sources *src)
{
    cJSON *e = cJSON_CreateObject();
    char *fp = sl_baseline_fingerprint(f, src);
    cJSON_AddStringToObject(e, "rule", sl_rules[f->rule]->name);
    cJSON_AddStringToObject(e, "file", f->loc.file);
    if (f->function)
        cJSON_AddStringToObject(e, "function", f->function);
    cJSON_AddStringToObject(e, "fingerprint", fp);
    free(fp);
    return e;
}

int sl_baseline_write(const struct sl_report *r, struct sl_sources *src, const char *path,
                      char **errmsg)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", BASELINE_VERSION);
    cJSON_AddStringToObject(root, "tool", "sessionlint");
    cJSON *list = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; i < r->nfindings; i++)
        if (!r->findings[i].suppressed)
            cJSON_AddItemToArray(list, entry_json(&r->findings[i], src));
    char *text = sl_json_print(root, true);
    int rc = sl_write_file_atomic(path, text, strlen(text), errmsg);
    free(text);
    cJSON_Delete(root);
    return rc;
}

/* ---- loading ---- */

static const char *string_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool load_entry(struct sl_baseline *b, const cJSON *item)
{
    const char *rule = string_member(item, "rule"), *file = string_member(item, "file");
    const char *fp = string_member(item, "fingerprint");
    const cJSON *fn = cJSON_GetObjectItemCaseSensitive(item, "function");
    if (!cJSON_IsObject(item) || !rule || !file || !fp || (fn && !cJSON_IsString(fn)))
        return false;
    struct sl_baseline_entry e = {sl_xstrdup(rule), sl_xstrdup(file),
                                  fn ? sl_xstrdup(fn->valuestring) : NULL, sl_xstrdup(fp)};
    sl_vec_push(b, e);
    return true;
}

static const char *load_entries(struct sl_baseline *b, const cJSON *root)
{
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "findings");
    if (!cJSON_IsObject(root) || !cJSON_IsArray(list))
        return "not a sessionlint baseline (no \"findings\" array)";
    if (!cJSON_IsNumber(version) || version->valueint != BASELINE_VERSION)
        return "unsupported baseline version (expected 1)";
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
        if (!load_entry(b, item))
            return "a finding entry lacks \"rule\", \"file\" or \"fingerprint\"";
    return NULL;
}

int sl_baseline_load(struct sl_baseline *b, const char *path, char **errmsg)
{
    memset(b, 0, sizeof *b);
    size_t len;
    char *text = sl_read_file(path, &len);
    if (!text) {
        *errmsg = sl_xasprintf("cannot read baseline '%s': %s", path, strerror(errno));
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    const char *problem = root ? load_entries(b, root) : "not valid JSON";
    cJSON_Delete(root);
    free(text);
    if (problem) {
        *errmsg = sl_xasprintf("bad baseline '%s': %s", path, problem);
        sl_baseline_free(b);
        return -1;
    }
    return 0;
}

void sl_baseline_free(struct sl_baseline *b)
{
    for (size_t i = 0; i < b->len; i++) {
        free(b->items[i].rule);
        free(b->items[i].file);
        free(b->items[i].function);
        free(b->items[i].fingerprint);
    }
    sl_vec_free(b);
}

/* ---- matching ---- */

static bool entry_matches(const struct sl_baseline_entry *e, const struct sl_finding *f,
                          const char *fp)
{
    return strcmp(e->rule, sl_rules[f->rule]->name) == 0 && strcmp(e->file, f->loc.file) == 0 &&
           sl_str_eq_or_null(e->function, f->function) && strcmp(e->fingerprint, fp) == 0;
}

void sl_baseline_apply(const struct sl_baseline *b, struct sl_report *r, struct sl_sources *src)
{
    bool *claimed = sl_xcalloc(b->len + 1, sizeof *claimed);
    for (size_t i = 0; i < r->nfindings; i++) {
        struct sl_finding *f = &r->findings[i];
        char *fp = sl_baseline_fingerprint(f, src);
        f->baseline = SL_BASELINE_NEW;
        for (size_t k = 0; k < b->len; k++) {
            if (!claimed[k] && entry_matches(&b->items[k], f, fp)) {
                claimed[k] = true;
                f->baseline = SL_BASELINE_UNCHANGED;
                break;
            }
        }
        free(fp);
    }
    free(claimed);
}
