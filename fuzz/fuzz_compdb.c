/*
 * fuzz_compdb.c: libFuzzer target for the compile-commands reader. Each
 * input is written as compile_commands.json into a scratch directory and
 * read the way `sessionlint -p DIR` reads it (libclang's JSON reader, then
 * our cleaning of every command, path normalisation and the lookup of each
 * listed file); the collected inputs and notifications are then dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "inputs.h"
#include "report.h"
#include "util.h"

static void write_database(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_scratch_dir();
    char *db = sl_xasprintf("%s/compile_commands.json", dir);
    static const char *const extra[] = {"-DFUZZ"};
    struct sl_input_request req = {.build_dir = dir, .extra_args = extra, .nextra = 1};
    struct sl_inputs inputs = {0};
    struct sl_report report;
    char *error = NULL;
    write_database(db, data, size);
    sl_report_init(&report);
    if (sl_inputs_collect(&req, &inputs, &report, &error) < 0 && !error)
        abort(); /* a refused database always says why */
    free(error);
    sl_inputs_free(&inputs);
    sl_report_free(&report);
    unlink(db);
    free(db);
    return 0;
}
