/*
 * libclang_file.h: which libclang shared object the sessionlint binary
 * loads. The binary does not link libclang: libclang_lazy.c loads it on the
 * first libclang call, so a run whose files all come from the cache never
 * pays for loading it (docs/scaling.md, "Warm runs do not load libclang"). The cache stamps the
 * same file to tell one libclang from another without loading it.
 */
#ifndef SL_LIBCLANG_FILE_H
#define SL_LIBCLANG_FILE_H

/* $SESSIONLINT_LIBCLANG when set and not empty, else the libclang found at
 * build time (its directory and soname, SL_LIBCLANG_FILE). */
const char *sl_libclang_file(void);

#endif
