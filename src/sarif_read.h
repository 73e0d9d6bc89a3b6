/*
 * sarif_read.h: reading a SARIF 2.1.0 log back into plain structs, for the
 * HTML report (report_html.h). Only what a reader of findings needs is kept:
 * each result's rule, level, message, function, primary location and the
 * steps of its first code flow, and each rule's descriptions and help. File
 * locations are resolved to local paths the way SARIF viewers do: a
 * relative URI against its uriBaseId from run.originalUriBaseIds (%SRCROOT%),
 * percent-decoded; when the resolved file does not exist (a log made on
 * another machine), the URI is tried relative to the current directory. The
 * reader accepts any log that has the SARIF shape, not only ours, and says
 * precisely what is wrong with one that does not.
 */
#ifndef SL_SARIF_READ_H
#define SL_SARIF_READ_H

#include <stdbool.h>
#include <stddef.h>

/* A region as the log gives it: 1-based lines and columns (in the log's
 * column unit), end column exclusive; 0 when absent. */
struct sl_sarif_region {
    unsigned line, col, end_line, end_col;
};

/* A place in a file, with an optional message (a code-flow step). */
struct sl_sarif_place {
    char *file;      /* the URI as written, percent-decoded: what the report shows */
    char *path;      /* local path to read the source from; NULL when not found */
    struct sl_sarif_region region;
    char *message;   /* NULL when the location has none */
};

struct sl_sarif_rule {
    char *id;                 /* "session-leak" */
    char *short_description;  /* may be NULL, like the rest */
    char *help_text;
    char *help_markdown;
    char *level;              /* defaultConfiguration.level */
};

struct sl_sarif_result {
    char *rule_id;
    int rule;                 /* index into log->rules, -1 when the log has no such rule */
    char *level;              /* "error", "warning", "note" or "none" */
    char *message;
    char *function;           /* first logical location's name, or NULL */
    struct sl_sarif_place loc;
    struct sl_sarif_place *steps; size_t nsteps; /* codeFlows[0].threadFlows[0], or loc alone */
    bool utf16_columns;       /* columnKind utf16CodeUnits (the default), else code points */
};

struct sl_sarif_log {
    struct sl_sarif_rule *rules;     size_t nrules;
    struct sl_sarif_result *results; size_t nresults;
};

/* Parses a SARIF log. Returns 0, or -1 with *error set to a malloc'd
 * one-line message ("not JSON: ... at line 3", "runs[0].results[2]: no
 * ruleId", ...; caller frees); log must be freed with sl_sarif_log_free
 * either way. */
int sl_sarif_read(const char *text, struct sl_sarif_log *log, char **error);
void sl_sarif_log_free(struct sl_sarif_log *log);

/* Percent-decodes a URI path ("a%20b.c" -> "a b.c"); a malformed escape is
 * kept as written. Caller frees. */
char *sl_uri_decode(const char *uri);

#endif
