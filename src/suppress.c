/*
 * suppress.c: inline suppressions (suppress.h). Like clang-tidy, a file's
 * text is searched for the word NOLINT wherever it appears (in practice, in
 * comments); each occurrence becomes a directive covering a range of lines
 * with an optional rule list. BEGIN/END pairs are matched on a stack by
 * identical lists, as clang-tidy requires. Findings are then checked
 * against the directives of their file by their primary line.
 */
#define _POSIX_C_SOURCE 200809L /* fnmatch */

#include "suppress.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "util.h"

enum directive_kind { NOLINT_LINE, NOLINT_NEXTLINE, NOLINT_BEGIN, NOLINT_END };

struct directive {
    enum directive_kind kind;
    unsigned line, col;        /* where the word NOLINT starts */
    unsigned first, last;      /* lines covered; first > last covers nothing */
    char *list;                /* text between the parentheses, NULL for every rule */
    bool used;
};

struct file_directives {
    char *path;
    SL_VEC(struct directive) items;
};

typedef SL_VEC(struct file_directives) directive_table;

static const char *const kind_suffix[] = {"", "NEXTLINE", "BEGIN", "END"};

/* ---- matching rule lists ---- */

static bool glob_matches(const char *glob, size_t n, int rule)
{
    char *pattern = sl_xstrndup(glob, n);
    bool hit = fnmatch(pattern, sl_rules[rule]->name, 0) == 0 ||
               fnmatch(pattern, sl_rules[rule]->id, 0) == 0;
    free(pattern);
    return hit;
}

