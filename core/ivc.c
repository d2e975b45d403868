// SPDX-License-Identifier: GPL-2.0
/*
 * IVC (see ivc.h). The shared memory comes from the hypervisor's frame pool a page at a
 * time and is mapped page by page into each peer, so it needs no contiguous physical range;
 * every peer sees it contiguous at its own shared_mem_ipa. Unlike hvisor, records are freed
 * when their last peer shuts down, and every field of an IVC config is checked first.
 */
#include "arch_hooks.h"
#include "board.h"
#include "frame.h"
#include "hv_errno.h"
#include "ivc.h"
#include "log.h"
#include "ratelimit.h"
#include "spinlock.h"
#include "string.h"
#include "util.h"
#include "zone.h"

#define IVC_MAX_RECORDS 8

struct ivc_peer {
	struct ivc_record *rec;
	struct zone *zone; /* NULL: this peer id is free */
	u32 peer_id;
	u32 irq;
};

struct ivc_record {
	u32 ivc_id;
	u32 max_peers;
	u32 rw_sec_size;
	u32 out_sec_size;
	unsigned int nr_peers; /* 0: the record is free */
	unsigned int nr_frames;
	void *frames[IVC_MAX_FRAMES];
	struct ivc_peer peers[IVC_MAX_PEERS];
};

static struct ivc_record records[IVC_MAX_RECORDS];
/* Peers come and go under zone creation's lock; doorbells look them up under this one. */
static spinlock_t ivc_lock = SPINLOCK_INIT;

#define ivc_refuse(...) pr_warn_ratelimited("ivc refusal", __VA_ARGS__)

static struct ivc_record *record_of(u32 ivc_id)
{
	for (unsigned int i = 0; i < IVC_MAX_RECORDS; i++)
		if (records[i].nr_peers && records[i].ivc_id == ivc_id)
			return &records[i];
	return NULL;
}

static u64 shm_size(const struct ivc_config *c)
{
	return (u64)c->rw_sec_size + (u64)c->out_sec_size * c->max_peers;
}

/* Does the IPA range [ipa, ipa + size) collide with the zone's regions or the GIC? */
static bool ipa_taken(const struct zone *z, u64 ipa, u64 size)
{
	for (unsigned int i = 0; i < z->cfg.num_memory_regions; i++) {
		const struct memory_region *r = &z->cfg.memory_regions[i];

		if (range_overlaps(ipa, size, r->virtual_start, r->size))
			return true;
	}
	return range_overlaps(ipa, size, board.gic.gicd_base, board.gic.gicd_size) ||
	       range_overlaps(ipa, size, board.gic.gicr_base, board.gic.gicr_size);
}

static int check_config(const struct zone *z, unsigned int i, const struct ivc_config *c)
{
	u64 size = shm_size(c);

	if (!c->max_peers || c->max_peers > IVC_MAX_PEERS || c->peer_id >= c->max_peers) {
		ivc_refuse("zone %u: ivc_configs[%u]: max_peers %u and peer_id %u: need 1 <= "
			   "max_peers <= %u and peer_id < max_peers",
			   z->id, i, c->max_peers, c->peer_id, IVC_MAX_PEERS);
		return -EINVAL;
	}
	if (!IS_ALIGNED((u64)c->rw_sec_size | c->out_sec_size | c->control_table_ipa |
				c->shared_mem_ipa,
			PAGE_SIZE) ||
	    !size || size > (u64)IVC_MAX_FRAMES * PAGE_SIZE) {
		ivc_refuse("zone %u: ivc_configs[%u]: sizes %#x/%#x and addresses %#llx/%#llx "
			   "must be 4 KiB aligned, the shared memory 4 KiB to %u KiB",
			   z->id, i, c->rw_sec_size, c->out_sec_size,
			   (unsigned long long)c->control_table_ipa,
			   (unsigned long long)c->shared_mem_ipa, IVC_MAX_FRAMES * 4);
		return -EINVAL;
	}
	if (ipa_taken(z, c->control_table_ipa, PAGE_SIZE) ||
	    ipa_taken(z, c->shared_mem_ipa, size) ||
	    range_overlaps(c->control_table_ipa, PAGE_SIZE, c->shared_mem_ipa, size)) {
		ivc_refuse("zone %u: ivc_configs[%u]: control table %#llx or shared memory "
			   "[%#llx, +%#llx) overlaps the zone's regions, the GIC or each other: "
			   "pick free guest addresses",
			   z->id, i, (unsigned long long)c->control_table_ipa,
			   (unsigned long long)c->shared_mem_ipa, (unsigned long long)size);
		return -EINVAL;
	}
	if (c->interrupt_num < 32 || c->interrupt_num >= CONFIG_MAX_INTERRUPTS ||
	    !((z->cfg.interrupts_bitmap[c->interrupt_num / 32] >> (c->interrupt_num % 32)) & 1)) {
		ivc_refuse("zone %u: ivc_configs[%u]: interrupt_num %u must be an SPI in the "
			   "zone's interrupts (the peers' doorbell raises it)",
			   z->id, i, c->interrupt_num);
		return -EINVAL;
	}
	return 0;
}

