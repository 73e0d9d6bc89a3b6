/*
 * shard.c: --shard K/N (shard.h). The split ranks files by their absolute
 * path, the one name that does not depend on how the PATH operands were
 * spelt, with the display name as a tie-break.
 */
#include "shard.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_SHARDS 100000

static int parse_number(const char *s, size_t len, unsigned *out)
{
    unsigned long v = 0;
    if (len == 0 || len > 6)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    *out = (unsigned)v;
    return 0;
}

int sl_shard_parse(const char *text, unsigned *index, unsigned *count)
{
    const char *slash = strchr(text, '/');
    if (!slash || parse_number(text, (size_t)(slash - text), index) < 0 ||
        parse_number(slash + 1, strlen(slash + 1), count) < 0)
        return -1;
    return *index >= 1 && *count <= MAX_SHARDS && *index <= *count ? 0 : -1;
}

static int cmp_input(const void *pa, const void *pb)
{
    const struct sl_input *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    return c ? c : strcmp(a->display_name, b->display_name);
}

void sl_shard_select(struct sl_inputs *inputs, unsigned index, unsigned count,
                     struct sl_inputs *others)
{
    struct sl_inputs kept = {0}, dropped = {0};
    if (inputs->len)
        qsort(inputs->items, inputs->len, sizeof *inputs->items, cmp_input);
    for (size_t rank = 0; rank < inputs->len; rank++) {
        if (rank % count == index - 1)
            sl_vec_push(&kept, inputs->items[rank]);
        else
            sl_vec_push(&dropped, inputs->items[rank]);
    }
    sl_vec_free(inputs);
    if (others)
        *others = dropped;
    else
        sl_inputs_free(&dropped);
    *inputs = kept;
}
