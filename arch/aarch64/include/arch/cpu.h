/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture part of the per-CPU state. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "arch/vgic.h"

struct percpu;

struct arch_cpu {
	struct vgic_cpu vgic;
	/*
	 * The CPU belongs to a zone in direct interrupt mode, from the zone's creation to its
	 * teardown: others kick it with the Group 0 SGI. direct_on: its GIC CPU interface is
	 * the guest's right now (HCR_EL2.IMO clear), set and cleared by the CPU itself.
	 */
	bool direct;
	bool direct_on;
	/*
	 * GICv3, set once when the CPU comes up (arch_irqchip_init_cpu): the ICC_SGI1R_EL1
	 * value of the hypervisor's kick to this CPU, and for the guest's SGIs, the
	 * ICC_SGI1R_EL1 target fields of this CPU's own group of 16 (Aff3, Aff2, Aff1, RS)
	 * and the board's CPUs in that group by TargetList bit (NULL where there is none).
	 */
	u64 hv_ipi_sgi1r;
	u64 sgi1r_group;
	struct percpu *sgi1r_peer[16];
};

/* In a spin-wait: lets a sibling hardware thread, or an emulator's other vCPUs, run. */
static inline void cpu_relax(void)
{
#ifndef UNIT_TEST
	__asm__ volatile("yield" ::: "memory");
#endif
}

#ifdef UNIT_TEST
void *arch_percpu_base(void);
#else
static inline void *arch_percpu_base(void)
{
	void *p;

	__asm__("mrs %0, tpidr_el2" : "=r"(p));
	return p;
}
#endif

#endif
