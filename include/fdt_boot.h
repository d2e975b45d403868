/* SPDX-License-Identifier: GPL-2.0 */
/* The boot DTB (core/fdt_boot.c). */
#ifndef HVC_FDT_BOOT_H
#define HVC_FDT_BOOT_H

#include "types.h"

/* Read the boot DTB handed over in x0 and report where it disagrees with board.c. */
void fdt_boot_report(paddr_t dtb);

#endif
