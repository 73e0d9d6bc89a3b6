/* Positive: BEGIN through run() (run.c) and no COMMIT on the error path. */
#include <libpq-fe.h>

int run(PGconn *conn, const char *sql);

int move_stock(PGconn *conn)
{
    run(conn, "BEGIN");
    if (run(conn, "UPDATE stock SET qty = qty - 1") != 0)
        return -1; // expect: missing-commit
    return run(conn, "COMMIT");
}

int ok_move_stock(PGconn *conn)
{
    run(conn, "BEGIN");
    if (run(conn, "UPDATE stock SET qty = qty - 1") != 0) {
        run(conn, "ROLLBACK");
        return -1;
    }
    return run(conn, "COMMIT");
}
