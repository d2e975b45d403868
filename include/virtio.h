/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio bridge between other zones' virtio-mmio devices and the root Linux's daemon
 * (core/virtio.c, layout in include/hvisor/virtio_bridge.h). Unlike hvisor's, a daemon that
 * never answers costs the waiting vCPU at most VIRTIO_WAIT_US per access, any number of
 * virtio interrupts may wait per CPU, and a zone's shutdown leaves none of its requests or
 * interrupts behind for a later zone with the same id.
 */
#ifndef HVC_VIRTIO_H
#define HVC_VIRTIO_H

#include "types.h"

struct zone;

/* How long a vCPU waits for the daemon's answer to one register access. */
#define VIRTIO_WAIT_US 100000
/* The root Linux's daemon interrupt (DT node /hvisor_virtio_device), as in hvisor. */
#define VIRTIO_WAKEUP_IRQ_DEFAULT 64

/* Hypercall 0: the root zone's bridge page at ipa. 0 or -errno. */
long virtio_bridge_init(struct zone *z, u64 ipa);
/* Hypercall 1: take the daemon's answers and raise each zone's virtio interrupts. */
long virtio_bridge_finish(struct zone *z);
/* Trap the zone's VIRTIO regions. */
int virtio_zone_attach(struct zone *z);
/* The zone ends: its requests and interrupts still in the rings are voided. */
void virtio_zone_detach(struct zone *z);

#endif
