// SPDX-License-Identifier: GPL-2.0
/* Logical CPU ids <-> MPIDR through the board table (the C twin of entry.S's lookup). */
#include "board.h"
#include "arch/asm_defs.h"

_Static_assert(__builtin_offsetof(struct board, mpidr) == BOARD_OFF_MPIDR, "BOARD_OFF_MPIDR");
_Static_assert(__builtin_offsetof(struct board, nr_cpus) == BOARD_OFF_NR_CPUS, "BOARD_OFF_NR_CPUS");

cpuid_t board_cpuid_of_mpidr(const struct board *b, u64 mpidr)
{
	u64 aff = mpidr & MPIDR_AFF_MASK;

	for (cpuid_t i = 0; i < b->nr_cpus; i++)
		if ((b->mpidr[i] & MPIDR_AFF_MASK) == aff)
			return i;
	return INVALID_CPUID;
}
