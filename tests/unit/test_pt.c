// SPDX-License-Identifier: GPL-2.0
/*
 * The translation table builder (arch/aarch64/pt.c): block sizes, errors, attributes, and
 * the EL2 map of the real qemu-gicv3 board.
 */
// sources: arch/aarch64/pt.c platform/aarch64/qemu-gicv3/board.c
#include "unit.h"
#include "arch/pt.h"
#include "board.h"
#include "hv_errno.h"
#include "util.h"

#define L1 1u
#define L2 2u
#define L3 3u

struct fixture {
	struct unit_page_pool pool;
	struct pt pt;
};

static int setup_limit(void **state, unsigned int limit)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	unit_pool_init(&f->pool, limit);
	assert_int_equal(pt_init(&f->pt, unit_page_alloc, &f->pool), 0);
	assert_int_equal(f->pt.tables, 1);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_limit(state, UNIT_POOL_MAX);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unit_pool_free(&f->pool);
	free(f);
	return unit_ub_check(state);
}

/* va maps to pa through a leaf of this level, with exactly attr. */
static void expect_leaf(const struct pt *pt, u64 va, u64 pa, unsigned int level, u64 attr)
{
	u64 got_pa = 0, got_attr = 0;
	unsigned int got_level = 0;

	assert_int_equal(pt_lookup(pt, va, &got_pa, &got_attr, &got_level), 0);
	assert_int_equal(got_level, level);
	assert_int_equal(got_pa, pa);
	assert_int_equal(got_attr, attr);
}

static void expect_unmapped(const struct pt *pt, u64 va)
{
	u64 pa = 0;

	assert_int_equal(pt_lookup(pt, va, &pa, NULL, NULL), -ENOENT);
}

static void test_gib_aligned_uses_level1_blocks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x80000000, 2 * SZ_1G, PT_S2_RAM), 0);
	expect_leaf(&f->pt, 0x40000000, 0x80000000, L1, PT_S2_RAM);
	/* An offset inside a block keeps its low bits. */
	expect_leaf(&f->pt, 0x40000000 + 0x12345678, 0x80000000 + 0x12345678, L1, PT_S2_RAM);
	expect_leaf(&f->pt, 0xbfffffff, 0xffffffff, L1, PT_S2_RAM);
	expect_unmapped(&f->pt, 0x3fffffff);
	expect_unmapped(&f->pt, 0xc0000000);
	/* Blocks at level 1 need no table besides the root. */
	assert_int_equal(f->pt.tables, 1);
}

static void test_2mib_aligned_uses_level2_blocks(void **state)
{
	struct fixture *f = *state;

	/* va is 1 GiB aligned, pa only 2 MiB: 1 GiB blocks cannot be used. */
	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x80200000, SZ_1G, PT_S2_RAM), 0);
	expect_leaf(&f->pt, 0x40000000, 0x80200000, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 0x40000000 + 0x1fffff, 0x80200000 + 0x1fffff, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 0x7fe00000 + 0x1234, 0xc0000000 + 0x1234, L2, PT_S2_RAM);
	assert_int_equal(f->pt.tables, 2);

	/* A 2 MiB aligned range smaller than 1 GiB. */
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x200000, 6 * SZ_2M, PT_S2_RAM), 0);
	expect_leaf(&f->pt, 0x200000, 0x200000, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 0xdfffff, 0xdfffff, L2, PT_S2_RAM);
	expect_unmapped(&f->pt, 0x1fffff);
	expect_unmapped(&f->pt, 0xe00000);
	assert_int_equal(f->pt.tables, 3);
}

