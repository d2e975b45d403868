/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv2 (Arm IHI 0048B): the registers beyond arch/gic.h of the distributor, the CPU
 * interface (GICC, and GICV, its virtual twin the guest sees), the virtual interface
 * control (GICH), and what the GICv2 driver (arch/aarch64/gic/gicv2/) offers beyond
 * arch/irqchip.h.
 */
#ifndef ARCH_GICV2_H
#define ARCH_GICV2_H

#include "types.h"
#include "arch/gic.h"

#define GICV2_MAX_CPUS 8 /* CPU interfaces a GICv2 distributor can target */

/* Distributor (IHI 0048B 4.3) */
#define GICD_CTLR_ENABLE		(1u << 0) /* EnableGrp1 in the non-secure view, Grp0 without */
#define GICD_CPENDSGIR			0x0f10
#define GICD_SPENDSGIR			0x0f20
#define GICD_SGIR_END			0x0f2f /* SGIR, CPENDSGIR, SPENDSGIR */
#define GICD_ID_START			0x0fd0 /* PIDR4..CIDR3 */
#define GICD_ID_END			0x0fff
#define GICD_ITARGETSR_PRIV		0x20 /* ITARGETSR0-7: SGIs and PPIs, read-only */
#define GICD_SGIR_INTID_MASK		0xfu
#define GICD_SGIR_TARGETS(v)		(((v) >> 16) & 0xffu)
#define GICD_SGIR_FILTER(v)		(((v) >> 24) & 0x3u)
#define GICD_SGIR_LIST			0u /* to the CPUs in CPUTargetList */
#define GICD_SGIR_OTHERS		1u /* to every CPU but the writer */
#define GICD_SGIR_SELF			2u /* to the writer only */
#define GICD_SGIR_VALUE(targets, intid) ((u32)(targets) << 16 | (intid))

/* CPU interface (IHI 0048B 4.4), the hypervisor's at board gicc_base + gicc_offset */
#define GICC_CTLR	  0x0000
#define GICC_PMR	  0x0004
#define GICC_BPR	  0x0008
#define GICC_IAR	  0x000c
#define GICC_EOIR	  0x0010
#define GICC_DIR	  0x1000
#define GICC_CTLR_ENABLE  (1u << 0) /* the group the hypervisor's interrupts are in */
#define GICC_CTLR_EOIMODE (1u << 9) /* EOIR drops priority, DIR deactivates */
#define GICC_IAR_INTID	  0x3ffu
#define GICC_PMR_ALL	  0xffu
#define GICC_DIR_MIN_SIZE 0x2000 /* DIR sits in the CPU interface's second page */

/* Virtual interface control (IHI 0048B 5.3), banked per CPU */
#define GICH_HCR	  0x0000
#define GICH_VTR	  0x0004
#define GICH_VMCR	  0x0008
#define GICH_MISR	  0x0010
#define GICH_EISR0	  0x0020
#define GICH_ELRSR0	  0x0030
#define GICH_APR	  0x00f0
#define GICH_LR0	  0x0100
#define GICH_VTR_LISTREGS 0x3fu /* number of list registers minus one */

/*
 * GICH_LRn. The GICH_HCR fields the shared vGIC uses (En, UIE, LRENPIE, NPIE, EOICount)
 * sit where ICH_HCR_EL2 has them, so arch/ich.h's names serve both.
 */
#define GICH_LR_VID_MASK    0x3ffu
#define GICH_LR_PID_SHIFT   10
#define GICH_LR_PID_MASK    (0x3ffu << GICH_LR_PID_SHIFT) /* with HW */
#define GICH_LR_EOI	    (1u << 19)			  /* without HW */
#define GICH_LR_PRIO_SHIFT  23
#define GICH_LR_PRIO_MASK   (0x1fu << GICH_LR_PRIO_SHIFT)
#define GICH_LR_PRIO_DROP   3 /* 5 priority bits: the top ones of the 8-bit value */
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_STATE_MASK  (3u << GICH_LR_STATE_SHIFT)
#define GICH_LR_GRP1	    (1u << 30)
#define GICH_LR_HW	    (1u << 31)

/* The physical GIC, held once (the driver sets it; unit tests aim them at fakes). */
extern paddr_t gicv2_gicd_base;
extern paddr_t gicv2_gicc_base; /* the hypervisor's own CPU interface */
extern paddr_t gicv2_gich_base;
/* The GICv2 CPU interface bit of logical CPU id (GICD_ITARGETSR, GICD_SGIR), 0 before
 * its init. */
u8 gicv2_cpu_mask(cpuid_t id);
struct zone;
/* ITARGETSR for a zone's SPI: the zone's CPUs among targets, else its first CPU (vgicd.c). */
u8 gicv2_zone_targets(const struct zone *z, u8 targets);
/* The list register value as ICH_LR<n>_EL2 has it, and back (gich.c). */
u64 gich_lr_to_ich(u32 lr);
u32 gich_lr_from_ich(u64 lr);

#endif
