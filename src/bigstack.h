/*
 * bigstack.h: runs a function on a thread with a large stack. libclang's
 * parser and visitors, and the analysis on top of them, recurse once per
 * level of an expression: a generated `x + x + ... + x` of 10,000 terms
 * overflows the default 8 MiB stack, and a stack overflow cannot be caught.
 * Parsing and analysing each file on a 1 GiB stack (address space only:
 * pages are used as the recursion reaches them) moves that limit past a
 * million levels. For libclang's parser to use it, LIBCLANG_NOTHREADS must
 * be set (sl_bigstack_configure_libclang), otherwise libclang parses on a
 * thread of its own with 8 MiB. Deeper still, libclang's parser overflows
 * even that stack; the thread carries an alternate signal stack on which
 * libclang's crash recovery then runs, so the parse ends in CXError_Crashed
 * instead of killing the process.
 */
#ifndef SL_BIGSTACK_H
#define SL_BIGSTACK_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define SL_BIGSTACK_SIZE ((size_t)1 << 30)

/* Calls fn(arg) on a new thread with SL_BIGSTACK_SIZE of stack and waits
 * for it; calls it directly if the caller runs on such a thread already or
 * if none can be started. */
void sl_bigstack_call(void (*fn)(void *), void *arg);

struct sl_bigstack_thread {
    pthread_t thread;
    void (*fn)(void *);
    void *arg;
};

/* Starts fn(arg) on a new thread with SL_BIGSTACK_SIZE of stack, on which
 * sl_bigstack_call runs in place; false if it cannot be started. */
bool sl_bigstack_start(struct sl_bigstack_thread *t, void (*fn)(void *), void *arg);
void sl_bigstack_join(struct sl_bigstack_thread *t);

/* Makes libclang parse on the calling thread (sets LIBCLANG_NOTHREADS unless
 * the environment already has it). Call once at start-up, before any thread
 * exists: setenv is not thread-safe. */
void sl_bigstack_configure_libclang(void);

#endif
