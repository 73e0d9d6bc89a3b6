/* The application context: its connection lives in a member. */
#include <sqlite3.h>

struct app {
    sqlite3 *db;
};

struct app *app_open(const char *path);
void app_free(struct app *app);
void app_close(struct app *app);
