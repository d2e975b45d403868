// SPDX-License-Identifier: GPL-2.0
/*
 * Zone lifecycle: creation (one path for the root zone, static zones and zones the root
 * Linux starts), start, stop and shutdown. Everything a zone takes (CPUs, memory, devices,
 * interrupts, page-table frames, its slot and VMID) is checked against what the running
 * zones hold before anything changes, and given back at shutdown.
 */
#include "arch/time.h"
#include "arch_hooks.h"
#include "board.h"
#include "config_check.h"
#include "dt_names.h"
#include "frame.h"
#include "hv_errno.h"
#include "hv_mem.h"
#include "ivc.h"
#include "virtio.h"
#include "log.h"
#include "percpu.h"
#include "printf.h"
#include "ratelimit.h"
#include "spinlock.h"
#include "string.h"
#include "util.h"
#include "zone.h"
#include "zone_io.h"

/*
 * A refused request is the caller's mistake, which it can repeat at will (a fuzzing root
 * zone does): a rate-limited warning that says what to change, never an error of the
 * hypervisor's own.
 */
#define zone_refuse(...) pr_warn_ratelimited("zone refusal", __VA_ARGS__)

/* How long a shutdown waits for each CPU of the zone to leave it. */
#define ZONE_STOP_TIMEOUT_US 1000000

static struct zone zones[MAX_ZONES];
/* Creation, shutdown and the zone list: one at a time. */
static spinlock_t zones_lock = SPINLOCK_INIT;

void config_check_log(void *arg, bool error, const char *msg)
{
	(void)arg;
	if (error)
		pr_err("%s", msg);
	else
		pr_warn("%s", msg);
}

/* One refused config may have many faults, each a line: a larger burst for these. */
static void zone_check_report(void *arg, bool error, const char *msg)
{
	(void)arg;
	(void)error;
	pr_warn_ratelimited_burst(64, "zone config check", "%s", msg);
}

struct zone *zone_by_id(u32 id)
{
	for (unsigned int i = 0; i < MAX_ZONES; i++)
		if (zones[i].state != ZONE_FREE && zones[i].id == id)
			return &zones[i];
	return NULL;
}

struct zone *zone_root(void)
{
	return zone_by_id(0);
}

unsigned int zone_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < MAX_ZONES; i++)
		n += zones[i].state != ZONE_FREE;
	return n;
}

static bool owns_irq(const struct zone *z, u32 intid)
{
	return (z->cfg.interrupts_bitmap[intid / 32] >> (intid % 32)) & 1;
}

const struct zone *zone_device_owner(paddr_t pa)
{
	for (unsigned int i = 0; i < MAX_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (z->state == ZONE_FREE || z->id == 0)
			continue;
		for (unsigned int k = 0; k < z->cfg.num_memory_regions; k++) {
			const struct memory_region *r = &z->cfg.memory_regions[k];

			if (r->mem_type != MEM_TYPE_RAM &&
			    range_within(pa, 1, r->physical_start, r->size))
				return z;
		}
	}
	return NULL;
}

/* The running non-root zone (other than self) whose region of this kind overlaps r. */
static const struct zone *region_owner(const struct zone *self, const struct memory_region *r)
{
	for (unsigned int i = 0; i < MAX_ZONES; i++) {
		const struct zone *z = &zones[i];

		if (z->state == ZONE_FREE || z->id == 0 || z == self)
			continue;
		for (unsigned int k = 0; k < z->cfg.num_memory_regions; k++) {
			const struct memory_region *q = &z->cfg.memory_regions[k];

			/* Virtio devices are per zone (trapped in its own address space). */
			if (q->mem_type == MEM_TYPE_VIRTIO || r->mem_type == MEM_TYPE_VIRTIO)
				continue;
			if (range_overlaps(r->physical_start, r->size, q->physical_start, q->size))
				return z;
		}
	}
	return NULL;
}

