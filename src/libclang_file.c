/*
 * libclang_file.c: the path of the libclang shared object (libclang_file.h).
 */
#include "libclang_file.h"

#include <stdlib.h>

const char *sl_libclang_file(void)
{
    const char *env = getenv("SESSIONLINT_LIBCLANG");
    return env && *env ? env : SL_LIBCLANG_FILE;
}
