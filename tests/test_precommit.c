/*
 * test_precommit.c: the hook in .pre-commit-hooks.yaml run by Debian's real
 * pre-commit (scripts/setup.sh installs it) in a throwaway git repository:
 * the hook repository is a copy of that file, the built binary is first on
 * PATH, and PRE_COMMIT_HOME is private to the test. A commit with a session
 * leak is blocked with the finding shown; a clean one passes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

static const char leaky[] =
    "#include <sqlite3.h>\nint f(const char *p)\n{\n    sqlite3 *db;\n"
    "    if (sqlite3_open(p, &db) != SQLITE_OK)\n        return -1;\n    return 0;\n}\n";
static const char fixed[] =
    "#include <sqlite3.h>\nint f(const char *p)\n{\n    sqlite3 *db;\n"
    "    int rc = sqlite3_open(p, &db);\n    sqlite3_close(db);\n    return rc;\n}\n";

/* Runs a shell script in dir/sub with the binary's directory first on
 * PATH and dir as HOME (git identity, pre-commit's cache). */
static void in_repo(struct sl_run *r, const char *dir, const char *sub, const char *script)
{
    char *bindir = sl_xstrdup(SL_BINARY);
    *strrchr(bindir, '/') = '\0';
    char *cmd = sl_xasprintf("cd '%s/%s' && export PATH='%s':$PATH PRE_COMMIT_HOME='%s/.pc-home' "
                             "GIT_CONFIG_NOSYSTEM=1 HOME='%s' && %s 2>&1",
                             dir, sub, bindir, dir, dir, script);
    sl_run_shell(r, cmd);
    free(cmd);
    free(bindir);
}

Test(precommit, real_hook_blocks_a_leak_and_passes_the_fix, .timeout = 180)
{
    struct sl_run r;
    sl_run_shell(&r, "command -v pre-commit");
    cr_assert_eq(r.status, 0, "pre-commit is not installed: run scripts/setup.sh");
    sl_run_free(&r);

    char *dir = sl_test_tmpdir(), *hooks = sl_xasprintf("%s/hooks", dir);
    char *repo = sl_xasprintf("%s/repo", dir), *yaml = sl_test_path(".pre-commit-hooks.yaml");
    char *setup = sl_xasprintf(
        "git config --global user.email t@example.invalid && git config --global user.name t && "
        "git config --global init.defaultBranch main && "
        "mkdir hooks repo && cp '%s' hooks/ && cd hooks && git init -q . && git add . && "
        "git commit -qm hooks && cd ../repo && git init -q . && "
        "printf 'repos:\\n  - repo: %s\\n    rev: '$(git -C ../hooks rev-parse HEAD)'\\n"
        "    hooks:\\n      - id: sessionlint\\n' > .pre-commit-config.yaml && "
        "git add .pre-commit-config.yaml && git commit -qm config && pre-commit install",
        yaml, hooks);
    in_repo(&r, dir, ".", setup);
    cr_assert_eq(r.status, 0, "%s", r.out);
    sl_run_free(&r);

    char *file = sl_xasprintf("%s/db.c", repo);
    sl_test_write(file, leaky);
    in_repo(&r, dir, "repo", "echo notes > notes.txt && git add db.c notes.txt && git commit -m leak");
    cr_expect_neq(r.status, 0, "the commit went through: %s", r.out);
    cr_expect(strstr(r.out, "sessionlint..."), "%s", r.out);
    cr_expect(strstr(r.out, "Failed"), "%s", r.out);
    cr_expect(strstr(r.out, "db.c:7:5: warning: sqlite3 connection 'db' acquired at line 5 is not "
                            "released on this path [session-leak]"), "%s", r.out);
    sl_run_free(&r);

    sl_test_write(file, fixed);
    in_repo(&r, dir, "repo", "git add db.c && pre-commit run --files db.c && git commit -qm fixed");
    cr_expect_eq(r.status, 0, "%s", r.out);
    cr_expect(strstr(r.out, "Passed"), "%s", r.out);
    sl_run_free(&r);
    free(file);
    free(setup);
    free(yaml);
    free(repo);
    free(hooks);
    free(dir);
}
