/*
 * fuzz_common.h: what the libFuzzer targets share: the entry points libFuzzer
 * calls (declared here so that -Wmissing-prototypes stays quiet), the shipped
 * models loaded once per process, and a private scratch directory for
 * targets that must hand a file to libclang.
 */
#ifndef SL_FUZZ_COMMON_H
#define SL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The shipped models (rules/models), loaded on first use; aborts if they
 * do not load, since every input would then be pointless. */
const struct sl_model *fuzz_shipped_models(void);

/* A directory created on first use and removed at exit (it must be empty
 * by then: each target removes the files it writes). */
const char *fuzz_scratch_dir(void);

/* NUL-terminated copy of data; caller frees. */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
