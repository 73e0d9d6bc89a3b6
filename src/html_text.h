/*
 * html_text.h: turning untrusted text into HTML for the report
 * (report_html.h). Everything that comes from a SARIF log or a source file
 * (messages, file names, code, rule help) goes through one of these, so the
 * report cannot be broken or scripted by a comment containing </script> or
 * a file named <img onerror=...>.
 */
#ifndef SL_HTML_TEXT_H
#define SL_HTML_TEXT_H

#include <stddef.h>

#include "util.h"

/* Appends s[0..n) with & < > " ' escaped: safe in element content and in
 * quoted attribute values. */
void sl_html_escape_n(struct sl_strbuf *sb, const char *s, size_t n);
void sl_html_escape(struct sl_strbuf *sb, const char *s); /* NULL appends nothing */

/* Appends a minimal rendering of Markdown: paragraphs, ```fenced``` code
 * blocks (<pre><code>), "- " lists, "#" headings, `code` and **strong**.
 * Anything else, including raw HTML, is shown as text. */
void sl_html_markdown(struct sl_strbuf *sb, const char *markdown);

#endif
