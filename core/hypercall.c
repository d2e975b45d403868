// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls from zones (hvisor's ABI, docs/abi.md). Every argument is checked: an address
 * must lie in the calling zone's RAM before the hypervisor touches it, and what it points
 * at is copied in before it is checked, so the caller cannot change it half way. Codes not
 * implemented, and unknown codes, return -ENOSYS (hvisor returns 0 for unknown codes; a
 * clear error is better).
 */
#include "hv_errno.h"
#include "hvisor/hypercall.h"
#include "hvisor/zone_config.h"
#include "hypercall.h"
#include "ivc.h"
#include "log.h"
#include "percpu.h"
#include "ratelimit.h"
#include "string.h"
#include "virtio.h"
#include "util.h"
#include "zone.h"

/* hypercall() relies on these: 0..CONFIG_CHECK all handled, ZONE_STATS beyond them. */
_Static_assert(HVISOR_HC_INIT_VIRTIO == 0 && HVISOR_HC_CONFIG_CHECK == 6 &&
		       HVISOR_HC_ZONE_STATS > HVISOR_HC_CONFIG_CHECK,
	       "hypercall codes");

/* False when [ipa, ipa + size) is unaligned or outside the span of the zone's RAM. */
static inline bool buffer_plausible(const struct zone *z, u64 ipa, u64 size, u64 align)
{
	return !(ipa & (align - 1)) && zone_ram_maybe(z, ipa, size);
}

/*
 * The caller's buffer [ipa, ipa + size), aligned to align, as a hypervisor pointer. An
 * address outside the span of the zone's RAM is refused before the walk of its regions.
 */
static inline void *zone_buffer(struct zone *z, u64 ipa, u64 size, u64 align)
{
	paddr_t pa;

	if (!buffer_plausible(z, ipa, size, align) || zone_ram_ipa_to_pa(z, ipa, size, &pa))
		return NULL;
	return (void *)(uintptr_t)pa;
}

/*
 * The refusals a zone can repeat in a loop (a bad buffer, a root-only call): their
 * limiters are checked inline where the call is refused, so once the window's budget is
 * spent a refusal costs a compare, a counter read and an increment, and no call.
 */
static struct ratelimit bad_buffer_rl, not_root_rl;

static long __attribute__((noinline, cold))
bad_buffer_report(struct zone *z, const char *what, u64 ipa, u64 size)
{
	pr_warn_ratelimited_at(&bad_buffer_rl, "hypercall buffer",
			       "zone %u: %s: [%#llx, +%#llx) is not an aligned buffer in the "
			       "zone's RAM",
			       z->id, what, (unsigned long long)ipa, (unsigned long long)size);
	return -EFAULT;
}

static inline long bad_buffer(struct zone *z, const char *what, u64 ipa, u64 size)
{
	if (LOG_WARN > LOG_LEVEL || ratelimit_suppressed(&bad_buffer_rl))
		return -EFAULT;
	return bad_buffer_report(z, what, ipa, size);
}

static long __attribute__((noinline, cold)) not_root_report(struct zone *z, const char *what)
{
	pr_warn_ratelimited_at(&not_root_rl, "hypercall not root",
			       "zone %u: %s is for the root zone only: refused (-EPERM)", z->id,
			       what);
	return -EPERM;
}

static inline long not_root(struct zone *z, const char *what)
{
	if (LOG_WARN > LOG_LEVEL || ratelimit_suppressed(&not_root_rl))
		return -EPERM;
	return not_root_report(z, what);
}

/* CONFIG_CHECK's buffer may be in the zone's RAM: the walk, and the answer. */
static long __attribute__((noinline)) hc_config_check_write(struct zone *z, u64 ipa)
{
	volatile u64 *p = zone_buffer(z, ipa, sizeof(u64), sizeof(u64));

	if (!p)
		return bad_buffer(z, "config check", ipa, sizeof(u64));
	*p = CONFIG_MAGIC_VERSION;
	return 0;
}

/* The quick refusal (zone_buffer's first checks) here, without a stack frame. */
static long hc_config_check(struct zone *z, u64 ipa, u64 unused)
{
	(void)unused;
	if (!buffer_plausible(z, ipa, sizeof(u64), sizeof(u64)))
		return bad_buffer(z, "config check", ipa, sizeof(u64));
	return hc_config_check_write(z, ipa);
}

static long __attribute__((noinline)) hc_start_zone(struct zone *z, u64 ipa, u64 size)
{
	struct zone_config zc; /* a copy: the root Linux may change its own while we look */
	const void *src;
	struct zone *nz;
	int err;

	if (z->id != 0)
		return not_root(z, "START_ZONE");
	if (size != sizeof(zc)) {
		pr_warn_ratelimited(
			"zone start size",
			"zone start: the config is %llu bytes, this hypervisor takes %zu (hvisor "
			"ABI "
			"%u): the tool and the hypervisor disagree on the zone_config layout",
			(unsigned long long)size, sizeof(zc), CONFIG_MAGIC_VERSION);
		return -EINVAL;
	}
	src = zone_buffer(z, ipa, size, 8);
	if (!src)
		return bad_buffer(z, "START_ZONE", ipa, size);
	memcpy(&zc, src, sizeof(zc));
	if (zc.zone_id == 0) {
		pr_warn_ratelimited("zone start id 0",
				    "zone start: zone_id 0 is the root zone's: pick another id");
		return -EINVAL;
	}
	err = zone_create(&zc, NULL, &nz);
	if (err)
		return err;
	zone_start(nz);
	return 0;
}

