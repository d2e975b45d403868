// SPDX-License-Identifier: GPL-2.0
/*
 * Collects the config checker's messages (its report callback) so tests can assert how many
 * errors there were and what they say. Shared by the checker tests; needs unit.h first.
 */
#ifndef HVC_TESTS_CHECK_COLLECT_H
#define HVC_TESTS_CHECK_COLLECT_H

#include <stdio.h>
#include "config_check.h"

#define COLLECT_MAX 32
#define COLLECT_LEN 512

struct collect {
	unsigned int n;
	bool error[COLLECT_MAX];
	char msg[COLLECT_MAX][COLLECT_LEN];
};

static inline void collect_report(void *arg, bool error, const char *msg)
{
	struct collect *c = arg;

	/* The checker formats into 400 bytes: a longer message means it overran its buffer. */
	assert_true(strlen(msg) < 400);
	if (c->n < COLLECT_MAX) {
		c->error[c->n] = error;
		snprintf(c->msg[c->n], COLLECT_LEN, "%s", msg);
	}
	c->n++;
}

static inline struct check_ctx collect_ctx(struct collect *c, const char *where, u64 hv_start,
					   u64 hv_end, unsigned int max_cpus)
{
	struct check_ctx ctx = {
		.where = where,
		.hv_start = hv_start,
		.hv_end = hv_end,
		.max_cpus = max_cpus,
		.report = collect_report,
		.arg = c,
	};

	memset(c, 0, sizeof(*c));
	return ctx;
}

/* Print what was collected: shown by cmocka only when a test fails. */
static inline void collect_dump(const struct collect *c)
{
	for (unsigned int i = 0; i < c->n && i < COLLECT_MAX; i++)
		print_message("  checker said: %s\n", c->msg[i]);
}

/* How many collected errors contain every one of the (NULL-terminated) needles. */
static inline unsigned int collect_count(const struct collect *c, const char *const *needles)
{
	unsigned int hits = 0;

	for (unsigned int i = 0; i < c->n && i < COLLECT_MAX; i++) {
		bool all = c->error[i];

		for (unsigned int k = 0; all && needles[k]; k++)
			all = unit_contains(c->msg[i], needles[k]);
		hits += all;
	}
	return hits;
}

#define COLLECT_HAS(c, ...) collect_count((c), (const char *const[]){ __VA_ARGS__, NULL })

#endif
