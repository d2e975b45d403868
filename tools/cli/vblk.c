// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (virtio 1.2 §5.2) on a raw image: a file or a block device of the root
 * Linux. Requests are served by one worker thread per disk, outside the device lock, so
 * a slow disk stalls neither the register file nor the other devices; data moves once,
 * between the backing file and the zone's buffers (preadv/pwritev straight into them).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vcfg.h"
#include "vdev.h"

#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO	     5
#define VIRTIO_BLK_F_FLUSH   9

enum { BLK_T_IN = 0, BLK_T_OUT = 1, BLK_T_FLUSH = 4, BLK_T_GET_ID = 8 };
enum { BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_S_UNSUPP = 2 };
#define SECTOR		 512
#define BLK_POLL_HISTORY 8
#define BLK_ID_LEN	 20

struct vblk {
	int fd;
	uint64_t sectors;
	bool ro;
	char id[BLK_ID_LEN];
	pthread_t worker;
	pthread_cond_t kick_cond, idle_cond; /* with the device's lock */
	bool kick, stop;
	unsigned int busy;  /* requests the worker serves (or polls for) outside the lock */
	uint64_t poll_ns;   /* "poll_us" of virtio.json: the longest window; 0, no polling */
	uint64_t window_ns; /* the next poll's window (blk_poll_adapt) */
	uint64_t gaps_ns[BLK_POLL_HISTORY]; /* the last gaps within poll_ns */
	unsigned int next_gap;
	uint64_t empty_ns; /* when the queue last ran empty (0: not since the last request) */
	uint64_t poll_hits, poll_misses, poll_hit_ns; /* SIGUSR1's counters */
	uint64_t served;
};

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* Serves one request; returns the bytes written into the chain (status included). */
static uint32_t blk_serve(struct vdev *d, struct vblk *b, const struct vchain *c)
{
	struct iovec iov[VDEV_MAX_SEGS];
	struct blk_req_hdr h;
	uint8_t status = BLK_S_IOERR;
	size_t data_len = 0;
	uint32_t written = 0;
	unsigned int n;
	ssize_t r;

	if (c->in_len < 1 || vchain_read(c, 0, &h, sizeof(h)) != sizeof(h)) {
		vlog_limited("blk request",
			     "zone %u blk@%#" PRIx64 ": request without header or "
			     "status byte: refused",
			     d->zone->id, d->addr);
		d->bad_requests++;
		return 0;
	}
	switch (h.type) {
	case BLK_T_IN:
	case BLK_T_OUT:
		if (h.type == BLK_T_IN) {
			data_len = c->in_len - 1;
			n = vchain_iov(c, true, 0, data_len, iov);
		} else {
			data_len = vchain_out_len(c) - sizeof(h);
			n = vchain_iov(c, false, sizeof(h), data_len, iov);
		}
		if (data_len % SECTOR || h.sector > b->sectors ||
		    data_len / SECTOR > b->sectors - h.sector) {
			vlog_limited("blk range",
				     "zone %u blk@%#" PRIx64 ": %s of %zu bytes at sector "
				     "%" PRIu64 " is beyond the disk (%" PRIu64
				     " sectors) or not whole sectors",
				     d->zone->id, d->addr, h.type == BLK_T_IN ? "read" : "write",
				     data_len, h.sector, b->sectors);
			break;
		}
		if (h.type == BLK_T_OUT && b->ro) {
			status = BLK_S_IOERR;
			break;
		}
		r = 0;
		for (off_t pos = (off_t)(h.sector * SECTOR); data_len;) {
			r = h.type == BLK_T_IN ? preadv(b->fd, iov, (int)n, pos)
					       : pwritev(b->fd, iov, (int)n, pos);
			if (r <= 0) {
				if (r < 0 && errno == EINTR)
					continue;
				break;
			}
			pos += r;
			data_len -= (size_t)r;
			__atomic_fetch_add(&d->bytes, (uint64_t)r, __ATOMIC_RELAXED);
			if (h.type == BLK_T_IN)
				written += (uint32_t)r;
			/* A short transfer: go on after what was done. */
			while (n && (size_t)r >= iov[0].iov_len) {
				r -= (ssize_t)iov[0].iov_len;
				memmove(iov, iov + 1, --n * sizeof(iov[0]));
			}
			if (n) {
				iov[0].iov_base = (char *)iov[0].iov_base + r;
				iov[0].iov_len -= (size_t)r;
			}
		}
		if (data_len == 0)
			status = BLK_S_OK;
		else
			vlog_limited("blk io",
				     "zone %u blk@%#" PRIx64 ": %s at sector %" PRIu64
				     " failed: %s",
				     d->zone->id, d->addr, h.type == BLK_T_IN ? "read" : "write",
				     h.sector, r < 0 ? strerror(errno) : "end of file");
		break;
	case BLK_T_FLUSH:
		status = b->ro || fdatasync(b->fd) == 0 ? BLK_S_OK : BLK_S_IOERR;
		break;
	case BLK_T_GET_ID:
		written = (uint32_t)vchain_write(
			c, 0, b->id, c->in_len - 1 < BLK_ID_LEN ? c->in_len - 1 : BLK_ID_LEN);
		status = BLK_S_OK;
		break;
	default:
		status = BLK_S_UNSUPP;
		break;
	}
	vchain_write(c, c->in_len - 1, &status, 1);
	return written + 1;
}

