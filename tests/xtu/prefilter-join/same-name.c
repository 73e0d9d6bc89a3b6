/* No database name here either, but an open_db of its own, as conn.c has:
 * with two definitions open_db's summary is only a guess. This file joins
 * pass 1 for it, and caller.c's leak is reported with low confidence, as
 * without the pre-filter. */
int open_db(int fd)
{
    return fd;
}
