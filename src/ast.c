/*
 * ast.c: cursor helpers shared by the CFG builder and the engine (see ast.h):
 * peeling parentheses and casts, operator kinds (libclang 17+ API, or tokens
 * on older libclang), callees and arguments, constant evaluation, access paths
 * ("s->db"), noreturn and cleanup attributes, and positions/text taken at the
 * macro expansion site so that everything refers to what the user wrote.
 */
#include "ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast_tokens.h"
#include "model.h"
#include "util.h"

/* ---------------------------------------------------------------- strings */

static char *take_string(CXString s)
{
    const char *c = clang_getCString(s);
    char *copy = sl_xstrdup(c ? c : "");
    clang_disposeString(s);
    return copy;
}

static bool string_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* ----------------------------------------------------------------- tokens */

unsigned sl_ast_offset(CXSourceLocation loc)
{
    unsigned offset = 0;
    clang_getExpansionLocation(loc, NULL, NULL, NULL, &offset);
    return offset;
}

void sl_tokens_of_range(CXTranslationUnit tu, CXSourceLocation start, CXSourceLocation end,
                        struct sl_tokens *out)
{
    CXFile start_file, end_file;
    unsigned start_off, end_off;
    clang_getExpansionLocation(start, &start_file, NULL, NULL, &start_off);
    clang_getExpansionLocation(end, &end_file, NULL, NULL, &end_off);
    out->tu = tu;
    out->toks = NULL;
    out->n = 0;
    if (!start_file || !clang_File_isEqual(start_file, end_file) || end_off < start_off)
        return;
    CXSourceRange range = clang_getRange(clang_getLocationForOffset(tu, start_file, start_off),
                                         clang_getLocationForOffset(tu, end_file, end_off));
    clang_tokenize(tu, range, &out->toks, &out->n);
}

void sl_tokens_of_cursor(CXCursor c, struct sl_tokens *out)
{
    CXSourceRange extent = clang_getCursorExtent(c);
    sl_tokens_of_range(clang_Cursor_getTranslationUnit(c), clang_getRangeStart(extent),
                       clang_getRangeEnd(extent), out);
}

void sl_tokens_free(struct sl_tokens *t)
{
    if (t->toks)
        clang_disposeTokens(t->tu, t->toks, t->n);
    t->toks = NULL;
    t->n = 0;
}

char *sl_token_text(const struct sl_tokens *t, unsigned i)
{
    return take_string(clang_getTokenSpelling(t->tu, t->toks[i]));
}

unsigned sl_token_offset(const struct sl_tokens *t, unsigned i)
{
    return sl_ast_offset(clang_getTokenLocation(t->tu, t->toks[i]));
}

bool sl_token_is(const struct sl_tokens *t, unsigned i, const char *s)
{
    CXString spelling = clang_getTokenSpelling(t->tu, t->toks[i]);
    bool same = strcmp(clang_getCString(spelling), s) == 0;
    clang_disposeString(spelling);
    return same;
}

/* Spelling of the i-th token where the cursor was written (inside a macro
 * definition if it came from one); NULL if there is no such token. Only the
 * first tokens are meaningful: the end of a macro-spelled extent is not. */
static char *written_token(CXCursor c, unsigned i)
{
    CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
    char *text = i < n ? take_string(clang_getTokenSpelling(tu, toks[i])) : NULL;
    if (toks)
        clang_disposeTokens(tu, toks, n);
    return text;
}

/* ---------------------------------------------------------------- peeling */

static bool is_implicit_wrapper(CXCursor c)
{
    return clang_getCursorKind(c) == CXCursor_UnexposedExpr && sl_ast_children(c, NULL, 0) == 1;
}

static CXCursor peel_wrappers(CXCursor c)
{
    while (clang_getCursorKind(c) == CXCursor_ParenExpr || is_implicit_wrapper(c))
        c = sl_ast_child(c, 0);
    return c;
}

/* One layer of parentheses, implicit conversion or C-style cast (whose
 * children are an optional TypeRef, then the operand), or a null cursor. */
static CXCursor next_layer(CXCursor c)
{
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (kind == CXCursor_ParenExpr || is_implicit_wrapper(c))
        return sl_ast_child(c, 0);
    if (kind == CXCursor_CStyleCastExpr)
        return sl_ast_child(c, sl_ast_children(c, NULL, 0) - 1);
    return clang_getNullCursor();
}

static CXCursor peel_all_casts(CXCursor c)
{
    for (CXCursor inner = next_layer(c); !sl_ast_is_null(inner); inner = next_layer(c))
        c = inner;
    return c;
}

static int spelled_type_kind(const struct sl_model *model, CXType t)
{
    CXString s = clang_getTypeSpelling(t);
    int k = sl_model_kind_for_type(model, clang_getCString(s));
    clang_disposeString(s);
    if (k < 0) {
        s = clang_getTypeSpelling(clang_getCanonicalType(t));
        k = sl_model_kind_for_type(model, clang_getCString(s));
        clang_disposeString(s);
    }
    return k;
}

/* ------------------------------------------------------ remembered children */

