/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the zone-management test guests share: zonectl (the root zone) starts zone1 (a
 * second zone on CPUs 2 and 3) from a crafted zone_config and talks to it through a page
 * of zone1's RAM, which the root zone reaches too (the board sets that RAM aside for zones
 * but the root keeps access to it).
 *
 * zone1 runs at the same IPA as every test guest (GUEST_LOAD) but from other physical RAM:
 * its RAM region maps IPA ZONE1_IPA to PA ZONE1_PA (IPA != PA on purpose).
 */
#ifndef ZONE1_SHARED_H
#define ZONE1_SHARED_H

#include <stdint.h>

#define ZONE1_IPA  (GUEST_LOAD - 0x400000UL) /* the start of zone1's RAM region */
#define ZONE1_PA   0x50000000UL		     /* inside qemu-gicv3's zones_ram */
#define ZONE1_SIZE 0x1000000UL
/* Zone1's image: the root finds it at ZONE1_PA + (GUEST_LOAD - ZONE1_IPA). */
#define ZONE1_IMAGE_PA (ZONE1_PA + (GUEST_LOAD - ZONE1_IPA))

/* What zone1 does (its GUEST_PARAMS[0], written by zonectl before each start). */
enum zone1_mode {
	ZONE1_CHECKS = 1, /* isolation checks from inside, then wait in WFI */
	ZONE1_SPIN = 2,	  /* both CPUs spin with interrupts masked */
	ZONE1_WFI = 3,	  /* sleep in WFI */
	ZONE1_OFF = 4,	  /* PSCI SYSTEM_OFF: the zone ends itself */
	ZONE1_RESET = 5,  /* PSCI SYSTEM_RESET: the zone stops, the root shuts it down */
	ZONE1_VIRTIO = 6, /* talks to a virtio device the root's "daemon" serves */
	ZONE1_IRQS = 7,	  /* takes its interrupts, then both CPUs spin, one holding an IRQ */
	ZONE1_BLOCK = 8,  /* direct mode: raises its running priority above the kick's */
};

/*
 * zone1's GUEST_PARAMS[3] and zonectl's: zone1 runs in direct interrupt mode (the root
 * set arch_config.direct_irq), so it checks what that mode changes.
 */
#define ZONE_PARAM_DIRECT 3
/* An SGI the hypervisor keeps on CPUs in direct mode (its Group 0 kick). */
#define SGI_HV_KICK0 15

/* zone1's GUEST_PARAMS[2] and zonectl's: the board's GIC version (2, or 3 when 0). */
#define ZONE_PARAM_GIC 2

/* States zone1 reports (shared->state). */
#define ZONE1_RUNNING 1
#define ZONE1_DONE    2 /* checks done, results in the console buffer */
#define ZONE1_SPUN    3 /* its second CPU is spinning too */
#define ZONE1_DEAF    4 /* asks the root's daemon to stop answering */

#define ZONE1_CONSOLE_SIZE 0x4000

struct zone1_shared {
	volatile uint64_t state;
	volatile uint64_t runs;	       /* how often zone1 started since zonectl cleared it */
	volatile uint64_t head;	       /* console bytes written */
	volatile uint64_t entry_ticks; /* CNTVCT_EL0 at zone1's first instruction */
	volatile uint64_t dirty;       /* FP/SIMD or debug registers held an earlier run's data */
	volatile char console[ZONE1_CONSOLE_SIZE];
};

/* The shared page, 2 MiB below GUEST_LOAD in zone1's address space. */
#define ZONE1_SHARED_IPA (GUEST_LOAD - 0x200000UL)
#define ZONE1_SHARED_PA	 (ZONE1_PA + (ZONE1_SHARED_IPA - ZONE1_IPA))

/* zone1's GUEST_PARAMS (guest.h: 1 MiB below GUEST_LOAD), seen from the root. */
#define ZONE1_PARAMS_PA (ZONE1_PA + (GUEST_LOAD - 0x100000UL - ZONE1_IPA))

/* A root-zone device zone1 gets: virtio-mmio slot 29 of QEMU virt, smaller than a page. */
#define ZONE1_DEV    0x0a003a00UL
#define ROOT_DEV     0x0a003e00UL /* slot 31, in the same page, stays the root's */
#define VIRTIO_MAGIC 0x74726976u  /* "virt" */
/* An SPI the root zone owns (qemu-gicv3 board.c) that moves to zone1 while it runs. */
#define ZONE1_IRQ 78

/*
 * IVC channel 0: the root is peer 0 (board.c: control table 0xd0000000, shared memory
 * 0xd0001000, doorbell INTID 80), zone1 peer 1 (below); one page each for the shared
 * section and each peer's output section. Channel 7 is zone1's alone (freed with it).
 */
#define IVC_ROOT_CT    0xd0000000UL
#define IVC_ROOT_SHM   0xd0001000UL
#define IVC_ROOT_IRQ   80
#define IVC_ZONE1_CT   0xb0000000UL
#define IVC_ZONE1_SHM  0xb0001000UL
#define IVC_ZONE1_IRQ  81
#define IVC_OWN_ID     7
#define IVC_OWN_CT     0xb0010000UL
#define IVC_OWN_SHM    0xb0011000UL
#define IVC_SEC	       0x1000UL
#define IVC_ROOT_WORD  0x0123456789abcdefULL /* the root puts it in the shared section */
#define IVC_ZONE1_WORD 0xfedcba9876543210ULL /* zone1 answers in its output section */
#define IVC_CT_PEER_ID 0x10
#define IVC_CT_INVOKE  0x14
#define HC_IVC_INFO    5

/*
 * Virtio through the bridge: zone1's device at VIRTIO_DEV (a VIRTIO region, trapped), its
 * interrupt VIRTIO_IRQ, and VIRTIO_EXTRA_IRQS more the daemon raises at once (more than
 * hvisor's 7 per CPU, more than the list registers).
 */
#define VIRTIO_DEV	   0x0a003c00UL
#define VIRTIO_IRQ	   76
#define VIRTIO_EXTRA_IRQ0  90
#define VIRTIO_EXTRA_IRQS  10
#define VIRTIO_ANSWER(off) (0x1000u + (uint32_t)(off)) /* what the daemon reads back */

#endif
