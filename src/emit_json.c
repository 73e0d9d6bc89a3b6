/*
 * emit_json.c: the JSON and GitLab code quality emitters (emit_json.h).
 * Objects are built with cJSON in a fixed key order and printed unformatted,
 * one per line inside the array brackets, so equal reports give identical
 * output and a line-oriented reader can take one finding per line.
 */
#include "emit_json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "baseline.h"
#include "emit.h"
#include "fingerprint.h"
#include "rule.h"
#include "util.h"

static void add_position(cJSON *obj, const struct sl_loc *loc)
{
    cJSON_AddStringToObject(obj, "file", loc->file ? loc->file : "");
    cJSON_AddNumberToObject(obj, "line", loc->line);
    cJSON_AddNumberToObject(obj, "column", loc->col);
}

static void add_range(cJSON *obj, const struct sl_loc *loc)
{
    add_position(obj, loc);
    cJSON_AddNumberToObject(obj, "endLine", loc->end_line ? loc->end_line : loc->line);
    cJSON_AddNumberToObject(obj, "endColumn", loc->end_col ? loc->end_col : loc->col + 1);
}

static cJSON *steps_json(const struct sl_finding *f)
{
    cJSON *steps = cJSON_CreateArray();
    for (size_t i = 0; i < f->nsteps; i++) {
        cJSON *step = cJSON_CreateObject();
        struct sl_loc where = sl_step_loc(f, &f->steps[i]);
        add_position(step, &where);
        cJSON_AddStringToObject(step, "message", f->steps[i].message);
        cJSON_AddItemToArray(steps, step);
    }
    return steps;
}

static cJSON *fixes_json(const struct sl_finding *f)
{
    cJSON *fixes = cJSON_CreateArray();
    if (!f->fix)
        return fixes;
    cJSON *fix = cJSON_CreateObject();
    cJSON_AddStringToObject(fix, "description", f->fix->description);
    cJSON *replacement = cJSON_CreateObject();
    add_range(replacement, &f->fix->loc);
    cJSON_AddStringToObject(replacement, "text", f->fix->replacement);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(fix, "replacements"), replacement);
    cJSON_AddItemToArray(fixes, fix);
    return fixes;
}

static const char *baseline_state_name(enum sl_baseline_state s)
{
    return s == SL_BASELINE_UNCHANGED ? "unchanged" : "new";
}

static cJSON *finding_json(const struct sl_finding *f)
{
    cJSON *obj = cJSON_CreateObject();
    add_range(obj, &f->loc);
    cJSON_AddStringToObject(obj, "severity", sl_finding_level(f));
    cJSON_AddStringToObject(obj, "rule", sl_rules[f->rule]->name);
    cJSON_AddStringToObject(obj, "message", f->message);
    if (f->function)
        cJSON_AddStringToObject(obj, "function", f->function);
    cJSON_AddItemToObject(obj, "steps", steps_json(f));
    cJSON_AddItemToObject(obj, "fixes", fixes_json(f));
    if (f->suppressed)
        cJSON_AddBoolToObject(obj, "suppressed", true);
    if (f->baseline != SL_BASELINE_NONE)
        cJSON_AddStringToObject(obj, "baselineState", baseline_state_name(f->baseline));
    return obj;
}

char *sl_json_print(const cJSON *json, bool pretty)
{
    char *text = pretty ? cJSON_Print(json) : cJSON_PrintUnformatted(json);
    if (!text) { /* cJSON allocates with plain malloc */
        fputs("sessionlint: out of memory\n", stderr);
        abort();
    }
    char *copy = sl_xasprintf("%s%s", text, pretty ? "\n" : "");
    cJSON_free(text);
    return copy;
}

/* Appends obj unformatted, then deletes it. */
static void append_object(struct sl_strbuf *sb, cJSON *obj, bool first)
{
    char *text = sl_json_print(obj, false);
    sl_sb_printf(sb, "%s%s", first ? "\n" : ",\n", text);
    free(text);
    cJSON_Delete(obj);
}

static char *close_array(struct sl_strbuf *sb, size_t count)
{
    sl_sb_append(sb, count ? "\n]\n" : "]\n");
    return sl_sb_take(sb);
}

char *sl_emit_json(const struct sl_report *r)
{
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, "[");
    for (size_t i = 0; i < r->nfindings; i++)
        append_object(&sb, finding_json(&r->findings[i]), i == 0);
    return close_array(&sb, r->nfindings);
}

static const char *gitlab_severity(const char *level)
{
    if (level[0] == 'e')
        return "critical";
    return level[0] == 'w' ? "major" : "minor";
}

static cJSON *gitlab_json(const struct sl_finding *f, struct sl_sources *src)
{
    const struct sl_rule *rule = sl_rules[f->rule];
    cJSON *obj = cJSON_CreateObject();
    char *description = sl_xasprintf("%s [%s]", f->message, rule->name);
    char *v1 = sl_baseline_fingerprint(f, src);
    /* the v1 hash already covers rule, function and line text: add the file */
    char *fingerprint = sl_fingerprint_finding(f->loc.file, v1, NULL, 0);
    cJSON_AddStringToObject(obj, "description", description);
    cJSON_AddStringToObject(obj, "check_name", rule->name);
    cJSON_AddStringToObject(obj, "fingerprint", fingerprint);
    cJSON_AddStringToObject(obj, "severity", gitlab_severity(sl_finding_level(f)));
    cJSON *location = cJSON_AddObjectToObject(obj, "location");
    cJSON_AddStringToObject(location, "path", f->loc.file);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(location, "lines"), "begin", f->loc.line);
    free(fingerprint);
    free(v1);
    free(description);
    return obj;
}

char *sl_emit_gitlab(const struct sl_report *r, struct sl_sources *src)
{
    struct sl_strbuf sb = {0};
    sl_sb_append(&sb, "[");
    for (size_t i = 0; i < r->nfindings; i++)
        append_object(&sb, gitlab_json(&r->findings[i], src), i == 0);
    return close_array(&sb, r->nfindings);
}
