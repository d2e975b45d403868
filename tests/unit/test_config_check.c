// SPDX-License-Identifier: GPL-2.0
/*
 * The board and zone checker (core/config_check.c) and the root zone's zone_config
 * (core/zone_root.c). Each test starts from a board that passes, breaks one thing, and
 * checks the error count and that the message names what to change. The real qemu-gicv3
 * board is linked in (it defines the global `board`).
 */
// sources: core/config_check.c core/zone_root.c core/printf.c core/board_mem.c platform/aarch64/qemu-gicv3/board.c
#include "unit.h"
#include "check_collect.h"
#include "config_check.h"
#include "util.h"

#define WHERE	 "test/board.c"
#define HV_START 0x40400000ULL
#define HV_END	 0x41500000ULL

/* A small QEMU-virt-like board whose parts the tests can change. */
struct tb {
	u64 mpidr[4];
	struct board_mem_range mem[2];
	struct board_zone_region regions[8];
	u32 irqs[4];
	struct board b;
	struct collect col;
};

static struct tb *tb_good(void)
{
	static struct tb t;
	static const struct board_mem_range mem[] = {
		{ 0x08000000, 0x04000000, BOARD_MEM_DEVICE, "devices" },
		{ 0x40000000, 0x80000000, BOARD_MEM_NORMAL, "RAM" },
	};
	static const struct board_zone_region regions[] = {
		{ MEM_TYPE_RAM, 0x50000000, 0x50000000, 0x10000000, "memory@50000000" },
		{ MEM_TYPE_IO, 0x09000000, 0x09000000, 0x1000, "pl011@9000000" },
	};

	static const struct board_range zones_ram[] = {
		{ 0x54000000, 0x04000000, "a quarter of the root's RAM" },
	};

	memset(&t, 0, sizeof(t));
	for (unsigned int i = 0; i < 4; i++)
		t.mpidr[i] = i;
	memcpy(t.mem, mem, sizeof(mem));
	memcpy(t.regions, regions, sizeof(regions));
	t.irqs[0] = 33;
	t.irqs[1] = 79;
	t.b.name = "test";
	t.b.file = WHERE;
	t.b.mpidr = t.mpidr;
	t.b.nr_cpus = 4;
	t.b.mem = t.mem;
	t.b.nr_mem = 2;
	t.b.uart.base = 0x09000000;
	t.b.uart.reg_shift = 2;
	t.b.uart.reg_width = 4;
	t.b.gic.gicd_base = 0x08000000;
	t.b.gic.gicd_size = 0x10000;
	t.b.gic.gicr_base = 0x080a0000;
	t.b.gic.gicr_size = 0xf60000;
	t.b.gic.gits_base = 0x08080000;
	t.b.gic.gits_size = 0x20000;
	t.b.root_zone.name = "root-linux";
	t.b.root_zone.cpus = BIT(0) | BIT(1);
	t.b.root_zone.regions = t.regions;
	t.b.root_zone.nr_regions = 2;
	t.b.root_zone.irqs = t.irqs;
	t.b.root_zone.nr_irqs = 2;
	t.b.root_zone.entry = 0x50200000;
	t.b.root_zone.kernel_addr = 0x50200000;
	t.b.root_zone.dtb_addr = 0x50000000;
	t.b.zones_ram = zones_ram;
	t.b.nr_zones_ram = ARRAY_SIZE(zones_ram);
	return &t;
}

/* Check t's board as boardcheck and the boot path do (max_cpus = HV_MAX_CPUS). */
static unsigned int tb_check(struct tb *t)
{
	struct check_ctx ctx = collect_ctx(&t->col, WHERE, HV_START, HV_END, HV_MAX_CPUS);
	unsigned int errors = config_check_board(&ctx, &t->b);

	collect_dump(&t->col);
	assert_int_equal(errors, ctx.errors);
	assert_int_equal(ctx.errors + ctx.warnings, t->col.n);
	return errors;
}

static void test_good_board_passes(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	assert_int_equal(tb_check(t), 0);
	assert_int_equal(t->col.n, 0);
}

static void test_root_ram_covers_hypervisor(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->regions[0] = (struct board_zone_region){ MEM_TYPE_RAM, 0x40000000, 0x40000000,
						    0x20000000, "memory@40000000" };
	assert_int_equal(tb_check(t), 1);
	/* Names the region, the problem, the hypervisor range and where to move the region. */
	assert_int_equal(COLLECT_HAS(&t->col, WHERE, "root zone", "'memory@40000000'",
				     "covers the hypervisor", "0x40400000", "0x41500000"),
			 1);
}

