// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU virt, gic-version=2 (with the virtualization extensions), 4 x Cortex-A72, 2 GiB
 * of RAM at 0x40000000.
 * Addresses follow QEMU's virt memory map (hw/arm/virt.c).
 */
#include "board.h"
#include "util.h"

static const u64 mpidr[] = { 0x0, 0x1, 0x2, 0x3 };

static const struct board_mem_range mem[] = {
	{ 0x08000000, 0x04000000, BOARD_MEM_DEVICE, "GIC, UART, RTC, virtio-mmio" },
	{ 0x40000000, 0x80000000, BOARD_MEM_NORMAL, "RAM (-m 2G)" },
};

/* The hypervisor lives in [0x40400000, ...), below 0x50000000; the root zone starts above. */
static const struct board_zone_region root_regions[] = {
	{ MEM_TYPE_RAM, 0x50000000, 0x50000000, 0x70000000, "memory@50000000" },
	{ MEM_TYPE_IO, 0x09000000, 0x09000000, 0x1000, "pl011@9000000" },
	{ MEM_TYPE_IO, 0x0a000000, 0x0a000000, 0x4000, "virtio_mmio@a000000" },
};

/* Root RAM for other zones, where hvisor's own zone1 configs put zone1. */
static const struct board_range zones_ram[] = {
	{ 0x50000000, 0x30000000, "zone1's RAM in hvisor's QEMU configs" },
};

/*
 * IVC channel 0 between the root (peer 0) and zone1 (peer 1): its control table and
 * shared memory sit above the root's RAM; peer 0's doorbell is SPI 48 (INTID 80).
 */
static const struct ivc_config root_ivc[] = {
	{
		.ivc_id = 0,
		.peer_id = 0,
		.control_table_ipa = 0xd0000000,
		.shared_mem_ipa = 0xd0001000,
		.rw_sec_size = 0x1000,
		.out_sec_size = 0x1000,
		.interrupt_num = 80,
		.max_peers = 2,
	},
};

/*
 * Absolute GIC INTIDs (SPI n = INTID 32 + n): the PL011, PCIe INTx (hvisor's list), every
 * virtio-mmio slot zone0.dts describes (SPIs 16-47), as the build's DT cross-check asks
 * (zones started later take theirs over), and the IVC doorbell.
 */
static const u32 root_irqs[] = {
	33, 35, 36, 37, 38, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
	62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
};

/* The root zone's kernel is loaded and entered here (make run and the tests follow it). */
#define ROOT_ENTRY 0xa0400000

const struct board board = {
	.name = "qemu-gicv2",
	.file = __FILE__,
	.mpidr = mpidr,
	.nr_cpus = ARRAY_SIZE(mpidr),
	.mem = mem,
	.nr_mem = ARRAY_SIZE(mem),
	.uart = { .base = 0x09000000, .reg_shift = 2, .reg_width = 4 },
	.gic = {
		.gicd_base = 0x08000000, .gicd_size = 0x10000,
		.gicc_base = 0x08010000, .gicc_size = 0x10000, .gicc_offset = 0,
		.gich_base = 0x08030000, .gich_size = 0x10000,
		.gicv_base = 0x08040000, .gicv_size = 0x10000,
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
		.dtb_addr = 0xa0000000,
		.dtb_fixup = true,
		.ivc = root_ivc,
		.nr_ivc = ARRAY_SIZE(root_ivc),
	},
	.zones_ram = zones_ram,
	.nr_zones_ram = ARRAY_SIZE(zones_ram),
};
