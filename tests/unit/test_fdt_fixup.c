// SPDX-License-Identifier: GPL-2.0
/*
 * The root zone's DT fix-ups (core/fdt_zone_prepare in core/fdt_fixup.c) and the DT name
 * table (core/dt_names.c filled by core/fdt_scan.c), with the host's libfdt. The DTB is
 * shaped like QEMU virt's (2 GiB at 0x40000000, four CPUs and a cpu-map, a PL011) and built
 * with libfdt's sequential-write API into a host buffer that plays the zone's RAM around
 * dtb_ipa: physical addresses are host pointers here.
 */
// clang-format off
// sources: core/fdt_fixup.c core/zone_mem.c core/fdt_scan.c core/dt_names.c core/printf.c core/board_cpu.c platform/aarch64/qemu-gicv3/board.c
// clang-format on
#include "unit.h"
#include "log_collect.h"
#include <libfdt.h>
#include <sys/mman.h>
#include <unistd.h>
#include "board.h"
#include "dt_names.h"
#include "fdt_fixup.h"
#include "hv_mem.h"
#include "util.h"
#include "zone.h"

#define HV_START   0x40400000ULL
#define HV_END	   0x41400000ULL
#define RAM_IPA	   0x50000000ULL
#define RAM_SIZE   0x70000000ULL
#define DTB_IPA	   0xa0000000ULL
#define WIN_SIZE   0x40000 /* the part of the zone's RAM the buffer stands for */
#define FIXUP_ROOM 0x2000  /* fdt_fixup.c's room after the DTB */
#define CANARY	   0xa5

/* ---- the hypervisor side: its memory, and the zone's RAM seen from EL2 ---- */

static u8 *win; /* host buffer = the zone's RAM at [win_ipa, win_ipa + WIN_SIZE) */
static ipaddr_t win_ipa;

paddr_t hv_mem_start(void)
{
	return HV_START;
}

paddr_t hv_mem_end(void)
{
	return HV_END;
}

bool hv_can_access(paddr_t pa, u64 size)
{
	paddr_t base = (paddr_t)(uintptr_t)win;

	return range_within(pa, size, base, WIN_SIZE);
}

/* ---- building a QEMU-like DTB ---- */

#define OK(x) assert_int_equal((x), 0)

struct dtb_shape {
	int ac, sc;    /* the root's #address-cells / #size-cells */
	bool reserved; /* a /reserved-memory node with one child already */
	bool no_cpu_map;
};

static void prop_reg(void *fdt, int ac, int sc, const u64 *pairs, int n)
{
	fdt32_t buf[16];
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (ac == 2)
			buf[k++] = cpu_to_fdt32((u32)(pairs[2 * i] >> 32));
		buf[k++] = cpu_to_fdt32((u32)pairs[2 * i]);
		if (sc == 2)
			buf[k++] = cpu_to_fdt32((u32)(pairs[2 * i + 1] >> 32));
		buf[k++] = cpu_to_fdt32((u32)pairs[2 * i + 1]);
	}
	OK(fdt_property(fdt, "reg", buf, k * 4));
}

static void prop_cells(void *fdt, const char *name, const u32 *v, int n)
{
	fdt32_t buf[16];

	for (int i = 0; i < n; i++)
		buf[i] = cpu_to_fdt32(v[i]);
	OK(fdt_property(fdt, name, buf, n * 4));
}

