/*
 * libclang_lazy.c: the libclang functions the sessionlint binary calls,
 * defined here as forwarders to the libclang shared object, which is loaded
 * (dlopen) on the first call. Linking libclang instead would load it, and
 * relocate the LLVM libraries behind it, in every process: about 18 ms, more
 * than the rest of a run whose results all come from the cache. The list is
 * libclang_api.def; the tests link libclang itself, only the binary links
 * this file. A libclang that cannot be loaded ends the run with exit code 2
 * and a message naming the file and SESSIONLINT_LIBCLANG.
 */
#define _GNU_SOURCE /* dlerror */

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "libclang_file.h"

static struct libclang_api {
#define SL_CLANG_FN(ret, name, params, args) ret(*name) params;
#define SL_CLANG_VOID(name, params, args) void(*name) params;
#include "libclang_api.def"
#undef SL_CLANG_FN
#undef SL_CLANG_VOID
} api;

static pthread_once_t api_loading = PTHREAD_ONCE_INIT;
static atomic_bool api_loaded; /* set once api is filled: the usual test costs one load */

static _Noreturn void cannot_load(const char *file, const char *why)
{
    fprintf(stderr,
            "sessionlint: error: cannot load libclang '%s': %s (install libclang %s, which this "
            "build was made with, or set SESSIONLINT_LIBCLANG to a libclang shared object)\n",
            file, why, SL_LIBCLANG_VERSION);
    exit(SL_EXIT_USAGE);
}

/* Loads the library and resolves every function at once: a missing one is
 * reported before anything has run on a half-usable libclang. */
static void load_api(void)
{
    const char *file = sl_libclang_file();
    void *lib = dlopen(file, RTLD_LAZY | RTLD_LOCAL);
    if (!lib)
        cannot_load(file, dlerror());
    /* POSIX's way to store dlsym's result into a function pointer */
#define SL_CLANG_FN(ret, name, params, args)                                   \
    if (!(*(void **)&api.name = dlsym(lib, #name)))                            \
        cannot_load(file, "it has no " #name);
#define SL_CLANG_VOID(name, params, args) SL_CLANG_FN(void, name, params, args)
#include "libclang_api.def"
#undef SL_CLANG_FN
#undef SL_CLANG_VOID
    atomic_store_explicit(&api_loaded, true, memory_order_release);
}

static const struct libclang_api *loaded(void)
{
    if (!atomic_load_explicit(&api_loaded, memory_order_acquire))
        pthread_once(&api_loading, load_api);
    return &api;
}

#define SL_CLANG_FN(ret, name, params, args)                                   \
    ret name params { return loaded()->name args; }
#define SL_CLANG_VOID(name, params, args)                                      \
    void name params { loaded()->name args; }
#include "libclang_api.def"
#undef SL_CLANG_FN
#undef SL_CLANG_VOID
