/*
 * trace.c: records and renders what the engine holds for each handle after
 * each statement of one function (trace.h). For every (block, item) the
 * trace keeps the distinct handle descriptions seen on all paths with how
 * many paths carried each; blocks remember how many states arrived and
 * whether any were joined. Text output is for people, JSON for tools; both
 * list blocks in CFG order.
 */
#include "trace.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "engine_ctx.h"
#include "state.h"
#include "tu.h"
#include "util.h"

#define MAX_TEXT 72

/* One handle as one path saw it after one statement. */
struct handle_view {
    char *name, *kind, *state, *txn;
    bool owned, escaped;
    unsigned paths;
};

struct item_record {
    int block;
    size_t item;
    SL_VEC(struct handle_view) handles;
};

struct block_record {
    unsigned states;
    bool joined;
};

struct sl_trace {
    SL_VEC(struct item_record) items;
    SL_VEC(struct block_record) blocks;
    char *text, *json;
};

struct sl_trace *sl_trace_new(void) { return sl_xcalloc(1, sizeof(struct sl_trace)); }

static void view_free(struct handle_view *v)
{
    free(v->name);
    free(v->kind);
    free(v->state);
    free(v->txn);
}

void sl_trace_free(struct sl_trace *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->items.len; i++) {
        for (size_t j = 0; j < t->items.items[i].handles.len; j++)
            view_free(&t->items.items[i].handles.items[j]);
        sl_vec_free(&t->items.items[i].handles);
    }
    sl_vec_free(&t->items);
    sl_vec_free(&t->blocks);
    free(t->text);
    free(t->json);
    free(t);
}

static struct block_record *block_at(struct sl_trace *t, int block)
{
    while (t->blocks.len <= (size_t)block)
        sl_vec_push(&t->blocks, ((struct block_record){0, false}));
    return &t->blocks.items[block];
}

void sl_trace_block(struct sl_trace *t, int block, bool joined)
{
    struct block_record *b = block_at(t, block);
    b->states++;
    b->joined = b->joined || joined;
}

static struct item_record *item_at(struct sl_trace *t, int block, size_t item)
{
    for (size_t i = 0; i < t->items.len; i++)
        if (t->items.items[i].block == block && t->items.items[i].item == item)
            return &t->items.items[i];
    sl_vec_push(&t->items, ((struct item_record){.block = block, .item = item}));
    return &t->items.items[t->items.len - 1];
}

static const char *state_word(enum sl_hstate st)
{
    static const char *const words[] = {
        [SL_HS_MAYBE] = "acquired, not yet tested", [SL_HS_OPEN] = "open",
        [SL_HS_FAILED] = "failed, still to release", [SL_HS_NULL] = "null",
        [SL_HS_CLOSED] = "released", [SL_HS_UNKNOWN] = "unknown (paths joined)",
    };
    return words[st];
}

static const char *txn_word(enum sl_txstate tx)
{
    return tx == SL_TX_OPEN      ? "open"
           : tx == SL_TX_ABORTED ? "aborted"
           : tx == SL_TX_UNKNOWN ? "unknown"
                                 : "none";
}

static struct handle_view describe(const struct sl_check *c, const struct sl_sym *s)
{
    return (struct handle_view){
        .name = sl_xstrdup(sl_sym_name(c, s)),
        .kind = sl_xstrdup(sl_check_kind_label(c, s->kind)),
        .state = sl_xstrdup(state_word((enum sl_hstate)s->st)),
        .txn = sl_xstrdup(txn_word((enum sl_txstate)s->tx)),
        .owned = s->owned && !s->escaped,
        .escaped = s->escaped,
        .paths = 1,
    };
}

static bool same_view(const struct handle_view *a, const struct handle_view *b)
{
    return strcmp(a->name, b->name) == 0 && strcmp(a->kind, b->kind) == 0 &&
           strcmp(a->state, b->state) == 0 && strcmp(a->txn, b->txn) == 0 &&
           a->owned == b->owned && a->escaped == b->escaped;
}