static void test_unaligned_uses_pages(void **state)
{
	struct fixture *f = *state;

	/* va 2 MiB aligned, pa not: every leaf must be a page. */
	assert_int_equal(pt_map(&f->pt, 0x200000, 0x201000, 2 * SZ_2M, PT_S2_RAM), 0);
	expect_leaf(&f->pt, 0x200000, 0x201000, L3, PT_S2_RAM);
	expect_leaf(&f->pt, 0x200abc, 0x201abc, L3, PT_S2_RAM);
	expect_leaf(&f->pt, 0x5ff000, 0x600000, L3, PT_S2_RAM);
	expect_unmapped(&f->pt, 0x600000);
	/* Root, one level-2 table, two level-3 tables. */
	assert_int_equal(f->pt.tables, 4);

	/* A single page. */
	assert_int_equal(pt_map(&f->pt, 0x7000000, 0x9000000, PAGE_SIZE, PT_S2_IO), 0);
	expect_leaf(&f->pt, 0x7000010, 0x9000010, L3, PT_S2_IO);
	expect_unmapped(&f->pt, 0x7001000);
	expect_unmapped(&f->pt, 0x6fff000);
}

/*
 * A range from 4 KiB below a 2 MiB boundary, 2 MiB below a 1 GiB boundary, to 4 KiB above
 * 2 MiB past the next 1 GiB boundary: page, 2 MiB block, 1 GiB block, 2 MiB block, page.
 */
static void test_mixed_range(void **state)
{
	struct fixture *f = *state;
	u64 start = SZ_1G - SZ_2M - PAGE_SIZE;
	u64 end = 2 * SZ_1G + SZ_2M + PAGE_SIZE;
	u64 off = 0x10000000000ULL; /* pa = va + 1 TiB keeps every alignment */

	assert_int_equal(pt_map(&f->pt, start, start + off, end - start, PT_S2_RAM), 0);
	expect_unmapped(&f->pt, start - PAGE_SIZE);
	expect_leaf(&f->pt, start, start + off, L3, PT_S2_RAM);
	expect_leaf(&f->pt, start + 0xfff, start + off + 0xfff, L3, PT_S2_RAM);
	expect_leaf(&f->pt, SZ_1G - SZ_2M, SZ_1G - SZ_2M + off, L2, PT_S2_RAM);
	expect_leaf(&f->pt, SZ_1G - 1, SZ_1G - 1 + off, L2, PT_S2_RAM);
	expect_leaf(&f->pt, SZ_1G, SZ_1G + off, L1, PT_S2_RAM);
	expect_leaf(&f->pt, 2 * SZ_1G - 1, 2 * SZ_1G - 1 + off, L1, PT_S2_RAM);
	expect_leaf(&f->pt, 2 * SZ_1G, 2 * SZ_1G + off, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 2 * SZ_1G + SZ_2M - 1, 2 * SZ_1G + SZ_2M - 1 + off, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 2 * SZ_1G + SZ_2M, 2 * SZ_1G + SZ_2M + off, L3, PT_S2_RAM);
	expect_unmapped(&f->pt, end);
	/* Root, a level-2 and a level-3 table at each end. */
	assert_int_equal(f->pt.tables, 5);
}

static void test_overlap_is_eexist(void **state)
{
	struct fixture *f = *state;

	/* Page over page. */
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x1000, 2 * PAGE_SIZE, PT_S2_RAM), 0);
	assert_int_equal(pt_map(&f->pt, 0x2000, 0x5000, 2 * PAGE_SIZE, PT_S2_RAM), -EEXIST);
	/* The first mapping is unchanged. */
	expect_leaf(&f->pt, 0x2000, 0x2000, L3, PT_S2_RAM);

	/* A 1 GiB block over pages already mapped in that GiB. */
	assert_int_equal(pt_map(&f->pt, 0, 0, SZ_1G, PT_S2_RAM), -EEXIST);
	/* A 2 MiB block over those pages. */
	assert_int_equal(pt_map(&f->pt, 0, 0, SZ_2M, PT_S2_RAM), -EEXIST);

	/* A page inside an existing 1 GiB block. */
	assert_int_equal(pt_map(&f->pt, SZ_1G, SZ_1G, SZ_1G, PT_S2_RAM), 0);
	assert_int_equal(pt_map(&f->pt, SZ_1G + 0x5000, 0, PAGE_SIZE, PT_S2_IO), -EEXIST);
	expect_leaf(&f->pt, SZ_1G + 0x5000, SZ_1G + 0x5000, L1, PT_S2_RAM);

	/* A page inside an existing 2 MiB block. */
	assert_int_equal(pt_map(&f->pt, 4 * SZ_1G, 4 * SZ_1G, SZ_2M, PT_S2_RAM), 0);
	assert_int_equal(pt_map(&f->pt, 4 * SZ_1G + SZ_2M - PAGE_SIZE, 0, 2 * PAGE_SIZE, PT_S2_IO),
			 -EEXIST);

	/* Adjacent, not overlapping: fine. */
	assert_int_equal(pt_map(&f->pt, 4 * SZ_1G + SZ_2M, 0, PAGE_SIZE, PT_S2_IO), 0);
	assert_int_equal(pt_map(&f->pt, 0x3000, 0x3000, PAGE_SIZE, PT_S2_RAM), 0);
}

