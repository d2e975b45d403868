/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercall dispatch (ABI in include/hvisor/hypercall.h). */
#ifndef HVC_HYPERCALL_H
#define HVC_HYPERCALL_H

#include "types.h"

struct zone;

/* Returns the value for the guest's x0: >= 0 on success, -errno on failure. */
long hypercall(struct zone *z, u64 code, u64 arg0, u64 arg1);

#endif
