/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio daemon's devices (`hvisor virtio start`, docs/virtio.md): what a virtio-mmio
 * device of a zone is made of (its register file, its split virtqueues, its backend), the
 * zone RAM windows every guest address goes through, and the calls between the pieces:
 *
 *   vdaemon.c  the bridge page, the event loop, zones coming and going, logging
 *   vmmio.c    the virtio-mmio (version 2) register file of every device
 *   vqueue.c   split virtqueues: descriptor chains checked against the zone's RAM
 *   vblk.c, vconsole.c, vnet.c   the backends
 *   vcfg.c     virtio.json
 */
#ifndef HVC_TOOLS_VDEV_H
#define HVC_TOOLS_VDEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define VDEV_MAX_ZONES	 8
#define VDEV_MAX_DEVS	 8  /* the bridge's mmio_addrs[]; hvisor-tool's limit too */
#define VDEV_MAX_REGIONS 16 /* RAM windows per zone */
#define VDEV_MAX_QUEUES	 2
#define VDEV_QUEUE_MAX	 256 /* QueueNumMax of every queue */
#define VDEV_MAX_SEGS	 258 /* iovecs of one chain (blk: seg_max 256 + header + status) */
/* Chains a device serves on the loop's thread before the loop answers register accesses
 * again (a vCPU may be waiting for one); the rest is work_pending. */
#define VDEV_BUDGET 16

/* Device IDs (virtio 1.2 §5). */
enum vdev_type { VDEV_NET = 1, VDEV_BLK = 2, VDEV_CONSOLE = 3 };

/* Feature bits (virtio 1.2 §6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX     29
#define VIRTIO_F_VERSION_1     32

/* Device status bits (virtio 1.2 §2.1). */
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_NEEDS_RESET 64

/* One window of a zone's RAM: guest addresses [ipa, ipa + size) at host + (a - ipa). */
struct vzone_ram {
	uint64_t zone0_ipa; /* where the root Linux sees it (its physical address) */
	uint64_t ipa;	    /* where the zone sees it */
	uint64_t size;
	uint8_t *host;
};

struct vzone {
	uint32_t id;
	unsigned int nr_ram;
	struct vzone_ram ram[VDEV_MAX_REGIONS];
	bool running;	   /* the daemon's last look at `zone list` */
	uint64_t requests; /* register accesses served (each one an exit of the zone) */
};

/* A descriptor chain taken from a queue: readable segments first, then writable ones. */
struct vchain {
	uint16_t head;
	unsigned int nr_out, nr_in; /* device-readable, device-writable segment counts */
	struct iovec iov[VDEV_MAX_SEGS];
	size_t in_len; /* total bytes of the writable segments */
};

struct vqueue {
	uint32_t num; /* QueueNum: a power of two <= VDEV_QUEUE_MAX, 0 = not set up */
	bool ready;
	uint64_t desc_addr, avail_addr, used_addr; /* guest addresses */
	/* Host views of the three rings, set when the queue becomes ready. */
	volatile struct vring_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[num], used_event */
	volatile uint16_t *used;  /* flags, idx, then {u32 id, u32 len}[num], avail_event */
	uint16_t last_avail;	  /* next avail entry to take */
	uint16_t used_idx;	  /* next used entry to fill */
	uint16_t signalled_used;  /* used_idx at the last interrupt (EVENT_IDX) */
};

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VRING_DESC_F_NEXT     1
#define VRING_DESC_F_WRITE    2
#define VRING_DESC_F_INDIRECT 4

struct vdev;

/* What a backend adds to the register file. */
struct vdev_ops {
	enum vdev_type type;
	const char *name; /* "blk", "console", "net" */
	uint64_t features;
	unsigned int nr_queues;
	/* Config space read (offset from 0x100); false: outside the config space. */
	bool (*config_read)(struct vdev *d, uint32_t off, uint32_t size, uint64_t *value);
	/* QueueNotify on queue q (the queue is ready). Called with d->lock held. */
	void (*notify)(struct vdev *d, unsigned int q);
	/* Status went to DRIVER_OK. Called with d->lock held. */
	void (*driver_ok)(struct vdev *d);
	/* Reset (Status 0, zone gone): stop touching the zone's RAM. Called with d->lock held. */
	void (*reset)(struct vdev *d);
	/* More of what notify() or an fd event left (VDEV_BUDGET chains at a time). */
	void (*work)(struct vdev *d);
	/* Once a second from the event loop, d->lock held (may be NULL). */
	void (*tick)(struct vdev *d);
	/* SIGUSR1 and exit: the backend's own counters, d->lock held (may be NULL). */
	void (*stats)(struct vdev *d);
	/* Daemon exit: close files. */
	void (*destroy)(struct vdev *d);
};

