/* SPDX-License-Identifier: GPL-2.0 */
/* Symbols the linker script defines (linker/hvisor.ld): where the hypervisor's memory is. */
#ifndef HVC_SECTIONS_H
#define HVC_SECTIONS_H

#include "types.h"

extern u8 __hv_start[], __hv_end[];	/* everything that is the hypervisor's */
extern u8 __pool_start[], __pool_end[]; /* the frame pool for zones' page tables */

#endif
