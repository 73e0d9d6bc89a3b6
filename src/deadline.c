/*
 * deadline.c: deadlines on CLOCK_MONOTONIC (deadline.h), which neither jumps
 * with the wall clock nor stops for other processes.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include "deadline.h"

#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double sl_deadline_after(double seconds)
{
    return seconds > 0 ? now() + seconds : 0;
}

bool sl_deadline_passed(double deadline)
{
    return deadline > 0 && now() > deadline;
}
