// SPDX-License-Identifier: GPL-2.0
/*
 * Root zone DTB fix-ups, in place, before the zone runs: /memory becomes exactly the
 * zone's RAM, /reserved-memory keeps the guest off the hypervisor, and CPUs that are not
 * the zone's disappear. Each change is logged; board.root_zone.dtb_fixup turns this off.
 */
#include <libfdt.h>
#include "board.h"
#include "dt_names.h"
#include "fdt_cells.h"
#include "fdt_fixup.h"
#include "hv_mem.h"
#include "log.h"
#include "printf.h"
#include "string.h"
#include "util.h"
#include "zone.h"

#define FIXUP_ROOM 0x2000 /* what the fix-ups may add to the DTB */

static int set_cells(void *fdt, int node, const char *prop, int ac, int sc, const u64 *pairs, int n)
{
	fdt32_t buf[4 * CONFIG_MAX_MEMORY_REGIONS];
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (ac == 2)
			buf[k++] = cpu_to_fdt32((u32)(pairs[2 * i] >> 32));
		buf[k++] = cpu_to_fdt32((u32)pairs[2 * i]);
		if (sc == 2)
			buf[k++] = cpu_to_fdt32((u32)(pairs[2 * i + 1] >> 32));
		buf[k++] = cpu_to_fdt32((u32)pairs[2 * i + 1]);
	}
	return fdt_setprop(fdt, node, prop, buf, k * (int)sizeof(fdt32_t));
}

static int fix_memory(void *fdt, const struct zone *z, int ac, int sc)
{
	u64 ranges[2 * CONFIG_MAX_MEMORY_REGIONS];
	char name[32];
	int n = 0, node, err;

	/* Drop every memory node, then describe the zone's RAM in one. */
	for (node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); node >= 0;
	     node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7)) {
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
	}
	for (unsigned int i = 0; i < z->cfg.num_memory_regions; i++) {
		const struct memory_region *r = &z->cfg.memory_regions[i];

		if (r->mem_type != MEM_TYPE_RAM)
			continue;
		ranges[2 * n] = r->virtual_start;
		ranges[2 * n + 1] = r->size;
		n++;
	}
	if (!n)
		return 0;
	hv_snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)ranges[0]);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	err = fdt_setprop_string(fdt, node, "device_type", "memory");
	if (!err)
		err = set_cells(fdt, node, "reg", ac, sc, ranges, n);
	if (!err)
		pr_info("zone %u DT fix-up: /%s now lists the zone's %d RAM region(s)", z->id, name,
			n);
	return err;
}

/* One no-map child of /reserved-memory (rm) named prefix@start; kept if it is there. */
static int add_reserved(void *fdt, int rm, const struct zone *z, const char *prefix, u64 start,
			u64 size, int ac, int sc, const char *why)
{
	u64 range[2] = { start, size };
	char name[40];
	int node, err;

	hv_snprintf(name, sizeof(name), "%s@%llx", prefix, (unsigned long long)start);
	node = fdt_add_subnode(fdt, rm, name);
	if (node == -FDT_ERR_EXISTS)
		return 0;
	if (node < 0)
		return node;
	err = set_cells(fdt, node, "reg", ac, sc, range, 1);
	err = err ?: fdt_setprop(fdt, node, "no-map", NULL, 0);
	if (!err)
		pr_info("zone %u DT fix-up: /reserved-memory/%s %s", z->id, name, why);
	return err;
}

static int fix_reserved(void *fdt, const struct zone *z, int ac, int sc)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), err;

	if (rm < 0) {
		rm = fdt_add_subnode(fdt, 0, "reserved-memory");
		if (rm < 0)
			return rm;
		err = fdt_setprop_u32(fdt, rm, "#address-cells", (u32)ac);
		err = err ?: fdt_setprop_u32(fdt, rm, "#size-cells", (u32)sc);
		err = err ?: fdt_setprop(fdt, rm, "ranges", NULL, 0);
		if (err)
			return err;
	}
	err = add_reserved(fdt, rm, z, "hvisor", hv_mem_start(), hv_mem_end() - hv_mem_start(), ac,
			   sc, "covers the hypervisor");
	for (unsigned int i = 0; !err && i < board.nr_zones_ram; i++)
		err = add_reserved(fdt, rm, z, "zones", board.zones_ram[i].start,
				   board.zones_ram[i].size, ac, sc,
				   "keeps Linux off the RAM set aside for other zones");
	return err;
}

static int fix_cpus(void *fdt, const struct zone *z)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, err;

	if (cpus < 0)
		return 0;
	node = fdt_subnode_offset(fdt, cpus, "cpu-map");
	if (node >= 0) {
		/* The topology map names CPUs that may be gone now. */
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
		pr_info("zone %u DT fix-up: /cpus/cpu-map removed", z->id);
	}
restart:
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg;
		int len;
		u64 mpidr;
		cpuid_t c;

		if (!type || strcmp(type, "cpu"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || (len != 4 && len != 8))
			continue;
		mpidr = fdt_cells_read(reg, len / 4);
		c = board_cpuid_of_mpidr(&board, mpidr);
		if (c != INVALID_CPUID && (z->cpus >> c) & 1)
			continue;
		pr_info("zone %u DT fix-up: /cpus/%s (MPIDR %#llx) removed: not a CPU of the zone",
			z->id, fdt_get_name(fdt, node, NULL), (unsigned long long)mpidr);
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
		goto restart; /* offsets moved */
	}
	return 0;
}

/* Room after the DTB that belongs to the zone and holds nothing the zone loads. */
static bool room_ok(const struct zone *z, paddr_t dtb, u64 size)
{
	paddr_t pa;

	if (zone_ram_ipa_to_pa(z, z->dtb_ipa, size, &pa) || pa != dtb)
		return false;
	return !(z->cfg.entry_point >= z->dtb_ipa && z->cfg.entry_point < z->dtb_ipa + size);
}

void fdt_zone_prepare(struct zone *z)
{
	paddr_t dtb;
	void *fdt;
	int err, ac, sc;
	u32 size;

	if (zone_ram_ipa_to_pa(z, z->dtb_ipa, sizeof(struct fdt_header), &dtb))
		return;
	fdt = (void *)(uintptr_t)dtb;
	if (fdt_check_header(fdt)) {
		pr_info("zone %u: no DTB at %#llx yet: no DT fix-up", z->id,
			(unsigned long long)dtb);
		return;
	}
	size = fdt_totalsize(fdt) + FIXUP_ROOM;
	if (!room_ok(z, dtb, size)) {
		pr_warn("zone %u: the DTB at %#llx has no %#x bytes of room before the kernel: not "
			"fixed up; move dtb_addr away from the entry point",
			z->id, (unsigned long long)dtb, size);
		return;
	}
	fdt_scan_names(fdt);
	if (z->id != 0 || !board.root_zone.dtb_fixup)
		return;
	err = fdt_open_into(fdt, fdt, (int)size);
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	if (!err && (ac < 1 || ac > 2 || sc < 1 || sc > 2))
		err = -FDT_ERR_BADNCELLS;
	err = err ?: fix_memory(fdt, z, ac, sc);
	err = err ?: fix_reserved(fdt, z, ac, sc);
	err = err ?: fix_cpus(fdt, z);
	err = err ?: fdt_pack(fdt);
	if (err)
		pr_err("zone %u: DT fix-up failed (%s): the zone's DTB may be inconsistent", z->id,
		       fdt_strerror(err));
}
