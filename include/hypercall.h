/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercall dispatch (ABI in include/hvisor/hypercall.h). */
#ifndef HVC_HYPERCALL_H
#define HVC_HYPERCALL_H

#include "types.h"

struct zone;

/*
 * Returns the value for the guest's x0: >= 0 on success, -errno on failure. The code
 * comes last so that the arguments reach the handlers in the registers they arrived in.
 */
long hypercall(struct zone *z, u64 arg0, u64 arg1, u64 code);

#endif
