// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.2 §2.7) over a zone's RAM. The rings and buffers belong to
 * the guest, which may change them at any time: every descriptor is copied once, every
 * address and length is checked against the zone's RAM windows before the daemon reads
 * or writes a byte, and a bad chain is returned empty instead of being served.
 */
#include <inttypes.h>
#include <string.h>

#include "vdev.h"

#define VRING_AVAIL_F_NO_INTERRUPT 1

void *vzone_ptr(const struct vzone *z, uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < z->nr_ram; i++) {
		const struct vzone_ram *r = &z->ram[i];

		if (gpa >= r->ipa && len <= r->size && gpa - r->ipa <= r->size - len)
			return r->host + (gpa - r->ipa);
	}
	return NULL;
}

static bool has_feature(const struct vdev *d, unsigned int bit)
{
	return (d->drv_features >> bit) & 1;
}

bool vq_setup(struct vdev *d, unsigned int q)
{
	struct vqueue *vq = &d->vq[q];
	uint64_t n = vq->num;

	if (!n || n > VDEV_QUEUE_MAX || (n & (n - 1)))
		return false;
	if ((vq->desc_addr & 15) || (vq->avail_addr & 1) || (vq->used_addr & 3))
		return false;
	vq->desc = vzone_ptr(d->zone, vq->desc_addr, 16 * n);
	vq->avail = vzone_ptr(d->zone, vq->avail_addr, 6 + 2 * n);
	vq->used = vzone_ptr(d->zone, vq->used_addr, 6 + 8 * n);
	if (!vq->desc || !vq->avail || !vq->used)
		return false;
	vq->last_avail = vq->used_idx = vq->signalled_used = 0;
	return true;
}

static uint16_t avail_idx(const struct vqueue *vq)
{
	return __atomic_load_n(&vq->avail[1], __ATOMIC_ACQUIRE);
}

bool vq_has_avail(struct vqueue *vq)
{
	return vq->ready && avail_idx(vq) != vq->last_avail;
}

static void set_avail_event(struct vdev *d, struct vqueue *vq)
{
	if (has_feature(d, VIRTIO_F_EVENT_IDX))
		__atomic_store_n(&vq->used[2 + 4 * vq->num], vq->last_avail, __ATOMIC_RELEASE);
}

