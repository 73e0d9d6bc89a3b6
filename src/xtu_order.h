/*
 * xtu_order.h: the order in which pass 1 (xtu.h) computes the files it has
 * to parse: the files that define a function come before the files that
 * name it. A textual scan of each file (the lexer of the scan before
 * parsing, prescan_lex.h) lists the functions it defines at file scope and
 * every identifier it contains; a file waits for the files defining one of
 * its identifiers. Of the files that wait for none, the one with the
 * largest file waiting behind it (itself included) goes first, so that a
 * large file does not start last and run alone at the end of a -j run;
 * when all the files left wait, in a cycle, the one most of them wait for
 * goes. The scan is a guess that only orders the work and tells pass 1
 * which files define a name: whether a file's check saw the final
 * summaries is decided exactly after the merge (xtu.c, docs/scaling.md).
 */
#ifndef SL_XTU_ORDER_H
#define SL_XTU_ORDER_H

#include <stddef.h>

#include "inputs.h"
#include "prescan_lex.h"
#include "util.h"

struct sl_xtu_order {
    struct sl_intern names;          /* every identifier of the files scanned */
    SL_VEC(sl_ps_ids) definers;      /* by name id: the inputs (indices) defining it */
    size_t *order;                   /* the inputs scanned, by index, in the order to take */
    size_t len;
};

/* Scans the inputs whose indices are in `which` (n of them) and orders them. */
void sl_xtu_order_scan(struct sl_xtu_order *o, const struct sl_inputs *inputs,
                       const size_t *which, size_t n);

/* Adds input `input` to the definers of `name` (a file not scanned, whose
 * definitions are known otherwise). Not while workers read the table. */
void sl_xtu_order_add_definer(struct sl_xtu_order *o, const char *name, size_t input);

/* The inputs the scan found defining `name` (NULL: none). Safe to call from
 * several threads once the scan is done. */
const sl_ps_ids *sl_xtu_order_definers(const struct sl_xtu_order *o, const char *name);

void sl_xtu_order_free(struct sl_xtu_order *o);

#endif
