/*
 * prescan.c: the scan before parsing (prescan.h). A scan has three steps:
 * visit the input's files (the main file, forced includes, then every
 * #include of every file visited, found as clang would find it from where
 * it is written), collect the names that count (every identifier of the
 * input's own files, the code of system headers too when headers are
 * analysed), then close that set over the macros and typedefs of all files
 * visited: a name that is a macro brings the names of its bodies, a name
 * declared by a system typedef brings the names the typedef mentions.
 *
 * The cache keeps one context per thread that scans at a time (a pool
 * under a mutex): its interner, its lexed headers (keyed by device and
 * inode) and the result of every stat, so nothing in a context is shared
 * and nothing needs a lock while scanning. Names are ints in a context; only
 * the result is strings.
 */
#define _POSIX_C_SOURCE 200809L /* stat, getcwd */

#include "prescan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prescan_lex.h"
#include "prescan_paste.h"
#include "prescan_scan.h"

#define MAX_FILE_BYTES (64u << 20) /* a larger file is parsed: the scan's memory stays bounded */
#define MAX_VISITS 100000          /* files (with how they were found) per input */

/* ---- the cache: a pool of contexts ---- */

struct sl_prescan_cache {
    pthread_mutex_t lock;
    SL_VEC(struct context *) idle, all;
    char *resource_dir;
    char **system_dirs;            /* NULL-terminated */
    bool headers_count;
    const char *why;               /* NULL, or why no input can be scanned */
};

struct sl_prescan_cache *sl_prescan_cache_new(const char *resource_dir, bool headers_count)
{
    struct sl_prescan_cache *c = sl_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->resource_dir = sl_xstrdup(resource_dir);
    c->system_dirs = sl_ps_system_dirs();
    c->headers_count = headers_count;
    c->why = sl_ps_search_unknowable((const char *const *)c->system_dirs);
    return c;
}

/* Marks the names of a ':'-separated list. */
static void mark_builtin(struct context *cx, const char *list, unsigned char flag)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ":");
        if (n) {
            int id = sl_intern_n(&cx->names, p, n);
            while (cx->builtin.len <= (size_t)id)
                sl_vec_push(&cx->builtin, 0);
            cx->builtin.items[id] |= flag;
        }
        p += n + (p[n] == ':');
    }
}

static struct context *new_context(void)
{
    static const char *const typeof_words[] = {"typeof", "__typeof", "__typeof__",
                                               "typeof_unqual", "__typeof_unqual",
                                               "__typeof_unqual__"};
    struct context *cx = sl_xcalloc(1, sizeof *cx);
    for (size_t i = 0; i < sizeof typeof_words / sizeof *typeof_words; i++)
        cx->typeof_names[i] = sl_intern(&cx->names, typeof_words[i]);
    mark_builtin(cx, SL_CLANG_PREDEFINED, SL_PS_PREDEFINED);
    mark_builtin(cx, SL_CLANG_SURELY_DEFINED, SL_PS_SURELY_DEFINED);
    return cx;
}

static void free_files(struct sl_ps_file **files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sl_ps_file_free(files[i]);
        free(files[i]);
    }
}

static void free_context(struct context *cx)
{
    free_files(cx->headers.items, cx->headers.len);
    sl_intern_free(&cx->names);
    sl_intern_free(&cx->paths);
    sl_intern_free(&cx->header_names);
    sl_intern_free(&cx->places);
    sl_vec_free(&cx->directories);
    sl_vec_free(&cx->place_paths);
    sl_intern_free(&cx->inodes);
    sl_vec_free(&cx->path_states);
    sl_vec_free(&cx->headers);
    sl_vec_free(&cx->stamp);
    sl_vec_free(&cx->undefined);
    sl_vec_free(&cx->builtin);
    sl_vec_free(&cx->macro_head);
    sl_vec_free(&cx->decl_head);
    free(cx);
}

void sl_prescan_cache_free(struct sl_prescan_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->all.len; i++)
        free_context(c->all.items[i]);
    sl_ps_system_dirs_free(c->system_dirs);
    free(c->resource_dir);
    sl_vec_free(&c->idle);
    sl_vec_free(&c->all);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static struct context *take_context(struct sl_prescan_cache *c)
{
    pthread_mutex_lock(&c->lock);
    struct context *cx = c->idle.len ? c->idle.items[--c->idle.len] : NULL;
    if (!cx) {
        cx = new_context();
        sl_vec_push(&c->all, cx);
    }
    pthread_mutex_unlock(&c->lock);
    return cx;
}

