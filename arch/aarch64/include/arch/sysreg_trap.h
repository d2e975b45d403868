/* SPDX-License-Identifier: GPL-2.0 */
/* Trapped MSR/MRS from a guest (arch/aarch64/sysreg_trap.c). */
#ifndef ARCH_SYSREG_TRAP_H
#define ARCH_SYSREG_TRAP_H

#include "types.h"

struct trap_frame;

/* Emulate the system register access the syndrome esr describes (EC 0x18). */
void guest_sysreg(struct trap_frame *f, u64 esr);

#endif
