// SPDX-License-Identifier: GPL-2.0
/* MMIO emulation: per-zone handlers by guest address range, first match wins. */
#include "hv_errno.h"
#include "log.h"
#include "mmio.h"
#include "mmio_dispatch.h"
#include "percpu.h"
#include "ratelimit.h"
#include "util.h"
#include "zone.h"

int mmio_register(struct zone *z, ipaddr_t start, u64 size, mmio_handler_t h, void *arg,
		  enum zone_stat stat)
{
	for (unsigned int i = 0; i < ZONE_MAX_MMIO; i++) {
		struct mmio_region *r = &z->mmio[i];

		if (r->valid)
			continue;
		r->start = start;
		r->size = size;
		r->handler = h;
		r->arg = arg;
		r->stat = stat;
		__atomic_store_n(&r->valid, true, __ATOMIC_RELEASE);
		if (i >= z->nr_mmio)
			__atomic_store_n(&z->nr_mmio, i + 1, __ATOMIC_RELEASE);
		return 0;
	}
	return -ENOMEM;
}

void mmio_unregister(struct zone *z, ipaddr_t start, mmio_handler_t h)
{
	for (unsigned int i = 0; i < z->nr_mmio; i++)
		if (z->mmio[i].valid && z->mmio[i].start == start && z->mmio[i].handler == h)
			__atomic_store_n(&z->mmio[i].valid, false, __ATOMIC_RELEASE);
}

int mmio_dispatch(struct zone *z, ipaddr_t addr, struct mmio_access *a)
{
	return mmio_dispatch_inline(this_cpu(), z, addr, a);
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
