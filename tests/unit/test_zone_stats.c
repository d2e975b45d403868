// SPDX-License-Identifier: GPL-2.0
/*
 * Per-zone exit statistics (core/zone_stats.c, exit_stat() in percpu.h): each CPU counts
 * in its own array; a zone's answer is the sum over its CPUs only, whatever the other
 * CPUs counted for their zones; a CPU joining a zone starts from zero.
 */
// sources: core/zone_stats.c
#include "unit.h"
#include "percpu.h"
#include "zone.h"

static struct percpu cpus[HV_MAX_CPUS];
static struct percpu *running;
static struct zone zone;

void *arch_percpu_base(void)
{
	return running;
}

struct percpu *percpu_of(cpuid_t id)
{
	return id < HV_MAX_CPUS ? &cpus[id] : NULL;
}

/* n exits of kind k on CPU cpu, as its exit paths count them. */
static void exits_on(cpuid_t cpu, enum zone_stat k, unsigned int n)
{
	running = &cpus[cpu];
	while (n--)
		exit_stat(k);
}

static void test_sum_over_the_zones_cpus(void **state)
{
	struct zone_stats st;

	(void)state;
	memset(cpus, 0, sizeof(cpus));
	zone = (struct zone){ .id = 3, .cpus = (1u << 1) | (1u << 2) };
	exits_on(1, ZONE_STAT_HYPERCALL, 5);
	exits_on(2, ZONE_STAT_HYPERCALL, 2);
	exits_on(2, ZONE_STAT_OTHER, 1);
	exits_on(0, ZONE_STAT_HYPERCALL, 100); /* another zone's CPUs */
	exits_on(3, ZONE_STAT_MMIO_GICD, 100);
	memset(&st, 0xa5, sizeof(st));
	zone_stats_sum(&zone, &st);
	assert_int_equal(st.zone_id, 3);
	assert_int_equal(st.nr_counters, ZONE_STAT_NR);
	assert_int_equal(st.count[ZONE_STAT_HYPERCALL], 7);
	assert_int_equal(st.count[ZONE_STAT_OTHER], 1);
	for (unsigned int k = 0; k < ZONE_STAT_NR; k++)
		if (k != ZONE_STAT_HYPERCALL && k != ZONE_STAT_OTHER)
			assert_int_equal(st.count[k], 0);
}

static void test_joining_cpu_starts_from_zero(void **state)
{
	struct zone_stats st;

	(void)state;
	memset(cpus, 0, sizeof(cpus));
	exits_on(2, ZONE_STAT_IRQ, 9); /* counted for the zone CPU 2 ran before */
	zone = (struct zone){ .id = 1, .cpus = 1u << 2 };
	zone_stats_reset(&cpus[2]);
	exits_on(2, ZONE_STAT_IRQ, 4);
	zone_stats_sum(&zone, &st);
	assert_int_equal(st.count[ZONE_STAT_IRQ], 4);
}

static void test_names(void **state)
{
	(void)state;
	for (unsigned int k = 0; k < ZONE_STAT_NR; k++)
		assert_non_null(zone_stat_names[k]);
	assert_string_equal(zone_stat_names[ZONE_STAT_HYPERCALL], "hypercall");
	assert_string_equal(zone_stat_names[ZONE_STAT_MMIO_UNHANDLED], "mmio_unhandled");
	assert_string_equal(zone_stat_names[ZONE_STAT_OTHER], "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_sum_over_the_zones_cpus),
		UNIT_CASE(test_joining_cpu_starts_from_zero),
		UNIT_CASE(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
