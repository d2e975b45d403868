/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio bridge (hvisor's "virtio trampoline"): one page of the root zone's RAM,
 * registered with hypercall 0, shared by the hypervisor and the root Linux's virtio daemon.
 * Accesses of other zones to their VIRTIO regions become requests in req_list; the daemon
 * answers register reads in cfg_values/cfg_flags (per physical CPU) and asks for interrupts
 * through res_list and hypercall 1. Layout as hvisor and hvisor-tool (b17d9dd) have it.
 */
#ifndef HVISOR_VIRTIO_BRIDGE_H
#define HVISOR_VIRTIO_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#define VIRTIO_BRIDGE_MAX_REQ	 32 /* ring entries; a full ring holds 31 */
#define VIRTIO_BRIDGE_MAX_CPUS	 32
#define VIRTIO_BRIDGE_MAX_DEVS	 8
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x50 /* the one register whose write does not wait */

struct device_req {
	uint64_t src_cpu; /* physical CPU: where the answer goes in cfg_values/cfg_flags */
	uint64_t address; /* the region's physical_start + offset, as hvisor sends it */
	uint64_t size;
	uint64_t value; /* written value */
	uint32_t src_zone;
	uint8_t is_write;
	uint8_t need_interrupt; /* a queue notify: answered by an interrupt, not a value */
	uint16_t pad;
};

struct device_res {
	uint32_t target_zone;
	uint32_t irq_id;
};

struct virtio_bridge {
	uint32_t req_front; /* the daemon consumes */
	uint32_t req_rear;  /* the hypervisor produces */
	uint32_t res_front; /* the hypervisor consumes */
	uint32_t res_rear;  /* the daemon produces */
	struct device_req req_list[VIRTIO_BRIDGE_MAX_REQ];
	struct device_res res_list[VIRTIO_BRIDGE_MAX_REQ];
	uint64_t cfg_flags[VIRTIO_BRIDGE_MAX_CPUS];  /* the daemon increments: answer ready */
	uint64_t cfg_values[VIRTIO_BRIDGE_MAX_CPUS]; /* the answer of a read */
	uint64_t mmio_addrs[VIRTIO_BRIDGE_MAX_DEVS];
	uint8_t mmio_avail;
	uint8_t need_wakeup; /* the daemon sleeps: raise its interrupt with the next request */
};

_Static_assert(sizeof(struct device_req) == 40, "ABI: sizeof device_req");
_Static_assert(offsetof(struct device_req, src_zone) == 32, "ABI: device_req.src_zone");
_Static_assert(offsetof(struct device_req, need_interrupt) == 37, "ABI: device_req.need_interrupt");
_Static_assert(sizeof(struct device_res) == 8, "ABI: sizeof device_res");
_Static_assert(offsetof(struct virtio_bridge, req_list) == 16, "ABI: virtio_bridge.req_list");
_Static_assert(offsetof(struct virtio_bridge, res_list) == 1296, "ABI: virtio_bridge.res_list");
_Static_assert(offsetof(struct virtio_bridge, cfg_flags) == 1552, "ABI: virtio_bridge.cfg_flags");
_Static_assert(offsetof(struct virtio_bridge, cfg_values) == 1808, "ABI: virtio_bridge.cfg_values");
_Static_assert(offsetof(struct virtio_bridge, mmio_addrs) == 2064, "ABI: virtio_bridge.mmio_addrs");
_Static_assert(offsetof(struct virtio_bridge, need_wakeup) == 2129,
	       "ABI: virtio_bridge.need_wakeup");
_Static_assert(sizeof(struct virtio_bridge) == 2136, "ABI: sizeof virtio_bridge");

/*
 * Beyond hvisor: the interrupt status table, in the same page after hvisor's part. A
 * daemon that fills it (the devices it serves, then the magic) keeps each device's
 * InterruptStatus in its word here, and the hypervisor answers that device's
 * InterruptStatus reads and InterruptACK writes from it without a round trip to the
 * daemon: two of the four exits of a virtio request no longer wait for the root Linux.
 * hvisor-tool's daemon leaves the page past hvisor's part zero (our hvisor.ko clears the
 * table when a daemon opens the bridge again), so nothing changes for it.
 */
#define VIRTIO_BRIDGE_ISR_MAGIC	     0x52534968u /* "hISR" */
#define VIRTIO_BRIDGE_ISR_DEVS	     64
#define VIRTIO_BRIDGE_ISR_OFFSET     2176
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x60
#define VIRTIO_MMIO_INTERRUPT_ACK    0x64

struct virtio_bridge_isr_dev {
	uint64_t address; /* the device's base as requests carry it (its physical_start) */
	uint32_t zone_id;
	uint32_t status;   /* InterruptStatus: the daemon sets bits, InterruptACK clears them */
	uint64_t answered; /* reads and ACKs the hypervisor answered (the daemon's counters) */
};

struct virtio_bridge_isr {
	uint32_t magic; /* VIRTIO_BRIDGE_ISR_MAGIC, stored last: the table is valid */
	uint32_t nr_devs;
	struct virtio_bridge_isr_dev dev[VIRTIO_BRIDGE_ISR_DEVS];
};

_Static_assert(sizeof(struct virtio_bridge_isr_dev) == 24, "ABI: sizeof virtio_bridge_isr_dev");
_Static_assert(VIRTIO_BRIDGE_ISR_OFFSET >= sizeof(struct virtio_bridge) &&
		       VIRTIO_BRIDGE_ISR_OFFSET % 64 == 0 &&
		       VIRTIO_BRIDGE_ISR_OFFSET + sizeof(struct virtio_bridge_isr) <= 4096,
	       "ABI: the interrupt status table lies in the bridge page after hvisor's part");

static inline struct virtio_bridge_isr *virtio_bridge_isr_of(void *bridge_page)
{
	return (struct virtio_bridge_isr *)((char *)bridge_page + VIRTIO_BRIDGE_ISR_OFFSET);
}

#endif
