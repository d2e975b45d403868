// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio bridge (see virtio.h). A zone's access to one of its VIRTIO regions traps
 * here on the zone's CPU: it becomes a request in the bridge page; a queue notify returns
 * at once, any other access waits for the daemon's answer, VIRTIO_WAIT_US at most. The
 * bridge page is the root Linux's memory, so every index read from it is masked and every
 * entry is checked before use: a confused or hostile daemon costs only its own zones.
 */
#include "arch/time.h"
#include "arch/vgic.h"
#include "arch_hooks.h"
#include "board.h"
#include "hv_errno.h"
#include "hvisor/virtio_bridge.h"
#include "log.h"
#include "percpu.h"
#include "ratelimit.h"
#include "spinlock.h"
#include "util.h"
#include "virtio.h"
#include "zone.h"

#define RING_MASK    (VIRTIO_BRIDGE_MAX_REQ - 1)
#define INVALID_ZONE 0xffffffffu /* what a voided entry's zone becomes */

static struct virtio_bridge *volatile bridge;
/* Producers of requests (zones' CPUs), and the consumer of answers (hypercall 1). */
static spinlock_t req_lock = SPINLOCK_INIT;
static spinlock_t res_lock = SPINLOCK_INIT;

_Static_assert(HV_MAX_CPUS <= VIRTIO_BRIDGE_MAX_CPUS, "cfg_values has a slot per CPU");

long virtio_bridge_init(struct zone *z, u64 ipa)
{
	paddr_t pa;

	if (z->id != 0) {
		pr_warn_ratelimited("virtio init not root",
				    "zone %u: INIT_VIRTIO is for the root zone only: refused",
				    z->id);
		return -EPERM;
	}
	if (!IS_ALIGNED(ipa, PAGE_SIZE) || zone_ram_ipa_to_pa(z, ipa, PAGE_SIZE, &pa)) {
		pr_warn_ratelimited("virtio init page",
				    "INIT_VIRTIO: %#llx is not a page-aligned page of the root "
				    "zone's RAM: refused",
				    (unsigned long long)ipa);
		return -EFAULT;
	}
	/*
	 * The interrupt status table (beyond hvisor) is the daemon's to fill after this: a
	 * page handed over unzeroed (hvisor-tool's driver does not clear it) may hold an old
	 * table, valid-looking, from a daemon of ours that used the same page before.
	 */
	__atomic_store_n(&virtio_bridge_isr_of((void *)(uintptr_t)pa)->magic, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&bridge, (struct virtio_bridge *)(uintptr_t)pa, __ATOMIC_RELEASE);
	pr_info("virtio bridge at %#llx: the root Linux's daemon serves other zones' virtio "
		"devices",
		(unsigned long long)pa);
	return 0;
}

static u32 ring_used(u32 front, u32 rear)
{
	return (rear - front) & RING_MASK;
}

/* Put one request in the ring; false when it stayed full until the deadline. */
static bool push(struct virtio_bridge *b, const struct device_req *req, u64 deadline)
{
	for (;;) {
		u32 front, rear;

		spin_lock(&req_lock);
		front = __atomic_load_n(&b->req_front, __ATOMIC_ACQUIRE) & RING_MASK;
		rear = b->req_rear & RING_MASK;
		if (ring_used(front, rear) < RING_MASK) {
			b->req_list[rear] = *req;
			__atomic_store_n(&b->req_rear, (rear + 1) & RING_MASK, __ATOMIC_RELEASE);
			spin_unlock(&req_lock);
			return true;
		}
		/* Full: wait for the daemon without the lock the other CPUs need. */
		spin_unlock(&req_lock);
		if (arch_time_us() >= deadline)
			return false;
		cpu_relax();
	}
}

