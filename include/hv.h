/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor's own memory and the boot sequence entry points. */
#ifndef HVC_HV_H
#define HVC_HV_H

#include "types.h"

/* [hv_mem_start, hv_mem_end): image, per-CPU areas and frame pool (linker/hvisor.ld). */
paddr_t hv_mem_start(void);
paddr_t hv_mem_end(void);

/* True when [pa, pa + size) is Normal memory in the board's EL2 map. */
bool hv_can_access(paddr_t pa, u64 size);

/* The boot DTB handed over in x0, checked against board.c (core/fdt_boot.c). */
void fdt_boot_report(paddr_t dtb);

struct zone;
/* Before a zone first runs: name its DT nodes and, for the root zone, fix its DTB up. */
void fdt_zone_prepare(struct zone *z);

#endif
