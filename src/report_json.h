/*
 * report_json.h: a lossless JSON form of struct sl_report (report.h):
 * findings with their steps and related locations, notifications,
 * files_analyzed and the incomplete flag. The incremental cache (cache.c)
 * stores one per translation unit, and --shard logs carry one so that
 * `sessionlint merge` can rebuild the report a single run would have made.
 */
#ifndef SL_REPORT_JSON_H
#define SL_REPORT_JSON_H

#include <cjson/cJSON.h>

#include "report.h"

/* The report as a new cJSON object (caller deletes). */
cJSON *sl_report_to_json(const struct sl_report *r);

/* Adds the report in json to out (initialised by the caller). Returns 0, or
 * -1 when json is not a well-formed report (an unknown rule, a missing or
 * mistyped field); out is then left as it was. */
int sl_report_from_json(const cJSON *json, struct sl_report *out);

#endif
