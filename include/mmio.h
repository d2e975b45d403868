/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trapped MMIO: guest accesses to addresses a zone does not map reach the handler
 * registered for them (core/mmio.c). The hypervisor's own device accesses are include/io.h.
 */
#ifndef HVC_MMIO_H
#define HVC_MMIO_H

#include "types.h"
#include "hvisor/zone_config.h"

/* One trapped access, offset relative to the handler's region. */
struct mmio_access {
	u64 offset;
	u64 value;	   /* written value, or where a read's result goes */
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	bool write;
};

struct zone;
typedef int (*mmio_handler_t)(struct zone *z, struct mmio_access *a, void *arg);

struct mmio_region {
	volatile bool valid; /* set last: other CPUs dispatch while handlers come and go */
	ipaddr_t start;
	u64 size;
	mmio_handler_t handler;
	void *arg;
	enum zone_stat stat; /* the exit kind its accesses count as (ZONE_STAT_MMIO_*) */
};

#define ZONE_MAX_MMIO 32

/* Widths a register block accepts, as a set of sizes in bytes: MMIO_W8 | MMIO_W32 ... */
#define MMIO_W8	 1u
#define MMIO_W16 2u
#define MMIO_W32 4u
#define MMIO_W64 8u

/* True when the access has one of the widths in `widths` and is naturally aligned. */
static inline bool mmio_width_ok(const struct mmio_access *a, unsigned int widths)
{
	return (a->size & widths) && !(a->offset & (a->size - 1));
}

/* A register that reads as zero and ignores writes (RAZ/WI). */
static inline void mmio_raz_wi(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0;
}

/*
 * An access of a width or alignment the device does not accept: reads as 0, a write is
 * dropped, one rate-limited warning naming the device. Never turned into a wider or
 * misaligned access to the real device.
 */
void mmio_refuse(struct zone *z, struct mmio_access *a, const char *device);

/* -ENOMEM when the zone's table is full. Accesses count as exits of kind stat. */
int mmio_register(struct zone *z, ipaddr_t start, u64 size, mmio_handler_t h, void *arg,
		  enum zone_stat stat);
void mmio_unregister(struct zone *z, ipaddr_t start, mmio_handler_t h);
/* -ENOENT when no handler covers the access (counted as ZONE_STAT_MMIO_UNHANDLED). */
int mmio_dispatch(struct zone *z, ipaddr_t addr, struct mmio_access *a);

#endif
