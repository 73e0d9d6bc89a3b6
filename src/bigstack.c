/*
 * bigstack.c: calls on a thread with a large stack (bigstack.h). A thread
 * per call costs microseconds, nothing next to parsing a file, and keeps the
 * callers (sequential or -j workers) unaware of it.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */

#include "bigstack.h"

#include <pthread.h>
#include <stdlib.h>

struct call {
    void (*fn)(void *);
    void *arg;
};

static void *trampoline(void *p)
{
    struct call *c = p;
    c->fn(c->arg);
    return NULL;
}

void sl_bigstack_call(void (*fn)(void *), void *arg)
{
    struct call c = {fn, arg};
    pthread_attr_t attr;
    pthread_t thread;
    if (pthread_attr_init(&attr) != 0) {
        fn(arg);
        return;
    }
    int started = pthread_attr_setstacksize(&attr, SL_BIGSTACK_SIZE) == 0 &&
                  pthread_create(&thread, &attr, trampoline, &c) == 0;
    pthread_attr_destroy(&attr);
    if (started)
        pthread_join(thread, NULL);
    else
        fn(arg);
}

void sl_bigstack_configure_libclang(void)
{
    setenv("LIBCLANG_NOTHREADS", "1", 0);
}