static void give_back(struct sl_prescan_cache *c, struct context *cx)
{
    pthread_mutex_lock(&c->lock);
    sl_vec_push(&c->idle, cx);
    pthread_mutex_unlock(&c->lock);
}

/* ---- files ---- */

/* What stat says of path `id` (a copy: a later probe may move the table). */
static struct path_state probe(struct context *cx, int id)
{
    while (cx->path_states.len <= (size_t)id)
        sl_vec_push(&cx->path_states, ((struct path_state){UNPROBED, 0, 0}));
    struct path_state *ps = &cx->path_states.items[id];
    if (ps->kind == UNPROBED) {
        struct stat st;
        bool ok = stat(sl_intern_name(&cx->paths, id), &st) == 0;
        *ps = (struct path_state){!ok ? MISSING : S_ISREG(st.st_mode) ? REGULAR : OTHER,
                                  ok ? st.st_dev : 0, ok ? st.st_ino : 0};
    }
    return *ps;
}

/* Returns true when lexing stopped at an identifier of stop_at (sl_ps_lex). */
static bool lex_file_text(struct context *cx, const char *text, size_t len,
                          const struct sl_intern *stop_at, struct sl_ps_file *out)
{
    if (len <= MAX_FILE_BYTES)
        return sl_ps_lex(text, len, &cx->names, stop_at, out);
    out->why = "a file larger than the scan reads";
    return false;
}

/* The contents of a file not larger than the scan reads, or NULL with *why. */
static char *read_bounded(const char *path, size_t *len, const char **why)
{
    struct stat st;
    char *text = NULL;
    if (stat(path, &st) == 0 && st.st_size > (off_t)MAX_FILE_BYTES)
        *why = "a file larger than the scan reads";
    else if (!(text = sl_read_file(path, len)))
        *why = "a file that cannot be read";
    return text;
}

/* Numbers as hex digits, each ended by ':' (an interner key: without the
 * ends, 1,23 and 12,3 would be one key). out has room for KEY_SIZE(n).
 * Returns the key's length. */
#define KEY_SIZE(n) ((n) * (2 * sizeof(uintmax_t) + 1) + 1)
static size_t hex_key(const uintmax_t *parts, size_t n, char *out)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        for (uintmax_t v = parts[i];; v >>= 4) {
            out[len++] = "0123456789abcdef"[v & 15];
            if (v < 16)
                break;
        }
        out[len++] = ':';
    }
    out[len] = '\0';
    return len;
}

/* The header at path (a regular file), lexed on first use. */
static const struct sl_ps_file *header(struct context *cx, const char *path,
                                       struct path_state ps)
{
    uintmax_t parts[] = {ps.dev, ps.ino};
    char key[KEY_SIZE(sizeof parts / sizeof *parts)];
    int id = sl_intern_n(&cx->inodes, key, hex_key(parts, 2, key));
    if ((size_t)id < cx->headers.len)
        return cx->headers.items[id];
    struct sl_ps_file *f = sl_xcalloc(1, sizeof *f);
    size_t len = 0;
    char *text = read_bounded(path, &len, &f->why);
    if (text) {
        lex_file_text(cx, text, len, NULL, f);
        sl_ps_compact(f);
    }
    free(text);
    sl_vec_push(&cx->headers, f);
    return f;
}

static int path_id(struct context *cx, const char *path)
{
    return sl_intern(&cx->paths, path);
}

/* The path id of the directory of path `id`. */
static int directory(struct context *cx, int id)
{
    while (cx->directories.len <= (size_t)id)
        sl_vec_push(&cx->directories, -1);
    if (cx->directories.items[id] < 0) {
        const char *path = sl_intern_name(&cx->paths, id), *slash = strrchr(path, '/');
        char *dir = slash == path ? sl_xstrdup("/")
                    : slash       ? sl_xstrndup(path, (size_t)(slash - path))
                                  : sl_xstrdup(".");
        int d = path_id(cx, dir);
        free(dir);
        cx->directories.items[id] = d;
    }
    return cx->directories.items[id];
}

