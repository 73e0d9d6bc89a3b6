/*
 * report_html.h: the browsable HTML report (`sessionlint report LOG.sarif
 * -o DIR` and `--format html -o DIR`). It is made from a SARIF log alone
 * plus the source files the log points at, so a log produced elsewhere or
 * merged from several runs renders the same way. DIR receives index.html
 * (findings grouped by rule and by file, with counts, filters and sortable
 * columns) and finding-N.html per finding (the source around each code-flow
 * step, steps numbered and highlighted in place, the rule's help, links to
 * the previous and next finding). Every page is self-contained: inline CSS
 * and a little inline script, nothing loaded from anywhere, so the report
 * works from file:// and as a CI artifact. Pages are built as strings
 * (the functions below) so that tests can check them without a browser.
 */
#ifndef SL_REPORT_HTML_H
#define SL_REPORT_HTML_H

#include <stddef.h>

#include "sarif_read.h"

/* Checks, before any analysis, that dir can receive a report: it is a
 * directory, or it does not exist and its parent is one. Returns 0, or -1
 * with *error set (malloc'd, caller frees). */
int sl_report_html_check_dir(const char *dir, char **error);

/* Renders the SARIF log text into dir (created if missing; finding pages of
 * an earlier, larger report there are removed). Returns 0 and sets
 * *nfindings, or -1 with *error set to a malloc'd one-line message (bad
 * log, unwritable directory; caller frees). Messages about the log start
 * with log_name when it is not NULL ("'x.sarif': not valid JSON ..."). */
int sl_report_html_write(const char *sarif_text, const char *log_name, const char *dir,
                         size_t *nfindings, char **error);

/* The same from the SARIF log in the file log_path. */
int sl_report_html_write_from_file(const char *log_path, const char *dir, size_t *nfindings,
                                   char **error);

/* The order of the report: result indices sorted by rule, file, line and
 * column. finding-N.html shows order[N-1]. Caller frees. */
size_t *sl_report_html_order(const struct sl_sarif_log *log);

/* index.html and finding-(pos+1).html as strings; nonce is the script nonce
 * of the pages' Content-Security-Policy. Caller frees. */
char *sl_report_html_index(const struct sl_sarif_log *log, const size_t *order, const char *nonce);
char *sl_report_html_finding(const struct sl_sarif_log *log, const size_t *order, size_t pos,
                             const char *nonce);

#endif
