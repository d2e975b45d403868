/* SPDX-License-Identifier: GPL-2.0 */
/* What core/ asks of the architecture layer during boot. */
#ifndef HVC_ARCH_HOOKS_H
#define HVC_ARCH_HOOKS_H

#include "types.h"

/* Build the EL2 identity map from board.mem (MMU still off). 0 or -errno. */
int arch_mmu_el2_build(void);
/* Start a secondary CPU through firmware (PSCI CPU_ON). Returns the PSCI status. */
long arch_cpu_start(cpuid_t id, u64 mpidr);
/* A PSCI status as its name, for messages (arch/<arch>/psci.c). */
const char *arch_psci_status_name(long status);
u64 arch_read_mpidr(void);
/* Interrupt controller: distributor once, then each CPU's own interface. */
int arch_irqchip_init(void);
int arch_irqchip_init_cpu(void);
/* INTIDs the interrupt controller implements (for the checker). */
u32 arch_irqchip_lines(void);
/* Is the physical interrupt enabled (a driver of its owner uses it)? */
bool arch_irqchip_enabled(u32 intid);
/* Make the physical SPI pending (a doorbell): it reaches the zone that owns it. */
void arch_irqchip_raise(u32 intid);
/* Make CPU id run the hypervisor's IRQ path now (it looks at its stop and power state). */
void arch_cpu_kick(cpuid_t id);
/* Wait (low power) until *flag becomes non-zero. */
void arch_wait_flag(volatile bool *flag);
void arch_signal_flag(volatile bool *flag);
/* Stop this CPU for good (fatal report done). */
void cpu_halt(void) __attribute__((noreturn));
/*
 * Idle this CPU until the hypervisor gives it work (low power, interrupts still trap).
 * Callable from anywhere: the CPU's stack starts afresh.
 */
void cpu_park(void) __attribute__((noreturn));

#endif
