/* Positives: the connection used, and closed again, after app_free (in
 * app.c) closed it; negatives: the careful order, and a local struct whose
 * connection app_close (in app.c) closes and clears: no leak, and the
 * cleared member is not closed twice. */
#include <stddef.h>

#include "app.h"

int count_then_free(struct app *app)
{
    app_free(app);
    return sqlite3_changes(app->db); // expect: use-after-close
}

void close_after_free(struct app *app)
{
    app_free(app);
    sqlite3_close(app->db); // expect: double-close
}

int ok_count_then_free(struct app *app)
{
    int n = sqlite3_changes(app->db);
    app_free(app);
    return n;
}

int ok_local_app_closed(const char *path, int keep)
{
    struct app app = {NULL};
    if (sqlite3_open(path, &app.db) != SQLITE_OK) {
        app_close(&app);
        return -1;
    }
    if (!keep)
        app_close(&app);
    if (app.db)
        sqlite3_close(app.db);
    return 0;
}
