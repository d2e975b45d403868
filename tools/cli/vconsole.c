// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (virtio 1.2 §5.3), one port, on a pseudo-terminal of the root Linux:
 * `screen /dev/pts/N` (or microcom) is the zone's hvc0. Nothing is lost between a reader
 * and the zone: input is read from the pty only when the zone has a buffer for it, and
 * output waits for the pty to take it. Only when nobody reads the pty for 2 s does the
 * oldest unread output go, so a zone whose console is unwatched still runs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "vcfg.h"
#include "vdev.h"

enum { Q_RX = 0, Q_TX = 1 };
#define STUCK_SECONDS 2

struct vcons {
	int master, slave; /* the daemon keeps the slave open: the master never hangs up */
	char path[64];
	char rx[4096]; /* read from the pty, not yet in a zone buffer */
	size_t rx_len, rx_off;
	bool rx_waiting;  /* no zone buffer: the pty is not read */
	struct vchain tx; /* output the pty has not taken whole */
	size_t tx_off, tx_len;
	bool tx_pending;
	time_t stuck_since; /* the pty is full since then (0: it is not) */
	uint64_t flushed;
};

static void cons_watch(struct vdev *d)
{
	struct vcons *c = d->priv;

	vdev_watch_mod(c->master, (c->rx_waiting ? 0 : EPOLLIN) | (c->tx_pending ? EPOLLOUT : 0));
}

/* Moves what was read into zone buffers; false when the zone has none left. */
static bool cons_deliver(struct vdev *d, bool *irq)
{
	struct vcons *c = d->priv;
	struct vchain ch;

	while (c->rx_off < c->rx_len) {
		size_t n;

		if (!vq_next(d, Q_RX, &ch))
			return false;
		n = vchain_write(&ch, 0, c->rx + c->rx_off, c->rx_len - c->rx_off);
		c->rx_off += n;
		d->chains++;
		d->bytes += n;
		*irq |= vq_push(d, Q_RX, ch.head, (uint32_t)n);
	}
	c->rx_len = c->rx_off = 0;
	return true;
}

static void cons_rx(struct vdev *d)
{
	struct vcons *c = d->priv;
	bool irq = false;

	if (!d->vq[Q_RX].ready)
		return;
	for (unsigned int budget = VDEV_BUDGET;; budget--) {
		ssize_t n;

		if (!cons_deliver(d, &irq)) {
			c->rx_waiting = true;
			break;
		}
		c->rx_waiting = false;
		if (!budget) {
			d->work_pending = true;
			break;
		}
		n = read(c->master, c->rx, sizeof(c->rx));
		if (n <= 0)
			break;
		c->rx_len = (size_t)n;
	}
	if (irq)
		vdev_raise_irq(d);
	cons_watch(d);
}

static void cons_tx(struct vdev *d)
{
	struct vcons *c = d->priv;
	unsigned int budget = VDEV_BUDGET;
	bool irq = false;

	while (d->vq[Q_TX].ready) {
		struct iovec iov[VDEV_MAX_SEGS];
		unsigned int n;
		ssize_t w;

		if (!c->tx_pending) {
			if (!budget--) {
				d->work_pending = true;
				break;
			}
			if (!vq_next(d, Q_TX, &c->tx))
				break;
			c->tx_pending = true;
			c->tx_off = 0;
			c->tx_len = vchain_out_len(&c->tx);
		}
		n = vchain_iov(&c->tx, false, c->tx_off, c->tx_len - c->tx_off, iov);
		w = n ? writev(c->master, iov, (int)n) : 0;
		if (w < 0 && errno == EAGAIN) {
			if (!c->stuck_since)
				c->stuck_since = time(NULL);
			break;
		}
		c->stuck_since = 0;
		if (w > 0) {
			c->tx_off += (size_t)w;
			d->bytes += (uint64_t)w;
		}
		if (w < 0 || c->tx_off >= c->tx_len) {
			irq |= vq_push(d, Q_TX, c->tx.head, 0);
			c->tx_pending = false;
			d->chains++;
		}
	}
	if (irq)
		vdev_raise_irq(d);
	cons_watch(d);
}