static void test_hypervisor_range_edges(void **state)
{
	struct tb *t = tb_good();
	struct check_ctx ctx;

	(void)state;
	/* Ending exactly where the region starts is fine; one page more is not. */
	ctx = collect_ctx(&t->col, WHERE, HV_START, 0x50000000, HV_MAX_CPUS);
	assert_int_equal(config_check_board(&ctx, &t->b), 0);
	ctx = collect_ctx(&t->col, WHERE, HV_START, 0x50001000, HV_MAX_CPUS);
	assert_int_equal(config_check_board(&ctx, &t->b), 1);
	collect_dump(&t->col);
	assert_int_equal(COLLECT_HAS(&t->col, "'memory@50000000'", "covers the hypervisor"), 1);
	/* An IO region over the hypervisor is as bad as RAM. */
	t = tb_good();
	t->regions[1] = (struct board_zone_region){ MEM_TYPE_IO, 0x41000000, 0x41000000, 0x1000,
						    "mmio@41000000" };
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'mmio@41000000'", "covers the hypervisor"), 1);
}

static void test_overlapping_regions(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_IO, 0x09000000, 0x09000000, 0x2000,
						    "serial@9000000" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'serial@9000000'", "'pl011@9000000'", "overlaps",
				     "make them disjoint"),
			 1);
}

static void test_unaligned_region(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	/* A device region across a page boundary can be neither mapped nor forwarded. */
	t->regions[1].phys = 0x09000800;
	t->regions[1].ipa = 0x09000800;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'pl011@9000000'", "neither whole 4 KiB pages",
				     "inside one page"),
			 1);

	/* Inside one page (a 0x200-byte virtio-mmio slot) it is forwarded: fine. */
	t = tb_good();
	t->regions[1].size = 0x200;
	assert_int_equal(tb_check(t), 0);
	/* ... but not at an odd address, nor with IPA and PA at different page offsets. */
	t = tb_good();
	t->regions[1].phys = t->regions[1].ipa = 0x09000202;
	t->regions[1].size = 0x200;
	assert_int_equal(tb_check(t), 1);
	t = tb_good();
	t->regions[1].ipa = 0x09000200;
	t->regions[1].size = 0x200;
	assert_int_equal(tb_check(t), 1);
	/* Forwarding needs the hypervisor's own map of the device. */
	t = tb_good();
	t->regions[1].phys = t->regions[1].ipa = 0x20000000;
	t->regions[1].size = 0x200;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "smaller than a page", "Device range", "board.mem"),
			 1);

	/* RAM is mapped in pages: an unaligned size is refused. */
	t = tb_good();
	t->regions[0].size = 0x10000100;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'memory@50000000'", "not 4 KiB aligned"), 1);
}

/*
 * The root zone's CPUs must exist on the board. boardcheck and the boot path run the board
 * check with max_cpus = HV_MAX_CPUS (8 here), the board has 4: CPU 5 does not exist, and
 * zone_create (max_cpus = board.nr_cpus) would refuse the zone at boot.
 */
static void test_root_cpus_beyond_board(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->b.root_zone.cpus = BIT(0) | BIT(5);
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "cpus", "0x21"), 1);
}

/* A zone checked the way zone_create does (max_cpus = the board's CPU count). */
static void test_zone_cpus_beyond_board(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;
	struct check_ctx ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);

	(void)state;
	board_root_zone_config(&t->b, &zc);
	zc.zone_id = 1;
	zc.cpus = BIT(5);
	/* Zone 1's RAM is the part of the root's the board sets aside. */
	zc.memory_regions[0].physical_start = zc.memory_regions[0].virtual_start = 0x54000000;
	zc.memory_regions[0].size = 0x04000000;
	zc.entry_point = 0x54200000;
	zc.dtb_load_paddr = 0x54000000;
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, NULL), 1);
	collect_dump(&t->col);
	assert_int_equal(COLLECT_HAS(&t->col, "zone 1", "cpus = 0x20", "beyond the board's 4"), 1);
	/* CPU 3, the last one, is fine. */
	zc.cpus = BIT(3);
	ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, NULL), 0);
}

