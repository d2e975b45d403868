/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 (Arm IHI 0069): register map, system register names and field encodings, and
 * what the GICv3 driver (arch/aarch64/gic/gicv3/gicv3.c) offers beyond arch/irqchip.h.
 */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

#include "types.h"
#include "util.h"
#include "arch/sysreg.h"
#include "arch/gic.h"

/* Beyond arch/gic.h: the GICv3-only distributor registers. */
#define GICD_TYPER2	 0x000c
#define GICD_STATUSR	 0x0010
#define GICD_SETSPI_NSR	 0x0040
#define GICD_CLRSPI_NSR	 0x0048
#define GICD_IGRPMODR	 0x0d00
#define GICD_IROUTER	 0x6000
#define GICD_ID_START	 0xffd0 /* PIDR4..CIDR3 */
#define GICD_PIDR2	 0xffe8
#define GICD_ID_END	 0xffff
#define GICD_IROUTER_END 0x7fd8 /* IROUTER1019, the last SPI's */
#define GICD_SGIR_END	 0x0f2f /* SGIR, CPENDSGIR, SPENDSGIR */

#define GICD_CTLR_RWP	    (1u << 31)
#define GICD_CTLR_DS	    (1u << 6)
#define GICD_CTLR_ARE	    (1u << 4)
#define GICD_CTLR_ENABLE_G0 (1u << 0)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_GRP_MASK  0x3u /* EnableGrp0, EnableGrp1 */
#define GICD_TYPER_LPIS	    (1u << 17)
#define GICD_TYPER_MBIS	    (1u << 16)