/* Build into buf (size bytes); returns the DTB's total size. */
static int build_dtb(void *buf, int size, const struct dtb_shape *s)
{
	static const u32 pl011_irq[] = { 0, 1, 4 };
	static const u32 timer_irq[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 };
	static const u32 rtc_irq[] = { 0, 2, 4 };
	char name[32];

	OK(fdt_create(buf, size));
	OK(fdt_finish_reservemap(buf));
	OK(fdt_begin_node(buf, ""));
	OK(fdt_property_u32(buf, "#address-cells", (u32)s->ac));
	OK(fdt_property_u32(buf, "#size-cells", (u32)s->sc));
	OK(fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	OK(fdt_property_u32(buf, "interrupt-parent", 0x8002));

	OK(fdt_begin_node(buf, "memory@40000000"));
	OK(fdt_property_string(buf, "device_type", "memory"));
	prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x40000000, 0x80000000 }, 1);
	OK(fdt_end_node(buf));

	if (s->reserved) {
		OK(fdt_begin_node(buf, "reserved-memory"));
		OK(fdt_property_u32(buf, "#address-cells", (u32)s->ac));
		OK(fdt_property_u32(buf, "#size-cells", (u32)s->sc));
		OK(fdt_property(buf, "ranges", NULL, 0));
		OK(fdt_begin_node(buf, "linux,cma"));
		OK(fdt_property_string(buf, "compatible", "shared-dma-pool"));
		prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x60000000, 0x4000000 }, 1);
		OK(fdt_property(buf, "reusable", NULL, 0));
		OK(fdt_end_node(buf));
		OK(fdt_end_node(buf));
	}

	OK(fdt_begin_node(buf, "intc@8000000"));
	OK(fdt_property_string(buf, "compatible", "arm,gic-v3"));
	OK(fdt_property_u32(buf, "#interrupt-cells", 3));
	OK(fdt_property(buf, "interrupt-controller", NULL, 0));
	prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x8000000, 0x10000, 0x80a0000, 0xf60000 }, 2);
	OK(fdt_property_u32(buf, "phandle", 0x8002));
	OK(fdt_end_node(buf));

	/* A window around the devices: a larger reg covering the PL011's. */
	OK(fdt_begin_node(buf, "soc-window@8000000"));
	prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x8000000, 0x4000000 }, 1);
	OK(fdt_end_node(buf));

	OK(fdt_begin_node(buf, "pl011@9000000"));
	OK(fdt_property_string(buf, "compatible", "arm,pl011"));
	prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x9000000, 0x1000 }, 1);
	prop_cells(buf, "interrupts", pl011_irq, 3);
	OK(fdt_end_node(buf));

	OK(fdt_begin_node(buf, "pl031@9010000"));
	prop_reg(buf, s->ac, s->sc, (const u64[]){ 0x9010000, 0x1000 }, 1);
	prop_cells(buf, "interrupts", rtc_irq, 3);
	OK(fdt_end_node(buf));

	OK(fdt_begin_node(buf, "timer"));
	OK(fdt_property_string(buf, "compatible", "arm,armv8-timer"));
	prop_cells(buf, "interrupts", timer_irq, 12);
	OK(fdt_end_node(buf));

	OK(fdt_begin_node(buf, "cpus"));
	OK(fdt_property_u32(buf, "#address-cells", 1));
	OK(fdt_property_u32(buf, "#size-cells", 0));
	if (!s->no_cpu_map) {
		OK(fdt_begin_node(buf, "cpu-map"));
		OK(fdt_begin_node(buf, "socket0"));
		OK(fdt_begin_node(buf, "cluster0"));
		for (int i = 0; i < 4; i++) {
			snprintf(name, sizeof(name), "core%d", i);
			OK(fdt_begin_node(buf, name));
			OK(fdt_property_u32(buf, "cpu", 0x8010 + (u32)i));
			OK(fdt_end_node(buf));
		}
		OK(fdt_end_node(buf));
		OK(fdt_end_node(buf));
		OK(fdt_end_node(buf));
	}
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "cpu@%d", i);
		OK(fdt_begin_node(buf, name));
		OK(fdt_property_u32(buf, "phandle", 0x8010 + (u32)i));
		OK(fdt_property_u32(buf, "reg", (u32)i));
		OK(fdt_property_string(buf, "enable-method", "psci"));
		OK(fdt_property_string(buf, "compatible", "arm,cortex-a72"));
		OK(fdt_property_string(buf, "device_type", "cpu"));
		OK(fdt_end_node(buf));
	}
	OK(fdt_end_node(buf));

	OK(fdt_begin_node(buf, "chosen"));
	OK(fdt_property_string(buf, "bootargs", "console=ttyAMA0 earlycon"));
	OK(fdt_property_string(buf, "stdout-path", "/pl011@9000000"));
	OK(fdt_end_node(buf));

	OK(fdt_end_node(buf));
	OK(fdt_finish(buf));
	OK(fdt_check_header(buf));
	return (int)fdt_totalsize(buf);
}