/* Raises the interrupt of the completions so far; a hypercall, so not under the lock. */
static void blk_flush_irq(struct vdev *d, bool *irq)
{
	if (!*irq)
		return;
	pthread_mutex_unlock(&d->lock);
	vdev_raise_irq(d);
	pthread_mutex_lock(&d->lock);
	*irq = false;
}

/*
 * The poll window follows the gaps between the queue running empty and the next request,
 * whether the poll caught it or a notify brought it: twice the longest of the last
 * BLK_POLL_HISTORY gaps within poll_us (plus a margin; gaps vary, and a window cut to
 * the last one misses every longer one), and half the window after a gap longer than
 * poll_us. A disk read sequentially is polled about as long as its reader needs; an idle
 * one soon not at all (its next request, a notify, measures the gap again).
 */
#define BLK_POLL_MARGIN_NS 20000

static void blk_poll_adapt(struct vblk *b, uint64_t gap_ns)
{
	uint64_t w = 0;

	if (gap_ns > b->poll_ns) {
		memset(b->gaps_ns, 0, sizeof(b->gaps_ns));
		if ((b->window_ns /= 2) < BLK_POLL_MARGIN_NS)
			b->window_ns = 0;
		return;
	}
	b->gaps_ns[b->next_gap++ % BLK_POLL_HISTORY] = gap_ns;
	for (unsigned int i = 0; i < BLK_POLL_HISTORY; i++)
		w = b->gaps_ns[i] > w ? b->gaps_ns[i] : w;
	w = 2 * w + BLK_POLL_MARGIN_NS;
	b->window_ns = w < b->poll_ns ? w : b->poll_ns;
}

/*
 * Whether *idx moved from last, waiting a little if not: on arm64 a load-exclusive arms
 * the monitor and WFE sleeps until another CPU writes that line (the zone adding a
 * request), an interrupt, or Linux's timer event stream (100 us) ends it. A poll that
 * costs little power, and under QEMU (where WFE yields) little of the other vCPUs' time.
 */
static bool blk_idx_moved(volatile uint16_t *idx, uint16_t last)
{
#ifdef __aarch64__
	uint16_t v;

	asm volatile("ldaxrh %w0, %1" : "=r"(v) : "Q"(*idx) : "memory");
	if (v != last)
		return true;
	asm volatile("wfe" ::: "memory");
	return false;
#else
	return __atomic_load_n(idx, __ATOMIC_ACQUIRE) != last;
#endif
}

