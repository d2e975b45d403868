// SPDX-License-Identifier: GPL-2.0
/* Message rate limiting (see ratelimit.h). */
#include "arch/time.h"
#include "log.h"
#include "ratelimit.h"

bool ratelimit_ok(struct ratelimit *r, const char *what)
{
	u64 now = arch_counter();

	if (now >= r->window_end) {
		if (r->suppressed)
			pr_warn("%u more '%s' messages were suppressed", r->suppressed, what);
		r->window_end = now + RATELIMIT_WINDOW_US * arch_counter_freq() / 1000000;
		r->left = r->burst ? r->burst : RATELIMIT_BURST;
		r->suppressed = 0;
	}
	if (r->left) {
		r->left--;
		return true;
	}
	r->suppressed++;
	return false;
}