/* GICD_IROUTER: affinity in the MPIDR layout (Aff3 at 32), or any CPU (IRM). */
#define IROUTER_IRM	 (1ULL << 31)
#define IROUTER_AFF_MASK MPIDR_AFF_MASK

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_FRAME_SIZE		   0x20000
#define GICR_SGI_BASE		   0x10000
#define GICR_CTLR		   0x0000
#define GICR_IIDR		   0x0004
#define GICR_TYPER		   0x0008
#define GICR_STATUSR		   0x0010
#define GICR_WAKER		   0x0014
#define GICR_LPI_FIRST		   0x0040 /* SETLPIR .. SYNCR: LPI controls */
#define GICR_PROPBASER		   0x0070
#define GICR_PENDBASER		   0x0078
#define GICR_LPI_LAST		   0x00c0
#define GICR_ID_START		   0xffd0
#define GICR_ID_END		   0xffff
#define GICR_TYPER_PLPIS	   (1ULL << 0)
#define GICR_TYPER_VLPIS	   (1ULL << 1)
#define GICR_TYPER_DIRECT_LPI	   (1ULL << 3)
#define GICR_TYPER_LAST		   (1ULL << 4)
#define GICR_TYPER_AFF_SHIFT	   32
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_IGROUPR0		   (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		   (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		   (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0		   (GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0		   (GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0		   (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0		   (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR0	   (GICR_SGI_BASE + 0x0400)
#define GICR_IPRIORITYR_SIZE	   0x20
#define GICR_ICFGR0		   (GICR_SGI_BASE + 0x0c00)
#define GICR_ICFGR1		   (GICR_SGI_BASE + 0x0c04)

/* GICR_TYPER.Affinity_Value (bits [63:32]): Aff3.Aff2.Aff1.Aff0 packed in 32 bits. */
static inline u32 gicr_typer_aff(u64 mpidr)
{
	return (u32)(MPIDR_AFF(mpidr, 3) << 24 | (mpidr & MPIDR_AFF_LO_MASK));
}

/* CPU interface system registers */
#define ICC_SRE_EL2	 S3_4_C12_C9_5
#define ICC_SRE_SRE	 (1u << 0)
#define ICC_SRE_ENABLE	 (1u << 3)
#define ICC_PMR_EL1	 S3_0_C4_C6_0
#define ICC_IAR1_EL1	 S3_0_C12_C12_0
#define ICC_IAR_INTID	 0xffffffu
#define ICC_EOIR1_EL1	 S3_0_C12_C12_1
#define ICC_DIR_EL1	 S3_0_C12_C11_1
#define ICC_CTLR_EL1	 S3_0_C12_C12_4
#define ICC_CTLR_EOIMODE (1u << 1)
#define ICC_IGRPEN1_EL1	 S3_0_C12_C12_7
#define ICC_BPR1_EL1	 S3_0_C12_C12_3
#define ICC_SGI1R_EL1	 S3_0_C12_C11_5
/* Group 0: the hypervisor's kick to CPUs in direct interrupt mode (taken as FIQ). */
#define ICC_SGI0R_EL1	S3_0_C12_C11_7
#define ICC_IAR0_EL1	S3_0_C12_C8_0
#define ICC_EOIR0_EL1	S3_0_C12_C8_1
#define ICC_BPR0_EL1	S3_0_C12_C8_3
#define ICC_IGRPEN0_EL1 S3_0_C12_C12_6
/* Group 1 active priorities: physical at EL1 while HCR_EL2.IMO is clear. */
#define ICC_AP1R0_EL1	    S3_0_C12_C9_0
#define ICC_AP1R1_EL1	    S3_0_C12_C9_1
#define ICC_AP1R2_EL1	    S3_0_C12_C9_2
#define ICC_AP1R3_EL1	    S3_0_C12_C9_3
#define ICC_CTLR_PRIBITS(v) ((((v) >> 8) & 7) + 1)
#define ICH_HCR_EL2	    S3_4_C12_C11_0
#define ICH_HCR_EN	    (1u << 0)
#define ICH_VTR_EL2	    S3_4_C12_C11_1
#define ICH_VTR_PREBITS(v)  ((((v) >> 26) & 7) + 1)
#define ICH_VMCR_EL2	    S3_4_C12_C11_7
#define ICH_AP0R0_EL2	    S3_4_C12_C8_0
#define ICH_AP0R1_EL2	    S3_4_C12_C8_1
#define ICH_AP0R2_EL2	    S3_4_C12_C8_2
#define ICH_AP0R3_EL2	    S3_4_C12_C8_3
#define ICH_AP1R0_EL2	    S3_4_C12_C9_0
#define ICH_AP1R1_EL2	    S3_4_C12_C9_1
#define ICH_AP1R2_EL2	    S3_4_C12_C9_2
#define ICH_AP1R3_EL2	    S3_4_C12_C9_3
#define ICH_VMCR_VENG1	    (1u << 1)
#define ICH_VMCR_VPMR_SHIFT 24

/*
 * ICC_SGI1R_EL1 (and ASGI1R): which CPUs get which SGI. A target is Aff3.Aff2.Aff1 plus
 * a bit in TargetList for Aff0 = RS * 16 + bit; IRM sends to all but self.
 */
#define SGI1R_TARGETS_MASK 0xffffULL
#define SGI1R_AFF1_SHIFT   16
#define SGI1R_INTID_SHIFT  24
#define SGI1R_AFF2_SHIFT   32
#define SGI1R_IRM	   (1ULL << 40)
#define SGI1R_RS_SHIFT	   44
#define SGI1R_AFF3_SHIFT   48
#define SGI1R_TARGETS(v)   ((v)&SGI1R_TARGETS_MASK)
#define SGI1R_INTID(v)	   (((v) >> SGI1R_INTID_SHIFT) & 0xf)
#define SGI1R_AFF1(v)	   (((v) >> SGI1R_AFF1_SHIFT) & 0xff)
#define SGI1R_AFF2(v)	   (((v) >> SGI1R_AFF2_SHIFT) & 0xff)
#define SGI1R_AFF3(v)	   (((v) >> SGI1R_AFF3_SHIFT) & 0xff)
#define SGI1R_RS(v)	   (((v) >> SGI1R_RS_SHIFT) & 0xf)
/* The fields that name a group of 16 CPUs: Aff3, RS, Aff2, Aff1. */
#define SGI1R_GROUP_MASK                                                                           \
	(0xffULL << SGI1R_AFF3_SHIFT | 0xfULL << SGI1R_RS_SHIFT | 0xffULL << SGI1R_AFF2_SHIFT |    \
	 0xffULL << SGI1R_AFF1_SHIFT)

/* The ICC_SGI1R_EL1 value that sends SGI intid to the one CPU with this MPIDR. */
/* ICC_IAR0/1_EL1 said there is no interrupt to take (1020-1023). */
static inline bool gicv3_iar_none(u32 intid)
{
	return intid >= GIC_INTID_SPURIOUS_FIRST && intid < 1024;
}

static inline u64 gicv3_sgi1r_value(u64 mpidr, u32 intid)
{
	u64 aff0 = MPIDR_AFF(mpidr, 0);

	return (u64)intid << SGI1R_INTID_SHIFT | 1ULL << (aff0 & 0xf) |
	       MPIDR_AFF(mpidr, 1) << SGI1R_AFF1_SHIFT | MPIDR_AFF(mpidr, 2) << SGI1R_AFF2_SHIFT |
	       MPIDR_AFF(mpidr, 3) << SGI1R_AFF3_SHIFT | (aff0 >> 4) << SGI1R_RS_SHIFT;
}

/* The physical distributor, held once (the driver sets it; unit tests aim it at a fake). */
extern paddr_t gicv3_gicd_base;
/* This CPU's redistributor (RD_base), or 0 before its init. */
paddr_t gicv3_redist_of(cpuid_t id);
/* GICD_CTLR.DS: one security state, so Group 0 is the hypervisor's (direct mode). */
bool gicv3_single_security(void);
void gicv3_group0_probe(void); /* at boot, once the distributor is set up */
/*
 * Redistributor range i of the board (0: gicr_base/gicr_size, then gic.gicr_more[]): false
 * past the last one.
 */
bool gicv3_gicr_range(unsigned int i, paddr_t *base, u64 *size);
/* The index of the range that holds rd, or -1. */
int gicv3_gicr_range_of(paddr_t rd);
/* The CPU whose redistributor (RD_base) is rd, or INVALID_CPUID. */
cpuid_t gicv3_cpu_of_redist(paddr_t rd);

#endif
