// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 distributor emulation (IHI 0048B 4.3). SPIs as in GICv3 (gic/vgicd_spi.c): a
 * zone reaches only the interrupts it owns. The first word of each banked register holds
 * the SGIs and PPIs of the CPU that accesses it, as on the real distributor; they are the
 * vCPU's own (gic/vgic_private.c). ITARGETSR may name only the zone's CPUs, and GICD_SGIR
 * delivers virtual SGIs to CPUs of the zone only.
 */
#include "arch/gicv2.h"
#include "arch/vgic.h"
#include "board.h"
#include "io.h"
#include "log.h"
#include "mmio.h"
#include "percpu.h"
#include "ratelimit.h"
#include "zone.h"

/* The interface bits of the zone's CPUs. */
static u8 zone_cpu_mask(const struct zone *z)
{
	u8 mask = 0;

	for (cpuid_t c = 0; c < board.nr_cpus && c < GICV2_MAX_CPUS; c++)
		if ((z->cpus >> c) & 1)
			mask |= gicv2_cpu_mask(c);
	return mask;
}

/* A routing the zone may have: its own CPUs among targets, else its first CPU. */
u8 gicv2_zone_targets(const struct zone *z, u8 targets)
{
	u8 allowed = targets & zone_cpu_mask(z);

	return allowed ? allowed : gicv2_cpu_mask((cpuid_t)__builtin_ctzll(z->cpus));
}

/* ITARGETSR: a byte per interrupt; INTIDs 0-31 read as the accessing CPU's own bit. */
static void targets_access(struct zone *z, struct mmio_access *a)
{
	u32 first = (u32)(a->offset - GICD_ITARGETSR);
	u64 v = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 intid = first + i;
		paddr_t reg = gicv2_gicd_base + GICD_ITARGETSR + intid;

		if (intid < GIC_NR_PRIVATE) {
			v |= (u64)io_read8(reg) << (8 * i);
		} else if (vgic_zone_owns(z, intid)) {
			if (a->write)
				io_write8(reg, gicv2_zone_targets(z, (u8)(a->value >> (8 * i))));
			else
				v |= (u64)io_read8(reg) << (8 * i);
		}
	}
	if (!a->write)
		a->value = v;
}

/*
 * GICD_SGIR: virtual SGIs to the CPUs it names that run this zone; other targets are
 * dropped (a debug line), never sent a physical SGI.
 */
static void sgir_write(struct zone *z, u32 value)
{
	struct percpu *self = this_cpu();
	u32 intid = value & GICD_SGIR_INTID_MASK;
	u32 filter = GICD_SGIR_FILTER(value);
	u8 targets = (u8)GICD_SGIR_TARGETS(value);

	if (filter == GICD_SGIR_SELF)
		targets = gicv2_cpu_mask(self->id);
	else if (filter == GICD_SGIR_OTHERS)
		targets = (u8)~gicv2_cpu_mask(self->id);
	else if (filter != GICD_SGIR_LIST)
		return; /* reserved: the GIC ignores it too */
	for (cpuid_t t = 0; t < board.nr_cpus && t < GICV2_MAX_CPUS; t++) {
		struct percpu *tc = percpu_of(t);

		if (!(targets & gicv2_cpu_mask(t)))
			continue;
		if (tc->zone == z)
			vgic_send_sgi(tc, intid);
		else if (filter == GICD_SGIR_LIST)
			pr_debug("zone %u CPU %u: SGI %u to CPU %u, outside the zone: dropped",
				 z->id, self->id, intid, t);
	}
}

static void ctlr_access(struct zone *z, struct mmio_access *a)
{
	/* The physical distributor stays on; the zone's enable is its own view. */
	if (a->write)
		z->arch.vgic.ctlr = (u32)a->value & GICD_CTLR_ENABLE;
	else
		a->value = z->arch.vgic.ctlr;
}

/*
 * By register block, each with the widths IHI 0048B 4.1.4 gives it: bytes or words for
 * IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR (a byte per interrupt), naturally
 * aligned words elsewhere. Any other access reads 0 and writes nothing.
 */
int vgicd_access(struct zone *z, struct mmio_access *a, void *arg)
{
	paddr_t gicd = gicv2_gicd_base;
	u64 off = a->offset;

	(void)arg;
	switch (off) {
	case GICD_IPRIORITYR ... GICD_IPRIORITYR + GICD_BYTES_SIZE - 1:
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		if (off < GICD_IPRIORITYR + GIC_NR_PRIVATE)
			vgic_private_prio(a, this_cpu(), gicd, off);
		else
			vgicd_priority_access(z, a, gicd);
		return 0;
	case GICD_ITARGETSR ... GICD_ITARGETSR + GICD_BYTES_SIZE - 1:
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		targets_access(z, a);
		return 0;
	case GICD_CPENDSGIR ... GICD_SGIR_END:
		/* vSGIs are pending or not (ISPENDR0 shows which), with no source CPUs. */
		if (!mmio_width_ok(a, MMIO_W8 | MMIO_W32))
			break;
		mmio_raz_wi(a);
		return 0;
	default:
		if (!mmio_width_ok(a, MMIO_W32))
			break;
		switch (off) {
		case GICD_CTLR:
			ctlr_access(z, a);
			return 0;
		case GICD_TYPER:
		case GICD_IIDR:
		case GICD_ID_START ... GICD_ID_END:
			if (!a->write)
				a->value = io_read32(gicd + off);
			return 0;
		case GICD_IGROUPR ... GICD_IGROUPR + GICD_BITS_SIZE - 1:
		case GICD_NSACR ... GICD_NSACR + GICD_NSACR_SIZE - 1:
			/* Groups and secure access stay the firmware's: group 0 as seen here. */
			mmio_raz_wi(a);
			return 0;
		case GICD_ISENABLER ... GICD_ICACTIVER + GICD_BITS_SIZE - 1:
			if ((off & (GICD_BITS_SIZE - 1)) == 0)
				vgic_private_bits(a, this_cpu(), gicd, off);
			else
				vgicd_bits_access(z, a, gicd);
			return 0;
		case GICD_ICFGR ... GICD_ICFGR + GICD_ICFGR_SIZE - 1:
			/* SGIs' and PPIs' trigger modes are fixed in a GICv2: read only. */
			if (off < GICD_ICFGR + 8) {
				if (!a->write)
					a->value = io_read32(gicd + off);
			} else {
				vgicd_config_access(z, a, gicd);
			}
			return 0;
		case GICD_SGIR:
			if (a->write)
				sgir_write(z, (u32)a->value);
			else
				a->value = 0; /* write-only */
			return 0;
		default:
			vgicd_unknown_offset(z, a);
			return 0;
		}
	}
	mmio_refuse(z, a, "GICD");
	return 0;
}

/* GICv3 system register SGIs do not exist on a GICv2 CPU: a guest cannot trap here. */
void vgic_sgi1r_write(u64 value)
{
	pr_debug("CPU %u: ICC_SGI1R_EL1 write %#llx on a GICv2: ignored", this_cpu_id(),
		 (unsigned long long)value);
}
