// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI for guests, over SMC or HVC. The zone sees a PSCI 1.1 firmware. SYSTEM_OFF and
 * SYSTEM_RESET from the root zone go to the real firmware (the whole machine).
 */
#include "arch/psci.h"
#include "arch/trap.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

static long psci_features(u64 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

static long psci_system(struct zone *z, u64 fn)
{
	const char *what = fn == PSCI_SYSTEM_OFF ? "SYSTEM_OFF" : "SYSTEM_RESET";

	if (z->id != 0) {
		/* Ending one zone is zone management, which comes with non-root zones. */
		pr_warn("zone %u: PSCI %s from a non-root zone is not supported yet", z->id, what);
		return PSCI_NOT_SUPPORTED;
	}
	pr_info("zone 0 asked for PSCI %s: passing it to the firmware", what);
	return smc_call(fn, 0, 0, 0); /* returns only if the firmware refuses */
}

void psci_guest_call(struct trap_frame *f)
{
	struct zone *z = this_cpu()->zone;
	u64 fn = f->x[0] & 0xffffffffULL;
	long ret;

	switch (fn) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FEATURES:
		ret = psci_features(f->x[1] & 0xffffffffULL);
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		ret = psci_system(z, fn);
		break;
	default:
		pr_debug("zone %u CPU %u: PSCI function %#llx not supported", z->id, this_cpu_id(),
			 (unsigned long long)fn);
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	f->x[0] = (u64)ret;
}

void smccc_guest_call(struct trap_frame *f)
{
	struct zone *z = this_cpu()->zone;

	pr_debug("zone %u CPU %u: SMC %#llx not supported", z->id, this_cpu_id(),
		 (unsigned long long)f->x[0]);
	f->x[0] = (u64)PSCI_NOT_SUPPORTED; /* SMCCC's NOT_SUPPORTED is also -1 */
}
