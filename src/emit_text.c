/*
 * emit_text.c: the gcc/clang-style text emitter (emit.h). Every line has the
 * shape `where: level: message[ [tag]]` that Vim's errorformat, VS Code's
 * $gcc matcher and nvim-lint parse: `where` is `path:line:col` (byte
 * columns, as clang prints them), `level` one of error/warning/note. A
 * finding is followed by one `note:` line per code-flow step, leaving out
 * the last step when it merely repeats the finding's own location. Colours
 * copy clang: bold location, magenta warning, red error, cyan note.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "rule.h"
#include "util.h"

#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static const char *level_color(const char *level)
{
    if (strcmp(level, "error") == 0)
        return "\033[1;31m";
    if (strcmp(level, "warning") == 0)
        return "\033[1;35m";
    return "\033[1;36m";
}

/* `where` is a full prefix such as "db.c:3:5" or "sessionlint"; tag may be NULL. */
static void append_line(struct sl_strbuf *sb, bool color, const char *where, const char *level,
                        const char *message, const char *tag)
{
    if (color)
        sl_sb_printf(sb, ANSI_BOLD "%s:" ANSI_RESET " %s%s:" ANSI_RESET " %s", where,
                     level_color(level), level, message);
    else
        sl_sb_printf(sb, "%s: %s: %s", where, level, message);
    if (tag)
        sl_sb_printf(sb, " [%s]", tag);
    sl_sb_append(sb, "\n");
}

/* "path:line:col", dropping the parts that are unknown (0). */
static char *format_where(const struct sl_loc *loc)
{
    if (loc->line == 0)
        return sl_xstrdup(loc->file);
    if (loc->col == 0)
        return sl_xasprintf("%s:%u", loc->file, loc->line);
    return sl_xasprintf("%s:%u:%u", loc->file, loc->line, loc->col);
}

static bool same_start(const struct sl_loc *a, const struct sl_loc *b)
{
    return a->line == b->line && a->col == b->col && a->file && b->file &&
           strcmp(a->file, b->file) == 0;
}

struct sl_loc sl_step_loc(const struct sl_finding *f, const struct sl_step *step)
{
    struct sl_loc loc = step->loc;
    if (!loc.file)
        loc.file = f->loc.file;
    return loc;
}

static void append_step(struct sl_strbuf *sb, bool color, const struct sl_finding *f,
                        const struct sl_step *step)
{
    struct sl_loc loc = sl_step_loc(f, step);
    char *where = format_where(&loc);
    append_line(sb, color, where, "note", step->message, NULL);
    free(where);
}

static void append_finding(struct sl_strbuf *sb, bool color, const struct sl_finding *f)
{
    const struct sl_rule *rule = sl_rules[f->rule];
    char *where = format_where(&f->loc);
    append_line(sb, color, where, sl_finding_level(f), f->message, rule->name);
    free(where);

    size_t nsteps = f->nsteps;
    if (nsteps && same_start(&f->steps[nsteps - 1].loc, &f->loc))
        nsteps--;
    for (size_t i = 0; i < nsteps; i++)
        append_step(sb, color, f, &f->steps[i]);
}

char *sl_emit_text_findings(const struct sl_report *r, bool color)
{
    struct sl_strbuf sb = {0};
    for (size_t i = 0; i < r->nfindings; i++)
        append_finding(&sb, color, &r->findings[i]);
    return sl_sb_take(&sb);
}

const char *sl_note_level_name(enum sl_note_level level)
{
    switch (level) {
    case SL_NOTE_ERROR:
        return "error";
    case SL_NOTE_WARNING:
        return "warning";
    case SL_NOTE_INFO:
        break;
    }
    return "note";
}

static void append_note(struct sl_strbuf *sb, bool color, const struct sl_notification *n)
{
    const char *level = sl_note_level_name(n->level);
    if (!n->loc.file) {
        append_line(sb, color, "sessionlint", level, n->message, NULL);
        return;
    }
    char *where = format_where(&n->loc);
    char *tag = sl_xasprintf("sessionlint-%s", n->id);
    append_line(sb, color, where, level, n->message, tag);
    free(tag);
    free(where);
}

char *sl_emit_text_notes(const struct sl_report *r, bool color)
{
    struct sl_strbuf sb = {0};
    for (size_t i = 0; i < r->nnotes; i++)
        append_note(&sb, color, &r->notes[i]);
    return sl_sb_take(&sb);
}