/* The path id of `name` in directory `dir` (a path id), remembered by the
 * two ids rather than by the joined path. */
static int place(struct context *cx, int dir, const char *name)
{
    uintmax_t parts[] = {(uintmax_t)dir, (uintmax_t)sl_intern(&cx->header_names, name)};
    char key[KEY_SIZE(sizeof parts / sizeof *parts)];
    int id = sl_intern_n(&cx->places, key, hex_key(parts, 2, key));
    if ((size_t)id == cx->place_paths.len) {
        const char *where = sl_intern_name(&cx->paths, dir);
        char *path = sl_xasprintf("%s/%s", where, name);
        sl_vec_push(&cx->place_paths, path_id(cx, path));
        free(path);
    }
    return cx->place_paths.items[id];
}

/* ---- visiting an input's files ---- */

void sl_ps_fail(struct scan *s, const char *what, const char *where)
{
    if (!s->why)
        s->why = where ? sl_xasprintf("%s (%s)", what, where) : sl_xstrdup(what);
}

static void add_visit(struct scan *s, const struct sl_ps_file *file, int path, int dir,
                      bool system)
{
    if (s->visits.len >= MAX_VISITS)
        sl_ps_fail(s, "more files than the scan follows", NULL);
    else
        sl_vec_push(&s->visits, ((struct visit){file, sl_intern_name(&s->cx->paths, path),
                                                directory(s->cx, path), dir, system, false}));
}

/* A file is visited once per way of being found that can change what it
 * includes: its directory, its place in the search list, system or not.
 * Returns the index of its visit. */
static size_t visit_of(struct scan *s, int path, struct path_state file, int dir,
                       bool system)
{
    struct path_state d = probe(s->cx, directory(s->cx, path));
    uintmax_t parts[] = {file.dev, file.ino, d.dev, d.ino, (uintmax_t)(dir + 1), system};
    char key[KEY_SIZE(sizeof parts / sizeof *parts)];
    size_t n = hex_key(parts, sizeof parts / sizeof *parts, key);
    size_t id = (size_t)sl_intern_n(&s->seen, key, n);
    if (id == s->seen_visit.len) {
        sl_vec_push(&s->seen_visit, s->visits.len);
        add_visit(s, header(s->cx, sl_intern_name(&s->cx->paths, path), file), path, dir, system);
    }
    return s->seen_visit.items[id];
}

struct found {
    int path;
    struct path_state state;
    int dir;
    bool system;
};

static bool try_path(struct scan *s, int path, int dir, bool system, struct found *out)
{
    struct path_state ps = probe(s->cx, path);
    if (ps.kind != REGULAR)
        return false;
    *out = (struct found){path, ps, dir, system};
    return true;
}

static bool search_from(struct scan *s, size_t from, const char *name, struct found *out)
{
    for (size_t k = from; k < s->search.dirs.len; k++) {
        int where = path_id(s->cx, s->search.dirs.items[k].path);
        if (try_path(s, place(s->cx, where, name), (int)k, s->search.dirs.items[k].system, out))
            return true;
    }
    return false;
}

/* Where clang finds `name` included from `from`. A file found next to its
 * includer is a system header when the includer is one; one found through
 * -I is taken as the input's own even from a system header (clang would
 * call it a system header: counting more is safe). */
static bool find(struct scan *s, const struct visit *from, const char *name, bool angled,
                 bool next, struct found *out)
{
    if (name[0] == '/')
        return try_path(s, path_id(s->cx, name), -1, from->system, out);
    if (next && from->dir >= 0)
        return search_from(s, (size_t)from->dir + 1, name, out);
    if (!angled && try_path(s, place(s->cx, from->where, name), -1, from->system, out))
        return true;
    return search_from(s, angled ? s->search.angled : 0, name, out);
}

bool sl_ps_exists(struct scan *s, const struct visit *from, const struct sl_ps_include *header)
{
    struct found f;
    return find(s, from, header->name, header->angled, header->next, &f);
}

/* Visits what `name` included from visit `from` (or from the command line:
 * inc NULL) is; false when it is not found. */