/* ---- the zone ---- */

static struct zone *zone;
static int dtb_size; /* as built */
static u8 *before;   /* the window as it was before fdt_zone_prepare */

static void *dtb(void)
{
	return win + (zone->dtb_ipa - win_ipa);
}

/* Put a DTB of this shape at ipa (inside the window), canaries in the rest of the window. */
static void place_dtb(ipaddr_t ipa, const struct dtb_shape *s)
{
	memset(win, CANARY, WIN_SIZE);
	zone->dtb_ipa = ipa;
	dtb_size = build_dtb(win + (ipa - win_ipa), (int)(WIN_SIZE - (ipa - win_ipa)), s);
	/* Only the DTB's own bytes are the DTB: the rest back to canaries. */
	memset(win + (ipa - win_ipa) + dtb_size, CANARY, WIN_SIZE - (ipa - win_ipa) - dtb_size);
	memcpy(before, win, WIN_SIZE);
}

static void zone_ram(struct zone *z, ipaddr_t ipa, u64 size)
{
	struct memory_region *r = &z->cfg.memory_regions[z->cfg.num_memory_regions++];

	r->mem_type = MEM_TYPE_RAM;
	r->virtual_start = ipa;
	r->size = size;
	/* win_ipa lands on the host buffer. */
	r->physical_start = (paddr_t)(uintptr_t)win - (win_ipa - ipa);
}

static const struct dtb_shape qemu_shape = { .ac = 2, .sc = 2 };

static int setup(void **state)
{
	struct memory_region *io;

	(void)state;
	win = aligned_alloc(4096, WIN_SIZE);
	before = malloc(WIN_SIZE);
	zone = calloc(1, sizeof(*zone));
	assert_non_null(win);
	assert_non_null(before);
	assert_non_null(zone);
	win_ipa = DTB_IPA;
	zone->state = ZONE_RUNNING;
	zone->id = 0;
	zone->cpus = 0x3;
	zone->cfg.cpus = 0x3;
	zone->cfg.entry_point = 0xa0400000;
	zone_ram(zone, RAM_IPA, RAM_SIZE);
	/* An I/O region must not end up in /memory. */
	io = &zone->cfg.memory_regions[zone->cfg.num_memory_regions++];
	io->mem_type = MEM_TYPE_IO;
	io->physical_start = io->virtual_start = 0x9000000;
	io->size = 0x1000;
	place_dtb(DTB_IPA, &qemu_shape);
	dt_names_clear();
	log_reset();
	return 0;
}

static int teardown(void **state)
{
	free(zone);
	free(before);
	free(win);
	return unit_ub_check(state);
}

#define CASE(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* board is const (it is the board file's data): flip dtb_fixup with its page made writable. */
static void board_set_dtb_fixup(bool on)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)&board.root_zone.dtb_fixup;
	void *page = (void *)(a & ~(uintptr_t)(pg - 1));

	OK(mprotect(page, (size_t)pg, PROT_READ | PROT_WRITE));
	*(volatile bool *)a = on;
	OK(mprotect(page, (size_t)pg, PROT_READ));
}

static bool window_unchanged(void)
{
	return memcmp(win, before, WIN_SIZE) == 0;
}

static int count_memory_nodes(const void *fdt)
{
	int n = 0;

	for (int node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7);
	     node >= 0; node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory", 7))
		n++;
	return n;
}

