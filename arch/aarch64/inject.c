// SPDX-License-Identifier: GPL-2.0
/*
 * Reflecting synchronous exceptions into a guest: what the CPU would have done had the
 * exception been taken to EL1 (ESR/FAR/ELR/SPSR_EL1 set, PC to the right vector).
 */
#include "arch/esr.h"
#include "arch/inject.h"
#include "arch/sysreg.h"
#include "arch/trap.h"

/* Offset in VBAR_EL1 of the synchronous vector for the guest's mode at the exception. */
static u64 vector_offset(u64 spsr)
{
	if (spsr & SPSR_M_AARCH32)
		return 0x600; /* lower EL (a 32-bit EL0 process), AArch32 */
	switch (spsr & SPSR_M_MASK) {
	case SPSR_M_EL1T:
		return 0x000; /* current EL with SP_EL0 */
	case SPSR_M_EL0T:
		return 0x400; /* lower EL, AArch64 */
	default:
		return 0x200; /* current EL with SP_EL1 */
	}
}

static void inject_sync(struct trap_frame *f, u64 esr)
{
	write_sysreg(esr_el1, esr);
	write_sysreg(elr_el1, f->elr);
	write_sysreg(spsr_el1, f->spsr);
	f->elr = read_sysreg(vbar_el1) + vector_offset(f->spsr);
	f->spsr = SPSR_GUEST_RESET; /* EL1h, D A I F masked, as the exception entry does */
}

void inject_guest_abort(struct trap_frame *f, bool data, bool write, u64 far)
{
	bool from_el0 = (f->spsr & SPSR_M_AARCH32) || (f->spsr & SPSR_M_MASK) == SPSR_M_EL0T;
	u64 ec = data ? (from_el0 ? EC_DABT_LOW : EC_DABT_CUR)
		      : (from_el0 ? EC_IABT_LOW : EC_IABT_CUR);
	u64 esr = (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA;

	if (data && write)
		esr |= ESR_DABT_WNR;
	write_sysreg(far_el1, far);
	inject_sync(f, esr);
}

void inject_guest_undef(struct trap_frame *f)
{
	inject_sync(f, ((u64)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL);
}
