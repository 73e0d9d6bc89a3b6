typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef enum { PGRES_EMPTY_QUERY, PGRES_COMMAND_OK, PGRES_TUPLES_OK } ExecStatusType;
PGconn *PQconnectdb(const char *);
void PQfinish(PGconn *);
PGresult *PQexec(PGconn *, const char *);
ExecStatusType PQresultStatus(const PGresult *);
void PQclear(PGresult *);
void fail(void) __attribute__((noreturn));
struct ctx { PGconn *conn; int in_txn; };
int g(struct ctx *c, const char *info)
{
    c->conn = PQconnectdb(info);
    PGresult *r = PQexec(c->conn, "START TRANSACTION");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) { PQclear(r); fail(); }
    PQclear(r);
    c->in_txn = 1;
    r = c->in_txn ? PQexec(c->conn, "COMMIT") : 0;
    PQexec(c->conn, "SELECT 1");
    PQclear(r);
    PQfinish(c->conn);
    return PQresultStatus(r) == PGRES_TUPLES_OK;
}
