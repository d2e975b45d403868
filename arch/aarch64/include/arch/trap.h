/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register frame saved on every exception entry (arch/aarch64/vectors.S) and the
 * handlers the vectors call (arch/aarch64/trap.c).
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include "types.h"
#include "arch/asm_defs.h"
#include "arch/esr.h"
#include "log.h"

struct trap_frame {
	u64 x[31];
	u64 elr;
	u64 spsr;
	u64 pad;
};

_Static_assert(__builtin_offsetof(struct trap_frame, elr) == FRAME_ELR, "FRAME_ELR");
_Static_assert(__builtin_offsetof(struct trap_frame, spsr) == FRAME_SPSR, "FRAME_SPSR");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "FRAME_SIZE");

enum el2_exception_kind {
	EXC_EL2_SYNC,
	EXC_EL2_IRQ,
	EXC_EL2_FIQ,
	EXC_EL2_SERROR,
	EXC_EL2_SP0,
};

/* Register n as an instruction operand sees it: 31 is XZR. */
static inline u64 frame_reg(const struct trap_frame *f, unsigned int n)
{
	return n < 31 ? f->x[n] : 0;
}

static inline void frame_set_reg(struct trap_frame *f, unsigned int n, u64 v)
{
	if (n < 31)
		f->x[n] = v;
}

/* LOG=trace: every synchronous exit, whichever handler the vector calls. */
static inline void trace_exit(const struct trap_frame *f, u64 esr)
{
	pr_trace("exit: EC %#llx ESR %#llx PC %#llx x0 %#llx", (unsigned long long)ESR_EC(esr),
		 (unsigned long long)esr, (unsigned long long)f->elr, (unsigned long long)f->x[0]);
}

/* Enter the guest the frame describes (vectors.S; the frame is at the stack top). */
void guest_enter(struct trap_frame *frame) __attribute__((noreturn));

/*
 * Exits from a guest, one per vector kind (trap.c). guest_call takes HVC and SMC from a
 * short frame (x0-x18, x30, ELR, SPSR: vectors.S) and returns the guest's new x0; it may
 * change x1-x17 and ELR in the frame, nothing else. guest_sync takes every other
 * synchronous exit, with the full frame.
 */
u64 guest_call(struct trap_frame *f, u64 esr);
void guest_sync(struct trap_frame *f, u64 esr);
void guest_irq(struct trap_frame *f);
/* The IRQ vector's way out when guest_irq left this CPU's stop_req set: park it. */
void guest_irq_stop(void) __attribute__((noreturn));
void guest_fiq(struct trap_frame *f);
void guest_serror(struct trap_frame *f);
/* An exception at EL2 itself (a hypervisor bug): report everything, then stop. */
void el2_exception_report(struct trap_frame *f, unsigned int kind);

#endif