static long __attribute__((noinline)) hc_zone_list(struct zone *z, u64 ipa, u64 cnt)
{
	unsigned int n = cnt < MAX_ZONES ? (unsigned int)cnt : MAX_ZONES;
	struct zone_info *out;

	if (!ipa)
		return -EINVAL; /* as hvisor */
	out = zone_buffer(z, ipa, (u64)n * sizeof(*out), 8);
	if (!out)
		return bad_buffer(z, "ZONE_LIST", ipa, (u64)n * sizeof(*out));
	return zone_list(out, n);
}

static long __attribute__((noinline)) hc_ivc_info(struct zone *z, u64 ipa, u64 size)
{
	struct ivc_info *out;

	if (size < sizeof(*out))
		return -EINVAL;
	out = zone_buffer(z, ipa, sizeof(*out), 8);
	if (!out)
		return bad_buffer(z, "IVC_INFO", ipa, sizeof(*out));
	return ivc_zone_info(z, out);
}

/* ZONE_STATS (ours): zone id's exit counts, summed over its CPUs, into the root's buffer. */
static long __attribute__((noinline)) hc_zone_stats(struct zone *z, u64 id, u64 ipa)
{
	struct zone_stats st, *out;
	struct zone *target;

	if (z->id != 0)
		return not_root(z, "ZONE_STATS");
	out = zone_buffer(z, ipa, sizeof(*out), 8);
	if (!out)
		return bad_buffer(z, "ZONE_STATS", ipa, sizeof(*out));
	target = (u32)id == id ? zone_by_id((u32)id) : NULL;
	if (!target) {
		pr_warn_ratelimited("zone stats id",
				    "zone stats: there is no zone %llu (`hvisor zone list` shows "
				    "the zones)",
				    (unsigned long long)id);
		return -EINVAL;
	}
	zone_stats_sum(target, &st);
	memcpy(out, &st, sizeof(st));
	return 0;
}

static long hc_shutdown_zone(struct zone *z, u64 id, u64 unused)
{
	(void)unused;
	if (z->id != 0)
		return not_root(z, "SHUTDOWN_ZONE");
	return zone_shutdown((u32)id == id ? (u32)id : ~0u);
}

/* The virtio bridge's hypercalls with the table's signature. */
static long hc_init_virtio(struct zone *z, u64 ipa, u64 unused)
{
	(void)unused;
	return virtio_bridge_init(z, ipa);
}

static long hc_finish_req(struct zone *z, u64 unused0, u64 unused1)
{
	(void)unused0;
	(void)unused1;
	return virtio_bridge_finish(z);
}

static long hc_none(struct zone *z, u64 unused0, u64 unused1)
{
	(void)z;
	(void)unused0;
	(void)unused1;
	return -ENOSYS;
}

#define HC_TABLE_SIZE 8 /* a power of two: the index is masked to it (below) */
_Static_assert(HVISOR_HC_CONFIG_CHECK < HC_TABLE_SIZE, "hypercall table");

static long (*const hc_table[HC_TABLE_SIZE])(struct zone *, u64, u64) = {
	[HVISOR_HC_INIT_VIRTIO] = hc_init_virtio,   [HVISOR_HC_FINISH_REQ] = hc_finish_req,
	[HVISOR_HC_START_ZONE] = hc_start_zone,	    [HVISOR_HC_SHUTDOWN_ZONE] = hc_shutdown_zone,
	[HVISOR_HC_ZONE_LIST] = hc_zone_list,	    [HVISOR_HC_IVC_INFO] = hc_ivc_info,
	[HVISOR_HC_CONFIG_CHECK] = hc_config_check, [HVISOR_HC_CONFIG_CHECK + 1] = hc_none,
};

/*
 * A dispatch without a stack frame: hvisor's codes through a table (a tail call, the same
 * few instructions for each), ours by a compare, an unknown code a compare and a return
 * (a zone probing codes in a loop costs little). The handlers stay out of line.
 */
long hypercall(struct zone *z, u64 arg0, u64 arg1, u64 code)
{
	/*
	 * Masked as well as bounded: even a mispredicted bounds check cannot make the CPU
	 * fetch a handler from beyond the table.
	 */
	if (likely(code <= HVISOR_HC_CONFIG_CHECK))
		return hc_table[code & (HC_TABLE_SIZE - 1)](z, arg0, arg1);
	if (code == HVISOR_HC_ZONE_STATS)
		return hc_zone_stats(z, arg0, arg1);
	pr_debug("zone %u CPU %u: hypercall %llu is not implemented", z->id, this_cpu_id(),
		 (unsigned long long)code);
	return -ENOSYS;
}
