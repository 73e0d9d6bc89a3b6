/*
 * fuzz_common.c: helpers shared by the libFuzzer targets (fuzz_common.h).
 * State that is expensive or must outlive one input (models, the scratch
 * directory) is created once per process, as libFuzzer runs every input in
 * the same process.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */

#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static struct sl_model shipped;
static bool shipped_loaded;
static char scratch[64];

static void unload_models(void)
{
    sl_model_free(&shipped);
}

const struct sl_model *fuzz_shipped_models(void)
{
    if (!shipped_loaded) {
        struct sl_model_error err = {0};
        sl_model_init(&shipped);
        if (sl_model_load_dir(&shipped, SL_SOURCE_DIR "/rules/models", &err) < 0) {
            fprintf(stderr, "fuzz: cannot load the shipped models: %s\n", err.text);
            abort();
        }
        shipped_loaded = true;
        atexit(unload_models);
    }
    return &shipped;
}

/* Targets remove their own files after each input, so the directory is
 * empty by now. */
static void remove_scratch(void)
{
    rmdir(scratch);
}

const char *fuzz_scratch_dir(void)
{
    if (!scratch[0]) {
        const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        snprintf(scratch, sizeof scratch, "%.40s/slfuzz-XXXXXX", tmp);
        if (!mkdtemp(scratch)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(remove_scratch);
    }
    return scratch;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = sl_xmalloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