static void test_bad_arguments_are_einval(void **state)
{
	struct fixture *f = *state;
	const u64 top = 1ULL << PT_VA_BITS;

	assert_int_equal(pt_map(&f->pt, 0x1001, 0x1000, PAGE_SIZE, PT_S2_RAM), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x1800, PAGE_SIZE, PT_S2_RAM), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x1000, 0x800, PT_S2_RAM), -EINVAL);
	assert_int_equal(pt_map(&f->pt, 0x1000, 0x1000, 0, PT_S2_RAM), -EINVAL);
	/* Beyond the 39-bit input range: starting there, or running into it. */
	assert_int_equal(pt_map(&f->pt, top, top, PAGE_SIZE, PT_S2_RAM), -EINVAL);
	assert_int_equal(pt_map(&f->pt, top - PAGE_SIZE, 0, 2 * PAGE_SIZE, PT_S2_RAM), -EINVAL);
	/* Wrapping around 2^64. */
	assert_int_equal(pt_map(&f->pt, 0x1000, 0, ~0xfffULL, PT_S2_RAM), -EINVAL);
	/* An output address beyond 48 bits does not fit a descriptor. */
	assert_int_equal(pt_map(&f->pt, 0x1000, 1ULL << 48, PAGE_SIZE, PT_S2_RAM), -EINVAL);
	/* Nothing was mapped, and no table was allocated. */
	expect_unmapped(&f->pt, 0x1000);
	assert_int_equal(f->pt.tables, 1);

	/* The last page below 512 GiB is fine. */
	assert_int_equal(pt_map(&f->pt, top - PAGE_SIZE, 0x1000, PAGE_SIZE, PT_S2_RAM), 0);
	expect_leaf(&f->pt, top - 1, 0x1fff, L3, PT_S2_RAM);
	expect_unmapped(&f->pt, top);
}

static void test_exhausted_pool_is_enomem(void **state)
{
	struct unit_page_pool pool;
	struct pt pt;

	(void)state;
	/* No page at all: no root. */
	unit_pool_init(&pool, 0);
	assert_int_equal(pt_init(&pt, unit_page_alloc, &pool), -ENOMEM);

	/* The root only: a page needs two more tables. */
	unit_pool_init(&pool, 1);
	assert_int_equal(pt_init(&pt, unit_page_alloc, &pool), 0);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, PAGE_SIZE, PT_S2_RAM), -ENOMEM);
	/* A 1 GiB block needs none. */
	assert_int_equal(pt_map(&pt, SZ_1G, SZ_1G, SZ_1G, PT_S2_RAM), 0);
	unit_pool_free(&pool);

	/* Root and a level-2 table: the level-3 table is missing. */
	unit_pool_init(&pool, 2);
	assert_int_equal(pt_init(&pt, unit_page_alloc, &pool), 0);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, PAGE_SIZE, PT_S2_RAM), -ENOMEM);
	expect_unmapped(&pt, 0x1000);
	assert_int_equal(pt.tables, 2);
	/* A 2 MiB block only needs the level-2 table already there. */
	assert_int_equal(pt_map(&pt, SZ_2M, SZ_2M, SZ_2M, PT_S2_RAM), 0);
	expect_leaf(&pt, SZ_2M, SZ_2M, L2, PT_S2_RAM);
	unit_pool_free(&pool);

	/* Enough pages: the same page maps. */
	unit_pool_init(&pool, 3);
	assert_int_equal(pt_init(&pt, unit_page_alloc, &pool), 0);
	assert_int_equal(pt_map(&pt, 0x1000, 0x1000, PAGE_SIZE, PT_S2_RAM), 0);
	assert_int_equal(pt.tables, 3);
	unit_pool_free(&pool);
}

