/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GICv3 distributor's hot registers, emulated straight from the data abort
 * (arch/aarch64/dabt.c) ahead of the zone's MMIO region walk: aligned 32-bit accesses to
 * GICD_CTLR, reads of GICD_TYPER, and GICD_ISENABLER<n> (n >= 1) reads and writes that
 * touch only owned IRQs. These are what a guest's interrupt setup and its drivers'
 * enable/disable do most. Each gives the guest what gicv3/vgicd.c would; anything else
 * (another register or width, word 0, a write naming an IRQ the zone does not own, which
 * is reported) is left to that full emulation, so every check it makes still applies.
 */
#ifndef ARCH_VGICD_FAST_H
#define ARCH_VGICD_FAST_H

#include "arch/esr.h"
#include "arch/gicv3.h"
#include "arch/trap.h"
#include "arch/vgic.h"
#include "io.h"
#include "percpu.h"
/*
 * struct zone: the includer includes zone.h first ("zone.h" from this directory would be
 * arch/zone.h).
 */

/* GICD offsets below this may take the fast path: CTLR, TYPER and ISENABLER<n>. */
#define VGICD_FAST_END (GICD_ISENABLER + GICD_BITS_SIZE)

/* The zone's GICD is trapped at ipa: enable its fast path (after mmio_register). */
static inline void vgicd_fast_init(struct zone *z, ipaddr_t ipa)
{
	struct vgic_zone *v = &z->arch.vgic;

	v->typer = io_read32(gicv3_gicd_base + GICD_TYPER) & ~(GICD_TYPER_LPIS | GICD_TYPER_MBIS);
	v->ctlr_ds = io_read32(gicv3_gicd_base + GICD_CTLR) & GICD_CTLR_DS;
	v->gicd_ipa = ipa;
	__atomic_store_n(&v->gicd_fast_size, (u64)VGICD_FAST_END, __ATOMIC_RELEASE);
}

/*
 * True when the access the syndrome esr describes, at ipa, was emulated here (a load's
 * result is in its register; the caller steps over the instruction); false: take the
 * full path. Counted as a GICD access in c's exit statistics.
 */
static inline __attribute__((always_inline)) bool
vgicd_fast(struct percpu *c, struct zone *z, struct trap_frame *f, u64 esr, ipaddr_t ipa)
{
	struct vgic_zone *v = &z->arch.vgic;
	u64 off = ipa - v->gicd_ipa;
	unsigned int rt = (esr >> ESR_DABT_SRT_SHIFT) & 0x1f;
	u32 value, mask;

	/* A 32-bit access, zero-extended if a load, aligned, in the fast range. */
	if (off >= __atomic_load_n(&v->gicd_fast_size, __ATOMIC_ACQUIRE) || (off & 3) ||
	    (esr & (ESR_DABT_SAS_MASK | ESR_DABT_SSE)) != (2ULL << ESR_DABT_SAS_SHIFT))
		return false;
	if (esr & ESR_DABT_WNR) {
		value = (u32)frame_reg(f, rt);
		if (off == GICD_CTLR) {
			/* The physical distributor stays on; the zone's enables are its own view.
			 */
			v->ctlr = value & GICD_CTLR_GRP_MASK;
		} else if (off >= GICD_ISENABLER + 4) {
			mask = z->cfg.interrupts_bitmap[(off - GICD_ISENABLER) / 4];
			if (value & ~mask)
				return false; /* an IRQ it does not own: reported by the full path
					       */
			if (value)
				io_write32(gicv3_gicd_base + off, value);
		} else {
			return false;
		}
	} else {
		if (off == GICD_CTLR)
			value = v->ctlr | GICD_CTLR_ARE | v->ctlr_ds;
		else if (off == GICD_TYPER)
			value = v->typer;
		else if (off >= GICD_ISENABLER + 4)
			value = io_read32(gicv3_gicd_base + off) &
				z->cfg.interrupts_bitmap[(off - GICD_ISENABLER) / 4];
		else
			return false;
		frame_set_reg(f, rt, value);
	}
	exit_stat_on(c, ZONE_STAT_MMIO_GICD);
	return true;
}

#endif
