/*
 * prescan_lex.c: the lexer of the scan before parsing (prescan_lex.h). Line
 * splices are removed first (a copy, only when there are any), then one pass
 * over the text yields tokens; a `#` first on a logical line starts a
 * directive, read to the end of that line. Only identifiers, literals (so
 * that their contents are not taken for names) and the few punctuators that
 * shape a directive or a declaration are told apart. Where the text could
 * mean something the lexer cannot follow (an unterminated comment, a raw
 * string, a universal character name, bytes that are not UTF-8), `why` says
 * so and the caller parses the file instead.
 */
#include "prescan_lex.h"

#include <stdlib.h>
#include <string.h>

#include "prescan_cond.h"

enum tok_kind { TK_END, TK_NEWLINE, TK_IDENT, TK_NUMBER, TK_STRING, TK_CHAR, TK_PUNCT, TK_HASH,
                TK_PASTE };

struct tok {
    enum tok_kind kind;
    const char *text;
    size_t len;
    char punct;          /* TK_PUNCT: the character ('{' for "<%" ...), '.' for "..." */
    bool space_before;   /* white space or a comment before it */
};

struct lexer {
    const char *p, *end;
    bool line_start;     /* nothing but white space and comments since the last newline */
    bool in_directive;   /* newlines are tokens (they end the directive) */
    struct sl_intern *names;
    struct sl_ps_file *out;
    sl_ps_ids open_groups; /* the conditional groups the text is in, innermost last */
    sl_ps_defines defines; /* the names #defined in those groups before this line ... */
    sl_ps_ids marks;     /* ... defines.len when each of the open groups began */
    const struct sl_intern *stop_at; /* the lexing stops after an identifier of these */
    bool stopped;
};

#define MAX_DEFINED_KEPT 32 /* the nearest #defines before a line, kept with it */

/* ---- characters ---- */

static bool is_ascii_ident(unsigned char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
           (!first && c >= '0' && c <= '9');
}

/* Length of the UTF-8 sequence at p and its code point; 0 when invalid. */
static size_t utf8_decode(const char *p, const char *end, unsigned long *cp)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n = s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > (size_t)(end - p))
        return 0;
    unsigned long v = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

/* clang treats these code points as white space (with a warning). */
static bool is_unicode_space(unsigned long cp)
{
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x180E ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Bytes of the identifier character at lx->p (0: none). A byte that is not
 * UTF-8 outside a literal is something the lexer cannot follow. */
static size_t ident_char(struct lexer *lx, bool first)
{
    unsigned char c = (unsigned char)*lx->p;
    if (c < 0x80)
        return is_ascii_ident(c, first) ? 1 : 0;
    unsigned long cp;
    size_t n = utf8_decode(lx->p, lx->end, &cp);
    if (n == 0) {
        lx->out->why = "bytes that are not UTF-8";
        return 0;
    }
    return is_unicode_space(cp) ? 0 : n;
}

static size_t unicode_space(const struct lexer *lx)
{
    unsigned long cp;
    size_t n = (unsigned char)*lx->p >= 0x80 ? utf8_decode(lx->p, lx->end, &cp) : 0;
    return n && is_unicode_space(cp) ? n : 0;
}

/* ---- phase 1 and 2: trigraphs are only noted, splices removed ---- */

static bool has_trigraph(const char *text, size_t len)
{
    for (const char *q = text; (q = memchr(q, '?', len - (size_t)(q - text))) != NULL; q++)
        if ((size_t)(text + len - q) >= 3 && q[1] == '?' && strchr("=/'()!<>-", q[2]) && q[2])
            return true;
    return false;
}

/* Length of the splice (backslash, horizontal white space, newline) at p, or 0. */
static size_t splice_at(const char *p, const char *end)
{
    const char *q = p + 1;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\v' || *q == '\f'))
        q++;
    if (q < end && *q == '\r')
        return (size_t)(q - p) + (q + 1 < end && q[1] == '\n' ? 2 : 1);
    return q < end && *q == '\n' ? (size_t)(q - p) + 1 : 0;
}

/* The text without line splices (a copy, caller frees), or NULL when there
 * is none. */
static char *without_splices(const char *text, size_t len, size_t *out_len)
{
    const char *end = text + len, *p = memchr(text, '\\', len);
    while (p && !splice_at(p, end))
        p = memchr(p + 1, '\\', (size_t)(end - p - 1));
    if (!p)
        return NULL;
    char *copy = sl_xmalloc(len + 1);
    size_t n = (size_t)(p - text);
    memcpy(copy, text, n);
    while (p < end) {
        size_t splice = *p == '\\' ? splice_at(p, end) : 0;
        if (splice)
            p += splice;
        else
            copy[n++] = *p++;
    }
    copy[n] = '\0';
    *out_len = n;
    return copy;
}

/* ---- tokens ---- */

static bool at(const struct lexer *lx, size_t k, char c)
{
    return (size_t)(lx->end - lx->p) > k && lx->p[k] == c;
}

static void skip_block_comment(struct lexer *lx)
{
    const char *q = lx->p + 2;
    for (; q + 1 < lx->end; q++) {
        if (q[0] == '*' && q[1] == '/')
            break;
        if ((*q == '\n' || *q == '\r') && !lx->in_directive)
            lx->line_start = true;
    }
    if (q + 1 >= lx->end) {
        lx->out->why = "an unterminated comment";
        lx->p = lx->end;
    } else {
        lx->p = q + 2;
    }
}

/* Skips white space and comments; stops before a newline in a directive.
 * Returns whether anything was skipped. */
static bool skip_space(struct lexer *lx)
{
    const char *start = lx->p;
    while (lx->p < lx->end) {
        char c = *lx->p;
        size_t wide;
        if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\0') {
            lx->p++;
        } else if (c == '\n' || c == '\r') {
            if (lx->in_directive)
                break;
            lx->line_start = true;
            lx->p++;
        } else if (c == '/' && at(lx, 1, '*')) {
            skip_block_comment(lx);
        } else if (c == '/' && at(lx, 1, '/')) {
            while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
                lx->p++;
        } else if ((wide = unicode_space(lx)) > 0) {
            lx->p += wide;
        } else {
            break;
        }
    }
    return lx->p != start;
}