static void test_irq_too_large(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->irqs[1] = 1024;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "IRQ 1024", "irqs[1]", "below 1024"), 1);
	/* 1023 is a valid INTID as far as the bitmap goes. */
	t = tb_good();
	t->irqs[1] = 1023;
	assert_int_equal(tb_check(t), 0);
}

static void test_irq_sgi_ppi(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->irqs[0] = 27; /* the virtual timer PPI */
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "IRQ 27", "irqs[0]", "SGI/PPI", "32 + n"), 1);
	t = tb_good();
	t->irqs[0] = 31;
	assert_int_equal(tb_check(t), 1);
	t = tb_good();
	t->irqs[0] = 32;
	assert_int_equal(tb_check(t), 0);
}

static void test_empty_root_zone(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->b.root_zone.nr_regions = 0;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "root zone", "empty"), 1);

	t = tb_good();
	t->b.root_zone.cpus = 0;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "root zone", "empty"), 1);

	/* Regions, but none of them RAM. */
	t = tb_good();
	t->regions[0] = t->regions[1];
	t->b.root_zone.nr_regions = 1;
	t->b.root_zone.entry = 0x09000000;
	t->b.root_zone.dtb_addr = 0x09000000;
	assert_true(tb_check(t) >= 1);
	assert_int_equal(COLLECT_HAS(&t->col, "no RAM region", "MEM_TYPE_RAM"), 1);
}

static void test_ram_outside_el2_map(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	/* Past the 2 GiB of RAM that board.mem maps. */
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_RAM, 0xc0000000, 0xc0000000, 0x1000000,
						    "memory@c0000000" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'memory@c0000000'", "board.mem", "BOARD_MEM_NORMAL"),
			 1);

	/* RAM inside a Device range is not inside a Normal one either. */
	t = tb_good();
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_RAM, 0x0a000000, 0x0a000000, 0x1000,
						    "sram@a000000" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'sram@a000000'", "BOARD_MEM_NORMAL"), 1);
}

static void test_region_overlaps_gic(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_IO, 0x08000000, 0x08000000, 0x20000,
						    "intc@8000000" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'intc@8000000'", "overlaps the GICD"), 1);

	t = tb_good();
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_IO, 0x08fff000, 0x08fff000, 0x1000,
						    "gicr-tail" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'gicr-tail'", "overlaps the GICR"), 1);

	/* The ITS is not emulated: passing it through is allowed. */
	t = tb_good();
	t->regions[2] =
		(struct board_zone_region){ MEM_TYPE_IO, 0x08080000, 0x08080000, 0x20000, "its" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 0);
}

/* What one base/size pair cannot say: a second redistributor range and a second ITS. */
static void test_gic_more_ranges(void **state)
{
	static const struct board_range gicr_more[] = { { 0x0a200000, 0x40000, "gicr 2" } };
	static const struct board_range its_more[] = { { 0x0a400000, 0x20000, "its 2" } };
	static const struct board_range outside[] = { { 0x20000000, 0x20000, "its 3" } };
	struct tb *t = tb_good();

	(void)state;
	t->b.gic.its_more = its_more;
	t->b.gic.nr_its_more = 1;
	assert_int_equal(tb_check(t), 0);
	assert_int_equal(t->col.n, 0);

	/* The driver walks every range, without a word; zones must stay off them. */
	t->b.gic.gicr_more = gicr_more;
	t->b.gic.nr_gicr_more = 1;
	assert_int_equal(tb_check(t), 0);
	assert_int_equal(t->col.n, 0);
	t->regions[2] = (struct board_zone_region){ MEM_TYPE_IO, 0x0a200000, 0x0a200000, 0x1000,
						    "on-gicr-2" };
	t->b.root_zone.nr_regions = 3;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'on-gicr-2'", "overlaps the GICR (gicr_more)"), 1);
	assert_int_equal(t->col.n, 1);

	t = tb_good();
	t->b.gic.its_more = outside;
	t->b.gic.nr_its_more = 1;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "its_more[0]", "not inside a Device range"), 1);
}

static void test_duplicate_mpidr(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->mpidr[2] = 1;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "mpidr[1] and mpidr[2]", "0x1"), 1);

	/* MT or U bits do not identify a CPU. */
	t = tb_good();
	t->mpidr[3] = 0x40000003;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "mpidr[3]", "0xff00ffffff"), 1);
}

