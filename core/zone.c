// SPDX-License-Identifier: GPL-2.0
/* Zone creation and lookup; one path for the root zone and every other zone. */
#include "board.h"
#include "config_check.h"
#include "hv_mem.h"
#include "hv_errno.h"
#include "log.h"
#include "percpu.h"
#include "printf.h"
#include "string.h"
#include "util.h"
#include "zone.h"

static struct zone zones[MAX_ZONES];

struct zone *zone_by_id(u32 id)
{
	for (unsigned int i = 0; i < MAX_ZONES; i++)
		if (zones[i].used && zones[i].id == id)
			return &zones[i];
	return NULL;
}

void config_check_log(void *arg, bool error, const char *msg)
{
	(void)arg;
	if (error)
		pr_err("%s", msg);
	else
		pr_warn("%s", msg);
}

int zone_create(const struct zone_config *zc, const char *const *names, struct zone **out)
{
	char where[48];
	struct check_ctx ctx = {
		.where = where,
		.hv_start = hv_mem_start(),
		.hv_end = hv_mem_end(),
		.max_cpus = board.nr_cpus,
		.report = config_check_log,
	};
	struct zone *z = NULL;
	int err;

	hv_snprintf(where, sizeof(where), "zone %u", zc->zone_id);
	if (config_check_zone(&ctx, &board, zc, names))
		return -EINVAL;
	if (zone_by_id(zc->zone_id)) {
		pr_err("zone %u: a zone with this id exists already", zc->zone_id);
		return -EEXIST;
	}
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		if ((zc->cpus & BIT(c)) && percpu_of(c)->zone) {
			pr_err("zone %u: CPU %u belongs to zone %u already", zc->zone_id, c,
			       percpu_of(c)->zone->id);
			return -EBUSY;
		}
	}
	for (unsigned int i = 0; i < MAX_ZONES; i++) {
		if (!zones[i].used) {
			z = &zones[i];
			break;
		}
	}
	if (!z) {
		pr_err("zone %u: all %u zone slots are in use", zc->zone_id, MAX_ZONES);
		return -ENOMEM;
	}

	memset(z, 0, sizeof(*z));
	memcpy(&z->cfg, zc, sizeof(*zc));
	z->id = zc->zone_id;
	z->cpus = zc->cpus;
	memcpy(z->name, zc->name, sizeof(z->name));
	z->name[sizeof(z->name) - 1] = '\0';
	z->dtb_ipa = zc->dtb_load_paddr; /* converted below when a region maps it elsewhere */
	for (unsigned int i = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];

		if (r->mem_type == MEM_TYPE_RAM &&
		    range_within(zc->dtb_load_paddr, 1, r->physical_start, r->size)) {
			z->dtb_ipa = zc->dtb_load_paddr - r->physical_start + r->virtual_start;
			break;
		}
	}

	err = arch_zone_init(z);
	if (err) {
		pr_err("zone %u: building its stage-2 table failed (%d)", z->id, err);
		arch_zone_destroy(z);
		return err;
	}
	z->used = true;
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		if (z->cpus & BIT(c)) {
			percpu_of(c)->zone = z;
			percpu_of(c)->boot_cpu = c == (cpuid_t)__builtin_ctzll(z->cpus);
		}
	}
	pr_info("zone %u '%s' created: CPUs %#llx, %u memory regions, entry %#llx, DTB IPA %#llx",
		z->id, z->name, (unsigned long long)z->cpus, zc->num_memory_regions,
		(unsigned long long)zc->entry_point, (unsigned long long)z->dtb_ipa);
	if (out)
		*out = z;
	return 0;
}