/* A quoted literal from lx->p (the opening quote); an unterminated one is
 * only its quote, so that what follows it on the line is still seen. */
static enum tok_kind lex_quoted(struct lexer *lx, char quote)
{
    const char *q = lx->p + 1;
    while (q < lx->end && *q != quote && *q != '\n' && *q != '\r')
        q += *q == '\\' && q + 1 < lx->end ? 2 : 1;
    if (q < lx->end && *q == quote) {
        lx->p = q + 1;
        return quote == '"' ? TK_STRING : TK_CHAR;
    }
    lx->p++;
    return TK_PUNCT;
}

static bool is_literal_prefix(const char *s, size_t n)
{
    return (n == 1 && (*s == 'L' || *s == 'u' || *s == 'U')) || (n == 2 && memcmp(s, "u8", 2) == 0);
}

static bool is_raw_prefix(const char *s, size_t n)
{
    return n >= 1 && s[n - 1] == 'R' && (n == 1 || is_literal_prefix(s, n - 1));
}

static enum tok_kind lex_identifier(struct lexer *lx)
{
    const char *start = lx->p;
    size_t n;
    while (lx->p < lx->end && (n = ident_char(lx, false)) > 0)
        lx->p += n;
    size_t len = (size_t)(lx->p - start);
    if (lx->p < lx->end && (*lx->p == '"' || *lx->p == '\'') && is_literal_prefix(start, len))
        return lex_quoted(lx, *lx->p);
    if (lx->p < lx->end && *lx->p == '"' && is_raw_prefix(start, len))
        lx->out->why = "a raw string literal";
    if (lx->p < lx->end && *lx->p == '\\' && lx->p + 1 < lx->end &&
        (lx->p[1] == 'u' || lx->p[1] == 'U'))
        lx->out->why = "a universal character name";
    return TK_IDENT;
}

/* A pp-number: digits, letters, '.', exponent signs, digit separators. */
static void lex_number(struct lexer *lx)
{
    lx->p++;
    while (lx->p < lx->end) {
        char c = *lx->p, prev = lx->p[-1];
        size_t n;
        if ((c == '+' || c == '-') && strchr("eEpP", prev))
            lx->p++;
        else if (c == '.')
            lx->p++;
        else if (c == '\'' && lx->p + 1 < lx->end && is_ascii_ident((unsigned char)lx->p[1], false))
            lx->p += 2;
        else if ((n = ident_char(lx, false)) > 0)
            lx->p += n;
        else
            break;
    }
}

