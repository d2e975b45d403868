// SPDX-License-Identifier: GPL-2.0
/*
 * The boot DTB (x0 from U-Boot or QEMU): printed and compared with board.c, so that a
 * board file that disagrees with the hardware is noticed at the first boot. libfdt runs
 * here only, before any zone, because it may use FP/SIMD registers.
 */
#include <libfdt.h>
#include "board.h"
#include "dt_names.h"
#include "fdt_cells.h"
#include "fdt_boot.h"
#include "hv_mem.h"
#include "log.h"
#include "util.h"

/* Report /memory ranges; returns how many were found. */
static int report_memory(const void *fdt, u64 *dt_ranges, int max)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	int n = 0, node;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		pr_warn("boot DTB: root #address-cells/#size-cells = %d/%d not understood", ac, sc);
		return 0;
	}
	fdt_for_each_subnode(node, fdt, 0)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg;
		int len;

		if (!type || strcmp(type, "memory"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		for (int i = 0; reg && i + (ac + sc) * 4 <= len; i += (ac + sc) * 4) {
			u64 start = fdt_cells_read(reg + i / 4, ac);
			u64 size = fdt_cells_read(reg + i / 4 + ac, sc);

			pr_info("boot DTB: memory [%#llx, %#llx) (%llu MiB)",
				(unsigned long long)start, (unsigned long long)(start + size),
				(unsigned long long)(size >> 20));
			if (!hv_can_access(start, size))
				pr_warn("boot DTB memory [%#llx, %#llx) is not covered by a Normal "
					"range in "
					"%s's mem table: the hypervisor cannot use all of it",
					(unsigned long long)start,
					(unsigned long long)(start + size), board.file);
			if (n < max) {
				dt_ranges[2 * n] = start;
				dt_ranges[2 * n + 1] = size;
			}
			n++;
		}
	}
	return n;
}

static int count_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, n = 0;

	if (cpus < 0)
		return -1;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			n++;
	}
	return n;
}

void fdt_boot_report(paddr_t dtb)
{
	const void *fdt = (const void *)(uintptr_t)dtb;
	u64 ranges[16];
	const char *model;
	int n, err;

	if (!hv_can_access(dtb, sizeof(struct fdt_header))) {
		pr_warn("boot DTB address %#llx is outside the board's RAM map: not read",
			(unsigned long long)dtb);
		return;
	}
	err = fdt_check_header(fdt);
	if (err) {
		pr_warn("no valid DTB at %#llx (%s): board facts come from %s only",
			(unsigned long long)dtb, fdt_strerror(err), board.file);
		return;
	}
	if (!hv_can_access(dtb, fdt_totalsize(fdt))) {
		pr_warn("boot DTB at %#llx (%u bytes) runs outside the board's RAM map: not read",
			(unsigned long long)dtb, fdt_totalsize(fdt));
		return;
	}
	fdt_scan_names(fdt);
	model = fdt_getprop(fdt, 0, "model", NULL);
	pr_info("boot DTB: model \"%s\"", model ? model : "(none)");

	n = report_memory(fdt, ranges, 8);
	for (unsigned int i = 0; i < board.nr_mem; i++) {
		const struct board_mem_range *m = &board.mem[i];
		bool found = false;

		if (m->type != BOARD_MEM_NORMAL)
			continue;
		for (int j = 0; j < MIN(n, 8); j++)
			if (range_within(m->start, m->size, ranges[2 * j], ranges[2 * j + 1]))
				found = true;
		if (n > 0 && !found)
			pr_warn("%s: mem '%s' [%#llx, %#llx) is Normal memory but the boot DTB has "
				"no RAM "
				"there: shrink it to the real RAM",
				board.file, m->name, (unsigned long long)m->start,
				(unsigned long long)(m->start + m->size));
	}
	n = count_cpus(fdt);
	if (n >= 0 && (unsigned int)n != board.nr_cpus)
		pr_warn("boot DTB lists %d CPUs, %s's mpidr table %u", n, board.file,
			board.nr_cpus);
}