/*
 * What a new zone asks for against what the running zones hold. Returns 0, -EINVAL (the
 * id is taken, as hvisor answers) or -EBUSY, having logged each conflict.
 */
static int check_against_running(const struct zone_config *zc, const char *const *names,
				 const char *where)
{
	const struct zone *root = zone_root();
	const struct zone *other = zone_by_id(zc->zone_id);
	int err = 0;

	if (other) {
		zone_refuse("%s: zone_id %u is in use by zone '%s': pick another id", where,
			    zc->zone_id, other->name);
		return -EINVAL;
	}
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		const struct zone *o = (zc->cpus >> c) & 1 ? percpu_of(c)->zone : NULL;

		if (!o)
			continue;
		if (o->id == 0)
			zone_refuse("%s: cpus: CPU %u belongs to the root zone '%s': choose CPUs "
				    "outside "
				    "root_zone.cpus in %s",
				    where, c, o->name, board.file);
		else
			zone_refuse(
				"%s: cpus: CPU %u belongs to zone %u '%s', which is running: shut "
				"it "
				"down first or choose other CPUs",
				where, c, o->id, o->name);
		err = -EBUSY;
	}
	for (unsigned int i = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];
		const struct zone *o = region_owner(NULL, r);

		if (!o)
			continue;
		zone_refuse(
			"%s: memory region %u%s%s [%#llx, %#llx) overlaps memory of zone %u '%s', "
			"which is running: give each zone its own",
			where, i, names && names[i] ? " " : "", names && names[i] ? names[i] : "",
			(unsigned long long)r->physical_start,
			(unsigned long long)(r->physical_start + r->size), o->id, o->name);
		err = -EBUSY;
	}
	for (u32 intid = 32; intid < CONFIG_MAX_INTERRUPTS; intid++) {
		const char *node;

		if (!((zc->interrupts_bitmap[intid / 32] >> (intid % 32)) & 1))
			continue;
		node = dt_names_irq(intid);
		for (unsigned int k = 0; k < MAX_ZONES; k++) {
			const struct zone *o = &zones[k];

			if (o->state == ZONE_FREE || o->id == 0 || !owns_irq(o, intid))
				continue;
			zone_refuse(
				"%s: interrupts: IRQ %u%s%s%s belongs to zone %u '%s', which is "
				"running",
				where, intid, node ? " (" : "", node ? node : "", node ? ")" : "",
				o->id, o->name);
			err = -EBUSY;
		}
		if (root && owns_irq(root, intid) && arch_irqchip_enabled(intid)) {
			zone_refuse(
				"%s: interrupts: IRQ %u%s%s%s is enabled by the root zone's Linux: "
				"remove its device from the root's DT or unbind its driver first",
				where, intid, node ? " (" : "", node ? node : "", node ? ")" : "");
			err = -EBUSY;
		}
	}
	return err;
}

/* Interrupts the root zone owns and the new zone asks for move to it while it runs. */
static void take_root_irqs(struct zone *z)
{
	struct zone *root = zone_root();

	if (!root || z == root)
		return;
	for (unsigned int w = 1; w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++) {
		u32 moved = root->cfg.interrupts_bitmap[w] & z->cfg.interrupts_bitmap[w];

		if (!moved)
			continue;
		z->moved_irqs[w] = moved;
		__atomic_and_fetch(&root->cfg.interrupts_bitmap[w], ~moved, __ATOMIC_RELEASE);
		for (u32 b = moved; b; b &= b - 1)
			pr_info("zone %u: IRQ %u moves from the root zone to zone %u while it runs",
				z->id, w * 32 + (u32)__builtin_ctz(b), z->id);
	}
}

