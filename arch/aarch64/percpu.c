// SPDX-License-Identifier: GPL-2.0
/* Per-CPU areas: TPIDR_EL2 holds the base of the running CPU's area. */
#include "percpu.h"
#include "arch/asm_defs.h"
#include "arch/sysreg.h"

struct percpu_area {
	union {
		struct percpu cpu;
		u8 bytes[PERCPU_SIZE];
	};
} __attribute__((aligned(4096)));

_Static_assert(sizeof(struct percpu_area) == PERCPU_SIZE, "per-CPU area size");
_Static_assert(__builtin_offsetof(struct percpu, stop_req) == PERCPU_OFF_STOP_REQ,
	       "vectors.S reads stop_req at PERCPU_OFF_STOP_REQ");

struct percpu_area percpu_areas[HV_MAX_CPUS];

struct percpu *percpu_of(cpuid_t id)
{
	return id < HV_MAX_CPUS ? &percpu_areas[id].cpu : NULL;
}

void percpu_init(cpuid_t id, u64 mpidr)
{
	struct percpu *c = this_cpu();

	c->id = id;
	c->mpidr = mpidr;
	c->power = VCPU_OFF;
}
