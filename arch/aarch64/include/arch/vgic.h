/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual GIC (v2 and v3). Physical interrupts a zone owns reach its vCPU through list registers
 * with the HW bit (the guest's deactivation deactivates the physical interrupt);
 * hypervisor-made interrupts (virtual SGIs, virtio) go in as software-pending. What does
 * not fit in the list registers waits in a per-vCPU pending set and goes in, highest
 * priority first, as list registers free up (underflow maintenance interrupt).
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include "types.h"
#include "spinlock.h"

#define VGIC_NR_IRQS 1024
#define VGIC_WORDS   (VGIC_NR_IRQS / 64)

/*
 * Only the CPU itself touches its list registers and pending set (at EL2, interrupts
 * masked), so they need no lock; other CPUs only set sgi_pending, atomically, and kick.
 */
/* An active interrupt moved out of its list register to make room for a nested one. */
struct vgic_spill {
	u16 intid;
	bool hw;
	bool pending; /* a software interrupt that was pending and active */
};

#define VGIC_MAX_SPILL 32

struct vgic_cpu {
	u64 pend[VGIC_WORDS];	 /* waiting for a list register */
	u64 pend_hw[VGIC_WORDS]; /* ... and linked to the physical interrupt */
	unsigned int nr_pend;
	struct vgic_spill spill[VGIC_MAX_SPILL];
	unsigned int nr_spill;
	u16 sgi_enabled;      /* the guest's enable bits for SGIs 0-15 (virtual only) */
	u16 sgi_pending;      /* enabled later: vSGIs sent while disabled */
	u64 sent[VGIC_WORDS]; /* software interrupts other CPUs sent (virtio), to inject */
	u32 sent_words;	      /* bit w: sent[w] may have bits (set after them) */
	u8 prio[32];	      /* the guest's priorities for SGIs and PPIs */
	bool waker_sleep;     /* the guest's GICR_WAKER.ProcessorSleep */
	unsigned int nr_lrs;
};

/* Per zone: what the guest wrote where the physical value is not the guest's own. */
struct vgic_zone {
	spinlock_t lock;
	u32 ctlr;
	/*
	 * The distributor's hot registers, for the data-abort fast path (arch/vgicd_fast.h):
	 * where the zone's GICD is (gicd_fast_size 0 until it is trapped), and what of the
	 * physical GICD_TYPER and GICD_CTLR it sees, read once (they do not change).
	 */
	ipaddr_t gicd_ipa;
	u64 gicd_fast_size;
	u32 typer;
	u32 ctlr_ds;
	u8 prio[VGIC_NR_IRQS];
	u64 irouter[VGIC_NR_IRQS];
	u64 warned[VGIC_WORDS]; /* unowned IRQs the zone was told about */
};

struct percpu;
struct zone;
struct mmio_access;

/* Make intid pending for the vCPU running on this CPU. */
void vgic_inject(u32 intid, bool hw);
/* Make SGI intid pending for the vCPU on CPU target (any CPU; IPIs it if remote). */
void vgic_send_sgi(struct percpu *target, u32 intid);
/* Take the vSGIs and software interrupts other CPUs sent to this one. */
void vgic_take_sgis(void);
/* Make intid (an SPI of its zone) pending for the vCPU on CPU target, by software. */
void vgic_send_irq(struct percpu *target, u32 intid);
/* Maintenance interrupt: spilled EOIs finished, waiting interrupts moved into free list
 * registers, maintenance re-armed or disarmed. */
void vgic_maintenance(void);
/*
 * The guest's view of interrupts this CPU's vCPU holds (list registers or waiting):
 * bits for intids [first, first + 32); first is a multiple of 32.
 */
void vgic_local_state32(u32 first, u32 *held, u32 *pending, u32 *active);
/* Drop a pending copy held here. True when it was HW-linked: the physical interrupt
 * was acknowledged and has now been deactivated. */
bool vgic_local_unpend(u32 intid);
/* The guest deactivates intid (ICACTIVER): its list register lets go, and the physical
 * interrupt behind a HW-linked one is deactivated. */
void vgic_local_deactivate(u32 intid);
/* This CPU comes up: empty list registers, their count, no vGIC state (before any IRQ). */
void vgic_cpu_init(void);
/* A vCPU (re)starts or stops: empty list registers and pending state, deactivating
 * physical interrupts they held so none stays active forever. */
void vgic_cpu_reset(void);

/* Zone setup: route owned SPIs to the zone's first CPU, register the emulated GIC parts. */
int vgic_zone_init(struct zone *z);

/* Emulated registers (also used by unit tests against a fake GIC). */
int vgicd_access(struct zone *z, struct mmio_access *a, void *arg);
int vgicr_access(struct zone *z, struct mmio_access *a, void *arg);

/*
 * A guest access to the SGI/PPI registers of CPU tc (gic/vgic_private.c), whose physical
 * bank is at bank + off with off a distributor offset: the one-bit registers
 * (GICD_ISENABLER .. GICD_ICACTIVER, word 0) and the priority bytes of INTIDs 0-31.
 */
void vgic_private_bits(struct mmio_access *a, struct percpu *tc, paddr_t bank, u64 off);
void vgic_private_prio(struct mmio_access *a, struct percpu *tc, paddr_t bank, u64 off);

/*
 * SPI registers of the distributor, the same in both GIC versions (gic/vgicd_spi.c), for
 * the physical distributor at gicd: ISENABLER .. ICACTIVER (aligned words), IPRIORITYR
 * (bytes or words), ICFGR (words). Interrupts the zone does not own read 0 and keep
 * their state; INTIDs 0-31 are the callers' (vgic_private_*).
 */
u32 vgicd_owned_bits(const struct zone *z, u32 first);
void vgicd_bits_access(struct zone *z, struct mmio_access *a, paddr_t gicd);
void vgicd_priority_access(struct zone *z, struct mmio_access *a, paddr_t gicd);
void vgicd_config_access(struct zone *z, struct mmio_access *a, paddr_t gicd);
/* A distributor offset with no register: reads 0, one rate-limited warning. */
void vgicd_unknown_offset(struct zone *z, struct mmio_access *a) __attribute__((cold));

/* A trapped write to ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 from the zone on this CPU. */
void vgic_sgi1r_write(u64 value);

bool vgic_zone_owns(const struct zone *z, u32 intid);
/* The priority the guest gave intid on this CPU's vCPU. */
u8 vgic_priority(const struct zone *z, const struct vgic_cpu *v, u32 intid);

#endif