static void give_back_irqs(struct zone *z)
{
	struct zone *root = zone_root();

	arch_zone_release_irqs(z, z->cfg.interrupts_bitmap, root);
	if (!root)
		return;
	for (unsigned int w = 1; w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++) {
		u32 moved = z->moved_irqs[w];

		if (!moved)
			continue;
		__atomic_or_fetch(&root->cfg.interrupts_bitmap[w], moved, __ATOMIC_RELEASE);
		for (u32 b = moved; b; b &= b - 1)
			pr_info("zone %u: IRQ %u goes back to the root zone", z->id,
				w * 32 + (u32)__builtin_ctz(b));
	}
}

void zone_log_pool(const char *when)
{
	pr_info("%s: frame pool %zu of %zu frames in use, zone slots %u of %u free", when,
		hv_frames.used, hv_frames.nr_frames, MAX_ZONES - zone_count(), MAX_ZONES);
}

int zone_create(const struct zone_config *zc, const char *const *names, struct zone **out)
{
	char where[48];
	struct check_ctx ctx = {
		.where = where,
		.hv_start = hv_mem_start(),
		.hv_end = hv_mem_end(),
		.max_cpus = board.nr_cpus,
		.irq_lines = arch_irqchip_lines(),
		.report = zone_check_report,
	};
	struct zone *z = NULL;
	int err;

	hv_snprintf(where, sizeof(where), "zone %u", zc->zone_id);
	if (config_check_zone(&ctx, &board, zc, names))
		return -EINVAL;

	spin_lock(&zones_lock);
	err = check_against_running(zc, names, where);
	for (unsigned int i = 0; !err && i < MAX_ZONES; i++) {
		if (zones[i].state == ZONE_FREE) {
			z = &zones[i];
			break;
		}
	}
	if (!err && !z) {
		zone_refuse("%s: all %u zone slots are in use: shut a zone down first", where,
			    MAX_ZONES);
		err = -ENOMEM;
	}
	if (err) {
		spin_unlock(&zones_lock);
		return err;
	}

	memset(z, 0, sizeof(*z));
	z->slot = (unsigned int)(z - zones);
	memcpy(&z->cfg, zc, sizeof(*zc));
	z->id = zc->zone_id;
	z->cpus = zc->cpus;
	memcpy(z->name, zc->name, sizeof(z->name));
	z->name[sizeof(z->name) - 1] = '\0';
	z->dtb_ipa = zc->dtb_load_paddr; /* converted below when a region maps it elsewhere */
	z->ram_ipa = ~0ULL;
	for (unsigned int i = 0, dtb = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];

		if (r->mem_type != MEM_TYPE_RAM)
			continue;
		z->ram_ipa = MIN(z->ram_ipa, r->virtual_start);
		z->ram_ipa_end = MAX(z->ram_ipa_end, r->virtual_start + r->size);
		if (!dtb && range_within(zc->dtb_load_paddr, 1, r->physical_start, r->size)) {
			z->dtb_ipa = zc->dtb_load_paddr - r->physical_start + r->virtual_start;
			dtb = 1;
		}
	}

	err = arch_zone_init(z);
	if (!err)
		err = zone_io_attach(z, zone_root());
	if (!err)
		err = ivc_zone_attach(z);
	if (!err)
		err = virtio_zone_attach(z);
	if (err) {
		zone_refuse("%s: building its stage-2 table and devices failed (%d): %s", where,
			    err,
			    err == -ENOMEM ? "the frame pool or a table is full" : "see above");
		ivc_zone_detach(z);
		zone_io_detach(z, zone_root());
		arch_zone_destroy(z);
		spin_unlock(&zones_lock);
		return err;
	}
	take_root_irqs(z);
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		if (z->cpus & BIT(c)) {
			zone_stats_reset(percpu_of(c));
			percpu_of(c)->zone = z;
			percpu_of(c)->boot_cpu = c == (cpuid_t)__builtin_ctzll(z->cpus);
		}
	}
	__atomic_store_n(&z->state, ZONE_RUNNING, __ATOMIC_RELEASE);
	spin_unlock(&zones_lock);

	pr_info("zone %u '%s' created: CPUs %#llx, %u memory regions, entry %#llx, DTB IPA %#llx",
		z->id, z->name, (unsigned long long)z->cpus, zc->num_memory_regions,
		(unsigned long long)zc->entry_point, (unsigned long long)z->dtb_ipa);
	if (out)
		*out = z;
	return 0;
}

