/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 virtual CPU interface control (ICH_*_EL2): list register layout and accessors.
 * The shared list-register logic (gic/vgic_lr.c) speaks this layout whatever the GIC: the
 * GICv2 driver translates it to and from GICH. Unit tests replace the accessors with a
 * fake (UNIT_TEST), so the LR logic runs on a host.
 */
#ifndef ARCH_ICH_H
#define ARCH_ICH_H

#include "types.h"

#define ICH_LR_VINTID_MASK  0xffffffffULL
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_PINTID_MASK  (0x3ffULL << ICH_LR_PINTID_SHIFT)
#define ICH_LR_EOI	    (1ULL << 41)
#define ICH_LR_PRIO_SHIFT   48
#define ICH_LR_GROUP1	    (1ULL << 60)
#define ICH_LR_HW	    (1ULL << 61)
#define ICH_LR_STATE_SHIFT  62
#define ICH_LR_PENDING	    (1ULL << 62)
#define ICH_LR_ACTIVE	    (2ULL << 62)
#define ICH_LR_STATE_MASK   (3ULL << 62)

#define ICH_HCR_EN_BIT	       (1ULL << 0)
#define ICH_HCR_UIE	       (1ULL << 1)
#define ICH_HCR_LRENPIE	       (1ULL << 2)
#define ICH_HCR_NPIE	       (1ULL << 3)
#define ICH_HCR_EOICOUNT_SHIFT 27
#define ICH_HCR_EOICOUNT_MASK  (0x1fULL << ICH_HCR_EOICOUNT_SHIFT)

#define ICH_MAX_LRS 16

u64 ich_read_lr(unsigned int n);
void ich_write_lr(unsigned int n, u64 v);

#if defined(UNIT_TEST) || GIC_VERSION != 3
/* Unit tests fake them; GICv2 translates them to GICH (gic/gicv2/gich.c). */
static inline void ich_write_lr0(u64 v)
{
	ich_write_lr(0, v);
}
u64 ich_read_elrsr(void);
u64 ich_read_hcr(void);
void ich_write_hcr(u64 v);
unsigned int ich_nr_lrs(void);
void ich_deactivate_physical(u32 intid);
#else
#include "arch/sysreg.h"

/* List register 0, the one an interrupt goes to when none is in flight: no index table. */
static inline void ich_write_lr0(u64 v)
{
	write_sysreg(S3_4_C12_C12_0, v);
}

static inline u64 ich_read_elrsr(void)
{
	return read_sysreg(S3_4_C12_C11_5);
}

static inline u64 ich_read_hcr(void)
{
	return read_sysreg(S3_4_C12_C11_0);
}

static inline void ich_write_hcr(u64 v)
{
	write_sysreg(S3_4_C12_C11_0, v);
}

static inline unsigned int ich_nr_lrs(void)
{
	return (unsigned int)(read_sysreg(S3_4_C12_C11_1) & 0x1f) + 1;
}

static inline void ich_deactivate_physical(u32 intid)
{
	write_sysreg(S3_0_C12_C11_1, intid); /* ICC_DIR_EL1 */
}
#endif

#endif