static void test_el2_range_not_2m_aligned(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->mem[0].size = 0x03f00000; /* 63 MiB: still covers the UART and the GIC */
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "mem[0]", "'devices'", "2 MiB aligned"), 1);

	t = tb_good();
	t->mem[1].start = 0x40100000;
	t->mem[1].size = 0x7ff00000;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "mem[1]", "'RAM'", "2 MiB aligned"), 1);
}

static void test_entry_outside_ram(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->b.root_zone.entry = 0x09000000; /* the UART */
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "entry point 0x9000000", "RAM region"), 1);

	/* The last 4 bytes of RAM hold an entry; 2 bytes short of the end they do not. */
	t = tb_good();
	t->b.root_zone.entry = 0x5ffffffc;
	assert_int_equal(tb_check(t), 0);
	t->b.root_zone.entry = 0x5ffffffe;
	assert_int_equal(tb_check(t), 1);
}

static void test_dtb_outside_ram(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->b.root_zone.dtb_addr = 0x60000000; /* just past the region */
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "DTB address 0x60000000", "RAM region"), 1);
}

static void test_zone_names(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	/* An empty name is refused. */
	t->b.root_zone.name = "";
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "zone name", "1 to 31 characters"), 1);

	/* A long board name is cut to 31 characters and NUL terminated. */
	t = tb_good();
	t->b.root_zone.name = "a-root-zone-name-that-is-much-longer-than-31";
	assert_int_equal(tb_check(t), 0);
	board_root_zone_config(&t->b, &zc);
	assert_string_equal(zc.name, "a-root-zone-name-that-is-much-l");

	/* A zone_config name with no NUL (from hvisor-tool) is refused. */
	struct check_ctx ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);

	zc.zone_id = 1;
	zc.memory_regions[0].physical_start = zc.memory_regions[0].virtual_start = 0x54000000;
	zc.memory_regions[0].size = 0x04000000;
	zc.entry_point = 0x54200000;
	zc.dtb_load_paddr = 0x54000000;
	memset(zc.name, 'x', sizeof(zc.name));
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, NULL), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "zone 1", "zone name"), 1);
}

/* A board without a root zone name: zone_root.c copies "nothing" from NULL. */
static void test_zone_null_name(void **state)
{
	struct tb *t = tb_good();

	(void)state;
	t->b.root_zone.name = NULL;
	assert_int_equal(tb_check(t), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "zone name", "1 to 31 characters"), 1);
}

/* Regions a non-root zone may not have. */
static void test_zone_regions(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;
	struct check_ctx ctx;
	static const char *const names[] = { "ram0", "ram1" };

	(void)state;
	memset(&zc, 0, sizeof(zc));
	zc.zone_id = 1;
	zc.cpus = BIT(2);
	strcpy(zc.name, "linux2");
	zc.arch_config.gic_version = GIC_CONFIG_V3;
	zc.arch_config.gicv3.gicd_base = t->b.gic.gicd_base;
	zc.arch_config.gicv3.gicr_base = t->b.gic.gicr_base;
	zc.num_memory_regions = 2;
	zc.memory_regions[0] =
		(struct memory_region){ MEM_TYPE_RAM, 0, 0x60000000, 0x50000000, 0x1000000 };
	zc.memory_regions[1] =
		(struct memory_region){ MEM_TYPE_RAM, 0, 0x61000000, 0x51000000, 0x1000000 };
	zc.entry_point = 0x50000000;
	zc.dtb_load_paddr = 0x61000000;
	ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, names), 0);
	collect_dump(&t->col);

	/* Two guest regions backed by the same physical RAM. */
	zc.memory_regions[1].physical_start = 0x60800000;
	ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	zc.dtb_load_paddr = 0x60800000;
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, names), 1);
	collect_dump(&t->col);
	assert_int_equal(COLLECT_HAS(&t->col, "'ram1'", "'ram0'", "same physical RAM"), 1);

	/* A type the ABI does not know. */
	zc.memory_regions[1].physical_start = 0x61000000;
	zc.memory_regions[1].mem_type = 7;
	ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	zc.dtb_load_paddr = 0x60000000;
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, names), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "'ram1'", "type 7"), 1);

	/* Too many regions for the ABI. */
	zc.num_memory_regions = CONFIG_MAX_MEMORY_REGIONS + 1;
	ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	assert_int_equal(config_check_zone(&ctx, &t->b, &zc, NULL), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "65 memory regions", "at most 64"), 1);
}

