/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture part of a zone: its stage-2 table and VMID. */
#ifndef ARCH_ZONE_H
#define ARCH_ZONE_H

#include "arch/pt.h"
#include "arch/vgic.h"

struct arch_zone {
	struct pt s2;
	u16 vmid;
	struct vgic_zone vgic;
};

#endif
