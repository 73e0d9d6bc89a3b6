/*
 * trace.h: the engine's view of one function, for people and tools
 * (`sessionlint trace FILE:FUNCTION`). While the engine runs, the trace
 * records after every statement the distinct states of every tracked handle
 * over all paths that reached it, and at every block how many states
 * arrived and whether the cap forced a join. Rendered as text or JSON in
 * CFG order, so a user can see why a finding appeared or did not, and a
 * model author can check what a model makes of a call.
 */
#ifndef SL_TRACE_H
#define SL_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze.h"
#include "cfg.h"

struct sl_trace;
struct sl_state;
struct sl_check;

struct sl_trace *sl_trace_new(void);
void sl_trace_free(struct sl_trace *t);

/* Engine side: a state reached block `block` (joined: the cap merged it). */
void sl_trace_block(struct sl_trace *t, int block, bool joined);
/* Engine side: the state after item `item` of block `block` on one path;
 * item SL_TRACE_ENTRY is the state as the path enters the block. */
#define SL_TRACE_ENTRY ((size_t)-1)
void sl_trace_item(struct sl_trace *t, const struct sl_check *c, int block, size_t item,
                   const struct sl_state *st);
/* Engine side: the function's analysis is over; renders while the CFG and
 * cursors are still alive. */
void sl_trace_finish(struct sl_trace *t, const struct sl_check *c, const struct sl_cfg *cfg);

/* The rendered trace (after sl_trace_finish), NULL before. */
const char *sl_trace_text(const struct sl_trace *t);
const char *sl_trace_json(const struct sl_trace *t);

/*
 * Parses `file` with `args` and traces the function named `function`.
 * Writes the text (json: the JSON) rendering to *out (caller frees).
 * Returns 0, 2 when the function is not defined in the file (message in
 * *out), 3 when the file could not be parsed (notifications in report).
 */
int sl_trace_function(const struct sl_options *opts, CXIndex index, const char *file,
                      const char *const *args, int nargs, const char *function, bool json,
                      char **out, struct sl_report *report);

#endif