/* Punctuators that matter here: # ## ... && || and the digraphs of # ## { }. */
static enum tok_kind lex_punct(struct lexer *lx, struct tok *t)
{
    static const struct { const char *text; char punct; enum tok_kind kind; } multi[] = {
        {"%:%:", '#', TK_PASTE}, {"##", '#', TK_PASTE}, {"%:", '#', TK_HASH},
        {"...", '.', TK_PUNCT}, {"<%", '{', TK_PUNCT}, {"%>", '}', TK_PUNCT},
        {"&&", 'A', TK_PUNCT}, {"||", 'O', TK_PUNCT}};
    for (size_t i = 0; i < sizeof multi / sizeof *multi; i++) {
        size_t n = strlen(multi[i].text);
        if ((size_t)(lx->end - lx->p) >= n && memcmp(lx->p, multi[i].text, n) == 0) {
            lx->p += n;
            t->punct = multi[i].punct;
            return multi[i].kind;
        }
    }
    t->punct = *lx->p++;
    return t->punct == '#' ? TK_HASH : TK_PUNCT;
}

static void next_token(struct lexer *lx, struct tok *t)
{
    t->space_before = skip_space(lx);
    t->text = lx->p;
    t->punct = 0;
    char c = lx->p < lx->end ? *lx->p : 0;
    if (lx->p >= lx->end)
        t->kind = TK_END;
    else if (c == '\n' || c == '\r')
        t->kind = TK_NEWLINE, lx->p++;
    else if (c == '"' || c == '\'')
        t->kind = lex_quoted(lx, c);
    else if ((c >= '0' && c <= '9') || (c == '.' && lx->p + 1 < lx->end && lx->p[1] >= '0' &&
                                        lx->p[1] <= '9'))
        t->kind = TK_NUMBER, lex_number(lx);
    else if (ident_char(lx, true) > 0)
        t->kind = lex_identifier(lx);
    else if (c == '\\' && lx->p + 1 < lx->end && (lx->p[1] == 'u' || lx->p[1] == 'U'))
        t->kind = TK_PUNCT, lx->out->why = "a universal character name", lx->p++;
    else if ((unsigned char)c >= 0x80) /* not UTF-8: ident_char said why */
        t->kind = TK_PUNCT, lx->p++;
    else
        t->kind = lex_punct(lx, t);
    t->len = (size_t)(lx->p - t->text);
}

static int intern_token(struct lexer *lx, const struct tok *t)
{
    return sl_intern_n(lx->names, t->text, t->len);
}

static bool is_punct(const struct tok *t, char c)
{
    return t->kind == TK_PUNCT && t->punct == c;
}

static bool token_is(const struct tok *t, const char *word)
{
    return t->kind == TK_IDENT && strlen(word) == t->len && memcmp(t->text, word, t->len) == 0;
}

static void add_ident(struct lexer *lx, int id)
{
    sl_vec_push(&lx->out->idents, id);
    if (lx->stop_at) {
        const char *name = sl_intern_name(lx->names, id);
        lx->stopped = lx->stopped || sl_intern_find_n(lx->stop_at, name, strlen(name)) >= 0;
    }
}

/* The macros this file surely defined at this line: #defined in a group
 * around it (or outside any), not #undef'd since; the nearest ones. */
static sl_ps_defines defined_here(const struct lexer *lx)
{
    sl_ps_defines kept = {0};
    size_t n = lx->defines.len, from = n > MAX_DEFINED_KEPT ? n - MAX_DEFINED_KEPT : 0;
    for (size_t i = from; i < n; i++)
        sl_vec_push(&kept, lx->defines.items[i]);
    return kept;
}

static void forget_define(struct lexer *lx, int name)
{
    size_t kept = 0, m = 0;
    for (size_t i = 0; i <= lx->defines.len; i++) {
        while (m < lx->marks.len && (size_t)lx->marks.items[m] == i)
            lx->marks.items[m++] = (int)kept; /* where its group's #defines now begin */
        if (i < lx->defines.len && lx->defines.items[i].name != name)
            lx->defines.items[kept++] = lx->defines.items[i];
    }
    lx->defines.len = kept;
    sl_vec_push(&lx->out->undefined, name);
}

static int innermost_group(const struct lexer *lx)
{
    return lx->open_groups.len ? lx->open_groups.items[lx->open_groups.len - 1] : -1;
}

/* ---- #define ---- */

struct body_token {
    struct tok tok;
    int id;              /* identifiers: the interned name */
    bool param;          /* a parameter, __VA_ARGS__ or __VA_OPT__ */
};

typedef SL_VEC(struct body_token) body_tokens;

