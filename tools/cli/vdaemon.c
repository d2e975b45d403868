// SPDX-License-Identifier: GPL-2.0
/*
 * `hvisor virtio start <virtio.json>`: the virtio daemon of the root Linux (hvisor's
 * wire protocol, include/hvisor/virtio_bridge.h). Register accesses of other zones arrive
 * in the bridge page's request ring; each is answered in cfg_values/cfg_flags of the
 * trapped CPU (a queue notify is not answered: the hypervisor let the vCPU go on), and
 * interrupts go back through res_list and hypercall 1.
 *
 * One thread runs the event loop (the ring, the wake-up eventfd, signals, ptys and taps);
 * each disk has a worker. When the ring is empty for a moment the loop sets need_wakeup
 * and sleeps; the hypervisor's next request raises the wake-up IRQ, which hvisor.ko turns
 * into an eventfd signal. Once a second it looks at `zone list`: the devices of a zone
 * that stopped are reset (nothing of the daemon touches its RAM any more), and the zone
 * started again finds them like new.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "hvisor/ioctl.h"
#include "hvisor/virtio_bridge.h"
#include "hvisor/zone_config.h"
#include "vcfg.h"
#include "vdev.h"

#define RING_MASK      (VIRTIO_BRIDGE_MAX_REQ - 1)
#define INVALID_ZONE   0xffffffffu
#define POLL_NS	       200000	/* busy-poll the ring this long before sleeping */
#define STALL_NS       20000000 /* a vCPU waits 100 ms at most: say when we are this slow */
#define MAX_WATCHES    (2 * VDEV_MAX_DEVS + 4)
#define LIMIT_KEYS     16
#define LIMIT_PERIOD_S 5

static struct {
	int dev;   /* /dev/hvisor */
	int epoll; /* every fd the loop waits on */
	int wake;  /* eventfd signalled by hvisor.ko's wake-up IRQ handler */
	int sig;   /* signalfd: SIGTERM, SIGINT, SIGHUP */
	struct virtio_bridge *bridge;
	pthread_mutex_t res_lock; /* res_list has one producer at a time */
	struct vzone zones[VDEV_MAX_ZONES];
	unsigned int nr_zones;
	struct vdev devs[VDEV_MAX_DEVS];
	unsigned int nr_devs;
	/* logging */
	FILE *log;
	bool use_syslog;
	enum vlog_level level;
	pthread_mutex_t log_lock;
	uint64_t requests, wakeups, irqs, unknown;
} vd = { .dev = -1, .epoll = -1, .wake = -1, .sig = -1, .level = VLOG_INFO };

struct watch {
	int fd;
	struct vdev *d;
	void (*cb)(struct vdev *, uint32_t);
};
static struct watch watches[MAX_WATCHES];
/* epoll data for the loop's own fds */
static struct watch wake_watch = { .fd = -1 }, sig_watch = { .fd = -1 };

/* ---- logging ---- */

static const char *const level_names[] = { "error", "warning", "info", "debug" };

