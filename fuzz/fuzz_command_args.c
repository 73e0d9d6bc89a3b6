/*
 * fuzz_command_args.c: libFuzzer target for the cleaning of one compile
 * command (sl_inputs_command_args) and for path normalisation. The input is
 * split at NUL bytes: the first piece is the directory, the second the file
 * name, the rest the command's argv; every argument must come out as a
 * string, and relative operands of path flags must come out absolute.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "inputs.h"
#include "util.h"

#define MAX_PIECES 64

/* Splits text (size bytes, NUL-terminated) at NUL bytes into pieces. */
static int split(char *text, size_t size, const char **pieces)
{
    int n = 0;
    for (size_t start = 0; start <= size && n < MAX_PIECES;) {
        pieces[n++] = text + start;
        start += strlen(text + start) + 1;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    const char *pieces[MAX_PIECES];
    int n = split(text, size, pieces);
    const char *directory = pieces[0], *filename = n > 1 ? pieces[1] : "a.c";
    static const char *const extra[] = {"-DFUZZ"};
    int nargs = -1;
    char **args = sl_inputs_command_args(directory, filename, n > 2 ? pieces + 2 : pieces,
                                         n > 2 ? n - 2 : 0, extra, 1, &nargs);
    if (!args || nargs < 1 || strcmp(args[nargs - 1], "-DFUZZ") != 0)
        abort(); /* the extra argument always comes last */
    for (int i = 0; i < nargs; i++)
        free(args[i]);
    free(args);
    char *abs = sl_inputs_absolute(directory, filename);
    if (abs[0] != '/')
        abort();
    free(abs);
    free(text);
    return 0;
}