/* reg of the node at path as 32-bit cells; returns how many. */
static int reg_cells(const void *fdt, const char *path, u32 *out, int max)
{
	int node = fdt_path_offset(fdt, path), len;
	const fdt32_t *reg;

	if (node < 0)
		fail_msg("%s: %s", path, fdt_strerror(node));
	reg = fdt_getprop(fdt, node, "reg", &len);
	assert_non_null(reg);
	assert_true(len % 4 == 0 && len / 4 <= max);
	for (int i = 0; i < len / 4; i++)
		out[i] = fdt32_to_cpu(reg[i]);
	return len / 4;
}

/* Children of the root whose name (before any @) is base. */
static int count_root_children(const void *fdt, const char *base)
{
	int node, n = 0;

	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *name = fdt_get_name(fdt, node, NULL);
		size_t len = strlen(base);

		n += !strncmp(name, base, len) && (name[len] == '\0' || name[len] == '@');
	}
	return n;
}

static bool exists(const void *fdt, const char *path)
{
	return fdt_path_offset(fdt, path) >= 0;
}

/* ---- the fix-ups ---- */

static void test_memory_becomes_zone_ram(void **state)
{
	u32 reg[8];
	int node;

	(void)state;
	fdt_zone_prepare(zone);
	OK(fdt_check_header(dtb()));
	assert_int_equal(count_memory_nodes(dtb()), 1);
	assert_int_equal(count_root_children(dtb(), "memory"), 1);
	assert_false(exists(dtb(), "/memory@40000000"));
	assert_int_equal(reg_cells(dtb(), "/memory@50000000", reg, 8), 4);
	assert_int_equal(reg[0], 0);
	assert_int_equal(reg[1], 0x50000000);
	assert_int_equal(reg[2], 0);
	assert_int_equal(reg[3], 0x70000000);
	node = fdt_path_offset(dtb(), "/memory@50000000");
	assert_string_equal(fdt_getprop(dtb(), node, "device_type", NULL), "memory");
}

static void test_two_ram_regions_in_one_node(void **state)
{
	u32 reg[12];

	(void)state;
	zone->cfg.memory_regions[0].size = 0x40000000; /* [0x50000000, 0x90000000) */
	zone_ram(zone, DTB_IPA, 0x20000000);	       /* [0xa0000000, 0xc0000000) */
	fdt_zone_prepare(zone);
	assert_int_equal(count_memory_nodes(dtb()), 1);
	assert_int_equal(reg_cells(dtb(), "/memory@50000000", reg, 12), 8);
	assert_memory_equal(
		reg, ((const u32[]){ 0, 0x50000000, 0, 0x40000000, 0, 0xa0000000, 0, 0x20000000 }),
		sizeof(u32) * 8);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "/memory@50000000 now lists the zone's 2 RAM region(s)"), 1);
}

static void test_reserved_memory_covers_hypervisor(void **state)
{
	u32 reg[8];
	int rm, node, len;

	(void)state;
	fdt_zone_prepare(zone);
	rm = fdt_path_offset(dtb(), "/reserved-memory");
	assert_true(rm >= 0);
	assert_int_equal(fdt_address_cells(dtb(), rm), 2);
	assert_int_equal(fdt_size_cells(dtb(), rm), 2);
	assert_non_null(fdt_getprop(dtb(), rm, "ranges", &len));
	assert_int_equal(len, 0);
	assert_int_equal(reg_cells(dtb(), "/reserved-memory/hvisor@40400000", reg, 8), 4);
	assert_memory_equal(reg, ((const u32[]){ 0, 0x40400000, 0, 0x1000000 }), sizeof(u32) * 4);
	node = fdt_path_offset(dtb(), "/reserved-memory/hvisor@40400000");
	assert_non_null(fdt_getprop(dtb(), node, "no-map", &len));
	assert_int_equal(len, 0);
}