static bool is_param(const sl_ps_ids *params, int id, const struct tok *t)
{
    for (size_t i = 0; i < params->len; i++)
        if (params->items[i] == id)
            return true;
    return token_is(t, "__VA_ARGS__") || token_is(t, "__VA_OPT__");
}

/* Reads a function-like macro's parameter list after its '('. */
static void read_params(struct lexer *lx, sl_ps_ids *params)
{
    struct tok t;
    for (next_token(lx, &t); t.kind != TK_NEWLINE && t.kind != TK_END && !is_punct(&t, ')');
         next_token(lx, &t))
        if (t.kind == TK_IDENT)
            sl_vec_push(params, intern_token(lx, &t));
}

/* The text of a run of pasted literal tokens, interned. */
static int join_literals(struct lexer *lx, const struct body_token *from, size_t n)
{
    struct sl_strbuf sb = {0};
    for (size_t i = 0; i < n; i++)
        sl_sb_appendn(&sb, from[i].tok.text, from[i].tok.len);
    int id = sl_intern_n(lx->names, sb.buf ? sb.buf : "", sb.len);
    free(sb.buf);
    return id;
}

static bool is_identifier_text(const char *s)
{
    if (!is_ascii_ident((unsigned char)*s, true) && (unsigned char)*s < 0x80)
        return false;
    for (; *s; s++)
        if (!is_ascii_ident((unsigned char)*s, false) && (unsigned char)*s < 0x80)
            return false;
    return true;
}

/* One chain a ## b ## ... of n operands: literal operands only form one
 * name; a parameter leaves the literal text before the first and after the
 * last parameter as what the name starts and ends with; parameters alone
 * can form anything. */
static void paste_chain(struct lexer *lx, const struct body_token *ops, size_t n,
                        struct sl_ps_macro *m)
{
    size_t first = 0, last = n;
    while (first < n && !ops[first].param)
        first++;
    if (first == n) {
        int id = join_literals(lx, ops, n);
        if (is_identifier_text(sl_intern_name(lx->names, id)))
            sl_vec_push(&m->body, id);
        return;
    }
    while (last > first && !ops[last - 1].param)
        last--;
    if (first > 0)
        sl_vec_push(&m->prefixes, join_literals(lx, ops, first));
    if (last < n)
        sl_vec_push(&m->suffixes, join_literals(lx, ops + last, n - last));
    m->pasting = m->pasting || (first == 0 && last == n);
}

/* Operands of ## are single tokens; a stringified parameter (#x) is one
 * operand that can hold anything. */
static void analyse_pastes(struct lexer *lx, body_tokens *body, struct sl_ps_macro *m)
{
    SL_VEC(struct body_token) ops = {0};
    for (size_t i = 0; i < body->len; i++) {
        if (body->items[i].tok.kind == TK_PASTE)
            continue;
        bool pasted_left = i > 0 && body->items[i - 1].tok.kind == TK_PASTE;
        bool pasted_right = i + 1 < body->len && body->items[i + 1].tok.kind == TK_PASTE;
        if (pasted_left || pasted_right)
            sl_vec_push(&ops, body->items[i]);
        if (ops.len && !pasted_right) {
            if (ops.len > 1)
                paste_chain(lx, ops.items, ops.len, m);
            ops.len = 0;
        }
    }
    sl_vec_free(&ops);
}

/* The body's names: identifiers that are not parameters and not the operand
 * of a stringification. */
static void body_names(body_tokens *body, bool function_like, struct sl_ps_macro *m)
{
    for (size_t i = 0; i < body->len; i++) {
        struct body_token *b = &body->items[i];
        if (function_like && b->tok.kind == TK_HASH && i + 1 < body->len &&
            body->items[i + 1].param) {
            body->items[i + 1].tok.kind = TK_STRING; /* #x is a string: an operand like any */
            i++;
        } else if (b->tok.kind == TK_IDENT && !b->param) {
            sl_vec_push(&m->body, b->id);
        }
    }
}

static bool body_has_typedef(const body_tokens *body)
{
    for (size_t i = 0; i < body->len; i++)
        if (token_is(&body->items[i].tok, "typedef"))
            return true;
    return false;
}

static void read_rest(struct lexer *lx, struct sl_ps_group *g);

