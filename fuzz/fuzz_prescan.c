/*
 * fuzz_prescan.c: libFuzzer target for the scan before parsing
 * (src/prescan.h). Each input is written twice into the scratch directory,
 * as main.c and as the header h.h, both an own header (-I) and a system one
 * (-isystem), so whatever the input includes of itself (#include "h.h",
 * <h.h>, #include_next, a cycle) is followed, its macros expanded and its
 * conditions judged; then the input is scanned again as an unsaved buffer.
 * A fresh cache per input: headers are cached by inode, and the files are
 * rewritten in place. Names asked about: a few modelled ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "prefilter.h"
#include "prescan.h"
#include "tu.h"
#include "util.h"

static void write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

static void scan_once(struct sl_prescan_cache *cache, const struct sl_input *in,
                      const struct sl_intern *wanted)
{
    static const char *const names[] = {"sqlite3_close", "FILE", "PQfinish"};
    struct sl_prescan scan;
    sl_prescan_input(cache, in, wanted, &scan);
    if (!scan.known && !scan.why)
        abort(); /* an input to parse always says why */
    if (scan.known && !scan.reaches)
        sl_prescan_meets(&scan, names, sizeof names / sizeof *names);
    sl_prescan_free(&scan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_scratch_dir();
    char *main_c = sl_xasprintf("%s/main.c", dir), *header = sl_xasprintf("%s/h.h", dir);
    char *args[] = {"-I", (char *)dir, "-isystem", (char *)dir, "-DFUZZ=1"};
    struct sl_input in = {.file = main_c, .args = args, .nargs = 5};
    struct sl_intern wanted = {0};
    sl_prefilter_want(&wanted, fuzz_shipped_models());
    write_file(main_c, data, size);
    write_file(header, data, size);
    struct sl_prescan_cache *cache = sl_prescan_cache_new(sl_tu_resource_dir(NULL), false);
    scan_once(cache, &in, &wanted);
    in.unsaved = size ? (const char *)data : "";
    in.unsaved_len = size;
    scan_once(cache, &in, NULL);
    sl_prescan_cache_free(cache);
    sl_intern_free(&wanted);
    unlink(main_c);
    unlink(header);
    free(main_c);
    free(header);
    return 0;
}