/* The control table: what the peer reads about the channel, and its doorbell. */
static int ct_access(struct zone *z, struct mmio_access *a, void *arg)
{
	const struct ivc_peer *me = arg;
	const struct ivc_record *rec = me->rec;
	u32 irq = 0;

	if (!mmio_width_ok(a, MMIO_W32)) {
		mmio_refuse(z, a, "IVC control table");
		return 0;
	}
	if (a->write) {
		if (a->offset != IVC_CT_IPI_INVOKE) {
			mmio_refuse(z, a, "IVC control table");
			return 0;
		}
		spin_lock(&ivc_lock);
		if (a->value < rec->max_peers && rec->peers[a->value].zone)
			irq = rec->peers[a->value].irq;
		spin_unlock(&ivc_lock);
		if (!irq) {
			ivc_refuse("zone %u: IVC %u doorbell for peer %llu, which is not there: "
				   "ignored",
				   z->id, rec->ivc_id, (unsigned long long)a->value);
			return 0;
		}
		/* The peer owns the SPI and routes it to its CPUs: pending reaches it. */
		arch_irqchip_raise(irq);
		return 0;
	}
	switch (a->offset) {
	case IVC_CT_IVC_ID:
		a->value = rec->ivc_id;
		break;
	case IVC_CT_MAX_PEERS:
		a->value = rec->max_peers;
		break;
	case IVC_CT_RW_SEC_SIZE:
		a->value = rec->rw_sec_size;
		break;
	case IVC_CT_OUT_SEC_SIZE:
		a->value = rec->out_sec_size;
		break;
	case IVC_CT_PEER_ID:
		a->value = me->peer_id;
		break;
	default:
		a->value = 0;
		break;
	}
	return 0;
}

static void record_free(struct ivc_record *rec)
{
	for (unsigned int f = 0; f < rec->nr_frames; f++)
		frame_free(&hv_frames, rec->frames[f]);
	rec->nr_frames = 0;
}

static int record_new(const struct ivc_config *c, struct ivc_record **out)
{
	struct ivc_record *rec = NULL;

	for (unsigned int i = 0; i < IVC_MAX_RECORDS && !rec; i++)
		if (!records[i].nr_peers)
			rec = &records[i];
	if (!rec)
		return -ENOMEM;
	memset(rec, 0, sizeof(*rec));
	rec->ivc_id = c->ivc_id;
	rec->max_peers = c->max_peers;
	rec->rw_sec_size = c->rw_sec_size;
	rec->out_sec_size = c->out_sec_size;
	for (u64 off = 0; off < shm_size(c); off += PAGE_SIZE) {
		void *f = frame_alloc(&hv_frames);

		if (!f) {
			record_free(rec);
			return -ENOMEM;
		}
		rec->frames[rec->nr_frames++] = f;
	}
	*out = rec;
	return 0;
}

/* The shared memory in the zone: the R/W section, then the output sections. */
static int map_shm(struct zone *z, const struct ivc_config *c, const struct ivc_record *rec)
{
	for (unsigned int f = 0; f < rec->nr_frames; f++) {
		u64 off = (u64)f * PAGE_SIZE;
		bool writable = off < c->rw_sec_size ||
				(off - c->rw_sec_size) / c->out_sec_size == c->peer_id;
		int err =
			arch_zone_map_ram(z, c->shared_mem_ipa + off,
					  (paddr_t)(uintptr_t)rec->frames[f], PAGE_SIZE, writable);

		if (err)
			return err;
	}
	return 0;
}

