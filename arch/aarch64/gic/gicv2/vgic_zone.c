// SPDX-License-Identifier: GPL-2.0
/*
 * A zone's view of a GICv2: its SPIs routed to its CPUs, the distributor trapped and
 * emulated, and the physical GICV mapped by stage 2 where the zone expects its CPU
 * interface (the board's GICC address), so the guest talks to its virtual CPU interface
 * without a trap.
 */
#include "arch/gicv2.h"
#include "arch/pt.h"
#include "arch/vgic.h"
#include "board.h"
#include "io.h"
#include "log.h"
#include "mmio.h"
#include "zone.h"

/* An SPI back to its reset state: disabled, not pending, not active, mid priority. */
static void spi_reset(struct zone *z, u32 intid, u8 targets)
{
	u32 bit = 1u << (intid % 32);

	io_write32(gicv2_gicd_base + GICD_ICENABLER + (intid / 32) * 4, bit);
	io_write32(gicv2_gicd_base + GICD_ICPENDR + (intid / 32) * 4, bit);
	io_write32(gicv2_gicd_base + GICD_ICACTIVER + (intid / 32) * 4, bit);
	io_write8(gicv2_gicd_base + GICD_ITARGETSR + intid, targets);
	io_write8(gicv2_gicd_base + GICD_IPRIORITYR + intid, GIC_PRIO_DEFAULT);
	if (z)
		z->arch.vgic.prio[intid] = GIC_PRIO_DEFAULT;
}

int vgic_zone_init(struct zone *z)
{
	const struct board_gic *g = &board.gic;
	u8 first = gicv2_zone_targets(z, 0);
	int err;

	for (u32 intid = GIC_NR_PRIVATE; intid < VGIC_NR_IRQS; intid++)
		if (vgic_zone_owns(z, intid))
			spi_reset(z, intid, first);
	/* The checker made sure no region of the zone covers the GICC range. */
	err = pt_map(&z->arch.s2, g->gicc_base, g->gicv_base, g->gicc_size, PT_S2_IO);
	if (err) {
		pr_err("zone %u: the virtual CPU interface (GICV %#llx) cannot be mapped at GICC "
		       "%#llx (%d)",
		       z->id, (unsigned long long)g->gicv_base, (unsigned long long)g->gicc_base,
		       err);
		return err;
	}
	return mmio_register(z, g->gicd_base, g->gicd_size, vgicd_access, NULL,
			     ZONE_STAT_MMIO_GICD);
}

void arch_zone_release_irqs(struct zone *z, const u32 *bitmap, struct zone *to)
{
	u8 targets = gicv2_cpu_mask((cpuid_t)__builtin_ctzll(to ? to->cpus : 1));

	(void)z;
	for (u32 w = 1; w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++)
		for (u32 bits = bitmap[w]; bits; bits &= bits - 1)
			spi_reset(to, w * 32 + (u32)__builtin_ctz(bits), targets);
}