static void test_attributes_round_trip(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 0, 0, SZ_1G, PT_S2_RAM), 0);
	assert_int_equal(pt_map(&f->pt, SZ_1G, SZ_1G, SZ_2M, PT_S2_IO), 0);
	assert_int_equal(pt_map(&f->pt, SZ_1G + SZ_2M, SZ_1G + SZ_2M, PAGE_SIZE, PT_S1_NORMAL), 0);
	assert_int_equal(pt_map(&f->pt, SZ_1G + 2 * SZ_2M, 0x9000000, PAGE_SIZE, PT_S1_DEVICE), 0);
	expect_leaf(&f->pt, 0x1000, 0x1000, L1, PT_S2_RAM);
	expect_leaf(&f->pt, SZ_1G, SZ_1G, L2, PT_S2_IO);
	expect_leaf(&f->pt, SZ_1G + SZ_2M, SZ_1G + SZ_2M, L3, PT_S1_NORMAL);
	expect_leaf(&f->pt, SZ_1G + 2 * SZ_2M, 0x9000000, L3, PT_S1_DEVICE);

	/* The attribute sets differ where the hardware needs them to. */
	assert_true(PT_S2_IO & PTE_S2_XN);
	assert_false(PT_S2_RAM & PTE_S2_XN);
	assert_true(PT_S1_DEVICE & PTE_S1_XN);
	assert_false(PT_S1_NORMAL & PTE_S1_XN);

	/* Raw descriptors: a block has bit 1 clear, a page has it set; all have AF. */
	u64 l1 = f->pt.root[0];

	assert_int_equal(l1 & (PTE_VALID | PTE_TABLE), PTE_VALID);
	assert_true(l1 & PTE_AF);
	assert_int_equal(l1 & PTE_ADDR_MASK, 0);
}

/* The EL2 map arch/aarch64/mmu.c builds from board.mem, for the real qemu-gicv3 board. */
static void test_qemu_el2_map(void **state)
{
	struct fixture *f = *state;
	u64 pa, attr;
	unsigned int level;

	for (unsigned int i = 0; i < board.nr_mem; i++) {
		const struct board_mem_range *m = &board.mem[i];
		u64 a = m->type == BOARD_MEM_DEVICE ? PT_S1_DEVICE : PT_S1_NORMAL;

		assert_int_equal(pt_map(&f->pt, m->start, m->start, m->size, a), 0);
	}
	/* The UART, Device, identity mapped. */
	assert_int_equal(pt_lookup(&f->pt, 0x09000000, &pa, &attr, &level), 0);
	assert_int_equal(pa, 0x09000000);
	assert_int_equal(attr, PT_S1_DEVICE);
	/* The GIC distributor, Device. */
	assert_int_equal(pt_lookup(&f->pt, 0x08000000, &pa, &attr, &level), 0);
	assert_int_equal(attr, PT_S1_DEVICE);
	/* The hypervisor image, Normal. */
	assert_int_equal(pt_lookup(&f->pt, 0x40400000, &pa, &attr, &level), 0);
	assert_int_equal(pa, 0x40400000);
	assert_int_equal(attr, PT_S1_NORMAL);
	assert_int_equal(level, L1);
	/* The top of RAM, and nothing past it. */
	assert_int_equal(pt_lookup(&f->pt, 0xbffff000, &pa, &attr, NULL), 0);
	assert_int_equal(attr, PT_S1_NORMAL);
	expect_unmapped(&f->pt, 0xc0000000);
	expect_unmapped(&f->pt, 0x0c000000);
	/*
	 * 64 MiB of devices in 2 MiB blocks (one level-2 table) and 2 GiB of RAM in two 1 GiB
	 * blocks: the root and one table, far below mmu.c's pool of 32 pages.
	 */
	assert_int_equal(f->pt.tables, 2);
}

