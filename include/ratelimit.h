/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limits for messages a guest can trigger at will: a zone that faults in a loop must
 * not be able to flood the console the other zones and the user share.
 */
#ifndef HVC_RATELIMIT_H
#define HVC_RATELIMIT_H

#include "types.h"
#include "arch/time.h"

#define RATELIMIT_BURST	    10
#define RATELIMIT_WINDOW_US 5000000ULL

/*
 * One per message site; zero-initialised. Races only blur the counts. The window's end is
 * kept in raw counter ticks and its budget as the messages it still allows (left), so a
 * suppressed message costs a compare, a counter read, a compare and an increment: a
 * guest hammering a failing path must not make it slower.
 */
struct ratelimit {
	u64 window_end;	   /* counter value at which the next window opens */
	unsigned int left; /* messages this window may still print */
	unsigned int suppressed;
	unsigned int burst; /* messages per window; 0: RATELIMIT_BURST */
};

/* May this message be printed now? When a new window opens after suppressing some, says
 * how many were dropped. */
bool ratelimit_ok(struct ratelimit *r, const char *what);

/*
 * The common case of a guest repeating a refused request, inline at the message site: the
 * window's budget is spent and the window still open, so the message is only counted.
 * Anything else (a message to print, a new window) goes to ratelimit_ok(). The counter
 * is read without a barrier: a read a few instructions early only moves the window's end
 * by as much.
 */
static inline __attribute__((always_inline)) bool ratelimit_suppressed(struct ratelimit *r)
{
	if (r->left || arch_counter_relaxed() >= r->window_end)
		return false;
	r->suppressed++;
	return true;
}

#define pr_warn_ratelimited_burst(burst_, what, ...)                                               \
	do {                                                                                       \
		static struct ratelimit __rl = { .burst = (burst_) };                              \
		if (LOG_WARN <= LOG_LEVEL && !ratelimit_suppressed(&__rl) &&                       \
		    ratelimit_ok(&__rl, what))                                                     \
			log_msg(LOG_WARN, __VA_ARGS__);                                            \
	} while (0)

#define pr_warn_ratelimited(what, ...) pr_warn_ratelimited_burst(RATELIMIT_BURST, what, __VA_ARGS__)

/*
 * A message site whose limiter r is shared by a fast path that calls
 * ratelimit_suppressed(r) inline before calling the function that prints: here only
 * the full check (a new window, or budget left) and the message.
 */
#define pr_warn_ratelimited_at(r, what, ...)                                                       \
	do {                                                                                       \
		if (LOG_WARN <= LOG_LEVEL && ratelimit_ok((r), what))                              \
			log_msg(LOG_WARN, __VA_ARGS__);                                            \
	} while (0)

#endif
