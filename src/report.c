/*
 * report.c: implementation of report.h. A report is two growable arrays
 * (findings and notifications) that the driver fills from every translation
 * unit, possibly from several workers whose reports are merged afterwards.
 * sl_report_finish puts both arrays in a total order and drops exact
 * duplicates, so the output is byte-identical whatever the order of analysis
 * (a header included by two files yields the same finding twice, and -j N
 * must not change the output).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "util.h"

void sl_report_init(struct sl_report *r)
{
    memset(r, 0, sizeof *r);
}

void sl_loc_free(struct sl_loc *l)
{
    free(l->file);
    l->file = NULL;
}

static void steps_free(struct sl_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sl_loc_free(&steps[i].loc);
        free(steps[i].message);
    }
    free(steps);
}

void sl_finding_free(struct sl_finding *f)
{
    sl_loc_free(&f->loc);
    free(f->message);
    free(f->function);
    free(f->handle);
    steps_free(f->steps, f->nsteps);
    steps_free(f->related, f->nrelated);
    if (f->fix) {
        sl_loc_free(&f->fix->loc);
        free(f->fix->replacement);
        free(f->fix->description);
        free(f->fix);
    }
    memset(f, 0, sizeof *f);
}

void sl_finding_set_fix(struct sl_finding *f, const char *replacement, const char *description)
{
    f->fix = sl_xcalloc(1, sizeof *f->fix);
    f->fix->loc = f->loc;
    f->fix->loc.file = sl_xstrdup(f->loc.file);
    f->fix->replacement = sl_xstrdup(replacement);
    f->fix->description = sl_xstrdup(description);
}

const char *sl_finding_level(const struct sl_finding *f)
{
    return f->level ? f->level : sl_rules[f->rule]->default_level;
}

static void note_free(struct sl_notification *n)
{
    free(n->id);
    free(n->message);
    sl_loc_free(&n->loc);
}

void sl_report_free(struct sl_report *r)
{
    for (size_t i = 0; i < r->nfindings; i++)
        sl_finding_free(&r->findings[i]);
    for (size_t i = 0; i < r->nnotes; i++)
        note_free(&r->notes[i]);
    free(r->findings);
    free(r->notes);
    sl_report_init(r);
}

/* Makes room for `extra` more elements in an array of `size`-byte elements. */
static void *grow(void *items, size_t len, size_t *cap, size_t extra, size_t size)
{
    if (len + extra <= *cap)
        return items;
    size_t new_cap = *cap ? *cap : 8;
    while (new_cap < len + extra)
        new_cap *= 2;
    *cap = new_cap;
    return sl_xrealloc(items, new_cap * size);
}

void sl_report_add_finding(struct sl_report *r, struct sl_finding *f)
{
    r->findings = grow(r->findings, r->nfindings, &r->capfindings, 1, sizeof *r->findings);
    r->findings[r->nfindings++] = *f;
    memset(f, 0, sizeof *f);
}

void sl_report_add_note(struct sl_report *r, enum sl_note_level level, const char *id,
                        const char *file, unsigned line, unsigned col, const char *message)
{
    r->notes = grow(r->notes, r->nnotes, &r->capnotes, 1, sizeof *r->notes);
    r->notes[r->nnotes++] = (struct sl_notification){
        .level = level,
        .id = sl_xstrdup(id),
        .message = sl_xstrdup(message),
        .loc = {.file = sl_xstrdup(file), .line = line, .col = col, .end_line = line, .end_col = col},
    };
    if (level == SL_NOTE_ERROR)
        r->incomplete = true;
}

void sl_report_merge(struct sl_report *dst, struct sl_report *src)
{
    dst->findings = grow(dst->findings, dst->nfindings, &dst->capfindings, src->nfindings,
                         sizeof *dst->findings);
    if (src->nfindings)
        memcpy(dst->findings + dst->nfindings, src->findings, src->nfindings * sizeof *src->findings);
    dst->nfindings += src->nfindings;

    dst->notes = grow(dst->notes, dst->nnotes, &dst->capnotes, src->nnotes, sizeof *dst->notes);
    if (src->nnotes)
        memcpy(dst->notes + dst->nnotes, src->notes, src->nnotes * sizeof *src->notes);
    dst->nnotes += src->nnotes;

    dst->files_analyzed += src->files_analyzed;
    dst->incomplete = dst->incomplete || src->incomplete;

    /* The elements now belong to dst: release only src's arrays. */
    free(src->findings);
    free(src->notes);
    sl_report_init(src);
}

