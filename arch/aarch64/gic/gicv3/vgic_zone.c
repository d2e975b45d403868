// SPDX-License-Identifier: GPL-2.0
/* A zone's view of the GIC: its SPIs routed to it, GICD and GICR trapped and emulated. */
#include "arch/gicv3.h"
#include "arch/vgic.h"
#include "board.h"
#include "log.h"
#include "io.h"
#include "percpu.h"
#include "zone.h"

int vgic_zone_init(struct zone *z)
{
	const struct board_gic *g = &board.gic;
	u64 first_cpu = board.mpidr[__builtin_ctzll(z->cpus)];
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
	err = mmio_register(z, g->gicd_base, g->gicd_size, vgicd_access, NULL);
	if (!err)
		err = mmio_register(z, g->gicr_base, g->gicr_size, vgicr_access, NULL);
	return err;
}
