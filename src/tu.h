/*
 * tu.h: the one place that decides how a file is parsed (flags, resource
 * directory, parse options) and turns libclang errors and error diagnostics
 * into notifications.
 */
#ifndef SL_TU_H
#define SL_TU_H

#include <clang-c/Index.h>

#include "report.h"

/* Builtin-header directory to pass as -resource-dir: override if given, else
 * $SESSIONLINT_RESOURCE_DIR, else the configure-time value, each only if
 * <dir>/include/stddef.h exists; NULL when none is usable (libclang's own
 * guess is used then). */
const char *sl_tu_resource_dir(const char *override);

/* Parses file. Returns NULL on failure (a notification is added and the
 * report marked incomplete). Error diagnostics in a parsed TU are added as
 * notifications too (the TU is still analysed). display_name names the file
 * in notifications. */
CXTranslationUnit sl_tu_parse(CXIndex index, const char *file, const char *display_name,
                              const char *const *args, int nargs, const char *resource_dir,
                              struct CXUnsavedFile *unsaved, unsigned nunsaved,
                              struct sl_report *rep);

#endif
