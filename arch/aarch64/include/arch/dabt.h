/* SPDX-License-Identifier: GPL-2.0 */
/* Stage-2 data aborts from a guest: MMIO emulation (arch/aarch64/dabt.c). */
#ifndef ARCH_DABT_H
#define ARCH_DABT_H

#include "types.h"

struct trap_frame;

/* Emulate the access the syndrome esr describes, or reflect an abort into the guest. */
void guest_dabt(struct trap_frame *f, u64 esr);

#endif
