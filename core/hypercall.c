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

/* The caller's buffer [ipa, ipa + size), aligned to align, as a hypervisor pointer. */
static void *zone_buffer(struct zone *z, u64 ipa, u64 size, u64 align)
{
	paddr_t pa;

	if ((ipa & (align - 1)) || zone_ram_ipa_to_pa(z, ipa, size, &pa))
		return NULL;
	return (void *)(uintptr_t)pa;
}

static long __attribute__((noinline, cold))
bad_buffer(struct zone *z, const char *what, u64 ipa, u64 size)
{
	pr_warn_ratelimited("hypercall buffer",
			    "zone %u: %s: [%#llx, +%#llx) is not an aligned buffer in the "
			    "zone's RAM",
			    z->id, what, (unsigned long long)ipa, (unsigned long long)size);
	return -EFAULT;
}

static long __attribute__((noinline, cold)) not_root(struct zone *z, const char *what)
{
	pr_warn_ratelimited("hypercall not root",
			    "zone %u: %s is for the root zone only: refused (-EPERM)", z->id, what);
	return -EPERM;
}

static long __attribute__((noinline)) hc_config_check(struct zone *z, u64 ipa)
{
	volatile u64 *p = zone_buffer(z, ipa, sizeof(u64), sizeof(u64));

	if (!p)
		return bad_buffer(z, "config check", ipa, sizeof(u64));
	*p = CONFIG_MAGIC_VERSION;
	return 0;
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

static long __attribute__((noinline)) hc_shutdown_zone(struct zone *z, u64 id)
{
	if (z->id != 0)
		return not_root(z, "SHUTDOWN_ZONE");
	return zone_shutdown((u32)id == id ? (u32)id : ~0u);
}

/*
 * The handlers stay out of line, so this is a dispatch without a stack frame: each case
 * a tail call, an unknown code a compare and a return (a zone probing codes in a loop
 * costs little).
 */
long hypercall(struct zone *z, u64 code, u64 arg0, u64 arg1)
{
	/* Codes are dense from 0, plus ours: anything else is rejected first. */
	if (unlikely(code > HVISOR_HC_CONFIG_CHECK && code != HVISOR_HC_ZONE_STATS)) {
		pr_debug("zone %u CPU %u: hypercall %llu is not implemented", z->id, this_cpu_id(),
			 (unsigned long long)code);
		return -ENOSYS;
	}
	switch (code) {
	case HVISOR_HC_INIT_VIRTIO:
		return virtio_bridge_init(z, arg0);
	case HVISOR_HC_FINISH_REQ:
		return virtio_bridge_finish(z);
	case HVISOR_HC_CONFIG_CHECK:
		return hc_config_check(z, arg0);
	case HVISOR_HC_START_ZONE:
		return hc_start_zone(z, arg0, arg1);
	case HVISOR_HC_SHUTDOWN_ZONE:
		return hc_shutdown_zone(z, arg0);
	case HVISOR_HC_ZONE_LIST:
		return hc_zone_list(z, arg0, arg1);
	case HVISOR_HC_IVC_INFO:
		return hc_ivc_info(z, arg0, arg1);
	default: /* HVISOR_HC_ZONE_STATS */
		return hc_zone_stats(z, arg0, arg1);
	}
}
