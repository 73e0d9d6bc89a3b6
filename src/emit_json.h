/*
 * emit_json.h: the JSON emitters for editors and CI (the text and SARIF
 * emitters are in emit.h). --format json is one JSON array with one finding
 * object per line, so it parses as a whole (vim.json.decode, JSON.parse)
 * and greps line by line; --format gitlab is GitLab's code quality report
 * (a CodeClimate subset). Both take a finished report; callers free.
 */
#ifndef SL_EMIT_JSON_H
#define SL_EMIT_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "report.h"
#include "sources.h"

/* Each object: file, line, column, endLine, endColumn (1-based, byte
 * columns, end exclusive), severity, rule, message, function, steps[] (file,
 * line, column, message), fixes[] (description, replacements[] of file,
 * line, column, endLine, endColumn, text); "suppressed": true and
 * "baselineState" only when they apply. */
char *sl_emit_json(const struct sl_report *r);

/* [{description, check_name, fingerprint, severity, location: {path,
 * lines: {begin}}}], severity "critical" for errors, "major" for warnings,
 * "minor" for notes; the fingerprint hashes the file and the sessionlint/v1
 * fingerprint (line-independent). */
char *sl_emit_gitlab(const struct sl_report *r, struct sl_sources *src);

/* json printed by cJSON, pretty with a final newline or on one line,
 * copied into memory the caller frees with free(); aborts when out of
 * memory, as sl_xmalloc does. */
char *sl_json_print(const cJSON *json, bool pretty);

#endif
