/*
 * fuzz_analyze.c: libFuzzer target for the whole analysis of one C buffer:
 * libclang parses it as an unsaved file (nothing is written to disk), then
 * the CFG builder, the engine, every rule, the summaries and both emitters
 * run on it. Findings and notifications are rendered to text and SARIF so
 * the emitters see whatever the analysis produced.
 */
#include <stdlib.h>

#include <clang-c/Index.h>

#include "analyze.h"
#include "bigstack.h"
#include "emit.h"
#include "fuzz_common.h"
#include "report.h"

static CXIndex fuzz_index;

static void dispose_index(void)
{
    clang_disposeIndex(fuzz_index);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sl_bigstack_configure_libclang(); /* parse on the large stack, as the CLI does */
    fuzz_index = clang_createIndex(0, 0);
    atexit(dispose_index);
    fuzz_shipped_models();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const args[] = {"-I" SL_SOURCE_DIR "/fixtures/include", "-std=gnu11"};
    struct sl_options opts;
    struct sl_report report;
    sl_options_init(&opts, fuzz_shipped_models());
    opts.max_steps = 20000; /* keeps one input fast; the budget path is fuzzed too */
    sl_report_init(&report);
    sl_analyze_file(&opts, fuzz_index, "/nonexistent/fuzz.c", "fuzz.c", args, 2,
                    size ? (const char *)data : "", size, &report);
    sl_report_finish(&report);
    free(sl_emit_text_findings(&report, false));
    free(sl_emit_text_notes(&report, true));
    free(sl_emit_sarif(&report, "/nonexistent"));
    sl_report_free(&report);
    return 0;
}
