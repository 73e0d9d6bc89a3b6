/*
 * deadline.h: wall-clock deadlines for --timeout. A deadline is a point on
 * the monotonic clock in seconds; 0 means "none", so a zeroed configuration
 * never times out.
 */
#ifndef SL_DEADLINE_H
#define SL_DEADLINE_H

#include <stdbool.h>

/* The deadline `seconds` from now; 0 (none) when seconds <= 0. */
double sl_deadline_after(double seconds);
/* True when deadline is set and has passed. */
bool sl_deadline_passed(double deadline);

#endif
