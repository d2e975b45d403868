/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zone configuration: the binary layout hvisor and hvisor-tool share. The root Linux tool
 * hands this struct to the hypervisor by physical address, so every size and offset is
 * pinned below; a mismatch fails the build, not a boot.
 *
 * Two revisions, chosen at build time with HVISOR_ABI (make HVISOR_ABI=5|6):
 *   5 (default): hvisor's, and hvisor-tool's up to b17d9dd: magic 5, 3136 bytes;
 *   6: hvisor-tool's current one: magic 6, 3296 bytes, a UEFI part at the end of
 *      arch_config and PCI device entries with a virtual bus/device/function.
 */
#ifndef HVISOR_ZONE_CONFIG_H
#define HVISOR_ZONE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifndef HVISOR_ABI
#define HVISOR_ABI 5
#endif
#if HVISOR_ABI == 5
#define CONFIG_MAGIC_VERSION 0x5
#elif HVISOR_ABI == 6
#define CONFIG_MAGIC_VERSION 0x6
#else
#error "HVISOR_ABI must be 5 or 6"
#endif
#define CONFIG_MAX_MEMORY_REGIONS	       64
#define CONFIG_MAX_INTERRUPTS		       1024
#define CONFIG_INTERRUPTS_BITMAP_BITS_PER_WORD 32
#define CONFIG_INTERRUPTS_BITMAP_WORDS                                                             \
	(CONFIG_MAX_INTERRUPTS / CONFIG_INTERRUPTS_BITMAP_BITS_PER_WORD)
#define CONFIG_NAME_MAXLEN     32
#define CONFIG_MAX_IVC_CONFIGS 2
#define CONFIG_PCI_BUS_MAXNUM  4
#define CONFIG_MAX_PCI_DEV     32

#define MEM_TYPE_RAM	0
#define MEM_TYPE_IO	1
#define MEM_TYPE_VIRTIO 2

#define GIC_CONFIG_V2 0
#define GIC_CONFIG_V3 1

struct memory_region {
	uint32_t mem_type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t size;
};

struct ivc_config {
	uint32_t ivc_id;
	uint32_t peer_id;
	uint64_t control_table_ipa;
	uint64_t shared_mem_ipa;
	uint32_t rw_sec_size;
	uint32_t out_sec_size;
	uint32_t interrupt_num;
	uint32_t max_peers;
};

struct pci_config {
	uint64_t ecam_base;
	uint64_t ecam_size;
	uint64_t io_base;
	uint64_t io_size;
	uint64_t pci_io_base;
	uint64_t mem32_base;
	uint64_t mem32_size;
	uint64_t pci_mem32_base;
	uint64_t mem64_base;
	uint64_t mem64_size;
	uint64_t pci_mem64_base;
	uint32_t bus_range_begin;
	uint32_t bus_range_end;
	uint8_t domain;
};

struct pci_dev_config {
	uint8_t domain;
	uint8_t bus;
	uint8_t device;
	uint8_t function;
#if HVISOR_ABI >= 6
	uint8_t v_bus; /* where the zone sees the device */
	uint8_t v_device;
	uint8_t v_function;
#endif
	uint32_t dev_type;
};

struct gicv2_config {
	uint64_t gicd_base;
	uint64_t gicd_size;
	uint64_t gicc_base;
	uint64_t gicc_size;
	uint64_t gicc_offset;
	uint64_t gich_base;
	uint64_t gich_size;
	uint64_t gicv_base;
	uint64_t gicv_size;
};

struct gicv3_config {
	uint64_t gicd_base;
	uint64_t gicd_size;
	uint64_t gicr_base;
	uint64_t gicr_size;
	uint64_t gits_base;
	uint64_t gits_size;
};

#if HVISOR_ABI >= 6
/* Firmware tables for a UEFI guest; uefi_tag 1 = none (hvisor-tool's enum tag). */
struct uefi_config {
	uint64_t uefi_tag;
	uint64_t memory_map_addr;
	uint64_t memory_map_size;
	uint64_t sys_map_addr;
};
#define UEFI_CONFIG_NONE 1
#endif

struct arch_zone_config {
	uint8_t is_aarch32;
	/*
	 * Ours, in hvisor's padding (its tools leave it 0): 1 = direct interrupt mode, the
	 * zone's CPUs take their physical interrupts without an exit (docs/zones.md). Any
	 * other non-zero value is refused, so garbage in the padding is never taken as a yes.
	 */
	uint8_t direct_irq;
	uint64_t gic_version; /* GIC_CONFIG_V2 or GIC_CONFIG_V3 (hvisor's enum tag) */
	union {
		struct gicv2_config gicv2;
		struct gicv3_config gicv3;
	};
#if HVISOR_ABI >= 6
	struct uefi_config uefi;
#endif
};

