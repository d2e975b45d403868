/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for bare-metal EL1 test guests: console, HVC/SMC, check reporting. */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#define GUEST_UART 0x09000000UL /* QEMU virt PL011 */

/* CNTVCT_EL0 at the guest's first instruction (common/start.S). */
extern uint64_t guest_entry_ticks;

void guest_puts(const char *s);
/* Where output goes instead of the UART, when set (a zone without a console of its own). */
extern void (*volatile guest_putc_hook)(char c);
/*
 * From now on output goes to [addr, addr + size) as one NUL-terminated text (a zone
 * without a console: the root reads it there, hvisor-probe peek).
 */
void guest_report_to(uintptr_t addr, uint64_t size);
/* Formats: %d (int64_t), %u (uint64_t), %x (uint64_t, printed with 0x), %s. */
void guest_printf(const char *fmt, ...);

struct smc_res {
	int64_t x0;
};

int64_t guest_hvc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
int64_t guest_smc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);

/* Print "GUEST: <name>: PASS" or "GUEST: <name>: FAIL <why>" and count it. */
void guest_check(const char *name, bool ok, const char *fmt, ...);
void guest_done(void); /* "GUEST: done N passed, M failed", then PSCI SYSTEM_OFF */

/* Set by the exception vectors for synchronous exceptions the guest takes. */
struct guest_exc {
	volatile unsigned int count;
	volatile uint64_t esr, far, elr;
};
extern struct guest_exc guest_last_exc;
/* The same, per CPU (MPIDR Aff0 0 and 1), for guests whose two CPUs fault at once. */
extern struct guest_exc guest_cpu_exc[2];

/*
 * Optional IRQ handler. When set, IRQs taken at EL1 (vector kinds 1 and 5) call it with
 * the vector kind and the saved registers; unset, they stay unexpected exceptions.
 */
/* 32-bit EL0 (tests/guests/common/a32.S): the first exception from it returns here. */
extern char a32_code_load[], a32_code_loop[];
void run_a32_el0(void *code, uint64_t r1);
/* What ended the last run_a32_el0: its vector (12 sync, 13 IRQ) and how many ran. */
extern volatile unsigned int a32_exit_kind, a32_exits;
/* Does EL0 support AArch32 (ID_AA64PFR0_EL1.EL0 == 2)? */
bool guest_has_a32_el0(void);

/* Second vCPU (common/secondary.S): PSCI CPU_ON entry; it runs secondary_main(context). */
extern char guest_secondary_entry[];
void secondary_main(uint64_t ctx);

/*
 * Words the system test puts in guest RAM before the guest starts (QEMU -device
 * loader,data=...), 1 MiB below the load address: what to run, a seed, a size. All 0
 * when the test passes nothing.
 */
#define GUEST_PARAMS ((volatile uint64_t *)(uintptr_t)(GUEST_LOAD - 0x100000UL))

/* Stage-1 identity map (common/mmu.c): RAM Normal, the GIC Normal non-cacheable (so
 * unaligned accesses reach the hypervisor), other devices Device-nGnRnE; EL1 only. */
void guest_mmu_on(void);
void guest_mmu_off(void);

typedef void (*guest_irq_fn)(unsigned int kind, uint64_t *regs);
extern volatile guest_irq_fn guest_irq_hook;

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t __v;                                                                      \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})

#endif
