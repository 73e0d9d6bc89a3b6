/*
 * tu.c: the one place that decides how a file is parsed: which builtin-header
 * directory libclang gets (the "stddef.h not found" pitfall of relocated or
 * packaged libclang builds: we pass -resource-dir explicitly, before the
 * user's arguments so theirs wins), which parse options are used, and how
 * libclang failures and error diagnostics become notifications.
 */
#include "tu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigstack.h"
#include "util.h"

#define MAX_ERRORS_SHOWN 3

static bool has_builtin_headers(const char *dir)
{
    if (!dir || !*dir)
        return false;
    char *probe = sl_xasprintf("%s/include/stddef.h", dir);
    bool ok = access(probe, R_OK) == 0;
    free(probe);
    return ok;
}

const char *sl_tu_resource_dir(const char *override)
{
    const char *candidates[] = {override, getenv("SESSIONLINT_RESOURCE_DIR"),
                                SL_CLANG_RESOURCE_DIR};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (has_builtin_headers(candidates[i]))
            return candidates[i];
    return NULL;
}

static const char *error_text(enum CXErrorCode e)
{
    switch (e) {
    case CXError_Crashed:
        return "libclang crashed while parsing it";
    case CXError_InvalidArguments:
        return "libclang rejected the compiler arguments";
    case CXError_ASTReadError:
        return "libclang could not read it";
    default:
        return "libclang could not parse it";
    }
}

static void add_diagnostics(CXTranslationUnit tu, const char *file, const char *display,
                            struct sl_report *rep)
{
    unsigned n = clang_getNumDiagnostics(tu), errors = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error && errors++ < MAX_ERRORS_SHOWN) {
            CXFile f;
            unsigned line, col;
            clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, &line, &col, NULL);
            CXString fname = clang_getFileName(f);
            CXString text = clang_getDiagnosticSpelling(d);
            const char *where = clang_getCString(fname);
            bool main_file = where && strcmp(where, file) == 0;
            char *msg = sl_xasprintf("parse error: %s", clang_getCString(text));
            sl_report_add_note(rep, SL_NOTE_ERROR, "parse-error",
                               main_file || !where || !*where ? display : where, line, col, msg);
            free(msg);
            clang_disposeString(text);
            clang_disposeString(fname);
        }
        clang_disposeDiagnostic(d);
    }
    if (errors > MAX_ERRORS_SHOWN) {
        char *msg = sl_xasprintf("%u more parse errors; the analysis of this file may be "
                                 "incomplete", errors - MAX_ERRORS_SHOWN);
        sl_report_add_note(rep, SL_NOTE_ERROR, "parse-error", display, 0, 0, msg);
        free(msg);
    }
}

static bool readable(const char *file, struct sl_report *rep, const char *display)
{
    FILE *f = fopen(file, "rb");
    if (f) {
        fclose(f);
        return true;
    }
    char *msg = sl_xasprintf("cannot read '%s': %s", display, strerror(errno));
    sl_report_add_note(rep, SL_NOTE_ERROR, "file-unreadable", display, 0, 0, msg);
    free(msg);
    return false;
}

struct parse_call {
    CXIndex index;
    const char *file;
    const char *const *argv;
    int argc;
    struct CXUnsavedFile *unsaved;
    unsigned nunsaved, options;
    CXTranslationUnit tu;
    enum CXErrorCode err;
};

static void parse_on_this_thread(void *p)
{
    struct parse_call *c = p;
    c->err = clang_parseTranslationUnit2(c->index, c->file, c->argv, c->argc, c->unsaved,
                                         c->nunsaved, c->options, &c->tu);
}

/* Parsed on a large stack (bigstack.h): deeply nested expressions recurse. */
CXTranslationUnit sl_tu_parse(CXIndex index, const char *file, const char *display_name,
                              const char *const *args, int nargs, const char *resource_dir,
                              struct CXUnsavedFile *unsaved, unsigned nunsaved,
                              struct sl_report *rep)
{
    const char *display = display_name ? display_name : file;
    if (!nunsaved && !readable(file, rep, display))
        return NULL;
    const char *dir = sl_tu_resource_dir(resource_dir);
    int total = nargs + (dir ? 2 : 0);
    const char **argv = sl_xcalloc((size_t)total + 1, sizeof *argv);
    int k = 0;
    if (dir) {
        argv[k++] = "-resource-dir";
        argv[k++] = dir;
    }
    for (int i = 0; i < nargs; i++)
        argv[k++] = args[i];
    unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    struct parse_call call = {index, file, argv, total, unsaved, nunsaved, options, NULL,
                              CXError_Failure};
    sl_bigstack_call(parse_on_this_thread, &call);
    CXTranslationUnit tu = call.tu;
    enum CXErrorCode err = call.err;
    free(argv);
    if (err != CXError_Success || !tu) {
        char *msg = sl_xasprintf("cannot analyse '%s': %s", display, error_text(err));
        sl_report_add_note(rep, SL_NOTE_ERROR,
                           err == CXError_Crashed ? "libclang-crash" : "parse-failed", display, 0,
                           0, msg);
        free(msg);
        return NULL;
    }
    add_diagnostics(tu, file, display, rep);
    return tu;
}
