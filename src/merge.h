/*
 * merge.h: `sessionlint merge LOG...`, the second half of a sharded run
 * (shard.h). A log written with --shard carries, besides the usual SARIF,
 * the shard's report in lossless form (report_json.h) under
 * runs[0].properties["sessionlint/report"]; merging adds those reports up
 * so that sl_report_finish's sort and de-duplication make exactly the
 * report, and hence the log, a single run over all the files would have.
 */
#ifndef SL_MERGE_H
#define SL_MERGE_H

#include <stddef.h>

#include "report.h"

#define SL_MERGE_PROPERTY "sessionlint/report"

/* Returns sarif (a log from sl_emit_sarif) with r embedded for merging.
 * Caller frees. */
char *sl_merge_annotate_sarif(const char *sarif, const struct sl_report *r);

/* Adds the reports embedded in the logs to out (not finished). Returns 0,
 * or -1 with *error (malloc'd) naming the first log that cannot be read or
 * is not a shard log; out may then hold part of the logs. */
int sl_merge_logs(const char *const *paths, size_t npaths, struct sl_report *out, char **error);

#endif
