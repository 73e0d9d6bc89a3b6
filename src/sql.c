/*
 * sql.c: recognises transaction control statements in SQL text (sql.h).
 * Accepted forms (SQLite, PostgreSQL, MySQL spellings):
 *   BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION|WORK] [ISOLATION LEVEL ... | READ ...]
 *   START TRANSACTION [...]
 *   COMMIT [TRANSACTION|WORK] [AND [NO] CHAIN], END [TRANSACTION|WORK]
 *   ROLLBACK [TRANSACTION|WORK] (but ROLLBACK ... TO [SAVEPOINT] x is not)
 * and, for Redis (hiredis command text), MULTI, EXEC and DISCARD.
 */
#include "sql.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "util.h"

#define MAX_WORDS 16

/* Skips white space and -- / C-style comments. */
static const char *skip_space(const char *p)
{
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else
            return p;
    }
}

/* Splits the statement into words; returns the number of words, or -1 when
 * the text holds more than one statement or characters no transaction
 * statement has. */
static int split_words(const char *p, char words[][24], int max)
{
    int n = 0;
    for (p = skip_space(p); *p; p = skip_space(p)) {
        if (*p == ';') {
            p = skip_space(p + 1);
            return *p ? -1 : n;
        }
        if (!isalpha((unsigned char)*p) && *p != '_')
            return -1;
        size_t len = 0;
        while (isalnum((unsigned char)p[len]) || p[len] == '_')
            len++;
        if (n == max || len >= 24)
            return -1;
        memcpy(words[n], p, len);
        words[n][len] = '\0';
        n++;
        p += len;
    }
    return n;
}

static bool word_is(const char *w, const char *kw) { return strcasecmp(w, kw) == 0; }

static bool has_word(char words[][24], int n, const char *kw)
{
    for (int i = 0; i < n; i++)
        if (word_is(words[i], kw))
            return true;
    return false;
}

enum sl_sql_txn sl_sql_classify(const char *sql)
{
    char words[MAX_WORDS][24];
    int n = split_words(sql, words, MAX_WORDS);
    if (n <= 0)
        return SL_SQL_OTHER;
    const char *w = words[0];
    if (word_is(w, "BEGIN"))
        return SL_SQL_BEGIN;
    if (word_is(w, "START") && n > 1 && word_is(words[1], "TRANSACTION"))
        return SL_SQL_BEGIN;
    if (word_is(w, "COMMIT") || word_is(w, "END"))
        return has_word(words, n, "PREPARED") ? SL_SQL_OTHER : SL_SQL_COMMIT;
    if (word_is(w, "ROLLBACK") || word_is(w, "ABORT"))
        return has_word(words, n, "TO") || has_word(words, n, "PREPARED") ? SL_SQL_OTHER
                                                                           : SL_SQL_ROLLBACK;
    return SL_SQL_OTHER;
}

/* Redis transactions: MULTI queues, EXEC runs the queue, DISCARD drops it. */
static enum sl_sql_txn classify_redis(const char *text)
{
    char words[MAX_WORDS][24];
    int n = split_words(text, words, MAX_WORDS);
    if (n != 1)
        return SL_SQL_OTHER;
    if (word_is(words[0], "MULTI"))
        return SL_SQL_BEGIN;
    if (word_is(words[0], "EXEC"))
        return SL_SQL_COMMIT;
    if (word_is(words[0], "DISCARD"))
        return SL_SQL_ROLLBACK;
    return SL_SQL_OTHER;
}

enum sl_sql_txn sl_sql_classify_dialect(const char *text, enum sl_sql_dialect dialect)
{
    return dialect == SL_DIALECT_REDIS ? classify_redis(text) : sl_sql_classify(text);
}

/* The text from its first word on, upper-cased with runs of white space
 * folded to one space and comments dropped; caller frees. */
static char *normalise(const char *sql)
{
    struct sl_strbuf sb = {0};
    for (const char *p = skip_space(sql); *p;) {
        if (isspace((unsigned char)*p) || (p[0] == '-' && p[1] == '-') ||
            (p[0] == '/' && p[1] == '*')) {
            p = skip_space(p);
            if (*p)
                sl_sb_append(&sb, " ");
            continue;
        }
        char c = (char)toupper((unsigned char)*p++);
        sl_sb_appendn(&sb, &c, 1);
    }
    return sl_sb_take(&sb);
}

static bool starts(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool session_level_set(const char *t)
{
    return starts(t, "SET ") && !starts(t, "SET LOCAL ") && !starts(t, "SET TRANSACTION ") &&
           !starts(t, "SET CONSTRAINTS ");
}

static bool temp_table(const char *t)
{
    bool temp = starts(t, "CREATE TEMP TABLE ") || starts(t, "CREATE TEMPORARY TABLE ") ||
                starts(t, "CREATE LOCAL TEMP TABLE ") || starts(t, "CREATE LOCAL TEMPORARY TABLE ");
    return temp && !strstr(t, "ON COMMIT DROP");
}

static bool session_advisory_lock(const char *t)
{
    /* pg_advisory_lock[_shared] and pg_try_advisory_lock[_shared]; the
     * transaction-level ones are spelled pg_[try_]advisory_xact_lock */
    return strstr(t, "PG_ADVISORY_LOCK") || strstr(t, "PG_TRY_ADVISORY_LOCK");
}

enum sl_session_state sl_sql_session_state(const char *sql)
{
    char *t = normalise(sql);
    enum sl_session_state st = SL_STATE_NONE;
    if (session_level_set(t))
        st = SL_STATE_SET;
    else if (starts(t, "PREPARE ") && !starts(t, "PREPARE TRANSACTION "))
        st = SL_STATE_PREPARE;
    else if (starts(t, "LISTEN "))
        st = SL_STATE_LISTEN;
    else if (temp_table(t))
        st = SL_STATE_TEMP_TABLE;
    else if (starts(t, "DECLARE ") && strstr(t, " WITH HOLD "))
        st = SL_STATE_HOLD_CURSOR;
    else if (session_advisory_lock(t))
        st = SL_STATE_ADVISORY_LOCK;
    free(t);
    return st;
}
