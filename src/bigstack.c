/*
 * bigstack.c: calls on a thread with a large stack (bigstack.h). A thread
 * per call costs microseconds, nothing next to parsing a file, and keeps the
 * callers unaware of it; a call made on such a thread already (a -j worker
 * started with sl_bigstack_start) runs in place. That keeps a worker's
 * parses and analyses on one thread, hence in one malloc arena: a thread per
 * call made glibc hand each call whichever arena a finished thread had left,
 * so every arena grew to the largest unit and peak RSS held one more of them.
 */
#define _DEFAULT_SOURCE /* setenv, sigaltstack, SA_ONSTACK */

#include "bigstack.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

/* Room for a signal handler to run once the thread's own stack is gone. */
#define ALT_STACK_SIZE ((size_t)256 << 10)

/* Set on the threads started here: their stack is large already. */
static _Thread_local bool on_big_stack;

/* libclang's crash recovery (LLVM's CrashRecoveryContext) installs its
 * SIGSEGV/SIGBUS handlers without SA_ONSTACK, so a stack overflow inside
 * the parser kills the process: the handler has no stack to run on. With
 * SA_ONSTACK added and an alternate stack on the parsing thread, the
 * handler runs there and unwinds the parse, which then reports
 * CXError_Crashed like any other crash (a notification, not our death).
 * Re-applied on every call: libclang may re-install its handlers. */
static void run_crash_handlers_on_alt_stack(int sig)
{
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) != 0 || (sa.sa_flags & SA_ONSTACK))
        return;
    bool custom = (sa.sa_flags & SA_SIGINFO) ||
                  (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
    if (custom) {
        sa.sa_flags |= SA_ONSTACK;
        sigaction(sig, &sa, NULL);
    }
}

static void run_crash_handlers_on_alt_stacks(void)
{
    run_crash_handlers_on_alt_stack(SIGSEGV);
    run_crash_handlers_on_alt_stack(SIGBUS);
}

static void *trampoline(void *p)
{
    struct sl_bigstack_thread *t = p;
    on_big_stack = true;
    stack_t alt = {.ss_sp = malloc(ALT_STACK_SIZE), .ss_size = ALT_STACK_SIZE};
    bool have_alt = alt.ss_sp && sigaltstack(&alt, NULL) == 0;
    if (have_alt)
        run_crash_handlers_on_alt_stacks();
    t->fn(t->arg);
    if (have_alt) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
    }
    free(alt.ss_sp);
    return NULL;
}

bool sl_bigstack_start(struct sl_bigstack_thread *t, void (*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return false;
    bool started = pthread_attr_setstacksize(&attr, SL_BIGSTACK_SIZE) == 0 &&
                   pthread_create(&t->thread, &attr, trampoline, t) == 0;
    pthread_attr_destroy(&attr);
    return started;
}

void sl_bigstack_join(struct sl_bigstack_thread *t)
{
    pthread_join(t->thread, NULL);
}

void sl_bigstack_call(void (*fn)(void *), void *arg)
{
    struct sl_bigstack_thread t;
    if (on_big_stack) {
        run_crash_handlers_on_alt_stacks(); /* libclang may have re-installed them */
        fn(arg);
    } else if (sl_bigstack_start(&t, fn, arg)) {
        sl_bigstack_join(&t);
    } else {
        fn(arg);
    }
}

void sl_bigstack_configure_libclang(void)
{
    setenv("LIBCLANG_NOTHREADS", "1", 0);
}