/* NULL sorts before any string so that file-less notifications come first. */
static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_unsigned(unsigned long a, unsigned long b)
{
    return (a > b) - (a < b);
}

/* File, line, column first (the order users read), then the end. */
static int cmp_loc_start(const struct sl_loc *a, const struct sl_loc *b)
{
    int c = cmp_str(a->file, b->file);
    if (!c)
        c = cmp_unsigned(a->line, b->line);
    if (!c)
        c = cmp_unsigned(a->col, b->col);
    return c;
}

static int cmp_loc_end(const struct sl_loc *a, const struct sl_loc *b)
{
    int c = cmp_unsigned(a->end_line, b->end_line);
    return c ? c : cmp_unsigned(a->end_col, b->end_col);
}

static int cmp_steps(const struct sl_step *a, size_t na, const struct sl_step *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++) {
        int c = cmp_loc_start(&a[i].loc, &b[i].loc);
        if (!c)
            c = cmp_loc_end(&a[i].loc, &b[i].loc);
        if (!c)
            c = cmp_str(a[i].message, b[i].message);
        if (c)
            return c;
    }
    return cmp_unsigned(na, nb);
}

/* The identity of a finding: rule, full location and message. Two findings
 * equal here are duplicates whatever their paths say. */
static int cmp_finding_identity(const struct sl_finding *a, const struct sl_finding *b)
{
    int c = cmp_loc_start(&a->loc, &b->loc);
    if (!c)
        c = cmp_unsigned((unsigned)a->rule, (unsigned)b->rule);
    if (!c)
        c = cmp_str(a->message, b->message);
    if (!c)
        c = cmp_loc_end(&a->loc, &b->loc);
    return c;
}

/* A total order on everything else too, so that qsort (not stable) picks
 * the same survivor among duplicates on every run. */
static int cmp_finding(const void *pa, const void *pb)
{
    const struct sl_finding *a = pa, *b = pb;
    int c = cmp_finding_identity(a, b);
    if (!c)
        c = cmp_str(a->function, b->function);
    if (!c)
        c = cmp_str(a->handle, b->handle);
    if (!c)
        c = cmp_unsigned(a->low_confidence, b->low_confidence);
    if (!c)
        c = cmp_steps(a->steps, a->nsteps, b->steps, b->nsteps);
    if (!c)
        c = cmp_steps(a->related, a->nrelated, b->related, b->nrelated);
    return c;
}

static int cmp_note(const void *pa, const void *pb)
{
    const struct sl_notification *a = pa, *b = pb;
    int c = cmp_loc_start(&a->loc, &b->loc);
    if (!c)
        c = cmp_unsigned(a->level, b->level);
    if (!c)
        c = cmp_str(a->id, b->id);
    if (!c)
        c = cmp_str(a->message, b->message);
    if (!c)
        c = cmp_loc_end(&a->loc, &b->loc);
    return c;
}

static void dedupe_findings(struct sl_report *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        if (kept && cmp_finding_identity(&r->findings[kept - 1], &r->findings[i]) == 0)
            sl_finding_free(&r->findings[i]);
        else
            r->findings[kept++] = r->findings[i];
    }
    r->nfindings = kept;
}

static void dedupe_notes(struct sl_report *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nnotes; i++) {
        if (kept && cmp_note(&r->notes[kept - 1], &r->notes[i]) == 0)
            note_free(&r->notes[i]);
        else
            r->notes[kept++] = r->notes[i];
    }
    r->nnotes = kept;
}

void sl_report_finish(struct sl_report *r)
{
    if (r->nfindings)
        qsort(r->findings, r->nfindings, sizeof *r->findings, cmp_finding);
    if (r->nnotes)
        qsort(r->notes, r->nnotes, sizeof *r->notes, cmp_note);
    dedupe_findings(r);
    dedupe_notes(r);
}
