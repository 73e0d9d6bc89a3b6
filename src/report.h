/*
 * report.h: what an analysis produces, independent of output format:
 * findings (a rule fired, with the path that leads to it) and notifications
 * (a file could not be parsed, a budget ran out). The driver collects them
 * from every translation unit; sl_report_finish sorts and de-duplicates so
 * output is deterministic; the emitters (emit_text.c, emit_sarif.c) print them.
 */
#ifndef SL_REPORT_H
#define SL_REPORT_H

#include <stdbool.h>
#include <stddef.h>

/* A place in a file. Lines and columns are 1-based; columns count bytes
 * (emitters convert to UTF-16 for SARIF). end_col is exclusive. */
struct sl_loc {
    char *file;          /* path as the user gave it / as in compile_commands.json */
    unsigned line, col, end_line, end_col;
};

/* One step of the path to a finding, or a related location. */
struct sl_step {
    struct sl_loc loc;
    char *message;       /* "'db' acquired here", "taking true branch", ... */
};

/* A mechanical fix: replace the text of `loc` with `replacement`. */
struct sl_fix {
    struct sl_loc loc;
    char *replacement;
    char *description;   /* the quick-fix title: "Pass ih_lease_session(lease)" */
};

/* Where a finding stands against a baseline (--baseline). */
enum sl_baseline_state { SL_BASELINE_NONE, SL_BASELINE_NEW, SL_BASELINE_UNCHANGED };

struct sl_finding {
    int rule;            /* index into sl_rules[] (rule.h) */
    struct sl_loc loc;
    char *message;       /* without the trailing " [rule-name]" (emitters add it) */
    char *function;      /* enclosing function name */
    char *handle;        /* access path of the handle ("db", "s->db"), may be NULL */
    struct sl_step *steps;   size_t nsteps;    /* code flow, in order; last = the finding */
    struct sl_step *related; size_t nrelated;  /* acquired here / begun here */
    bool low_confidence; /* rests on a guessed summary */
    struct sl_fix *fix;  /* optional, owned */
    const char *level;   /* "error"/"warning"/"note" set by configuration (static
                            string), or NULL for the rule's default level */
    bool suppressed;     /* matched an inline NOLINT comment (suppress.h) */
    enum sl_baseline_state baseline;
};

enum sl_note_level { SL_NOTE_ERROR, SL_NOTE_WARNING, SL_NOTE_INFO };

struct sl_notification {
    enum sl_note_level level;
    char *id;            /* stable id: "parse-error", "file-unreadable", "no-compile-command", ... */
    char *message;
    struct sl_loc loc;   /* file may be NULL */
};

struct sl_report {
    struct sl_finding *findings;      size_t nfindings, capfindings;
    struct sl_notification *notes;    size_t nnotes, capnotes;
    size_t files_analyzed;
    bool incomplete;     /* something was not analysed: exit code 3 */
};

void sl_report_init(struct sl_report *r);
void sl_report_free(struct sl_report *r);
/* Takes ownership of f's strings and arrays (f itself is copied). */
void sl_report_add_finding(struct sl_report *r, struct sl_finding *f);
/* Copies the strings. file may be NULL; line/col 0 when unknown. Marks the
 * report incomplete when level is SL_NOTE_ERROR. */
void sl_report_add_note(struct sl_report *r, enum sl_note_level level, const char *id,
                        const char *file, unsigned line, unsigned col, const char *message);
/* Moves everything from src into dst (src is left empty). */
void sl_report_merge(struct sl_report *dst, struct sl_report *src);
/* Sorts findings by file, line, column, rule, message and drops exact
 * duplicates; sorts notifications likewise. */
void sl_report_finish(struct sl_report *r);

void sl_finding_free(struct sl_finding *f);
/* Attaches a fix replacing the finding's own region with `replacement`. */
void sl_finding_set_fix(struct sl_finding *f, const char *replacement, const char *description);
/* The finding's level: its configured one, else its rule's default. */
const char *sl_finding_level(const struct sl_finding *f);
void sl_loc_free(struct sl_loc *l);

#endif
