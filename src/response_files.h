/*
 * response_files.h: the rule for "@file" arguments in compile_commands.json.
 * libclang's compilation-database reader expands response files itself,
 * relative to each entry's "directory", wherever they are. So before a
 * database is handed to libclang, this check reads the JSON and refuses the
 * whole database if any argument names a response file whose real path lies
 * outside the project: the current directory or the directory holding the
 * database (never the entry's "directory", which the database itself
 * chooses). Nothing is ever executed either way. See docs/security.md.
 */
#ifndef SL_RESPONSE_FILES_H
#define SL_RESPONSE_FILES_H

/* db_file: path of a compile_commands.json. Returns 0 when every existing
 * response file it names is inside the project (or when the file is not
 * valid JSON: libclang's loader reports that), -1 with *error (malloc'd)
 * naming the first one that is not. */
int sl_response_files_check(const char *db_file, char **error);

#endif
