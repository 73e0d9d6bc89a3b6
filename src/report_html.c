/*
 * report_html.c: the HTML report's frame, index page and output directory
 * (report_html.h); the finding pages are in report_html_finding.c. The
 * index lists every finding in report order (rule, file, line) in one table
 * whose rows carry their rule and file, with two count tables (by rule, by
 * file) and two filters over the rows; a small inline script does the
 * filtering and the column sorting, and without it the page is still a
 * complete static list. Pages are written atomically, one file each.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir, stat */

#include "report_html.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_text.h"
#include "output.h"
#include "report_html_page.h"

/* ---- the page frame ---- */

static const char style_sheet[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--rule:#d1d9e0;"
    "--code:#f6f8fa;--accent:#0969da;--hl:#fff1a8;--hl-final:#ffcecb;--note:#fff8c5;"
    "--note-final:#ffebe9;--error:#cf222e;--warning:#9a6700;--info:#0969da}"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;"
    "--rule:#3d444d;--code:#151b23;--accent:#4493f8;--hl:#5c4a00;--hl-final:#7d1f1f;"
    "--note:#2e2600;--note-final:#3d1214;--error:#ff7b72;--warning:#d29922;--info:#4493f8}}"
    "*{box-sizing:border-box}[hidden]{display:none!important}"
    "body{margin:0 auto;padding:1rem;max-width:75rem;font:15px/1.5 system-ui,sans-serif;"
    "background:var(--bg);color:var(--fg);overflow-wrap:anywhere}"
    "a{color:var(--accent)}h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;"
    "margin:1.4rem 0 .5rem}code,pre,.code{font:13px/1.45 ui-monospace,monospace}"
    "pre{background:var(--code);padding:.6rem;overflow-x:auto;border-radius:6px}"
    ".muted{color:var(--muted)}"
    ".level{display:inline-block;padding:0 .4rem;border-radius:1rem;font-size:.8rem;"
    "border:1px solid currentColor;color:var(--info);margin-right:.3rem}"
    ".level.error{color:var(--error)}.level.warning{color:var(--warning)}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--rule)}"
    "td.n,th.n{text-align:right;white-space:nowrap}"
    "th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;color:inherit;"
    "cursor:pointer}th[aria-sort=ascending] button::after{content:' \\25B2'}"
    "th[aria-sort=descending] button::after{content:' \\25BC'}"
    ".groups{display:flex;flex-wrap:wrap;gap:1rem 2rem}.groups>div{flex:1 1 18rem}"
    ".filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}"
    ".filters select{max-width:80vw}"
    "nav.pager{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.5rem 0}"
    ".code{overflow-x:auto;border:1px solid var(--rule);border-radius:6px;background:var(--code)}"
    ".code table{width:auto;min-width:100%}.code td{border:0;padding:0 .5rem}"
    ".code td.ln{color:var(--muted);text-align:right;user-select:none;width:1%;"
    "white-space:nowrap;overflow-wrap:normal}"
    ".code td.src{white-space:pre;overflow-wrap:normal;tab-size:8}.code tr.gap td{color:var(--muted)}"
    "mark{background:var(--hl);color:inherit;border-radius:2px}mark.final{background:var(--hl-final)}"
    ".code tr.note td.src{white-space:normal}"
    ".bubble{display:inline-block;max-width:min(44rem,80vw);margin:.15rem 0 .3rem;"
    "padding:.15rem .5rem;border:1px solid var(--warning);border-radius:6px;"
    "background:var(--note);font:14px/1.4 system-ui,sans-serif}"
    ".bubble.final{border-color:var(--error);background:var(--note-final)}"
    ".num{display:inline-block;min-width:1.4rem;margin-right:.3rem;border-radius:1rem;"
    "text-align:center;font-weight:bold;color:#fff;background:var(--warning)}"
    ".final .num,li.final .num{background:var(--error)}"
    "ol.steps{list-style:none;padding:0}ol.steps li{margin:.2rem 0}"
    ":target{outline:2px solid var(--accent)}"
    /* narrow screens: each finding becomes a card, its number on the left */
    "@media (max-width:40rem){body{padding:.6rem}"
    "#findings thead tr{display:flex;flex-wrap:wrap;gap:.2rem 1rem}#findings th{border:0;padding:0}"
    "#findings tbody tr{display:grid;grid-template-columns:2rem 1fr;padding:.3rem 0;"
    "border-bottom:1px solid var(--rule)}#findings td{border:0;padding:0 .3rem;grid-column:2}"
    "#findings td.n{grid-column:1;grid-row:1/span 3;text-align:left}}";

void sl_html_page_begin(struct sl_strbuf *sb, const char *title, const char *nonce)
{
    sl_sb_append(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sl_sb_printf(sb, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; script-src 'nonce-%s'\">\n<title>", nonce);
    sl_html_escape(sb, title);
    sl_sb_printf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n", style_sheet);
}

void sl_html_page_end(struct sl_strbuf *sb, const char *script, const char *nonce)
{
    if (script)
        sl_sb_printf(sb, "<script nonce=\"%s\">%s</script>\n", nonce, script);
    sl_sb_append(sb, "</body>\n</html>\n");
}

void sl_html_level_badge(struct sl_strbuf *sb, const char *level)
{
    sl_sb_append(sb, "<span class=\"level ");
    sl_html_escape(sb, level);
    sl_sb_append(sb, "\">");
    sl_html_escape(sb, level);
    sl_sb_append(sb, "</span>");
}

void sl_html_place(struct sl_strbuf *sb, const struct sl_sarif_place *p, bool with_column)
{
    sl_html_escape(sb, p->file ? p->file : "(no file)");
    if (p->region.line)
        sl_sb_printf(sb, ":%u", p->region.line);
    if (with_column && p->region.col)
        sl_sb_printf(sb, ":%u", p->region.col);
}

void sl_html_finding_href(struct sl_strbuf *sb, size_t pos)
{
    sl_sb_printf(sb, "finding-%zu.html", pos + 1);
}

/* ---- report order ---- */

static const struct sl_sarif_log *order_log; /* qsort has no context argument */

static int compare_strings(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int compare_results(const void *pa, const void *pb)
{
    const struct sl_sarif_result *a = &order_log->results[*(const size_t *)pa];
    const struct sl_sarif_result *b = &order_log->results[*(const size_t *)pb];
    int c = compare_strings(a->rule_id, b->rule_id);
    if (!c)
        c = compare_strings(a->loc.file, b->loc.file);
    if (!c)
        c = (a->loc.region.line > b->loc.region.line) - (a->loc.region.line < b->loc.region.line);
    if (!c)
        c = (a->loc.region.col > b->loc.region.col) - (a->loc.region.col < b->loc.region.col);
    if (!c) /* keep the log's order otherwise: the sort is then deterministic */
        c = (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
    return c;
}

size_t *sl_report_html_order(const struct sl_sarif_log *log)
{
    size_t *order = sl_xcalloc(log->nresults ? log->nresults : 1, sizeof *order);
    for (size_t i = 0; i < log->nresults; i++)
        order[i] = i;
    order_log = log;
    if (log->nresults > 1)
        qsort(order, log->nresults, sizeof *order, compare_results);
    order_log = NULL;
    return order;
}

/* ---- the index ---- */

/* Distinct values of one key (rule id or file) in report order, with counts. */
struct group {
    const char *name;
    const char *level; /* the first finding's level, for rules */
    size_t count;
};

static const char *rule_key(const struct sl_sarif_result *r) { return r->rule_id; }
static const char *file_key(const struct sl_sarif_result *r) { return r->loc.file ? r->loc.file : ""; }

static size_t collect_groups(const struct sl_sarif_log *log, const size_t *order,
                             const char *(*key)(const struct sl_sarif_result *), struct group *out)
{
    size_t n = 0;
    for (size_t i = 0; i < log->nresults; i++) {
        const struct sl_sarif_result *r = &log->results[order[i]];
        size_t g = 0;
        while (g < n && strcmp(out[g].name, key(r)) != 0)
            g++;
        if (g == n)
            out[n++] = (struct group){.name = key(r), .level = r->level};
        out[g].count++;
    }
    return n;
}

/* A count table whose names, with the script, set the findings filter. */
static void append_group_table(struct sl_strbuf *sb, const char *title, const char *filter,
                               const struct group *groups, size_t n, bool show_level)
{
    sl_sb_printf(sb, "<div>\n<h2>%s</h2>\n<table class=\"counts\">\n", title);
    for (size_t g = 0; g < n; g++) {
        sl_sb_printf(sb, "<tr><td><a href=\"#findings\" data-filter=\"%s\" data-value=\"", filter);
        sl_html_escape(sb, groups[g].name);
        sl_sb_append(sb, "\">");
        sl_html_escape(sb, groups[g].name);
        sl_sb_append(sb, "</a>");
        if (show_level) {
            sl_sb_append(sb, " ");
            sl_html_level_badge(sb, groups[g].level);
        }
        sl_sb_printf(sb, "</td><td class=\"n\">%zu</td></tr>\n", groups[g].count);
    }
    sl_sb_append(sb, "</table>\n</div>\n");
}

static void append_filter(struct sl_strbuf *sb, const char *id, const char *label,
                          const char *all, const struct group *groups, size_t n)
{
    sl_sb_printf(sb, "<label>%s <select id=\"%s\"><option value=\"\">%s</option>", label, id, all);
    for (size_t g = 0; g < n; g++) {
        sl_sb_append(sb, "<option value=\"");
        sl_html_escape(sb, groups[g].name);
        sl_sb_append(sb, "\">");
        sl_html_escape(sb, groups[g].name);
        sl_sb_printf(sb, " (%zu)</option>", groups[g].count);
    }
    sl_sb_append(sb, "</select></label>\n");
}

static void append_finding_row(struct sl_strbuf *sb, const struct sl_sarif_result *r, size_t pos)
{
    struct sl_strbuf href = {0};
    sl_html_finding_href(&href, pos);
    sl_sb_append(sb, "<tr data-rule=\"");
    sl_html_escape(sb, rule_key(r));
    sl_sb_append(sb, "\" data-file=\"");
    sl_html_escape(sb, file_key(r));
    sl_sb_printf(sb, "\"><td class=\"n\" data-key=\"%zu\"><a href=\"%s\">%zu</a></td>", pos + 1,
                 href.buf, pos + 1);
    sl_sb_append(sb, "<td data-key=\"");
    sl_html_escape(sb, r->rule_id);
    sl_sb_append(sb, "\">");
    sl_html_level_badge(sb, r->level);
    sl_html_escape(sb, r->rule_id);
    sl_sb_append(sb, "</td><td data-key=\"");
    sl_html_place(sb, &r->loc, false);
    sl_sb_append(sb, "\">");
    sl_html_place(sb, &r->loc, false);
    sl_sb_printf(sb, "</td><td data-key=\"");
    sl_html_escape(sb, r->message);
    sl_sb_printf(sb, "\"><a href=\"%s\">", href.buf);
    sl_html_escape(sb, r->message);
    sl_sb_append(sb, "</a>");
    if (r->function) {
        sl_sb_append(sb, "<div class=\"muted\">in <code>");
        sl_html_escape(sb, r->function);
        sl_sb_append(sb, "</code></div>");
    }
    sl_sb_append(sb, "</td></tr>\n");
    free(href.buf);
}

static void append_findings_table(struct sl_strbuf *sb, const struct sl_sarif_log *log,
                                  const size_t *order)
{
    sl_sb_append(sb, "<table id=\"findings\">\n<thead><tr>"
                     "<th class=\"n\"><button type=\"button\">#</button></th>"
                     "<th><button type=\"button\">Rule</button></th>"
                     "<th><button type=\"button\">Location</button></th>"
                     "<th><button type=\"button\">Message</button></th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < log->nresults; i++)
        append_finding_row(sb, &log->results[order[i]], i);
    sl_sb_append(sb, "</tbody>\n</table>\n");
}

/* Filters and sorting; the filter bar stays hidden when scripts do not run. */
static const char index_script[] =
    "(function(){"
    "var rows=Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));"
    "var tbody=document.querySelector('#findings tbody');"
    "var rule=document.getElementById('rule-filter'),file=document.getElementById('file-filter');"
    "var shown=document.getElementById('shown');"
    "function apply(){var n=0;rows.forEach(function(r){"
    "var ok=(!rule.value||r.dataset.rule===rule.value)&&(!file.value||r.dataset.file===file.value);"
    "r.hidden=!ok;if(ok)n++;});shown.textContent=n+' of '+rows.length+' shown';}"
    "rule.addEventListener('change',apply);file.addEventListener('change',apply);"
    "document.querySelectorAll('a[data-filter]').forEach(function(a){"
    "a.addEventListener('click',function(){var byRule=a.dataset.filter==='rule';"
    "rule.value=byRule?a.dataset.value:'';file.value=byRule?'':a.dataset.value;apply();});});"
    "document.querySelectorAll('#findings th').forEach(function(th,col){"
    "th.querySelector('button').addEventListener('click',function(){"
    "var up=th.getAttribute('aria-sort')!=='ascending';"
    "document.querySelectorAll('#findings th').forEach(function(h){h.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',up?'ascending':'descending');"
    "rows.sort(function(x,y){var c=x.cells[col].dataset.key.localeCompare("
    "y.cells[col].dataset.key,undefined,{numeric:true});return up?c:-c;});"
    "rows.forEach(function(r){tbody.appendChild(r);});});});"
    "document.getElementById('filters').hidden=false;apply();"
    "})();";

static void append_index_body(struct sl_strbuf *sb, const struct sl_sarif_log *log,
                              const size_t *order)
{
    struct group *rules = sl_xcalloc(log->nresults, sizeof *rules);
    struct group *files = sl_xcalloc(log->nresults, sizeof *files);
    size_t nrules = collect_groups(log, order, rule_key, rules);
    size_t nfiles = collect_groups(log, order, file_key, files);
    sl_sb_printf(sb, "<section class=\"groups\">\n");
    append_group_table(sb, "By rule", "rule", rules, nrules, true);
    append_group_table(sb, "By file", "file", files, nfiles, false);
    sl_sb_append(sb, "</section>\n<h2>Findings</h2>\n<div id=\"filters\" class=\"filters\" hidden>\n");
    append_filter(sb, "rule-filter", "Rule", "all rules", rules, nrules);
    append_filter(sb, "file-filter", "File", "all files", files, nfiles);
    sl_sb_append(sb, "<span id=\"shown\" class=\"muted\"></span>\n</div>\n");
    append_findings_table(sb, log, order);
    free(rules);
    free(files);
}

static size_t count_files(const struct sl_sarif_log *log, const size_t *order)
{
    struct group *files = sl_xcalloc(log->nresults ? log->nresults : 1, sizeof *files);
    size_t n = collect_groups(log, order, file_key, files);
    free(files);
    return n;
}

char *sl_report_html_index(const struct sl_sarif_log *log, const size_t *order, const char *nonce)
{
    struct sl_strbuf sb = {0};
    size_t nfiles = count_files(log, order);
    sl_html_page_begin(&sb, "sessionlint report", nonce);
    sl_sb_printf(&sb, "<header>\n<h1>sessionlint report</h1>\n<p class=\"muted\" id=\"summary\">"
                      "%zu finding%s in %zu file%s</p>\n</header>\n<main>\n",
                 log->nresults, log->nresults == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
    if (log->nresults)
        append_index_body(&sb, log, order);
    else
        sl_sb_append(&sb, "<p>No findings.</p>\n");
    sl_sb_append(&sb, "</main>\n");
    sl_html_page_end(&sb, log->nresults ? index_script : NULL, nonce);
    return sl_sb_take(&sb);
}

/* ---- the directory ---- */

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int sl_report_html_check_dir(const char *dir, char **error)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        *error = sl_xasprintf("cannot write the report to '%s': it is not a directory", dir);
        return -1;
    }
    const char *slash = strrchr(dir, '/');
    char *parent = !slash ? sl_xstrdup(".")
                   : slash == dir ? sl_xstrdup("/") : sl_xstrndup(dir, (size_t)(slash - dir));
    int rc = is_directory(parent) ? 0 : -1;
    if (rc < 0)
        *error = sl_xasprintf("cannot write the report to '%s': directory '%s' does not exist",
                              dir, parent);
    free(parent);
    return rc;
}

static int write_page(const char *dir, const char *name, char *html, char **error)
{
    char *path = sl_xasprintf("%s/%s", dir, name);
    int rc = sl_write_file_atomic(path, html, strlen(html), error);
    free(path);
    free(html);
    return rc;
}

static int write_pages(const char *dir, const struct sl_sarif_log *log, const char *nonce,
                       char **error)
{
    size_t *order = sl_report_html_order(log);
    int rc = write_page(dir, "index.html", sl_report_html_index(log, order, nonce), error);
    for (size_t i = 0; rc == 0 && i < log->nresults; i++) {
        struct sl_strbuf name = {0};
        sl_html_finding_href(&name, i);
        rc = write_page(dir, name.buf, sl_report_html_finding(log, order, i, nonce), error);
        free(name.buf);
    }
    free(order);
    return rc;
}

/* Finding pages left over from an earlier report with more findings. */
static void remove_stale_pages(const char *dir, size_t nfindings)
{
    for (size_t i = nfindings + 1;; i++) {
        char *path = sl_xasprintf("%s/finding-%zu.html", dir, i);
        int rc = unlink(path);
        free(path);
        if (rc != 0)
            return;
    }
}

/* The script nonce: a hash of the log, so that equal logs give equal
 * reports, and no text in the log can predict it. */
static void make_nonce(const char *text, char out[17])
{
    unsigned long long h = 14695981039346656037ULL; /* FNV-1a, 64 bits */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    snprintf(out, 17, "%016llx", h);
}

int sl_report_html_write(const char *sarif_text, const char *log_name, const char *dir,
                         size_t *nfindings, char **error)
{
    struct sl_sarif_log log;
    char nonce[17], *message;
    *nfindings = 0;
    if (sl_sarif_read(sarif_text, &log, &message) < 0) {
        *error = message;
        if (log_name) {
            *error = sl_xasprintf("'%s': %s", log_name, message);
            free(message);
        }
        sl_sarif_log_free(&log);
        return -1;
    }
    int rc = sl_report_html_check_dir(dir, error);
    if (rc == 0 && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        *error = sl_xasprintf("cannot create '%s': %s", dir, strerror(errno));
        rc = -1;
    }
    make_nonce(sarif_text, nonce);
    if (rc == 0)
        rc = write_pages(dir, &log, nonce, error);
    if (rc == 0) {
        remove_stale_pages(dir, log.nresults);
        *nfindings = log.nresults;
    }
    sl_sarif_log_free(&log);
    return rc;
}

int sl_report_html_write_from_file(const char *log_path, const char *dir, size_t *nfindings,
                                   char **error)
{
    char *text = sl_read_file(log_path, NULL);
    *nfindings = 0;
    if (!text) {
        *error = sl_xasprintf("cannot read '%s': %s", log_path, strerror(errno));
        return -1;
    }
    int rc = sl_report_html_write(text, log_path, dir, nfindings, error);
    free(text);
    return rc;
}
