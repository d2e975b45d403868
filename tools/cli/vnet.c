// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net (virtio 1.2 §5.1) on a tap interface of the root Linux (created when
 * missing, brought up; its address is the user's to set). No offloads: a frame goes
 * between the tap and the zone's buffers in one readv/writev, after the 12-byte header.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vcfg.h"
#include "vdev.h"

#define VIRTIO_NET_F_MAC 5
#define NET_HDR_LEN	 12 /* struct virtio_net_hdr with num_buffers (VERSION_1) */
enum { Q_RX = 0, Q_TX = 1 };

struct vnet {
	int tap;
	char name[IFNAMSIZ];
	uint8_t mac[6];
	bool rx_waiting; /* no zone buffer: the tap is not read */
	uint64_t rx_frames, tx_frames, rx_dropped;
};

static void net_rx(struct vdev *d)
{
	struct vnet *n = d->priv;
	bool irq = false;

	n->rx_waiting = false;
	for (unsigned int budget = VDEV_BUDGET; d->vq[Q_RX].ready; budget--) {
		static const uint8_t hdr[NET_HDR_LEN] = { [10] = 1 }; /* num_buffers = 1 */
		struct iovec iov[VDEV_MAX_SEGS];
		struct vchain c;
		unsigned int k;
		ssize_t r;

		if (!budget) {
			d->work_pending = true;
			break;
		}
		if (!vq_next(d, Q_RX, &c)) {
			n->rx_waiting = true;
			break;
		}
		if (c.in_len <= NET_HDR_LEN) {
			vlog_limited("net rx buffer",
				     "zone %u net@%#" PRIx64 ": receive buffer of "
				     "%zu bytes, too small for a frame",
				     d->zone->id, d->addr, c.in_len);
			irq |= vq_push(d, Q_RX, c.head, 0);
			continue;
		}
		k = vchain_iov(&c, true, NET_HDR_LEN, c.in_len - NET_HDR_LEN, iov);
		r = readv(n->tap, iov, (int)k);
		if (r <= 0) {
			vq_unpop(d, Q_RX); /* nothing to receive: the buffer stays the zone's */
			break;
		}
		vchain_write(&c, 0, hdr, NET_HDR_LEN);
		n->rx_frames++;
		d->chains++;
		d->bytes += (uint64_t)r;
		irq |= vq_push(d, Q_RX, c.head, (uint32_t)(r + NET_HDR_LEN));
	}
	if (irq)
		vdev_raise_irq(d);
	vdev_watch_mod(n->tap, n->rx_waiting ? 0 : EPOLLIN);
}

static void net_tx(struct vdev *d)
{
	struct vnet *n = d->priv;
	bool irq = false;

	for (unsigned int budget = VDEV_BUDGET; d->vq[Q_TX].ready; budget--) {
		struct iovec iov[VDEV_MAX_SEGS];
		struct vchain c;
		size_t len;

		if (!budget) {
			d->work_pending = true;
			break;
		}
		if (!vq_next(d, Q_TX, &c))
			break;
		len = vchain_out_len(&c);
		if (len > NET_HDR_LEN) {
			unsigned int k = vchain_iov(&c, false, NET_HDR_LEN, len - NET_HDR_LEN, iov);

			if (writev(n->tap, iov, (int)k) < 0) {
				n->rx_dropped++;
			} else {
				n->tx_frames++;
				d->bytes += len - NET_HDR_LEN;
			}
			d->chains++;
		}
		irq |= vq_push(d, Q_TX, c.head, 0);
	}
	if (irq)
		vdev_raise_irq(d);
}

static void net_event(struct vdev *d, uint32_t events)
{
	if (events & EPOLLIN)
		net_rx(d);
}

static void net_notify(struct vdev *d, unsigned int q)
{
	if (q == Q_TX)
		net_tx(d);
	else
		net_rx(d);
}

static void net_driver_ok(struct vdev *d)
{
	net_rx(d);
}

static void net_work(struct vdev *d)
{
	net_tx(d);
	if (!((struct vnet *)d->priv)->rx_waiting)
		net_rx(d);
}

static void net_reset(struct vdev *d)
{
	struct vnet *n = d->priv;

	n->rx_waiting = true;
	vdev_watch_mod(n->tap, 0);
}

static bool net_config_read(struct vdev *d, uint32_t off, uint32_t size, uint64_t *value)
{
	struct vnet *n = d->priv;
	uint8_t cfg[8] = { 0 };

	memcpy(cfg, n->mac, 6);
	if (off + size > sizeof(cfg) || size > 8)
		return false;
	*value = 0;
	memcpy(value, cfg + off, size);
	return true;
}

static void net_destroy(struct vdev *d)
{
	struct vnet *n = d->priv;

	vdev_unwatch(n->tap);
	close(n->tap);
	vlog(VLOG_INFO, "zone %u net@%#" PRIx64 " (%s): %" PRIu64 " frames in, %" PRIu64 " out",
	     d->zone->id, d->addr, n->name, n->rx_frames, n->tx_frames);
}

static const struct vdev_ops net_ops = {
	.type = VDEV_NET,
	.name = "net",
	.features = 1ULL << VIRTIO_NET_F_MAC,
	.nr_queues = 2,
	.config_read = net_config_read,
	.notify = net_notify,
	.driver_ok = net_driver_ok,
	.work = net_work,
	.reset = net_reset,
	.destroy = net_destroy,
};

int vnet_create(struct vdev *d, const struct vcfg_dev *c)
{
	struct vnet *n = calloc(1, sizeof(*n));
	struct ifreq ifr;
	int s;

	if (!n)
		return -1;
	n->tap = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (n->tap < 0) {
		vlog(VLOG_ERR,
		     "%s: cannot open /dev/net/tun: %s (load the tun module: modprobe "
		     "tun)",
		     c->where, strerror(errno));
		goto fail;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", c->tap);
	if (ioctl(n->tap, TUNSETIFF, &ifr) != 0) {
		vlog(VLOG_ERR, "%s.tap: cannot attach to or create %s: %s", c->where, c->tap,
		     strerror(errno));
		goto fail;
	}
	snprintf(n->name, sizeof(n->name), "%s", ifr.ifr_name);
	/* Up, so that the user only has to give it an address. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s >= 0 && ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
			vlog(VLOG_WARN, "%s: cannot bring %s up: %s", c->where, n->name,
			     strerror(errno));
	}
	if (s >= 0)
		close(s);
	memcpy(n->mac, c->mac, 6);
	n->rx_waiting = true;
	d->ops = &net_ops;
	d->priv = n;
	if (vdev_watch(d, n->tap, 0, net_event)) {
		vlog(VLOG_ERR, "%s: cannot watch %s", c->where, n->name);
		goto fail;
	}
	vlog(VLOG_INFO,
	     "zone %u net@%#" PRIx64 " irq %u: tap %s, mac %02x:%02x:%02x:%02x:%02x:%02x",
	     d->zone->id, d->addr, d->irq, n->name, n->mac[0], n->mac[1], n->mac[2], n->mac[3],
	     n->mac[4], n->mac[5]);
	return 0;
fail:
	if (n->tap >= 0)
		close(n->tap);
	free(n);
	d->priv = NULL;
	return -1;
}