/* Reads the rest of the line, the newline included. */
static void read_define(struct lexer *lx, sl_ps_ids *typedef_macros)
{
    struct tok t;
    next_token(lx, &t);
    if (t.kind != TK_IDENT) {
        if (t.kind != TK_NEWLINE && t.kind != TK_END)
            read_rest(lx, NULL);
        return;
    }
    /* its name here is no use of it: not one of the file's identifiers */
    struct sl_ps_macro m = {.name = intern_token(lx, &t), .group = innermost_group(lx)};
    sl_ps_ids params = {0};
    body_tokens body = {0};
    next_token(lx, &t);
    bool function_like = is_punct(&t, '(') && !t.space_before;
    if (function_like) {
        read_params(lx, &params);
        next_token(lx, &t);
    }
    for (; t.kind != TK_NEWLINE && t.kind != TK_END; next_token(lx, &t)) {
        struct body_token b = {.tok = t, .id = -1};
        if (t.kind == TK_IDENT) {
            b.id = intern_token(lx, &t);
            b.param = function_like && is_param(&params, b.id, &t);
            add_ident(lx, b.id);
        }
        sl_vec_push(&body, b);
    }
    body_names(&body, function_like, &m);
    analyse_pastes(lx, &body, &m);
    if (body_has_typedef(&body))
        sl_vec_push(typedef_macros, m.name);
    sl_vec_push(&lx->defines, ((struct sl_ps_define){m.name, -1}));
    sl_vec_push(&lx->out->macros, m);
    sl_vec_free(&params);
    sl_vec_free(&body);
}

/* ---- #include ---- */

/* A header name written <...> or "..." at lx->p, or false (lx->p unmoved). */
static bool read_header_name(struct lexer *lx, struct sl_ps_include *inc)
{
    const char *start = lx->p;
    char open = start < lx->end ? *start : 0;
    char close = open == '<' ? '>' : open == '"' ? '"' : 0;
    const char *q = start + 1;
    while (close && q < lx->end && *q != close && *q != '\n' && *q != '\r')
        q++;
    if (!close || q >= lx->end || *q != close || q == start + 1)
        return false;
    *inc = (struct sl_ps_include){.name = sl_xstrndup(start + 1, (size_t)(q - start - 1)),
                                  .angled = close == '>', .group = innermost_group(lx)};
    if (memchr(start + 1, '\0', (size_t)(q - start - 1)))
        lx->out->why = "a NUL byte in a header name";
    lx->p = q + 1;
    return true;
}

/* The header name after #include; anything else is a computed include,
 * which only the preprocessor can resolve. */
static void read_include(struct lexer *lx, bool next)
{
    struct sl_ps_include inc;
    skip_space(lx);
    if (!read_header_name(lx, &inc)) {
        lx->out->why = "a computed or malformed #include";
        return;
    }
    inc.next = next;
    inc.defined = defined_here(lx);
    sl_vec_push(&lx->out->includes, inc);
}

/* ---- directives ---- */

static void skip_line(struct lexer *lx)
{
    while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
        lx->p++;
}

/* The value class of an integer literal in a condition. */
static enum sl_ps_cond_kind number_kind(const struct tok *t)
{
    char digits[64];
    size_t n = 0;
    for (size_t i = 0; i < t->len && n + 1 < sizeof digits; i++)
        if (t->text[i] != '\'')
            digits[n++] = t->text[i];
    digits[n] = '\0';
    bool binary = n > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B');
    char *rest;
    unsigned long long v = strtoull(binary ? digits + 2 : digits, &rest, binary ? 2 : 0);
    if (rest == digits || strspn(rest, "uUlLzZ") != strlen(rest) || n + 1 == sizeof digits)
        return SL_PS_C_OTHER;
    return v == 0 ? SL_PS_C_ZERO : SL_PS_C_NONZERO;
}

/* __has_include(H) and __has_include_next(H) with H written out become one
 * token; false (nothing read past the name) otherwise. */
static bool read_has_include(struct lexer *lx, const struct tok *name, struct sl_ps_cond_token *ct)
{
    bool next = token_is(name, "__has_include_next");
    if (!next && !token_is(name, "__has_include"))
        return false;
    const char *back = lx->p;
    struct tok t;
    next_token(lx, &t);
    if (is_punct(&t, '(')) {
        skip_space(lx);
        if (read_header_name(lx, &ct->header)) {
            next_token(lx, &t);
            if (is_punct(&t, ')')) {
                ct->kind = SL_PS_C_HAS_INCLUDE;
                ct->header.next = next;
                ct->header.group = -1;
                return true;
            }
            free(ct->header.name);
        }
    }
    lx->p = back;
    return false;
}