struct vdev {
	const struct vdev_ops *ops;
	struct vzone *zone;
	uint64_t addr, len; /* the MMIO window, as the bridge reports addresses */
	uint32_t irq;
	pthread_mutex_t lock; /* the register file and the queues */
	/* virtio-mmio registers */
	uint32_t status, dev_features_sel, drv_features_sel, queue_sel, config_gen;
	uint64_t drv_features;
	/* InterruptStatus: the device's word in the bridge page's status table, from which
	 * the hypervisor answers the zone's reads and ACKs (virtio_bridge.h); set by any
	 * thread, cleared by InterruptACK. */
	uint32_t *isr;
	struct vqueue vq[VDEV_MAX_QUEUES];
	bool work_pending;     /* the loop calls ops->work between requests */
	uint64_t chains;       /* chains served */
	uint64_t accesses;     /* register accesses answered here (notifies included) */
	uint64_t irqs;	       /* interrupts asked for */
	uint64_t bytes;	       /* data the daemon moved to or from the zone's buffers */
	uint64_t bad_requests; /* chains refused (bad address, bad layout) */
	void *priv;	       /* the backend's state */
};

/* ---- vmmio.c ---- */
/* A register access of the device's zone; returns the value of a read. */
uint64_t vmmio_access(struct vdev *d, uint64_t offset, unsigned int size, bool write,
		      uint64_t value);
/* Back to the state after power-on (backend reset included). d->lock held. */
void vmmio_reset(struct vdev *d);
/* Marks the device broken (DEVICE_NEEDS_RESET) after the guest misused it. d->lock held. */
void vmmio_needs_reset(struct vdev *d, const char *why);

/* ---- vqueue.c ---- */
/* Host pointer of [gpa, gpa + len) in the zone's RAM, NULL when any byte lies outside. */
void *vzone_ptr(const struct vzone *z, uint64_t gpa, uint64_t len);
/* Maps the rings of d->vq[q] (QueueReady = 1); false when they are not in the zone's RAM. */
bool vq_setup(struct vdev *d, unsigned int q);
/* True when the driver has made a chain available. */
bool vq_has_avail(struct vqueue *vq);
/*
 * Takes the next available chain into c. 1: taken; 0: none available; -1: the chain is
 * bad (outside the zone's RAM, a loop, too long, writable before readable): it has been
 * returned used with length 0 and counted, the caller goes on with the next one.
 */
int vq_pop(struct vdev *d, unsigned int q, struct vchain *c);
/*
 * The next good chain (bad ones are answered on the way), or 0 when the queue is empty;
 * then notifications are enabled again, so the device may wait for the next notify.
 */
int vq_next(struct vdev *d, unsigned int q, struct vchain *c);
/* Gives back the chain vq_pop took last (nothing to put in it yet). */
void vq_unpop(struct vdev *d, unsigned int q);
/* Returns a chain as used with `len` bytes written; true when the guest wants an IRQ. */
bool vq_push(struct vdev *d, unsigned int q, uint16_t head, uint32_t len);
/* With EVENT_IDX: the driver need not notify new entries (the device polls for them). */
void vq_suppress_notify(struct vdev *d, unsigned int q);
/* Asks for notifications again (EVENT_IDX: avail_event; else the used ring's flag). */
void vq_enable_notify(struct vdev *d, unsigned int q);
/* Bytes of a chain's readable/writable segments gathered into/scattered from buf. */
size_t vchain_read(const struct vchain *c, size_t skip, void *buf, size_t len);
size_t vchain_write(const struct vchain *c, size_t skip, const void *buf, size_t len);
/*
 * The readable (or writable) segments of c from byte `skip` on, at most `max` bytes, as
 * iovecs in out[VDEV_MAX_SEGS]; returns how many.
 */
unsigned int vchain_iov(const struct vchain *c, bool writable, size_t skip, size_t max,
			struct iovec *out);
/* Total bytes of the readable segments. */
size_t vchain_out_len(const struct vchain *c);

/* ---- vdaemon.c: services the backends use ---- */
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t vdev_now_ns(void);
/* Sets InterruptStatus bit 0 and has the hypervisor inject the device's IRQ. */
void vdev_raise_irq(struct vdev *d);
/* Adds fd to the event loop: cb(d, events) runs on the loop's thread with d->lock held. */
int vdev_watch(struct vdev *d, int fd, uint32_t events, void (*cb)(struct vdev *, uint32_t));
int vdev_watch_mod(int fd, uint32_t events);
void vdev_unwatch(int fd);
/* Levelled logging: syslog or a file (hvisor virtio start --log). */
enum vlog_level { VLOG_ERR, VLOG_WARN, VLOG_INFO, VLOG_DEBUG };
void vlog(enum vlog_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* At most one line per `key` per 5 s; the others are counted and reported with the next. */
void vlog_limited(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the backends: create from the config entry (fields checked by vcfg.c) ---- */
struct vcfg_dev;
int vblk_create(struct vdev *d, const struct vcfg_dev *c);
int vconsole_create(struct vdev *d, const struct vcfg_dev *c);
int vnet_create(struct vdev *d, const struct vcfg_dev *c);

#endif