void zone_start(struct zone *z)
{
	struct percpu *c = percpu_of((cpuid_t)__builtin_ctzll(z->cpus));

	spin_lock(&c->power_lock);
	c->on_entry = z->cfg.entry_point;
	c->on_context = z->dtb_ipa;
	c->power = VCPU_ON_PENDING;
	spin_unlock(&c->power_lock);
	arch_cpu_kick(c->id); /* it sleeps in cpu_park() */
}

/*
 * Ask every CPU of z but `self` to leave the zone, wherever it is (guest code, WFI, a trap
 * in progress: the kick is taken as soon as it is back in the guest or parked), and wait
 * for each. False when one did not answer in time.
 */
static bool stop_cpus(struct zone *z, cpuid_t self)
{
	u64 deadline;
	bool ok = true;

	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		if (!((z->cpus >> c) & 1) || c == self)
			continue;
		__atomic_store_n(&percpu_of(c)->stop_req, true, __ATOMIC_RELEASE);
		arch_cpu_kick(c);
	}
	deadline = arch_time_us() + ZONE_STOP_TIMEOUT_US;
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		if (!((z->cpus >> c) & 1) || c == self)
			continue;
		while (__atomic_load_n(&percpu_of(c)->stop_req, __ATOMIC_ACQUIRE) &&
		       arch_time_us() < deadline)
			;
		if (__atomic_load_n(&percpu_of(c)->stop_req, __ATOMIC_ACQUIRE)) {
			pr_err("zone %u: CPU %u did not stop within %u ms%s", z->id, c,
			       ZONE_STOP_TIMEOUT_US / 1000,
			       z->cfg.arch_config.direct_irq
				       ? ": in direct interrupt mode its guest can hold the "
					 "hypervisor's kick off with its running priority "
					 "(ICC_AP1Rn_EL1, docs/security.md)"
				       : "");
			ok = false;
		}
	}
	return ok;
}

/*
 * LOG=debug: the zone's exit counts at its end, as `hvisor zone stats` would have shown
 * them: "name count" pairs on two lines (calls and MMIO, then the rest), each short
 * enough for a log line whatever the counts.
 */
static void log_exit_stats(const struct zone *z)
{
	struct zone_stats st;
	char line[240];
	size_t n = 0;

	if (LOG_LEVEL < LOG_DEBUG)
		return;
	zone_stats_sum(z, &st);
	for (unsigned int k = 0; k < ZONE_STAT_NR; k++) {
		n += (size_t)hv_snprintf(line + n, sizeof(line) - n, "%s%s %llu", n ? ", " : "",
					 zone_stat_names[k], (unsigned long long)st.count[k]);
		if (k == ZONE_STAT_MMIO_UNHANDLED || k == ZONE_STAT_NR - 1) {
			pr_debug("zone %u '%s' exits: %s", z->id, z->name, line);
			n = 0;
		}
	}
}

/* Everything the zone took goes back; its CPUs have stopped. Under zones_lock. */
static void teardown(struct zone *z)
{
	log_exit_stats(z);
	give_back_irqs(z);
	virtio_zone_detach(z);
	ivc_zone_detach(z);
	zone_io_detach(z, zone_root());
	arch_zone_destroy(z);
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		struct percpu *pc = percpu_of(c);

		if (!((z->cpus >> c) & 1))
			continue;
		pc->zone = NULL;
		pc->boot_cpu = false;
	}
	pr_info("zone %u '%s' shut down", z->id, z->name);
	__atomic_store_n(&z->state, ZONE_FREE, __ATOMIC_RELEASE);
	zone_log_pool("after the shutdown");
}