/* A zone_config as the root Linux would send it for zone 1 on tb_good's board. */
static void zone1_config(struct tb *t, struct zone_config *zc)
{
	memset(zc, 0, sizeof(*zc));
	zc->zone_id = 1;
	zc->cpus = BIT(2) | BIT(3);
	strcpy(zc->name, "linux2");
	zc->arch_config.gic_version = GIC_CONFIG_V3;
	zc->arch_config.gicv3.gicd_base = t->b.gic.gicd_base;
	zc->arch_config.gicv3.gicd_size = t->b.gic.gicd_size;
	zc->arch_config.gicv3.gicr_base = t->b.gic.gicr_base;
	zc->arch_config.gicv3.gicr_size = t->b.gic.gicr_size;
	zc->num_memory_regions = 2;
	zc->memory_regions[0] =
		(struct memory_region){ MEM_TYPE_RAM, 0, 0x54000000, 0x54000000, 0x04000000 };
	zc->memory_regions[1] =
		(struct memory_region){ MEM_TYPE_IO, 0, 0x0a003a00, 0x0a003a00, 0x200 };
	zc->interrupts_bitmap[77 / 32] = 1u << (77 % 32);
	zc->entry_point = 0x54400000;
	zc->dtb_load_paddr = 0x54000000;
}

static unsigned int zone1_check(struct tb *t, const struct zone_config *zc, u32 lines)
{
	struct check_ctx ctx = collect_ctx(&t->col, "zone 1", HV_START, HV_END, t->b.nr_cpus);
	unsigned int errors;

	ctx.irq_lines = lines;
	errors = config_check_zone(&ctx, &t->b, zc, NULL);
	collect_dump(&t->col);
	return errors;
}

/* RAM of another zone: in the root's RAM only where the board sets it aside. */
static void test_zone_ram_vs_root_ram(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	zone1_config(t, &zc);
	assert_int_equal(zone1_check(t, &zc, 288), 0);
	/* RAM outside the root's: fine as well. */
	zc.memory_regions[0].physical_start = zc.memory_regions[0].virtual_start = 0x60000000;
	zc.entry_point = 0x60400000;
	zc.dtb_load_paddr = 0x60000000;
	assert_int_equal(zone1_check(t, &zc, 288), 0);
	/* Half in the root's own RAM: refused, naming the root region and zones_ram. */
	zone1_config(t, &zc);
	zc.memory_regions[0].physical_start = zc.memory_regions[0].virtual_start = 0x52000000;
	zc.entry_point = 0x54400000;
	zc.dtb_load_paddr = 0x54000000;
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "zone 1", "region 0", "root zone's own RAM",
				     "'memory@50000000'", "[0x52000000, 0x56000000)", "zones_ram"),
			 1);
	/* A device region on the root's RAM, even set-aside RAM, is refused too. */
	zone1_config(t, &zc);
	zc.memory_regions[1].mem_type = MEM_TYPE_IO;
	zc.memory_regions[1].physical_start = zc.memory_regions[1].virtual_start = 0x57000000;
	zc.memory_regions[1].size = 0x1000;
	zc.memory_regions[0].size = 0x02000000;
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "region 1", "a device region cannot be RAM"), 1);
}

/* Interrupts: SPIs the distributor has, never SGIs/PPIs or 1020-1023. */
static void test_zone_irqs(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	zone1_config(t, &zc);
	zc.interrupts_bitmap[0] = 1u << 27;
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "0x8000000", "SGIs and PPIs", "SPIs only"), 1);
	zone1_config(t, &zc);
	zc.interrupts_bitmap[300 / 32] |= 1u << (300 % 32);
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(
		COLLECT_HAS(&t->col, "interrupt 300 does not exist", "below 288", "32 + n"), 1);
	/* Unknown line count (at build time): only the reserved ones are refused. */
	assert_int_equal(zone1_check(t, &zc, 0), 0);
	zc.interrupts_bitmap[1021 / 32] |= 1u << (1021 % 32);
	assert_int_equal(zone1_check(t, &zc, 0), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "interrupt 1021", "reserved"), 1);
}