/* What is remembered of one cursor. The cursors themselves are kept apart
 * (children_memo.keys), so a lookup probes a dense array. */
enum peeling { PEEL_WRAPPERS, PEEL_CASTS, NPEELS };
enum text { TEXT_ACCESS_PATH, TEXT_CALLEE, NTEXTS };

struct memo_slot {
    size_t first;   /* children are pool[first .. first + count) */
    size_t count;
    size_t first_arg; /* a call's arguments are pool[first_arg .. first_arg + nargs) */
    int nargs;
    bool args_known;
    int values[SL_MEMO_NVALUES]; /* the caller's numbers for this cursor */
    bool has_value[SL_MEMO_NVALUES];
    bool children_known, peeled_known[NPEELS];
    bool text_known[NTEXTS];
    char *text[NTEXTS];              /* sl_ast_access_path, sl_ast_callee_name of the key */
    void *data[SL_MEMO_NDATA];       /* sl_ast_memo_keep_data's copies */
    signed char constant_known;      /* sl_ast_eval_int of the key: 0 not asked yet, */
    long long constant;              /* 1 this constant, -1 not a constant */
    signed char noreturn_known;      /* sl_ast_decl_is_noreturn: 0 not asked, 1 yes, -1 no */
    CXCursor peeled[NPEELS];         /* sl_ast_peel, sl_ast_peel_casts of the key */
};

struct type_entry {
    CXType type;
    const struct sl_model *model;
    int kind;
};

struct children_memo {
    bool active;
    CXCursor *keys;            /* open addressing, nslots a power of two; a free */
    struct memo_slot *slots;   /* entry has kind 0 (no cursor kind is 0) */
    size_t nslots, used;
    size_t last;               /* 1 + the entry found last, 0 for none */
    CXCursor *pool;
    size_t npool, cappool;
    struct type_entry *types;  /* sl_ast_type_kind by type, open addressing; */
    size_t ntypes, usedtypes;  /* a free entry has no model */
};

static _Thread_local struct children_memo memo;

void sl_ast_memo_begin(void)
{
    memo.active = true;
}

void sl_ast_memo_end(void)
{
    for (size_t i = 0; i < memo.nslots; i++) {
        for (int t = 0; memo.keys[i].kind && t < NTEXTS; t++)
            free(memo.slots[i].text[t]);
        for (int d = 0; memo.keys[i].kind && d < SL_MEMO_NDATA; d++)
            free(memo.slots[i].data[d]);
    }
    free(memo.keys);
    free(memo.slots);
    free(memo.pool);
    free(memo.types);
    memo = (struct children_memo){0};
}

/* data[0] and data[1] hold the node and its parent declaration (which is
 * which depends on the kind): their sum tells the cursors of one function
 * apart, and the kind, translation unit and xdata rarely would (same_cursor
 * compares everything). Multiplicative hashing: the product's middle bits
 * depend on every bit of the sum. */
static size_t cursor_hash(const CXCursor *c)
{
    uint64_t sum = (uint64_t)(uintptr_t)c->data[0] + (uint64_t)(uintptr_t)c->data[1];
    return (size_t)(sum * 0x9E3779B97F4A7C15u >> 32);
}

/* By pointer, node first (it tells most cursors apart): compared by value,
 * both cursors were copied to the stack on every probe. */
static inline bool same_cursor(const CXCursor *a, const CXCursor *b)
{
    return a->data[1] == b->data[1] && a->data[0] == b->data[0] && a->kind == b->kind &&
           a->xdata == b->xdata && a->data[2] == b->data[2];
}

/* The index of *c's entry, or of the free entry where it goes. Inlined:
 * the engine makes a million lookups in a large file, and a call passing
 * the cursor by value cost a third of each. */
static inline __attribute__((always_inline)) size_t memo_find(const CXCursor *c)
{
    size_t mask = memo.nslots - 1;
    for (size_t i = cursor_hash(c) & mask;; i = (i + 1) & mask)
        if (memo.keys[i].kind == 0 || same_cursor(&memo.keys[i], c))
            return i;
}

/* Out of line: inlined, it made every lookup save and restore six registers. */
static __attribute__((noinline)) void memo_grow(void)
{
    CXCursor *old_keys = memo.keys;
    struct memo_slot *old = memo.slots;
    size_t n = memo.nslots;
    memo.last = 0;
    memo.nslots = n ? n * 2 : 64; /* the table is made afresh per function, and most are small */
    memo.keys = sl_xcalloc(memo.nslots, sizeof *memo.keys);
    memo.slots = sl_xmalloc(memo.nslots * sizeof *memo.slots); /* memo_slot clears a new entry */
    for (size_t i = 0; i < n; i++) {
        if (old_keys[i].kind == 0)
            continue;
        size_t j = memo_find(&old_keys[i]);
        memo.keys[j] = old_keys[i];
        memo.slots[j] = old[i];
    }
    free(old_keys);
    free(old);
}

static void pool_append(CXCursor c)
{
    if (memo.npool == memo.cappool) {
        memo.cappool = memo.cappool ? memo.cappool * 2 : 256;
        memo.pool = sl_xrealloc(memo.pool, memo.cappool * sizeof *memo.pool);
    }
    memo.pool[memo.npool++] = c;
}

