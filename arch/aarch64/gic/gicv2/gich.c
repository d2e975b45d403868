// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 list registers and virtual interface control (GICH, IHI 0048B 5.3) behind the
 * arch/ich.h accessors, so the list-register logic all GIC versions share (gic/vgic_lr.c)
 * runs unchanged: each GICH_LRn is translated to and from the ICH_LR<n>_EL2 layout that
 * logic speaks. GICH_HCR keeps its fields where ICH_HCR_EL2 has them (En, UIE, LRENPIE,
 * NPIE, EOICount), so it passes as it is.
 */
#include "arch/gicv2.h"
#include "arch/ich.h"
#include "io.h"
#include "util.h"

/*
 * What the ICH layout has and GICv2 lacks or places differently:
 * - priority: GICv2 keeps the top 5 bits of the 8-bit value; the rest reads back as 0;
 * - group: the guest's interrupts are group 0 in GICv2's virtual interface, the group a
 *   GICv2 guest enables with GICC_CTLR bit 0 (Linux does just that) and receives as IRQ
 *   (GICV_CTLR.FIQEn stays 0); a list register in use reads back as ICH's group 1, the
 *   group GICv3 guests get, so the shared code sees one value whatever the GIC;
 * - without HW, GICv2's CPUID field (the SGI's source CPU) is left 0, and the EOI
 *   maintenance request moves from bit 41 to bit 19.
 */
u32 gich_lr_from_ich(u64 lr)
{
	u32 v = (u32)(lr & GICH_LR_VID_MASK);
	u32 prio = (u32)((lr >> ICH_LR_PRIO_SHIFT) & 0xff) >> GICH_LR_PRIO_DROP;

	v |= prio << GICH_LR_PRIO_SHIFT;
	v |= (u32)((lr & ICH_LR_STATE_MASK) >> ICH_LR_STATE_SHIFT) << GICH_LR_STATE_SHIFT;
	if (lr & ICH_LR_HW)
		v |= GICH_LR_HW | (u32)((lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT)
					  << GICH_LR_PID_SHIFT;
	else if (lr & ICH_LR_EOI)
		v |= GICH_LR_EOI;
	return v;
}

u64 gich_lr_to_ich(u32 v)
{
	u64 lr = v & GICH_LR_VID_MASK;

	if (!v)
		return 0;
	lr |= (u64)(((v & GICH_LR_PRIO_MASK) >> GICH_LR_PRIO_SHIFT) << GICH_LR_PRIO_DROP)
	      << ICH_LR_PRIO_SHIFT;
	lr |= (u64)((v & GICH_LR_STATE_MASK) >> GICH_LR_STATE_SHIFT) << ICH_LR_STATE_SHIFT;
	lr |= ICH_LR_GROUP1;
	if (v & GICH_LR_HW)
		lr |= ICH_LR_HW | (u64)((v & GICH_LR_PID_MASK) >> GICH_LR_PID_SHIFT)
					  << ICH_LR_PINTID_SHIFT;
	else if (v & GICH_LR_EOI)
		lr |= ICH_LR_EOI;
	return lr;
}

u64 ich_read_lr(unsigned int n)
{
	return gich_lr_to_ich(io_read32(gicv2_gich_base + GICH_LR0 + 4ULL * n));
}

void ich_write_lr(unsigned int n, u64 v)
{
	io_write32(gicv2_gich_base + GICH_LR0 + 4ULL * n, gich_lr_from_ich(v));
}

/* ELRSR1 covers list registers 32-63, which the shared logic never uses (ICH_MAX_LRS). */
u64 ich_read_elrsr(void)
{
	return io_read32(gicv2_gich_base + GICH_ELRSR0);
}

u64 ich_read_hcr(void)
{
	return io_read32(gicv2_gich_base + GICH_HCR);
}

void ich_write_hcr(u64 v)
{
	io_write32(gicv2_gich_base + GICH_HCR, (u32)v);
}

/* GICv2 allows up to 64; the shared logic keeps at most ICH_MAX_LRS busy. */
unsigned int ich_nr_lrs(void)
{
	return MIN((io_read32(gicv2_gich_base + GICH_VTR) & GICH_VTR_LISTREGS) + 1,
		   (u32)ICH_MAX_LRS);
}

/* The hypervisor's CPU interface runs with EOImode 1: its DIR deactivates. */
void ich_deactivate_physical(u32 intid)
{
	io_write32(gicv2_gicc_base + GICC_DIR, intid);
}
