// SPDX-License-Identifier: GPL-2.0
/*
 * The real rk3568 board (platform/aarch64/rk3568/board.c) against the config checker: it
 * passes with the hypervisor where its linker.ld and hvisor.ld put it, and hvisor's own
 * root zone RAM region, which covers the hypervisor, is refused with a message naming it.
 */
// sources: core/config_check.c core/zone_root.c core/printf.c core/board_mem.c platform/aarch64/rk3568/board.c
#include "unit.h"
#include "check_collect.h"
#include "config_check.h"
#include "util.h"

/* HV_BASE in platform/aarch64/rk3568/linker.ld, and the image plus its 16 MiB pool. */
#define RK_HV_START 0x60080000ULL
#define RK_HV_END   (0x60080000ULL + 0x1100000ULL)

static unsigned int check(const struct board *b, struct collect *col, u64 hv_start, u64 hv_end)
{
	struct check_ctx ctx = collect_ctx(col, b->file, hv_start, hv_end, HV_MAX_CPUS);
	unsigned int errors = config_check_board(&ctx, b);

	collect_dump(col);
	assert_int_equal(ctx.errors + ctx.warnings, col->n);
	return errors;
}

static void test_rk3568_board_passes(void **state)
{
	struct collect col;

	(void)state;
	assert_int_equal(check(&board, &col, RK_HV_START, RK_HV_END), 0);
	assert_int_equal(col.n, 0);
}

/* The hole left in the root zone's RAM, [0x60000000, 0x62000000), is what the board allows. */
static void test_rk3568_hypervisor_hole(void **state)
{
	struct collect col;
	unsigned int base;

	(void)state;
	base = check(&board, &col, RK_HV_START, RK_HV_END);
	assert_int_equal(check(&board, &col, 0x60000000, 0x62000000), base);
	assert_int_equal(check(&board, &col, RK_HV_START, 0x62001000), base + 1);
	assert_int_equal(COLLECT_HAS(&col, "rk3568/board.c", "'memory (above hypervisor)'",
				     "covers the hypervisor", "0x62001000"),
			 1);
	assert_int_equal(check(&board, &col, 0x5ffff000, RK_HV_END), base + 1);
	assert_int_equal(COLLECT_HAS(&col, "'memory (below hypervisor)'", "covers the hypervisor"),
			 1);
}

/*
 * hvisor's rk3568 board gives the root zone one RAM region 0x9400000 + 0xe6c00000 ("memory"),
 * which runs straight over the hypervisor at 0x60080000. A copy of the board with that
 * region instead of the two either side of the hypervisor must be refused.
 */
static void test_rk3568_hvisor_ram_region_refused(void **state)
{
	static struct board_zone_region regions[CONFIG_MAX_MEMORY_REGIONS];
	static struct board b;
	struct collect col;
	unsigned int n = 0, replaced = 0, base;

	(void)state;
	base = check(&board, &col, RK_HV_START, RK_HV_END);
	for (unsigned int i = 0; i < board.root_zone.nr_regions; i++) {
		const struct board_zone_region *r = &board.root_zone.regions[i];

		if (r->type == MEM_TYPE_RAM && r->phys >= 0x09400000 && r->phys < 0xf0000000 &&
		    r->size >= SZ_2M) {
			if (!replaced++)
				regions[n++] = (struct board_zone_region){ MEM_TYPE_RAM, 0x9400000,
									   0x9400000, 0xe6c00000,
									   "memory" };
			continue;
		}
		regions[n++] = *r;
	}
	/* Both "memory (below hypervisor)" and "memory (above hypervisor)" were replaced. */
	assert_int_equal(replaced, 2);
	b = board;
	b.root_zone.regions = regions;
	b.root_zone.nr_regions = n;

	assert_int_equal(check(&b, &col, RK_HV_START, RK_HV_END), base + 1);
	assert_int_equal(COLLECT_HAS(&col, "platform/aarch64/rk3568/board.c", "root zone",
				     "'memory'", "0x9400000", "covers the hypervisor", "0x60080000",
				     "0x61180000"),
			 1);
}

/* The board's root zone as the hypervisor hands it to zone_create. */
static void test_rk3568_root_zone_config(void **state)
{
	static struct zone_config zc;

	(void)state;
	board_root_zone_config(&board, &zc);
	assert_int_equal(zc.num_memory_regions, board.root_zone.nr_regions);
	assert_int_equal(zc.cpus, 0x3);
	assert_int_equal(zc.entry_point, 0x280000);
	assert_int_equal(zc.dtb_load_paddr, 0xa0000000);
	assert_string_equal(zc.name, "root-linux");
	assert_int_equal(zc.arch_config.gicv3.gicd_base, 0xfd400000);
	assert_int_equal(zc.arch_config.gicv3.gicr_base, 0xfd460000);
	/* SPI 0x84 (INTID 132, the UART2 interrupt in word 4) and 0x11c (INTID 284). */
	assert_true(zc.interrupts_bitmap[132 / 32] & (1u << (132 % 32)));
	assert_true(zc.interrupts_bitmap[284 / 32] & (1u << (284 % 32)));
	/* No RAM region of the root zone touches the hypervisor. */
	for (unsigned int i = 0; i < zc.num_memory_regions; i++) {
		const struct memory_region *r = &zc.memory_regions[i];

		assert_false(r->physical_start < RK_HV_END &&
			     RK_HV_START < r->physical_start + r->size);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_rk3568_board_passes),
		UNIT_CASE(test_rk3568_hypervisor_hole),
		UNIT_CASE(test_rk3568_hvisor_ram_region_refused),
		UNIT_CASE(test_rk3568_root_zone_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
