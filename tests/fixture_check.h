/*
 * fixture_check.h: the fixture driver's shared parts, used by test_fixtures.c
 * (the files under fixtures/) and test_guidelines.c (the code blocks of
 * docs/guidelines.md). It parses inline expectations (`// expect: rule`,
 * `// expect@+N: rule`, `// expect-none`, see fixtures/README.md) and the
 * finding lines of the text output into multisets of (file, line, rule),
 * diffs two such multisets, and runs the compiler and the real binary with
 * the fixtures' compiler flags.
 */
#ifndef SL_FIXTURE_CHECK_H
#define SL_FIXTURE_CHECK_H

#include <criterion/parameterized.h>
#include <stdbool.h>

#include "testutil.h"
#include "util.h"

/* An annotated or reported (file, line, rule). */
struct fc_mark {
    char *file;   /* the label the caller chose for the source */
    unsigned line;
    char *rule;
    char *text;   /* the output line that reported it (findings only) */
};

struct fc_marks {
    struct fc_mark *items;
    size_t len, cap;
};

void fc_free_marks(struct fc_marks *m);

struct fc_annotations {
    struct fc_marks expected;
    bool expect_none;
    struct sl_strbuf errors; /* malformed annotations, one per line */
};

/* Reads every annotation in `source`, filed under `label`. */
void fc_parse_annotations(struct fc_annotations *a, const char *label, const char *source);
void fc_free_annotations(struct fc_annotations *a);
/* Criterion expectations: well-formed, and either `// expect:` or `// expect-none`. */
void fc_check_annotations(const struct fc_annotations *a, const char *label);

/* Adds every finding line of `out` to found. Findings in `file` are filed
 * under `label` so they compare with the annotations; others keep their path.
 * `file` may be NULL. */
void fc_parse_findings(struct fc_marks *found, const char *out, const char *file,
                       const char *label);
/* Lists every missing and every unexpected finding; NULL when the multisets
 * are equal. Sorts both. Caller frees. */
char *fc_diff_marks(struct fc_marks *expected, struct fc_marks *found);

/* One parameterized test's input, in Criterion's shared memory (cr_malloc). */
struct fc_param {
    char *text;    /* a fixture's path, or a code block's source */
    char *cflags;  /* compiler flags (pkg-config output) */
    unsigned line; /* where the text starts in its document (code blocks), else 0 */
};

/* Fills *p with shared-memory copies of text and cflags. */
void fc_param_init(struct fc_param *p, const char *text, const char *cflags, unsigned line);
/* Frees a cr_make_param_array of struct fc_param. */
void fc_free_params(struct criterion_test_params *crp);

/* Path of `abs` for messages: relative to the source tree when inside it. */
const char *fc_relative_path(const char *abs);
/* `pkg-config --cflags` of the fixtures' APIs, or a fallback. Caller frees. */
char *fc_cflags(void);
/* The words after `// sessionlint-options:` in a source, or NULL. Caller frees. */
char *fc_options(const char *source);
/* sessionlint --format FORMAT [OPTIONS] [-o OUTPUT] INPUT -- CFLAGS */
void fc_run_sessionlint(struct sl_run *r, const char *format, const char *options,
                        const char *output, const char *input, const char *cflags);
/* cc -std=c11 -fsyntax-only CFLAGS FILE */
void fc_run_compiler(struct sl_run *r, const char *file, const char *cflags);

/* Whether `source` says it needs a newer libclang than this build's
 * (`// sessionlint-requires: libclang-17`, see fixtures/README.md). */
bool fc_libclang_too_old_for(const char *source);
/* Criterion expectations: `file` compiles with `cc -std=c11 -fsyntax-only CFLAGS`. */
void fc_check_compiles(const char *file, const char *cflags, const char *label);
/* Criterion expectations for one fixture: `source` (the text of `file`) has
 * well-formed annotations, and `sessionlint --format text` on `file` reports
 * exactly them and exits 1 with findings, 0 without. Annotations and findings
 * are filed under `where` (the path the diff shows); messages start with `label`. */
void fc_check_fixture(const char *file, const char *source, const char *cflags, const char *label,
                      const char *where);

#endif