/* The GIC a zone names must be the board's. */
static void test_zone_gic_bases(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	zone1_config(t, &zc);
	zc.arch_config.gicv3.gicd_base = 0x8010000;
	zc.arch_config.gicv3.gicr_base = 0;
	assert_int_equal(zone1_check(t, &zc, 288), 2);
	assert_int_equal(COLLECT_HAS(&t->col, "arch_config.gicd_base 0x8010000", "0x8000000"), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "arch_config.gicr_base 0", "0x80a0000"), 1);
	zone1_config(t, &zc);
	zc.arch_config.gic_version = GIC_CONFIG_V2;
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "gic_version is 0"), 1);
}

/* direct_irq: 0 or 1 (GICv3, as the unit build is); other padding values are refused. */
static void test_zone_direct_irq(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	zone1_config(t, &zc);
	zc.arch_config.direct_irq = 1;
	assert_int_equal(zone1_check(t, &zc, 288), 0);
	zc.arch_config.direct_irq = 2;
	assert_int_equal(zone1_check(t, &zc, 288), 1);
	assert_int_equal(COLLECT_HAS(&t->col, "arch_config.direct_irq is 2",
				     "expected 0 (off) or 1", "padding after is_aarch32"),
			 1);
}

/* The real qemu-gicv3 board passes with the hypervisor where its linker.ld puts it. */
static void test_qemu_board_passes(void **state)
{
	struct collect col;
	struct check_ctx ctx;

	(void)state;
	/* The hypervisor starts at 0x40400000; the root zone's RAM starts at 0x50000000. */
	ctx = collect_ctx(&col, board.file, 0x40400000, 0x41500000, HV_MAX_CPUS);
	assert_int_equal(config_check_board(&ctx, &board), 0);
	collect_dump(&col);
	assert_int_equal(col.n, 0);
	ctx = collect_ctx(&col, board.file, 0x40400000, 0x50000000, HV_MAX_CPUS);
	assert_int_equal(config_check_board(&ctx, &board), 0);
	/* A hypervisor that grew into the root zone's RAM is caught at build time. */
	ctx = collect_ctx(&col, board.file, 0x40400000, 0x50200000, HV_MAX_CPUS);
	assert_int_equal(config_check_board(&ctx, &board), 1);
	assert_int_equal(COLLECT_HAS(&col, "platform/aarch64/qemu-gicv3/board.c",
				     "'memory@50000000'", "covers the hypervisor"),
			 1);
}

static u64 raw_u64(const void *base, size_t off)
{
	u64 v;

	memcpy(&v, (const u8 *)base + off, sizeof(v));
	return v;
}

