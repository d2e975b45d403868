// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 redistributor emulation. A zone reaches only the frames of its own CPUs; the
 * highest of them reports GICR_TYPER.Last so the guest's scan stops inside its view. SGIs
 * are virtual (delivered by the hypervisor); PPIs are the CPU's own and pass through,
 * except the maintenance interrupt, which stays the hypervisor's.
 */
#include "arch/gicv3.h"
#include "arch/vgic.h"
#include "board.h"
#include "log.h"
#include "io.h"
#include "ratelimit.h"
#include "percpu.h"
#include "zone.h"

/* PPIs a guest may not touch: the maintenance interrupt. */
#define PPI_RESERVED (1u << GIC_PPI_MAINTENANCE)

static spinlock_t gicr_lock = SPINLOCK_INIT;

/* Is t the zone CPU whose frame comes last in its GICR range? */
static bool last_in_zone(const struct zone *z, cpuid_t t)
{
	paddr_t mine = gicv3_redist_of(t);
	int range = gicv3_gicr_range_of(mine);

	for (cpuid_t c = 0; c < board.nr_cpus; c++)
		if (((z->cpus >> c) & 1) && gicv3_redist_of(c) > mine &&
		    gicv3_gicr_range_of(gicv3_redist_of(c)) == range)
			return false;
	return true;
}

/*
 * The RD_base frame. 64-bit registers (TYPER, the LPI controls) take 64-bit or 32-bit
 * accesses, the others naturally aligned 32-bit words (IHI 0069, 12.1.x).
 */
static void rd_access(struct zone *z, struct mmio_access *a, cpuid_t t, paddr_t rd, u64 off)
{
	struct vgic_cpu *v = &percpu_of(t)->arch.vgic;
	bool reg64 = off == GICR_TYPER || off == GICR_TYPER + 4 ||
		     (off >= GICR_LPI_FIRST && off <= GICR_LPI_LAST);
	u64 typer;

	if (!mmio_width_ok(a, reg64 ? MMIO_W32 | MMIO_W64 : MMIO_W32)) {
		mmio_refuse(z, a, "GICR");
		return;
	}
	switch (off) {
	case GICR_TYPER:
	case GICR_TYPER + 4:
		typer = io_read64(rd + GICR_TYPER) & ~(GICR_TYPER_PLPIS | GICR_TYPER_VLPIS |
						       GICR_TYPER_DIRECT_LPI | GICR_TYPER_LAST);
		if (last_in_zone(z, t))
			typer |= GICR_TYPER_LAST;
		if (!a->write)
			a->value =
				a->size == 8 ? typer : (u32)(typer >> (off == GICR_TYPER ? 0 : 32));
		break;
	case GICR_WAKER:
		/* The physical redistributor stays awake; the guest sees its own request. */
		if (a->write)
			v->waker_sleep = a->value & GICR_WAKER_PROCESSOR_SLEEP;
		else
			a->value = v->waker_sleep
					   ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP
					   : 0;
		break;
	case GICR_IIDR:
	case GICR_ID_START ... GICR_ID_END:
		if (!a->write)
			a->value = io_read32(rd + off);
		break;
	case GICR_CTLR:
	case GICR_STATUSR:
	case GICR_LPI_FIRST ... GICR_LPI_LAST + 7:
		/* No LPIs for guests: LPI controls read as zero, writes are ignored. */
		mmio_raz_wi(a);
		break;
	default:
		pr_warn_ratelimited(
			"GICR unknown offset",
			"zone %u: GICR %s at unknown offset %#llx of CPU %u's frame: %s", z->id,
			a->write ? "write" : "read", (unsigned long long)off, t,
			a->write ? "ignored" : "reads as 0");
		mmio_raz_wi(a);
		break;
	}
}

static void sgi_frame_access(struct zone *z, struct mmio_access *a, cpuid_t t, paddr_t rd, u64 off)
{
	struct percpu *tc = percpu_of(t);
	/* Priorities take bytes or aligned words; the other registers aligned words only. */
	bool prio = off >= GICR_IPRIORITYR0 && off < GICR_IPRIORITYR0 + GICR_IPRIORITYR_SIZE;
	u32 mask;

	if (!mmio_width_ok(a, prio ? MMIO_W8 | MMIO_W32 : MMIO_W32)) {
		mmio_refuse(z, a, "GICR");
		return;
	}
	if (prio) {
		vgic_private_prio(a, tc, rd + GICR_SGI_BASE, off - GICR_SGI_BASE);
		return;
	}
	switch (off) {
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
	case GICR_ISPENDR0:
	case GICR_ICPENDR0:
	case GICR_ISACTIVER0:
	case GICR_ICACTIVER0:
		vgic_private_bits(a, tc, rd + GICR_SGI_BASE, off - GICR_SGI_BASE);
		break;
	case GICR_IGROUPR0:
		if (!a->write)
			a->value = ~0u; /* all group 1 */
		break;
	case GICR_ICFGR0:
		if (!a->write)
			a->value = 0xaaaaaaaau; /* SGIs are edge-triggered */
		break;
	case GICR_ICFGR1:
		/* PPIs' edge/level bits, except the maintenance interrupt's. */
		mask = 0xaaaaaaaau & ~(3u << (2 * (GIC_PPI_MAINTENANCE - 16)));
		if (!a->write) {
			a->value = io_read32(rd + off) & mask;
		} else {
			spin_lock(&gicr_lock);
			io_write32(rd + off,
				   (io_read32(rd + off) & ~mask) | ((u32)a->value & mask));
			spin_unlock(&gicr_lock);
		}
		break;
	default:
		/* IGRPMODR0, NSACR and reserved space. */
		mmio_raz_wi(a);
		break;
	}
}

/*
 * arg is the range's index (gicv3_gicr_range): the zone sees every range where the board
 * has it, each registered on its own.
 */
int vgicr_access(struct zone *z, struct mmio_access *a, void *arg)
{
	unsigned int frame = (unsigned int)(a->offset / GICR_FRAME_SIZE);
	u64 off = a->offset % GICR_FRAME_SIZE;
	paddr_t base;
	u64 size;
	cpuid_t t = INVALID_CPUID;
	struct percpu *tc;

	if (gicv3_gicr_range((unsigned int)(uintptr_t)arg, &base, &size))
		t = gicv3_cpu_of_redist(base + (u64)frame * GICR_FRAME_SIZE);
	tc = t == INVALID_CPUID ? NULL : percpu_of(t);
	if (!tc || tc->zone != z) {
		pr_debug(
			"zone %u: GICR frame %u belongs to no CPU of the zone: %s at %#llx ignored",
			z->id, frame, a->write ? "write" : "read", (unsigned long long)off);
		if (!a->write)
			a->value = 0;
		/*
		 * The range's last frame still says Last, so that a guest with no CPU in this
		 * range (gicr_more) ends its scan here rather than past the range.
		 */
		if (!a->write && off == GICR_TYPER && a->offset + GICR_FRAME_SIZE >= size)
			a->value = GICR_TYPER_LAST;
		return 0;
	}
	if (off >= GICR_SGI_BASE)
		sgi_frame_access(z, a, t, gicv3_redist_of(t), off);
	else
		rd_access(z, a, t, gicv3_redist_of(t), off);
	return 0;
}
