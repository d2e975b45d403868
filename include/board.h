/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a board file (platform/<arch>/<board>/board.c) describes. Boards are pure data:
 * every field is read by core or arch code, none of them is code.
 */
#ifndef HVC_BOARD_H
#define HVC_BOARD_H

#include "types.h"
#include "hvisor/zone_config.h"
#include "arch/sysreg.h" /* MPIDR_AFF_MASK: the MPIDR table holds affinities */

/* EL2 identity map entry: the hypervisor can touch [start, start + size). */
enum board_mem_type {
	BOARD_MEM_NORMAL,
	BOARD_MEM_DEVICE,
};

struct board_mem_range {
	paddr_t start;
	u64 size;
	enum board_mem_type type;
	const char *name;
};

/* Console UART. The driver is chosen in platform.mk (UART_DRIVER). */
struct board_uart {
	paddr_t base;
	u8 reg_shift; /* register stride = 1 << reg_shift bytes */
	u8 reg_width; /* access width in bytes: 1 or 4 */
	u32 clock_hz; /* input clock; 0 with baud 0: keep the firmware's setting */
	u32 baud;     /* 0: leave the baud rate as the boot loader set it */
};

/* A named physical range. */
struct board_range {
	paddr_t start;
	u64 size;
	const char *name;
};

/*
 * The interrupt controller. Which version it is comes from platform.mk (IRQCHIP); a board
 * fills the fields of that version and leaves the others 0.
 */
struct board_gic {
	paddr_t gicd_base;
	u64 gicd_size;
	/* GICv3 */
	paddr_t gicr_base;
	u64 gicr_size; /* the redistributor frames (the first range when there are several) */
	paddr_t gits_base;
	u64 gits_size; /* the first ITS: the one zone configs name */
	/*
	 * What the DT can say and one base/size pair cannot: more redistributor ranges
	 * (#redistributor-regions > 1: the GICv3 driver finds CPUs' frames there and zones
	 * see them where they are) and more ITS (the checker keeps zones' regions off them).
	 */
	const struct board_range *gicr_more;
	unsigned int nr_gicr_more;
	const struct board_range *its_more;
	unsigned int nr_its_more;
	/* GICv2: zones see their virtual CPU interface (GICV) at the GICC address */
	paddr_t gicc_base;
	u64 gicc_size;	 /* the CPU interface zones see: the GICV size too */
	u64 gicc_offset; /* the hypervisor's own CPU interface is at gicc_base + gicc_offset */
	paddr_t gich_base;
	u64 gich_size;
	paddr_t gicv_base;
	u64 gicv_size;
};

/* One root zone memory region with the name (usually a DT node) messages use. */
struct board_zone_region {
	u32 type; /* MEM_TYPE_RAM, MEM_TYPE_IO or MEM_TYPE_VIRTIO */
	paddr_t phys;
	ipaddr_t ipa;
	u64 size;
	const char *name;
};

struct board_zone {
	u32 id; /* 0 for the root zone; static zones take their own */
	const char *name;
	u64 cpus; /* bit n = logical CPU n */
	const struct board_zone_region *regions;
	unsigned int nr_regions;
	const u32 *irqs; /* absolute GIC INTIDs */
	unsigned int nr_irqs;
	ipaddr_t entry;
	paddr_t kernel_addr;
	paddr_t dtb_addr;
	bool dtb_fixup; /* fix the zone's DTB up at boot (memory, cpus, reserved-memory) */
	const struct ivc_config *ivc; /* hvisor's IVC channels of the zone, at most 2 */
	unsigned int nr_ivc;
	/*
	 * Direct interrupt mode (GICv3 only): the zone's physical interrupts reach it without
	 * an exit. Only for a zone whose CPUs are its own; see docs/zones.md for the limits.
	 */
	bool direct_irq;
};

struct board {
	const char *name;
	const char *file; /* the board.c path, for messages */
	const u64 *mpidr; /* logical CPU id -> MPIDR affinity (Aff3..Aff0) */
	unsigned int nr_cpus;
	const struct board_mem_range *mem;
	unsigned int nr_mem;
	struct board_uart uart;
	struct board_gic gic;
	struct board_zone root_zone;
	/*
	 * Root-zone RAM set aside for other zones: the root zone keeps access (its tools load
	 * images there and serve virtio from it) but its DT fix-up puts these ranges in
	 * /reserved-memory (no-map), so its Linux never uses them as its own memory. Other
	 * zones' RAM may lie here or outside the root's RAM, never in the root's own.
	 */
	const struct board_range *zones_ram;
	unsigned int nr_zones_ram;
	/* Zones started at boot beside the root zone, their images placed by the boot loader. */
	const struct board_zone *static_zones;
	unsigned int nr_static_zones;
	/*
	 * PSCI SYSTEM_OFF/RESET from the root zone while other zones run: false (hvisor's
	 * way) passes it to the firmware, which ends every zone; true refuses it (DENIED)
	 * until the other zones are shut down.
	 */
	bool root_reset_spares_zones;
	/*
	 * The interrupt that wakes the root Linux's virtio daemon (its DT node
	 * /hvisor_virtio_device); an SPI of the root zone. 0: INTID 64, as hvisor.
	 */
	u32 virtio_wakeup_irq;
	/*
	 * Firmware at EL3 (TF-A) answers SMCs: the root zone's SiP, OEM and Trusted-OS calls
	 * are forwarded to it. False on QEMU without EL3, where such an SMC would be undefined.
	 */
	bool firmware_smc;
};

/* Every board.c defines exactly this. */
extern const struct board board;

/* True when [start, start + size) lies in one range of b's EL2 map of that type. */
bool board_mem_covers(const struct board *b, u64 start, u64 size, enum board_mem_type type);

/* The logical id of the CPU with this MPIDR (affinity fields only), or INVALID_CPUID. */
cpuid_t board_cpuid_of_mpidr(const struct board *b, u64 mpidr);

#endif
