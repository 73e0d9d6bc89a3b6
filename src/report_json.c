/*
 * report_json.c: struct sl_report to JSON and back (report_json.h). Field
 * names follow the C struct; rules are stored by name, not index, so an
 * entry written by a build with another rule order fails to load instead
 * of meaning something else. Reading is strict: anything missing or of the
 * wrong type rejects the whole report, because a damaged cache entry must
 * be recomputed, never trusted.
 */
#include "report_json.h"

#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "util.h"

/* ---- writing ---- */

static void add_string(cJSON *obj, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(obj, key, s);
}

static cJSON *loc_to_json(const struct sl_loc *l)
{
    cJSON *json = cJSON_CreateObject();
    add_string(json, "file", l->file);
    const int range[4] = {(int)l->line, (int)l->col, (int)l->end_line, (int)l->end_col};
    cJSON_AddItemToObject(json, "range", cJSON_CreateIntArray(range, 4));
    return json;
}

static cJSON *steps_to_json(const struct sl_step *steps, size_t n)
{
    cJSON *array = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *step = cJSON_CreateObject();
        cJSON_AddItemToObject(step, "loc", loc_to_json(&steps[i].loc));
        add_string(step, "message", steps[i].message);
        cJSON_AddItemToArray(array, step);
    }
    return array;
}

static cJSON *finding_to_json(const struct sl_finding *f)
{
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "rule", sl_rules[f->rule]->name);
    cJSON_AddItemToObject(json, "loc", loc_to_json(&f->loc));
    add_string(json, "message", f->message);
    add_string(json, "function", f->function);
    add_string(json, "handle", f->handle);
    cJSON_AddItemToObject(json, "steps", steps_to_json(f->steps, f->nsteps));
    cJSON_AddItemToObject(json, "related", steps_to_json(f->related, f->nrelated));
    cJSON_AddBoolToObject(json, "low_confidence", f->low_confidence);
    if (f->fix) {
        cJSON *fix = cJSON_AddObjectToObject(json, "fix");
        cJSON_AddItemToObject(fix, "loc", loc_to_json(&f->fix->loc));
        add_string(fix, "replacement", f->fix->replacement);
        add_string(fix, "description", f->fix->description);
    }
    add_string(json, "level", f->level);
    cJSON_AddBoolToObject(json, "suppressed", f->suppressed);
    cJSON_AddNumberToObject(json, "baseline", f->baseline);
    return json;
}

static cJSON *note_to_json(const struct sl_notification *n)
{
    cJSON *json = cJSON_CreateObject();
    cJSON_AddNumberToObject(json, "level", n->level);
    add_string(json, "id", n->id);
    add_string(json, "message", n->message);
    cJSON_AddItemToObject(json, "loc", loc_to_json(&n->loc));
    return json;
}

cJSON *sl_report_to_json(const struct sl_report *r)
{
    cJSON *json = cJSON_CreateObject();
    cJSON *findings = cJSON_AddArrayToObject(json, "findings");
    for (size_t i = 0; i < r->nfindings; i++)
        cJSON_AddItemToArray(findings, finding_to_json(&r->findings[i]));
    cJSON *notes = cJSON_AddArrayToObject(json, "notes");
    for (size_t i = 0; i < r->nnotes; i++)
        cJSON_AddItemToArray(notes, note_to_json(&r->notes[i]));
    cJSON_AddNumberToObject(json, "files_analyzed", (double)r->files_analyzed);
    cJSON_AddBoolToObject(json, "incomplete", r->incomplete);
    return json;
}

/* ---- reading ---- */

/* An optional string field: absent is NULL, anything but a string fails. */
static int read_string(const cJSON *obj, const char *key, char **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!item)
        return 0;
    if (!cJSON_IsString(item))
        return -1;
    *out = sl_xstrdup(item->valuestring);
    return 0;
}

static int read_unsigned(const cJSON *item, unsigned long max, unsigned long *out)
{
    if (!cJSON_IsNumber(item) || item->valuedouble < 0 || item->valuedouble > (double)max)
        return -1;
    *out = (unsigned long)item->valuedouble;
    return 0;
}

static int read_loc(const cJSON *obj, struct sl_loc *loc)
{
    const cJSON *json = cJSON_GetObjectItemCaseSensitive(obj, "loc");
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(json, "range");
    unsigned long v[4];
    memset(loc, 0, sizeof *loc);
    if (!cJSON_IsObject(json) || !cJSON_IsArray(range) || cJSON_GetArraySize(range) != 4)
        return -1;
    for (int i = 0; i < 4; i++)
        if (read_unsigned(cJSON_GetArrayItem(range, i), 0x7fffffff, &v[i]) < 0)
            return -1;
    *loc = (struct sl_loc){.line = (unsigned)v[0], .col = (unsigned)v[1],
                           .end_line = (unsigned)v[2], .end_col = (unsigned)v[3]};
    return read_string(json, "file", &loc->file);
}

static int read_steps(const cJSON *obj, const char *key, struct sl_step **steps, size_t *n)
{
    const cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);
    *steps = NULL;
    *n = 0;
    if (!cJSON_IsArray(array))
        return -1;
    *steps = sl_xcalloc((size_t)cJSON_GetArraySize(array) + 1, sizeof **steps);
    const cJSON *item;
    cJSON_ArrayForEach(item, array) {
        struct sl_step *s = &(*steps)[(*n)++];
        if (read_loc(item, &s->loc) < 0 || read_string(item, "message", &s->message) < 0)
            return -1;
    }
    return 0;
}

