/*
 * report_html_finding.c: one page of the HTML report per finding
 * (report_html.h), in the manner of scan-build: the path as a numbered
 * list, then for each file on the path the source around every step, each
 * step's range highlighted in place and its message in a numbered bubble
 * under its line, then the rule's help from the log's rule metadata, and
 * links to the previous and next finding. SARIF columns (UTF-16 code units
 * or code points, per the log's columnKind) are turned back into byte
 * offsets of the UTF-8 source for highlighting. A source that cannot be
 * found still gets its bubbles, in a list, so every step is on the page.
 */
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "report_html.h"
#include "report_html_page.h"

#define CONTEXT_LINES 3   /* shown above and below each step */
#define MAX_RANGE_LINES 12 /* of a step spanning many lines, at most this many after its start */

/* A source file split into lines. */
struct source {
    char *text;
    size_t *starts; /* byte offset of each line */
    size_t nlines;
};

static void source_load(struct source *src, const char *path)
{
    size_t len = 0;
    memset(src, 0, sizeof *src);
    src->text = path ? sl_read_file(path, &len) : NULL;
    if (!src->text)
        return;
    src->starts = sl_xmalloc((len + 2) * sizeof *src->starts);
    src->starts[src->nlines++] = 0;
    for (size_t i = 0; i < len; i++)
        if (src->text[i] == '\n' && i + 1 < len)
            src->starts[src->nlines++] = i + 1;
}

static void source_free(struct source *src)
{
    free(src->text);
    free(src->starts);
}

/* Line n (1-based) without its line ending. */
static const char *source_line(const struct source *src, unsigned n, size_t *len)
{
    const char *line = src->text + src->starts[n - 1];
    size_t k = strcspn(line, "\n");
    *len = k && line[k - 1] == '\r' ? k - 1 : k;
    return line;
}

