// SPDX-License-Identifier: GPL-2.0
/*
 * NXP i.MX 8M Plus EVK: 4 x Cortex-A53, GICv3 (no ITS), console on UART2 (i.MX UART,
 * 115200 set by U-Boot). Written by tools/board-gen from Debian's freescale/imx8mp-evk.dtb,
 * then reviewed (docs/porting.md, "Boards in the tree").
 *
 * Regenerate: tools/board-gen/board-gen imx8mp-evk.dtb --name imx8mp --load-addr 0x40400000 \
 *     --reserve 0x56000000:0x2000000 --entry 0xa0400000 --dtb-addr 0xa0000000 --mmc mmc1 \
 *     --mmc mmc2
 *
 * The hypervisor, kernel and DTB addresses are hvisor's imx8mp ones; [0x56000000, +32 MiB)
 * is OP-TEE's (NXP's BSP puts it there; mainline's DT does not say). mmc0 (uSDHC1) is
 * disabled on the EVK: zone0 keeps the SD slot (mmc1, uSDHC2) and the eMMC (mmc2, uSDHC3).
 */
#include "board.h"
#include "util.h"

/* From /cpus/cpu@N reg, boot CPU first (4 x arm,cortex-a53). */
static const u64 mpidr[] = { 0x0, 0x1, 0x2, 0x3 };

/* EL2 map: RAM from /memory as Normal, the GIC, the UART and the IO regions as Device. */
static const struct board_mem_range mem[] = {
	{ 0x30000000, 0x8a00000, BOARD_MEM_DEVICE, "devices" },
	{ 0x40000000, 0x180000000, BOARD_MEM_NORMAL, "RAM" },
};

/*
 * Root zone: RAM from /memory less the hypervisor's 64 MiB at 0x40400000 and reserved ranges;
 * IO from every enabled node's reg in zone0.dts, page aligned and merged.
 */
static const struct board_zone_region root_regions[] = {
	{ MEM_TYPE_RAM, 0x40000000, 0x40000000, 0x400000, "memory@40000000" },
	{ MEM_TYPE_RAM, 0x44400000, 0x44400000, 0x11c00000, "memory@44400000" },
	{ MEM_TYPE_RAM, 0x58000000, 0x58000000, 0x3a400000, "memory@58000000" },
	{ MEM_TYPE_RAM, 0x94400000, 0x94400000, 0x12bc00000, "memory@94400000" },
	{ MEM_TYPE_IO, 0x30000000, 0x30000000, 0xc00000, "soc@0/bus@30000000 + 15 more" },
};

/* Root RAM set aside for other zones (zone1's RAM in configs/). */
static const struct board_range zones_ram[] = {
	{ 0xe0000000, 0x20000000, "zone1 (configs/linux2.json)" },
};

/* Absolute GIC INTIDs (DT <0 n flags> is SPI n = INTID 32 + n), each with its node. */
static const u32 root_irqs[] = {
	34,  /* soc@0/bus@30800000/dma-controller@30bd0000 */
	55,  /* soc@0/bus@30800000/mmc@30b50000 */
	56,  /* soc@0/bus@30800000/mmc@30b60000 */
	59,  /* soc@0/bus@30800000/serial@30890000 */
	66,  /* hvisor_virtio_device */
	67,  /* soc@0/bus@30800000/i2c@30a20000 */
	79,  /* soc@0/bus@30400000/timer@306a0000 */
	96,  /* soc@0/bus@30000000/gpio@30200000 */
	97,  /* soc@0/bus@30000000/gpio@30200000 */
	98,  /* soc@0/bus@30000000/gpio@30210000 */
	99,  /* soc@0/bus@30000000/gpio@30210000 */
	119, /* soc@0/bus@30000000/gpc@303a0000 */
};

const struct board board = {
	.name = "imx8mp",
	.file = __FILE__,
	.mpidr = mpidr,
	.nr_cpus = ARRAY_SIZE(mpidr),
	.mem = mem,
	.nr_mem = ARRAY_SIZE(mem),
	/* soc@0/bus@30800000/serial@30890000: fsl,imx8mp-uart, fsl,imx6q-uart (/chosen stdout-path) */
	.uart = { .base = 0x30890000, .reg_shift = 0, .reg_width = 1 },
	.gic = {
		.gicd_base = 0x38800000, .gicd_size = 0x10000,
		.gicr_base = 0x38880000, .gicr_size = 0xc0000,
	},
	.firmware_smc = true, /* PSCI over SMC: TF-A at EL3 answers SiP calls */
	/* hvisor's 64 is a device's here: zone0.dts's /hvisor_virtio_device says 66 too. */
	.virtio_wakeup_irq = 66,
	.root_zone = {
		.name = "root-linux",
		.cpus = BIT(0) | BIT(1),
		.regions = root_regions,
		.nr_regions = ARRAY_SIZE(root_regions),
		.irqs = root_irqs,
		.nr_irqs = ARRAY_SIZE(root_irqs),
		.entry = 0xa0400000,
		.kernel_addr = 0xa0400000,
		.dtb_addr = 0xa0000000,
		.dtb_fixup = true,
	},
	.zones_ram = zones_ram,
	.nr_zones_ram = ARRAY_SIZE(zones_ram),
};
