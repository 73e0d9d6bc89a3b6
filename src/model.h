/*
 * model.h: API models, the data that tells the engine what a database API's
 * functions do to handles (acquire, release, use, begin/commit/rollback, SQL
 * text, ownership transfer, noreturn). Models are JSON files (rules/models/ (one .json per API)
 * shipped, plus --model FILE); docs/model-format.md documents the schema.
 * The loader validates strictly and reports errors as file:line:col: message.
 * Same-TU function summaries (summary.c) are expressed in the same structures.
 */
#ifndef SL_MODEL_H
#define SL_MODEL_H

#include <stdbool.h>
#include <stddef.h>

/* What a kind of handle is; decides wording and which rules apply. */
enum sl_role {
    SL_ROLE_SESSION,     /* connection / session: "session" */
    SL_ROLE_STATEMENT,
    SL_ROLE_RESULT,
    SL_ROLE_TRANSACTION, /* a handle that is itself a transaction (LMDB MDB_txn) */
    SL_ROLE_CURSOR,
    SL_ROLE_GUARD,       /* lease / guard / context wrapping a session */
    SL_ROLE_POOL,
    SL_ROLE_ENVIRONMENT, /* ODBC env, LMDB env */
    SL_ROLE_LOCK,        /* a mutex: begin = lock, commit = unlock */
    SL_ROLE_OTHER,
};

struct sl_kind {
    char *name;               /* unique, e.g. "sqlite3.db" */
    enum sl_role role;
    char *label;              /* human wording, e.g. "sqlite3 connection"; defaults to name */
    char **types;             /* C type spellings that imply this kind, e.g. "sqlite3 *" */
    size_t ntypes;
    bool dies_with_parent;    /* released implicitly when its parent is released */
    bool read_only;           /* a transaction kind that writes nothing: left unfinished it is a
                                 leak, not a missing commit (LMDB MDB_RDONLY) */
    char *accessor_function;  /* guards: function that yields the session (arg 0 = guard) */
    char *accessor_field;     /* guards: field that holds the session, e.g. "session" */
    const char *model_file;   /* file the kind came from (not owned) */
    char *api;                /* the "api" of that file, e.g. "libpq" */
};

/* When a call succeeded, judged from its return value. */
enum sl_success_kind {
    SL_SUCCESS_ALWAYS,   /* cannot fail (or failure is not observable) */
    SL_SUCCESS_NONNULL,  /* returned pointer is non-NULL */
    SL_SUCCESS_RETURNS,  /* return value is one of values[] */
    SL_SUCCESS_NONNEG,   /* return value is >= 0 (POSIX file descriptors; -1 on failure) */
};
#define SL_MAX_SUCCESS_VALUES 8
struct sl_success {
    enum sl_success_kind kind;
    long long values[SL_MAX_SUCCESS_VALUES];
    int nvalues;
};

#define SL_POS_RETURN (-1) /* handle position meaning "the return value" */
#define SL_NO_ARG (-1)

/* Optional guard on an effect: applies only when argument `arg` evaluates to
 * the integer `equals` (e.g. mysql_autocommit(m, 0) begins). arg == SL_NO_ARG: always. */
struct sl_when {
    int arg;
    long long equals;
};
#define SL_MAX_WHEN 4 /* conditions of one effect, all of which must hold */

/* Kind chosen by an integer constant argument (ODBC SQLAllocHandle(type, ...)). */
struct sl_kind_case {
    long long value;
    int kind;
};

struct sl_acquire {
    int kind;                  /* index into sl_model.kinds; -1 when chosen by kind_arg */
    int pos;                   /* SL_POS_RETURN or out-parameter index (pointer to handle) */
    struct sl_success success;
    bool exists_on_failure;    /* handle allocated even if the call fails (sqlite3_open, PQconnectdb) */
    bool owned;                /* false: a borrowed view (guard accessor), never leaks */
    bool begins_transaction;   /* the new handle is an open transaction (mdb_txn_begin) */
    bool null_is_normal;       /* NULL is an ordinary answer (end of a stream, PQgetResult):
                                  a handle neither tested nor used is not reported */
    int only_if_null_arg;      /* SL_NO_ARG, or: a new handle only when this argument is NULL;
                                  otherwise the call returns that argument (mysql_init(&m)) */
    int parent_arg;            /* argument holding the parent handle, or SL_NO_ARG */
    int kind_arg;              /* SL_NO_ARG, or argument whose constant value selects the kind */
    long long kind_mask;       /* with kind_arg: cases match (value & mask); 0 = the whole value */
    struct sl_kind_case *kind_cases;
    size_t nkind_cases;
    struct sl_kind_case *parent_cases; /* kind chosen by the parent's kind (value = parent kind) */
    size_t nparent_cases;
};

struct sl_release {
    int arg;                   /* argument holding the handle released */
    int *kinds;                /* kinds accepted (empty: any) */
    size_t nkinds;
    bool null_safe;            /* release(NULL) is a documented no-op */
    struct sl_success success; /* when the release happened; a failed one leaves the
                                  handle open (sqlite3_close returning SQLITE_BUSY) */
    struct sl_when when[SL_MAX_WHEN]; /* releases only when these hold (SQLFreeStmt(s, SQL_DROP)) */
    int nwhen;
    int kind_arg;              /* SL_NO_ARG, or argument whose constant selects the kind (SQLFreeHandle) */
    long long kind_mask;       /* as in sl_acquire */
    struct sl_kind_case *kind_cases;
    size_t nkind_cases;
    char *field;               /* NULL, or: the handle is this field of the struct that argument
                                  `arg` points to (ctx_free(ctx) releasing ctx->db) */
    bool clears_field;         /* with field: the function also sets the field to NULL */
};