static u64 flushed[8];
static unsigned int nr_flushed;

static void record_flush(u64 va)
{
	assert_true(nr_flushed < 8);
	flushed[nr_flushed++] = va;
}

/*
 * Unmapping one page out of a 2 MiB block splits the block: the other 511 pages keep
 * their output and attributes, the TLB hook hears of the block (break before make).
 */
static void test_unmap_splits_a_block(void **state)
{
	struct fixture *f = *state;

	nr_flushed = 0;
	f->pt.tlb_flush = record_flush;
	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x80000000, SZ_2M, PT_S2_IO), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x40003000, 0x1000), 0);
	expect_unmapped(&f->pt, 0x40003000);
	expect_unmapped(&f->pt, 0x40003ff8);
	expect_leaf(&f->pt, 0x40002000, 0x80002000, L3, PT_S2_IO);
	expect_leaf(&f->pt, 0x40004000, 0x80004000, L3, PT_S2_IO);
	expect_leaf(&f->pt, 0x401ff000, 0x801ff000, L3, PT_S2_IO);
	assert_int_equal(nr_flushed, 1);
	assert_int_equal(flushed[0], 0x40003000);
	/* Mapping the page again gives the block's view back. */
	assert_int_equal(pt_map(&f->pt, 0x40003000, 0x80003000, 0x1000, PT_S2_IO), 0);
	expect_leaf(&f->pt, 0x40003000, 0x80003000, L3, PT_S2_IO);
	/* A 1 GiB block split twice, down to pages, and whole blocks unmapped without a split. */
	assert_int_equal(pt_map(&f->pt, 0x80000000, 0x80000000, SZ_1G, PT_S2_RAM), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x80201000, 0x1000), 0);
	expect_leaf(&f->pt, 0x80000000, 0x80000000, L2, PT_S2_RAM);
	expect_leaf(&f->pt, 0x80200000, 0x80200000, L3, PT_S2_RAM);
	expect_unmapped(&f->pt, 0x80201000);
	expect_leaf(&f->pt, 0xbfe00000, 0xbfe00000, L2, PT_S2_RAM);
	assert_int_equal(pt_unmap(&f->pt, 0x80400000, SZ_2M), 0);
	expect_unmapped(&f->pt, 0x80400000);
	expect_leaf(&f->pt, 0x80600000, 0x80600000, L2, PT_S2_RAM);
	/* Holes are skipped; bad arguments refused. */
	assert_int_equal(pt_unmap(&f->pt, 0x100000000ULL, SZ_1G), 0);
	assert_int_equal(pt_unmap(&f->pt, 0x40000800, 0x1000), -EINVAL);
	assert_int_equal(pt_unmap(&f->pt, 0x40000000, 0), -EINVAL);
}

static void count_free(void *ctx, void *page)
{
	(void)page;
	(*(unsigned int *)ctx)++;
}

/* pt_destroy gives back every table page, the root included. */
static void test_destroy_frees_every_table(void **state)
{
	struct fixture *f = *state;
	unsigned int freed = 0;

	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x40000000, SZ_1G, PT_S2_RAM), 0);
	assert_int_equal(pt_map(&f->pt, 0x09000000, 0x09000000, 0x1000, PT_S2_IO), 0);
	assert_int_equal(pt_map(&f->pt, 0x0a000000, 0x0a000000, SZ_2M, PT_S2_IO), 0);
	assert_int_equal(f->pt.tables, 3);
	pt_destroy(&f->pt, count_free, &freed);
	assert_int_equal(freed, 3);
	assert_null(f->pt.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gib_aligned_uses_level1_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_2mib_aligned_uses_level2_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unaligned_uses_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_is_eexist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_are_einval, setup, teardown),
		UNIT_CASE(test_exhausted_pool_is_enomem),
		cmocka_unit_test_setup_teardown(test_attributes_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_qemu_el2_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_splits_a_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_frees_every_table, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
