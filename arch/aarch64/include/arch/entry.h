/* SPDX-License-Identifier: GPL-2.0 */
/* Entry points in arch/aarch64/entry.S that C code names. */
#ifndef ARCH_ENTRY_H
#define ARCH_ENTRY_H

/* Where a secondary CPU starts (PSCI CPU_ON), with x0 = its logical id. */
extern char secondary_entry[];

/* The park loop (smp.c) that cpu_park() enters on a fresh stack. */
void cpu_park_loop(void) __attribute__((noreturn));
/* This CPU's zone is being stopped: leave the vCPU and acknowledge (smp.c). */
void cpu_take_stop(void);

#endif
