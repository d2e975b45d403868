/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture part of the per-CPU state. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "arch/vgic.h"

struct arch_cpu {
	struct vgic_cpu vgic;
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
