// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from zones. Every argument is checked: an address must lie in the calling
 * zone's RAM before the hypervisor touches it. Codes not implemented yet, and unknown
 * codes, return -ENOSYS (hvisor returns 0 for unknown codes; a clear error is better).
 */
#include "hv_errno.h"
#include "hvisor/hypercall.h"
#include "hvisor/zone_config.h"
#include "hypercall.h"
#include "log.h"
#include "ratelimit.h"
#include "percpu.h"
#include "zone.h"

static long hc_config_check(struct zone *z, u64 ipa)
{
	paddr_t pa;

	if ((ipa & 7) || zone_ram_ipa_to_pa(z, ipa, sizeof(u64), &pa)) {
		pr_warn_ratelimited("config check address",
				    "zone %u: config check: address %#llx is not an aligned u64 in "
				    "the zone's RAM",
				    z->id, (unsigned long long)ipa);
		return -EFAULT;
	}
	*(volatile u64 *)(uintptr_t)pa = CONFIG_MAGIC_VERSION;
	return 0;
}

long hypercall(struct zone *z, u64 code, u64 arg0, u64 arg1)
{
	(void)arg1;
	switch (code) {
	case HVISOR_HC_CONFIG_CHECK:
		return hc_config_check(z, arg0);
	default:
		pr_debug("zone %u CPU %u: hypercall %llu is not implemented", z->id, this_cpu_id(),
			 (unsigned long long)code);
		return -ENOSYS;
	}
}
