/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-tree names for diagnostics: which DT node owns an address or an interrupt.
 * Filled at boot from the boot DTB and the root zone's DTB (libfdt may only run then);
 * looked up later by messages such as "unhandled MMIO ... = serial@fe650000".
 */
#ifndef HVC_DT_NAMES_H
#define HVC_DT_NAMES_H

#include "types.h"

#define DT_NAMES_MAX  512
#define DT_NAMES_POOL 16384

void dt_names_add_reg(u64 addr, u64 size, const char *name);
void dt_names_add_irq(u32 intid, const char *name);
/* The node whose reg covers addr (the smallest such), or NULL. */
const char *dt_names_addr(u64 addr);
const char *dt_names_irq(u32 intid);
/* Forget everything (unit tests start each case from an empty table). */
void dt_names_clear(void);

/* Walk a DTB and record every node's reg ranges and GIC interrupts (core/fdt_scan.c). */
int fdt_scan_names(const void *fdt);

#endif