void vq_suppress_notify(struct vdev *d, unsigned int q)
{
	struct vqueue *vq = &d->vq[q];

	/* avail_event one behind what was taken: the next entry needs no notify. */
	if (has_feature(d, VIRTIO_F_EVENT_IDX))
		__atomic_store_n(&vq->used[2 + 4 * vq->num], (uint16_t)(vq->last_avail - 1),
				 __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void vq_enable_notify(struct vdev *d, unsigned int q)
{
	set_avail_event(d, &d->vq[q]);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Walks the chain at `head` into c; false when it breaks a rule. */
static bool walk(struct vdev *d, struct vqueue *vq, uint16_t head, struct vchain *c,
		 const char **why)
{
	volatile struct vring_desc *table = vq->desc;
	uint32_t size = vq->num, idx = head, steps = 0;
	unsigned int n = 0;
	bool indirect = false;

	c->head = head;
	c->nr_out = c->nr_in = 0;
	c->in_len = 0;
	for (;;) {
		struct vring_desc desc;
		void *p;

		if (idx >= size) {
			*why = "descriptor index beyond the table";
			return false;
		}
		desc.addr = table[idx].addr;
		desc.len = table[idx].len;
		desc.flags = table[idx].flags;
		desc.next = table[idx].next;
		if (++steps > size + 1) {
			*why = "the chain loops";
			return false;
		}
		if (desc.flags & VRING_DESC_F_INDIRECT) {
			if (indirect || (desc.flags & VRING_DESC_F_NEXT) ||
			    !has_feature(d, VIRTIO_F_INDIRECT_DESC) || desc.len == 0 ||
			    desc.len % 16 || desc.len / 16 > 65536) {
				*why = "bad indirect descriptor";
				return false;
			}
			table = vzone_ptr(d->zone, desc.addr, desc.len);
			if (!table) {
				*why = "indirect table outside the zone's RAM";
				return false;
			}
			size = desc.len / 16;
			indirect = true;
			idx = 0;
			steps = 0;
			continue;
		}
		p = vzone_ptr(d->zone, desc.addr, desc.len);
		if (!p) {
			*why = "buffer outside the zone's RAM";
			return false;
		}
		if (n == VDEV_MAX_SEGS) {
			*why = "more segments than this device takes";
			return false;
		}
		if (desc.flags & VRING_DESC_F_WRITE) {
			c->nr_in++;
			c->in_len += desc.len;
		} else if (c->nr_in) {
			*why = "a readable buffer after a writable one";
			return false;
		} else {
			c->nr_out++;
		}
		c->iov[n].iov_base = p;
		c->iov[n].iov_len = desc.len;
		n++;
		if (!(desc.flags & VRING_DESC_F_NEXT))
			return true;
		idx = desc.next;
	}
}

int vq_pop(struct vdev *d, unsigned int q, struct vchain *c)
{
	struct vqueue *vq = &d->vq[q];
	const char *why = NULL;
	uint16_t avail, head;

	if (!vq->ready)
		return 0;
	avail = avail_idx(vq);
	if (avail == vq->last_avail)
		return 0;
	if ((uint16_t)(avail - vq->last_avail) > vq->num) {
		vmmio_needs_reset(d, "the available index ran more than the queue size ahead");
		return 0;
	}
	head = vq->avail[2 + vq->last_avail % vq->num];
	vq->last_avail++;
	set_avail_event(d, vq);
	if (head < vq->num && walk(d, vq, head, c, &why))
		return 1;
	d->bad_requests++;
	if (!why)
		why = "head beyond the queue size";
	vlog_limited(why,
		     "zone %u %s@%#" PRIx64 " queue %u: chain %u refused (%s); answered empty, "
		     "the device goes on",
		     d->zone->id, d->ops->name, d->addr, q, head, why);
	if (head < vq->num && vq_push(d, q, head, 0))
		vdev_raise_irq(d);
	return -1;
}

bool vq_push(struct vdev *d, unsigned int q, uint16_t head, uint32_t len)
{
	struct vqueue *vq = &d->vq[q];
	uint16_t old = vq->signalled_used, now;
	volatile uint32_t *elem;

	if (!vq->ready)
		return false;
	elem = (volatile uint32_t *)(vq->used + 2) + 2 * (vq->used_idx % vq->num);
	elem[0] = head;
	elem[1] = len;
	now = ++vq->used_idx;
	__atomic_store_n(&vq->used[1], now, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (has_feature(d, VIRTIO_F_EVENT_IDX)) {
		uint16_t event = vq->avail[2 + vq->num];

		vq->signalled_used = now;
		return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
	}
	return !(vq->avail[0] & VRING_AVAIL_F_NO_INTERRUPT);
}

unsigned int vchain_iov(const struct vchain *c, bool writable, size_t skip, size_t max,
			struct iovec *out)
{
	unsigned int first = writable ? c->nr_out : 0,
		     end = first + (writable ? c->nr_in : c->nr_out);
	unsigned int n = 0;

	for (unsigned int i = first; i < end && max; i++) {
		size_t l = c->iov[i].iov_len;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		l -= skip;
		if (l > max)
			l = max;
		out[n].iov_base = (char *)c->iov[i].iov_base + skip;
		out[n].iov_len = l;
		n++;
		max -= l;
		skip = 0;
	}
	return n;
}

void vq_unpop(struct vdev *d, unsigned int q)
{
	struct vqueue *vq = &d->vq[q];

	vq->last_avail--;
	set_avail_event(d, vq);
}

size_t vchain_out_len(const struct vchain *c)
{
	size_t n = 0;

	for (unsigned int i = 0; i < c->nr_out; i++)
		n += c->iov[i].iov_len;
	return n;
}

/* Copies between buf and the chain's readable (or writable) bytes from `skip` on. */
static size_t chain_copy(const struct vchain *c, bool writable, size_t skip, void *buf, size_t len)
{
	struct iovec iov[VDEV_MAX_SEGS];
	unsigned int n = vchain_iov(c, writable, skip, len, iov);
	size_t done = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (writable)
			memcpy(iov[i].iov_base, (char *)buf + done, iov[i].iov_len);
		else
			memcpy((char *)buf + done, iov[i].iov_base, iov[i].iov_len);
		done += iov[i].iov_len;
	}
	return done;
}

size_t vchain_read(const struct vchain *c, size_t skip, void *buf, size_t len)
{
	return chain_copy(c, false, skip, buf, len);
}

size_t vchain_write(const struct vchain *c, size_t skip, const void *buf, size_t len)
{
	return chain_copy(c, true, skip, (void *)buf, len);
}

int vq_next(struct vdev *d, unsigned int q, struct vchain *c)
{
	for (unsigned int bad = 0;;) {
		int r = vq_pop(d, q, c);

		if (r > 0)
			return 1;
		if (r < 0 && ++bad < d->vq[q].num)
			continue; /* refused and answered: the next one */
		/* Empty: ask for a notify, then look once more (the driver may have added one
		 * before it saw the request). A queue's worth of refusals in a row: the rest
		 * waits for the driver's next notify, the other devices go first. */
		vq_enable_notify(d, q);
		if (r < 0 || !vq_has_avail(&d->vq[q]))
			return 0;
	}
}