static int read_fix(const cJSON *json, struct sl_finding *f)
{
    const cJSON *fix = cJSON_GetObjectItemCaseSensitive(json, "fix");
    if (!fix)
        return 0;
    f->fix = sl_xcalloc(1, sizeof *f->fix);
    if (!cJSON_IsObject(fix) || read_loc(fix, &f->fix->loc) < 0)
        return -1;
    if (read_string(fix, "replacement", &f->fix->replacement) < 0)
        return -1;
    return read_string(fix, "description", &f->fix->description);
}

/* The level is a pointer to one of the static level names, or NULL. */
static int read_level(const cJSON *json, struct sl_finding *f)
{
    static const char *const levels[] = {"error", "warning", "note"};
    const cJSON *level = cJSON_GetObjectItemCaseSensitive(json, "level");
    if (!level)
        return 0;
    for (size_t i = 0; cJSON_IsString(level) && i < 3; i++)
        if (strcmp(level->valuestring, levels[i]) == 0)
            f->level = levels[i];
    return f->level ? 0 : -1;
}

static int read_flags(const cJSON *json, struct sl_finding *f)
{
    const cJSON *low = cJSON_GetObjectItemCaseSensitive(json, "low_confidence");
    const cJSON *suppressed = cJSON_GetObjectItemCaseSensitive(json, "suppressed");
    unsigned long baseline;
    if (!cJSON_IsBool(low) || !cJSON_IsBool(suppressed) ||
        read_unsigned(cJSON_GetObjectItemCaseSensitive(json, "baseline"), SL_BASELINE_UNCHANGED,
                      &baseline) < 0)
        return -1;
    f->low_confidence = cJSON_IsTrue(low);
    f->suppressed = cJSON_IsTrue(suppressed);
    f->baseline = (enum sl_baseline_state)baseline;
    return 0;
}

static int read_finding(const cJSON *json, struct sl_finding *f)
{
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(json, "rule");
    memset(f, 0, sizeof *f);
    f->rule = cJSON_IsString(rule) ? sl_rule_find(rule->valuestring) : -1;
    if (f->rule < 0 || read_flags(json, f) < 0 || read_level(json, f) < 0 || read_fix(json, f) < 0)
        return -1;
    if (read_loc(json, &f->loc) < 0 || read_string(json, "message", &f->message) < 0 ||
        read_string(json, "function", &f->function) < 0 ||
        read_string(json, "handle", &f->handle) < 0)
        return -1;
    if (read_steps(json, "steps", &f->steps, &f->nsteps) < 0)
        return -1;
    return read_steps(json, "related", &f->related, &f->nrelated);
}

static int read_note(const cJSON *json, struct sl_report *r)
{
    unsigned long level;
    char *id = NULL, *message = NULL;
    struct sl_loc loc = {0};
    int rc = -1;
    if (read_unsigned(cJSON_GetObjectItemCaseSensitive(json, "level"), SL_NOTE_INFO, &level) == 0 &&
        read_string(json, "id", &id) == 0 && id && read_string(json, "message", &message) == 0 &&
        message && read_loc(json, &loc) == 0) {
        sl_report_add_note(r, (enum sl_note_level)level, id, loc.file, loc.line, loc.col, message);
        r->notes[r->nnotes - 1].loc.end_line = loc.end_line;
        r->notes[r->nnotes - 1].loc.end_col = loc.end_col;
        rc = 0;
    }
    free(id);
    free(message);
    sl_loc_free(&loc);
    return rc;
}

static int read_report(const cJSON *json, struct sl_report *r)
{
    const cJSON *findings = cJSON_GetObjectItemCaseSensitive(json, "findings");
    const cJSON *notes = cJSON_GetObjectItemCaseSensitive(json, "notes");
    const cJSON *incomplete = cJSON_GetObjectItemCaseSensitive(json, "incomplete");
    const cJSON *item;
    unsigned long files;
    if (!cJSON_IsArray(findings) || !cJSON_IsArray(notes) || !cJSON_IsBool(incomplete) ||
        read_unsigned(cJSON_GetObjectItemCaseSensitive(json, "files_analyzed"), 1ul << 31, &files) < 0)
        return -1;
    cJSON_ArrayForEach(item, findings) {
        struct sl_finding f;
        int rc = read_finding(item, &f);
        if (rc < 0) {
            sl_finding_free(&f);
            return -1;
        }
        sl_report_add_finding(r, &f);
    }
    cJSON_ArrayForEach(item, notes)
        if (read_note(item, r) < 0)
            return -1;
    r->files_analyzed = files;
    r->incomplete = r->incomplete || cJSON_IsTrue(incomplete);
    return 0;
}

int sl_report_from_json(const cJSON *json, struct sl_report *out)
{
    struct sl_report r;
    sl_report_init(&r);
    if (!cJSON_IsObject(json) || read_report(json, &r) < 0) {
        sl_report_free(&r);
        return -1;
    }
    sl_report_merge(out, &r);
    return 0;
}
