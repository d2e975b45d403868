// SPDX-License-Identifier: GPL-2.0
/*
 * Guest SGIs: a write to ICC_SGI1R_EL1 traps (HCR_EL2.IMO, or FMO in direct mode) and is
 * delivered as virtual SGIs (physical ones in direct mode) to the named CPUs of the same
 * zone only; targets outside the zone are dropped.
 */
#include "arch/gicv3.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "board.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

/*
 * A vSGI, or in direct mode (a zone's CPUs all are, or none) a physical Group 1 SGI:
 * list registers do not reach such a CPU.
 */
static void send(struct percpu *tc, u32 intid)
{
	if (unlikely(tc->arch.direct))
		irqchip_send_guest_sgi(tc, intid);
	else
		vgic_send_sgi(tc, intid);
}

static void deliver(struct zone *z, cpuid_t t, u32 intid, u64 mpidr)
{
	struct percpu *tc = percpu_of(t);

	if (t == INVALID_CPUID || !tc || tc->zone != z) {
		pr_debug("zone %u CPU %u: SGI %u to MPIDR %#llx, outside the zone: dropped", z->id,
			 this_cpu_id(), intid, (unsigned long long)mpidr);
		return;
	}
	send(tc, intid);
}

/* The MPIDR affinity of target `bit` of the value's TargetList. */
static inline u64 sgi1r_target(u64 value, unsigned int bit)
{
	return SGI1R_AFF3(value) << MPIDR_AFF3_SHIFT | SGI1R_AFF2(value) << MPIDR_AFF2_SHIFT |
	       SGI1R_AFF1(value) << MPIDR_AFF1_SHIFT | (SGI1R_RS(value) * 16 + bit);
}

static void __attribute__((noinline)) sgi1r_deliver_all(struct percpu *c, u64 value)
{
	struct zone *z = c->zone;
	u32 intid = SGI1R_INTID(value);

	if (value & SGI1R_IRM) {
		/* "All but self": every other CPU of the zone. */
		for (cpuid_t t = 0; t < board.nr_cpus; t++)
			if (t != c->id && percpu_of(t)->zone == z)
				send(percpu_of(t), intid);
		return;
	}
	for (u64 list = SGI1R_TARGETS(value); list; list &= list - 1) {
		u64 mpidr = sgi1r_target(value, (unsigned int)__builtin_ctzll(list));

		deliver(z, board_cpuid_of_mpidr(&board, mpidr), intid, mpidr);
	}
}

void vgic_sgi1r_write(u64 value)
{
	struct percpu *c = this_cpu();
	u64 list = SGI1R_TARGETS(value);

	/* One target, the sending CPU itself (a vCPU kicking itself): no table walk. */
	if (!(value & SGI1R_IRM) && list && !(list & (list - 1)) &&
	    sgi1r_target(value, (unsigned int)__builtin_ctzll(list)) ==
		    (c->mpidr & MPIDR_AFF_MASK)) {
		send(c, SGI1R_INTID(value));
		return;
	}
	sgi1r_deliver_all(c, value);
}