static void vlogv(enum vlog_level level, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char msg[512];
	struct timespec ts;

	if (level > vd.level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (vd.use_syslog) {
		syslog(prio[level], "%s", msg);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	pthread_mutex_lock(&vd.log_lock);
	fprintf(vd.log ? vd.log : stderr, "[%5lld.%03ld] hvisor-virtio: %s: %s\n",
		(long long)ts.tv_sec, ts.tv_nsec / 1000000, level_names[level], msg);
	fflush(vd.log ? vd.log : stderr);
	pthread_mutex_unlock(&vd.log_lock);
}

void vlog(enum vlog_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogv(level, fmt, ap);
	va_end(ap);
}

void vlog_limited(const char *key, const char *fmt, ...)
{
	static struct {
		const char *key;
		time_t last;
		unsigned long dropped;
	} slots[LIMIT_KEYS];
	time_t now = time(NULL);
	unsigned long dropped = 0;
	bool print = true;
	va_list ap;

	pthread_mutex_lock(&vd.log_lock);
	for (unsigned int i = 0; i < LIMIT_KEYS; i++) {
		if (slots[i].key && strcmp(slots[i].key, key))
			continue;
		if (!slots[i].key) {
			slots[i].key = key;
		} else if (now - slots[i].last < LIMIT_PERIOD_S) {
			slots[i].dropped++;
			print = false;
			break;
		}
		dropped = slots[i].dropped;
		slots[i].dropped = 0;
		slots[i].last = now;
		break;
	}
	pthread_mutex_unlock(&vd.log_lock);
	if (!print)
		return;
	va_start(ap, fmt);
	vlogv(VLOG_WARN, fmt, ap);
	va_end(ap);
	if (dropped)
		vlog(VLOG_WARN, "(%lu more like the previous one in the last %d s)", dropped,
		     LIMIT_PERIOD_S);
}

/* ---- services for the devices ---- */

uint64_t vdev_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void vdev_raise_irq(struct vdev *d)
{
	struct virtio_bridge *b = vd.bridge;

	__atomic_fetch_or(d->isr, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&vd.res_lock);
	for (;;) {
		uint32_t rear = b->res_rear & RING_MASK;
		uint32_t front = __atomic_load_n(&b->res_front, __ATOMIC_ACQUIRE) & RING_MASK;

		if (((rear + 1) & RING_MASK) != front) {
			b->res_list[rear].target_zone = d->zone->id;
			b->res_list[rear].irq_id = d->irq;
			__atomic_store_n(&b->res_rear, (rear + 1) & RING_MASK, __ATOMIC_RELEASE);
			break;
		}
		/* Full: the hypervisor drains it with the hypercall below. */
		if (ioctl(vd.dev, HVISOR_FINISH_REQ) != 0)
			break;
	}
	if (ioctl(vd.dev, HVISOR_FINISH_REQ) != 0)
		vlog_limited("finish",
			     "FINISH_REQ (hypercall 1) failed: %s: zone %u misses an "
			     "interrupt of %s@%#" PRIx64,
			     strerror(errno), d->zone->id, d->ops->name, d->addr);
	vd.irqs++;
	__atomic_fetch_add(&d->irqs, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&vd.res_lock);
}

int vdev_watch(struct vdev *d, int fd, uint32_t events, void (*cb)(struct vdev *, uint32_t))
{
	for (unsigned int i = 0; i < MAX_WATCHES; i++) {
		struct watch *w = &watches[i];
		struct epoll_event ev = { .events = events, .data.ptr = w };

		if (w->cb)
			continue;
		w->fd = fd;
		w->d = d;
		w->cb = cb;
		if (epoll_ctl(vd.epoll, EPOLL_CTL_ADD, fd, &ev) == 0)
			return 0;
		w->cb = NULL;
		return -1;
	}
	return -1;
}

int vdev_watch_mod(int fd, uint32_t events)
{
	for (unsigned int i = 0; i < MAX_WATCHES; i++) {
		struct epoll_event ev = { .events = events, .data.ptr = &watches[i] };

		if (watches[i].cb && watches[i].fd == fd)
			return epoll_ctl(vd.epoll, EPOLL_CTL_MOD, fd, &ev);
	}
	return -1;
}

void vdev_unwatch(int fd)
{
	for (unsigned int i = 0; i < MAX_WATCHES; i++)
		if (watches[i].cb && watches[i].fd == fd) {
			epoll_ctl(vd.epoll, EPOLL_CTL_DEL, fd, NULL);
			watches[i].cb = NULL;
		}
}

/* ---- requests from the bridge ---- */

static struct vdev *find_dev(uint32_t zone, uint64_t addr)
{
	for (unsigned int i = 0; i < vd.nr_devs; i++) {
		struct vdev *d = &vd.devs[i];

		if (d->zone->id == zone && addr >= d->addr && addr - d->addr < d->len)
			return d;
	}
	return NULL;
}

static void handle(const struct device_req *r)
{
	struct virtio_bridge *b = vd.bridge;
	struct vdev *d;
	uint64_t value = 0;

	vd.requests++;
	if (r->src_zone == INVALID_ZONE)
		return; /* voided by the hypervisor: that zone was shut down */
	if (r->src_cpu >= VIRTIO_BRIDGE_MAX_CPUS) {
		vlog_limited("bad cpu", "request from CPU %" PRIu64 " (at most %d): ignored",
			     r->src_cpu, VIRTIO_BRIDGE_MAX_CPUS - 1);
		return;
	}
	d = find_dev(r->src_zone, r->address);
	if (d) {
		uint64_t t = vdev_now_ns();

		d->zone->requests++;
		d->accesses++;
		value = vmmio_access(d, r->address - d->addr, (unsigned int)r->size, r->is_write,
				     r->value);
		t = vdev_now_ns() - t;
		if (t > STALL_NS)
			vlog_limited("slow access",
				     "zone %u %s@%#" PRIx64 ": %s at offset %#" PRIx64
				     " took %" PRIu64 " ms (a vCPU waits 100 ms at most)",
				     d->zone->id, d->ops->name, d->addr,
				     r->is_write ? "write" : "read", r->address - d->addr,
				     t / 1000000);
	} else {
		vd.unknown++;
		vlog_limited("no device",
			     "zone %u: %s at %#" PRIx64 ": no device of virtio.json "
			     "there (reads 0)",
			     r->src_zone, r->is_write ? "write" : "read", r->address);
	}
	if (r->need_interrupt)
		return; /* a queue notify: the vCPU did not wait */
	b->cfg_values[r->src_cpu] = value;
	__atomic_fetch_add(&b->cfg_flags[r->src_cpu], 1, __ATOMIC_RELEASE);
}

/* Serves every request in the ring; returns how many. */
static unsigned int drain(void)
{
	struct virtio_bridge *b = vd.bridge;
	unsigned int n = 0;

	for (;;) {
		uint32_t front = b->req_front & RING_MASK;
		uint32_t rear = __atomic_load_n(&b->req_rear, __ATOMIC_ACQUIRE) & RING_MASK;
		struct device_req r;

		if (front == rear)
			return n;
		r = b->req_list[front];
		__atomic_store_n(&b->req_front, (front + 1) & RING_MASK, __ATOMIC_RELEASE);
		handle(&r);
		n++;
	}
}

/* Goes on with what devices left undone; true when some still is. */
static bool work(void)
{
	bool more = false;

	for (unsigned int i = 0; i < vd.nr_devs; i++) {
		struct vdev *d = &vd.devs[i];

		if (!__atomic_load_n(&d->work_pending, __ATOMIC_RELAXED))
			continue;
		pthread_mutex_lock(&d->lock);
		d->work_pending = false;
		if (d->ops->work)
			d->ops->work(d);
		more |= d->work_pending;
		pthread_mutex_unlock(&d->lock);
	}
	return more;
}

static bool ring_empty(void)
{
	struct virtio_bridge *b = vd.bridge;

	return (b->req_front & RING_MASK) ==
	       (__atomic_load_n(&b->req_rear, __ATOMIC_ACQUIRE) & RING_MASK);
}

/* ---- zones coming and going ---- */

static void zone_state(struct vzone *z, bool running)
{
	if (z->running == running)
		return;
	z->running = running;
	if (running) {
		vlog(VLOG_INFO, "zone %u is running: serving its devices", z->id);
		return;
	}
	for (unsigned int i = 0; i < vd.nr_devs; i++) {
		struct vdev *d = &vd.devs[i];

		if (d->zone != z)
			continue;
		pthread_mutex_lock(&d->lock);
		vmmio_reset(d);
		pthread_mutex_unlock(&d->lock);
	}
	vlog(VLOG_INFO, "zone %u is not running: its devices are reset and wait for it", z->id);
}

static void check_zones(void)
{
	static struct zone_info info[HVISOR_ZONE_LIST_MAX];
	struct hvisor_zone_list_args a = { .cnt = HVISOR_ZONE_LIST_MAX, .zones = (uintptr_t)info };
	int n = ioctl(vd.dev, HVISOR_ZONE_LIST, &a);

	if (n < 0)
		return;
	for (unsigned int i = 0; i < vd.nr_zones; i++) {
		bool running = false;

		for (int j = 0; j < n; j++)
			if (info[j].zone_id == vd.zones[i].id &&
			    info[j].is_err != ZONE_INFO_STOPPED)
				running = true;
		zone_state(&vd.zones[i], running);
	}
}

static void tick(void)
{
	check_zones();
	for (unsigned int i = 0; i < vd.nr_devs; i++) {
		struct vdev *d = &vd.devs[i];

		if (!d->ops->tick)
			continue;
		pthread_mutex_lock(&d->lock);
		d->ops->tick(d);
		pthread_mutex_unlock(&d->lock);
	}
}

/* ---- set-up ---- */

static int map_zones(const struct vcfg *cfg)
{
	for (unsigned int i = 0; i < cfg->nr_zones; i++) {
		const struct vcfg_zone *cz = &cfg->zones[i];
		struct vzone *z = &vd.zones[i];

		z->id = cz->id;
		for (unsigned int j = 0; j < cz->nr_ram; j++) {
			void *p = mmap(NULL, cz->ram[j].size, PROT_READ | PROT_WRITE, MAP_SHARED,
				       vd.dev, (off_t)cz->ram[j].zone0_ipa);

			if (p == MAP_FAILED) {
				vlog(VLOG_ERR,
				     "zones[%u].memory_region[%u]: cannot map [%#" PRIx64
				     ", %#" PRIx64 "): %s (it must be a zone's RAM, a "
				     "no-map /reserved-memory of the root DT; `dmesg | "
				     "grep hvisor` says more)",
				     i, j, cz->ram[j].zone0_ipa,
				     cz->ram[j].zone0_ipa + cz->ram[j].size, strerror(errno));
				return -1;
			}
			z->ram[j].zone0_ipa = cz->ram[j].zone0_ipa;
			z->ram[j].ipa = cz->ram[j].zonex_ipa;
			z->ram[j].size = cz->ram[j].size;
			z->ram[j].host = p;
			z->nr_ram++;
		}
	}
	vd.nr_zones = cfg->nr_zones;
	return 0;
}

_Static_assert(VDEV_MAX_DEVS <= VIRTIO_BRIDGE_ISR_DEVS, "a status word for every device");

static int create_devs(const struct vcfg *cfg)
{
	struct virtio_bridge_isr *t = virtio_bridge_isr_of(vd.bridge);

	/* The table is filled before its magic says it is valid (a dead daemon's may be
	 * there still): until then the hypervisor sends these registers here as well. */
	__atomic_store_n(&t->magic, 0, __ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < cfg->nr_devs; i++) {
		const struct vcfg_dev *c = &cfg->devs[i];
		struct vdev *d = &vd.devs[i];
		int err;

		pthread_mutex_init(&d->lock, NULL);
		d->zone = &vd.zones[c->zone];
		d->addr = c->addr;
		d->len = c->len;
		d->irq = c->irq;
		t->dev[i].address = c->addr;
		t->dev[i].zone_id = d->zone->id;
		t->dev[i].status = 0;
		t->dev[i].answered = 0;
		d->isr = &t->dev[i].status;
		err = c->type == VDEV_BLK   ? vblk_create(d, c)
		      : c->type == VDEV_NET ? vnet_create(d, c)
					    : vconsole_create(d, c);
		if (err)
			return -1;
		vd.nr_devs++;
		vd.bridge->mmio_addrs[i] = c->addr;
	}
	vd.bridge->mmio_avail = 1;
	t->nr_devs = vd.nr_devs;
	__atomic_store_n(&t->magic, VIRTIO_BRIDGE_ISR_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

static int open_bridge(void)
{
	struct epoll_event ev;
	sigset_t sigs;

	vd.dev = cli_open_dev();
	if (vd.dev < 0)
		return -1;
	/* Ours answers 0 when the bridge exists (a daemon started again); hvisor-tool's
	 * driver allocates a new page, which the hypervisor takes as well. */
	if (ioctl(vd.dev, HVISOR_INIT_VIRTIO) != 0) {
		vlog(VLOG_ERR, "INIT_VIRTIO: %s (%s): %s", cli_errno_name(errno), strerror(errno),
		     errno == ENODEV ? "the root DT has no /hvisor_virtio_device node (its "
				       "interrupt wakes this daemon)"
				     : "`dmesg | grep hvisor` and the hypervisor's log say why");
		return -1;
	}
	vd.bridge = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, vd.dev, 0);
	if (vd.bridge == MAP_FAILED) {
		vlog(VLOG_ERR, "cannot map the virtio bridge page: %s", strerror(errno));
		return -1;
	}
	vd.wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (vd.wake < 0 || ioctl(vd.dev, HVISOR_SET_EVENTFD, vd.wake) != 0) {
		vlog(VLOG_ERR, "SET_EVENTFD: %s", strerror(errno));
		return -1;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGUSR1);	     /* print the counters, go on */
	sigprocmask(SIG_BLOCK, &sigs, NULL); /* before any thread starts: all inherit it */
	signal(SIGPIPE, SIG_IGN);
	vd.sig = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	vd.epoll = epoll_create1(EPOLL_CLOEXEC);
	if (vd.sig < 0 || vd.epoll < 0)
		return -1;
	wake_watch.fd = vd.wake;
	sig_watch.fd = vd.sig;
	ev.events = EPOLLIN;
	ev.data.ptr = &wake_watch;
	epoll_ctl(vd.epoll, EPOLL_CTL_ADD, vd.wake, &ev);
	ev.data.ptr = &sig_watch;
	epoll_ctl(vd.epoll, EPOLL_CTL_ADD, vd.sig, &ev);
	/* Requests left by a daemon that died were answered by the hypervisor's timeout;
	 * answering them now would answer a newer access of the same CPU. */
	__atomic_store_n(&vd.bridge->req_front,
			 __atomic_load_n(&vd.bridge->req_rear, __ATOMIC_ACQUIRE) & RING_MASK,
			 __ATOMIC_RELEASE);
	return 0;
}

/* ---- the loop ---- */

/* One line per zone and device (SIGUSR1, and at exit): what make bench reads. */
static void print_stats(void)
{
	vlog(VLOG_INFO, "stats: requests %" PRIu64 " wakeups %" PRIu64 " interrupts %" PRIu64,
	     vd.requests, vd.wakeups, vd.irqs);
	for (unsigned int i = 0; i < vd.nr_zones; i++)
		vlog(VLOG_INFO, "stats: zone %u requests %" PRIu64, vd.zones[i].id,
		     vd.zones[i].requests);
	for (unsigned int i = 0; i < vd.nr_devs; i++) {
		struct vdev *d = &vd.devs[i];

		/* accesses: answered here; by_hypervisor: InterruptStatus reads and ACKs the
		 * hypervisor answered from the status table (make bench counts both). */
		vlog(VLOG_INFO,
		     "stats: zone %u %s@%#" PRIx64 " chains %" PRIu64 " bytes %" PRIu64
		     " refused %" PRIu64 " accesses %" PRIu64 " by_hypervisor %" PRIu64
		     " interrupts %" PRIu64,
		     d->zone->id, d->ops->name, d->addr, d->chains,
		     __atomic_load_n(&d->bytes, __ATOMIC_RELAXED), d->bad_requests, d->accesses,
		     __atomic_load_n(&virtio_bridge_isr_of(vd.bridge)->dev[i].answered,
				     __ATOMIC_RELAXED),
		     __atomic_load_n(&d->irqs, __ATOMIC_RELAXED));
		if (d->ops->stats) {
			pthread_mutex_lock(&d->lock);
			d->ops->stats(d);
			pthread_mutex_unlock(&d->lock);
		}
	}
}

/*
 * A trapped vCPU spins until this thread answers (100 ms at most), so the thread must not
 * wait behind the processes it wakes (a console reader, the disk's worker): it runs
 * SCHED_FIFO. It sleeps whenever the ring is empty, and the kernel's real-time throttling
 * keeps a share of every CPU for the rest. The disk workers, created before, stay normal.
 */
static void realtime(void)
{
	struct sched_param p = { .sched_priority = 10 };

	if (sched_setscheduler(0, SCHED_FIFO, &p) != 0)
		vlog(VLOG_WARN,
		     "cannot run SCHED_FIFO (%s): zones' register accesses may wait "
		     "behind other processes",
		     strerror(errno));
}

/* Handles the fds epoll reported (*any: some); false on a termination signal. */
static bool events(int timeout_ms, bool *any)
{
	struct epoll_event ev[16];
	int n = epoll_wait(vd.epoll, ev, 16, timeout_ms);

	if (any && n > 0)
		*any = true;
	for (int i = 0; i < n; i++) {
		struct watch *w = ev[i].data.ptr;

		if (w == &sig_watch) {
			struct signalfd_siginfo si;

			if (read(vd.sig, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGUSR1) {
				print_stats();
				continue;
			}
			vlog(VLOG_INFO, "%s: exiting", strsignal((int)si.ssi_signo));
			return false;
		} else if (w == &wake_watch) {
			uint64_t v;

			if (read(vd.wake, &v, sizeof(v)) == sizeof(v))
				vd.wakeups += v;
		} else if (w->cb) {
			pthread_mutex_lock(&w->d->lock);
			w->cb(w->d, ev[i].events);
			pthread_mutex_unlock(&w->d->lock);
		}
	}
	return true;
}

static void loop(void)
{
	struct virtio_bridge *b = vd.bridge;
	uint64_t next_tick = vdev_now_ns();

	for (;;) {
		uint64_t until = vdev_now_ns() + POLL_NS, t;

		/* Busy: serve the ring, the devices' fds and left-over work; go on polling a
		 * moment after the last of them. */
		do {
			bool progress;

			t = vdev_now_ns();
			progress = drain() | work();
			if (!progress && !events(0, &progress))
				return;
			if (progress)
				until = vdev_now_ns() + POLL_NS;
			if (vdev_now_ns() - t > STALL_NS)
				vlog_limited("stall", "one pass of the loop took %" PRIu64 " ms",
					     (vdev_now_ns() - t) / 1000000);
		} while (vdev_now_ns() < until);
		if (vdev_now_ns() >= next_tick) {
			t = vdev_now_ns();
			tick();
			next_tick = vdev_now_ns() + 1000000000ULL;
			if (vdev_now_ns() - t > STALL_NS)
				vlog_limited("stall", "tick took %" PRIu64 " ms",
					     (vdev_now_ns() - t) / 1000000);
		}
		if (!ring_empty() || work())
			continue;
		/* Sleep; the hypervisor raises the wake-up IRQ for the next request. */
		__atomic_store_n(&b->need_wakeup, 1, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (ring_empty() && !events(1000, NULL))
			return;
		__atomic_store_n(&b->need_wakeup, 0, __ATOMIC_SEQ_CST);
	}
}

static void cleanup(void)
{
	print_stats(); /* while the backends are there to count */
	for (unsigned int i = 0; i < vd.nr_devs; i++)
		if (vd.devs[i].ops->destroy)
			vd.devs[i].ops->destroy(&vd.devs[i]);
	if (vd.bridge && vd.bridge != MAP_FAILED) {
		/* No daemon: the hypervisor's waits end at their timeout, not at a wake-up, and
		 * interrupt status is the next daemon's to answer. */
		__atomic_store_n(&virtio_bridge_isr_of(vd.bridge)->magic, 0, __ATOMIC_SEQ_CST);
		vd.bridge->mmio_avail = 0;
		vd.bridge->need_wakeup = 0;
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: hvisor virtio start [--log FILE | --syslog] [--log-level "
			"error|warning|info|debug] <virtio.json>\n");
	return 1;
}

int vdaemon_main(int argc, char **argv)
{
	static struct vcfg cfg;
	static struct zonecfg_errors errs;
	const char *file = NULL;
	char *text;
	size_t len;
	int i, ret = 1;

	pthread_mutex_init(&vd.log_lock, NULL);
	pthread_mutex_init(&vd.res_lock, NULL);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--syslog")) {
			vd.use_syslog = true;
		} else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
			vd.log = fopen(argv[++i], "a");
			if (!vd.log) {
				fprintf(stderr, "hvisor: --log %s: %s\n", argv[i], strerror(errno));
				return 1;
			}
		} else if (!strcmp(argv[i], "--log-level") && i + 1 < argc) {
			unsigned int l;

			for (l = 0; l < 4 && strcmp(argv[i + 1], level_names[l]); l++)
				;
			if (l == 4)
				return usage();
			vd.level = (enum vlog_level)l;
			i++;
		} else if (argv[i][0] == '-' || file) {
			return usage();
		} else {
			file = argv[i];
		}
	}
	if (!file)
		return usage();
	if (vd.use_syslog)
		openlog("hvisor-virtio", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	text = cli_read_file(file, 0, &len);
	if (!text) {
		fprintf(stderr, "hvisor: %s: %s\n", file, strerror(errno));
		return 1;
	}
	vcfg_parse(file, text, &cfg, &errs);
	free(text);
	if (errs.count) {
		cli_print_errors(&errs);
		fprintf(stderr, "hvisor: %s: %u problem(s), no device was started\n", file,
			errs.count);
		return 1;
	}
	prctl(PR_SET_NAME, "hvisor-virtio"); /* as hvisor-tool's: `pkill hvisor-virtio` */
	if (open_bridge() || map_zones(&cfg) || create_devs(&cfg))
		goto out;
	vlog(VLOG_INFO, "serving %u device(s) of %u zone(s) from %s", vd.nr_devs, vd.nr_zones,
	     file);
	realtime();
	check_zones();
	loop();
	ret = 0;
out:
	cleanup();
	if (vd.log)
		fclose(vd.log);
	return ret;
}
