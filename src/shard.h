/*
 * shard.h: --shard K/N, one of N machines' share of the files. The
 * collected inputs are sorted by absolute path and the file of rank r goes
 * to shard r mod N + 1, so every machine computes the same split from the
 * same command line whatever order the files were found in, and each
 * directory is spread across the shards. `sessionlint merge` (merge.h)
 * puts the shards' logs back together.
 */
#ifndef SL_SHARD_H
#define SL_SHARD_H

#include "inputs.h"

/* Parses "K/N" (1 <= K <= N <= 100000, decimal). Returns 0 or -1. */
int sl_shard_parse(const char *text, unsigned *index, unsigned *count);

/* Keeps only shard index of count in inputs; the rest moves to *others
 * (still summarised in pass 1, xtu.h), or is freed when others is NULL. */
void sl_shard_select(struct sl_inputs *inputs, unsigned index, unsigned count,
                     struct sl_inputs *others);

#endif