static bool follow(struct scan *s, const struct visit *from, size_t from_index,
                   const struct sl_ps_include *inc, const char *name)
{
    struct found f;
    bool angled = inc && inc->angled, next = inc && inc->next;
    if (!find(s, from, name, angled, next, &f))
        return false;
    size_t to = visit_of(s, f.path, f.state, f.dir, f.system);
    if (to < s->visits.len && !inc)
        s->visits.items[to].root = true;
    else if (to < s->visits.len)
        sl_vec_push(&s->edges, ((struct edge){from_index, to, inc}));
    return true;
}

/* The text of the main file or of a -D value, lexed for this input only
 * (stopping at a name of stop_at, which *stopped then says). */
static const struct sl_ps_file *own_text(struct scan *s, const char *text, size_t len,
                                         const struct sl_intern *stop_at, bool *stopped)
{
    struct sl_ps_file *f = sl_xcalloc(1, sizeof *f);
    bool stop = lex_file_text(s->cx, text, len, stop_at, f);
    if (stopped)
        *stopped = stop;
    sl_vec_push(&s->own, f);
    return f;
}

/* Visits the main file; true when its own text names one of `wanted`. Every
 * identifier of it counts (add_roots), so the scan could only say that the
 * input reaches a wanted name: the lexing stops there, and its headers need
 * not be read. */
static bool visit_main_file(struct scan *s, const struct sl_input *in,
                            const struct sl_intern *wanted)
{
    size_t len = in->unsaved_len;
    const char *why = NULL;
    bool named_wanted = false;
    char *text = in->unsaved ? NULL : read_bounded(in->file, &len, &why);
    if (why)
        sl_ps_fail(s, why, NULL);
    else
        add_visit(s, own_text(s, in->unsaved ? in->unsaved : text, len, wanted, &named_wanted),
                  path_id(s->cx, in->file), -1, false);
    if (s->visits.len)
        s->visits.items[0].root = true;
    free(text);
    return named_wanted;
}

/* -D NAME=VALUE is the text "NAME VALUE" for the scan: both count; NAME
 * is defined. */
static void visit_definitions(struct scan *s)
{
    for (size_t i = 0; i < s->search.defines.len; i++) {
        const char *d = s->search.defines.items[i];
        add_visit(s, own_text(s, d, strlen(d), NULL, NULL), path_id(s->cx, "-D"), -1, false);
        s->visits.items[s->visits.len - 1].root = true;
        sl_vec_push(&s->defined, sl_intern_n(&s->cx->names, d, strcspn(d, "=(")));
    }
}

/* -include and -imacros: clang looks for them from the working directory,
 * then as #include "...". */
static void visit_forced(struct scan *s)
{
    char cwd[4096];
    if (!s->search.forced.len)
        return;
    if (!getcwd(cwd, sizeof cwd - 2)) {
        sl_ps_fail(s, "no working directory for -include", NULL);
        return;
    }
    strcat(cwd, "/-");
    struct visit command_line = {.where = directory(s->cx, path_id(s->cx, cwd)), .dir = -1};
    for (size_t i = 0; i < s->search.forced.len; i++)
        if (!follow(s, &command_line, 0, NULL, s->search.forced.items[i]))
            sl_ps_fail(s, "a forced include that is not found", s->search.forced.items[i]);
}

static bool is_c_file(const char *file)
{
    return sl_str_ends_with(file, ".c") || sl_str_ends_with(file, ".h");
}

/* Visits the input and everything it can include; false when the main file
 * alone settles the answer (visit_main_file). */
static bool visit_all(struct scan *s, const struct sl_input *in, const struct sl_intern *wanted)
{
    if (!s->search.language_given && !is_c_file(in->file))
        sl_ps_fail(s, "not a .c or .h file", NULL);
    if (visit_main_file(s, in, wanted) && !s->why)
        return false;
    visit_definitions(s);
    visit_forced(s);
    for (size_t i = 0; i < s->visits.len && !s->why; i++) {
        struct visit v = s->visits.items[i]; /* a copy: visits grow below */
        if (v.file->why)
            sl_ps_fail(s, v.file->why, v.path);
        else if (v.file->has_trigraph && s->search.trigraphs)
            sl_ps_fail(s, "trigraphs", v.path);
        for (size_t k = 0; k < v.file->includes.len && !s->why; k++) {
            const struct sl_ps_include *inc = &v.file->includes.items[k];
            if (!follow(s, &v, i, inc, inc->name))
                sl_vec_push(&s->missing, ((struct missing){i, inc}));
        }
    }
    return true;
}

