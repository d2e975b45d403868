// SPDX-License-Identifier: GPL-2.0
/*
 * The binary interface shared with hvisor-tool (include/hvisor/zone_config.h and
 * hypercall.h): sizes, offsets and numbers the root Linux tool and driver use. The header's
 * _Static_asserts pin them at build time; these tests keep them pinned if an assert is lost.
 */
#include "unit.h"
#include "hvisor/hypercall.h"
#include "hvisor/zone_config.h"

#define SIZE(t, n)   assert_int_equal(sizeof(struct t), (n))
#define OFF(t, f, n) assert_int_equal(offsetof(struct t, f), (n))

static void test_struct_sizes(void **state)
{
	(void)state;
	SIZE(zone_config, 3136);
	SIZE(memory_region, 32);
	SIZE(arch_zone_config, 88);
	SIZE(zone_info, 56);
	SIZE(ivc_config, 40);
	SIZE(pci_config, 104);
	SIZE(pci_dev_config, 8);
	SIZE(gicv2_config, 72);
	SIZE(gicv3_config, 48);
}

static void test_zone_config_offsets(void **state)
{
	(void)state;
	OFF(zone_config, zone_id, 0);
	OFF(zone_config, cpus, 8);
	OFF(zone_config, num_memory_regions, 16);
	OFF(zone_config, memory_regions, 24);
	OFF(zone_config, interrupts_bitmap, 2072);
	OFF(zone_config, num_ivc_configs, 2200);
	OFF(zone_config, ivc_configs, 2208);
	OFF(zone_config, entry_point, 2288);
	OFF(zone_config, kernel_load_paddr, 2296);
	OFF(zone_config, kernel_size, 2304);
	OFF(zone_config, dtb_load_paddr, 2312);
	OFF(zone_config, dtb_size, 2320);
	OFF(zone_config, name, 2328);
	OFF(zone_config, arch_config, 2360);
	OFF(zone_config, num_pci_bus, 2448);
	OFF(zone_config, pci_config, 2456);
	OFF(zone_config, num_pci_devs, 2872);
	OFF(zone_config, alloc_pci_devs, 2880);
	/* The arrays have the sizes the offsets above imply. */
	assert_int_equal(sizeof(((struct zone_config *)0)->memory_regions), 64 * 32);
	assert_int_equal(sizeof(((struct zone_config *)0)->interrupts_bitmap), 1024 / 8);
	assert_int_equal(sizeof(((struct zone_config *)0)->name), 32);
}

static void test_member_offsets(void **state)
{
	(void)state;
	OFF(memory_region, mem_type, 0);
	OFF(memory_region, physical_start, 8);
	OFF(memory_region, virtual_start, 16);
	OFF(memory_region, size, 24);
	OFF(arch_zone_config, is_aarch32, 0);
	OFF(arch_zone_config, gic_version, 8);
	OFF(arch_zone_config, gicv3, 16);
	OFF(arch_zone_config, gicv2, 16);
	OFF(gicv3_config, gicr_base, 16);
	OFF(gicv3_config, gits_base, 32);
	OFF(zone_info, zone_id, 0);
	OFF(zone_info, cpus, 8);
	OFF(zone_info, name, 16);
	OFF(zone_info, is_err, 48);
	OFF(ivc_config, control_table_ipa, 8);
	OFF(ivc_config, max_peers, 36);
	OFF(pci_config, bus_range_begin, 88);
	OFF(pci_config, domain, 96);
}

static void test_constants(void **state)
{
	(void)state;
	assert_int_equal(CONFIG_MAGIC_VERSION, 5);
	assert_int_equal(MEM_TYPE_RAM, 0);
	assert_int_equal(MEM_TYPE_IO, 1);
	assert_int_equal(MEM_TYPE_VIRTIO, 2);
	assert_int_equal(GIC_CONFIG_V2, 0);
	assert_int_equal(GIC_CONFIG_V3, 1);
	assert_int_equal(CONFIG_MAX_MEMORY_REGIONS, 64);
	assert_int_equal(CONFIG_MAX_INTERRUPTS, 1024);
	assert_int_equal(CONFIG_NAME_MAXLEN, 32);
	assert_int_equal(CONFIG_MAX_IVC_CONFIGS, 2);
	assert_int_equal(CONFIG_PCI_BUS_MAXNUM, 4);
	assert_int_equal(CONFIG_MAX_PCI_DEV, 32);
}

static void test_hypercall_numbers(void **state)
{
	(void)state;
	assert_int_equal(HVISOR_HC_INIT_VIRTIO, 0);
	assert_int_equal(HVISOR_HC_FINISH_REQ, 1);
	assert_int_equal(HVISOR_HC_START_ZONE, 2);
	assert_int_equal(HVISOR_HC_SHUTDOWN_ZONE, 3);
	assert_int_equal(HVISOR_HC_ZONE_LIST, 4);
	assert_int_equal(HVISOR_HC_IVC_INFO, 5);
	assert_int_equal(HVISOR_HC_CONFIG_CHECK, 6);
	assert_int_equal(HVISOR_HC_CLEAR_INJECT_IRQ, 20);
	assert_int_equal(HVISOR_HC_VIRTIO_GET_IRQ, 86);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_struct_sizes),	   UNIT_CASE(test_zone_config_offsets),
		UNIT_CASE(test_member_offsets),	   UNIT_CASE(test_constants),
		UNIT_CASE(test_hypercall_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
