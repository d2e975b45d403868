// SPDX-License-Identifier: GPL-2.0
/* Questions about the board's EL2 memory map (used by the hypervisor and the checker). */
#include "board.h"
#include "util.h"

bool board_mem_covers(const struct board *b, u64 start, u64 size, enum board_mem_type type)
{
	for (unsigned int i = 0; i < b->nr_mem; i++)
		if (b->mem[i].type == type &&
		    range_within(start, size, b->mem[i].start, b->mem[i].size))
			return true;
	return false;
}