static enum CXChildVisitResult append_child(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    (void)data;
    pool_append(c);
    return CXChildVisit_Continue;
}

/* The entry of *c, made on first sight. The entry found last is tried
 * first: the engine asks several facts of one cursor in a row. */
static struct memo_slot *memo_slot(const CXCursor *c)
{
    if (memo.last && same_cursor(&memo.keys[memo.last - 1], c))
        return &memo.slots[memo.last - 1];
    if (2 * (memo.used + 1) > memo.nslots)
        memo_grow();
    size_t i = memo_find(c);
    memo.last = i + 1;
    if (memo.keys[i].kind == 0) {
        memo.keys[i] = *c;
        memo.slots[i] = (struct memo_slot){0};
        memo.used++;
    }
    return &memo.slots[i];
}

/* The remembered children of c (visited on first sight). */
static const struct memo_slot *memo_children(CXCursor c)
{
    struct memo_slot *s = memo_slot(&c);
    if (!s->children_known) {
        size_t first = memo.npool;
        clang_visitChildren(c, append_child, NULL); /* adds to the pool, not to the slots */
        s->first = first;
        s->count = memo.npool - first;
        s->children_known = true;
    }
    return s;
}

/* peel(c), remembered for the function. */
static CXCursor remembered_peel(CXCursor c, enum peeling which, CXCursor (*peel)(CXCursor))
{
    if (!memo.active)
        return peel(c);
    struct memo_slot *s = memo_slot(&c);
    if (!s->peeled_known[which]) {
        CXCursor peeled = peel(c);
        s = memo_slot(&c); /* peeling may have grown the table */
        s->peeled[which] = peeled;
        s->peeled_known[which] = true;
    }
    return s->peeled[which];
}

CXCursor sl_ast_peel(CXCursor c)
{
    return remembered_peel(c, PEEL_WRAPPERS, peel_wrappers);
}

CXCursor sl_ast_peel_casts(CXCursor c)
{
    return remembered_peel(c, PEEL_CASTS, peel_all_casts);
}

static bool evaluate_int(CXCursor expr, long long *out);

bool sl_ast_eval_int(CXCursor expr, long long *out)
{
    if (!memo.active || sl_ast_is_null(expr))
        return evaluate_int(expr, out);
    struct memo_slot *s = memo_slot(&expr);
    if (!s->constant_known) {
        long long value = 0;
        bool constant = evaluate_int(expr, &value);
        s = memo_slot(&expr); /* evaluating may have grown the table */
        s->constant_known = constant ? 1 : -1;
        s->constant = value;
    }
    if (s->constant_known > 0)
        *out = s->constant;
    return s->constant_known > 0;
}

static size_t type_hash(CXType t, const struct sl_model *model)
{
    size_t h = (size_t)t.kind * 0x9E3779B97F4A7C15u;
    h = (h ^ (size_t)(uintptr_t)t.data[0]) * 0x100000001B3u;
    h = (h ^ (size_t)(uintptr_t)t.data[1]) * 0x100000001B3u;
    h = (h ^ (size_t)(uintptr_t)model) * 0x9E3779B97F4A7C15u;
    return h ^ h >> 29;
}

static struct type_entry *type_find(CXType t, const struct sl_model *model)
{
    size_t mask = memo.ntypes - 1;
    for (size_t i = type_hash(t, model) & mask;; i = (i + 1) & mask) {
        struct type_entry *e = &memo.types[i];
        if (!e->model || (e->model == model && e->type.kind == t.kind &&
                          e->type.data[0] == t.data[0] && e->type.data[1] == t.data[1]))
            return e;
    }
}

static void types_grow(void)
{
    struct type_entry *old = memo.types;
    size_t n = memo.ntypes;
    memo.ntypes = n ? n * 2 : 256;
    memo.types = sl_xcalloc(memo.ntypes, sizeof *memo.types);
    for (size_t i = 0; i < n; i++)
        if (old[i].model)
            *type_find(old[i].type, old[i].model) = old[i];
    free(old);
}

/* The kind of a type is asked for the same few types over and over: each
 * is spelled once per function. */
int sl_ast_type_kind(const struct sl_model *model, CXType t)
{
    if (!memo.active)
        return spelled_type_kind(model, t);
    if (2 * (memo.usedtypes + 1) > memo.ntypes)
        types_grow();
    struct type_entry *e = type_find(t, model);
    if (!e->model) {
        *e = (struct type_entry){.type = t, .model = model, .kind = spelled_type_kind(model, t)};
        memo.usedtypes++;
    }
    return e->kind;
}

/* make(c), remembered for the function; the caller frees the copy. */
static char *remembered_text(CXCursor c, enum text which, char *(*make)(CXCursor))
{
    if (!memo.active)
        return make(c);
    struct memo_slot *s = memo_slot(&c);
    if (!s->text_known[which]) {
        char *text = make(c);
        s = memo_slot(&c); /* making it may have grown the table */
        s->text[which] = text;
        s->text_known[which] = true;
    }
    return s->text[which] ? sl_xstrdup(s->text[which]) : NULL;
}

