/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor's own memory, and what of the board's memory it can reach (core/hv_mem.c). */
#ifndef HVC_HV_MEM_H
#define HVC_HV_MEM_H

#include "types.h"

/* [hv_mem_start, hv_mem_end): image, per-CPU areas and frame pool (linker/hvisor.ld). */
paddr_t hv_mem_start(void);
paddr_t hv_mem_end(void);

/* True when [pa, pa + size) is Normal memory in the board's EL2 map. */
bool hv_can_access(paddr_t pa, u64 size);

#endif