static void test_root_zone_config_qemu(void **state)
{
	static struct zone_config zc;

	(void)state;
	memset(&zc, 0xa5, sizeof(zc)); /* everything not set must be cleared */
	board_root_zone_config(&board, &zc);
	assert_int_equal(zc.zone_id, 0);
	assert_int_equal(zc.cpus, 0x3);
	assert_int_equal(zc.num_memory_regions, 3);
	assert_int_equal(zc.memory_regions[0].mem_type, MEM_TYPE_RAM);
	assert_int_equal(zc.memory_regions[0].physical_start, 0x50000000);
	assert_int_equal(zc.memory_regions[0].virtual_start, 0x50000000);
	assert_int_equal(zc.memory_regions[0].size, 0x70000000);
	assert_int_equal(zc.memory_regions[1].mem_type, MEM_TYPE_IO);
	assert_int_equal(zc.memory_regions[1].physical_start, 0x09000000);
	assert_int_equal(zc.memory_regions[1].size, 0x1000);
	assert_int_equal(zc.memory_regions[2].physical_start, 0x0a000000);
	assert_int_equal(zc.memory_regions[2].size, 0x4000);
	assert_int_equal(zc.memory_regions[3].size, 0);

	/* IRQs 33, 35-38 and the virtio slots 48-63 in word 1; 64-80 in word 2; nothing else. */
	for (unsigned int w = 0; w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++) {
		u32 want = w == 1 ? (1u << 1) | (0xfu << 3) | 0xffff0000u : w == 2 ? 0x1ffffu : 0;

		assert_int_equal(zc.interrupts_bitmap[w], want);
	}
	/* The root's IVC channel with zone1, as board.c gives it. */
	assert_int_equal(zc.num_ivc_configs, 1);
	assert_int_equal(zc.ivc_configs[0].peer_id, 0);
	assert_int_equal(zc.ivc_configs[0].control_table_ipa, 0xd0000000);
	assert_int_equal(zc.ivc_configs[0].shared_mem_ipa, 0xd0001000);
	assert_int_equal(zc.ivc_configs[0].interrupt_num, 80);
	assert_int_equal(zc.ivc_configs[0].max_peers, 2);
	assert_int_equal(zc.entry_point, 0xa0400000);
	assert_int_equal(zc.kernel_load_paddr, 0xa0400000);
	assert_int_equal(zc.dtb_load_paddr, 0xa0000000);
	assert_string_equal(zc.name, "root-linux");
	assert_int_equal(zc.arch_config.is_aarch32, 0);
	assert_int_equal(zc.arch_config.gic_version, GIC_CONFIG_V3);
	assert_int_equal(zc.arch_config.gicv3.gicd_base, 0x08000000);
	assert_int_equal(zc.arch_config.gicv3.gicd_size, 0x10000);
	assert_int_equal(zc.arch_config.gicv3.gicr_base, 0x080a0000);
	assert_int_equal(zc.arch_config.gicv3.gicr_size, 0xf60000);
	assert_int_equal(zc.arch_config.gicv3.gits_base, 0x08080000);
	assert_int_equal(zc.arch_config.gicv3.gits_size, 0x20000);
	assert_int_equal(zc.num_pci_bus, 0);
	assert_int_equal(zc.num_pci_devs, 0);

	/* The same values where hvisor-tool reads them in the 3136-byte blob. */
	assert_int_equal(raw_u64(&zc, 8), 0x3);
	assert_int_equal(raw_u64(&zc, 2288), 0xa0400000);
	assert_int_equal(raw_u64(&zc, 2312), 0xa0000000);
	assert_memory_equal((const u8 *)&zc + 2328, "root-linux", 11);
	assert_int_equal(raw_u64(&zc, 2360 + 8), GIC_CONFIG_V3);
	assert_int_equal(raw_u64(&zc, 2360 + 16), 0x08000000);
	assert_int_equal(raw_u64(&zc, 2360 + 32), 0x080a0000);
}

static void test_root_zone_config_irq_edges(void **state)
{
	struct tb *t = tb_good();
	static struct zone_config zc;

	(void)state;
	t->irqs[0] = 1023;
	t->irqs[1] = 1024; /* out of range: dropped, not written past the bitmap */
	t->irqs[2] = 32;
	t->irqs[3] = 63;
	t->b.root_zone.nr_irqs = 4;
	board_root_zone_config(&t->b, &zc);
	assert_int_equal(zc.interrupts_bitmap[31], 0x80000000u);
	assert_int_equal(zc.interrupts_bitmap[1], 0x80000001u);
	assert_int_equal(zc.interrupts_bitmap[0], 0);
	assert_int_equal(zc.num_ivc_configs, 0); /* the word after the bitmap */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_good_board_passes),
		UNIT_CASE(test_root_ram_covers_hypervisor),
		UNIT_CASE(test_hypervisor_range_edges),
		UNIT_CASE(test_overlapping_regions),
		UNIT_CASE(test_unaligned_region),
		UNIT_CASE(test_root_cpus_beyond_board),
		UNIT_CASE(test_zone_cpus_beyond_board),
		UNIT_CASE(test_irq_too_large),
		UNIT_CASE(test_irq_sgi_ppi),
		UNIT_CASE(test_empty_root_zone),
		UNIT_CASE(test_ram_outside_el2_map),
		UNIT_CASE(test_region_overlaps_gic),
		UNIT_CASE(test_gic_more_ranges),
		UNIT_CASE(test_duplicate_mpidr),
		UNIT_CASE(test_el2_range_not_2m_aligned),
		UNIT_CASE(test_entry_outside_ram),
		UNIT_CASE(test_dtb_outside_ram),
		UNIT_CASE(test_zone_names),
		UNIT_CASE(test_zone_null_name),
		UNIT_CASE(test_zone_regions),
		UNIT_CASE(test_zone_ram_vs_root_ram),
		UNIT_CASE(test_zone_irqs),
		UNIT_CASE(test_zone_gic_bases),
		UNIT_CASE(test_zone_direct_irq),
		UNIT_CASE(test_qemu_board_passes),
		UNIT_CASE(test_root_zone_config_qemu),
		UNIT_CASE(test_root_zone_config_irq_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
