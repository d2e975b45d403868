/* SPDX-License-Identifier: GPL-2.0 */
/* Architecture part of the per-CPU state. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "arch/vgic.h"

struct arch_cpu {
	struct vgic_cpu vgic;
};

#endif
