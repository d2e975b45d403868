// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 distributor emulation. A zone reads and writes only the interrupts it owns (its
 * bitmap): writes to others are dropped, reads give 0. Owned interrupts are programmed
 * into the physical distributor, except what must stay the hypervisor's: the group (always
 * 1), LPIs (not offered) and routing (only to CPUs of the owning zone).
 */
#include "arch/gicv3.h"
#include "arch/vgic.h"
#include "board.h"
#include "dt_names.h"
#include "io.h"
#include "log.h"
#include "percpu.h"
#include "printf.h"
#include "ratelimit.h"
#include "zone.h"

static spinlock_t gicd_lock = SPINLOCK_INIT;

static u32 gicd_read(u64 off)
{
	return io_read32(gicv3_gicd_base + off);
}

static void gicd_write(u64 off, u32 v)
{
	io_write32(gicv3_gicd_base + off, v);
}

/* Bits of a one-bit-per-interrupt register word for the interrupts z owns. */
static u32 owned_bits(const struct zone *z, u32 first)
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
static void warn_unowned(struct zone *z, u32 first, u32 bits, u64 off)
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
	lines = GICD_TYPER_LINES(gicd_read(GICD_TYPER));
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
static void held_update(u64 kind, u32 first, u32 bits)
{
	for (; bits; bits &= bits - 1) {
		u32 bit = bits & -bits, intid = first + (u32)__builtin_ctz(bits);

		if (kind == GICD_ICENABLER) {
			/* Disabled while pending: it stays pending for when it is enabled again. */
			if (vgic_local_unpend(intid))
				gicd_write(GICD_ISPENDR + first / 8, bit);
		} else if (kind == GICD_ICPENDR) {
			vgic_local_unpend(intid);
		} else if (kind == GICD_ICACTIVER) {
			vgic_local_deactivate(intid);
		}
	}
}

/* ISENABLER .. ICACTIVER: one bit per interrupt, set/clear semantics. */
static void bits_access(struct zone *z, struct mmio_access *a)
{
	u32 first = (u32)((a->offset & 0x7f) / 4) * 32;
	u32 mask = owned_bits(z, first);
	u64 kind = a->offset & ~0x7fULL;
	u32 held, pending, active;

	if (a->write) {
		u32 bits = (u32)a->value & mask;

		warn_unowned(z, first, (u32)a->value & ~mask, a->offset);
		if (bits) {
			gicd_write(a->offset, bits);
			held_update(kind, first, bits);
		}
		return;
	}
	if (!mask) {
		a->value = 0;
		return;
	}
	a->value = gicd_read(a->offset) & mask;
	if (kind >= GICD_ISPENDR) {
		vgic_local_state32(first, &held, &pending, &active);
		held &= mask;
		a->value = (a->value & ~held) | ((kind < GICD_ISACTIVER ? pending : active) & held);
	}
}

/* The zone CPU an IROUTER value names, or the zone's first CPU. */
static u64 route_target(const struct zone *z, u64 irouter, u32 intid)
{
	cpuid_t first = (cpuid_t)__builtin_ctzll(z->cpus);

	if (!(irouter & IROUTER_IRM)) {
		cpuid_t c = board_cpuid_of_mpidr(&board, irouter & IROUTER_AFF_MASK);

		if (c != INVALID_CPUID && (z->cpus >> c) & 1)
			return board.mpidr[c];
		pr_debug("zone %u: IROUTER of INTID %u names MPIDR %#llx, not a CPU of the zone: "
			 "routed to CPU %u",
			 z->id, intid, (unsigned long long)(irouter & IROUTER_AFF_MASK), first);
	}
	return board.mpidr[first];
}

/* IROUTER<n>: 64 bits per SPI, whole or in 32-bit halves (the width was checked). */
static void irouter_access(struct zone *z, struct mmio_access *a)
{
	u32 intid = (u32)((a->offset - GICD_IROUTER) / 8);
	bool high = a->offset & 4;
	u64 *shadow = &z->arch.vgic.irouter[intid];

	if (intid < 32 || !vgic_zone_owns(z, intid)) {
		if (!a->write)
			a->value = 0;
		return;
	}
	if (!a->write) {
		a->value = a->size == 8 ? *shadow : (u32)(*shadow >> (high ? 32 : 0));
		return;
	}
	if (a->size == 8)
		*shadow = a->value;
	else if (high)
		*shadow = (*shadow & 0xffffffffULL) | (a->value << 32);
	else
		*shadow = (*shadow & ~0xffffffffULL) | (u32)a->value;
	*shadow &= IROUTER_AFF_MASK | IROUTER_IRM;
	io_write64(gicv3_gicd_base + GICD_IROUTER + 8ULL * intid, route_target(z, *shadow, intid));
}

/* IPRIORITYR: a byte per interrupt, byte or word accesses. */
static void priority_access(struct zone *z, struct mmio_access *a)
{
	u32 first = (u32)(a->offset - GICD_IPRIORITYR);
	u64 v = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 intid = first + i;
		bool own = intid >= 32 && vgic_zone_owns(z, intid);

		if (a->write && own) {
			u8 p = (u8)(a->value >> (8 * i));

			z->arch.vgic.prio[intid] = p;
			io_write8(gicv3_gicd_base + GICD_IPRIORITYR + intid, p);
		} else if (!a->write && own) {
			v |= (u64)z->arch.vgic.prio[intid] << (8 * i);
		}
	}
	if (!a->write)
		a->value = v;
}

