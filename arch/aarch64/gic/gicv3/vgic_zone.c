// SPDX-License-Identifier: GPL-2.0
/* A zone's view of the GIC: its SPIs routed to it, GICD and GICR trapped and emulated. */
#include "arch/gicv3.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "board.h"
#include "log.h"
#include "io.h"
#include "percpu.h"
#include "zone.h"
#include "arch/vgicd_fast.h" /* after zone.h */

int vgic_zone_init(struct zone *z)
{
	const struct board_gic *g = &board.gic;
	u64 first_cpu = board.mpidr[__builtin_ctzll(z->cpus)];
	paddr_t base;
	u64 size;
	int err;

	for (u32 intid = 32; intid < VGIC_NR_IRQS; intid++) {
		if (!vgic_zone_owns(z, intid))
			continue;
		/* Disabled until the guest enables it; delivered to the zone's first CPU. */
		io_write32(gicv3_gicd_base + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
		io_write64(gicv3_gicd_base + GICD_IROUTER + 8ULL * intid, first_cpu);
		z->arch.vgic.irouter[intid] = first_cpu;
		z->arch.vgic.prio[intid] = GIC_PRIO_DEFAULT;
		io_write8(gicv3_gicd_base + GICD_IPRIORITYR + intid, GIC_PRIO_DEFAULT);
	}
	if (z->cfg.arch_config.direct_irq) {
		err = irqchip_direct_check(z);
		if (err)
			return err;
		pr_info("zone %u: direct interrupt mode on CPUs %#llx", z->id,
			(unsigned long long)z->cpus);
	}
	err = mmio_register(z, g->gicd_base, g->gicd_size, vgicd_access, NULL, ZONE_STAT_MMIO_GICD);
	if (!err)
		vgicd_fast_init(z, g->gicd_base);
	for (unsigned int i = 0; !err && gicv3_gicr_range(i, &base, &size); i++)
		err = mmio_register(z, base, size, vgicr_access, (void *)(uintptr_t)i,
				    ZONE_STAT_MMIO_GICR);
	return err;
}

void arch_zone_release_irqs(struct zone *z, const u32 *bitmap, struct zone *to)
{
	u64 to_cpu = board.mpidr[__builtin_ctzll(to ? to->cpus : 1)];

	(void)z;
	for (u32 w = 1; w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++) {
		u32 bits = bitmap[w];

		if (!bits)
			continue;
		/* Disabled, not pending, not active: nothing of the zone's use survives it. */
		io_write32(gicv3_gicd_base + GICD_ICENABLER + w * 4, bits);
		io_write32(gicv3_gicd_base + GICD_ICPENDR + w * 4, bits);
		io_write32(gicv3_gicd_base + GICD_ICACTIVER + w * 4, bits);
		for (; bits; bits &= bits - 1) {
			u32 intid = w * 32 + (u32)__builtin_ctz(bits);

			io_write64(gicv3_gicd_base + GICD_IROUTER + 8ULL * intid, to_cpu);
			io_write8(gicv3_gicd_base + GICD_IPRIORITYR + intid, GIC_PRIO_DEFAULT);
			if (to) {
				to->arch.vgic.irouter[intid] = to_cpu;
				to->arch.vgic.prio[intid] = GIC_PRIO_DEFAULT;
			}
		}
	}
}