struct zone_config {
	uint32_t zone_id;
	uint64_t cpus; /* bit n = logical CPU n */
	uint32_t num_memory_regions;
	struct memory_region memory_regions[CONFIG_MAX_MEMORY_REGIONS];
	uint32_t interrupts_bitmap[CONFIG_INTERRUPTS_BITMAP_WORDS]; /* bit n = GIC INTID n */
	uint32_t num_ivc_configs;
	struct ivc_config ivc_configs[CONFIG_MAX_IVC_CONFIGS];
	uint64_t entry_point;
	uint64_t kernel_load_paddr;
	uint64_t kernel_size;
	uint64_t dtb_load_paddr;
	uint64_t dtb_size;
	char name[CONFIG_NAME_MAXLEN];
	struct arch_zone_config arch_config;
	uint64_t num_pci_bus;
	struct pci_config pci_config[CONFIG_PCI_BUS_MAXNUM];
	uint64_t num_pci_devs;
	struct pci_dev_config alloc_pci_devs[CONFIG_MAX_PCI_DEV];
};

/*
 * What zone_info.is_err says (ZONE_LIST): hvisor has 0 and 1; 2 is this hypervisor's, a
 * zone stopped from inside (PSCI SYSTEM_RESET) until it is shut down. hvisor's tool prints
 * any non-zero value as "error".
 */
#define ZONE_INFO_RUNNING 0
#define ZONE_INFO_ERROR	  1
#define ZONE_INFO_STOPPED 2

/* Element of the HvZoneList answer. */
struct zone_info {
	uint32_t zone_id;
	uint64_t cpus;
	char name[CONFIG_NAME_MAXLEN];
	uint8_t is_err;
};

/* The answer to IVC_INFO (hypercall 5), packed as hvisor's IvcInfo: one entry per IVC
 * config of the calling zone, len of them filled. */
struct ivc_info {
	uint64_t len;
	uint64_t ct_ipas[CONFIG_MAX_IVC_CONFIGS];
	uint64_t shmem_ipas[CONFIG_MAX_IVC_CONFIGS];
	uint32_t ivc_ids[CONFIG_MAX_IVC_CONFIGS];
	uint32_t irqs[CONFIG_MAX_IVC_CONFIGS];
} __attribute__((packed));

/*
 * The answer to ZONE_STATS (hypercall 64, ours): how many exits of each kind the zone's
 * CPUs took since the zone was created, summed over its CPUs. Each CPU counts its own
 * exits without a lock; the sum is read while they run, so it is a snapshot, each count
 * exact at some moment of the call. The list is an X-macro so the hypervisor, the
 * driver and the CLI share the names and the order; new kinds go at the end (the
 * answer's nr_counters says how many the hypervisor filled).
 *
 * hypercall        HVC with a hypercall code (not PSCI, not SMCCC)
 * psci             PSCI call, over HVC or SMC
 * smccc            any other SMCCC call (an SMC forwarded to the firmware, or an SMCCC
 *                  function over HVC answered NOT_SUPPORTED)
 * mmio_*           emulated or forwarded MMIO access, by handler; mmio_unhandled is an
 *                  access no handler took (an abort was injected into the zone)
 * sysreg           trapped system register access (ICC_SGI1R_EL1 and friends)
 * irq              IRQ exit (a physical interrupt taken while the zone ran), or in direct
 *                  interrupt mode the FIQ exit of the hypervisor's kick (its own interrupts
 *                  then reach it without an exit)
 * virq             virtual interrupt injected into the zone (physical ones forwarded,
 *                  SGIs between its CPUs, virtio and IVC doorbells)
 * maintenance      GIC maintenance interrupt (list registers freed up)
 * wfi              trapped WFI/WFE (0 while HCR_EL2.TWI/TWE are clear: a zone's WFI
 *                  waits on its own CPU without an exit)
 * other            any other exit (instruction abort, an unexpected exception class)
 */
#define ZONE_STATS_LIST(X)                                                                         \
	X(HYPERCALL, "hypercall")                                                                  \
	X(PSCI, "psci")                                                                            \
	X(SMCCC, "smccc")                                                                          \
	X(MMIO_GICD, "mmio_gicd")                                                                  \
	X(MMIO_GICR, "mmio_gicr")                                                                  \
	X(MMIO_VIRTIO, "mmio_virtio")                                                              \
	X(MMIO_IVC, "mmio_ivc")                                                                    \
	X(MMIO_DEVICE, "mmio_device")                                                              \
	X(MMIO_UNHANDLED, "mmio_unhandled")                                                        \
	X(SYSREG, "sysreg")                                                                        \
	X(IRQ, "irq")                                                                              \
	X(VIRQ, "virq")                                                                            \
	X(MAINTENANCE, "maintenance")                                                              \
	X(WFI, "wfi")                                                                              \
	X(OTHER, "other")

#define ZONE_STAT_ENUM(name, text) ZONE_STAT_##name,
enum zone_stat { ZONE_STATS_LIST(ZONE_STAT_ENUM) ZONE_STAT_NR };
#undef ZONE_STAT_ENUM

struct zone_stats {
	uint32_t zone_id;
	uint32_t nr_counters; /* ZONE_STAT_NR of the hypervisor that answered */
	uint64_t count[ZONE_STAT_NR];
};

