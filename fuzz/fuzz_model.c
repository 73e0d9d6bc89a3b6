/*
 * fuzz_model.c: libFuzzer target for the API model loader. Each input is
 * loaded into an empty model, then on top of the shipped SQLite model (so
 * "override" and duplicate-name paths are reached too).
 * A rejected input must come back with a "name:line:col: message" error.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "util.h"

static void load_once(struct sl_model *m, const uint8_t *data, size_t size)
{
    struct sl_model_error err = {0};
    if (sl_model_load_buffer(m, "fuzz.json", (const char *)data, size, &err) < 0) {
        if (!err.text || strncmp(err.text, "fuzz.json:", 10) != 0)
            abort(); /* every rejection names the file and a position */
        free(err.text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *base;
    static size_t base_len;
    if (!base && !(base = sl_read_file(SL_SOURCE_DIR "/rules/models/sqlite3.json", &base_len)))
        abort();
    struct sl_model empty, layered;
    sl_model_init(&empty);
    load_once(&empty, data, size);
    sl_model_free(&empty);

    struct sl_model_error err = {0};
    sl_model_init(&layered);
    if (sl_model_load_buffer(&layered, "sqlite3.json", base, base_len, &err) < 0)
        abort();
    load_once(&layered, data, size);
    sl_model_find_func(&layered, "sqlite3_open");
    sl_model_kind_for_type(&layered, "const sqlite3 *");
    sl_model_free(&layered);
    return 0;
}