/* ---- the names: roots, then their closure over macros and typedefs ---- */

struct closure {
    struct scan *s;
    sl_ps_ids members, queue;
    links macros, decls;
    sl_ps_ids macro_names, decl_names; /* the names with a link, once */
    SL_VEC(const struct sl_ps_decl *) dormant; /* reached, but counting only with typeof */
    sl_ps_ids prefixes, suffixes;
    bool all_decls;
    bool pasting;                    /* a macro pasting parameters together is reached */
};

static bool member(const struct closure *c, int id)
{
    return c->s->cx->stamp.items[id] == c->s->cx->scan;
}

static void add_name(struct closure *c, int id)
{
    if (member(c, id))
        return;
    c->s->cx->stamp.items[id] = c->s->cx->scan;
    sl_vec_push(&c->members, id);
    sl_vec_push(&c->queue, id);
}

/* The per-name arrays cover every name interned so far; stamps of earlier
 * scans are told apart by the scan's number. */
static void prepare_arrays(struct context *cx)
{
    while (cx->stamp.len < cx->names.len) {
        sl_vec_push(&cx->stamp, 0);
        sl_vec_push(&cx->undefined, 0);
        sl_vec_push(&cx->macro_head, -1);
        sl_vec_push(&cx->decl_head, -1);
    }
    if (++cx->scan == 0) { /* wrapped: old stamps could look current */
        memset(cx->stamp.items, 0, cx->stamp.len * sizeof *cx->stamp.items);
        memset(cx->undefined.items, 0, cx->undefined.len * sizeof *cx->undefined.items);
        cx->scan = 1;
    }
}

static void link_name(links *list, int *heads, sl_ps_ids *names, int name, const void *def,
                      size_t visit)
{
    if (heads[name] < 0)
        sl_vec_push(names, name);
    sl_vec_push(list, ((struct link){def, visit, heads[name]}));
    heads[name] = (int)list->len - 1;
}

/* Every macro of the visited files by its name; every declaration of a
 * system header by each of its names (the input's own are all counted). */
static void index_definitions(struct closure *c)
{
    struct context *cx = c->s->cx;
    for (size_t i = 0; i < c->s->visits.len; i++) {
        const struct sl_ps_file *f = c->s->visits.items[i].file;
        for (size_t k = 0; k < f->macros.len; k++)
            link_name(&c->macros, cx->macro_head.items, &c->macro_names, f->macros.items[k].name,
                      &f->macros.items[k], i);
        for (size_t k = 0; c->s->visits.items[i].system && k < f->decls.len; k++)
            for (size_t n = 0; n < f->decls.items[k].names.len; n++)
                link_name(&c->decls, cx->decl_head.items, &c->decl_names,
                          f->decls.items[k].names.items[n], &f->decls.items[k], i);
    }
}

static void unlink_names(struct closure *c)
{
    for (size_t i = 0; i < c->macro_names.len; i++)
        c->s->cx->macro_head.items[c->macro_names.items[i]] = -1;
    for (size_t i = 0; i < c->decl_names.len; i++)
        c->s->cx->decl_head.items[c->decl_names.items[i]] = -1;
}

static void add_roots(struct closure *c)
{
    for (size_t i = 0; i < c->s->visits.len; i++) {
        const struct visit *v = &c->s->visits.items[i];
        if (!v->system && v->file->has_paste)
            sl_ps_fail(c->s, "a ## outside a #define", v->path);
        const sl_ps_ids *roots = !v->system ? &v->file->idents
                                 : c->s->cache->headers_count ? &v->file->code : NULL;
        for (size_t k = 0; roots && k < roots->len; k++)
            add_name(c, roots->items[k]);
    }
}

static void add_affix(struct closure *c, int affix, bool suffix)
{
    sl_ps_ids *list = suffix ? &c->suffixes : &c->prefixes;
    if (!sl_ps_has(list, affix))
        sl_vec_push(list, affix);
}

