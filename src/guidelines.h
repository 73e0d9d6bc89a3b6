/*
 * guidelines.h: the session-usage guidelines (docs/guidelines.md), embedded
 * in the binary at build time, and the lookup of one rule's section in them.
 * `sessionlint explain RULE` prints that section after the rule's metadata,
 * so the command and the document say the same thing.
 */
#ifndef SL_GUIDELINES_H
#define SL_GUIDELINES_H

/* The body of the section headed `## NAME` (or `## NAME ...`) in `lines`:
 * the lines after the heading up to the next `## ` heading outside a fenced
 * code block, joined with newlines and without the blank lines at either
 * end; NULL when there is no such section. Caller frees. */
char *sl_markdown_section(const char *const *lines, unsigned count, const char *name);

/* The rule's section of the embedded docs/guidelines.md, or NULL. Caller frees. */
char *sl_guidelines_section(const char *rule_name);

#endif