static void test_existing_reserved_memory_kept(void **state)
{
	u32 reg[8];

	(void)state;
	place_dtb(DTB_IPA, &(const struct dtb_shape){ .ac = 2, .sc = 2, .reserved = true });
	fdt_zone_prepare(zone);
	assert_true(exists(dtb(), "/reserved-memory/linux,cma"));
	assert_int_equal(reg_cells(dtb(), "/reserved-memory/linux,cma", reg, 8), 4);
	assert_int_equal(reg[1], 0x60000000);
	assert_int_equal(reg_cells(dtb(), "/reserved-memory/hvisor@40400000", reg, 8), 4);
	assert_int_equal(reg[1], 0x40400000);
	assert_int_equal(count_root_children(dtb(), "reserved-memory"), 1);
}

static void test_cpus_of_other_zones_removed(void **state)
{
	int node;

	(void)state;
	fdt_zone_prepare(zone);
	assert_true(exists(dtb(), "/cpus"));
	assert_true(exists(dtb(), "/cpus/cpu@0"));
	assert_true(exists(dtb(), "/cpus/cpu@1"));
	assert_false(exists(dtb(), "/cpus/cpu@2"));
	assert_false(exists(dtb(), "/cpus/cpu@3"));
	assert_false(exists(dtb(), "/cpus/cpu-map"));
	/* What is kept is kept whole. */
	node = fdt_path_offset(dtb(), "/cpus/cpu@1");
	assert_string_equal(fdt_getprop(dtb(), node, "enable-method", NULL), "psci");
	assert_int_equal(fdt_get_phandle(dtb(), node), 0x8011);
}

static void test_cpus_of_a_zone_on_cpus_1_and_3(void **state)
{
	(void)state;
	zone->cpus = 0xa;
	fdt_zone_prepare(zone);
	assert_false(exists(dtb(), "/cpus/cpu@0"));
	assert_true(exists(dtb(), "/cpus/cpu@1"));
	assert_false(exists(dtb(), "/cpus/cpu@2"));
	assert_true(exists(dtb(), "/cpus/cpu@3"));
	LOG_EXPECT(LOG_HAS(LOG_INFO, "/cpus/cpu@0 (MPIDR 0) removed"), 1);
}

static void test_every_change_logged(void **state)
{
	(void)state;
	fdt_zone_prepare(zone);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0 DT fix-up: /memory@50000000 now lists the zone's 1 "
				     "RAM region(s)"),
		   1);
	LOG_EXPECT(
		LOG_HAS(LOG_INFO,
			"zone 0 DT fix-up: /reserved-memory/hvisor@40400000 covers the hypervisor"),
		1);
	/* The board's RAM for other zones (qemu-gicv3: zones_ram) is kept from Linux. */
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0 DT fix-up: /reserved-memory/zones@50000000 keeps "
				     "Linux off the RAM set aside for other zones"),
		   1);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0 DT fix-up: /cpus/cpu-map removed"), 1);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0 DT fix-up: /cpus/cpu@2 (MPIDR 0x2) removed"), 1);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0 DT fix-up: /cpus/cpu@3 (MPIDR 0x3) removed"), 1);
	LOG_EXPECT(log_lines.n, 6);
}

/* The rest of the tree is untouched, and nothing is written past the DTB's room. */
static void test_rest_untouched_and_room_respected(void **state)
{
	const u8 *end;
	int node, len;
	const fdt32_t *irq;

	(void)state;
	fdt_zone_prepare(zone);
	OK(fdt_check_header(dtb()));
	assert_true(fdt_totalsize(dtb()) <= (u32)dtb_size + FIXUP_ROOM);
	end = (const u8 *)dtb() + dtb_size + FIXUP_ROOM;
	for (const u8 *p = end; p < win + WIN_SIZE; p++)
		if (*p != CANARY)
			fail_msg("byte at DTB + %#lx written (room is %#x)",
				 (unsigned long)(p - (const u8 *)dtb()), dtb_size + FIXUP_ROOM);
	node = fdt_path_offset(dtb(), "/pl011@9000000");
	assert_true(node >= 0);
	irq = fdt_getprop(dtb(), node, "interrupts", &len);
	assert_int_equal(len, 12);
	assert_int_equal(fdt32_to_cpu(irq[1]), 1);
	node = fdt_path_offset(dtb(), "/chosen");
	assert_string_equal(fdt_getprop(dtb(), node, "bootargs", NULL), "console=ttyAMA0 earlycon");
	assert_true(exists(dtb(), "/intc@8000000"));
	assert_true(exists(dtb(), "/timer"));
	assert_int_equal(fdt_address_cells(dtb(), 0), 2);
}

