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
#include "io.h"
#include "log.h"
#include "percpu.h"
#include "ratelimit.h"
#include "util.h"
#include "zone.h"

static u32 gicd_read(u64 off)
{
	return io_read32(gicv3_gicd_base + off);
}

static void gicd_write(u64 off, u32 v)
{
	io_write32(gicv3_gicd_base + off, v);
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
		vgicd_priority_access(z, a, gicv3_gicd_base);
		return;
	case GICD_ITARGETSR ... GICD_ITARGETSR + GICD_BYTES_SIZE - 1:
		/* Not used with affinity routing: RAZ/WI. */
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		mmio_raz_wi(a);
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
				a->value = vgicd_owned_bits(z, (u32)(off - GICD_IGROUPR) * 8);
			return;
		case GICD_ISENABLER ... GICD_ICACTIVER + GICD_BITS_SIZE - 1:
			vgicd_bits_access(z, a, gicv3_gicd_base);
			return;
		case GICD_ICFGR ... GICD_ICFGR + GICD_ICFGR_SIZE - 1:
			vgicd_config_access(z, a, gicv3_gicd_base);
			return;
		case GICD_STATUSR:
		case GICD_IGRPMODR ... GICD_IGRPMODR + GICD_BITS_SIZE - 1:
		case GICD_NSACR ... GICD_NSACR + GICD_NSACR_SIZE - 1:
		case GICD_SGIR ... GICD_SGIR_END:
			/* Not meaningful with affinity routing and one security state. */
			mmio_raz_wi(a);
			return;
		default:
			vgicd_unknown_offset(z, a);
			return;
		}
	}
	mmio_refuse(z, a, "GICD");
}

int vgicd_access(struct zone *z, struct mmio_access *a, void *arg)
{
	u64 off = a->offset;

	(void)arg;
	/*
	 * The registers drivers touch most, as aligned 32-bit words (the only width they
	 * accept, as in vgicd_other): GICD_TYPER and GICD_CTLR, the enable, pending and
	 * active bits. Everything else, and other widths, go through vgicd_other.
	 */
	if (likely(mmio_width_ok(a, MMIO_W32))) {
		if (off == GICD_TYPER && !a->write) {
			a->value = typer_value();
			return 0;
		}
		if (off == GICD_CTLR) {
			ctlr_access(z, a);
			return 0;
		}
		if (off - GICD_ISENABLER < GICD_ICACTIVER + GICD_BITS_SIZE - GICD_ISENABLER) {
			vgicd_bits_access(z, a, gicv3_gicd_base);
			return 0;
		}
	}
	vgicd_other(z, a);
	return 0;
}
