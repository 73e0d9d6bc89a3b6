/* app_free closes the connection in the member, then frees the struct;
 * app_close closes it and clears the member. */
#include <stdlib.h>

#include "app.h"

struct app *app_open(const char *path)
{
    struct app *app = calloc(1, sizeof *app);
    if (app && sqlite3_open(path, &app->db) != SQLITE_OK) {
        app_free(app);
        return NULL;
    }
    return app;
}

void app_free(struct app *app)
{
    if (!app)
        return;
    sqlite3_close(app->db);
    free(app);
}

void app_close(struct app *app)
{
    sqlite3_close(app->db);
    app->db = NULL;
}
