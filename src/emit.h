/*
 * emit.h: turning a finished report (report.h) into output text. Text is
 * gcc/clang style, one `path:line:col: level: message [rule-name]` line per
 * finding plus `note:` lines for the path that leads to it, so that editors'
 * and CI problem matchers read it with no plugin; SARIF 2.1.0 is for GitHub
 * code scanning and SARIF viewers. Every emitter returns a malloc'd,
 * NUL-terminated string ("" when there is nothing to say) that the caller
 * writes where it likes and frees. Call sl_report_finish first: emitters
 * print in array order.
 */
#ifndef SL_EMIT_H
#define SL_EMIT_H

#include <stdbool.h>

#include "report.h"

/* Findings, one block per finding. color adds clang-like ANSI colours (the
 * CLI asks for them only on a TTY without NO_COLOR). Caller frees. */
char *sl_emit_text_findings(const struct sl_report *r, bool color);

/* Notifications (parse errors, missing compile commands, ...), meant for
 * stderr: `path:line:col: error: message [sessionlint-<id>]`, or
 * `sessionlint: error: message` when no file is known. Caller frees. */
char *sl_emit_text_notes(const struct sl_report *r, bool color);

/* One SARIF 2.1.0 log for the whole run, pretty-printed JSON. srcroot_abs
 * is the absolute directory that relative artifact URIs are relative to
 * (%SRCROOT%, normally the working directory). Source files are read to
 * convert byte columns to UTF-16 and to compute fingerprints. Caller frees. */
char *sl_emit_sarif(const struct sl_report *r, const char *srcroot_abs);

/* Helpers shared by the emitters. */

/* "error", "warning" or "note": the word both text and SARIF use. */
const char *sl_note_level_name(enum sl_note_level level);
/* A step's location, with the finding's file when the step names none. */
struct sl_loc sl_step_loc(const struct sl_finding *f, const struct sl_step *step);

#endif