static char *build_access_path(CXCursor expr);

char *sl_ast_access_path(CXCursor expr)
{
    return remembered_text(expr, TEXT_ACCESS_PATH, build_access_path);
}

bool sl_ast_memo_value(CXCursor c, enum sl_memo_value which, int *out)
{
    if (!memo.active)
        return false;
    const struct memo_slot *s = memo_slot(&c);
    if (s->has_value[which])
        *out = s->values[which];
    return s->has_value[which];
}

void sl_ast_memo_set_value(CXCursor c, enum sl_memo_value which, int value)
{
    if (!memo.active)
        return;
    struct memo_slot *s = memo_slot(&c);
    s->values[which] = value;
    s->has_value[which] = true;
}

const void *sl_ast_memo_data(CXCursor c, enum sl_memo_data which)
{
    return memo.active ? memo_slot(&c)->data[which] : NULL;
}

void sl_ast_memo_keep_data(CXCursor c, enum sl_memo_data which, const void *data, size_t size)
{
    if (!memo.active)
        return;
    void *copy = sl_xmalloc(size);
    memcpy(copy, data, size);
    struct memo_slot *s = memo_slot(&c);
    free(s->data[which]);
    s->data[which] = copy;
}

struct child_collector {
    CXCursor *out;
    size_t max, count;
};

static enum CXChildVisitResult collect_child(CXCursor c, CXCursor parent, CXClientData data)
{
    struct child_collector *cc = data;
    if (cc->count < cc->max)
        cc->out[cc->count] = c;
    cc->count++;
    return CXChildVisit_Continue;
}

size_t sl_ast_children(CXCursor c, CXCursor *out, size_t max)
{
    if (memo.active && !sl_ast_is_null(c)) {
        const struct memo_slot *s = memo_children(c);
        for (size_t i = 0; out && i < s->count && i < max; i++)
            out[i] = memo.pool[s->first + i];
        return s->count;
    }
    struct child_collector cc = {out, out ? max : 0, 0};
    if (!sl_ast_is_null(c))
        clang_visitChildren(c, collect_child, &cc);
    return cc.count;
}

struct nth_child {
    size_t wanted, seen;
    CXCursor found;
};