static int attach_one(struct zone *z, unsigned int i)
{
	const struct ivc_config *c = &z->cfg.ivc_configs[i];
	struct ivc_record *rec = record_of(c->ivc_id);
	struct ivc_peer *me;
	int err = check_config(z, i, c);

	if (err)
		return err;
	if (rec && (rec->max_peers != c->max_peers || rec->rw_sec_size != c->rw_sec_size ||
		    rec->out_sec_size != c->out_sec_size)) {
		ivc_refuse("zone %u: ivc_configs[%u]: IVC %u exists with max_peers %u, sizes "
			   "%#x/%#x: use the same",
			   z->id, i, c->ivc_id, rec->max_peers, rec->rw_sec_size,
			   rec->out_sec_size);
		return -EINVAL;
	}
	if (rec && rec->peers[c->peer_id].zone) {
		ivc_refuse("zone %u: ivc_configs[%u]: peer %u of IVC %u is zone %u, which is "
			   "running",
			   z->id, i, c->peer_id, c->ivc_id, rec->peers[c->peer_id].zone->id);
		return -EBUSY;
	}
	if (!rec) {
		err = record_new(c, &rec);
		if (err) {
			ivc_refuse("zone %u: ivc_configs[%u]: no room for IVC %u's record or "
				   "shared memory",
				   z->id, i, c->ivc_id);
			return err;
		}
	}
	me = &rec->peers[c->peer_id];
	*me = (struct ivc_peer){ .rec = rec, .peer_id = c->peer_id, .irq = c->interrupt_num };
	err = map_shm(z, c, rec);
	if (!err)
		err = mmio_register(z, c->control_table_ipa, PAGE_SIZE, ct_access, me,
				    ZONE_STAT_MMIO_IVC);
	if (err) {
		if (!rec->nr_peers)
			record_free(rec);
		return err;
	}
	spin_lock(&ivc_lock);
	me->zone = z;
	rec->nr_peers++;
	spin_unlock(&ivc_lock);
	z->ivc[i] = rec;
	pr_info("zone %u: IVC %u peer %u: control table %#llx, shared memory %#llx", z->id,
		c->ivc_id, c->peer_id, (unsigned long long)c->control_table_ipa,
		(unsigned long long)c->shared_mem_ipa);
	return 0;
}

int ivc_zone_attach(struct zone *z)
{
	int err = 0;

	for (unsigned int i = 0; !err && i < z->cfg.num_ivc_configs; i++)
		err = attach_one(z, i);
	if (err)
		ivc_zone_detach(z);
	return err;
}

void ivc_zone_detach(struct zone *z)
{
	for (unsigned int i = 0; i < CONFIG_MAX_IVC_CONFIGS; i++) {
		struct ivc_record *rec = z->ivc[i];

		if (!rec)
			continue;
		spin_lock(&ivc_lock);
		rec->peers[z->cfg.ivc_configs[i].peer_id].zone = NULL;
		rec->nr_peers--;
		spin_unlock(&ivc_lock);
		if (!rec->nr_peers) {
			record_free(rec);
			pr_info("zone %u: IVC %u freed with its last peer", z->id, rec->ivc_id);
		}
		z->ivc[i] = NULL;
	}
}

int ivc_zone_info(const struct zone *z, struct ivc_info *out)
{
	struct ivc_info info = { 0 };

	if (!z->cfg.num_ivc_configs)
		return -ENODEV;
	info.len = z->cfg.num_ivc_configs;
	for (unsigned int i = 0; i < z->cfg.num_ivc_configs; i++) {
		info.ct_ipas[i] = z->cfg.ivc_configs[i].control_table_ipa;
		info.shmem_ipas[i] = z->cfg.ivc_configs[i].shared_mem_ipa;
		info.ivc_ids[i] = z->cfg.ivc_configs[i].ivc_id;
		info.irqs[i] = z->cfg.ivc_configs[i].interrupt_num;
	}
	memcpy(out, &info, sizeof(info));
	return 0;
}
