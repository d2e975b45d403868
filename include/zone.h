/* SPDX-License-Identifier: GPL-2.0 */
/* Zones: a static partition of CPUs, memory and interrupts running one guest. */
#ifndef HVC_ZONE_H
#define HVC_ZONE_H

#include "types.h"
#include "hvisor/zone_config.h"
#include "arch/zone.h"
#include "mmio.h"

#define MAX_ZONES 4

struct zone {
	bool used;
	u32 id;
	u64 cpus;
	char name[CONFIG_NAME_MAXLEN];
	struct zone_config cfg;
	ipaddr_t dtb_ipa;
	bool is_err;
	struct mmio_region mmio[ZONE_MAX_MMIO];
	unsigned int nr_mmio;
	struct arch_zone arch;
};

/*
 * Check zc and create the zone: stage-2 table, CPUs bound. names (may be NULL) label the
 * memory regions in messages. -EINVAL bad config, -EEXIST id taken, -EBUSY a CPU is in
 * use, -ENOMEM out of frames or zone slots.
 */
int zone_create(const struct zone_config *zc, const char *const *names, struct zone **out);
struct zone *zone_by_id(u32 id);

/*
 * Translate an IPA range of the zone's RAM to a PA the hypervisor can access
 * (core/zone_mem.c: depends on nothing but the zone's regions and hv_mem.h).
 */
int zone_ram_ipa_to_pa(const struct zone *z, ipaddr_t ipa, u64 size, paddr_t *pa);

/* Architecture hooks. */
int arch_zone_init(struct zone *z);
void arch_zone_destroy(struct zone *z);
void arch_vcpu_run(struct zone *z, ipaddr_t entry, u64 x0) __attribute__((noreturn));

#endif
