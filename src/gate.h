/*
 * gate.h: what happens to a finished report before it is shown and turned
 * into an exit code: inline suppressions (suppress.h), the baseline
 * (baseline.h: --baseline marks known findings, --write-baseline records
 * them all), the --fail-on threshold, and which findings each output format
 * shows. A CI gate fails only on findings that count: not suppressed, not
 * unchanged from the baseline, at or above the threshold.
 */
#ifndef SL_GATE_H
#define SL_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include "baseline.h"
#include "cli.h"
#include "inputs.h"
#include "report.h"
#include "sources.h"

struct sl_gate {
    const struct sl_cli *cli;
    struct sl_sources sources;   /* source text, with the stdin buffer if any */
    struct sl_baseline baseline; /* --baseline, loaded */
};

/* Loads --baseline. Returns 0, or -1 with *error (malloc'd). */
int sl_gate_init(struct sl_gate *g, const struct sl_cli *cli, char **error);
void sl_gate_free(struct sl_gate *g);

/* Applies suppressions to r (reading the analysed inputs, may be NULL),
 * marks baseline states and writes --write-baseline. Returns 0, or -1 with
 * *error (malloc'd) when the baseline cannot be written. */
int sl_gate_apply(struct sl_gate *g, struct sl_report *r, const struct sl_inputs *inputs,
                  char **error);

/* A finding that is neither suppressed nor unchanged from the baseline. */
bool sl_gate_is_new(const struct sl_finding *f);

/* A finding that fails the run: not suppressed, not in the baseline, at or
 * above --fail-on (always false with --write-baseline). */
bool sl_gate_counts(const struct sl_gate *g, const struct sl_finding *f);

/* 3 if the analysis was incomplete, else 1 if a finding counts, else 0. */
int sl_gate_exit_code(const struct sl_gate *g, const struct sl_report *r);

/* Drops what the output format does not show: text and gitlab show the
 * findings that are neither suppressed nor unchanged; sarif and json keep
 * unchanged ones (with their baseline state) and suppressed ones (present
 * only with --show-suppressed). */
void sl_gate_filter_for_output(const struct sl_gate *g, struct sl_report *r);

#endif