/* Preparing the same zone again (a restart) adds nothing: the same nodes, the same size. */
static void test_fixup_idempotent(void **state)
{
	u32 size, reg[8];
	int rm, node, n = 0;

	(void)state;
	fdt_zone_prepare(zone);
	size = fdt_totalsize(dtb());
	log_reset();
	fdt_zone_prepare(zone);
	/* The memory node is made again (libfdt may place it elsewhere): same size overall. */
	assert_int_equal(fdt_totalsize(dtb()), size);
	assert_int_equal(count_memory_nodes(dtb()), 1);
	assert_int_equal(reg_cells(dtb(), "/memory@50000000", reg, 8), 4);
	assert_int_equal(reg[3], 0x70000000);
	rm = fdt_path_offset(dtb(), "/reserved-memory");
	fdt_for_each_subnode(node, dtb(), rm) n++;
	assert_int_equal(n, 2); /* hvisor@..., zones@... */
	assert_int_equal(reg_cells(dtb(), "/reserved-memory/zones@50000000", reg, 8), 4);
	assert_int_equal(reg[1], 0x50000000);
	assert_int_equal(reg[3], 0x30000000);
	assert_int_equal(count_root_children(dtb(), "reserved-memory"), 1);
	assert_true(exists(dtb(), "/cpus/cpu@1"));
	LOG_EXPECT(LOG_HAS(LOG_INFO, "reserved-memory"), 0);
	LOG_EXPECT(LOG_HAS(LOG_INFO, "removed"), 0);
	LOG_EXPECT(log_count_level(LOG_WARN) + log_count_level(LOG_ERROR), 0);
}

/* A root with 32-bit cells: reg follows it. */
static void test_one_cell_root(void **state)
{
	u32 reg[8];

	(void)state;
	place_dtb(DTB_IPA, &(const struct dtb_shape){ .ac = 1, .sc = 1 });
	fdt_zone_prepare(zone);
	assert_int_equal(reg_cells(dtb(), "/memory@50000000", reg, 8), 2);
	assert_int_equal(reg[0], 0x50000000);
	assert_int_equal(reg[1], 0x70000000);
	assert_int_equal(reg_cells(dtb(), "/reserved-memory/hvisor@40400000", reg, 8), 2);
	assert_int_equal(reg[0], 0x40400000);
	assert_int_equal(reg[1], 0x1000000);
	assert_int_equal(fdt_address_cells(dtb(), fdt_path_offset(dtb(), "/reserved-memory")), 1);
}

static void test_dtb_fixup_off_changes_nothing(void **state)
{
	(void)state;
	assert_true(board.root_zone.dtb_fixup);
	board_set_dtb_fixup(false);
	fdt_zone_prepare(zone);
	board_set_dtb_fixup(true);
	assert_true(window_unchanged());
	LOG_EXPECT(log_lines.n, 0);
	/* The names are still taken from it. */
	assert_non_null(dt_names_irq(33));
	assert_string_equal(dt_names_irq(33), "pl011@9000000");
}

static void test_other_zone_not_fixed_up(void **state)
{
	(void)state;
	zone->id = 1;
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
	LOG_EXPECT(log_lines.n, 0);
	assert_string_equal(dt_names_addr(0x9000010), "pl011@9000000");
}

/* The kernel starts right after the DTB: the fix-ups could overwrite it. */
static void test_entry_right_after_dtb_refused(void **state)
{
	(void)state;
	zone->cfg.entry_point = DTB_IPA + (u64)dtb_size;
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0", "has no", "bytes of room before the kernel",
			   "move dtb_addr away from the entry point"),
		   1);
	LOG_EXPECT(log_lines.n, 1);
	assert_null(dt_names_irq(33));
	/* Just past the room: fine. */
	zone->cfg.entry_point = DTB_IPA + (u64)dtb_size + FIXUP_ROOM;
	log_reset();
	fdt_zone_prepare(zone);
	LOG_EXPECT(log_count_level(LOG_WARN), 0);
	assert_false(exists(dtb(), "/cpus/cpu@2"));
}

