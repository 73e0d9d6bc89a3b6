/*
 * prescan_search.h: what one input's compiler arguments tell the scan
 * before parsing (prescan.h): the include search list as clang builds it
 * (-iquote dirs for "..." only, then -I, -isystem, the resource directory's
 * include/, the system directories, -idirafter; missing directories dropped,
 * duplicates removed as clang does, a user directory giving way to the same
 * directory later listed as a system one), the forced includes (-include,
 * -imacros), the text of the -D definitions and whether trigraphs may be on.
 * Flags that change the search in a way it does not model make the input
 * one to parse (`why`).
 */
#ifndef SL_PRESCAN_SEARCH_H
#define SL_PRESCAN_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct sl_ps_dir {
    char *path;
    bool system;
};

typedef SL_VEC(char *) sl_ps_strings;

struct sl_ps_search {
    SL_VEC(struct sl_ps_dir) dirs; /* "..." searches from 0, <...> from `angled` */
    sl_ps_strings absent;          /* directories given (or implied) that do not exist now, so
                                      clang ignores them: a header made there later is found */
    size_t angled;
    sl_ps_strings forced;          /* -include and -imacros operands, in order */
    sl_ps_strings defines;         /* -D operands: NAME, NAME=VALUE, NAME(ARGS)=BODY */
    sl_ps_strings undefines;       /* -U operands */
    bool trigraphs;                /* some flag may turn trigraphs on */
    bool language_given;           /* -x c: whatever the file's name, it is C */
    bool predefines_changed;       /* a flag that may predefine other macros (-march, ...) */
    const char *why;               /* NULL, or the flag the scan cannot follow */
};

/* Reads args (as sl_tu_parse gets them, after its -resource-dir, which
 * they may override). system_dirs: the directories searched after the
 * resource directory, NULL-terminated. */
void sl_ps_search_init(struct sl_ps_search *s, const char *const *args, int nargs,
                       const char *resource_dir, const char *const *system_dirs);
void sl_ps_search_free(struct sl_ps_search *s);

/* The directories clang searches after the resource directory
 * (SL_CLANG_SYSTEM_DIRS, CMakeLists.txt), NULL-terminated and empty when
 * no clang was found at build time; freed with sl_ps_system_dirs_free. */
char **sl_ps_system_dirs(void);
void sl_ps_system_dirs_free(char **dirs);

/* NULL when the flags and system_dirs tell the whole search list, else why
 * not: the system directories are unknown, or CPATH / C_INCLUDE_PATH add
 * directories of their own. */
const char *sl_ps_search_unknowable(const char *const *system_dirs);

#endif
