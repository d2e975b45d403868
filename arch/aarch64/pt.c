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

/* Replace the block at *pte (a level 1 or 2 leaf) by a table of the next level's leaves. */
static int pt_split(struct pt *pt, u64 *pte, unsigned int level, u64 va)
{
	u64 *next = pt->alloc_page(pt->alloc_ctx);
	u64 blk = *pte, sub = LEVEL_SIZE(level + 1);
	u64 pa = blk & PTE_ADDR_MASK & ~(LEVEL_SIZE(level) - 1);

	if (!next)
		return -ENOMEM;
	pt->tables++;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		next[i] = (pa + i * sub) | (blk & PTE_ATTR_MASK) | PTE_VALID |
			  (level + 1 == 3 ? PTE_TABLE : 0);
	/* Break before make: another CPU may be using the block right now. */
	*pte = 0;
	if (pt->tlb_flush)
		pt->tlb_flush(va);
	*pte = ((u64)(uintptr_t)next & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
	return 0;
}

int pt_unmap(struct pt *pt, u64 va, u64 size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE) || size == 0 || va + size < va ||
	    va + size > (1ULL << PT_VA_BITS))
		return -EINVAL;

	while (size) {
		u64 *table = pt->root;
		u64 step = PAGE_SIZE;

		for (unsigned int level = 1; level <= 3; level++) {
			u64 blk = LEVEL_SIZE(level);
			u64 *pte = &table[LEVEL_INDEX(va, level)];
			int err;

			step = blk - (va & (blk - 1)); /* to the end of this entry */
			if (!(*pte & PTE_VALID))
				break;
			if (level < 3 && (*pte & PTE_TABLE)) {
				table = pte_table(*pte);
				continue;
			}
			if (IS_ALIGNED(va, blk) && size >= blk) {
				*pte = 0;
				break;
			}
			err = pt_split(pt, pte, level, va);
			if (err)
				return err;
			table = pte_table(*pte);
		}
		step = MIN(step, size);
		va += step;
		size -= step;
	}
	return 0;
}

static void pt_free_table(u64 *table, unsigned int level, void (*free_page)(void *ctx, void *page),
			  void *ctx)
{
	for (unsigned int i = 0; level < 3 && i < PT_ENTRIES; i++)
		if ((table[i] & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE))
			pt_free_table(pte_table(table[i]), level + 1, free_page, ctx);
	free_page(ctx, table);
}

void pt_destroy(struct pt *pt, void (*free_page)(void *ctx, void *page), void *ctx)
{
	if (pt->root)
		pt_free_table(pt->root, 1, free_page, ctx);
	pt->root = NULL;
	pt->tables = 0;
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
