// SPDX-License-Identifier: GPL-2.0
/*
 * A stage-1 identity map for test guests that need one: with the MMU off every data
 * access is Device-nGnRnE, so an unaligned load or store faults at EL1 and never reaches
 * the hypervisor. Here the GIC (0x08000000-0x09000000 on QEMU virt) is Normal
 * non-cacheable, so the guest can make the accesses a hostile zone can make; the rest of
 * the first GiB stays Device, RAM (1-4 GiB) is Normal. Caches stay off (SCTLR_EL1.C and
 * I clear), so turning the MMU on and off needs no cache maintenance.
 */
#include "guest.h"

#define DESC_BLOCK    0x1ULL
#define DESC_TABLE    0x3ULL
#define DESC_AF	      (1ULL << 10)
#define DESC_SH_INNER (3ULL << 8)
#define DESC_ATTR(i)  ((uint64_t)(i) << 2)
#define ATTR_DEVICE   0 /* MAIR index 0: Device-nGnRnE */
#define ATTR_NORMAL   1 /* MAIR index 1: Normal, non-cacheable */
#define MAIR_VALUE    0x4400ULL
/* TCR_EL1: 4 GiB of VA (T0SZ 32, walks start at level 1), 4 KiB granule, no TTBR1. */
#define TCR_VALUE ((32ULL << 0) | (1ULL << 23))
#define SCTLR_M	  (1ULL << 0)

#define MB2 0x200000ULL
#define GB1 0x40000000ULL

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));

void guest_mmu_on(void)
{
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pa = i * MB2;
		bool gic = pa >= 0x08000000ULL && pa < 0x09000000ULL;

		l2[i] = pa | DESC_BLOCK | DESC_AF |
			(gic ? DESC_ATTR(ATTR_NORMAL) | DESC_SH_INNER : DESC_ATTR(ATTR_DEVICE));
	}
	l1[0] = (uint64_t)(uintptr_t)l2 | DESC_TABLE;
	for (uint64_t i = 1; i < 4; i++)
		l1[i] = i * GB1 | DESC_BLOCK | DESC_AF | DESC_SH_INNER | DESC_ATTR(ATTR_NORMAL);
	__asm__ volatile("dsb sy\n\t"
			 "msr mair_el1, %0\n\t"
			 "msr tcr_el1, %1\n\t"
			 "msr ttbr0_el1, %2\n\t"
			 "isb\n\t"
			 "tlbi vmalle1\n\t"
			 "dsb sy\n\t"
			 "isb\n\t"
			 "mrs x9, sctlr_el1\n\t"
			 "orr x9, x9, %3\n\t"
			 "msr sctlr_el1, x9\n\t"
			 "isb"
			 :
			 : "r"(MAIR_VALUE), "r"(TCR_VALUE), "r"((uint64_t)(uintptr_t)l1),
			   "r"(SCTLR_M)
			 : "x9", "memory");
}

void guest_mmu_off(void)
{
	__asm__ volatile("mrs x9, sctlr_el1\n\t"
			 "bic x9, x9, %0\n\t"
			 "msr sctlr_el1, x9\n\t"
			 "isb"
			 :
			 : "r"(SCTLR_M)
			 : "x9", "memory");
}