#define ABI_ASSERT_SIZE(t, n)	_Static_assert(sizeof(struct t) == (n), "ABI: sizeof " #t)
#define ABI_ASSERT_OFF(t, f, n) _Static_assert(offsetof(struct t, f) == (n), "ABI: " #t "." #f)

ABI_ASSERT_SIZE(memory_region, 32);
ABI_ASSERT_OFF(memory_region, physical_start, 8);
ABI_ASSERT_OFF(memory_region, virtual_start, 16);
ABI_ASSERT_OFF(memory_region, size, 24);
ABI_ASSERT_SIZE(ivc_config, 40);
ABI_ASSERT_OFF(ivc_config, control_table_ipa, 8);
ABI_ASSERT_OFF(ivc_config, shared_mem_ipa, 16);
ABI_ASSERT_OFF(ivc_config, rw_sec_size, 24);
ABI_ASSERT_OFF(ivc_config, interrupt_num, 32);
ABI_ASSERT_OFF(ivc_config, max_peers, 36);
ABI_ASSERT_SIZE(pci_config, 104);
ABI_ASSERT_OFF(pci_config, pci_mem64_base, 80);
ABI_ASSERT_OFF(pci_config, bus_range_begin, 88);
ABI_ASSERT_OFF(pci_config, bus_range_end, 92);
ABI_ASSERT_OFF(pci_config, domain, 96);
ABI_ASSERT_SIZE(gicv2_config, 72);
ABI_ASSERT_SIZE(gicv3_config, 48);
ABI_ASSERT_OFF(arch_zone_config, direct_irq, 1);
ABI_ASSERT_OFF(arch_zone_config, gic_version, 8);
ABI_ASSERT_OFF(arch_zone_config, gicv3, 16);
#if HVISOR_ABI == 5
ABI_ASSERT_SIZE(pci_dev_config, 8);
ABI_ASSERT_OFF(pci_dev_config, dev_type, 4);
ABI_ASSERT_SIZE(arch_zone_config, 88);
ABI_ASSERT_SIZE(zone_config, 3136);
ABI_ASSERT_OFF(zone_config, num_pci_bus, 2448);
ABI_ASSERT_OFF(zone_config, pci_config, 2456);
ABI_ASSERT_OFF(zone_config, num_pci_devs, 2872);
ABI_ASSERT_OFF(zone_config, alloc_pci_devs, 2880);
#else
ABI_ASSERT_SIZE(pci_dev_config, 12);
ABI_ASSERT_OFF(pci_dev_config, v_function, 6);
ABI_ASSERT_OFF(pci_dev_config, dev_type, 8);
ABI_ASSERT_SIZE(uefi_config, 32);
ABI_ASSERT_OFF(arch_zone_config, uefi, 88);
ABI_ASSERT_SIZE(arch_zone_config, 120);
ABI_ASSERT_SIZE(zone_config, 3296);
ABI_ASSERT_OFF(zone_config, num_pci_bus, 2480);
ABI_ASSERT_OFF(zone_config, pci_config, 2488);
ABI_ASSERT_OFF(zone_config, num_pci_devs, 2904);
ABI_ASSERT_OFF(zone_config, alloc_pci_devs, 2912);
#endif
ABI_ASSERT_OFF(zone_config, cpus, 8);
ABI_ASSERT_OFF(zone_config, num_memory_regions, 16);
ABI_ASSERT_OFF(zone_config, memory_regions, 24);
ABI_ASSERT_OFF(zone_config, interrupts_bitmap, 2072);
ABI_ASSERT_OFF(zone_config, num_ivc_configs, 2200);
ABI_ASSERT_OFF(zone_config, ivc_configs, 2208);
ABI_ASSERT_OFF(zone_config, entry_point, 2288);
ABI_ASSERT_OFF(zone_config, kernel_load_paddr, 2296);
ABI_ASSERT_OFF(zone_config, kernel_size, 2304);
ABI_ASSERT_OFF(zone_config, dtb_load_paddr, 2312);
ABI_ASSERT_OFF(zone_config, dtb_size, 2320);
ABI_ASSERT_OFF(zone_config, name, 2328);
ABI_ASSERT_OFF(zone_config, arch_config, 2360);
ABI_ASSERT_SIZE(zone_info, 56);
ABI_ASSERT_OFF(zone_info, name, 16);
ABI_ASSERT_OFF(zone_info, is_err, 48);
ABI_ASSERT_SIZE(ivc_info, 56);
ABI_ASSERT_OFF(ivc_info, ivc_ids, 40);
ABI_ASSERT_OFF(ivc_info, irqs, 48);
_Static_assert(ZONE_STAT_NR == 15, "ABI: ZONE_STATS counters (new ones go at the end)");
ABI_ASSERT_SIZE(zone_stats, 128);
ABI_ASSERT_OFF(zone_stats, nr_counters, 4);
ABI_ASSERT_OFF(zone_stats, count, 8);

#endif