static void wake_daemon(struct virtio_bridge *b)
{
	/*
	 * The request is published before need_wakeup is read (a store then a load: only a
	 * full barrier orders them). The daemon sets need_wakeup, then looks at the ring; so
	 * either it sees the request or this sees it asleep: no wake-up is lost.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&b->need_wakeup, __ATOMIC_ACQUIRE))
		arch_irqchip_raise(board.virtio_wakeup_irq ?: VIRTIO_WAKEUP_IRQ_DEFAULT);
}

static void __attribute__((noinline, cold))
no_answer(struct zone *z, const struct mmio_access *a, u64 addr, const char *why)
{
	struct virtio_bridge *b = bridge;

	pr_warn_ratelimited("virtio no answer",
			    "zone %u CPU %u: virtio %s of %u bytes at %#llx: %s; %s. Is the virtio "
			    "daemon (hvisor virtio start) running?",
			    z->id, this_cpu_id(), a->write ? "write" : "read", a->size,
			    (unsigned long long)addr, why,
			    !b		     ? "no bridge registered"
			    : b->need_wakeup ? "the daemon sleeps"
					     : "the daemon is polling");
}

/*
 * InterruptStatus read or InterruptACK write of a device the daemon lists in the bridge
 * page's interrupt status table (virtio_bridge.h): answered here from its status word,
 * which the daemon sets before it asks for the interrupt. The table is the root's memory:
 * its count is bounded and every word is read once; a wrong table costs only the zones
 * the daemon serves.
 */
static bool virtio_isr_answer(struct virtio_bridge *b, const struct zone *z, struct mmio_access *a,
			      u64 base)
{
	struct virtio_bridge_isr *t = virtio_bridge_isr_of(b);
	u32 n;

	if (a->size != 4 ||
	    (a->write ? a->offset != VIRTIO_MMIO_INTERRUPT_ACK
		      : a->offset != VIRTIO_MMIO_INTERRUPT_STATUS) ||
	    __atomic_load_n(&t->magic, __ATOMIC_ACQUIRE) != VIRTIO_BRIDGE_ISR_MAGIC)
		return false;
	n = MIN(__atomic_load_n(&t->nr_devs, __ATOMIC_RELAXED), (u32)VIRTIO_BRIDGE_ISR_DEVS);
	for (u32 i = 0; i < n; i++) {
		struct virtio_bridge_isr_dev *d = &t->dev[i];

		if (__atomic_load_n(&d->address, __ATOMIC_RELAXED) != base ||
		    __atomic_load_n(&d->zone_id, __ATOMIC_RELAXED) != z->id)
			continue;
		if (a->write)
			__atomic_fetch_and(&d->status, ~(u32)a->value, __ATOMIC_RELEASE);
		else
			a->value = __atomic_load_n(&d->status, __ATOMIC_ACQUIRE);
		__atomic_fetch_add(&d->answered, 1, __ATOMIC_RELAXED);
		return true;
	}
	return false;
}

static int virtio_access(struct zone *z, struct mmio_access *a, void *arg)
{
	const struct memory_region *r = arg;
	struct virtio_bridge *b = __atomic_load_n(&bridge, __ATOMIC_ACQUIRE);
	cpuid_t cpu = this_cpu_id();
	u64 addr = r->physical_start + a->offset; /* what hvisor sends */
	struct device_req req = {
		.src_cpu = cpu,
		.address = addr,
		.size = a->size,
		.value = a->write ? a->value : 0,
		.src_zone = z->id,
		.is_write = a->write,
		.need_interrupt = a->write && a->offset == VIRTIO_MMIO_QUEUE_NOTIFY,
	};
	u64 deadline = arch_time_us() + VIRTIO_WAIT_US, flag;

	if (!mmio_width_ok(a, MMIO_W8 | MMIO_W16 | MMIO_W32 | MMIO_W64)) {
		mmio_refuse(z, a, "virtio device");
		return 0;
	}
	if (!b) {
		no_answer(z, a, addr, "no daemon has registered the virtio bridge");
		goto failed;
	}
	if (virtio_isr_answer(b, z, a, r->physical_start))
		return 0;
	flag = __atomic_load_n(&b->cfg_flags[cpu], __ATOMIC_ACQUIRE);
	if (!push(b, &req, deadline)) {
		no_answer(z, a, addr, "the request ring stayed full");
		goto failed;
	}
	wake_daemon(b);
	if (req.need_interrupt)
		return 0; /* the daemon answers with an interrupt */
	while (__atomic_load_n(&b->cfg_flags[cpu], __ATOMIC_ACQUIRE) == flag) {
		if (arch_time_us() >= deadline) {
			no_answer(z, a, addr, "no answer within 100 ms");
			goto failed;
		}
		cpu_relax();
	}
	if (!a->write)
		a->value = __atomic_load_n(&b->cfg_values[cpu], __ATOMIC_ACQUIRE);
	return 0;
failed:
	/* As a bus with nothing behind it: reads all ones, writes dropped. */
	if (!a->write)
		a->value = ~0ULL;
	return 0;
}

long virtio_bridge_finish(struct zone *z)
{
	struct virtio_bridge *b = __atomic_load_n(&bridge, __ATOMIC_ACQUIRE);
	u32 front, rear;

	if (z->id != 0) {
		pr_warn_ratelimited("virtio finish not root",
				    "zone %u: FINISH_REQ is for the root zone only: refused",
				    z->id);
		return -EPERM;
	}
	if (!b)
		return -EINVAL;
	spin_lock(&res_lock);
	front = b->res_front & RING_MASK;
	rear = __atomic_load_n(&b->res_rear, __ATOMIC_ACQUIRE) & RING_MASK;
	for (; front != rear; front = (front + 1) & RING_MASK) {
		struct device_res res = b->res_list[front];
		struct zone *t = zone_by_id(res.target_zone);

		if (!t || t->id == 0 || t->state != ZONE_RUNNING || res.irq_id >= 1020 ||
		    !((t->cfg.interrupts_bitmap[res.irq_id / 32] >> (res.irq_id % 32)) & 1)) {
			pr_warn_ratelimited("virtio bad answer",
					    "virtio daemon: interrupt %u for zone %u, which is not "
					    "running or does not own it: dropped",
					    res.irq_id, res.target_zone);
			continue;
		}
		/* The zone's first CPU, as hvisor: where its SPIs are routed by default. */
		vgic_send_irq(percpu_of((cpuid_t)__builtin_ctzll(t->cpus)), res.irq_id);
	}
	__atomic_store_n(&b->res_front, front, __ATOMIC_RELEASE);
	spin_unlock(&res_lock);
	return 0;
}

int virtio_zone_attach(struct zone *z)
{
	for (unsigned int i = 0; i < z->cfg.num_memory_regions; i++) {
		const struct memory_region *r = &z->cfg.memory_regions[i];
		int err;

		if (r->mem_type != MEM_TYPE_VIRTIO)
			continue;
		err = mmio_register(z, r->virtual_start, r->size, virtio_access, (void *)r,
				    ZONE_STAT_MMIO_VIRTIO);
		if (err)
			return err;
	}
	return 0;
}

void virtio_zone_detach(struct zone *z)
{
	struct virtio_bridge *b = __atomic_load_n(&bridge, __ATOMIC_ACQUIRE);

	if (!b)
		return;
	/* Requests and answers still in the rings must not reach a later zone 1. */
	spin_lock(&req_lock);
	for (u32 i = 0; i < VIRTIO_BRIDGE_MAX_REQ; i++)
		if (b->req_list[i].src_zone == z->id)
			b->req_list[i].src_zone = INVALID_ZONE;
	spin_unlock(&req_lock);
	spin_lock(&res_lock);
	for (u32 i = 0; i < VIRTIO_BRIDGE_MAX_REQ; i++)
		if (b->res_list[i].target_zone == z->id)
			b->res_list[i].target_zone = INVALID_ZONE;
	spin_unlock(&res_lock);
}
