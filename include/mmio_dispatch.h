/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MMIO dispatch by guest address (mmio.h), inline for the data-abort path
 * (arch/aarch64/dabt.c), where a call, its argument shuffle and a second read of the
 * per-CPU base would cost more than the lookup itself. mmio_dispatch() is the same,
 * out of line, for everyone else.
 */
#ifndef HVC_MMIO_DISPATCH_H
#define HVC_MMIO_DISPATCH_H

#include "hv_errno.h"
#include "mmio.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"

/* Counted in c's exit statistics: c is the running CPU, z its zone (passed, not re-read). */
static inline int mmio_dispatch_inline(struct percpu *c, struct zone *z, ipaddr_t addr,
				       struct mmio_access *a)
{
	const struct mmio_region *r = z->mmio;
	const struct mmio_region *end = r + __atomic_load_n(&z->nr_mmio, __ATOMIC_ACQUIRE);

	/* valid first: its release store in mmio_register publishes the other fields. */
	for (; r < end; r++) {
		if (__atomic_load_n(&r->valid, __ATOMIC_ACQUIRE) &&
		    range_within(addr, a->size, r->start, r->size)) {
			a->offset = addr - r->start;
			exit_stat_on(c, r->stat);
			return r->handler(z, a, r->arg);
		}
	}
	exit_stat_on(c, ZONE_STAT_MMIO_UNHANDLED);
	return -ENOENT;
}

#endif
