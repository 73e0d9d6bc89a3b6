/*
 * fuzz_config.c: libFuzzer target for the configuration loader. Each input
 * is written as a .sessionlint.json into a scratch directory and loaded the
 * way --config-file loads it; a loaded config is asked about a file (its
 * include/exclude globs run) and dumped back to text. A rejected input must
 * say why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "fuzz_common.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = sl_xasprintf("%s/%s", fuzz_scratch_dir(), SL_CONFIG_FILE_NAME);
    char *file = sl_xasprintf("%s/src/db.c", fuzz_scratch_dir());
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    struct sl_configs set;
    char *error = NULL;
    if (sl_configs_init(&set, SL_CONFIG_FIXED, path, &error) < 0) {
        if (!error)
            abort(); /* a refused config always says why */
    } else {
        const struct sl_config *c = sl_configs_for(&set, file, &error);
        if (c) {
            sl_config_wants(c, file);
            free(sl_config_dump(c, c->rules, c->header_filter));
        } else if (!error) {
            abort();
        }
    }
    sl_configs_free(&set);
    free(error);
    unlink(path);
    free(path);
    free(file);
    return 0;
}
