/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation tables in the VMSAv8-64 format, 4 KiB granule, 39-bit input addresses
 * starting at level 1. One builder serves the EL2 identity map (stage 1) and the zones'
 * stage-2 tables; only the leaf attributes differ. Pure logic: unit tested on the host.
 */
#ifndef ARCH_PT_H
#define ARCH_PT_H

#include "types.h"

#define PT_VA_BITS 39
#define PT_ENTRIES 512

/* Descriptor bits common to both stages. */
#define PTE_VALID     (1ULL << 0)
#define PTE_TABLE     (1ULL << 1) /* table at levels 1-2, page at level 3 */
#define PTE_AF	      (1ULL << 10)
#define PTE_SH_OUTER  (2ULL << 8)
#define PTE_SH_INNER  (3ULL << 8)
#define PTE_ADDR_MASK 0x0000fffffffff000ULL
#define PTE_ATTR_MASK (~PTE_ADDR_MASK & ~(PTE_VALID | PTE_TABLE))

/* Stage 1 (EL2) */
#define PTE_S1_ATTRIDX(i) ((u64)(i) << 2)
#define PTE_S1_XN	  (1ULL << 54)

/* Stage 2 */
#define PTE_S2_MEMATTR_NORMAL (0xfULL << 2) /* outer and inner write-back */
#define PTE_S2_MEMATTR_DEVICE (0x1ULL << 2) /* Device-nGnRE */
#define PTE_S2_AP_R	      (1ULL << 6)
#define PTE_S2_AP_W	      (1ULL << 7)
#define PTE_S2_XN	      (2ULL << 53)

/* Leaf attribute sets. */
#define PT_S1_NORMAL (PTE_AF | PTE_SH_INNER | PTE_S1_ATTRIDX(1))
#define PT_S1_DEVICE (PTE_AF | PTE_SH_OUTER | PTE_S1_ATTRIDX(0) | PTE_S1_XN)
#define PT_S2_RAM    (PTE_AF | PTE_SH_INNER | PTE_S2_AP_R | PTE_S2_AP_W | PTE_S2_MEMATTR_NORMAL)
#define PT_S2_IO     (PTE_AF | PTE_S2_AP_R | PTE_S2_AP_W | PTE_S2_MEMATTR_DEVICE | PTE_S2_XN)
#define PT_S2_RAM_RO (PTE_AF | PTE_SH_INNER | PTE_S2_AP_R | PTE_S2_MEMATTR_NORMAL | PTE_S2_XN)

struct pt {
	u64 *root; /* level-1 table: 512 entries of 1 GiB */
	/* Returns a zeroed, 4 KiB aligned page, or NULL when the pool is exhausted. */
	void *(*alloc_page)(void *ctx);
	void *alloc_ctx;
	/*
	 * Called after a live entry was made invalid and before it is replaced (break before
	 * make), with an address it mapped: drop it from the TLBs. NULL while no CPU uses
	 * the table.
	 */
	void (*tlb_flush)(u64 va);
	unsigned int tables; /* table pages in use, root included */
};

/* Set up pt with a fresh root from alloc_page. -ENOMEM when none is left. */
int pt_init(struct pt *pt, void *(*alloc_page)(void *), void *ctx);

/*
 * Map [va, va + size) to [pa, ...) with leaf attributes attr, using 1 GiB and 2 MiB blocks
 * wherever va, pa and the remaining size allow, 4 KiB pages elsewhere.
 * -EINVAL: unaligned or out of the 39-bit range; -EEXIST: part of it is already mapped;
 * -ENOMEM: no page for a table.
 */
int pt_map(struct pt *pt, u64 va, u64 pa, u64 size, u64 attr);

/*
 * Unmap [va, va + size) (4 KiB aligned). A block that covers only part of the range is
 * split into the next level's entries first (same output, same attributes). Unmapped
 * parts are skipped. The caller invalidates the TLBs for the range afterwards.
 * -EINVAL: unaligned or out of range; -ENOMEM: no page for a split.
 */
int pt_unmap(struct pt *pt, u64 va, u64 size);

/* Give every table page back (free_page(ctx, page)); pt->root becomes NULL. */
void pt_destroy(struct pt *pt, void (*free_page)(void *ctx, void *page), void *ctx);

/* Find the leaf that maps va. 0 and the outputs, or -ENOENT. */
int pt_lookup(const struct pt *pt, u64 va, u64 *pa, u64 *attr, unsigned int *level);

#endif
