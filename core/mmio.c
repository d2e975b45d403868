// SPDX-License-Identifier: GPL-2.0
/* MMIO emulation: per-zone handlers by guest address range, first match wins. */
#include "hv_errno.h"
#include "log.h"
#include "mmio.h"
#include "ratelimit.h"
#include "util.h"
#include "zone.h"

int mmio_register(struct zone *z, ipaddr_t start, u64 size, mmio_handler_t h, void *arg)
{
	if (z->nr_mmio >= ZONE_MAX_MMIO)
		return -ENOMEM;
	z->mmio[z->nr_mmio++] = (struct mmio_region){ start, size, h, arg };
	return 0;
}

int mmio_dispatch(struct zone *z, ipaddr_t addr, struct mmio_access *a)
{
	for (unsigned int i = 0; i < z->nr_mmio; i++) {
		struct mmio_region *r = &z->mmio[i];

		if (range_within(addr, a->size, r->start, r->size)) {
			a->offset = addr - r->start;
			return r->handler(z, a, r->arg);
		}
	}
	return -ENOENT;
}

void mmio_refuse(struct zone *z, struct mmio_access *a, const char *device)
{
	pr_warn_ratelimited("MMIO width",
			    "zone %u: %s %s of %u bytes at offset %#llx: not a width and alignment "
			    "the device accepts; %s",
			    z->id, device, a->write ? "write" : "read", a->size,
			    (unsigned long long)a->offset, a->write ? "dropped" : "reads as 0");
	if (!a->write)
		a->value = 0;
}
