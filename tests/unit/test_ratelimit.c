// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for core/ratelimit.c: a guest faulting in a loop gets its first messages
 * printed, the rest counted, and the count reported when the next window opens.
 */
// sources: core/ratelimit.c

#include "unit.h"
#include "log_collect.h"
#include "arch/time.h"
#include "ratelimit.h"

static u64 now_us = 1000;

/* A 1 MHz counter: one tick per microsecond. */
u64 arch_counter(void)
{
	return now_us;
}

u64 arch_counter_freq(void)
{
	return 1000000;
}

static void test_burst_then_suppressed(void **state)
{
	struct ratelimit r = { 0 };
	unsigned int ok = 0;

	(void)state;
	log_lines.n = 0;
	for (int i = 0; i < 100; i++)
		ok += ratelimit_ok(&r, "unhandled MMIO");
	assert_int_equal(ok, RATELIMIT_BURST);
	assert_int_equal(r.suppressed, 100 - RATELIMIT_BURST);
	assert_int_equal(log_lines.n, 0);
}

static void test_next_window_reports_and_resets(void **state)
{
	struct ratelimit r = { 0 };

	(void)state;
	log_lines.n = 0;
	for (int i = 0; i < 25; i++)
		ratelimit_ok(&r, "unhandled MMIO");
	now_us += RATELIMIT_WINDOW_US - 1;
	assert_false(ratelimit_ok(&r, "unhandled MMIO")); /* still the same window */
	now_us += 1;
	assert_true(ratelimit_ok(&r, "unhandled MMIO"));
	assert_int_equal(log_lines.n, 1);
	assert_int_equal(log_lines.level[0], LOG_WARN);
	assert_non_null(
		strstr(log_lines.line[0], "16 more 'unhandled MMIO' messages were suppressed"));
	assert_int_equal(r.suppressed, 0);
	assert_int_equal(r.left, RATELIMIT_BURST - 1);
}

static void test_quiet_window_says_nothing(void **state)
{
	struct ratelimit r = { 0 };

	(void)state;
	log_lines.n = 0;
	assert_true(ratelimit_ok(&r, "x"));
	now_us += 2 * RATELIMIT_WINDOW_US;
	assert_true(ratelimit_ok(&r, "x"));
	assert_int_equal(log_lines.n, 0);
}

/*
 * The inline check message sites make first (pr_warn_ratelimited): it suppresses only
 * once the window's budget is spent, counts what it suppresses, and lets the message
 * through to ratelimit_ok when a new window opens, which reports the count.
 */
static void test_inline_suppressed(void **state)
{
	struct ratelimit r = { .burst = 3 };
	unsigned int printed = 0, suppressed = 0;

	(void)state;
	log_lines.n = 0;
	for (int i = 0; i < 30; i++) {
		if (ratelimit_suppressed(&r))
			suppressed++;
		else if (ratelimit_ok(&r, "hypercall buffer"))
			printed++;
	}
	assert_int_equal(printed, 3);
	assert_int_equal(suppressed, 27);
	assert_int_equal(r.suppressed, 27);
	now_us += RATELIMIT_WINDOW_US - 1;
	assert_true(ratelimit_suppressed(&r)); /* still the same window */
	now_us += 1;
	assert_false(ratelimit_suppressed(&r));
	assert_true(ratelimit_ok(&r, "hypercall buffer"));
	assert_int_equal(log_lines.n, 1);
	assert_non_null(
		strstr(log_lines.line[0], "28 more 'hypercall buffer' messages were suppressed"));
	assert_int_equal(r.left, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_suppressed),
		cmocka_unit_test(test_next_window_reports_and_resets),
		cmocka_unit_test(test_quiet_window_says_nothing),
		cmocka_unit_test(test_inline_suppressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
