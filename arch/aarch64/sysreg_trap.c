// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped MSR/MRS (EC 0x18). With HCR_EL2.IMO set, only the GIC SGI registers trap; the
 * vGIC takes those over. Anything else is an undefined instruction for the guest.
 */
#include "arch/esr.h"
#include "arch/sysreg.h"
#include "arch/trap.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

void guest_sysreg(struct trap_frame *f, u64 esr)
{
	struct percpu *c = this_cpu();
	u32 iss = (u32)ESR_ISS(esr);

	/* ISS: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]. */
	pr_warn("zone %u CPU %u: %s of system register S%u_%u_C%u_C%u_%u (x%u) at guest "
		"PC %#llx is not emulated: undefined instruction injected",
		c->zone ? c->zone->id : 0, c->id, (iss & 1) ? "read" : "write", (iss >> 20) & 3,
		(iss >> 14) & 7, (iss >> 10) & 0xf, (iss >> 1) & 0xf, (iss >> 17) & 7, (iss >> 5) & 0x1f,
		(unsigned long long)f->elr);
	inject_guest_undef(f);
}