static void add_cond_token(struct lexer *lx, const struct tok *t, int id, struct sl_ps_group *g)
{
    struct sl_ps_cond_token ct = {.kind = SL_PS_C_PUNCT, .punct = '.', .id = id};
    if (t->kind == TK_IDENT && read_has_include(lx, t, &ct))
        ; /* the whole call is ct */
    else if (t->kind == TK_IDENT)
        ct.kind = token_is(t, "defined") ? SL_PS_C_DEFINED : SL_PS_C_NAME;
    else if (t->kind == TK_NUMBER)
        ct.kind = number_kind(t);
    else if (t->kind == TK_STRING || t->kind == TK_CHAR)
        ct.kind = SL_PS_C_OTHER;
    else if (t->kind == TK_PUNCT && strchr("()!?,AO", t->punct))
        ct.punct = t->punct;
    sl_vec_push(&g->cond, ct);
}

/* The rest of a directive line: its identifiers count as the file's; a
 * condition's tokens go to g (when not NULL). */
static void read_rest(struct lexer *lx, struct sl_ps_group *g)
{
    struct tok t;
    for (next_token(lx, &t); t.kind != TK_NEWLINE && t.kind != TK_END; next_token(lx, &t)) {
        int id = t.kind == TK_IDENT ? intern_token(lx, &t) : -1;
        if (id >= 0)
            add_ident(lx, id);
        if (g)
            add_cond_token(lx, &t, id, g);
        lx->out->has_paste = lx->out->has_paste || t.kind == TK_PASTE;
    }
}

/* #endif, #elif and #else end the group on top: its #defines are gone. */
static void close_group(struct lexer *lx)
{
    lx->open_groups.len--;
    lx->defines.len = (size_t)lx->marks.items[--lx->marks.len];
}

/* #endif of a conditional of one group testing `!defined X` that #defines
 * X: after it X is defined if the group's other conjuncts held (then the
 * group ran or X was defined already). */
static void end_conditional(struct lexer *lx)
{
    int g = lx->open_groups.items[lx->open_groups.len - 1];
    const struct sl_ps_group *group = &lx->out->groups.items[g];
    sl_ps_defines guarded = {0};
    for (size_t i = (size_t)lx->marks.items[lx->marks.len - 1]; i < lx->defines.len; i++)
        if (group->prev < 0 && lx->defines.items[i].guard < 0 &&
            sl_ps_tests_undefined(group, lx->defines.items[i].name))
            sl_vec_push(&guarded, ((struct sl_ps_define){lx->defines.items[i].name, g}));
    close_group(lx);
    for (size_t i = 0; i < guarded.len; i++)
        sl_vec_push(&lx->defines, guarded.items[i]);
    sl_vec_free(&guarded);
}

/* #if, #elif ... #endif: the group the lines that follow are in. Returns
 * the new group (its condition is read next), or NULL. */
static struct sl_ps_group *open_group(struct lexer *lx, const struct tok *t)
{
    static const struct { const char *word; enum sl_ps_group_kind kind; bool starts; } words[] = {
        {"if", SL_PS_IF, true}, {"ifdef", SL_PS_IFDEF, true}, {"ifndef", SL_PS_IFNDEF, true},
        {"elif", SL_PS_ELIF, false}, {"elifdef", SL_PS_ELIFDEF, false},
        {"elifndef", SL_PS_ELIFNDEF, false}, {"else", SL_PS_ELSE, false}};
    sl_ps_ids *open = &lx->open_groups;
    if (token_is(t, "endif") && open->len)
        end_conditional(lx);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (!token_is(t, words[i].word) || (!words[i].starts && !open->len))
            continue;
        int before = words[i].starts ? -1 : open->items[open->len - 1];
        if (!words[i].starts)
            close_group(lx);
        int parent = open->len ? open->items[open->len - 1] : -1;
        sl_vec_push(&lx->out->groups, ((struct sl_ps_group){.kind = words[i].kind,
                                                             .parent = parent, .prev = before,
                                                             .defined = defined_here(lx)}));
        sl_vec_push(open, (int)lx->out->groups.len - 1);
        sl_vec_push(&lx->marks, (int)lx->defines.len);
        return &lx->out->groups.items[lx->out->groups.len - 1];
    }
    return NULL;
}

/* #undef NAME */
static void read_undef(struct lexer *lx)
{
    const char *back = lx->p;
    struct tok t;
    next_token(lx, &t);
    if (t.kind == TK_IDENT)
        forget_define(lx, intern_token(lx, &t));
    lx->p = back; /* the line is read again for its names */
}

