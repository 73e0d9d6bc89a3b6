/*
 * bigstack.c: calls on a thread with a large stack (bigstack.h). A thread
 * per call costs microseconds, nothing next to parsing a file, and keeps the
 * callers (sequential or -j workers) unaware of it.
 */
#define _DEFAULT_SOURCE /* setenv, sigaltstack, SA_ONSTACK */

#include "bigstack.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

/* Room for a signal handler to run once the thread's own stack is gone. */
#define ALT_STACK_SIZE ((size_t)256 << 10)

struct call {
    void (*fn)(void *);
    void *arg;
};

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

static void *trampoline(void *p)
{
    struct call *c = p;
    stack_t alt = {.ss_sp = malloc(ALT_STACK_SIZE), .ss_size = ALT_STACK_SIZE};
    bool have_alt = alt.ss_sp && sigaltstack(&alt, NULL) == 0;
    if (have_alt) {
        run_crash_handlers_on_alt_stack(SIGSEGV);
        run_crash_handlers_on_alt_stack(SIGBUS);
    }
    c->fn(c->arg);
    if (have_alt) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
    }
    free(alt.ss_sp);
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
