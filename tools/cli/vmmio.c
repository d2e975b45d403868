// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio register file (virtio 1.2 §4.2.2, version 2 only) of every device the
 * daemon serves. Registers are 32-bit: another width reads 0 and is ignored (as the spec
 * allows a device to); config space (0x100 on) is the backend's, read-only here. A
 * driver that breaks the rules (rings outside its RAM, a queue size that is not a power
 * of two) gets DEVICE_NEEDS_RESET, not a daemon that stops.
 */
#include <inttypes.h>
#include <string.h>

#include "hvisor/virtio_bridge.h"
#include "vdev.h"

enum {
	MMIO_MAGIC = 0x000,
	MMIO_VERSION = 0x004,
	MMIO_DEVICE_ID = 0x008,
	MMIO_VENDOR_ID = 0x00c,
	MMIO_DEV_FEATURES = 0x010,
	MMIO_DEV_FEATURES_SEL = 0x014,
	MMIO_DRV_FEATURES = 0x020,
	MMIO_DRV_FEATURES_SEL = 0x024,
	MMIO_QUEUE_SEL = 0x030,
	MMIO_QUEUE_NUM_MAX = 0x034,
	MMIO_QUEUE_NUM = 0x038,
	MMIO_QUEUE_READY = 0x044,
	MMIO_QUEUE_NOTIFY = VIRTIO_MMIO_QUEUE_NOTIFY,
	MMIO_INTERRUPT_STATUS = VIRTIO_MMIO_INTERRUPT_STATUS,
	MMIO_INTERRUPT_ACK = VIRTIO_MMIO_INTERRUPT_ACK,
	MMIO_STATUS = 0x070,
	MMIO_QUEUE_DESC_LOW = 0x080,
	MMIO_QUEUE_DESC_HIGH = 0x084,
	MMIO_QUEUE_DRIVER_LOW = 0x090,
	MMIO_QUEUE_DRIVER_HIGH = 0x094,
	MMIO_QUEUE_DEVICE_LOW = 0x0a0,
	MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
	MMIO_CONFIG_GENERATION = 0x0fc,
	MMIO_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC 0x74726976u /* "virt" */
#define VENDOR_ID	  0x43564948u /* "HVIC": hvisor-c */

static uint64_t features_of(const struct vdev *d)
{
	return d->ops->features | (1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_F_INDIRECT_DESC) |
	       (1ULL << VIRTIO_F_EVENT_IDX);
}

void vmmio_reset(struct vdev *d)
{
	if (d->ops->reset)
		d->ops->reset(d);
	d->status = 0;
	d->dev_features_sel = d->drv_features_sel = d->queue_sel = 0;
	d->drv_features = 0;
	__atomic_store_n(d->isr, 0, __ATOMIC_RELAXED);
	memset(d->vq, 0, sizeof(d->vq));
}

void vmmio_needs_reset(struct vdev *d, const char *why)
{
	vlog_limited("needs reset", "zone %u %s@%#" PRIx64 ": %s: device marked NEEDS_RESET",
		     d->zone->id, d->ops->name, d->addr, why);
	d->bad_requests++;
	d->status |= VIRTIO_STATUS_NEEDS_RESET;
	for (unsigned int q = 0; q < VDEV_MAX_QUEUES; q++)
		d->vq[q].ready = false;
	__atomic_fetch_or(d->isr, 2, __ATOMIC_RELEASE); /* configuration change */
	vdev_raise_irq(d);
}

static struct vqueue *cur_queue(struct vdev *d)
{
	return d->queue_sel < d->ops->nr_queues ? &d->vq[d->queue_sel] : NULL;
}

static uint64_t reg_read(struct vdev *d, uint64_t off)
{
	struct vqueue *vq = cur_queue(d);

	switch (off) {
	case MMIO_MAGIC:
		return VIRTIO_MMIO_MAGIC;
	case MMIO_VERSION:
		return 2;
	case MMIO_DEVICE_ID:
		return d->ops->type;
	case MMIO_VENDOR_ID:
		return VENDOR_ID;
	case MMIO_DEV_FEATURES:
		return d->dev_features_sel < 2
			       ? (uint32_t)(features_of(d) >> (32 * d->dev_features_sel))
			       : 0;
	case MMIO_QUEUE_NUM_MAX:
		return vq ? VDEV_QUEUE_MAX : 0;
	case MMIO_QUEUE_READY:
		return vq ? vq->ready : 0;
	case MMIO_INTERRUPT_STATUS:
		return __atomic_load_n(d->isr, __ATOMIC_ACQUIRE);
	case MMIO_STATUS:
		return d->status;
	case MMIO_CONFIG_GENERATION:
		return d->config_gen;
	default:
		return 0;
	}
}

static void set_addr(struct vdev *d, uint64_t *field, bool high, uint32_t v)
{
	struct vqueue *vq = cur_queue(d);

	if (!vq || vq->ready)
		return; /* the spec forbids changing a live queue: ignored */
	if (high)
		*field = (*field & 0xffffffffULL) | ((uint64_t)v << 32);
	else
		*field = (*field & ~0xffffffffULL) | v;
}

static void reg_write(struct vdev *d, uint64_t off, uint32_t v)
{
	struct vqueue *vq = cur_queue(d);

	switch (off) {
	case MMIO_DEV_FEATURES_SEL:
		d->dev_features_sel = v;
		break;
	case MMIO_DRV_FEATURES:
		if (d->drv_features_sel < 2 && !(d->status & 8 /* FEATURES_OK */)) {
			unsigned int sh = 32 * d->drv_features_sel;

			d->drv_features &= ~(0xffffffffULL << sh);
			d->drv_features |= ((uint64_t)v << sh) & features_of(d);
		}
		break;
	case MMIO_DRV_FEATURES_SEL:
		d->drv_features_sel = v;
		break;
	case MMIO_QUEUE_SEL:
		d->queue_sel = v;
		break;
	case MMIO_QUEUE_NUM:
		if (vq && !vq->ready)
			vq->num = v;
		break;
	case MMIO_QUEUE_READY:
		if (!vq)
			break;
		if (!v) {
			vq->ready = false;
		} else if (!vq->ready) {
			if (!vq_setup(d, d->queue_sel)) {
				vmmio_needs_reset(
					d, "queue rings not inside the zone's RAM, misaligned, "
					   "or a size that is not a power of two <= 256");
				break;
			}
			vq->ready = true;
		}
		break;
	case MMIO_QUEUE_NOTIFY:
		if (v < d->ops->nr_queues && d->vq[v].ready &&
		    (d->status & VIRTIO_STATUS_DRIVER_OK) && d->ops->notify)
			d->ops->notify(d, v);
		break;
	case MMIO_INTERRUPT_ACK:
		__atomic_fetch_and(d->isr, ~v, __ATOMIC_RELEASE);
		break;
	case MMIO_STATUS:
		if (v == 0) {
			vmmio_reset(d);
			break;
		}
		if ((v & 8) && !(d->drv_features >> VIRTIO_F_VERSION_1 & 1))
			v &= ~8u; /* FEATURES_OK refused: only modern drivers are served */
		if ((v & VIRTIO_STATUS_DRIVER_OK) && !(d->status & VIRTIO_STATUS_DRIVER_OK)) {
			d->status = v;
			if (d->ops->driver_ok)
				d->ops->driver_ok(d);
			break;
		}
		d->status = v | (d->status & VIRTIO_STATUS_NEEDS_RESET);
		break;
	case MMIO_QUEUE_DESC_LOW:
	case MMIO_QUEUE_DESC_HIGH:
		if (vq)
			set_addr(d, &vq->desc_addr, off == MMIO_QUEUE_DESC_HIGH, v);
		break;
	case MMIO_QUEUE_DRIVER_LOW:
	case MMIO_QUEUE_DRIVER_HIGH:
		if (vq)
			set_addr(d, &vq->avail_addr, off == MMIO_QUEUE_DRIVER_HIGH, v);
		break;
	case MMIO_QUEUE_DEVICE_LOW:
	case MMIO_QUEUE_DEVICE_HIGH:
		if (vq)
			set_addr(d, &vq->used_addr, off == MMIO_QUEUE_DEVICE_HIGH, v);
		break;
	default:
		break; /* read-only or unknown: ignored */
	}
}

uint64_t vmmio_access(struct vdev *d, uint64_t offset, unsigned int size, bool write,
		      uint64_t value)
{
	uint64_t v = 0;

	pthread_mutex_lock(&d->lock);
	if (offset >= MMIO_CONFIG) {
		if (!write && (!d->ops->config_read ||
			       !d->ops->config_read(d, (uint32_t)(offset - MMIO_CONFIG), size, &v)))
			v = 0;
	} else if (size != 4 || (offset & 3)) {
		vlog_limited("mmio width",
			     "zone %u %s@%#" PRIx64 ": %u-byte %s at offset %#" PRIx64
			     ": registers are 32-bit; ignored",
			     d->zone->id, d->ops->name, d->addr, size, write ? "write" : "read",
			     offset);
	} else if (write) {
		reg_write(d, offset, (uint32_t)value);
	} else {
		v = reg_read(d, offset);
	}
	pthread_mutex_unlock(&d->lock);
	return v;
}