static void read_directive(struct lexer *lx, sl_ps_ids *typedef_macros)
{
    struct tok t;
    lx->in_directive = true;
    next_token(lx, &t);
    if (token_is(&t, "define")) {
        read_define(lx, typedef_macros);
    } else if (token_is(&t, "error") || token_is(&t, "warning")) {
        skip_line(lx); /* free text, apostrophes included */
    } else if (t.kind != TK_NEWLINE && t.kind != TK_END) {
        struct sl_ps_group *g = t.kind == TK_IDENT ? open_group(lx, &t) : NULL;
        if (token_is(&t, "undef"))
            read_undef(lx);
        if (token_is(&t, "include") || token_is(&t, "import") || token_is(&t, "include_next"))
            read_include(lx, token_is(&t, "include_next"));
        else if (token_is(&t, "embed"))
            lx->out->why = "#embed";
        read_rest(lx, g);
    }
    lx->in_directive = false;
    lx->line_start = true;
}

/* ---- declarations at file scope ---- */

struct decl_reader {
    struct sl_ps_decl cur;
    int depth, parens;          /* braces (not extern "C" ones), parentheses at depth 0 */
    bool function_body, started, is_static;
    struct tok prev;
    int prev_id;                /* prev's name when it is an identifier, else -1 */
    int first;                  /* the declaration's first identifier, or -1 */
    int called;                 /* the identifier before its first '(' at depth 0, or -1 */
};

/* Keywords (and their GNU spellings) name nothing a declaration declares;
 * as its names they would tie every declaration to every other. */
static bool is_keyword(const struct tok *t)
{
    static const char *const words[] = {
        "auto", "char", "const", "double", "enum", "extern", "float", "inline", "int", "long",
        "register", "restrict", "short", "signed", "static", "struct", "union", "unsigned",
        "void", "volatile", "_Alignas", "_Atomic", "_Bool", "_Complex", "_Noreturn",
        "_Thread_local", "__attribute__", "__attribute", "__extension__", "__inline",
        "__inline__", "__restrict", "__restrict__", "__const", "__volatile__", "__signed__",
        "__asm__", "__asm", "asm", "typeof", "__typeof__", "__typeof", "bool", NULL};
    for (const char *const *w = words; *w; w++)
        if (token_is(t, *w))
            return true;
    return false;
}

static bool is_typedef_macro(const sl_ps_ids *typedef_macros, int id)
{
    for (size_t i = 0; i < typedef_macros->len; i++)
        if (typedef_macros->items[i] == id)
            return true;
    return false;
}

static void end_decl(struct lexer *lx, struct decl_reader *d, const sl_ps_ids *typedef_macros,
                     bool keep)
{
    d->cur.is_typedef = d->cur.is_typedef || (d->first >= 0 &&
                                              is_typedef_macro(typedef_macros, d->first));
    if (keep && d->cur.names.len > 1)
        sl_vec_push(&lx->out->decls, d->cur);
    else
        sl_vec_free(&d->cur.names);
    d->cur = (struct sl_ps_decl){0};
    d->parens = 0;
    d->function_body = d->started = d->is_static = false;
    d->first = d->called = -1;
}

static void decl_at_file_scope(struct lexer *lx, struct decl_reader *d, const struct tok *t,
                               int id, const sl_ps_ids *typedef_macros)
{
    if (t->kind == TK_IDENT && !d->started)
        d->first = id;
    d->started = true;
    if (token_is(t, "typedef"))
        d->cur.is_typedef = true;
    else if (token_is(t, "static"))
        d->is_static = true;
    else if (t->kind == TK_IDENT && !is_keyword(t) &&
             (d->parens == 0 || (d->parens == 1 && is_punct(&d->prev, '*'))))
        sl_vec_push(&d->cur.names, id);
    else if (is_punct(t, '(')) {
        if (d->parens++ == 0 && d->called < 0 && d->prev.kind == TK_IDENT && !is_keyword(&d->prev))
            d->called = d->prev_id;
    }
    else if (is_punct(t, ')') && d->parens > 0)
        d->parens--;
    else if (is_punct(t, ';'))
        end_decl(lx, d, typedef_macros, true);
    else if (is_punct(t, '{') && d->prev.kind != TK_STRING) /* extern "C" { is no scope */
        d->depth = 1, d->function_body = is_punct(&d->prev, ')');
}

