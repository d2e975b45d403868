// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's SGIs and PPIs (INTIDs 0-31), the same for every GIC version: GICv3 banks them
 * in each CPU's redistributor SGI frame, GICv2 in the distributor's first words, both at
 * the distributor's offsets. SGIs are virtual (the hypervisor delivers them); PPIs are the
 * CPU's own and pass through, except the maintenance interrupt, which stays the
 * hypervisor's.
 */
#include "arch/gic.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "io.h"
#include "mmio.h"
#include "percpu.h"
#include "util.h"

/* PPIs a guest may not touch: the maintenance interrupt. */
#define PPI_RESERVED (1u << GIC_PPI_MAINTENANCE)
#define SGI_BITS     ((1u << GIC_NR_SGIS) - 1)

/* Make the target CPU pick up vSGIs that just became deliverable. */
static void kick(struct percpu *target)
{
	if (target == this_cpu())
		vgic_take_sgis();
	else
		irqchip_send_hv_ipi(target);
}

/*
 * Direct mode (gicv3/direct.c): the CPU takes its SGIs and PPIs itself, so their state is
 * the physical one, but for the hypervisor's three, which read 0 and stay as they are.
 */
static void direct_private_bits(struct mmio_access *a, paddr_t bank, u64 off)
{
	u32 val = (u32)a->value & ~GIC_DIRECT_RESERVED;

	if (!a->write)
		a->value = io_read32(bank + off) & ~GIC_DIRECT_RESERVED;
	else if (val)
		io_write32(bank + off, val);
}

void vgic_private_bits(struct mmio_access *a, struct percpu *tc, paddr_t bank, u64 off)
{
	struct vgic_cpu *v = &tc->arch.vgic;
	u32 val = (u32)a->value;
	u32 ppi = val & ~SGI_BITS & ~PPI_RESERVED;

	if (unlikely(tc->arch.direct)) {
		direct_private_bits(a, bank, off);
		return;
	}
	if (!a->write) {
		u32 phys = io_read32(bank + off) & ~SGI_BITS & ~PPI_RESERVED;
		u32 held = 0, pending = 0, active = 0;

		if (tc == this_cpu() && off >= GICD_ISPENDR) {
			/* PPIs and SGIs held in this CPU's list registers: the guest's view. */
			vgic_local_state32(0, &held, &pending, &active);
			held &= ~PPI_RESERVED;
			phys = (phys & ~held) | ((off < GICD_ISACTIVER ? pending : active) & held);
		}
		a->value = phys | (off == GICD_ISENABLER || off == GICD_ICENABLER ? v->sgi_enabled
				   : off == GICD_ISPENDR || off == GICD_ICPENDR	  ? v->sgi_pending
										  : 0);
		return;
	}
	if (ppi)
		io_write32(bank + off, ppi);
	if (tc == this_cpu()) {
		for (u32 b = val & ~PPI_RESERVED; b; b &= b - 1) {
			u32 intid = (u32)__builtin_ctz(b);

			if (off == GICD_ICENABLER && intid >= GIC_NR_SGIS &&
			    vgic_local_unpend(intid))
				io_write32(bank + GICD_ISPENDR, 1u << intid);
			else if (off == GICD_ICPENDR)
				vgic_local_unpend(intid);
			else if (off == GICD_ICACTIVER)
				vgic_local_deactivate(intid);
		}
	}
	switch (off) {
	case GICD_ISENABLER:
		v->sgi_enabled |= (u16)val;
		if (v->sgi_pending & v->sgi_enabled)
			kick(tc);
		break;
	case GICD_ICENABLER:
		v->sgi_enabled &= (u16)~val;
		break;
	case GICD_ISPENDR:
		for (u32 b = val & SGI_BITS; b; b &= b - 1)
			vgic_send_sgi(tc, (u32)__builtin_ctz(b));
		break;
	case GICD_ICPENDR:
		__atomic_and_fetch(&v->sgi_pending, (u16)~val, __ATOMIC_RELAXED);
		break;
	default: /* ISACTIVER0 / ICACTIVER0: SGIs are never active physically */
		break;
	}
}

void vgic_private_prio(struct mmio_access *a, struct percpu *tc, paddr_t bank, u64 off)
{
	struct vgic_cpu *v = &tc->arch.vgic;
	u32 first = (u32)(off - GICD_IPRIORITYR);
	u64 r = 0;

	for (u32 i = 0; i < a->size; i++) {
		u32 intid = first + i;

		/* SGIs are virtual: SGI 7 is the guest's as much as the others. */
		if (a->write && intid != GIC_PPI_MAINTENANCE) {
			v->prio[intid] = (u8)(a->value >> (8 * i));
			/* Direct mode: SGIs are physical too, but the hypervisor's. */
			if (intid >= GIC_NR_SGIS ||
			    (tc->arch.direct && !(GIC_DIRECT_RESERVED & (1u << intid))))
				io_write8(bank + GICD_IPRIORITYR + intid,
					  gic_guest_prio(v->prio[intid]));
		}
		r |= (u64)v->prio[intid] << (8 * i);
	}
	if (!a->write)
		a->value = r;
}