void sl_trace_item(struct sl_trace *t, const struct sl_check *c, int block, size_t item,
                   const struct sl_state *st)
{
    struct item_record *r = item_at(t, block, item);
    for (size_t i = 0; i < st->nsyms; i++) {
        struct handle_view v = describe(c, &st->syms[i]);
        bool merged = false;
        for (size_t j = 0; j < r->handles.len && !merged; j++)
            if (same_view(&r->handles.items[j], &v)) {
                r->handles.items[j].paths++;
                merged = true;
            }
        if (merged)
            view_free(&v);
        else
            sl_vec_push(&r->handles, v);
    }
}

static char *short_text(CXCursor c)
{
    if (sl_ast_is_null(c))
        return sl_xstrdup("");
    char *text = sl_ast_source_text(c);
    if (strlen(text) > MAX_TEXT)
        strcpy(text + MAX_TEXT - 4, " ...");
    return text;
}

static char *terminator_text(const struct sl_block *b)
{
    char *cond = short_text(b->cond);
    char *out;
    switch (b->term) {
    case SL_TERM_GOTO:
        out = sl_xasprintf("goto B%d", b->succ[0]);
        break;
    case SL_TERM_BRANCH:
        out = sl_xasprintf("if `%s` then B%d else B%d", cond, b->succ[0], b->succ[1]);
        break;
    case SL_TERM_SWITCH:
        out = sl_xasprintf("switch `%s` (%zu targets)", cond, b->ncases);
        break;
    case SL_TERM_RETURN:
        out = *cond ? sl_xasprintf("return `%s`", cond) : sl_xstrdup("return");
        break;
    default:
        out = sl_xstrdup("does not return");
        break;
    }
    free(cond);
    return out;
}

static const struct item_record *find_item(const struct sl_trace *t, int block, size_t item)
{
    for (size_t i = 0; i < t->items.len; i++)
        if (t->items.items[i].block == block && t->items.items[i].item == item)
            return &t->items.items[i];
    return NULL;
}

static const char *item_kind_word(enum sl_item_kind k)
{
    return k == SL_ITEM_DECL ? "decl" : k == SL_ITEM_SCOPE_END ? "scope end" : "stmt";
}

static void text_handles(struct sl_strbuf *sb, const struct item_record *r)
{
    for (size_t h = 0; r && h < r->handles.len; h++) {
        const struct handle_view *v = &r->handles.items[h];
        sl_sb_printf(sb, "        %s: %s, %s, transaction %s%s%s [%u path%s]\n", v->name, v->kind,
                     v->state, v->txn, v->owned ? ", owned" : "", v->escaped ? ", escaped" : "",
                     v->paths, v->paths == 1 ? "" : "s");
    }
}

static char *render_text(const struct sl_trace *t, const struct sl_check *c,
                         const struct sl_cfg *cfg)
{
    struct sl_strbuf sb = {0};
    sl_sb_printf(&sb, "function %s (entry B%d)\n", c->fn_name, cfg->entry);
    for (size_t b = 0; b < cfg->nblocks; b++) {
        const struct sl_block *blk = &cfg->blocks[b];
        const struct block_record *br = b < t->blocks.len ? &t->blocks.items[b] : NULL;
        if (!br || !br->states) {
            sl_sb_printf(&sb, "B%zu: never reached\n", b);
            continue;
        }
        sl_sb_printf(&sb, "B%zu: %u state%s arrived%s\n", b, br->states, br->states == 1 ? "" : "s",
                     br->joined ? " (the cap joined some: rules stay silent where they differ)" : "");
        text_handles(&sb, find_item(t, (int)b, SL_TRACE_ENTRY));
        for (size_t i = 0; i < blk->nitems; i++) {
            char *text = short_text(blk->items[i].cursor);
            sl_sb_printf(&sb, "    %s `%s`\n", item_kind_word(blk->items[i].kind), text);
            free(text);
            text_handles(&sb, find_item(t, (int)b, i));
        }
        char *term = terminator_text(blk);
        sl_sb_printf(&sb, "    %s\n", term);
        free(term);
    }
    return sl_sb_take(&sb);
}