static void cons_event(struct vdev *d, uint32_t events)
{
	if (events & EPOLLOUT)
		cons_tx(d);
	if (events & EPOLLIN)
		cons_rx(d);
}

static void cons_notify(struct vdev *d, unsigned int q)
{
	if (q == Q_TX)
		cons_tx(d);
	else
		cons_rx(d);
}

static void cons_work(struct vdev *d)
{
	cons_rx(d);
	cons_tx(d);
}

static void cons_tick(struct vdev *d)
{
	struct vcons *c = d->priv;

	if (!c->tx_pending || !c->stuck_since || time(NULL) - c->stuck_since < STUCK_SECONDS)
		return;
	/* Nobody reads the pty: drop what it holds so the zone's console goes on. */
	tcflush(c->slave, TCIFLUSH);
	c->flushed++;
	c->stuck_since = 0;
	vlog_limited("console unread",
		     "zone %u console %s: nobody has read it for %d s; its "
		     "unread output was dropped (attach with: screen %s)",
		     d->zone->id, c->path, STUCK_SECONDS, c->path);
	cons_tx(d);
}

static void cons_reset(struct vdev *d)
{
	struct vcons *c = d->priv;

	c->tx_pending = false;
	c->rx_waiting = true; /* no queue: stop reading until the driver is back */
	c->stuck_since = 0;
	cons_watch(d);
}

static bool cons_config_read(struct vdev *d, uint32_t off, uint32_t size, uint64_t *value)
{
	(void)d;
	if (off + size > 12)
		return false;
	*value = 0; /* cols, rows, max_nr_ports, emerg_wr: no size, one port */
	return true;
}

static void cons_destroy(struct vdev *d)
{
	struct vcons *c = d->priv;

	vdev_unwatch(c->master);
	close(c->master);
	close(c->slave);
}

static const struct vdev_ops cons_ops = {
	.type = VDEV_CONSOLE,
	.name = "console",
	.nr_queues = 2,
	.config_read = cons_config_read,
	.notify = cons_notify,
	.driver_ok = cons_work,
	.work = cons_work,
	.reset = cons_reset,
	.tick = cons_tick,
	.destroy = cons_destroy,
};

int vconsole_create(struct vdev *d, const struct vcfg_dev *cfg)
{
	struct vcons *c = calloc(1, sizeof(*c));
	struct termios t;

	if (!c)
		return -1;
	c->slave = -1;
	c->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (c->master < 0 || grantpt(c->master) || unlockpt(c->master) ||
	    ptsname_r(c->master, c->path, sizeof(c->path))) {
		vlog(VLOG_ERR,
		     "%s: cannot create a pseudo-terminal: %s (is devpts mounted on "
		     "/dev/pts?)",
		     cfg->where, strerror(errno));
		goto fail;
	}
	c->slave = open(c->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->slave < 0 || tcgetattr(c->slave, &t)) {
		vlog(VLOG_ERR, "%s: cannot open %s: %s", cfg->where, c->path, strerror(errno));
		goto fail;
	}
	cfmakeraw(&t); /* the zone's own tty does the line editing */
	tcsetattr(c->slave, TCSANOW, &t);
	c->rx_waiting = true;
	d->ops = &cons_ops;
	d->priv = c;
	if (vdev_watch(d, c->master, 0, cons_event)) {
		vlog(VLOG_ERR, "%s: cannot watch %s", cfg->where, c->path);
		goto fail;
	}
	/* hvisor-tool's words, which the porting guide tells users to look for. */
	vlog(VLOG_INFO, "zone %u console@%#" PRIx64 " irq %u: char device redirected to %s",
	     d->zone->id, d->addr, d->irq, c->path);
	printf("zone %u console: char device redirected to %s\n", d->zone->id, c->path);
	fflush(stdout);
	return 0;
fail:
	if (c->master >= 0)
		close(c->master);
	if (c->slave >= 0)
		close(c->slave);
	free(c);
	d->priv = NULL;
	return -1;
}
