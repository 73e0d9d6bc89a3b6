/*
 * guidelines.c: finds a rule's section in the session-usage guidelines. The
 * guidelines are docs/guidelines.md, turned into an array of lines at build
 * time by cmake/embed-text.cmake (guidelines_text.h in the build tree), so
 * the installed binary needs no documentation files. A section runs from its
 * `## NAME` heading to the next level-2 heading; headings inside fenced code
 * blocks do not count, since a code example may hold any text.
 */
#include <stdbool.h>
#include <string.h>

#include "guidelines.h"
#include "guidelines_text.h"
#include "util.h"

static bool is_fence(const char *line)
{
    return sl_str_starts_with(line, "```");
}

static bool is_level2_heading(const char *line)
{
    return sl_str_starts_with(line, "## ");
}

static bool is_heading_of(const char *line, const char *name)
{
    if (!is_level2_heading(line))
        return false;
    const char *rest = line + 3;
    size_t n = strlen(name);
    return strncmp(rest, name, n) == 0 && (rest[n] == '\0' || rest[n] == ' ');
}

static bool is_blank(const char *line)
{
    return line[strspn(line, " \t")] == '\0';
}

/* Index of the heading of `name`'s section, or `count` when there is none. */
static unsigned find_heading(const char *const *lines, unsigned count, const char *name)
{
    bool in_code = false;
    for (unsigned i = 0; i < count; i++) {
        if (is_fence(lines[i]))
            in_code = !in_code;
        else if (!in_code && is_heading_of(lines[i], name))
            return i;
    }
    return count;
}

/* Index of the first line after `start` that ends the section. */
static unsigned find_section_end(const char *const *lines, unsigned count, unsigned start)
{
    bool in_code = false;
    for (unsigned i = start; i < count; i++) {
        if (is_fence(lines[i]))
            in_code = !in_code;
        else if (!in_code && is_level2_heading(lines[i]))
            return i;
    }
    return count;
}

char *sl_markdown_section(const char *const *lines, unsigned count, const char *name)
{
    unsigned heading = find_heading(lines, count, name);
    if (heading == count)
        return NULL;
    unsigned first = heading + 1, end = find_section_end(lines, count, first);
    while (first < end && is_blank(lines[first]))
        first++;
    while (end > first && is_blank(lines[end - 1]))
        end--;
    struct sl_strbuf sb = {0};
    for (unsigned i = first; i < end; i++) {
        sl_sb_append(&sb, lines[i]);
        sl_sb_append(&sb, "\n");
    }
    return sl_sb_take(&sb);
}

char *sl_guidelines_section(const char *rule_name)
{
    return sl_markdown_section(sl_guidelines_lines, sl_guidelines_lines_count, rule_name);
}
