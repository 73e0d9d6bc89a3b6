/*
 * report_html_page.h: what the pages of the HTML report share, between
 * report_html.c (the index and writing the directory) and
 * report_html_finding.c (one page per finding): the page frame with its
 * inline style sheet and Content-Security-Policy, the level badge, places
 * and links to finding pages.
 */
#ifndef SL_REPORT_HTML_PAGE_H
#define SL_REPORT_HTML_PAGE_H

#include "sarif_read.h"
#include "util.h"

/* <!DOCTYPE html> ... <body>: viewport for narrow screens, a policy that
 * forbids every network load and any script without the nonce. */
void sl_html_page_begin(struct sl_strbuf *sb, const char *title, const char *nonce);
/* An inline script (the text is ours, not escaped) and </body></html>. */
void sl_html_page_end(struct sl_strbuf *sb, const char *script, const char *nonce);
/* <span class="level LEVEL">LEVEL</span>, level escaped. */
void sl_html_level_badge(struct sl_strbuf *sb, const char *level);
/* "file:line" or "file:line:col", escaped. */
void sl_html_place(struct sl_strbuf *sb, const struct sl_sarif_place *p, bool with_column);
/* "finding-N.html" for the finding at 0-based position pos. */
void sl_html_finding_href(struct sl_strbuf *sb, size_t pos);

#endif