static enum CXChildVisitResult find_nth_child(CXCursor c, CXCursor parent, CXClientData data)
{
    struct nth_child *nc = data;
    if (nc->seen++ == nc->wanted) {
        nc->found = c;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

CXCursor sl_ast_child(CXCursor c, size_t i)
{
    if (memo.active && !sl_ast_is_null(c)) {
        const struct memo_slot *s = memo_children(c);
        return i < s->count ? memo.pool[s->first + i] : clang_getNullCursor();
    }
    struct nth_child nc = {i, 0, clang_getNullCursor()};
    if (!sl_ast_is_null(c))
        clang_visitChildren(c, find_nth_child, &nc);
    return nc.found;
}

/* -------------------------------------------------------------- operators */

static const struct {
    const char *spelling;
    enum sl_binop op;
} binop_spellings[] = {
    {"=", SL_BO_ASSIGN},       {"*=", SL_BO_MUL_ASSIGN}, {"/=", SL_BO_DIV_ASSIGN},
    {"%=", SL_BO_REM_ASSIGN},  {"+=", SL_BO_ADD_ASSIGN}, {"-=", SL_BO_SUB_ASSIGN},
    {"<<=", SL_BO_SHL_ASSIGN}, {">>=", SL_BO_SHR_ASSIGN}, {"&=", SL_BO_AND_ASSIGN},
    {"^=", SL_BO_XOR_ASSIGN},  {"|=", SL_BO_OR_ASSIGN},  {"==", SL_BO_EQ},
    {"!=", SL_BO_NE},          {"<", SL_BO_LT},          {">", SL_BO_GT},
    {"<=", SL_BO_LE},          {">=", SL_BO_GE},         {"&&", SL_BO_LAND},
    {"||", SL_BO_LOR},         {"&", SL_BO_AND},         {"|", SL_BO_OR},
    {"^", SL_BO_XOR},          {"<<", SL_BO_SHL},        {">>", SL_BO_SHR},
    {"+", SL_BO_ADD},          {"-", SL_BO_SUB},         {"*", SL_BO_MUL},
    {"/", SL_BO_DIV},          {"%", SL_BO_REM},         {",", SL_BO_COMMA},
};

static enum sl_binop binop_from_spelling(const char *s)
{
    for (size_t i = 0; i < sizeof binop_spellings / sizeof binop_spellings[0]; i++)
        if (strcmp(binop_spellings[i].spelling, s) == 0)
            return binop_spellings[i].op;
    return SL_BO_UNKNOWN;
}

static bool is_binary_cursor(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    return k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator;
}

/* The operator is the first token at or after the end of the left operand. An
 * operator spelled by a macro (#define AND &&) is an identifier: unknown. */
enum sl_binop sl_ast_binop_from_tokens(CXCursor c)
{
    if (!is_binary_cursor(c))
        return SL_BO_UNKNOWN;
    CXCursor lhs = sl_ast_child(c, 0);
    unsigned lhs_end = sl_ast_offset(clang_getRangeEnd(clang_getCursorExtent(lhs)));
    enum sl_binop op = SL_BO_UNKNOWN;
    struct sl_tokens t;
    sl_tokens_of_cursor(c, &t);
    for (unsigned i = 0; i < t.n; i++) {
        if (sl_token_offset(&t, i) < lhs_end)
            continue;
        if (clang_getTokenKind(t.toks[i]) == CXToken_Punctuation) {
            char *s = sl_token_text(&t, i);
            op = binop_from_spelling(s);
            free(s);
        }
        break;
    }
    sl_tokens_free(&t);
    return op;
}

static const struct {
    const char *spelling;
    enum sl_unop op;
} prefix_unops[] = {
    {"!", SL_UO_LNOT},  {"~", SL_UO_NOT},      {"-", SL_UO_MINUS},   {"+", SL_UO_PLUS},
    {"*", SL_UO_DEREF}, {"&", SL_UO_ADDROF},   {"++", SL_UO_PREINC}, {"--", SL_UO_PREDEC},
};

static enum sl_unop prefix_unop_from_token(const struct sl_tokens *t, unsigned i)
{
    enum CXTokenKind kind = clang_getTokenKind(t->toks[i]);
    if (kind == CXToken_Keyword)        /* __extension__, __real__, __imag__ */
        return SL_UO_OTHER;
    if (kind != CXToken_Punctuation)
        return SL_UO_UNKNOWN;
    for (size_t k = 0; k < sizeof prefix_unops / sizeof prefix_unops[0]; k++)
        if (sl_token_is(t, i, prefix_unops[k].spelling))
            return prefix_unops[k].op;
    return SL_UO_UNKNOWN;
}

/* Prefix operators are the first token. A postfix operand never starts with a
 * prefix operator token (it starts with a name, a literal or '('), so when the
 * first token is no operator the last one decides (x++, p[0]--). */
enum sl_unop sl_ast_unop_from_tokens(CXCursor c)
{
    if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
        return SL_UO_UNKNOWN;
    struct sl_tokens t;
    sl_tokens_of_cursor(c, &t);
    enum sl_unop op = SL_UO_UNKNOWN;
    if (t.n > 0) {
        op = prefix_unop_from_token(&t, 0);
        if (op == SL_UO_UNKNOWN && sl_token_is(&t, t.n - 1, "++"))
            op = SL_UO_POSTINC;
        else if (op == SL_UO_UNKNOWN && sl_token_is(&t, t.n - 1, "--"))
            op = SL_UO_POSTDEC;
    }
    sl_tokens_free(&t);
    return op;
}

#ifdef SL_HAVE_BINOP_KIND
static enum sl_binop binop_of(CXCursor c)
{
    if (!is_binary_cursor(c))
        return SL_BO_UNKNOWN;
    enum CXBinaryOperatorKind kind = clang_getCursorBinaryOperatorKind(c);
    if (kind == CXBinaryOperator_Invalid)
        return SL_BO_UNKNOWN;
    char *spelling = take_string(clang_getBinaryOperatorKindSpelling(kind));
    enum sl_binop op = binop_from_spelling(spelling);
    free(spelling);
    return op;
}

static enum sl_unop unop_of(CXCursor c)
{
    if (clang_getCursorKind(c) != CXCursor_UnaryOperator)
        return SL_UO_UNKNOWN;
    switch (clang_getCursorUnaryOperatorKind(c)) {
    case CXUnaryOperator_PostInc: return SL_UO_POSTINC;
    case CXUnaryOperator_PostDec: return SL_UO_POSTDEC;
    case CXUnaryOperator_PreInc: return SL_UO_PREINC;
    case CXUnaryOperator_PreDec: return SL_UO_PREDEC;
    case CXUnaryOperator_AddrOf: return SL_UO_ADDROF;
    case CXUnaryOperator_Deref: return SL_UO_DEREF;
    case CXUnaryOperator_Plus: return SL_UO_PLUS;
    case CXUnaryOperator_Minus: return SL_UO_MINUS;
    case CXUnaryOperator_Not: return SL_UO_NOT;
    case CXUnaryOperator_LNot: return SL_UO_LNOT;
    case CXUnaryOperator_Invalid: return SL_UO_UNKNOWN;
    default: return SL_UO_OTHER;
    }
}
#else
static enum sl_binop binop_of(CXCursor c) { return sl_ast_binop_from_tokens(c); }
static enum sl_unop unop_of(CXCursor c) { return sl_ast_unop_from_tokens(c); }
#endif

/* The operators of the cursors the engine meets again on every path are
 * asked once per function (libclang spells them, or they are tokenised). */
static int remembered_operator(CXCursor c, enum sl_memo_value which, int op_of(CXCursor))
{
    int op;
    if (!sl_ast_memo_value(c, which, &op)) {
        op = op_of(c);
        sl_ast_memo_set_value(c, which, op);
    }
    return op;
}

static int binop_number(CXCursor c) { return (int)binop_of(c); }
static int unop_number(CXCursor c) { return (int)unop_of(c); }

enum sl_binop sl_ast_binop(CXCursor c)
{
    return (enum sl_binop)remembered_operator(c, SL_MEMO_BINOP, binop_number);
}

enum sl_unop sl_ast_unop(CXCursor c)
{
    return (enum sl_unop)remembered_operator(c, SL_MEMO_UNOP, unop_number);
}

bool sl_ast_is_assignment(enum sl_binop op)
{
    return op >= SL_BO_ASSIGN && op <= SL_BO_OR_ASSIGN;
}

/* ------------------------------------------------------------------ calls */

CXCursor sl_ast_callee_decl(CXCursor call)
{
    if (clang_getCursorKind(call) != CXCursor_CallExpr)
        return clang_getNullCursor();
    CXCursor decl = clang_getCursorReferenced(call);
    return clang_getCursorKind(decl) == CXCursor_FunctionDecl ? decl : clang_getNullCursor();
}

static char *spell_callee(CXCursor call)
{
    CXCursor decl = sl_ast_callee_decl(call);
    return sl_ast_is_null(decl) ? NULL : take_string(clang_getCursorSpelling(decl));
}

char *sl_ast_callee_name(CXCursor call)
{
    return remembered_text(call, TEXT_CALLEE, spell_callee);
}

static int count_args(CXCursor call)
{
    return clang_getCursorKind(call) == CXCursor_CallExpr ? clang_Cursor_getNumArguments(call) : 0;
}

/* The remembered arguments of a call (asked of libclang on first sight):
 * every path through a call asks for each of them. */
static const struct memo_slot *memo_args(CXCursor call)
{
    struct memo_slot *s = memo_slot(&call);
    if (!s->args_known) {
        s->first_arg = memo.npool;
        s->nargs = count_args(call);
        for (int i = 0; i < s->nargs; i++)
            pool_append(clang_Cursor_getArgument(call, (unsigned)i)); /* grows no slot */
        s->args_known = true;
    }
    return s;
}

int sl_ast_num_args(CXCursor call)
{
    return memo.active ? memo_args(call)->nargs : count_args(call);
}

CXCursor sl_ast_arg(CXCursor call, int i)
{
    if (!memo.active)
        return i >= 0 && i < count_args(call) ? clang_Cursor_getArgument(call, (unsigned)i)
                                              : clang_getNullCursor();
    const struct memo_slot *s = memo_args(call);
    return i >= 0 && i < s->nargs ? memo.pool[s->first_arg + (size_t)i] : clang_getNullCursor();
}

/* -------------------------------------------------------------- constants */

static bool is_side_effect(CXCursor c)
{
    switch (clang_getCursorKind(c)) {
    case CXCursor_CallExpr:
    case CXCursor_StmtExpr:
    case CXCursor_CompoundAssignOperator:
        return true;
    case CXCursor_BinaryOperator:
        return sl_ast_binop(c) == SL_BO_ASSIGN;
    case CXCursor_UnaryOperator: {
        enum sl_unop op = sl_ast_unop(c);
        return op >= SL_UO_PREINC && op <= SL_UO_POSTDEC;
    }
    default:
        return false;
    }
}

static enum CXChildVisitResult find_side_effect(CXCursor c, CXCursor parent, CXClientData data)
{
    if (is_side_effect(c)) {
        *(bool *)data = true;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

/* clang_Cursor_Evaluate folds `(f(), 1)` to 1 and ignores the call; such an
 * expression is no constant for us. */
static bool has_side_effects(CXCursor expr)
{
    bool found = is_side_effect(expr);
    if (!found)
        clang_visitChildren(expr, find_side_effect, &found);
    return found;
}

static bool evaluate_int(CXCursor expr, long long *out)
{
    if (sl_ast_is_null(expr) || has_side_effects(expr))
        return false;
    CXEvalResult r = clang_Cursor_Evaluate(expr);
    if (!r)
        return false;
    bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
    if (ok)
        *out = clang_EvalResult_isUnsignedInt(r) ? (long long)clang_EvalResult_getAsUnsigned(r)
                                                 : clang_EvalResult_getAsLongLong(r);
    clang_EvalResult_dispose(r);
    return ok;
}

static char *evaluate_string(CXCursor expr)
{
    CXEvalResult r = clang_Cursor_Evaluate(expr);
    if (!r)
        return NULL;
    char *s = clang_EvalResult_getKind(r) == CXEval_StrLiteral
                  ? sl_xstrdup(clang_EvalResult_getAsStr(r)) : NULL;
    clang_EvalResult_dispose(r);
    return s;
}

/* libclang evaluates the implicit array-to-pointer conversion around a
 * literal but neither the literal itself nor an explicit cast around it, so
 * each layer is tried from the outside in. */
char *sl_ast_eval_string(CXCursor expr)
{
    char *s = NULL;
    for (CXCursor c = expr; !s && !sl_ast_is_null(c); c = next_layer(c))
        s = evaluate_string(c);
    return s;
}

bool sl_ast_is_null_constant(CXCursor expr)
{
    CXCursor value = sl_ast_peel_casts(expr);
    enum CXCursorKind kind = clang_getCursorKind(value);
    if (kind == CXCursor_GNUNullExpr || kind == CXCursor_CXXNullPtrLiteralExpr)
        return true;
    long long v;
    return sl_ast_eval_int(value, &v) && v == 0;
}

/* ----------------------------------------------------------- access paths */

static bool is_variable(CXCursor decl)
{
    enum CXCursorKind k = clang_getCursorKind(decl);
    return k == CXCursor_VarDecl || k == CXCursor_ParmDecl;
}

static bool is_pointer_expr(CXCursor e)
{
    enum CXTypeKind k = clang_getCanonicalType(clang_getCursorType(e)).kind;
    return k == CXType_Pointer;
}

/* The sub-expression a path step applies to (base of s->db, a[i], *p), or a
 * null cursor when c is a root or no path at all. */
static CXCursor path_base(CXCursor c)
{
    switch (clang_getCursorKind(c)) {
    case CXCursor_MemberRefExpr:
    case CXCursor_ArraySubscriptExpr:
        return sl_ast_child(c, 0);
    case CXCursor_UnaryOperator:
        return sl_ast_unop(c) == SL_UO_DEREF ? sl_ast_child(c, 0) : clang_getNullCursor();
    default:
        return clang_getNullCursor();
    }
}

static char *build_access_path(CXCursor expr)
{
    CXCursor e = sl_ast_peel_casts(expr);
    if (clang_getCursorKind(e) == CXCursor_DeclRefExpr)
        return is_variable(clang_getCursorReferenced(e)) ? take_string(clang_getCursorSpelling(e)) : NULL;
    CXCursor base = path_base(e);
    /* remembered: the engine evaluates (and names) the base first */
    char *base_path = sl_ast_is_null(base) ? NULL : sl_ast_access_path(base);
    if (!base_path)
        return NULL;
    struct sl_strbuf path = {0};
    if (clang_getCursorKind(e) == CXCursor_MemberRefExpr) {
        char *member = take_string(clang_getCursorSpelling(e));
        bool parenthesised = base_path[0] == '*'; /* (*p)->x must not read as *(p->x) */
        sl_sb_append(&path, parenthesised ? "(" : "");
        sl_sb_append(&path, base_path);
        sl_sb_append(&path, parenthesised ? ")" : "");
        sl_sb_append(&path, is_pointer_expr(base) ? "->" : ".");
        sl_sb_append(&path, member);
        free(member);
    } else {
        bool element = clang_getCursorKind(e) == CXCursor_ArraySubscriptExpr;
        sl_sb_append(&path, element ? "" : "*");
        sl_sb_append(&path, base_path);
        sl_sb_append(&path, element ? "[]" : "");
    }
    free(base_path);
    return sl_sb_take(&path);
}

CXCursor sl_ast_path_root(CXCursor expr)
{
    CXCursor e = sl_ast_peel_casts(expr);
    while (clang_getCursorKind(e) != CXCursor_DeclRefExpr) {
        CXCursor base = path_base(e);
        if (sl_ast_is_null(base))
            return clang_getNullCursor();
        e = sl_ast_peel_casts(base);
    }
    CXCursor decl = clang_getCursorReferenced(e);
    return is_variable(decl) ? decl : clang_getNullCursor();
}

bool sl_ast_path_in_place(CXCursor expr)
{
    CXCursor e = sl_ast_peel_casts(expr);
    while (clang_getCursorKind(e) != CXCursor_DeclRefExpr) {
        CXCursor base = path_base(e);
        if (sl_ast_is_null(base) || clang_getCursorKind(e) == CXCursor_UnaryOperator)
            return false;
        e = sl_ast_peel_casts(base);
        if (is_pointer_expr(e))
            return false;
    }
    return true;
}

bool sl_ast_path_is_indirect(const char *path)
{
    return path && (strstr(path, "->") || strchr(path, '*') || strstr(path, "[]"));
}

char *sl_ast_type_spelling(CXCursor c)
{
    return take_string(clang_getTypeSpelling(clang_getCursorType(c)));
}

/* ------------------------------------------------------------- attributes */

static bool is_attribute(CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    return k >= CXCursor_FirstAttr && k <= CXCursor_LastAttr;
}

static enum CXChildVisitResult find_noreturn_attr(CXCursor c, CXCursor parent, CXClientData data)
{
    static const char *const spellings[] = {"_Noreturn", "noreturn", "__noreturn__", NULL};
    if (!is_attribute(c))
        return CXChildVisit_Continue;
    char *first = written_token(c, 0);
    bool found = first && string_in(first, spellings);
    free(first);
    if (found)
        *(bool *)data = true;
    return found ? CXChildVisit_Break : CXChildVisit_Continue;
}

static bool one_decl_is_noreturn(CXCursor decl)
{
    char *type = sl_ast_type_spelling(decl);
    bool found = strstr(type, "__attribute__((noreturn))") != NULL;
    free(type);
    if (!found)
        clang_visitChildren(decl, find_noreturn_attr, &found);
    return found;
}

static bool decl_is_noreturn(CXCursor fn_decl)
{
    static const char *const libc_noreturn[] = {
        "exit", "_exit", "_Exit", "abort", "quick_exit", "err", "errx", "verr", "verrx",
        "__assert_fail", "longjmp", "siglongjmp", "pthread_exit",
        "__builtin_unreachable", "__builtin_trap", NULL,
    };
    char *name = take_string(clang_getCursorSpelling(fn_decl));
    bool known = string_in(name, libc_noreturn);
    free(name);
    /* the attribute may sit on another declaration of the same function */
    return known || one_decl_is_noreturn(fn_decl) ||
           one_decl_is_noreturn(clang_getCanonicalCursor(fn_decl)) ||
           one_decl_is_noreturn(clang_getCursorDefinition(fn_decl));
}

/* Remembered per declaration: a function calls the same ones many times,
 * and each answer spells types and visits attributes. */
bool sl_ast_decl_is_noreturn(CXCursor fn_decl)
{
    if (sl_ast_is_null(fn_decl))
        return false;
    if (!memo.active)
        return decl_is_noreturn(fn_decl);
    struct memo_slot *s = memo_slot(&fn_decl);
    if (!s->noreturn_known) {
        bool noreturn = decl_is_noreturn(fn_decl);
        s = memo_slot(&fn_decl); /* in case answering grew the table */
        s->noreturn_known = noreturn ? 1 : -1;
    }
    return s->noreturn_known > 0;
}

static enum CXChildVisitResult find_cleanup_attr(CXCursor c, CXCursor parent, CXClientData data)
{
    static const char *const spellings[] = {"cleanup", "__cleanup__", NULL};
    if (!is_attribute(c))
        return CXChildVisit_Continue;
    char *name = written_token(c, 0), *paren = written_token(c, 1);
    if (name && paren && string_in(name, spellings) && strcmp(paren, "(") == 0)
        *(char **)data = written_token(c, 2);
    free(name);
    free(paren);
    return *(char **)data ? CXChildVisit_Break : CXChildVisit_Continue;
}

char *sl_ast_cleanup_function(CXCursor var_decl)
{
    char *fn = NULL;
    if (clang_getCursorKind(var_decl) == CXCursor_VarDecl)
        clang_visitChildren(var_decl, find_cleanup_attr, &fn);
    return fn;
}

/* -------------------------------------------------------------- positions */

void sl_ast_pos(CXSourceLocation loc, struct sl_pos *out)
{
    CXFile file = NULL;
    clang_getExpansionLocation(loc, &file, &out->line, &out->col, NULL);
    out->file = file ? take_string(clang_getFileName(file)) : NULL;
}

void sl_ast_cursor_start(CXCursor c, struct sl_pos *out)
{
    sl_ast_pos(clang_getRangeStart(clang_getCursorExtent(c)), out);
}

void sl_ast_cursor_end(CXCursor c, struct sl_pos *out)
{
    sl_ast_pos(clang_getRangeEnd(clang_getCursorExtent(c)), out);
}

void sl_pos_free(struct sl_pos *p)
{
    free(p->file);
    p->file = NULL;
}

/* Copies bytes with every run of whitespace (newlines included) folded into
 * one space. */
static char *fold_whitespace(const char *s, size_t n)
{
    struct sl_strbuf sb = {0};
    bool pending_space = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v') {
            pending_space = sb.len > 0;
            continue;
        }
        if (pending_space)
            sl_sb_appendn(&sb, " ", 1);
        pending_space = false;
        sl_sb_appendn(&sb, s + i, 1);
    }
    return sl_sb_take(&sb);
}

/* Byte range of a cursor's text: where it was written when both ends lie in
 * macro arguments (the `p != 0` of assert(p != 0)), else the expansion site. */
static CXFile text_range(CXCursor c, unsigned *start, unsigned *end)
{
    CXSourceRange extent = clang_getCursorExtent(c);
    CXSourceLocation first = clang_getRangeStart(extent), last = clang_getRangeEnd(extent);
    CXFile start_file = NULL, end_file = NULL;
    unsigned expanded_start, expanded_end;
    clang_getFileLocation(first, &start_file, NULL, NULL, start);
    clang_getFileLocation(last, &end_file, NULL, NULL, end);
    clang_getExpansionLocation(first, NULL, NULL, NULL, &expanded_start);
    clang_getExpansionLocation(last, NULL, NULL, NULL, &expanded_end);
    bool in_arguments = *start != expanded_start && *end != expanded_end && *start < *end;
    if (!in_arguments) {
        clang_getExpansionLocation(first, &start_file, NULL, NULL, start);
        clang_getExpansionLocation(last, &end_file, NULL, NULL, end);
    }
    return start_file && end_file && clang_File_isEqual(start_file, end_file) ? start_file : NULL;
}

char *sl_ast_source_text(CXCursor c)
{
    unsigned start, end;
    CXFile file = text_range(c, &start, &end);
    size_t size = 0;
    const char *contents = file ? clang_getFileContents(clang_Cursor_getTranslationUnit(c), file, &size) : NULL;
    if (!contents || end <= start || end > size)
        return take_string(clang_getCursorSpelling(c));
    return fold_whitespace(contents + start, end - start);
}
