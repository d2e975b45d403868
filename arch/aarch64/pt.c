// SPDX-License-Identifier: GPL-2.0
/* Translation table builder shared by the EL2 map and stage 2 (see arch/pt.h). */
#include "arch/pt.h"
#include "hv_errno.h"
#include "util.h"

#define LEVEL_SHIFT(l)	   (39 - 9 * (l)) /* level 1: 30, level 2: 21, level 3: 12 */
#define LEVEL_SIZE(l)	   (1ULL << LEVEL_SHIFT(l))
#define LEVEL_INDEX(va, l) (((va) >> LEVEL_SHIFT(l)) & (PT_ENTRIES - 1))

static inline u64 *pte_table(u64 pte)
{
	return (u64 *)(uintptr_t)(pte & PTE_ADDR_MASK);
}

int pt_init(struct pt *pt, void *(*alloc_page)(void *), void *ctx)
{
	pt->alloc_page = alloc_page;
	pt->alloc_ctx = ctx;
	pt->root = alloc_page(ctx);
	pt->tables = pt->root ? 1 : 0;
	return pt->root ? 0 : -ENOMEM;
}

/* The next-level table under *pte, created if the entry is empty. */
static u64 *pt_next(struct pt *pt, u64 *pte, int *err)
{
	u64 *next;

	if (*pte & PTE_VALID) {
		if (!(*pte & PTE_TABLE)) {
			*err = -EEXIST; /* a block already covers this range */
			return NULL;
		}
		return pte_table(*pte);
	}
	next = pt->alloc_page(pt->alloc_ctx);
	if (!next) {
		*err = -ENOMEM;
		return NULL;
	}
	pt->tables++;
	*pte = ((u64)(uintptr_t)next & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
	return next;
}

int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u64 attr)
{
	int err = 0;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || size == 0)
		return -EINVAL;
	if (va + size < va || va + size > (1ULL << PT_VA_BITS) || (pa & ~PTE_ADDR_MASK))
		return -EINVAL;

	while (size) {
		u64 *table = pt->root;
		unsigned int level;

		for (level = 1; level <= 3; level++) {
			u64 blk = LEVEL_SIZE(level);
			u64 *pte = &table[LEVEL_INDEX(va, level)];

			/* Level 3 always maps a page; levels 1 and 2 a block when it fits. */
			if (level == 3 || (IS_ALIGNED(va | pa, blk) && size >= blk)) {
				if (*pte & PTE_VALID)
					return -EEXIST;
				*pte = (pa & PTE_ADDR_MASK) | (attr & PTE_ATTR_MASK) | PTE_VALID |
				       (level == 3 ? PTE_TABLE : 0);
				va += blk;
				pa += blk;
				size -= blk;
				break;
			}
			table = pt_next(pt, pte, &err);
			if (!table)
				return err;
		}
	}
	return 0;
}

int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *attr, unsigned int *level)
{
	const u64 *table = pt->root;
	unsigned int l;

	if (va >= (1ULL << PT_VA_BITS))
		return -ENOENT;
	for (l = 1; l <= 3; l++) {
		u64 pte = table[LEVEL_INDEX(va, l)];

		if (!(pte & PTE_VALID))
			return -ENOENT;
		if (l == 3 || !(pte & PTE_TABLE)) {
			u64 off = va & (LEVEL_SIZE(l) - 1);

			if (pa)
				*pa = (pte & PTE_ADDR_MASK & ~(LEVEL_SIZE(l) - 1)) + off;
			if (attr)
				*attr = pte & PTE_ATTR_MASK;
			if (level)
				*level = l;
			return 0;
		}
		table = pte_table(pte);
	}
	return -ENOENT;
}