static cJSON *json_handles(const struct item_record *r)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t h = 0; r && h < r->handles.len; h++) {
        const struct handle_view *v = &r->handles.items[h];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", v->name);
        cJSON_AddStringToObject(o, "kind", v->kind);
        cJSON_AddStringToObject(o, "state", v->state);
        cJSON_AddStringToObject(o, "transaction", v->txn);
        cJSON_AddBoolToObject(o, "owned", v->owned);
        cJSON_AddBoolToObject(o, "escaped", v->escaped);
        cJSON_AddNumberToObject(o, "paths", v->paths);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

static cJSON *json_block(const struct sl_trace *t, const struct sl_cfg *cfg, size_t b)
{
    const struct sl_block *blk = &cfg->blocks[b];
    const struct block_record *br = b < t->blocks.len ? &t->blocks.items[b] : NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)b);
    cJSON_AddNumberToObject(o, "states", br ? br->states : 0);
    cJSON_AddBoolToObject(o, "joined", br && br->joined);
    cJSON_AddItemToObject(o, "entry", json_handles(find_item(t, (int)b, SL_TRACE_ENTRY)));
    cJSON *items = cJSON_AddArrayToObject(o, "items");
    for (size_t i = 0; i < blk->nitems; i++) {
        cJSON *it = cJSON_CreateObject();
        char *text = short_text(blk->items[i].cursor);
        cJSON_AddStringToObject(it, "kind", item_kind_word(blk->items[i].kind));
        cJSON_AddStringToObject(it, "text", text);
        free(text);
        cJSON_AddItemToObject(it, "handles", json_handles(find_item(t, (int)b, i)));
        cJSON_AddItemToArray(items, it);
    }
    char *term = terminator_text(blk);
    cJSON_AddStringToObject(o, "terminator", term);
    free(term);
    return o;
}

static char *render_json(const struct sl_trace *t, const struct sl_check *c,
                         const struct sl_cfg *cfg)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "function", c->fn_name);
    cJSON_AddNumberToObject(root, "entry", cfg->entry);
    cJSON *blocks = cJSON_AddArrayToObject(root, "blocks");
    for (size_t b = 0; b < cfg->nblocks; b++)
        cJSON_AddItemToArray(blocks, json_block(t, cfg, b));
    char *printed = cJSON_Print(root);
    cJSON_Delete(root);
    char *out = sl_xasprintf("%s\n", printed ? printed : "{}");
    free(printed);
    return out;
}

void sl_trace_finish(struct sl_trace *t, const struct sl_check *c, const struct sl_cfg *cfg)
{
    free(t->text);
    free(t->json);
    t->text = render_text(t, c, cfg);
    t->json = render_json(t, c, cfg);
}

const char *sl_trace_text(const struct sl_trace *t) { return t->text; }
const char *sl_trace_json(const struct sl_trace *t) { return t->json; }

int sl_trace_function(const struct sl_options *opts, CXIndex index, const char *file,
                      const char *const *args, int nargs, const char *function, bool json,
                      char **out, struct sl_report *report)
{
    struct sl_options traced = *opts;
    traced.trace = sl_trace_new();
    traced.trace_function = function;
    *out = NULL;
    int rc = sl_analyze_file(&traced, index, file, NULL, args, nargs, NULL, 0, report) == 0 ? 0 : 3;
    const char *rendered = json ? sl_trace_json(traced.trace) : sl_trace_text(traced.trace);
    if (rendered)
        *out = sl_xstrdup(rendered);
    else if (rc == 0) {
        *out = sl_xasprintf("sessionlint: no definition of function '%s' in '%s'\n", function, file);
        rc = 2;
    }
    sl_trace_free(traced.trace);
    return rc;
}