/* Take the zone from `from` to STOPPING; false when something else got there first. */
static bool claim(struct zone *z, enum zone_state from)
{
	enum zone_state expected = from;

	return __atomic_compare_exchange_n(&z->state, &expected, ZONE_STOPPING, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

int zone_shutdown(u32 id)
{
	u64 deadline = arch_time_us() + ZONE_STOP_TIMEOUT_US;
	struct zone *z;
	int err = 0;

	spin_lock(&zones_lock);
	/*
	 * A zone stopping itself (PSCI SYSTEM_OFF/RESET on one of its CPUs) is briefly
	 * STOPPING and then gone or STOPPED: wait for that, without the lock its own
	 * teardown takes.
	 */
	while ((z = zone_by_id(id)) && z->state == ZONE_STOPPING && arch_time_us() < deadline) {
		spin_unlock(&zones_lock);
		while (z->state == ZONE_STOPPING && arch_time_us() < deadline)
			;
		spin_lock(&zones_lock);
	}
	if (!z || id == 0) {
		zone_refuse("zone shutdown: %s", id == 0 ? "the root zone cannot be shut down"
							 : "there is no zone with this id");
		spin_unlock(&zones_lock);
		return -EINVAL;
	}
	if (!claim(z, ZONE_RUNNING) && !claim(z, ZONE_STOPPED)) {
		zone_refuse("zone %u: shutdown asked while it is being shut down", id);
		spin_unlock(&zones_lock);
		return -EBUSY;
	}
	if (stop_cpus(z, INVALID_CPUID)) {
		teardown(z);
	} else {
		pr_err("zone %u: left stopped with its resources; try the shutdown again", id);
		__atomic_store_n(&z->state, ZONE_STOPPED, __ATOMIC_RELEASE);
		err = -EBUSY;
	}
	spin_unlock(&zones_lock);
	return err;
}

void zone_shutdown_self(struct zone *z)
{
	struct percpu *c = this_cpu();

	if (claim(z, ZONE_RUNNING)) {
		pr_info("zone %u '%s' ended itself (PSCI SYSTEM_OFF on CPU %u)", z->id, z->name,
			c->id);
		stop_cpus(z, c->id);
		arch_vcpu_stop();
		spin_lock(&zones_lock);
		teardown(z);
		spin_unlock(&zones_lock);
	} else {
		/* The root zone shuts it down right now: it stops this CPU. */
		arch_vcpu_stop();
	}
	cpu_park();
}

void zone_stop_self(struct zone *z)
{
	struct percpu *c = this_cpu();

	if (claim(z, ZONE_RUNNING)) {
		pr_info("zone %u '%s' stopped itself (PSCI SYSTEM_RESET on CPU %u): it keeps its "
			"CPUs and memory until `hvisor zone shutdown -id %u`",
			z->id, z->name, c->id, z->id);
		stop_cpus(z, c->id);
		arch_vcpu_stop();
		__atomic_store_n(&z->state, ZONE_STOPPED, __ATOMIC_RELEASE);
	} else {
		arch_vcpu_stop();
	}
	cpu_park();
}

unsigned int zone_list(struct zone_info *out, unsigned int cnt)
{
	unsigned int n = 0;

	/*
	 * No lock: a zone CPU may list while the root waits, holding the lock, for that CPU to
	 * stop. A zone's fields are set before its state says it exists (release/acquire).
	 */
	for (unsigned int i = 0; i < MAX_ZONES && n < cnt; i++) {
		const struct zone *z = &zones[i];
		struct zone_info info = { 0 };

		if (__atomic_load_n(&z->state, __ATOMIC_ACQUIRE) == ZONE_FREE)
			continue;
		info.zone_id = z->id;
		info.cpus = z->cpus;
		memcpy(info.name, z->name, sizeof(info.name));
		info.is_err = z->state == ZONE_STOPPED ? ZONE_INFO_STOPPED : ZONE_INFO_RUNNING;
		memcpy(&out[n++], &info, sizeof(info));
	}
	return n;
}