bool sl_suppress_list_matches(const char *list, int rule)
{
    if (!list)
        return true;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        const char *start = p, *end = p + n;
        while (start < end && isspace((unsigned char)*start))
            start++;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        /* negative globs are ignored, as in clang-tidy */
        if (end > start && *start != '-' && glob_matches(start, (size_t)(end - start), rule))
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

/* ---- reading directives ---- */

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Parses the directive whose word NOLINT starts at p; false when the word
 * continues into something else (NOLINTFOO). */
static bool parse_directive(const char *p, const char *line_end, struct directive *d)
{
    const char *q = p + strlen("NOLINT");
    d->kind = NOLINT_LINE;
    for (int k = NOLINT_NEXTLINE; k <= NOLINT_END; k++) {
        size_t n = strlen(kind_suffix[k]);
        if ((size_t)(line_end - q) >= n && strncmp(q, kind_suffix[k], n) == 0) {
            d->kind = (enum directive_kind)k;
            q += n;
            break;
        }
    }
    if (q < line_end && is_word_char(*q))
        return false;
    d->list = NULL;
    if (q < line_end && *q == '(') {
        const char *close = memchr(q, ')', (size_t)(line_end - q));
        if (close) /* without a closing parenthesis the directive is bare */
            d->list = sl_xstrndup(q + 1, (size_t)(close - q - 1));
    }
    return true;
}

static void scan_line(const char *text, const char *end, unsigned line, struct file_directives *fd)
{
    for (const char *p = text; p < end; p++) {
        if ((size_t)(end - p) < 6 || strncmp(p, "NOLINT", 6) != 0 ||
            (p > text && is_word_char(p[-1])))
            continue;
        struct directive d = {.line = line, .col = (unsigned)(p - text) + 1};
        if (!parse_directive(p, end, &d))
            continue;
        d.first = d.last = d.kind == NOLINT_NEXTLINE ? line + 1 : line;
        sl_vec_push(&fd->items, d);
        p += 5;
    }
}

static void add_unbalanced_note(struct sl_report *r, const char *path, const struct directive *d)
{
    const char *list = d->list ? d->list : "";
    char *msg = d->kind == NOLINT_BEGIN
                    ? sl_xasprintf("unmatched NOLINTBEGIN(%s): no NOLINTEND(%s) follows", list, list)
                    : sl_xasprintf("unmatched NOLINTEND(%s): no NOLINTBEGIN(%s) before it", list, list);
    sl_report_add_note(r, SL_NOTE_WARNING, "nolint-unbalanced", path, d->line, d->col, msg);
    free(msg);
}

/* Pairs each END with the latest open BEGIN of the same list; the BEGIN
 * then covers every line up to the END. Unpaired ones cover nothing. */
static void pair_blocks(struct file_directives *fd, struct sl_report *r)
{
    SL_VEC(size_t) open = {0};
    for (size_t i = 0; i < fd->items.len; i++) {
        struct directive *d = &fd->items.items[i];
        if (d->kind == NOLINT_BEGIN) {
            d->first = 1, d->last = 0;
            sl_vec_push(&open, i);
        } else if (d->kind == NOLINT_END) {
            d->first = 1, d->last = 0;
            size_t k = open.len;
            while (k > 0 && !sl_str_eq_or_null(fd->items.items[open.items[k - 1]].list, d->list))
                k--;
            if (k == 0) {
                add_unbalanced_note(r, fd->path, d);
                continue;
            }
            struct directive *begin = &fd->items.items[open.items[k - 1]];
            begin->first = begin->line;
            begin->last = d->line;
            memmove(&open.items[k - 1], &open.items[k], (open.len - k) * sizeof *open.items);
            open.len--;
        }
    }
    for (size_t k = 0; k < open.len; k++)
        add_unbalanced_note(r, fd->path, &fd->items.items[open.items[k]]);
    sl_vec_free(&open);
}

static struct file_directives *directives_of(directive_table *t, struct sl_sources *src,
                                             const char *path, struct sl_report *r)
{
    for (size_t i = 0; i < t->len; i++)
        if (strcmp(t->items[i].path, path) == 0)
            return &t->items[i];
    struct file_directives fd = {.path = sl_xstrdup(path)};
    size_t len = 0;
    const char *text = sl_sources_text(src, path, &len), *end = text ? text + len : NULL;
    unsigned line = 1;
    for (const char *p = text; p && p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        scan_line(p, line_end, line, &fd);
        p = line_end + 1;
    }
    pair_blocks(&fd, r);
    sl_vec_push(t, fd);
    return &t->items[t->len - 1];
}

/* ---- applying them ---- */

static bool suppress_finding(struct file_directives *fd, const struct sl_finding *f)
{
    bool hit = false;
    for (size_t i = 0; i < fd->items.len; i++) {
        struct directive *d = &fd->items.items[i];
        if (f->loc.line >= d->first && f->loc.line <= d->last &&
            sl_suppress_list_matches(d->list, f->rule)) {
            d->used = true;
            hit = true;
        }
    }
    return hit;
}

static void report_unused(const directive_table *t, struct sl_report *r)
{
    for (size_t i = 0; i < t->len; i++) {
        const struct file_directives *fd = &t->items[i];
        for (size_t k = 0; k < fd->items.len; k++) {
            const struct directive *d = &fd->items.items[k];
            if (d->used || d->kind == NOLINT_END || d->first > d->last)
                continue;
            char *msg = d->list ? sl_xasprintf("NOLINT%s(%s) suppresses nothing",
                                               kind_suffix[d->kind], d->list)
                                : sl_xasprintf("NOLINT%s suppresses nothing", kind_suffix[d->kind]);
            sl_report_add_note(r, SL_NOTE_WARNING, "unused-suppression", fd->path, d->line,
                               d->col, msg);
            free(msg);
        }
    }
}

static void table_free(directive_table *t)
{
    for (size_t i = 0; i < t->len; i++) {
        for (size_t k = 0; k < t->items[i].items.len; k++)
            free(t->items[i].items.items[k].list);
        sl_vec_free(&t->items[i].items);
        free(t->items[i].path);
    }
    sl_vec_free(t);
}

void sl_suppress_apply(struct sl_report *r, struct sl_sources *src, const char *const *files,
                       size_t nfiles, const struct sl_suppress_options *opts)
{
    directive_table table = {0};
    for (size_t i = 0; i < nfiles; i++)
        directives_of(&table, src, files[i], r);
    size_t kept = 0;
    for (size_t i = 0; i < r->nfindings; i++) {
        struct sl_finding *f = &r->findings[i];
        f->suppressed = suppress_finding(directives_of(&table, src, f->loc.file, r), f);
        if (f->suppressed && !opts->keep_suppressed)
            sl_finding_free(f);
        else
            r->findings[kept++] = *f;
    }
    r->nfindings = kept;
    if (opts->report_unused)
        report_unused(&table, r);
    table_free(&table);
    sl_report_finish(r);
}
