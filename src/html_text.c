/*
 * html_text.c: HTML escaping and a deliberately small Markdown renderer
 * (html_text.h). The renderer covers what rule help in SARIF logs uses in
 * practice (sessionlint's own help is paragraphs and fenced C examples) and
 * escapes every character it does not turn into markup, so unknown syntax
 * degrades to visible text, never to HTML.
 */
#include "html_text.h"

#include <string.h>

void sl_html_escape_n(struct sl_strbuf *sb, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *entity = s[i] == '&'    ? "&amp;"
                             : s[i] == '<'  ? "&lt;"
                             : s[i] == '>'  ? "&gt;"
                             : s[i] == '"'  ? "&quot;"
                             : s[i] == '\'' ? "&#39;"
                                            : NULL;
        if (!entity)
            continue;
        sl_sb_appendn(sb, s + start, i - start);
        sl_sb_append(sb, entity);
        start = i + 1;
    }
    sl_sb_appendn(sb, s + start, n - start);
}

void sl_html_escape(struct sl_strbuf *sb, const char *s)
{
    if (s)
        sl_html_escape_n(sb, s, strlen(s));
}

/* Inline markup of one line: `code` and **strong**; an unmatched marker
 * stays as text. */
static void append_inline(struct sl_strbuf *sb, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t marker = s[i] == '`' ? 1 : (i + 1 < n && s[i] == '*' && s[i + 1] == '*') ? 2 : 0;
        const char *close = NULL;
        if (marker) {
            const char *tag = marker == 1 ? "`" : "**";
            for (size_t j = i + marker; j + marker <= n && !close; j++)
                if (strncmp(s + j, tag, marker) == 0)
                    close = s + j;
        }
        if (!close) {
            sl_html_escape_n(sb, s + i, 1);
            i++;
            continue;
        }
        const char *element = marker == 1 ? "code" : "strong";
        sl_sb_printf(sb, "<%s>", element);
        sl_html_escape_n(sb, s + i + marker, (size_t)(close - (s + i + marker)));
        sl_sb_printf(sb, "</%s>", element);
        i = (size_t)(close - s) + marker;
    }
}

enum block { BLOCK_NONE, BLOCK_PARAGRAPH, BLOCK_LIST, BLOCK_CODE };

struct md_state {
    struct sl_strbuf *sb;
    enum block open;
};

static void close_block(struct md_state *st)
{
    static const char *const closers[] = {"", "</p>\n", "</ul>\n", "</code></pre>\n"};
    sl_sb_append(st->sb, closers[st->open]);
    st->open = BLOCK_NONE;
}

static void open_block(struct md_state *st, enum block b)
{
    static const char *const openers[] = {"", "<p>", "<ul>\n", "<pre><code>"};
    if (st->open == b)
        return;
    close_block(st);
    sl_sb_append(st->sb, openers[b]);
    st->open = b;
}

static size_t heading_level(const char *line, size_t n)
{
    size_t level = 0;
    while (level < n && level < 6 && line[level] == '#')
        level++;
    return level && level < n && line[level] == ' ' ? level : 0;
}

static void render_line(struct md_state *st, const char *line, size_t n)
{
    bool fence = n >= 3 && strncmp(line, "```", 3) == 0;
    if (st->open == BLOCK_CODE) {
        if (fence) {
            close_block(st);
        } else {
            sl_html_escape_n(st->sb, line, n);
            sl_sb_append(st->sb, "\n");
        }
        return;
    }
    size_t level = heading_level(line, n);
    if (fence) {
        open_block(st, BLOCK_CODE); /* the info string ("c") is not shown */
    } else if (n == 0) {
        close_block(st);
    } else if (level) {
        close_block(st);
        sl_sb_printf(st->sb, "<h%zu>", level + 2); /* under the page's own h1/h2 */
        append_inline(st->sb, line + level + 1, n - level - 1);
        sl_sb_printf(st->sb, "</h%zu>\n", level + 2);
    } else if (n >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
        open_block(st, BLOCK_LIST);
        sl_sb_append(st->sb, "<li>");
        append_inline(st->sb, line + 2, n - 2);
        sl_sb_append(st->sb, "</li>\n");
    } else {
        if (st->open == BLOCK_PARAGRAPH)
            sl_sb_append(st->sb, "\n");
        open_block(st, BLOCK_PARAGRAPH);
        append_inline(st->sb, line, n);
    }
}

void sl_html_markdown(struct sl_strbuf *sb, const char *markdown)
{
    struct md_state st = {.sb = sb, .open = BLOCK_NONE};
    for (const char *p = markdown; p && *p;) {
        size_t n = strcspn(p, "\n");
        size_t len = n && p[n - 1] == '\r' ? n - 1 : n;
        render_line(&st, p, len);
        p += n + (p[n] == '\n');
    }
    close_block(&st);
}
