/*
 * pooling.c: parses --pooled specifications into struct sl_pooling
 * (pooling.h).
 */
#include "pooling.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const prefixes[] = {"api:", "function:", "conninfo:"};

/* Index of the spec's prefix in prefixes[], or -1; *value is what follows. */
static int classify(const char *spec, const char **value)
{
    for (int i = 0; i < 3; i++)
        if (sl_str_starts_with(spec, prefixes[i]) && spec[strlen(prefixes[i])]) {
            *value = spec + strlen(prefixes[i]);
            return i;
        }
    return -1;
}

int sl_pooling_check(const char *spec, char **error)
{
    const char *value;
    if (classify(spec, &value) >= 0)
        return 0;
    *error = sl_xasprintf("invalid --pooled '%s' (expected api:NAME, function:NAME or "
                          "conninfo:TEXT)", spec);
    return -1;
}

void sl_pooling_build(struct sl_pooling_lists *out, const char *const *specs, size_t n)
{
    memset(out, 0, sizeof *out);
    const char **lists[3];
    size_t counts[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++)
        lists[i] = sl_xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        const char *value;
        int which = classify(specs[i], &value);
        if (which >= 0)
            lists[which][counts[which]++] = value;
    }
    out->apis = lists[0];
    out->functions = lists[1];
    out->conninfo = lists[2];
    out->view = (struct sl_pooling){out->apis, counts[0], out->functions, counts[1],
                                    out->conninfo, counts[2]};
}

void sl_pooling_free(struct sl_pooling_lists *lists)
{
    free(lists->apis);
    free(lists->functions);
    free(lists->conninfo);
    memset(lists, 0, sizeof *lists);
}