/* Byte offset of 1-based column col (UTF-16 units or code points). */
static size_t column_byte(const char *line, size_t len, unsigned col, bool utf16)
{
    size_t i = 0;
    for (unsigned units = 1; i < len && units < col;) {
        unsigned char c = (unsigned char)line[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4 : 1;
        units += n == 4 && utf16 ? 2 : 1; /* outside the BMP: a surrogate pair */
        i += n;
    }
    return i < len ? i : len;
}

/* ---- what is drawn on one line ---- */

struct page {
    struct sl_strbuf *sb;
    const struct sl_sarif_result *result;
};

static bool same_file(const struct sl_sarif_place *a, const struct sl_sarif_place *b)
{
    return strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0;
}

static bool is_final(const struct page *pg, size_t step)
{
    return step + 1 == pg->result->nsteps;
}

/* [start, end) bytes of line n (of length len) that step s covers, if any. */
static bool step_span(const struct page *pg, const struct sl_sarif_place *s, unsigned n,
                      const char *line, size_t len, size_t *start, size_t *end)
{
    const struct sl_sarif_region *r = &s->region;
    if (!r->line || n < r->line || n > r->end_line)
        return false;
    bool utf16 = pg->result->utf16_columns;
    if (n == r->line)
        *start = r->col ? column_byte(line, len, r->col, utf16) : 0;
    else /* a continuation line: from its first non-blank */
        for (*start = 0; *start < len && (line[*start] == ' ' || line[*start] == '\t');)
            ++*start;
    *end = n == r->end_line && r->end_col ? column_byte(line, len, r->end_col, utf16) : len;
    if (*end <= *start) /* an empty or unknown end: one character */
        *end = *start < len ? *start + 1 : len;
    return true;
}

struct span {
    bool on;            /* the step covers part of this line */
    size_t start, end;  /* bytes [start, end) */
};

/* The segment of the line from byte i up to the next place a span starts
 * or ends. */
static size_t segment_end(const struct span *spans, size_t nspans, size_t i, size_t len)
{
    size_t j = len;
    for (size_t k = 0; k < nspans; k++) {
        if (spans[k].on && spans[k].start > i && spans[k].start < j)
            j = spans[k].start;
        if (spans[k].on && spans[k].end > i && spans[k].end < j)
            j = spans[k].end;
    }
    return j;
}

/* <mark data-step="2 3"> for the steps covering byte i; "final" when the
 * finding itself is one of them. Returns false when no step covers it. */
static bool open_mark(struct page *pg, const struct span *spans, size_t i)
{
    struct sl_strbuf steps = {0};
    bool final = false;
    for (size_t k = 0; k < pg->result->nsteps; k++) {
        if (spans[k].on && spans[k].start <= i && i < spans[k].end) {
            sl_sb_printf(&steps, "%s%zu", steps.len ? " " : "", k + 1);
            final = final || is_final(pg, k);
        }
    }
    if (steps.len)
        sl_sb_printf(pg->sb, "<mark%s data-step=\"%s\">", final ? " class=\"final\"" : "", steps.buf);
    free(steps.buf);
    return steps.len > 0;
}

/* The line's text with the ranges of the steps on it in <mark>s. */
static void append_highlighted(struct page *pg, const struct sl_sarif_place *file,
                               const char *line, size_t len, unsigned n)
{
    struct span *spans = sl_xcalloc(pg->result->nsteps, sizeof *spans);
    for (size_t k = 0; k < pg->result->nsteps; k++) {
        const struct sl_sarif_place *s = &pg->result->steps[k];
        spans[k].on = same_file(s, file) &&
                      step_span(pg, s, n, line, len, &spans[k].start, &spans[k].end);
    }
    for (size_t i = 0; i < len;) {
        size_t j = segment_end(spans, pg->result->nsteps, i, len);
        bool marked = open_mark(pg, spans, i);
        sl_html_escape_n(pg->sb, line + i, j - i);
        if (marked)
            sl_sb_append(pg->sb, "</mark>");
        i = j;
    }
    free(spans);
}

/* The line a step's bubble goes under: its last line, within reason. */
static unsigned bubble_line(const struct sl_sarif_place *s, const struct source *src)
{
    unsigned last = s->region.end_line;
    if (last > s->region.line + MAX_RANGE_LINES)
        last = s->region.line + MAX_RANGE_LINES;
    if (last < s->region.line)
        last = s->region.line;
    return last < src->nlines ? last : (unsigned)src->nlines;
}

static void append_bubble(struct page *pg, size_t step)
{
    const struct sl_sarif_place *s = &pg->result->steps[step];
    sl_sb_printf(pg->sb, "<div class=\"bubble%s\" id=\"step-%zu\"><span class=\"num\">%zu</span>",
                 is_final(pg, step) ? " final" : "", step + 1, step + 1);
    sl_html_escape(pg->sb, s->message ? s->message : "(no message)");
    sl_sb_append(pg->sb, "</div>");
}

static void append_line(struct page *pg, const struct sl_sarif_place *file,
                        const struct source *src, unsigned n)
{
    size_t len;
    const char *line = source_line(src, n, &len);
    sl_sb_printf(pg->sb, "<tr><td class=\"ln\">%u</td><td class=\"src\">", n);
    append_highlighted(pg, file, line, len, n);
    sl_sb_append(pg->sb, "</td></tr>\n");
    for (size_t k = 0; k < pg->result->nsteps; k++) {
        const struct sl_sarif_place *s = &pg->result->steps[k];
        if (same_file(s, file) && s->region.line && bubble_line(s, src) == n) {
            sl_sb_append(pg->sb, "<tr class=\"note\"><td class=\"ln\"></td><td class=\"src\">");
            append_bubble(pg, k);
            sl_sb_append(pg->sb, "</td></tr>\n");
        }
    }
}

/* ---- excerpts of one file ---- */

struct range {
    unsigned first, last;
};

static int compare_ranges(const void *a, const void *b)
{
    unsigned x = ((const struct range *)a)->first, y = ((const struct range *)b)->first;
    return (x > y) - (x < y);
}

static bool shown_in_source(const struct sl_sarif_place *s, const struct source *src)
{
    return src->text && s->region.line >= 1 && s->region.line <= src->nlines;
}

/* Lines to show around the steps in this file, sorted and merged (ranges
 * a few lines apart are joined: a gap marker for two lines helps nobody). */
static size_t excerpt_ranges(const struct page *pg, const struct sl_sarif_place *file,
                             const struct source *src, struct range *out)
{
    size_t n = 0;
    for (size_t k = 0; k < pg->result->nsteps; k++) {
        const struct sl_sarif_place *s = &pg->result->steps[k];
        if (!same_file(s, file) || !shown_in_source(s, src))
            continue;
        unsigned last = bubble_line(s, src);
        out[n].first = s->region.line > CONTEXT_LINES ? s->region.line - CONTEXT_LINES : 1;
        out[n].last = last + CONTEXT_LINES < src->nlines ? last + CONTEXT_LINES : (unsigned)src->nlines;
        n++;
    }
    if (n > 1)
        qsort(out, n, sizeof *out, compare_ranges);
    size_t merged = 0;
    for (size_t i = 0; i < n; i++) {
        if (merged && out[i].first <= out[merged - 1].last + 3) {
            if (out[i].last > out[merged - 1].last)
                out[merged - 1].last = out[i].last;
        } else {
            out[merged++] = out[i];
        }
    }
    return merged;
}

static void append_code(struct page *pg, const struct sl_sarif_place *file, const struct source *src)
{
    struct range *ranges = sl_xcalloc(pg->result->nsteps, sizeof *ranges);
    size_t n = excerpt_ranges(pg, file, src, ranges);
    sl_sb_append(pg->sb, "<div class=\"code\"><table>\n");
    for (size_t r = 0; r < n; r++) {
        if (r > 0 || ranges[r].first > 1)
            sl_sb_append(pg->sb, "<tr class=\"gap\"><td class=\"ln\">&#8942;</td><td></td></tr>\n");
        for (unsigned line = ranges[r].first; line <= ranges[r].last; line++)
            append_line(pg, file, src, line);
    }
    sl_sb_append(pg->sb, "</table></div>\n");
    free(ranges);
}

/* Bubbles of steps that have no line to stand under. */
static void append_loose_steps(struct page *pg, const struct sl_sarif_place *file,
                               const struct source *src)
{
    for (size_t k = 0; k < pg->result->nsteps; k++) {
        const struct sl_sarif_place *s = &pg->result->steps[k];
        if (same_file(s, file) && !shown_in_source(s, src)) {
            sl_sb_append(pg->sb, "<div>");
            append_bubble(pg, k);
            if (s->region.line)
                sl_sb_printf(pg->sb, " <span class=\"muted\">line %u</span>", s->region.line);
            sl_sb_append(pg->sb, "</div>\n");
        }
    }
}

static void append_file_section(struct page *pg, const struct sl_sarif_place *file)
{
    struct source src;
    source_load(&src, file->path);
    sl_sb_append(pg->sb, "<section class=\"source\">\n<h2><code>");
    sl_html_escape(pg->sb, file->file ? file->file : "(no file)");
    sl_sb_append(pg->sb, "</code></h2>\n");
    if (!src.text)
        sl_sb_append(pg->sb, "<p class=\"muted\">Source not available: the file was not found "
                             "under the log's %SRCROOT% nor in the current directory.</p>\n");
    append_loose_steps(pg, file, &src);
    if (src.text)
        append_code(pg, file, &src);
    sl_sb_append(pg->sb, "</section>\n");
    source_free(&src);
}

/* One section per file on the path, in the order the path reaches them. */
static void append_sources(struct page *pg)
{
    const struct sl_sarif_result *r = pg->result;
    for (size_t k = 0; k < r->nsteps; k++) {
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = same_file(&r->steps[j], &r->steps[k]);
        if (!seen)
            append_file_section(pg, &r->steps[k]);
    }
}

/* ---- the rest of the page ---- */

static void append_step_list(struct page *pg)
{
    const struct sl_sarif_result *r = pg->result;
    sl_sb_printf(pg->sb, "<section>\n<h2>Path (%zu step%s)</h2>\n<ol class=\"steps\">\n",
                 r->nsteps, r->nsteps == 1 ? "" : "s");
    for (size_t k = 0; k < r->nsteps; k++) {
        sl_sb_printf(pg->sb, "<li%s><a href=\"#step-%zu\"><span class=\"num\">%zu</span></a> ",
                     is_final(pg, k) ? " class=\"final\"" : "", k + 1, k + 1);
        sl_html_escape(pg->sb, r->steps[k].message ? r->steps[k].message : "(no message)");
        sl_sb_append(pg->sb, " <span class=\"muted\">");
        sl_html_place(pg->sb, &r->steps[k], true);
        sl_sb_append(pg->sb, "</span></li>\n");
    }
    sl_sb_append(pg->sb, "</ol>\n</section>\n");
}

static void append_help(struct sl_strbuf *sb, const struct sl_sarif_log *log,
                        const struct sl_sarif_result *r)
{
    const struct sl_sarif_rule *rule = r->rule >= 0 ? &log->rules[r->rule] : NULL;
    sl_sb_append(sb, "<section class=\"help\">\n<h2>About <code>");
    sl_html_escape(sb, r->rule_id);
    sl_sb_append(sb, "</code></h2>\n");
    if (rule && rule->short_description) {
        sl_sb_append(sb, "<p><strong>");
        sl_html_escape(sb, rule->short_description);
        sl_sb_append(sb, "</strong></p>\n");
    }
    if (rule && rule->help_markdown) {
        sl_html_markdown(sb, rule->help_markdown);
    } else if (rule && rule->help_text) {
        sl_sb_append(sb, "<pre>");
        sl_html_escape(sb, rule->help_text);
        sl_sb_append(sb, "</pre>\n");
    } else {
        sl_sb_append(sb, "<p class=\"muted\">The log has no help for this rule.</p>\n");
    }
    sl_sb_append(sb, "</section>\n");
}

static void append_pager_link(struct sl_strbuf *sb, bool exists, size_t pos, const char *rel,
                              const char *label)
{
    if (!exists) {
        sl_sb_printf(sb, "<span class=\"muted\">%s</span>\n", label);
        return;
    }
    sl_sb_printf(sb, "<a rel=\"%s\" href=\"", rel);
    sl_html_finding_href(sb, pos);
    sl_sb_printf(sb, "\">%s</a>\n", label);
}

static void append_pager(struct sl_strbuf *sb, size_t pos, size_t count)
{
    sl_sb_append(sb, "<nav class=\"pager\">\n<a href=\"index.html\">All findings</a>\n");
    append_pager_link(sb, pos > 0, pos - 1, "prev", "&larr; Previous");
    sl_sb_printf(sb, "<span>Finding %zu of %zu</span>\n", pos + 1, count);
    append_pager_link(sb, pos + 1 < count, pos + 1, "next", "Next &rarr;");
    sl_sb_append(sb, "</nav>\n");
}

static char *page_title(const struct sl_sarif_result *r)
{
    struct sl_strbuf sb = {0};
    sl_sb_printf(&sb, "%s: ", r->rule_id);
    sl_sb_append(&sb, r->loc.file ? r->loc.file : "(no file)");
    if (r->loc.region.line)
        sl_sb_printf(&sb, ":%u", r->loc.region.line);
    sl_sb_append(&sb, " - sessionlint");
    return sl_sb_take(&sb);
}

static void append_header(struct sl_strbuf *sb, const struct sl_sarif_result *r)
{
    sl_sb_append(sb, "<h1>");
    sl_html_level_badge(sb, r->level);
    sl_html_escape(sb, r->rule_id);
    sl_sb_append(sb, "</h1>\n<p id=\"message\">");
    sl_html_escape(sb, r->message);
    sl_sb_append(sb, "</p>\n<p class=\"muted\"><code>");
    sl_html_place(sb, &r->loc, true);
    sl_sb_append(sb, "</code>");
    if (r->function) {
        sl_sb_append(sb, " in <code>");
        sl_html_escape(sb, r->function);
        sl_sb_append(sb, "</code>");
    }
    sl_sb_append(sb, "</p>\n");
}

char *sl_report_html_finding(const struct sl_sarif_log *log, const size_t *order, size_t pos,
                             const char *nonce)
{
    struct sl_strbuf sb = {0};
    struct page pg = {.sb = &sb, .result = &log->results[order[pos]]};
    char *title = page_title(pg.result);
    sl_html_page_begin(&sb, title, nonce);
    free(title);
    sl_sb_append(&sb, "<header>\n");
    append_pager(&sb, pos, log->nresults);
    append_header(&sb, pg.result);
    sl_sb_append(&sb, "</header>\n<main>\n");
    append_step_list(&pg);
    append_sources(&pg);
    append_help(&sb, log, pg.result);
    sl_sb_append(&sb, "</main>\n<footer>\n");
    append_pager(&sb, pos, log->nresults);
    sl_sb_append(&sb, "</footer>\n");
    sl_html_page_end(&sb, NULL, nonce);
    return sl_sb_take(&sb);
}