static void expand_macro(struct closure *c, const struct sl_ps_macro *m)
{
    c->pasting = c->pasting || m->pasting;
    for (size_t i = 0; i < m->body.len; i++)
        add_name(c, m->body.items[i]);
    for (size_t i = 0; i < m->prefixes.len; i++)
        add_affix(c, m->prefixes.items[i], false);
    for (size_t i = 0; i < m->suffixes.len; i++)
        add_affix(c, m->suffixes.items[i], true);
}

static bool reached(const void *ctx, const char *s, size_t n)
{
    const struct closure *c = ctx;
    int id = sl_intern_find_n(&c->s->cx->names, s, n);
    return id >= 0 && (size_t)id < c->s->cx->stamp.len && member(c, id);
}

static char **affix_texts(const struct closure *c, const sl_ps_ids *ids)
{
    char **texts = sl_xcalloc(ids->len + 1, sizeof *texts);
    for (size_t i = 0; i < ids->len; i++)
        texts[i] = (char *)sl_intern_name(&c->s->cx->names, ids->items[i]);
    return texts;
}

/* A name `##` can form may be a macro or a typedef too: each one it can be
 * is reached. Returns whether any was. */
static bool reach_formed(struct closure *c)
{
    char **prefixes = affix_texts(c, &c->prefixes), **suffixes = affix_texts(c, &c->suffixes);
    struct sl_ps_pastes p = {reached, c, prefixes, c->prefixes.len, suffixes, c->suffixes.len};
    const sl_ps_ids *lists[] = {&c->macro_names, &c->decl_names};
    size_t before = c->members.len;
    for (size_t l = 0; l < 2 && (p.nprefixes || p.nsuffixes); l++)
        for (size_t i = 0; i < lists[l]->len; i++) {
            int id = lists[l]->items[i];
            if (!member(c, id) && sl_ps_formed(&p, sl_intern_name(&c->s->cx->names, id)))
                add_name(c, id);
        }
    free(prefixes);
    free(suffixes);
    return c->members.len > before;
}

/* Whether the names reached, or names pastes form, include one of `wanted`
 * (parameters pasted together can form any). */
static bool reaches_wanted(struct closure *c, const struct sl_intern *wanted)
{
    if (c->pasting)
        return wanted && wanted->len;
    char **prefixes = affix_texts(c, &c->prefixes), **suffixes = affix_texts(c, &c->suffixes);
    struct sl_ps_pastes p = {reached, c, prefixes, c->prefixes.len, suffixes, c->suffixes.len};
    bool found = false;
    for (size_t i = 0; wanted && i < wanted->len && !found; i++)
        found = sl_ps_formable(&p, wanted->names[i]);
    free(prefixes);
    free(suffixes);
    return found;
}

static void expand_decl(struct closure *c, const struct sl_ps_decl *d)
{
    if (!d->is_typedef && !c->all_decls) {
        sl_vec_push(&c->dormant, d);
        return;
    }
    for (size_t i = 0; i < d->names.len; i++)
        add_name(c, d->names.items[i]);
}

/* typeof(x) in a parameter's type takes the type of x's declaration: once
 * a typeof is reached, every declaration of a reached name counts. */
static bool wake_declarations(struct closure *c)
{
    const int *words = c->s->cx->typeof_names;
    for (size_t i = 0; i < sizeof c->s->cx->typeof_names / sizeof *words; i++)
        c->all_decls = c->all_decls || member(c, words[i]);
    for (size_t i = 0; c->all_decls && i < c->dormant.len; i++)
        expand_decl(c, c->dormant.items[i]);
    if (c->all_decls)
        c->dormant.len = 0;
    return c->queue.len > 0;
}

/* Until nothing more is reached, or a macro pasting parameters together
 * is: then any name may be formed, and the rest does not matter. */
static void close_names(struct closure *c)
{
    struct context *cx = c->s->cx;
    do {
        while (c->queue.len && !c->pasting) {
            int id = c->queue.items[--c->queue.len];
            for (int k = cx->macro_head.items[id]; k >= 0; k = c->macros.items[k].next)
                expand_macro(c, c->macros.items[k].def);
            for (int k = cx->decl_head.items[id]; k >= 0; k = c->decls.items[k].next)
                expand_decl(c, c->decls.items[k].def);
        }
    } while (!c->pasting && (reach_formed(c) || wake_declarations(c)));
}

