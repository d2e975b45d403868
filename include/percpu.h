/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU state. Each CPU's area holds this struct at its base and its EL2 stack above. */
#ifndef HVC_PERCPU_H
#define HVC_PERCPU_H

#include "types.h"
#include "arch/cpu.h"
#include "hvisor/zone_config.h"
#include "spinlock.h"

struct zone;

/* The vCPU's power state as PSCI reports it (AFFINITY_INFO values). */
enum vcpu_power {
	VCPU_ON = 0,
	VCPU_OFF = 1,
	VCPU_ON_PENDING = 2,
};

struct percpu {
	/*
	 * Exits this CPU took in its zone, by kind (enum zone_stat), since it joined the zone
	 * (zeroed then). A CPU belongs to one zone at a time, so a zone's counts are the sum
	 * over its CPUs (zone_stats_sum). Only this CPU writes them: no lock, no atomic.
	 * First in the struct: a count by a kind held in a register is one indexed load
	 * and store off the per-CPU base.
	 */
	u64 exits[ZONE_STAT_NR];
	cpuid_t id;
	u64 mpidr;
	struct zone *zone;     /* the zone this CPU runs, NULL when parked */
	bool boot_cpu;	       /* first CPU of its zone */
	volatile bool online;  /* checked in at boot */
	spinlock_t power_lock; /* power, on_entry, on_context */
	volatile enum vcpu_power power;
	u64 on_entry; /* PSCI CPU_ON: where and with what x0 the vCPU starts */
	u64 on_context;
	/* The zone is being stopped: leave it and park, then clear this (zone_shutdown). */
	volatile bool stop_req;
	struct arch_cpu arch;
};

#ifndef HV_MAX_CPUS
#define HV_MAX_CPUS 8
#endif

struct percpu *percpu_of(cpuid_t id);

/* The running CPU's area (arch: a register holds it), inline on every exit path. */
static inline struct percpu *this_cpu(void)
{
	return (struct percpu *)arch_percpu_base();
}

static inline cpuid_t this_cpu_id(void)
{
	return this_cpu()->id;
}

void percpu_init(cpuid_t id, u64 mpidr);

/*
 * Count one exit of kind k for the running CPU c's zone: a load, an add and a store (make
 * EXIT_STATS=0 compiles it out, which is how the bench measures what it costs).
 */
#ifndef HV_EXIT_STATS
#define HV_EXIT_STATS 1
#endif
static inline void exit_stat_on(struct percpu *c, enum zone_stat k)
{
#if HV_EXIT_STATS
	c->exits[k]++;
#else
	(void)c;
	(void)k;
#endif
}

static inline void exit_stat(enum zone_stat k)
{
	exit_stat_on(this_cpu(), k);
}

#endif
