/*
 * merge.c: shard logs in and out (merge.h). The report rides in a SARIF
 * property bag, which SARIF consumers ignore, rather than being recovered
 * from the results: SARIF has UTF-16 columns and root-relative URIs where
 * the report has byte columns and the paths the user gave, and the
 * report's order is defined on the latter.
 */
#include "merge.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_json.h"
#include "util.h"

static char *print_json(const cJSON *json)
{
    char *text = cJSON_Print(json);
    if (!text) { /* cJSON allocates with plain malloc; fail like sl_xmalloc does */
        fputs("sessionlint: out of memory\n", stderr);
        abort();
    }
    char *out = sl_xasprintf("%s\n", text);
    cJSON_free(text);
    return out;
}

static cJSON *first_run(const cJSON *log)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(log, "runs"), 0);
}

char *sl_merge_annotate_sarif(const char *sarif, const struct sl_report *r)
{
    cJSON *log = cJSON_Parse(sarif);
    cJSON *run = first_run(log);
    if (!run) { /* cannot happen with sl_emit_sarif's output */
        cJSON_Delete(log);
        return sl_xstrdup(sarif);
    }
    cJSON *props = cJSON_GetObjectItemCaseSensitive(run, "properties");
    if (!props)
        props = cJSON_AddObjectToObject(run, "properties");
    cJSON_AddItemToObject(props, SL_MERGE_PROPERTY, sl_report_to_json(r));
    char *out = print_json(log);
    cJSON_Delete(log);
    return out;
}

static int merge_one(const char *path, struct sl_report *out, char **error)
{
    size_t len;
    char *text = sl_read_file(path, &len);
    if (!text) {
        *error = sl_xasprintf("cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    cJSON *log = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(first_run(log), "properties");
    const cJSON *report = cJSON_GetObjectItemCaseSensitive(props, SL_MERGE_PROPERTY);
    int rc = 0;
    if (!log) {
        *error = sl_xasprintf("'%s' is not a JSON file", path);
        rc = -1;
    } else if (!report || sl_report_from_json(report, out) < 0) {
        *error = sl_xasprintf("'%s' is not a sessionlint shard log (write the logs to merge "
                              "with --shard K/N --format sarif)", path);
        rc = -1;
    }
    cJSON_Delete(log);
    return rc;
}

int sl_merge_logs(const char *const *paths, size_t npaths, struct sl_report *out, char **error)
{
    for (size_t i = 0; i < npaths; i++)
        if (merge_one(paths[i], out, error) < 0)
            return -1;
    return 0;
}