/*
 * poll_us: with EVENT_IDX, the queue's avail_event is left behind while the worker polls
 * the available ring for a moment after the queue ran empty, so the driver adds its next
 * request without a notify (one exit fewer per request, and no wake-up of the daemon) if
 * it comes within that time. Counted as busy: a reset waits for the poll to end before
 * the rings go.
 */
static bool blk_poll(struct vdev *d, struct vblk *b)
{
	struct vqueue *vq = &d->vq[0];
	volatile uint16_t *avail_idx;
	uint64_t t, until;
	uint16_t last;
	bool found = false;

	b->empty_ns = vdev_now_ns();
	if (!b->window_ns || !vq->ready || !((d->drv_features >> VIRTIO_F_EVENT_IDX) & 1))
		return false;
	vq_suppress_notify(d, 0);
	avail_idx = &vq->avail[1];
	last = vq->last_avail;
	b->busy++;
	pthread_mutex_unlock(&d->lock);
	until = b->empty_ns + b->window_ns;
	while (!b->stop && !found && (t = vdev_now_ns()) < until)
		found = blk_idx_moved(avail_idx, last);
	pthread_mutex_lock(&d->lock);
	if (--b->busy == 0)
		pthread_cond_broadcast(&b->idle_cond);
	if (found) {
		b->poll_hits++;
		b->poll_hit_ns += t - b->empty_ns;
	} else {
		b->poll_misses++;
	}
	return found;
}

