// SPDX-License-Identifier: GPL-2.0
/* Where a zone's RAM is, seen from the hypervisor: linked alone by the DT fix-up tests. */
#include "hv_errno.h"
#include "hv_mem.h"
#include "util.h"
#include "zone.h"

int zone_ram_ipa_to_pa(const struct zone *z, ipaddr_t ipa, u64 size, paddr_t *pa)
{
	for (unsigned int i = 0; i < z->cfg.num_memory_regions; i++) {
		const struct memory_region *r = &z->cfg.memory_regions[i];

		if (r->mem_type == MEM_TYPE_RAM &&
		    range_within(ipa, size, r->virtual_start, r->size)) {
			paddr_t p = ipa - r->virtual_start + r->physical_start;

			if (!hv_can_access(p, size))
				return -EFAULT;
			*pa = p;
			return 0;
		}
	}
	return -EFAULT;
}