/* A parameter that must carry a handle of one of `kinds` (guard-misuse,
 * use-after-close). */
struct sl_use {
    int arg;
    int *kinds;
    size_t nkinds;
};

enum sl_txn_action { SL_TXN_BEGIN, SL_TXN_COMMIT, SL_TXN_ROLLBACK };
struct sl_txn_op {
    enum sl_txn_action action;
    int arg;                   /* handle the transaction lives on */
    char *field;               /* NULL, or: it lives on this member of the struct that
                                  argument `arg` points to (ctx_begin(ctx) on ctx->conn) */
    struct sl_when when[SL_MAX_WHEN];
    int nwhen;
    struct sl_success success;
};

/* How transaction statements are spelled in the text an exec function sends. */
enum sl_sql_dialect {
    SL_DIALECT_SQL,    /* BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK */
    SL_DIALECT_REDIS,  /* MULTI, EXEC, DISCARD */
};

/* SQL text at argument `arg` executed on the handle at argument `on`. */
struct sl_sql {
    int arg;
    int on;
    enum sl_sql_dialect dialect;
    struct sl_success success;
    bool result_is_handle;     /* the SQL outcome is read from the returned handle (PQexec) */
    bool failure_aborts_transaction; /* a failed statement aborts the open transaction */
};

struct sl_func {
    char *name;
    struct sl_use *uses;           size_t nuses;
    struct sl_acquire *acquires;   size_t nacquires;
    struct sl_release *releases;   size_t nreleases;
    struct sl_txn_op *txn_ops;     size_t ntxn_ops;
    struct sl_sql *sql;            /* NULL or one */
    int *takes_ownership;          size_t ntakes_ownership; /* args whose handle escapes into the callee */
    int status_of_arg;             /* SL_NO_ARG, or: returns the outcome of the op that produced arg's handle (PQresultStatus) */
    struct sl_success status_success; /* with status_of_arg: values meaning success */
    int disconnect_arg;            /* SL_NO_ARG, or: ends the session of this argument's handle
                                      without freeing it (ODBC SQLDisconnect) */
    int attach_session_arg;        /* with attach_opts_arg: puts this session into the options */
    int attach_opts_arg;           /* (mongoc_client_session_append(session, opts, error)) */
    int needs_session_opts_arg;    /* SL_NO_ARG, or: options argument that must carry the session
                                      of an open transaction (MongoDB operations) */
    int session_state_name_arg;    /* SL_NO_ARG, or: creates a named session-level object (a
                                      prepared statement: PQprepare) unless this name is "" */
    bool noreturn;
    bool from_summary;             /* synthesised from a function body in this TU */
    bool guessed;                  /* rests on a guess (see docs/model-format.md) */
    const char *model_file;        /* where it was declared (not owned) */
    unsigned line;                 /* line of the declaration in model_file */
};

struct sl_model {
    struct sl_kind *kinds;  size_t nkinds, capkinds;
    struct sl_func *funcs;  size_t nfuncs, capfuncs;
    char **files;           size_t nfiles;   /* owned copies of loaded file names */
    /* name -> func index hash, open addressing; rebuilt on load */
    int *func_index;        size_t func_index_cap;
    struct sl_type_memo *type_memo; /* kind of each type spelling asked (thread-safe) */
};

/* Error from the loader: "file:line:col: message", owned by the caller. */
struct sl_model_error {
    char *text;
};

void sl_model_init(struct sl_model *m);
void sl_model_free(struct sl_model *m);

/* Loads one JSON model file into m. Returns 0, or -1 with err->text set
 * ("file:line:col: message"); m is unchanged on failure. A function or kind
 * already defined by an earlier file is an error unless the new entry sets
 * "override": true. */
int sl_model_load_file(struct sl_model *m, const char *path, struct sl_model_error *err);
/* Same, from a buffer (name used in messages). */
int sl_model_load_buffer(struct sl_model *m, const char *name, const char *json, size_t len,
                         struct sl_model_error *err);
/* Loads every *.json in dir, sorted by name. */
int sl_model_load_dir(struct sl_model *m, const char *dir, struct sl_model_error *err);

const struct sl_func *sl_model_find_func(const struct sl_model *m, const char *name);
int sl_model_find_kind(const struct sl_model *m, const char *name);     /* -1 if none */
/* Kind implied by a C type spelling ("sqlite3 *", "const PGresult *", typedef
 * names such as "SQLHSTMT"); qualifiers and spacing are normalised. -1 if none. */
int sl_model_kind_for_type(const struct sl_model *m, const char *type_spelling);
const char *sl_role_word(enum sl_role role);  /* "session", "statement", ... */

/* Adds a function (deep copy) to m; used for summaries. Replaces an existing
 * entry of the same name. */
void sl_model_put_func(struct sl_model *m, const struct sl_func *f);
void sl_func_free(struct sl_func *f);

#endif
