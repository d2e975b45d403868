/* SPDX-License-Identifier: GPL-2.0 */
/* Reflecting synchronous exceptions into a guest (arch/aarch64/inject.c). */
#ifndef ARCH_INJECT_H
#define ARCH_INJECT_H

#include "types.h"

struct trap_frame;

/* An abort (data or instruction) at far, taken to the guest's EL1 vectors. */
void inject_guest_abort(struct trap_frame *f, bool data, bool write, u64 far);
/* An undefined instruction, taken to the guest's EL1 vectors. */
void inject_guest_undef(struct trap_frame *f);

#endif