/* The DTB ends so close to the end of the zone's RAM that the room would leave it. */
static void test_room_past_ram_end_refused(void **state)
{
	(void)state;
	/* The zone's RAM ends 0x100 bytes after the DTB. */
	zone->cfg.memory_regions[0].size = DTB_IPA + (u64)dtb_size + 0x100 - RAM_IPA;
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
	LOG_EXPECT(LOG_HAS(LOG_WARN, "has no", "bytes of room"), 1);
	/* Exactly the room: fine. */
	zone->cfg.memory_regions[0].size = DTB_IPA + (u64)dtb_size + FIXUP_ROOM - RAM_IPA;
	fdt_zone_prepare(zone);
	assert_false(exists(dtb(), "/cpus/cpu@2"));
}

static void test_invalid_header_left_alone(void **state)
{
	(void)state;
	((u8 *)dtb())[0] ^= 0xff; /* magic */
	memcpy(before, win, WIN_SIZE);
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
	LOG_EXPECT(LOG_HAS(LOG_INFO, "zone 0: no DTB at", "no DT fix-up"), 1);
	LOG_EXPECT(log_count_level(LOG_WARN) + log_count_level(LOG_ERROR), 0);
	assert_null(dt_names_irq(33));

	/* Nothing at all there (zeroed RAM). */
	memset(win, 0, WIN_SIZE);
	memcpy(before, win, WIN_SIZE);
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
}

/* dtb_ipa outside the zone's RAM: nothing to read, nothing done. */
static void test_dtb_outside_ram_ignored(void **state)
{
	(void)state;
	zone->dtb_ipa = 0x48000000;
	fdt_zone_prepare(zone);
	assert_true(window_unchanged());
	LOG_EXPECT(log_count_level(LOG_WARN) + log_count_level(LOG_ERROR), 0);
}

/* ---- DT names ---- */

static void test_scan_names(void **state)
{
	(void)state;
	OK(fdt_scan_names(dtb()));
	assert_string_equal(dt_names_addr(0x9000010), "pl011@9000000");
	assert_string_equal(dt_names_addr(0x9000000), "pl011@9000000");
	assert_string_equal(dt_names_addr(0x9000fff), "pl011@9000000");
	/* Covered only by the larger window. */
	assert_string_equal(dt_names_addr(0x9001000), "soc-window@8000000");
	assert_string_equal(dt_names_addr(0x9010004), "pl031@9010000");
	/* Both reg ranges of the GIC. */
	assert_string_equal(dt_names_addr(0x8000000), "intc@8000000");
	assert_string_equal(dt_names_addr(0x80a0000 + 0x20000), "intc@8000000");
	assert_string_equal(dt_names_addr(0x40001000), "memory@40000000");
	assert_null(dt_names_addr(0x7000000));
	assert_null(dt_names_addr(0xc0000000));
	assert_string_equal(dt_names_irq(33), "pl011@9000000");
	assert_string_equal(dt_names_irq(34), "pl031@9010000");
	assert_string_equal(dt_names_irq(30), "timer"); /* PPI 14 */
	assert_string_equal(dt_names_irq(26), "timer");
	assert_null(dt_names_irq(35));
	assert_null(dt_names_irq(1));
	/* cpu@N have reg but no size (#size-cells 0): not addresses. */
	assert_null(dt_names_addr(0x2));
}

static void test_scan_rejects_bad_header(void **state)
{
	(void)state;
	((u8 *)dtb())[0] ^= 0xff;
	assert_int_equal(fdt_scan_names(dtb()), -1);
	assert_null(dt_names_irq(33));
}

