/*
 * pooled_session_state.c: SL007 pooled-session-state. Behind a connection
 * pooler in transaction mode (pgbouncer, Supavisor), a client holds a server
 * connection only for the length of a transaction; anything that outlives
 * the transaction stays on that server connection and belongs to whichever
 * client gets it next, or breaks: named prepared statements, SET without
 * LOCAL, LISTEN, session-level advisory locks, temporary tables that are not
 * dropped at commit, cursors WITH HOLD. The rule looks only at sessions the
 * configuration declares pooled (--pooled, or "pooled" in the configuration
 * file): all sessions of an API, sessions returned by named functions, or
 * sessions opened with a connection string matching a pattern.
 * Confidence: high for the SQL it reads (constant text only); statements built
 * at run time are not seen.
 */
#include "engine.h"
#include "rule.h"
#include "sql.h"

struct advice {
    const char *what, *instead;
};

static const struct advice advices[] = {
    [SL_STATE_SET] = {"a session-level SET",
                      "use SET LOCAL inside the transaction, or pass the setting per statement"},
    [SL_STATE_PREPARE] = {"a named prepared statement",
                          "use unnamed statements (PQexecParams, or PQprepare with \"\") or "
                          "the pooler's protocol-level prepared statement support"},
    [SL_STATE_LISTEN] = {"LISTEN",
                         "listen on a direct (session-mode) connection, not through the pooler"},
    [SL_STATE_ADVISORY_LOCK] = {"a session-level advisory lock",
                                "use pg_advisory_xact_lock inside the transaction"},
    [SL_STATE_TEMP_TABLE] = {"a temporary table that outlives the transaction",
                             "create it with ON COMMIT DROP inside the transaction"},
    [SL_STATE_HOLD_CURSOR] = {"a cursor WITH HOLD",
                              "declare the cursor without HOLD inside the transaction"},
};

static void on_session_state(struct sl_check *c, CXCursor call, const char *callee,
                             const struct sl_sym *session, int what)
{
    if (what <= SL_STATE_NONE || what > SL_STATE_HOLD_CURSOR)
        return;
    sl_check_report(c, SL_RULE_pooled_session_state, call, session,
                    "'%s' creates %s on '%s', a connection pooled in transaction mode: it outlives "
                    "the transaction and stays with the server connection the pooler hands to "
                    "the next client; %s",
                    callee, advices[what].what, sl_sym_name(c, session), advices[what].instead);
}

static const struct sl_rule_hooks hooks = {.on_session_state = on_session_state};

const struct sl_rule sl_rule_pooled_session_state = {
    .id = "SL007",
    .name = "pooled-session-state",
    .short_description = "Session-level state is created on a connection pooled in transaction "
                         "mode.",
    .full_description =
        "Behind a transaction-mode pooler (pgbouncer, Supavisor) a client owns a server "
        "connection only while a transaction runs. Named prepared statements, SET without "
        "LOCAL, LISTEN, session-level advisory locks, temporary tables that survive the "
        "transaction and cursors WITH HOLD stay on the server connection afterwards: the next "
        "client that gets it inherits them, or the statement that relies on them fails. The "
        "rule checks sessions that the configuration declares pooled.",
    .help_text =
        "Keep state inside the transaction on pooled connections.\n\n"
        "Wrong:\n"
        "    PGconn *c = PQconnectdb(\"host=pooler port=6432 dbname=shop\");\n"
        "    PQclear(PQexec(c, \"SET search_path = tenant_42\"));\n"
        "    PQclear(PQprepare(c, \"get_order\", \"SELECT * FROM orders WHERE id = $1\", 1, NULL));\n\n"
        "Right:\n"
        "    PGconn *c = PQconnectdb(\"host=pooler port=6432 dbname=shop\");\n"
        "    PQclear(PQexec(c, \"BEGIN\"));\n"
        "    PQclear(PQexec(c, \"SET LOCAL search_path = tenant_42\"));\n"
        "    /* ... PQexecParams(c, \"SELECT * FROM orders WHERE id = $1\", ...) ... */\n"
        "    PQclear(PQexec(c, \"COMMIT\"));\n\n"
        "Declare pooled connections with --pooled api:libpq, --pooled function:NAME or "
        "--pooled conninfo:port=6432.\n",
    .help_markdown =
        "Keep state inside the transaction on pooled connections.\n\n"
        "Wrong:\n```c\nPGconn *c = PQconnectdb(\"host=pooler port=6432 dbname=shop\");\n"
        "PQclear(PQexec(c, \"SET search_path = tenant_42\"));\n"
        "PQclear(PQprepare(c, \"get_order\", \"SELECT * FROM orders WHERE id = $1\", 1, NULL));\n```\n\n"
        "Right:\n```c\nPGconn *c = PQconnectdb(\"host=pooler port=6432 dbname=shop\");\n"
        "PQclear(PQexec(c, \"BEGIN\"));\nPQclear(PQexec(c, \"SET LOCAL search_path = tenant_42\"));\n"
        "/* ... PQexecParams(c, \"SELECT * FROM orders WHERE id = $1\", ...) ... */\n"
        "PQclear(PQexec(c, \"COMMIT\"));\n```\n\n"
        "Declare pooled connections with `--pooled api:libpq`, `--pooled function:NAME` or "
        "`--pooled conninfo:port=6432`.\n",
    .default_level = "warning",
    .precision = "high",
    .confidence = "High for constant SQL text and named PQprepare calls on connections the "
                  "configuration declares pooled; SQL built at run time is not seen.",
    .hooks = &hooks,
};
