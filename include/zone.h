/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zones: a static partition of CPUs, memory and interrupts running one guest. The root
 * zone (id 0) comes from board.c; other zones from the root Linux (hypercall 2) or from
 * the board's static zones, all through zone_create(). Lifecycle in docs/zones.md.
 */
#ifndef HVC_ZONE_H
#define HVC_ZONE_H

#include "types.h"
#include "hvisor/zone_config.h"
#include "arch/zone.h"
#include "mmio.h"
#include "percpu.h"

struct ivc_record;

/* Every zone needs a CPU of its own, so there are never more zones than CPUs. */
#define MAX_ZONES HV_MAX_CPUS

enum zone_state {
	ZONE_FREE,     /* the slot is unused */
	ZONE_RUNNING,  /* created; its CPUs run or wait for PSCI CPU_ON */
	ZONE_STOPPED,  /* stopped from inside (PSCI SYSTEM_RESET): resources kept */
	ZONE_STOPPING, /* being shut down */
};

/* A root-zone page taken away (unmapped) because another zone's device is in it. */
struct zone_carve {
	ipaddr_t page; /* in the root zone's address space */
	paddr_t pa;
	u16 refs;     /* zones whose regions touch the page */
	bool trapped; /* part of the page stays the root's: forwarded by a trap handler */
};

#define ZONE_MAX_CARVES 32

struct zone {
	volatile enum zone_state state;
	unsigned int slot; /* index in the zone table; the VMID is slot + 1 */
	u32 id;
	u64 cpus;
	char name[CONFIG_NAME_MAXLEN];
	struct zone_config cfg;
	ipaddr_t dtb_ipa;
	/* [ram_ipa, ram_ipa_end): the IPAs its RAM regions span (zone_ram_maybe). */
	ipaddr_t ram_ipa, ram_ipa_end;
	u32 moved_irqs[CONFIG_INTERRUPTS_BITMAP_WORDS]; /* taken from the root while it runs */
	struct mmio_region mmio[ZONE_MAX_MMIO];
	unsigned int nr_mmio;
	struct zone_carve carves[ZONE_MAX_CARVES]; /* root zone only */
	struct ivc_record *ivc[CONFIG_MAX_IVC_CONFIGS];
	u64 carved; /* regions (bit n = region n) whose pages were taken from the root */
	struct arch_zone arch;
};

/*
 * Check zc and create the zone: stage-2 table, interrupts, CPUs bound; its CPUs do not run
 * yet (zone_start). names (may be NULL) label the memory regions in messages. Every refusal
 * is logged with the field and what to change. -EINVAL bad config or zone id in use,
 * -EBUSY a CPU, IRQ or memory range belongs to a running zone, -ENOMEM out of frames or
 * zone slots.
 */
int zone_create(const struct zone_config *zc, const char *const *names, struct zone **out);
/* Wake the zone's first CPU at its entry with x0 = the DTB's IPA; the others wait for
 * PSCI CPU_ON. */
void zone_start(struct zone *z);
/*
 * End zone id: every CPU stopped wherever it is, interrupts reset and given back, devices
 * given back to the root, tables and slot freed. -EINVAL for the root zone or no such zone,
 * -EBUSY when a CPU did not stop (the zone is left as it is).
 */
int zone_shutdown(u32 id);
/* The running zone ends itself (PSCI SYSTEM_OFF from one of its CPUs); never returns. */
void zone_shutdown_self(struct zone *z) __attribute__((noreturn));
/* The running zone stops itself (PSCI SYSTEM_RESET): CPUs park, resources stay. */
void zone_stop_self(struct zone *z) __attribute__((noreturn));

struct zone *zone_by_id(u32 id);
struct zone *zone_root(void);
/* Fill up to cnt entries (ZONE_LIST); returns how many were written. */
unsigned int zone_list(struct zone_info *out, unsigned int cnt);
/* Log the frame pool and zone slots in use (tests compare these across zone cycles). */
void zone_log_pool(const char *when);
/* The zone's exit counters summed over its CPUs (ZONE_STATS); lock-free, a snapshot. */
void zone_stats_sum(const struct zone *z, struct zone_stats *out);
/* The names of enum zone_stat, for logs and tools. */
extern const char *const zone_stat_names[ZONE_STAT_NR];
/* CPU c joins a zone: its exit counters start from zero. */
void zone_stats_reset(struct percpu *c);
/* How many zones exist (the root included). */
unsigned int zone_count(void);
/* The running non-root zone whose IO or VIRTIO region covers PA pa, or NULL. */
const struct zone *zone_device_owner(paddr_t pa);

/*
 * Translate an IPA range of the zone's RAM to a PA the hypervisor can access
 * (core/zone_mem.c: depends on nothing but the zone's regions and hv_mem.h).
 */
int zone_ram_ipa_to_pa(const struct zone *z, ipaddr_t ipa, u64 size, paddr_t *pa);
/*
 * False when [ipa, ipa + size) cannot be in z's RAM (outside the span of its RAM
 * regions): a refusal without the walk of zone_ram_ipa_to_pa, for checks a guest can
 * make fail in a loop (hypercall buffers).
 */
static inline bool zone_ram_maybe(const struct zone *z, ipaddr_t ipa, u64 size)
{
	return ipa + size >= ipa && ipa >= z->ram_ipa && ipa + size <= z->ram_ipa_end;
}

/* Architecture hooks (arch/<arch>/vcpu.c). */
int arch_zone_init(struct zone *z);
void arch_zone_destroy(struct zone *z);
void arch_vcpu_run(struct zone *z, ipaddr_t entry, u64 x0) __attribute__((noreturn));
/* This CPU leaves its vCPU: interrupts let go, stage 2 off. Then the caller parks it. */
void arch_vcpu_stop(void);
/* Change the zone's stage 2 while its CPUs may run (TLBs invalidated). */
int arch_zone_unmap(struct zone *z, ipaddr_t ipa, u64 size);
int arch_zone_map_io(struct zone *z, ipaddr_t ipa, paddr_t pa, u64 size);
/* Map memory the hypervisor hands the zone (IVC): Normal, read-only unless writable. */
int arch_zone_map_ram(struct zone *z, ipaddr_t ipa, paddr_t pa, u64 size, bool writable);
/* Give the zone's interrupts back: disabled, not pending or active, routed to to. */
void arch_zone_release_irqs(struct zone *z, const u32 *bitmap, struct zone *to);

#endif
