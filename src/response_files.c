/*
 * response_files.c: the response-file check (response_files.h). Arguments
 * come from "arguments" arrays as they are, and from "command" strings split
 * at white space with quotes stripped: a looser split than libclang's, which
 * can only find more "@" words, never fewer.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "response_files.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inputs.h"
#include "util.h"

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || n == 1);
}

struct roots {
    char db_dir[PATH_MAX], cwd[PATH_MAX];
};

/* Checks one argument; returns false with *error set for a response file
 * outside the roots. A response file that does not exist is not read by
 * anyone and passes. */
static bool argument_ok(const struct roots *r, const char *directory, const char *arg,
                        char **error)
{
    if (arg[0] != '@' || !arg[1])
        return true;
    char *abs = sl_inputs_absolute(directory, arg + 1);
    char real[PATH_MAX];
    bool ok = !realpath(abs, real) || under(real, r->db_dir) || under(real, r->cwd);
    if (!ok)
        *error = sl_xasprintf("response file '%s' is outside the project (%s): the compilation "
                              "database is refused", arg, real);
    free(abs);
    return ok;
}

/* The "command" string's words, quotes stripped, checked one by one. */
static bool command_ok(const struct roots *r, const char *directory, const char *command,
                       char **error)
{
    char *copy = sl_xstrdup(command);
    bool ok = true;
    for (char *word = strtok(copy, " \t\n"); word && ok; word = strtok(NULL, " \t\n")) {
        word += strspn(word, "\"'");
        word[strcspn(word, "\"'")] = '\0';
        ok = argument_ok(r, directory, word, error);
    }
    free(copy);
    return ok;
}

static bool entry_ok(const struct roots *r, const cJSON *entry, char **error)
{
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(entry, "directory");
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(entry, "arguments");
    const cJSON *arg_list = cJSON_IsArray(args) ? args : NULL;
    const cJSON *command = cJSON_GetObjectItemCaseSensitive(entry, "command");
    const char *directory = cJSON_IsString(dir) ? dir->valuestring : r->db_dir;
    const cJSON *arg;
    cJSON_ArrayForEach(arg, arg_list)
        if (cJSON_IsString(arg) && !argument_ok(r, directory, arg->valuestring, error))
            return false;
    return !cJSON_IsString(command) || command_ok(r, directory, command->valuestring, error);
}

int sl_response_files_check(const char *db_file, char **error)
{
    struct roots r;
    char real_db[PATH_MAX];
    if (!realpath(db_file, real_db) || !getcwd(r.cwd, sizeof r.cwd))
        return 0; /* unreadable: the loader says so */
    strcpy(r.db_dir, real_db);
    *strrchr(r.db_dir, '/') = '\0';
    char *text = sl_read_file(real_db, NULL);
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    const cJSON *entries = cJSON_IsArray(root) ? root : NULL, *entry;
    int rc = 0;
    cJSON_ArrayForEach(entry, entries)
        if (!entry_ok(&r, entry, error)) {
            rc = -1;
            break;
        }
    cJSON_Delete(root);
    free(text);
    return rc;
}
