// SPDX-License-Identifier: GPL-2.0
/* The EL2 identity map, built once from board.mem before the MMU is turned on. */
#include "arch/pt.h"
#include "arch/sysreg.h"
#include "arch_hooks.h"
#include "board.h"
#include "log.h"
#include "util.h"

#define EL2_PT_PAGES 32

static u64 el2_pt_pages[EL2_PT_PAGES][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned int el2_pt_used;
/* Read by every CPU's mmu_el2_enable (arch/aarch64/entry.S). */
u64 el2_pt_root;

static void *el2_pt_alloc(void *unused)
{
	(void)unused;
	/* .bss is already zero. */
	return el2_pt_used < EL2_PT_PAGES ? el2_pt_pages[el2_pt_used++] : NULL;
}

int arch_mmu_el2_build(void)
{
	struct pt pt;
	int err = pt_init(&pt, el2_pt_alloc, NULL);

	for (unsigned int i = 0; !err && i < board.nr_mem; i++) {
		const struct board_mem_range *m = &board.mem[i];
		u64 attr = m->type == BOARD_MEM_DEVICE ? PT_S1_DEVICE : PT_S1_NORMAL;

		err = pt_map(&pt, m->start, m->start, m->size, attr);
		if (err)
			pr_err("EL2 map: mem[%u] '%s' [%#llx, +%#llx) cannot be mapped (%d): it "
			       "must be "
			       "4 KiB aligned, below 512 GiB, not overlap another range, and the "
			       "table "
			       "pool (%u pages) must suffice",
			       i, m->name, (unsigned long long)m->start,
			       (unsigned long long)m->size, err, EL2_PT_PAGES);
	}
	if (err)
		return err;
	el2_pt_root = (u64)(uintptr_t)pt.root;
	return 0;
}
