// SPDX-License-Identifier: GPL-2.0
/*
 * Record the DT nodes that own addresses and interrupts (see dt_names.h). reg is read with
 * the parent's #address-cells/#size-cells; bus "ranges" are assumed to be 1:1, as on the
 * SoC buses of the boards supported. Interrupts are recorded for GIC-style specifiers
 * (3 cells: SPI/PPI, number, flags).
 */
#include <libfdt.h>
#include "dt_names.h"
#include "fdt_cells.h"
#include "types.h"

static void scan_reg(const void *fdt, int node, int parent, const char *name)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent), len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	for (int i = 0; (i + ac + sc) * 4 <= len; i += ac + sc)
		dt_names_add_reg(fdt_cells_read(reg + i, ac), fdt_cells_read(reg + i + ac, sc),
				 name);
}

static void scan_irqs(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);

	if (!irq || len % 12)
		return;
	for (int i = 0; i * 4 < len; i += 3) {
		u32 type = fdt32_to_cpu(irq[i]), num = fdt32_to_cpu(irq[i + 1]);

		if (type == 0 && num < 988)
			dt_names_add_irq(32 + num, name);
		else if (type == 1 && num < 16)
			dt_names_add_irq(16 + num, name);
	}
}

int fdt_scan_names(const void *fdt)
{
	int depth = 0, node = 0, parents[16] = { 0 };

	if (fdt_check_header(fdt))
		return -1;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *name = fdt_get_name(fdt, node, NULL);

		if (depth >= 16)
			continue;
		parents[depth] = node;
		if (depth == 0 || !name)
			continue;
		scan_reg(fdt, node, parents[depth - 1], name);
		scan_irqs(fdt, node, name);
	}
	return 0;
}
