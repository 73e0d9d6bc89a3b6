/*
 * missing-commit fixtures for libpq. Transactions are SQL text run with
 * PQexec; whether BEGIN worked is read from PQresultStatus of its result.
 * A transaction begun here must be committed or rolled back before the
 * function returns, and before PQfinish: closing the connection silently
 * rolls the work back.
 */
#include <stddef.h>
#include <stdio.h>

#include <libpq-fe.h>

void log_line(const char *msg); /* external */

/* Positive: the failed UPDATE returns without ROLLBACK. */
int bad_return_inside_txn(PGconn *conn)
{
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    res = PQexec(conn, "UPDATE stock SET qty = qty - 1 WHERE sku = 'A-1'");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        log_line(PQresultErrorMessage(res));
        PQclear(res);
        return -1; // expect: missing-commit
    }
    PQclear(res);
    res = PQexec(conn, "COMMIT");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

/* Positive: the import job never commits; PQfinish throws the rows away. */
int bad_finish_without_commit(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        PQfinish(conn);
        return -1;
    }
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        PQfinish(conn);
        return -1;
    }
    PQclear(res);
    res = PQexec(conn, "INSERT INTO items SELECT * FROM staging_items");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    PQfinish(conn); // expect: missing-commit
    return ok ? 0 : -1;
}

/* Positive: rolling back to a savepoint does not end the transaction. */
int bad_savepoint_rollback_is_not_rollback(PGconn *conn)
{
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    PQclear(PQexec(conn, "SAVEPOINT import"));
    res = PQexec(conn, "INSERT INTO items SELECT * FROM staging_items");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT import"));
        return -1; // expect: missing-commit
    }
    PQclear(res);
    res = PQexec(conn, "COMMIT");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

/* Positive: with nothing to archive the transaction is left open. */
void bad_commit_only_when_rows(PGconn *conn)
{
    PGresult *res = PQexec(conn, "  START TRANSACTION");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        return;
    }
    PQclear(res);
    res = PQexec(conn, "DELETE FROM orders WHERE shipped RETURNING id");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
        PGresult *done = PQexec(conn, "COMMIT");
        if (PQresultStatus(done) != PGRES_COMMAND_OK)
            log_line(PQresultErrorMessage(done));
        PQclear(done);
    }
    PQclear(res);
} // expect: missing-commit

/* Negative: BEGIN failure leaves nothing open; errors roll back. */
int ok_rollback_on_error(PGconn *conn)
{
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        return -1;
    }
    PQclear(res);
    res = PQexec(conn, "UPDATE stock SET qty = qty - 1 WHERE sku = 'A-1'");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        PQclear(PQexec(conn, "ROLLBACK"));
        return -1;
    }
    PQclear(res);
    res = PQexec(conn, "COMMIT");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

/* Negative: a pure "begin" wrapper; the caller checks and ends it. */
PGresult *ok_begin_work(PGconn *conn)
{
    return PQexec(conn, "BEGIN IMMEDIATE");
}

/* Negative: flag-guarded rollback on one cleanup path; END commits. */
int ok_flag_guarded_rollback(PGconn *conn)
{
    int rc = -1;
    int in_txn = 0;
    PGresult *res = PQexec(conn, "begin transaction;");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        goto out;
    in_txn = 1;
    PQclear(res);
    res = PQexec(conn, "UPDATE prices SET amount = amount * 1.02");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        goto out;
    PQclear(res);
    res = PQexec(conn, "end");
    in_txn = 0;
    if (PQresultStatus(res) == PGRES_COMMAND_OK)
        rc = 0;
out:
    PQclear(res);
    if (in_txn)
        PQclear(PQexec(conn, "ROLLBACK"));
    return rc;
}

/* Negative: the connection opened here commits before it is finished. */
int ok_commit_before_finish(const char *conninfo)
{
    PGconn *conn = PQconnectdb(conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "connect: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return -1;
    }
    PGresult *res = PQexec(conn, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        PQfinish(conn);
        return -1;
    }
    PQclear(res);
    res = PQexec(conn, "INSERT INTO items SELECT * FROM staging_items");
    int inserted = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    int rc = -1;
    if (inserted) {
        res = PQexec(conn, "COMMIT");
        if (PQresultStatus(res) == PGRES_COMMAND_OK)
            rc = 0;
        PQclear(res);
    } else {
        PQclear(PQexec(conn, "ROLLBACK"));
    }
    PQfinish(conn);
    return rc;
}
