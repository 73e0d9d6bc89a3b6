/*
 * prescan_scan.h: the state of one scan before parsing, shared by the two
 * halves of prescan.c's work: visiting an input's files and collecting
 * their names (prescan.c), and judging whether a header that is not found
 * is one clang never looks for (prescan_missing.c). A context is one
 * thread's: its interner, its lexed headers, what stat said of each path,
 * and arrays by name id stamped with the number of the scan they belong to.
 */
#ifndef SL_PRESCAN_SCAN_H
#define SL_PRESCAN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "prescan.h"
#include "prescan_lex.h"
#include "prescan_search.h"
#include "util.h"

enum { SL_PS_PREDEFINED = 1, SL_PS_SURELY_DEFINED = 2 }; /* context.builtin */

struct path_state {
    enum { UNPROBED, MISSING, REGULAR, OTHER } kind;
    dev_t dev;
    ino_t ino;
};

struct context {
    struct sl_intern names;        /* identifiers and pasted affixes */
    struct sl_intern paths;        /* every path probed ... */
    SL_VEC(struct path_state) path_states; /* ... and what stat said, by path id */
    SL_VEC(int) directories;       /* by path id: the path id of its directory, or -1 */
    struct sl_intern header_names; /* every name in an #include ... */
    struct sl_intern places;       /* ... looked for in a directory: "dir:name" ids ... */
    SL_VEC(int) place_paths;       /* ... and the path id it makes */
    struct sl_intern inodes;       /* "dev:ino" of every header lexed ... */
    SL_VEC(struct sl_ps_file *) headers;   /* ... and its lexed text, by inode id */
    int typeof_names[6];
    SL_VEC(unsigned char) builtin; /* by name id: SL_PS_PREDEFINED, SL_PS_SURELY_DEFINED */
    /* by name id, valid where stamped with the current scan's number */
    SL_VEC(unsigned) stamp, undefined;
    SL_VEC(int) macro_head, decl_head;
    unsigned scan;
};

struct visit {
    const struct sl_ps_file *file;
    const char *path;    /* as found (cx->paths' copy): "..." looks first in its directory */
    int where;           /* the path id of that directory */
    int dir;             /* index in the search list it was found in, or -1 */
    bool system;
    bool root;           /* the main file, a -D value, a forced include: nothing defined yet */
};

/* File `to` included by `from` at an #include (NULL: from the command line). */
struct edge {
    size_t from, to;
    const struct sl_ps_include *include;
};

/* An #include that was not found: harmless if clang surely skips it. */
struct missing {
    size_t visit;
    const struct sl_ps_include *include;
};

struct scan {
    struct context *cx;
    const struct sl_prescan_cache *cache;
    struct sl_ps_search search;
    SL_VEC(struct visit) visits;
    struct sl_intern seen;         /* visit keys ... */
    SL_VEC(size_t) seen_visit;     /* ... and the visit of each */
    SL_VEC(struct edge) edges;
    SL_VEC(struct sl_ps_file *) own; /* texts lexed for this input only (main file, -D) */
    SL_VEC(struct missing) missing;
    sl_ps_ids defined;             /* names defined by -D */
    char *why;
};

/* A macro or declaration reached through one of its names; links of one
 * name are chained from cx->macro_head / decl_head (-1 between scans). */
struct link {
    const void *def;
    size_t visit;        /* where it is */
    int next;
};

typedef SL_VEC(struct link) links;

/* Records why the input must be parsed (the first reason only). */
void sl_ps_fail(struct scan *s, const char *what, const char *where);

/* Whether `header` as included from `from` exists (__has_include). */
bool sl_ps_exists(struct scan *s, const struct visit *from, const struct sl_ps_include *header);

bool sl_ps_has(const sl_ps_ids *set, int id);

/* Fails the scan for each header not found whose #include clang may reach
 * (prescan_missing.c). macros: every macro of the visited files, chained by
 * name from s->cx->macro_head. */
void sl_ps_excuse_missing(struct scan *s, const links *macros);

#endif
