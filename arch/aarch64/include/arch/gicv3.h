/* SPDX-License-Identifier: GPL-2.0 */
/* GICv3 register map (Arm IHI 0069) and system register names. */
#ifndef ARCH_GICV3_H
#define ARCH_GICV3_H

/* Distributor */
#define GICD_CTLR	    0x0000
#define GICD_TYPER	    0x0004
#define GICD_IIDR	    0x0008
#define GICD_IGROUPR	    0x0080
#define GICD_ISENABLER	    0x0100
#define GICD_ICENABLER	    0x0180
#define GICD_ISPENDR	    0x0200
#define GICD_ICPENDR	    0x0280
#define GICD_ISACTIVER	    0x0300
#define GICD_ICACTIVER	    0x0380
#define GICD_IPRIORITYR	    0x0400
#define GICD_ICFGR	    0x0c00
#define GICD_IGRPMODR	    0x0d00
#define GICD_IROUTER	    0x6000
#define GICD_PIDR2	    0xffe8
#define GICD_CTLR_RWP	    (1u << 31)
#define GICD_CTLR_ARE	    (1u << 4)
#define GICD_CTLR_ENABLE_G1 (1u << 1)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_FRAME_SIZE		   0x20000
#define GICR_SGI_BASE		   0x10000
#define GICR_CTLR		   0x0000
#define GICR_IIDR		   0x0004
#define GICR_TYPER		   0x0008
#define GICR_WAKER		   0x0014
#define GICR_TYPER_LAST		   (1ull << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_IGROUPR0		   (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		   (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		   (GICR_SGI_BASE + 0x0180)
#define GICR_ICPENDR0		   (GICR_SGI_BASE + 0x0280)
#define GICR_ICACTIVER0		   (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR0	   (GICR_SGI_BASE + 0x0400)

/* CPU interface system registers */
#define ICC_SRE_EL2	    S3_4_C12_C9_5
#define ICC_SRE_SRE	    (1u << 0)
#define ICC_SRE_ENABLE	    (1u << 3)
#define ICC_PMR_EL1	    S3_0_C4_C6_0
#define ICC_IAR1_EL1	    S3_0_C12_C12_0
#define ICC_EOIR1_EL1	    S3_0_C12_C12_1
#define ICC_DIR_EL1	    S3_0_C12_C11_1
#define ICC_CTLR_EL1	    S3_0_C12_C12_4
#define ICC_CTLR_EOIMODE    (1u << 1)
#define ICC_IGRPEN1_EL1	    S3_0_C12_C12_7
#define ICC_BPR1_EL1	    S3_0_C12_C12_3
#define ICC_SGI1R_EL1	    S3_0_C12_C11_5
#define ICH_HCR_EL2	    S3_4_C12_C11_0
#define ICH_HCR_EN	    (1u << 0)
#define ICH_VTR_EL2	    S3_4_C12_C11_1
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

#define GIC_INTID_SPURIOUS_FIRST 1020
#define GIC_SGI_HV_IPI		 7 /* the hypervisor's own cross-CPU event SGI */
#define GIC_PPI_MAINTENANCE	 25
#define GIC_PRIO_DEFAULT	 0xa0
#define GIC_PRIO_HV		 0x10

#endif
