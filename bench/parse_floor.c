/*
 * parse_floor.c: the physical floor of a libclang-based checker (issue 8).
 * Parses each FILE in process with the given compiler flags, the same parse
 * options and -resource-dir as sessionlint (src/tu.c), walks every cursor and
 * does nothing else. Built and run by scripts/bench.sh, not by the project.
 * usage: parse_floor RESOURCE_DIR FILE... [-- FLAG...]; prints the cursor
 * count; exit 1 if libclang could not parse a file at all.
 */
#include <clang-c/Index.h>
#include <stdio.h>
#include <string.h>

static enum CXChildVisitResult count_cursor(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)c, (void)parent;
    ++*(unsigned long *)data;
    return CXChildVisit_Recurse;
}

int main(int argc, char **argv)
{
    int dashes = argc;
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) { dashes = i; break; }
    const char *args[512] = {"-resource-dir", argc > 1 ? argv[1] : ""};
    int nargs = 2;
    for (int i = dashes + 1; i < argc && nargs < 512; i++)
        args[nargs++] = argv[i];
    CXIndex index = clang_createIndex(0, 0);
    unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    unsigned long cursors = 0;
    int status = 0;
    for (int i = 2; i < dashes; i++) {
        CXTranslationUnit tu;
        if (clang_parseTranslationUnit2(index, argv[i], args, nargs, NULL, 0, options, &tu)) {
            fprintf(stderr, "parse_floor: cannot parse %s\n", argv[i]);
            status = 1;
            continue;
        }
        clang_visitChildren(clang_getTranslationUnitCursor(tu), count_cursor, &cursors);
        clang_disposeTranslationUnit(tu);
    }
    clang_disposeIndex(index);
    printf("%lu cursors\n", cursors);
    return status;
}
