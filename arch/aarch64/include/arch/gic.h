/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What GICv2 (Arm IHI 0048) and GICv3 (IHI 0069) distributors share: the register blocks
 * both place at the same offsets, the INTID ranges, and the interrupts and priorities the
 * hypervisor keeps for itself whatever the GIC version.
 */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

#include "types.h"
#include "util.h"

/* Distributor: register blocks, in address order. */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICPENDR	0x0280
#define GICD_ISACTIVER	0x0300
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR	0x0800
#define GICD_ICFGR	0x0c00
#define GICD_NSACR	0x0e00
#define GICD_SGIR	0x0f00
/* Sizes of the register arrays: one bit, one byte or two bits per INTID. */
#define GICD_BITS_SIZE	0x80
#define GICD_BYTES_SIZE 0x400
#define GICD_ICFGR_SIZE 0x100
#define GICD_NSACR_SIZE 0x100

#define GICD_TYPER_ITLINES 0x1fu
/* INTIDs the distributor implements: 32 * (ITLinesNumber + 1), 1020 at most. */
#define GICD_TYPER_LINES(t) MIN(32u * (((t)&GICD_TYPER_ITLINES) + 1), (u32)GIC_INTID_SPURIOUS_FIRST)

#define GIC_INTID_SPURIOUS_FIRST 1020
#define GIC_NR_SGIS		 16
#define GIC_NR_PRIVATE		 32 /* SGIs and PPIs, banked per CPU */
#define GIC_SGI_HV_IPI		 7  /* the hypervisor's own cross-CPU event SGI */
#define GIC_PPI_MAINTENANCE	 25
#define GIC_PRIO_DEFAULT	 0xa0
#define GIC_PRIO_HV		 0x10
/*
 * The kick to CPUs in direct interrupt mode: a Group 0 SGI, taken as FIQ at EL2
 * (HCR_EL2.FMO) whatever the guest does with PSTATE, and the one SGI such a zone cannot
 * use. Its priority is the hypervisor's; guests' physical priorities stay below it
 * (GIC_PRIO_GUEST_MIN) so an interrupt the guest is handling never blocks the kick.
 */
#define GIC_SGI_HV_KICK0   15
#define GIC_PRIO_GUEST_MIN 0x20
/* SGIs and PPIs a direct-mode zone never reaches physically: the hypervisor's three. */
#define GIC_DIRECT_RESERVED                                                                        \
	((1u << GIC_SGI_HV_IPI) | (1u << GIC_SGI_HV_KICK0) | (1u << GIC_PPI_MAINTENANCE))

/* The physical priority of a guest's interrupt: never as urgent as the hypervisor's. */
static inline u8 gic_guest_prio(u8 p)
{
	return p < GIC_PRIO_GUEST_MIN ? GIC_PRIO_GUEST_MIN : p;
}

#endif
