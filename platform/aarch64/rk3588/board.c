// SPDX-License-Identifier: GPL-2.0
/*
 * Rockchip RK3588 EVB1 V10: 4 x Cortex-A55 + 4 x Cortex-A76 (DynamIQ: the core number is
 * in Aff1), GICv3 with two ITS, console on UART2 (DesignWare 8250, 1500000 baud set by
 * U-Boot). Written by tools/board-gen from Debian's rockchip/rk3588-evb1-v10.dtb, then
 * reviewed (docs/porting.md, "Boards in the tree").
 *
 * Regenerate: tools/board-gen/board-gen rk3588-evb1-v10.dtb --name rk3588 \
 *     --load-addr 0x00500000 --memory 0x0:0xf0000000 --memory 0x100000000:0x2fc000000 \
 *     --reserve 0x8400000:0x1000000 --entry 0x09400000 --dtb-addr 0x10000000 \
 *     --zone1-drop /firmware
 *
 * Mainline's DT has no /memory (U-Boot adds it): the banks are what U-Boot gives the EVB
 * (16 GiB: 3.75 GiB below the IO hole, then from 4 GiB up to 0x3fc000000), OP-TEE's
 * [0x8400000, +16 MiB) is reserved, and the hypervisor, kernel and DTB addresses are
 * hvisor's rk3588 ones (0x500000, 0x9400000, 0x10000000).
 */
#include "board.h"
#include "util.h"

/* From /cpus/cpu@N reg, boot CPU first (4 x arm,cortex-a55 + 4 x arm,cortex-a76). */
static const u64 mpidr[] = { 0x0, 0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700 };

/* EL2 map: RAM from /memory as Normal, the GIC, the UART and the IO regions as Device. */
static const struct board_mem_range mem[] = {
	{ 0x0, 0xf0000000, BOARD_MEM_NORMAL, "RAM" },
	{ 0xfd400000, 0x1a00000, BOARD_MEM_DEVICE, "devices" },
	{ 0x100000000, 0x2fc000000, BOARD_MEM_NORMAL, "RAM" },
};

/*
 * Root zone: RAM from /memory less the hypervisor's 64 MiB at 0x400000 and reserved ranges;
 * IO from every enabled node's reg in zone0.dts, page aligned and merged.
 */
static const struct board_zone_region root_regions[] = {
	{ MEM_TYPE_RAM, 0x0, 0x0, 0x10f000, "memory@0" },
	{ MEM_TYPE_RAM, 0x110000, 0x110000, 0x2f0000, "memory@110000" },
	{ MEM_TYPE_RAM, 0x4400000, 0x4400000, 0x4000000, "memory@4400000" },
	{ MEM_TYPE_RAM, 0x9400000, 0x9400000, 0xe6c00000, "memory@9400000" },
	{ MEM_TYPE_RAM, 0x100000000, 0x100000000, 0x2fc000000, "memory@100000000" },
	{ MEM_TYPE_IO, 0xfd5b0000, 0xfd5b0000, 0x1000, "syscon@fd5b0000" },
	{ MEM_TYPE_IO, 0xfd5f0000, 0xfd5f0000, 0x10000, "syscon@fd5f0000" },
	{ MEM_TYPE_IO, 0xfd7c0000, 0xfd7c0000, 0x5c000, "clock-controller@fd7c0000" },
	{ MEM_TYPE_IO, 0xfd8a0000, 0xfd8a0000, 0x1000, "pinctrl/gpio@fd8a0000" },
	{ MEM_TYPE_IO, 0xfe2e0000, 0xfe2e0000, 0x10000, "mmc@fe2e0000" },
	{ MEM_TYPE_IO, 0xfea10000, 0xfea10000, 0x4000, "dma-controller@fea10000" },
	{ MEM_TYPE_IO, 0xfea30000, 0xfea30000, 0x4000, "dma-controller@fea30000" },
	{ MEM_TYPE_IO, 0xfeae0000, 0xfeae0000, 0x1000, "timer@feae0000" },
	{ MEM_TYPE_IO, 0xfeb20000, 0xfeb20000, 0x1000, "spi@feb20000" },
	{ MEM_TYPE_IO, 0xfeb50000, 0xfeb50000, 0x1000, "serial@feb50000" },
	{ MEM_TYPE_IO, 0xfec20000, 0xfec20000, 0x1000, "pinctrl/gpio@fec20000" },
	{ MEM_TYPE_IO, 0xfec30000, 0xfec30000, 0x1000, "pinctrl/gpio@fec30000" },
	{ MEM_TYPE_IO, 0xfec40000, 0xfec40000, 0x1000, "pinctrl/gpio@fec40000" },
	{ MEM_TYPE_IO, 0xfec50000, 0xfec50000, 0x1000, "pinctrl/gpio@fec50000" },
};

/* Root RAM set aside for other zones (zone1's RAM in configs/). */
static const struct board_range zones_ram[] = {
	{ 0xd0000000, 0x20000000, "zone1 (configs/linux2.json)" },
};

/* Absolute GIC INTIDs (DT <0 n flags> is SPI n = INTID 32 + n), each with its node. */
static const u32 root_irqs[] = {
	64,  /* hvisor_virtio_device */
	118, /* dma-controller@fea10000 */
	119, /* dma-controller@fea10000 */
	120, /* dma-controller@fea30000 */
	121, /* dma-controller@fea30000 */
	237, /* mmc@fe2e0000 */
	309, /* pinctrl/gpio@fd8a0000 */
	310, /* pinctrl/gpio@fec20000 */
	311, /* pinctrl/gpio@fec30000 */
	312, /* pinctrl/gpio@fec40000 */
	313, /* pinctrl/gpio@fec50000 */
	321, /* timer@feae0000 */
	360, /* spi@feb20000 */
	365, /* serial@feb50000 */
};

/*
 * Every ITS after the first (its0 is gits_base); the DT cross-check compares both with the
 * DT's. zone0.dts drops both, as the guide does: no PCIe MSIs in the root zone.
 */
static const struct board_range its_more[] = {
	{ 0xfe660000, 0x20000, "interrupt-controller@fe600000/msi-controller@fe660000" },
};

const struct board board = {
	.name = "rk3588",
	.file = __FILE__,
	.mpidr = mpidr,
	.nr_cpus = ARRAY_SIZE(mpidr),
	.mem = mem,
	.nr_mem = ARRAY_SIZE(mem),
	/* serial@feb50000: rockchip,rk3588-uart, snps,dw-apb-uart (/chosen stdout-path) */
	.uart = { .base = 0xfeb50000, .reg_shift = 2, .reg_width = 4 },
	.gic = {
		.gicd_base = 0xfe600000, .gicd_size = 0x10000,
		.gicr_base = 0xfe680000, .gicr_size = 0x100000,
		.gits_base = 0xfe640000, .gits_size = 0x20000,
		.its_more = its_more, .nr_its_more = ARRAY_SIZE(its_more),
	},
	.firmware_smc = true, /* PSCI over SMC: TF-A at EL3 answers SiP calls */
	.root_zone = {
		.name = "root-linux",
		.cpus = BIT(0) | BIT(1),
		.regions = root_regions,
		.nr_regions = ARRAY_SIZE(root_regions),
		.irqs = root_irqs,
		.nr_irqs = ARRAY_SIZE(root_irqs),
		.entry = 0x9400000,
		.kernel_addr = 0x9400000,
		.dtb_addr = 0x10000000,
		.dtb_fixup = true,
	},
	.zones_ram = zones_ram,
	.nr_zones_ram = ARRAY_SIZE(zones_ram),
};
