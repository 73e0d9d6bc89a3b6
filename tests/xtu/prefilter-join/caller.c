/* No database name here: the pre-filter skips this file before parsing at
 * first; the merged model has open_db (conn.c), which it calls, so it joins
 * pass 1 and its leak is found. */
void *open_db(const char *conninfo);
void use_db(void *db);

int lookup(const char *conninfo)
{
    void *db = open_db(conninfo);
    if (!db)
        return -1;
    use_db(db);
    return 0; // expect: session-leak
}
