// SPDX-License-Identifier: GPL-2.0
/*
 * Per-zone exit statistics (ZONE_STATS, `hvisor zone stats`). Each CPU counts the exits it
 * takes in its own per-CPU array (exit_stat() in percpu.h), zeroed when it joins a zone,
 * so the exit paths take no lock and share no cache line. A CPU belongs to one zone at a
 * time and a zone's CPUs do not change while it exists, so a zone's counts are the sum
 * over its CPUs, read while they run: a snapshot, each count exact at some moment.
 */
#include "percpu.h"
#include "string.h"
#include "zone.h"

#define ZONE_STAT_NAME(name, text) [ZONE_STAT_##name] = text,
const char *const zone_stat_names[ZONE_STAT_NR] = { ZONE_STATS_LIST(ZONE_STAT_NAME) };
#undef ZONE_STAT_NAME

void zone_stats_reset(struct percpu *c)
{
	memset(c->exits, 0, sizeof(c->exits));
}

void zone_stats_sum(const struct zone *z, struct zone_stats *out)
{
	out->zone_id = z->id;
	out->nr_counters = ZONE_STAT_NR;
	for (unsigned int k = 0; k < ZONE_STAT_NR; k++)
		out->count[k] = 0;
	for (cpuid_t cpu = 0; cpu < HV_MAX_CPUS; cpu++) {
		const struct percpu *c = (z->cpus >> cpu) & 1 ? percpu_of(cpu) : NULL;

		if (!c)
			continue;
		for (unsigned int k = 0; k < ZONE_STAT_NR; k++)
			out->count[k] += __atomic_load_n(&c->exits[k], __ATOMIC_RELAXED);
	}
}
