/*
 * test_regress.c: every input that once crashed or hung sessionlint (found
 * by the fuzzers or by hand, docs/fuzzing.md) lives in tests/regress/ and is
 * run here through the real binary: a *.c file is analysed, a *.config.json
 * file is loaded as the configuration (--config-file, --dump-config), any
 * other *.json file is checked as a model (--check-model). The run must end
 * by itself (within 120 s and, without ASan, 4 GB of address space) with a
 * documented exit code (0-3), never by a signal; under ASan a leak fails it.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

#ifdef __SANITIZE_ADDRESS__
#define MEMORY_LIMIT "" /* AddressSanitizer reserves terabytes of address space */
#else
#define MEMORY_LIMIT "ulimit -v 4000000 && "
#endif

static void run_one(const char *dir, const char *name)
{
    struct sl_run r;
    const char *how = sl_str_ends_with(name, ".config.json") ? "--dump-config --config-file"
                      : sl_str_ends_with(name, ".json")      ? "--check-model"
                                                             : "";
    char *cmd = sl_xasprintf("cd '%s' && " MEMORY_LIMIT "timeout 120 '%s' --no-cache %s '%s'",
                             dir, SL_BINARY, how, name);
    sl_run_shell(&r, cmd);
    cr_expect(r.status >= 0 && r.status <= 3, "%s: exit %d (0-3 expected)\n%.2000s", name,
              r.status, r.err);
    sl_run_free(&r);
    free(cmd);
}

Test(regress, every_input_ends_with_a_documented_exit_code, .timeout = 600)
{
    char *dir = sl_test_path("tests/regress");
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    size_t ran = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (sl_str_ends_with(e->d_name, ".c") || sl_str_ends_with(e->d_name, ".json")) {
            run_one(dir, e->d_name);
            ran++;
        }
    }
    closedir(d);
    cr_expect(ran > 0, "no regression inputs in %s", dir);
    free(dir);
}
