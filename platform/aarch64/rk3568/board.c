// SPDX-License-Identifier: GPL-2.0
/*
 * Rockchip RK3568 (EVB1 DDR4 V10 and boards like it): 4 x Cortex-A55, GICv3,
 * console on UART2 (DesignWare 8250, 1500000 baud set by U-Boot).
 * Facts from the vendor DTS (rk3568-evb1-ddr4-v10) and hvisor's rk3568 board.
 */
#include "board.h"
#include "util.h"

/* Cortex-A55 (DynamIQ) puts the core number in Aff1. */
static const u64 mpidr[] = { 0x000, 0x100, 0x200, 0x300 };

static const struct board_mem_range mem[] = {
	{ 0x000000000, 0xf0000000, BOARD_MEM_NORMAL, "DRAM below the IO hole" },
	{ 0x0f0000000, 0x10000000, BOARD_MEM_DEVICE, "SoC peripherals, GIC" },
	{ 0x100000000, 0x2c0000000, BOARD_MEM_NORMAL, "DRAM above 4 GiB" },
	{ 0x3c0000000, 0x10000000, BOARD_MEM_DEVICE, "PCIe 3.0 DBI" },
};

/*
 * hvisor's table gives the root zone 0x9400000 + 0xe6c00000, which covers the hypervisor
 * at 0x60080000. Here [0x60000000, 0x62000000) is left out for the hypervisor. hvisor maps
 * the ITS as RAM; it is a device, so it is IO here (passed through, not emulated).
 */
static const struct board_zone_region root_regions[] = {
	{ MEM_TYPE_IO, 0xf2000000, 0xf2000000, 0x100000, "pcie@fe280000 (config)" },
	{ MEM_TYPE_IO, 0xf2100000, 0xf2100000, 0x100000, "pcie@fe280000 (io)" },
	{ MEM_TYPE_IO, 0xf2200000, 0xf2200000, 0x1e00000, "pcie@fe280000 (mem32)" },
	{ MEM_TYPE_IO, 0x340000000, 0x340000000, 0x40000000, "pcie@fe280000 (mem64)" },
	{ MEM_TYPE_IO, 0xfdcb8000, 0xfdcb8000, 0x10000, "syscon@fdcb8000 (pcie30_phy_grf)" },
	{ MEM_TYPE_IO, 0xfdc90000, 0xfdc90000, 0x10000, "syscon@fdc90000 (pipe_phy_grf2)" },
	{ MEM_TYPE_IO, 0xfdc50000, 0xfdc50000, 0x10000, "syscon@fdc50000 (pipegrf)" },
	{ MEM_TYPE_IO, 0xfe8c0000, 0xfe8c0000, 0x20000, "phy@fe8c0000 (pcie30phy)" },
	{ MEM_TYPE_IO, 0xfdd90000, 0xfdd90000, 0x1000, "power-management@fdd90000" },
	{ MEM_TYPE_IO, 0xfe840000, 0xfe840000, 0x1000, "phy@fe840000 (combphy2_psq)" },
	{ MEM_TYPE_RAM, 0x00000000, 0x00000000, 0x200000, "memory (first 2 MiB)" },
	{ MEM_TYPE_RAM, 0x00200000, 0x00200000, 0x8200000, "memory (kernel)" },
	{ MEM_TYPE_RAM, 0x09400000, 0x09400000, 0x56c00000, "memory (below hypervisor)" },
	{ MEM_TYPE_RAM, 0x62000000, 0x62000000, 0x8e000000, "memory (above hypervisor)" },
	{ MEM_TYPE_IO, 0xfd440000, 0xfd440000, 0x20000, "interrupt-controller@fd440000 (its)" },
	{ MEM_TYPE_RAM, 0x1f0000000, 0x1f0000000, 0x10000000, "memory (above 4 GiB)" },
	{ MEM_TYPE_IO, 0xfe2b0000, 0xfe2b0000, 0x4000, "mmc@fe2b0000" },
	{ MEM_TYPE_IO, 0xfe2c0000, 0xfe2c0000, 0x4000, "mmc@fe2c0000" },
	{ MEM_TYPE_IO, 0xfe000000, 0xfe000000, 0x4000, "mmc@fe000000" },
	{ MEM_TYPE_IO, 0xfe660000, 0xfe660000, 0x10000, "serial@fe660000" },
	{ MEM_TYPE_IO, 0xfe680000, 0xfe680000, 0x10000, "serial@fe680000" },
	{ MEM_TYPE_IO, 0xfdc20000, 0xfdc20000, 0x10000, "syscon@fdc20000" },
	{ MEM_TYPE_IO, 0xfdc60000, 0xfdc60000, 0x30000, "syscon@fdc60000" },
	{ MEM_TYPE_IO, 0xfdd20000, 0xfdd20000, 0x10000, "clock-controller@fdd20000" },
	{ MEM_TYPE_IO, 0xfe530000, 0xfe530000, 0x10000, "dmac@fe530000" },
	{ MEM_TYPE_IO, 0xfe5f0000, 0xfe5f0000, 0x10000, "timer@fe5f0000" },
	{ MEM_TYPE_IO, 0xfdd00000, 0xfdd00000, 0x10000, "clock-controller@fdd00000" },
	{ MEM_TYPE_IO, 0xfe750000, 0xfe750000, 0x10000, "gpio@fe750000" },
	{ MEM_TYPE_IO, 0xfe740000, 0xfe740000, 0x10000, "gpio@fe740000" },
	{ MEM_TYPE_IO, 0xfdd60000, 0xfdd60000, 0x10000, "gpio@fdd60000" },
	{ MEM_TYPE_IO, 0xfe760000, 0xfe760000, 0x20000, "gpio@fe760000" },
	{ MEM_TYPE_IO, 0xfe310000, 0xfe310000, 0x10000, "mmc@fe310000 (sdhci)" },
};

/* clang-format off: one row of the table per line, as in hvisor's board */
static const u32 root_irqs[] = {
	0x84, 0x98, 0x40, 0x104, 0x105, 0x106, 0x107, 0x2d, 0x2e, 0x2b,
	0x2a, 0x29, 0x33, 0x96,	 0x11c, 0x44,  0x43,  0x42, 0x41, 0x8d,
};
/* clang-format on */

/* The root zone's kernel is loaded and entered here (make run and the tests follow it). */
#define ROOT_ENTRY 0x00280000

const struct board board = {
	.name = "rk3568",
	.file = __FILE__,
	.mpidr = mpidr,
	.nr_cpus = ARRAY_SIZE(mpidr),
	.mem = mem,
	.nr_mem = ARRAY_SIZE(mem),
	/* UART2: reg-shift 2, reg-io-width 4; baud 0 keeps U-Boot's 1500000. */
	.uart = { .base = 0xfe660000, .reg_shift = 2, .reg_width = 4 },
	.gic = {
		.gicd_base = 0xfd400000, .gicd_size = 0x10000,
		.gicr_base = 0xfd460000, .gicr_size = 0xc0000,
		.gits_base = 0xfd440000, .gits_size = 0x20000,
	},
	.firmware_smc = true, /* TF-A: clocks, DDR frequency, SiP services */
	.root_zone = {
		.name = "root-linux",
		.cpus = BIT(0) | BIT(1),
		.regions = root_regions,
		.nr_regions = ARRAY_SIZE(root_regions),
		.irqs = root_irqs,
		.nr_irqs = ARRAY_SIZE(root_irqs),
		.entry = ROOT_ENTRY,
		.kernel_addr = ROOT_ENTRY,
		.dtb_addr = 0xa0000000,
		.dtb_fixup = true,
	},
};
