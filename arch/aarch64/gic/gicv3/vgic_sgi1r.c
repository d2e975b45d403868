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

/* A target in the sender's group that is not a CPU of its zone: dropped, as deliver() says. */
static void __attribute__((noinline, cold)) sgi1r_drop(struct percpu *c, u64 value, u64 list)
{
	deliver(c->zone, INVALID_CPUID, SGI1R_INTID(value),
		sgi1r_target(value, (unsigned int)__builtin_ctzll(list)));
}

/* Several targets in the sender's group (see vgic_sgi1r_write). */
static void __attribute__((noinline)) sgi1r_deliver_group(struct percpu *c, u64 value)
{
	for (u64 list = SGI1R_TARGETS(value); list; list &= list - 1) {
		struct percpu *tc = c->arch.sgi1r_peer[__builtin_ctzll(list)];

		if (likely(tc && tc->zone == c->zone))
			send(tc, SGI1R_INTID(value));
		else
			sgi1r_drop(c, value, list);
	}
}

/*
 * Targets in the sender's own group of 16 (the usual case: a cluster) are found in the
 * table made when the CPU came up, the others by the board's MPIDRs; the zone is checked
 * at each send, as in deliver(). One target is the common case: every call here is a
 * tail call, without a stack frame.
 */
void vgic_sgi1r_write(u64 value)
{
	struct percpu *c = this_cpu();
	u64 list = SGI1R_TARGETS(value);
	struct percpu *tc;

	if (unlikely((value & SGI1R_IRM) || (value & SGI1R_GROUP_MASK) != c->arch.sgi1r_group)) {
		sgi1r_deliver_all(c, value);
		return;
	}
	if (unlikely(!list || (list & (list - 1)))) {
		sgi1r_deliver_group(c, value);
		return;
	}
	tc = c->arch.sgi1r_peer[__builtin_ctzll(list)];
	if (likely(tc && tc->zone == c->zone))
		send(tc, SGI1R_INTID(value));
	else
		sgi1r_drop(c, value, list);
}