/* ---- the result ---- */

static char **strings_of(const struct context *cx, const sl_ps_ids *ids, size_t *n)
{
    char **out = sl_xcalloc(ids->len + 1, sizeof *out);
    for (size_t i = 0; i < ids->len; i++)
        out[i] = sl_xstrdup(sl_intern_name(&cx->names, ids->items[i]));
    *n = ids->len;
    return out;
}

static void free_closure(struct closure *c)
{
    unlink_names(c);
    sl_vec_free(&c->members);
    sl_vec_free(&c->queue);
    sl_vec_free(&c->macros);
    sl_vec_free(&c->decls);
    sl_vec_free(&c->macro_names);
    sl_vec_free(&c->decl_names);
    sl_vec_free(&c->dormant);
    sl_vec_free(&c->prefixes);
    sl_vec_free(&c->suffixes);
}

/* The result: whether the input reaches a wanted name and, when it does
 * not, every name it reaches (what the caller may ask about later). */
static void collect_names(struct scan *s, const struct sl_intern *wanted, struct sl_prescan *out)
{
    struct closure c = {.s = s};
    prepare_arrays(s->cx);
    index_definitions(&c);
    if (s->missing.len)
        sl_ps_excuse_missing(s, &c.macros);
    add_roots(&c);
    close_names(&c);
    if (!s->why)
        out->reaches = reaches_wanted(&c, wanted);
    if (!s->why && !out->reaches) {
        for (size_t i = 0; i < c.members.len; i++)
            sl_intern(&out->names, sl_intern_name(&s->cx->names, c.members.items[i]));
        out->prefixes = strings_of(s->cx, &c.prefixes, &out->nprefixes);
        out->suffixes = strings_of(s->cx, &c.suffixes, &out->nsuffixes);
        out->pasting = c.pasting;
    }
    out->known = !s->why;
    free_closure(&c);
}

static void free_scan(struct scan *s)
{
    free_files(s->own.items, s->own.len);
    sl_vec_free(&s->visits);
    sl_vec_free(&s->seen_visit);
    sl_vec_free(&s->edges);
    sl_vec_free(&s->own);
    sl_vec_free(&s->missing);
    sl_vec_free(&s->defined);
    sl_intern_free(&s->seen);
    sl_ps_search_free(&s->search);
}

void sl_prescan_input(struct sl_prescan_cache *c, const struct sl_input *in,
                      const struct sl_intern *wanted, struct sl_prescan *out)
{
    memset(out, 0, sizeof *out);
    if (c->why) {
        out->why = sl_xstrdup(c->why);
        return;
    }
    struct scan s = {.cx = take_context(c), .cache = c};
    sl_ps_search_init(&s.search, (const char *const *)in->args, in->nargs, c->resource_dir,
                      (const char *const *)c->system_dirs);
    if (s.search.why)
        sl_ps_fail(&s, s.search.why, NULL);
    else if (!visit_all(&s, in, wanted))
        out->known = out->reaches = true;
    if (!s.why && !out->reaches)
        collect_names(&s, wanted, out);
    out->why = s.why;
    free_scan(&s);
    give_back(c, s.cx);
}

static void free_strings(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void sl_prescan_free(struct sl_prescan *s)
{
    sl_intern_free(&s->names);
    free_strings(s->prefixes, s->nprefixes);
    free_strings(s->suffixes, s->nsuffixes);
    free(s->why);
    memset(s, 0, sizeof *s);
}

bool sl_prescan_has(const struct sl_prescan *s, const char *name)
{
    return sl_intern_find_n(&s->names, name, strlen(name)) >= 0;
}

static bool in_names(const void *ctx, const char *text, size_t n)
{
    return sl_intern_find_n(&((const struct sl_prescan *)ctx)->names, text, n) >= 0;
}

bool sl_prescan_meets(const struct sl_prescan *s, const char *const *names, size_t n)
{
    struct sl_ps_pastes p = {in_names, s, s->prefixes, s->nprefixes, s->suffixes, s->nsuffixes};
    if (s->pasting)
        return n > 0;
    for (size_t i = 0; i < n; i++)
        if (sl_ps_formable(&p, names[i]))
            return true;
    return false;
}
