/*
 * analyze.h: the analysis of one translation unit, end to end: parse with
 * libclang (tu.c), summarise the functions defined in it (callees first),
 * build each function's CFG, run the typestate engine with the enabled rules,
 * and add findings and notifications to a report. This is the whole interface
 * the CLI needs; it never prints.
 */
#ifndef SL_ANALYZE_H
#define SL_ANALYZE_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "report.h"
#include "rule.h"

struct sl_trace;
struct sl_pooling;

struct sl_options {
    const struct sl_model *model;      /* shipped + user models, loaded */
    bool enabled[SL_RULE_COUNT];       /* rules to report */
    const char *resource_dir;          /* override of the builtin-header dir, or NULL */
    unsigned max_states;               /* per program point before joining; 0 = default */
    unsigned long max_steps;           /* block visits per function; 0 = default */
    double timeout;                    /* seconds per file after parsing (--timeout); 0 = none */
    bool include_headers;              /* report findings in functions defined in headers */
    const struct sl_pooling *pooling;  /* engine.h: pooled connections, or NULL */
    struct sl_trace *trace;            /* trace.h: record the engine's states for ... */
    const char *trace_function;        /* ... the function of this name (both NULL normally) */
    const struct sl_model *global_summaries; /* other files' functions (xtu.h), or NULL */
};

void sl_options_init(struct sl_options *o, const struct sl_model *model);

/*
 * Analyses `file` compiled with `args` (compiler arguments only: no argv[0],
 * no -c/-o, no source file name; relative paths already made absolute).
 * unsaved_contents (may be NULL) replaces the file's contents on disk
 * (editors, --stdin-filename). display_name (may be NULL) is the path used
 * in reports instead of `file`. Returns 0 when the file was analysed (even
 * with findings), -1 when it could not be (a notification says why and the
 * report is marked incomplete). `index` is used by one thread at a time.
 */
int sl_analyze_file(const struct sl_options *opts, CXIndex index, const char *file,
                    const char *display_name, const char *const *args, int nargs,
                    const char *unsaved_contents, size_t unsaved_len, struct sl_report *out);

/* The analysis of a translation unit already parsed with sl_tu_parse:
 * sl_analyze_file minus the parse, for drivers that need the TU for more
 * (parallel.c: the pre-filter, the cache's list of included files). */
void sl_analyze_parsed(const struct sl_options *opts, CXTranslationUnit tu, const char *file,
                       const char *display_name, struct sl_report *out);

/* sl_analyze_parsed that also adds the summaries of the TU's functions to
 * `summaries` (initialised by the caller): pass 1 of a multi-file run
 * (xtu.h) checks a file and summarises it in one go. */
void sl_analyze_parsed_summarising(const struct sl_options *opts, CXTranslationUnit tu,
                                   const char *file, const char *display_name,
                                   struct sl_report *out, struct sl_model *summaries);

/* Pass 1 of a multi-file run (xtu.h) for a file it does not check:
 * analyses the functions of a parsed TU only to summarise them; adds their
 * summaries to `summaries` (initialised by the caller). Findings and notes
 * are dropped. */
void sl_analyze_summarise(const struct sl_options *opts, CXTranslationUnit tu, const char *file,
                          struct sl_model *summaries);

#endif
