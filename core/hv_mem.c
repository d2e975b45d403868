// SPDX-License-Identifier: GPL-2.0
/* The hypervisor's memory range (from the linker script) and the EL2 map's Normal memory. */
#include "board.h"
#include "hv_mem.h"
#include "sections.h"

paddr_t hv_mem_start(void)
{
	return (paddr_t)(uintptr_t)__hv_start;
}

paddr_t hv_mem_end(void)
{
	return (paddr_t)(uintptr_t)__hv_end;
}

bool hv_can_access(paddr_t pa, u64 size)
{
	return board_mem_covers(&board, pa, size, BOARD_MEM_NORMAL);
}
