/*
 * gate.c: the post-analysis pass and the exit code (gate.h). Order
 * matters: suppressions first (a suppressed finding is neither recorded in
 * a baseline nor matched against one), then the baseline.
 */
#include "gate.h"

#include <stdlib.h>
#include <string.h>

#include "suppress.h"
#include "util.h"

int sl_gate_init(struct sl_gate *g, const struct sl_cli *cli, char **error)
{
    memset(g, 0, sizeof *g);
    g->cli = cli;
    sl_sources_init(&g->sources);
    *error = NULL;
    return cli->baseline ? sl_baseline_load(&g->baseline, cli->baseline, error) : 0;
}

void sl_gate_free(struct sl_gate *g)
{
    sl_sources_free(&g->sources);
    sl_baseline_free(&g->baseline);
}

int sl_gate_apply(struct sl_gate *g, struct sl_report *r, const struct sl_inputs *inputs,
                  char **error)
{
    const struct sl_cli *cli = g->cli;
    struct sl_suppress_options so = {.keep_suppressed = cli->show_suppressed,
                                     .report_unused = cli->report_unused_suppressions};
    size_t nfiles = inputs ? inputs->len : 0;
    const char **files = sl_xcalloc(nfiles + 1, sizeof *files);
    for (size_t i = 0; i < nfiles; i++)
        files[i] = inputs->items[i].display_name;
    *error = NULL;
    sl_suppress_apply(r, &g->sources, files, nfiles, &so);
    free(files);
    if (cli->baseline)
        sl_baseline_apply(&g->baseline, r, &g->sources);
    if (cli->write_baseline)
        return sl_baseline_write(r, &g->sources, cli->write_baseline, error);
    return 0;
}

/* error > warning > note, as enum sl_fail_on orders them. */
static enum sl_fail_on level_rank(const char *level)
{
    if (strcmp(level, "error") == 0)
        return SL_FAIL_ON_ERROR;
    return strcmp(level, "warning") == 0 ? SL_FAIL_ON_WARNING : SL_FAIL_ON_NOTE;
}

bool sl_gate_is_new(const struct sl_finding *f)
{
    return !f->suppressed && f->baseline != SL_BASELINE_UNCHANGED;
}

bool sl_gate_counts(const struct sl_gate *g, const struct sl_finding *f)
{
    if (!sl_gate_is_new(f) || g->cli->write_baseline || g->cli->fail_on == SL_FAIL_ON_NONE)
        return false;
    return level_rank(sl_finding_level(f)) <= g->cli->fail_on;
}

int sl_gate_exit_code(const struct sl_gate *g, const struct sl_report *r)
{
    if (r->incomplete)
        return SL_EXIT_INCOMPLETE;
    for (size_t i = 0; i < r->nfindings; i++)
        if (sl_gate_counts(g, &r->findings[i]))
            return SL_EXIT_FINDINGS;
    return SL_EXIT_CLEAN;
}

void sl_gate_filter_for_output(const struct sl_gate *g, struct sl_report *r)
{
    bool marks = g->cli->format == SL_FORMAT_SARIF || g->cli->format == SL_FORMAT_JSON;
    size_t kept = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        struct sl_finding *f = &r->findings[i];
        if (!marks && !sl_gate_is_new(f))
            sl_finding_free(f);
        else
            r->findings[kept++] = *f;
    }
    r->nfindings = kept;
}