static void decl_token(struct lexer *lx, struct decl_reader *d, const struct tok *t, int id,
                       const sl_ps_ids *typedef_macros)
{
    if (d->depth == 0) {
        decl_at_file_scope(lx, d, t, id, typedef_macros);
    } else if (is_punct(t, '{')) {
        d->depth++;
    } else if (is_punct(t, '}') && --d->depth == 0 && d->function_body) {
        if (d->called >= 0 && !d->is_static)
            sl_vec_push(&lx->out->functions, d->called);
        end_decl(lx, d, typedef_macros, false);
    }
    d->prev = *t;
    d->prev_id = id;
}

/* ---- the file ---- */

static int compare_ids(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void sort_unique(sl_ps_ids *ids)
{
    size_t kept = 0;
    if (ids->len)
        qsort(ids->items, ids->len, sizeof *ids->items, compare_ids);
    for (size_t i = 0; i < ids->len; i++)
        if (kept == 0 || ids->items[kept - 1] != ids->items[i])
            ids->items[kept++] = ids->items[i];
    ids->len = kept;
}

static void lex_text(struct lexer *lx)
{
    struct decl_reader decl = {.prev_id = -1, .first = -1, .called = -1};
    sl_ps_ids typedef_macros = {0};
    struct tok t;
    for (;;) {
        bool line_start = lx->line_start;
        next_token(lx, &t);
        line_start = line_start || lx->line_start; /* a newline was skipped before t */
        lx->line_start = false;
        if (t.kind == TK_END)
            break;
        if (t.kind == TK_HASH && line_start) {
            read_directive(lx, &typedef_macros);
            if (lx->stopped)
                break;
            continue;
        }
        int id = t.kind == TK_IDENT ? intern_token(lx, &t) : -1;
        if (id >= 0) {
            add_ident(lx, id);
            sl_vec_push(&lx->out->code, id);
            if (lx->stopped)
                break;
        }
        lx->out->has_paste = lx->out->has_paste || t.kind == TK_PASTE;
        decl_token(lx, &decl, &t, id, &typedef_macros);
    }
    sl_vec_free(&decl.cur.names);
    sl_vec_free(&typedef_macros);
    sl_vec_free(&lx->open_groups);
    sl_vec_free(&lx->defines);
    sl_vec_free(&lx->marks);
}

bool sl_ps_lex(const char *text, size_t len, struct sl_intern *names,
               const struct sl_intern *stop_at, struct sl_ps_file *out)
{
    size_t clean_len = len;
    char *clean = without_splices(text, len, &clean_len);
    const char *src = clean ? clean : text;
    struct lexer lx = {.p = src, .end = src + clean_len, .line_start = true, .names = names,
                       .out = out, .stop_at = stop_at && stop_at->len ? stop_at : NULL};
    out->has_trigraph = has_trigraph(text, len);
    lex_text(&lx);
    free(clean);
    return lx.stopped;
}

void sl_ps_compact(struct sl_ps_file *f)
{
    sort_unique(&f->idents);
    sort_unique(&f->code);
}

static void free_macro(struct sl_ps_macro *m)
{
    sl_vec_free(&m->body);
    sl_vec_free(&m->prefixes);
    sl_vec_free(&m->suffixes);
}

void sl_ps_file_free(struct sl_ps_file *f)
{
    for (size_t i = 0; i < f->macros.len; i++)
        free_macro(&f->macros.items[i]);
    for (size_t i = 0; i < f->includes.len; i++) {
        free(f->includes.items[i].name);
        sl_vec_free(&f->includes.items[i].defined);
    }
    for (size_t i = 0; i < f->decls.len; i++)
        sl_vec_free(&f->decls.items[i].names);
    for (size_t i = 0; i < f->groups.len; i++) {
        for (size_t k = 0; k < f->groups.items[i].cond.len; k++)
            if (f->groups.items[i].cond.items[k].kind == SL_PS_C_HAS_INCLUDE)
                free(f->groups.items[i].cond.items[k].header.name);
        sl_vec_free(&f->groups.items[i].cond);
        sl_vec_free(&f->groups.items[i].defined);
    }
    sl_vec_free(&f->groups);
    sl_vec_free(&f->undefined);
    sl_vec_free(&f->idents);
    sl_vec_free(&f->code);
    sl_vec_free(&f->macros);
    sl_vec_free(&f->includes);
    sl_vec_free(&f->decls);
    sl_vec_free(&f->functions);
    memset(f, 0, sizeof *f);
}
