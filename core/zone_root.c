// SPDX-License-Identifier: GPL-2.0
/* Zones declared in board.c as zone_configs (hvisor's platform_root_zone_config). */
#include "config_check.h"
#include "string.h"
#include "util.h"

/* Copy a name, cut to fit, always NUL terminated. */
static void name_copy(char *dst, const char *src, size_t size)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void board_zone_config(const struct board *b, const struct board_zone *z, struct zone_config *zc)
{
	unsigned int n = MIN(z->nr_regions, (unsigned int)CONFIG_MAX_MEMORY_REGIONS);

	memset(zc, 0, sizeof(*zc));
	zc->zone_id = z->id;
	zc->cpus = z->cpus;
	zc->num_memory_regions = n;
	for (unsigned int i = 0; i < n; i++) {
		zc->memory_regions[i].mem_type = z->regions[i].type;
		zc->memory_regions[i].physical_start = z->regions[i].phys;
		zc->memory_regions[i].virtual_start = z->regions[i].ipa;
		zc->memory_regions[i].size = z->regions[i].size;
	}
	for (unsigned int i = 0; i < z->nr_irqs; i++) {
		u32 irq = z->irqs[i];

		if (irq < CONFIG_MAX_INTERRUPTS)
			zc->interrupts_bitmap[irq / 32] |= 1u << (irq % 32);
	}
	zc->num_ivc_configs = MIN(z->nr_ivc, (unsigned int)CONFIG_MAX_IVC_CONFIGS);
	for (unsigned int i = 0; i < zc->num_ivc_configs; i++)
		zc->ivc_configs[i] = z->ivc[i];
	zc->entry_point = z->entry;
	zc->kernel_load_paddr = z->kernel_addr;
	zc->kernel_size = ~0ULL;
	zc->dtb_load_paddr = z->dtb_addr;
	zc->dtb_size = ~0ULL;
	name_copy(zc->name, z->name, sizeof(zc->name));
	zc->arch_config.direct_irq = z->direct_irq;
#if HVISOR_ABI >= 6
	zc->arch_config.uefi.uefi_tag = UEFI_CONFIG_NONE;
#endif
#if GIC_VERSION == 2
	zc->arch_config.gic_version = GIC_CONFIG_V2;
	zc->arch_config.gicv2.gicd_base = b->gic.gicd_base;
	zc->arch_config.gicv2.gicd_size = b->gic.gicd_size;
	zc->arch_config.gicv2.gicc_base = b->gic.gicc_base;
	zc->arch_config.gicv2.gicc_size = b->gic.gicc_size;
	zc->arch_config.gicv2.gicc_offset = b->gic.gicc_offset;
	zc->arch_config.gicv2.gich_base = b->gic.gich_base;
	zc->arch_config.gicv2.gich_size = b->gic.gich_size;
	zc->arch_config.gicv2.gicv_base = b->gic.gicv_base;
	zc->arch_config.gicv2.gicv_size = b->gic.gicv_size;
#else
	zc->arch_config.gic_version = GIC_CONFIG_V3;
	zc->arch_config.gicv3.gicd_base = b->gic.gicd_base;
	zc->arch_config.gicv3.gicd_size = b->gic.gicd_size;
	zc->arch_config.gicv3.gicr_base = b->gic.gicr_base;
	zc->arch_config.gicv3.gicr_size = b->gic.gicr_size;
	zc->arch_config.gicv3.gits_base = b->gic.gits_base;
	zc->arch_config.gicv3.gits_size = b->gic.gits_size;
#endif
}

void board_root_zone_config(const struct board *b, struct zone_config *zc)
{
	board_zone_config(b, &b->root_zone, zc);
	zc->zone_id = 0;
#ifdef HV_ROOT_DIRECT_IRQ
	/* make ROOT_DIRECT_IRQ=1: the root zone in direct mode without editing board.c. */
	zc->arch_config.direct_irq = 1;
#endif
}