static void test_smallest_covering_reg_wins(void **state)
{
	(void)state;
	/* Either order of discovery. */
	dt_names_add_reg(0x9000000, 0x1000, "small");
	dt_names_add_reg(0x8000000, 0x4000000, "big");
	dt_names_add_reg(0x20000000, 0x1000, "tiny-elsewhere");
	assert_string_equal(dt_names_addr(0x9000010), "small");
	dt_names_clear();
	dt_names_add_reg(0x8000000, 0x4000000, "big");
	dt_names_add_reg(0x9000000, 0x1000, "small");
	assert_string_equal(dt_names_addr(0x9000010), "small");
	assert_string_equal(dt_names_addr(0x9001000), "big");
	assert_string_equal(dt_names_addr(0x8ffffff), "big");
	assert_null(dt_names_addr(0xc000000));
	assert_null(dt_names_addr(0x7ffffff));
	/* The end of a range is outside it, also at the top of the address space. */
	dt_names_add_reg(0xfffffffffffff000ULL, 0x1000, "top");
	assert_string_equal(dt_names_addr(0xffffffffffffffffULL), "top");
	assert_null(dt_names_addr(0xffffffffffffefffULL));
}

static void test_names_first_kept(void **state)
{
	(void)state;
	dt_names_add_irq(40, "first");
	dt_names_add_irq(40, "second");
	assert_string_equal(dt_names_irq(40), "first");
	dt_names_add_reg(0x1000, 0x100, "a");
	dt_names_add_reg(0x1000, 0x100, "b");
	assert_string_equal(dt_names_addr(0x1010), "a");
	/* Zero size and NULL names are not recorded. */
	dt_names_add_reg(0x3000, 0, "zero");
	dt_names_add_reg(0x4000, 0x10, NULL);
	dt_names_add_irq(41, NULL);
	assert_null(dt_names_addr(0x3000));
	assert_null(dt_names_addr(0x4000));
	assert_null(dt_names_irq(41));
	/* An interrupt entry is not an address entry. */
	assert_null(dt_names_addr(40));
	dt_names_clear();
	assert_null(dt_names_irq(40));
	assert_null(dt_names_addr(0x1010));
}

/* A full table names less but stays consistent. */
static void test_names_table_full(void **state)
{
	char name[32];

	(void)state;
	for (unsigned int i = 0; i < DT_NAMES_MAX + 10; i++) {
		snprintf(name, sizeof(name), "dev@%x", 0x100000 + i * 0x1000);
		dt_names_add_reg(0x100000 + (u64)i * 0x1000, 0x1000, name);
	}
	assert_string_equal(dt_names_addr(0x100000), "dev@100000");
	assert_string_equal(dt_names_addr(0x100000 + (DT_NAMES_MAX - 1) * 0x1000ULL), "dev@2ff000");
	assert_null(dt_names_addr(0x100000 + DT_NAMES_MAX * 0x1000ULL));
	dt_names_add_irq(40, "late");
	assert_null(dt_names_irq(40));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(test_memory_becomes_zone_ram),
		CASE(test_two_ram_regions_in_one_node),
		CASE(test_reserved_memory_covers_hypervisor),
		CASE(test_existing_reserved_memory_kept),
		CASE(test_cpus_of_other_zones_removed),
		CASE(test_cpus_of_a_zone_on_cpus_1_and_3),
		CASE(test_every_change_logged),
		CASE(test_rest_untouched_and_room_respected),
		CASE(test_fixup_idempotent),
		CASE(test_one_cell_root),
		CASE(test_dtb_fixup_off_changes_nothing),
		CASE(test_other_zone_not_fixed_up),
		CASE(test_entry_right_after_dtb_refused),
		CASE(test_room_past_ram_end_refused),
		CASE(test_invalid_header_left_alone),
		CASE(test_dtb_outside_ram_ignored),
		CASE(test_scan_names),
		CASE(test_scan_rejects_bad_header),
		CASE(test_smallest_covering_reg_wins),
		CASE(test_names_first_kept),
		CASE(test_names_table_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
