// SPDX-License-Identifier: GPL-2.0
/*
 * Xilinx ZCU102 (Zynq UltraScale+ MPSoC, 4 GiB DDR4): 4 x Cortex-A53, GIC-400 (GICv2 with
 * the virtualization extensions), console on UART0 (Cadence xuartps, 115200 set by U-Boot),
 * TF-A at EL3. Facts from Xilinx's zynqmp.dtsi / zynqmp-zcu102-rev1.0.dts and hvisor's
 * zcu102 board. image/dts/zone0.dts and zone1.dts are dt-trim's, from Debian's
 * xilinx/zynqmp-zcu102-rev1.0.dtb (the commands are in their headers and docs/porting.md).
 */
#include "board.h"
#include "util.h"

static const u64 mpidr[] = { 0x0, 0x1, 0x2, 0x3 };

/* The low 2 GiB of DDR, and the peripherals (LPD, FPD, GIC) at the top of the 32-bit map. */
static const struct board_mem_range mem[] = {
	{ 0x00000000, 0x80000000, BOARD_MEM_NORMAL, "DDR (low 2 GiB)" },
	{ 0xf0000000, 0x10000000, BOARD_MEM_DEVICE, "LPD/FPD peripherals, GIC" },
};

/*
 * The hypervisor lives at 0x40400000, between the root zone's two RAM regions (hvisor's
 * zcu102 layout). hvisor also lists the DDR controller (0xfd070000) as RAM; it is a
 * device the firmware owns, so it is left out here.
 */
static const struct board_zone_region root_regions[] = {
	{ MEM_TYPE_RAM, 0x00000000, 0x00000000, 0x40000000, "memory@0 (below the hypervisor)" },
	{ MEM_TYPE_RAM, 0x50000000, 0x50000000, 0x25000000, "memory@0 (above the hypervisor)" },
	{ MEM_TYPE_IO, 0xff000000, 0xff000000, 0x1000, "serial@ff000000" },
	{ MEM_TYPE_IO, 0xff020000, 0xff020000, 0x1000, "i2c@ff020000" },
	{ MEM_TYPE_IO, 0xff030000, 0xff030000, 0x1000, "i2c@ff030000" },
	{ MEM_TYPE_IO, 0xff0a0000, 0xff0a0000, 0x1000, "gpio@ff0a0000" },
	{ MEM_TYPE_IO, 0xff0e0000, 0xff0e0000, 0x1000, "ethernet@ff0e0000" },
	{ MEM_TYPE_IO, 0xff170000, 0xff170000, 0x1000, "mmc@ff170000" },
	/*
	 * Not in hvisor's table; zone0.dts (dt-trim) keeps them and the DT cross-check asks
	 * for them: the IPI mailbox the PM firmware driver talks through, and the CCI-400's
	 * PMU (a pmu node).
	 */
	{ MEM_TYPE_IO, 0xff990000, 0xff990000, 0x1000, "zynqmp_ipi/mailbox@ff990400" },
	{ MEM_TYPE_IO, 0xfd6e9000, 0xfd6e9000, 0x5000, "cci@fd6e0000/pmu@9000" },
};

/* Root RAM set aside for zone1, where configs/linux2.json and virtio.json put it. */
static const struct board_range zones_ram[] = {
	{ 0x60000000, 0x10000000, "zone1 (configs/linux2.json)" },
};

/*
 * Absolute GIC INTIDs (SPI n = INTID 32 + n): GPIO 48, I2C0/1 49-50, UART0 53, hvisor's
 * virtio wake-up 64, the PM firmware's IPI 67, SD 81, GEM3 95, the CCI-400 PMU 155, the
 * A53 PMUs 175-178.
 */
static const u32 root_irqs[] = { 48, 49, 50, 53, 64, 67, 81, 95, 155, 175, 176, 177, 178 };

#define ROOT_ENTRY 0x00200000

const struct board board = {
	.name = "zcu102",
	.file = __FILE__,
	.mpidr = mpidr,
	.nr_cpus = ARRAY_SIZE(mpidr),
	.mem = mem,
	.nr_mem = ARRAY_SIZE(mem),
	/* The DT gives no reg-io-width (1); the xuartps driver makes 32-bit accesses anyway. */
	.uart = { .base = 0xff000000, .reg_shift = 0, .reg_width = 1 },
	/*
	 * GIC-400: each 4 KiB page of the CPU interface is repeated over 64 KiB, so the
	 * hypervisor's GICC starts 0xf000 into the 128 KiB window (its GICC_DIR page is then
	 * the next 64 KiB one); zones see the GICV where the GICC is.
	 */
	.gic = {
		.gicd_base = 0xf9010000, .gicd_size = 0x10000,
		.gicc_base = 0xf9020000, .gicc_size = 0x20000, .gicc_offset = 0xf000,
		.gich_base = 0xf9040000, .gich_size = 0x20000,
		.gicv_base = 0xf9060000, .gicv_size = 0x20000,
	},
	.root_zone = {
		.name = "root-linux",
		.cpus = BIT(0) | BIT(1),
		.regions = root_regions,
		.nr_regions = ARRAY_SIZE(root_regions),
		.irqs = root_irqs,
		.nr_irqs = ARRAY_SIZE(root_irqs),
		.entry = ROOT_ENTRY,
		.kernel_addr = ROOT_ENTRY,
		.dtb_addr = 0x04000000,
		.dtb_fixup = true,
	},
	.firmware_smc = true, /* TF-A: PM (clocks, power domains), SiP services */
	.zones_ram = zones_ram,
	.nr_zones_ram = ARRAY_SIZE(zones_ram),
};
