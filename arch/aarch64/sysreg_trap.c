// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped MSR/MRS (EC 0x18). With HCR_EL2.IMO set, only the GIC SGI registers trap; the
 * vGIC takes those over. Anything else is an undefined instruction for the guest.
 */
#include "arch/esr.h"
#include "arch/inject.h"
#include "arch/sysreg.h"
#include "arch/sysreg_trap.h"
#include "arch/trap.h"
#include "arch/vgic.h"
#include "log.h"
#include "ratelimit.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"

/* ISS of EC 0x18 without Rt and direction: identifies the register. */
#define SYSREG_ISS_MASK 0x3ffc1e
#define SYSREG_ISS(op0, op1, crn, crm, op2)                                                        \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define ISS_ICC_SGI1R  SYSREG_ISS(3, 0, 12, 11, 5)
#define ISS_ICC_ASGI1R SYSREG_ISS(3, 0, 12, 11, 6)
#define ISS_ICC_SGI0R  SYSREG_ISS(3, 0, 12, 11, 7)
#define ISS_READ       1u

/* ICC_SGI0R_EL1 writes and every register not emulated: out of line, with their reports. */
static void __attribute__((noinline, cold)) sysreg_other(struct trap_frame *f, u64 esr)
{
	struct percpu *c = this_cpu();
	u32 iss = (u32)ESR_ISS(esr);
	u32 reg = iss & SYSREG_ISS_MASK;

	if (!(iss & ISS_READ) && reg == ISS_ICC_SGI0R) {
		/* Group 0 is the firmware's: nothing to deliver to a guest. */
		pr_debug("zone %u CPU %u: ICC_SGI0R_EL1 write ignored", c->zone->id, c->id);
		f->elr += 4;
		return;
	}

	/* ISS: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]. */
	pr_warn_ratelimited(
		"system register",
		"zone %u CPU %u: %s of system register S%u_%u_C%u_C%u_%u (x%u) at guest "
		"PC %#llx is not emulated: undefined instruction injected",
		c->zone ? c->zone->id : 0, c->id, (iss & 1) ? "read" : "write", (iss >> 20) & 3,
		(iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7,
		(iss >> 5) & 0x1f, (unsigned long long)f->elr);
	inject_guest_undef(f);
}

void guest_sysreg(struct trap_frame *f, u64 esr)
{
	u32 iss = (u32)ESR_ISS(esr);
	u32 reg = iss & SYSREG_ISS_MASK;

	exit_stat(ZONE_STAT_SYSREG);
	trace_exit(f, esr);
	if (likely(!(iss & ISS_READ) && (reg == ISS_ICC_SGI1R || reg == ISS_ICC_ASGI1R))) {
		f->elr += 4;
		vgic_sgi1r_write(frame_reg(f, (iss >> 5) & 0x1f));
		return;
	}
	sysreg_other(f, esr);
}
