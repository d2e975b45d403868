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
#include "log.h"
#include "ratelimit.h"
#include "mmio.h"
#include "percpu.h"
#include "zone.h"

#define GICD_STATUSR	   0x0010
#define GICD_TYPER2	   0x000c
#define GICD_SETSPI_NSR	   0x0040
#define GICD_CLRSPI_NSR	   0x0048
#define GICD_ITARGETSR	   0x0800
#define GICD_NSACR	   0x0e00
#define GICD_SGIR	   0x0f00
#define GICD_IROUTER_END   0x7fe0
#define GICD_ID_START	   0xffd0
#define GICD_TYPER_MBIS	   (1u << 16)
#define GICD_TYPER_LPIS	   (1u << 17)
#define GICD_CTLR_DS	   (1u << 6)
#define GICD_CTLR_GRP_MASK 0x3u
#define IROUTER_IRM	   (1ULL << 31)
#define IROUTER_AFF_MASK   0xff00ffffffULL

/* The physical distributor; a unit test points it at a fake. */
paddr_t vgic_gicd_base;
static spinlock_t gicd_lock = SPINLOCK_INIT;

static u32 gicd_read(u64 off)
{
	return mmio_read32(vgic_gicd_base + off);
}

static void gicd_write(u64 off, u32 v)
{
	mmio_write32(vgic_gicd_base + off, v);
}

/* Bits of a one-bit-per-interrupt register word for the interrupts z owns. */
static u32 owned_bits(const struct zone *z, u32 first)
{
	return first < 32 || first >= VGIC_NR_IRQS ? 0 : z->cfg.interrupts_bitmap[first / 32];
}

/*
 * A zone enabling an interrupt it does not own: reported once per INTID, with its DT
 * node, since a porting user needs to see it. Other writes to unowned bits (Linux clears
 * every interrupt at boot) only at debug level. Word 0 (SGIs, PPIs) is never blamed:
 * those live in the redistributors.
 */
static void warn_unowned(struct zone *z, u32 first, u32 bits, u64 off)
{
	bool enable = off >= GICD_ISENABLER && off < GICD_ISENABLER + 0x80;

	if (first < 32 || !bits)
		return;
	if (!enable) {
		pr_debug("zone %u: GICD write at %#llx for IRQs %#x of %u..%u it does not own "
			 "dropped",
			 z->id, (unsigned long long)off, bits, first, first + 31);
		return;
	}
	for (; bits; bits &= bits - 1) {
		u32 intid = first + (u32)__builtin_ctz(bits);
		u64 bit = 1ULL << (intid % 64);
		const char *node;

		if (z->arch.vgic.warned[intid / 64] & bit)
			continue;
		z->arch.vgic.warned[intid / 64] |= bit;
		node = dt_names_irq(intid);
		pr_warn("zone %u enables IRQ %u%s%s%s, which it does not own: ignored. If the zone "
			"should have it, add %u to the zone's IRQs (board.c for zone 0)",
			z->id, intid, node ? " (" : "", node ? node : "", node ? ")" : "", intid);
	}
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

static void irouter_access(struct zone *z, struct mmio_access *a)
{
	u32 intid = (u32)((a->offset - GICD_IROUTER) / 8);
	bool high = a->offset & 4;
	u64 *shadow = &z->arch.vgic.irouter[intid];

	if (intid < 32 || intid >= VGIC_NR_IRQS || !vgic_zone_owns(z, intid) ||
	    (a->size != 8 && a->size != 4) || (a->size == 8 && high)) {
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
	mmio_write64(vgic_gicd_base + GICD_IROUTER + 8ULL * intid, route_target(z, *shadow, intid));
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
			mmio_write8(vgic_gicd_base + GICD_IPRIORITYR + intid, p);
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

/* Accesses the GICD model does not cover: reported (rate-limited), RAZ/WI. */
static void __attribute__((noinline, cold)) odd_access(struct zone *z, struct mmio_access *a)
{
	if (a->size != 4 || (a->offset & 3))
		pr_warn_ratelimited("GICD access size",
				    "zone %u: GICD %s of %u bytes at offset %#llx: only 32-bit "
				    "accesses are emulated here; ignored",
				    z->id, a->write ? "write" : "read", a->size,
				    (unsigned long long)a->offset);
	else
		pr_warn_ratelimited("GICD unknown offset",
				    "zone %u: GICD %s at unknown offset %#llx: %s", z->id,
				    a->write ? "write" : "read", (unsigned long long)a->offset,
				    a->write ? "ignored" : "reads as 0");
	if (!a->write)
		a->value = 0;
}

static void __attribute__((noinline)) vgicd_other(struct zone *z, struct mmio_access *a)
{
	u64 off = a->offset;
	bool word = a->size == 4;

	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_IRQS &&
	    (a->size == 1 || word) && (off & (a->size - 1)) == 0) {
		priority_access(z, a);
	} else if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		irouter_access(z, a);
	} else if (!word || (off & 3)) {
		odd_access(z, a);
	} else if (off == GICD_CTLR) {
		ctlr_access(z, a);
	} else if (off == GICD_TYPER) {
		if (!a->write)
			a->value = typer_value();
	} else if (off == GICD_IIDR || off == GICD_TYPER2 || off >= GICD_ID_START) {
		if (!a->write)
			a->value = gicd_read(off);
	} else if (off == GICD_SETSPI_NSR || off == GICD_CLRSPI_NSR) {
		setspi_access(z, a);
	} else if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80) {
		/* Every interrupt is group 1 and stays so. */
		if (!a->write)
			a->value = owned_bits(z, (u32)(off - GICD_IGROUPR) * 8);
	} else if (off >= GICD_ISENABLER && off < GICD_ICACTIVER + 0x80) {
		bits_access(z, a);
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		config_access(z, a);
	} else if (off == GICD_STATUSR || (off >= GICD_ITARGETSR && off < GICD_ICFGR) ||
		   (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80) ||
		   (off >= GICD_NSACR && off < GICD_NSACR + 0x100) ||
		   (off >= GICD_SGIR && off < GICD_SGIR + 0x30)) {
		/* Not meaningful with affinity routing and one security state: RAZ/WI. */
		if (!a->write)
			a->value = 0;
	} else {
		odd_access(z, a);
	}
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
