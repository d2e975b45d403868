/* SPDX-License-Identifier: GPL-2.0 */
/* Reading DT cell values (big-endian 32-bit cells, 1 or 2 per number) for libfdt users. */
#ifndef HVC_FDT_CELLS_H
#define HVC_FDT_CELLS_H

#include <libfdt.h>
#include "types.h"

static inline u64 fdt_cells_read(const fdt32_t *p, int n)
{
	u64 v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

#endif
