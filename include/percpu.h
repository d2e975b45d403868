/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU state. Each CPU's area holds this struct at its base and its EL2 stack above. */
#ifndef HVC_PERCPU_H
#define HVC_PERCPU_H

#include "types.h"

struct zone;

struct percpu {
	cpuid_t id;
	u64 mpidr;
	struct zone *zone; /* the zone this CPU runs, NULL when parked */
	bool boot_cpu; /* first CPU of its zone */
	volatile bool online;
};

#ifndef HV_MAX_CPUS
#define HV_MAX_CPUS 8
#endif

struct percpu *this_cpu(void);
struct percpu *percpu_of(cpuid_t id);
cpuid_t this_cpu_id(void);

void percpu_init(cpuid_t id, u64 mpidr);

#endif
