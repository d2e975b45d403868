// SPDX-License-Identifier: GPL-2.0
/*
 * The distributor registers of SPIs, the same in GICv2 and GICv3 (gicv2/vgicd.c and
 * gicv3/vgicd.c dispatch to them): the one-bit set/clear registers, priorities and
 * trigger configuration. A zone reads and writes only the interrupts it owns (its
 * bitmap): writes to others are dropped, reads give 0. Callers have checked the width.
 */
#include "arch/gic.h"
#include "arch/vgic.h"
#include "dt_names.h"
#include "io.h"
#include "log.h"
#include "mmio.h"
#include "printf.h"
#include "ratelimit.h"
#include "spinlock.h"
#include "zone.h"

static spinlock_t gicd_lock = SPINLOCK_INIT;

u32 vgicd_owned_bits(const struct zone *z, u32 first)
{
	return first < 32 || first >= VGIC_NR_IRQS ? 0 : z->cfg.interrupts_bitmap[first / 32];
}

/* "IRQ 34 (serial@fe650000)" or "IRQs 34, 40 (gpio@fd...)": the INTIDs set in bits. */
static void __attribute__((noinline, cold)) report_unowned(struct zone *z, u32 first, u32 bits)
{
	char list[160], one[12];
	size_t n = 0;
	bool many = bits & (bits - 1);

	hv_snprintf(one, sizeof(one), "%u", first + (u32)__builtin_ctz(bits));

	for (; bits && n + 48 < sizeof(list); bits &= bits - 1) {
		u32 intid = first + (u32)__builtin_ctz(bits);
		const char *node = dt_names_irq(intid);

		n += (size_t)hv_snprintf(list + n, sizeof(list) - n, "%s%u%s%s%s", n ? ", " : "",
					 intid, node ? " (" : "", node ? node : "",
					 node ? ")" : "");
	}
	if (bits)
		hv_snprintf(list + n, sizeof(list) - n, " and %u more", __builtin_popcount(bits));
	pr_warn_ratelimited("unowned IRQ enable",
			    "zone %u enables IRQ%s %s, which it does not own: ignored. If the zone "
			    "should have %s, add %s to the zone's IRQs (board.c for zone 0)",
			    z->id, many ? "s" : "", list, many ? "them" : "it",
			    many ? "them" : one);
}

/*
 * A zone enabling interrupts it does not own: each INTID named once per zone, with its DT
 * node, since a porting user needs to see it; one rate-limited line per write. INTIDs the
 * distributor does not implement (beyond ITLinesNumber, and 1020-1023) are no interrupts:
 * a guest probing with all-ones is ignored silently. Other writes to unowned bits (Linux
 * clears every interrupt at boot) only at debug level. Word 0 (SGIs, PPIs) is never
 * blamed: those live in the redistributors.
 */
static void warn_unowned(struct zone *z, paddr_t gicd, u32 first, u32 bits, u64 off)
{
	u64 *warned = &z->arch.vgic.warned[first / 64];
	u32 shift = first % 64, lines, fresh;

	if (first < 32 || !bits)
		return;
	if (off >= GICD_ISENABLER + GICD_BITS_SIZE || off < GICD_ISENABLER) {
		pr_debug("zone %u: GICD write at %#llx for IRQs %#x of %u..%u it does not own "
			 "dropped",
			 z->id, (unsigned long long)off, bits, first, first + 31);
		return;
	}
	lines = GICD_TYPER_LINES(io_read32(gicd + GICD_TYPER));
	if (first >= lines)
		return;
	if (lines - first < 32)
		bits &= (1u << (lines - first)) - 1;
	fresh = bits & ~(u32)(*warned >> shift);
	if (!fresh)
		return;
	*warned |= (u64)fresh << shift;
	report_unowned(z, first, fresh);
}

/*
 * What the hypervisor holds for the guest on this CPU (acknowledged physically, pending
 * or active in a list register) overrides the physical state, which shows such an
 * interrupt as active: pending, active, disable and clear act on the guest's copy.
 */
static void held_update(paddr_t gicd, u64 kind, u32 first, u32 bits)
{
	for (; bits; bits &= bits - 1) {
		u32 bit = bits & -bits, intid = first + (u32)__builtin_ctz(bits);

		if (kind == GICD_ICENABLER) {
			/* Disabled while pending: it stays pending for when it is enabled again. */
			if (vgic_local_unpend(intid))
				io_write32(gicd + GICD_ISPENDR + first / 8, bit);
		} else if (kind == GICD_ICPENDR) {
			vgic_local_unpend(intid);
		} else if (kind == GICD_ICACTIVER) {
			vgic_local_deactivate(intid);
		}
	}
}

void vgicd_bits_access(struct zone *z, struct mmio_access *a, paddr_t gicd)
{
	u32 first = (u32)((a->offset & 0x7f) / 4) * 32;
	u32 mask = vgicd_owned_bits(z, first);
	u64 kind = a->offset & ~0x7fULL;
	u32 held, pending, active;

	if (a->write) {
		u32 bits = (u32)a->value & mask;

		warn_unowned(z, gicd, first, (u32)a->value & ~mask, a->offset);
		if (bits) {
			io_write32(gicd + a->offset, bits);
			held_update(gicd, kind, first, bits);
		}
		return;
	}
	if (!mask) {
		a->value = 0;
		return;
	}
	a->value = io_read32(gicd + a->offset) & mask;
	if (kind >= GICD_ISPENDR) {
		vgic_local_state32(first, &held, &pending, &active);
		held &= mask;
		a->value = (a->value & ~held) | ((kind < GICD_ISACTIVER ? pending : active) & held);
	}
}

void vgicd_priority_access(struct zone *z, struct mmio_access *a, paddr_t gicd)
{
	u32 first = (u32)(a->offset - GICD_IPRIORITYR);
	u64 v = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 intid = first + i;
		bool own = intid >= 32 && vgic_zone_owns(z, intid);

		if (a->write && own) {
			u8 p = (u8)(a->value >> (8 * i));

			z->arch.vgic.prio[intid] = p;
			/* Kept below the hypervisor's kick (direct mode); the guest reads its own.
			 */
			io_write8(gicd + GICD_IPRIORITYR + intid, gic_guest_prio(p));
		} else if (!a->write && own) {
			v |= (u64)z->arch.vgic.prio[intid] << (8 * i);
		}
	}
	if (!a->write)
		a->value = v;
}

void vgicd_config_access(struct zone *z, struct mmio_access *a, paddr_t gicd)
{
	u32 first = (u32)((a->offset - GICD_ICFGR) / 4) * 16;
	u32 mask = 0;

	for (u32 i = 0; i < 16; i++)
		if (first + i >= 32 && vgic_zone_owns(z, first + i))
			mask |= 2u << (2 * i);
	if (!a->write) {
		a->value = mask ? io_read32(gicd + a->offset) & mask : 0;
		return;
	}
	if (!mask)
		return;
	spin_lock(&gicd_lock);
	io_write32(gicd + a->offset,
		   (io_read32(gicd + a->offset) & ~mask) | ((u32)a->value & mask));
	spin_unlock(&gicd_lock);
}

void vgicd_unknown_offset(struct zone *z, struct mmio_access *a)
{
	pr_warn_ratelimited("GICD unknown offset", "zone %u: GICD %s at unknown offset %#llx: %s",
			    z->id, a->write ? "write" : "read", (unsigned long long)a->offset,
			    a->write ? "ignored" : "reads as 0");
	mmio_raz_wi(a);
}