static void *blk_worker(void *arg)
{
	struct vdev *d = arg;
	struct vblk *b = d->priv;
	bool irq = false;

	pthread_mutex_lock(&d->lock);
	for (;;) {
		struct vchain c;
		uint32_t len;
		int r;

		while (!b->kick && !b->stop)
			pthread_cond_wait(&b->kick_cond, &d->lock);
		if (b->stop)
			break;
		b->kick = false;
		for (;;) {
			r = vq_pop(d, 0, &c);
			if (r < 0)
				continue;
			if (r == 0) {
				/* Completions are batched: one interrupt when the queue is empty.
				 */
				blk_flush_irq(d, &irq);
				if (blk_poll(d, b))
					continue;
				vq_enable_notify(d, 0);
				if (!vq_has_avail(&d->vq[0]))
					break;
				continue;
			}
			if (b->empty_ns && b->poll_ns) {
				/* The gap since the queue ran empty, whether the poll caught the
				 * request or a notify brought it after the window. */
				blk_poll_adapt(b, vdev_now_ns() - b->empty_ns);
				b->empty_ns = 0;
			}
			b->busy++;
			pthread_mutex_unlock(&d->lock);
			len = blk_serve(d, b, &c);
			pthread_mutex_lock(&d->lock);
			b->served++;
			d->chains++;
			if (--b->busy == 0)
				pthread_cond_broadcast(&b->idle_cond);
			irq |= vq_push(d, 0, c.head, len);
		}
		blk_flush_irq(d, &irq);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

static void blk_notify(struct vdev *d, unsigned int q)
{
	struct vblk *b = d->priv;

	(void)q;
	b->kick = true;
	pthread_cond_signal(&b->kick_cond);
}

/* Nothing may touch the zone's buffers once this returns: wait for the request served. */
static void blk_stats(struct vdev *d)
{
	struct vblk *b = d->priv;

	if (b->poll_ns)
		vlog(VLOG_INFO,
		     "stats: zone %u blk@%#" PRIx64 " polls caught %" PRIu64 " (after %" PRIu64
		     " us on average) missed %" PRIu64 ", window now %" PRIu64 " us",
		     d->zone->id, d->addr, b->poll_hits,
		     b->poll_hits ? b->poll_hit_ns / b->poll_hits / 1000 : 0, b->poll_misses,
		     b->window_ns / 1000);
}

static void blk_reset(struct vdev *d)
{
	struct vblk *b = d->priv;

	b->kick = false;
	while (b->busy)
		pthread_cond_wait(&b->idle_cond, &d->lock);
}

static bool blk_config_read(struct vdev *d, uint32_t off, uint32_t size, uint64_t *value)
{
	struct vblk *b = d->priv;
	uint8_t cfg[24] = { 0 };
	uint32_t seg_max = VDEV_MAX_SEGS - 2;

	memcpy(cfg, &b->sectors, 8);   /* capacity */
	memcpy(cfg + 12, &seg_max, 4); /* seg_max */
	if (off + size > sizeof(cfg) || size > 8)
		return false;
	*value = 0;
	memcpy(value, cfg + off, size);
	return true;
}

static void blk_destroy(struct vdev *d)
{
	struct vblk *b = d->priv;

	pthread_mutex_lock(&d->lock);
	b->stop = true;
	pthread_cond_signal(&b->kick_cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(b->worker, NULL);
	if (!b->ro)
		fsync(b->fd);
	close(b->fd);
	vlog(VLOG_INFO,
	     "zone %u blk@%#" PRIx64 ": %" PRIu64 " requests served, %" PRIu64 " refused",
	     d->zone->id, d->addr, b->served, d->bad_requests);
}

static struct vdev_ops blk_ops = {
	.type = VDEV_BLK,
	.name = "blk",
	.features = (1ULL << VIRTIO_BLK_F_SEG_MAX) | (1ULL << VIRTIO_BLK_F_FLUSH),
	.nr_queues = 1,
	.config_read = blk_config_read,
	.notify = blk_notify,
	.reset = blk_reset,
	.stats = blk_stats,
	.destroy = blk_destroy,
};

static struct vdev_ops blk_ro_ops;

int vblk_create(struct vdev *d, const struct vcfg_dev *c)
{
	struct vblk *b = calloc(1, sizeof(*b));
	struct stat st;
	uint64_t bytes;

	if (!b)
		return -ENOMEM;
	b->ro = c->readonly;
	b->poll_ns = (uint64_t)c->poll_us * 1000;
	b->window_ns = b->poll_ns;
	b->fd = open(c->img, (b->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (b->fd < 0 || fstat(b->fd, &st) != 0) {
		vlog(VLOG_ERR, "%s.img: cannot open %s: %s", c->where, c->img, strerror(errno));
		goto fail;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(b->fd, BLKGETSIZE64, &bytes) != 0) {
			vlog(VLOG_ERR, "%s.img: %s: cannot read its size: %s", c->where, c->img,
			     strerror(errno));
			goto fail;
		}
	} else if (S_ISREG(st.st_mode)) {
		bytes = (uint64_t)st.st_size;
	} else {
		vlog(VLOG_ERR, "%s.img: %s is neither a file nor a block device", c->where, c->img);
		goto fail;
	}
	b->sectors = bytes / SECTOR;
	if (bytes % SECTOR)
		vlog(VLOG_WARN,
		     "%s.img: %s: %" PRIu64 " bytes, not whole sectors: the last %" PRIu64
		     " bytes are not seen",
		     c->where, c->img, bytes, bytes % SECTOR);
	snprintf(b->id, sizeof(b->id), "hvc-z%u-%" PRIx64, d->zone->id, d->addr);
	pthread_cond_init(&b->kick_cond, NULL);
	pthread_cond_init(&b->idle_cond, NULL);
	if (b->ro) {
		blk_ro_ops = blk_ops;
		blk_ro_ops.features |= 1ULL << VIRTIO_BLK_F_RO;
		d->ops = &blk_ro_ops;
	} else {
		d->ops = &blk_ops;
	}
	d->priv = b;
	if (pthread_create(&b->worker, NULL, blk_worker, d) != 0) {
		vlog(VLOG_ERR, "%s: cannot start its worker thread", c->where);
		goto fail;
	}
	vlog(VLOG_INFO, "zone %u blk@%#" PRIx64 " irq %u: %s, %" PRIu64 " MiB%s", d->zone->id,
	     d->addr, d->irq, c->img, bytes >> 20, b->ro ? ", read-only" : "");
	return 0;
fail:
	if (b->fd >= 0)
		close(b->fd);
	free(b);
	d->priv = NULL;
	return -1;
}