/* ICFGR: two bits per interrupt; only the edge/level bit of owned SPIs is writable. */
static void config_access(struct zone *z, struct mmio_access *a)
{
	u32 first = (u32)((a->offset - GICD_ICFGR) / 4) * 16;
	u32 mask = 0;

	for (u32 i = 0; i < 16; i++)
		if (first + i >= 32 && vgic_zone_owns(z, first + i))
			mask |= 2u << (2 * i);
	if (!a->write) {
		a->value = mask ? gicd_read(a->offset) & mask : 0;
		return;
	}
	if (!mask)
		return;
	spin_lock(&gicd_lock);
	gicd_write(a->offset, (gicd_read(a->offset) & ~mask) | ((u32)a->value & mask));
	spin_unlock(&gicd_lock);
}

static void ctlr_access(struct zone *z, struct mmio_access *a)
{
	if (a->write) {
		/* The physical distributor stays on; the zone's enables are its own view. */
		z->arch.vgic.ctlr = (u32)a->value & GICD_CTLR_GRP_MASK;
		return;
	}
	a->value = z->arch.vgic.ctlr | GICD_CTLR_ARE | (gicd_read(GICD_CTLR) & GICD_CTLR_DS);
}

static void setspi_access(struct zone *z, struct mmio_access *a)
{
	u32 intid = (u32)a->value & 0x3ff;

	if (!a->write) {
		a->value = 0;
		return;
	}
	if (intid >= 32 && vgic_zone_owns(z, intid))
		gicd_write(a->offset, intid);
}

static u32 typer_value(void)
{
	return gicd_read(GICD_TYPER) & ~(GICD_TYPER_LPIS | GICD_TYPER_MBIS);
}

static void __attribute__((noinline, cold)) unknown_offset(struct zone *z, struct mmio_access *a)
{
	pr_warn_ratelimited("GICD unknown offset", "zone %u: GICD %s at unknown offset %#llx: %s",
			    z->id, a->write ? "write" : "read", (unsigned long long)a->offset,
			    a->write ? "ignored" : "reads as 0");
	if (!a->write)
		a->value = 0;
}

/* Read-as-zero, writes ignored. */
static void raz_wi(struct mmio_access *a)
{
	if (!a->write)
		a->value = 0;
}

/*
 * Everything but the GICD_TYPER fast path, by register block. Each block accepts the
 * widths the GIC architecture gives it (IHI 0069, 12.1.x): bytes only where each byte is
 * an interrupt's (IPRIORITYR, ITARGETSR), 64 bits or 32-bit halves for IROUTER, naturally
 * aligned 32-bit words everywhere else. Any other access reads 0 and writes nothing.
 */
static void __attribute__((noinline)) vgicd_other(struct zone *z, struct mmio_access *a)
{
	u64 off = a->offset;

	switch (off) {
	case GICD_IPRIORITYR ... GICD_IPRIORITYR + GICD_BYTES_SIZE - 1:
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		priority_access(z, a);
		return;
	case GICD_ITARGETSR ... GICD_ITARGETSR + GICD_BYTES_SIZE - 1:
		/* Not used with affinity routing: RAZ/WI. */
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		raz_wi(a);
		return;
	case GICD_IROUTER ... GICD_IROUTER_END + 7:
		if (!mmio_width_ok(a, MMIO_W32 | MMIO_W64))
			break;
		irouter_access(z, a);
		return;
	default:
		if (!mmio_width_ok(a, MMIO_W32))
			break;
		switch (off) {
		case GICD_CTLR:
			ctlr_access(z, a);
			return;
		case GICD_TYPER:
			if (!a->write)
				a->value = typer_value();
			return;
		case GICD_IIDR:
		case GICD_TYPER2:
		case GICD_ID_START ... GICD_ID_END:
			if (!a->write)
				a->value = gicd_read(off);
			return;
		case GICD_SETSPI_NSR:
		case GICD_CLRSPI_NSR:
			setspi_access(z, a);
			return;
		case GICD_IGROUPR ... GICD_IGROUPR + GICD_BITS_SIZE - 1:
			/* Every interrupt is group 1 and stays so. */
			if (!a->write)
				a->value = owned_bits(z, (u32)(off - GICD_IGROUPR) * 8);
			return;
		case GICD_ISENABLER ... GICD_ICACTIVER + GICD_BITS_SIZE - 1:
			bits_access(z, a);
			return;
		case GICD_ICFGR ... GICD_ICFGR + GICD_ICFGR_SIZE - 1:
			config_access(z, a);
			return;
		case GICD_STATUSR:
		case GICD_IGRPMODR ... GICD_IGRPMODR + GICD_BITS_SIZE - 1:
		case GICD_NSACR ... GICD_NSACR + GICD_NSACR_SIZE - 1:
		case GICD_SGIR ... GICD_SGIR_END:
			/* Not meaningful with affinity routing and one security state. */
			raz_wi(a);
			return;
		default:
			unknown_offset(z, a);
			return;
		}
	}
	mmio_refuse(z, a, "GICD");
}

int vgicd_access(struct zone *z, struct mmio_access *a, void *arg)
{
	(void)arg;
	/* GICD_TYPER, which drivers read most, is the cheapest path. */
	if (a->size == 4 && !a->write && a->offset == GICD_TYPER)
		a->value = typer_value();
	else
		vgicd_other(z, a);
	return 0;
}
