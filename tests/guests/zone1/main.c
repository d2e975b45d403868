// SPDX-License-Identifier: GPL-2.0
/*
 * A non-root zone (zone1, CPUs 2 and 3), started by the zonectl guest in the root zone.
 * It has no console of its own: what it prints goes to a buffer zonectl copies to the
 * real one. In ZONE1_CHECKS mode it checks its isolation from inside:
 *
 * - the root zone's RAM and the hypervisor's memory abort;
 * - GICD writes to interrupts it does not own change nothing it can see;
 * - an SGI to a root CPU is dropped (zonectl checks that nothing arrived);
 * - PSCI CPU_ON of a root CPU is DENIED, of its own second CPU works;
 * - hypercalls 2 and 3 (zone start, shutdown) are the root's: -EPERM;
 * - its RAM works at an IPA that is not its PA; the device it was given (smaller than a
 *   page, forwarded) answers, the root's device in the same page does not.
 *
 * Other modes spin with interrupts masked, sleep in WFI, or end or stop the zone through
 * PSCI, for zonectl's shutdown checks.
 */
#include "gic.h"
#include "guest.h"
#include "zone1_shared.h"

#define SHARED ((struct zone1_shared *)ZONE1_SHARED_IPA)

#define HC_START_ZONE	  2
#define HC_SHUTDOWN_ZONE  3
#define HC_ZONE_STATS	  64
#define EPERM		  1
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

/* Where zone1 prints: the shared buffer, not the UART (which is the root's). */
static void shared_putc(char c)
{
	uint64_t h = SHARED->head;

	if (h < ZONE1_CONSOLE_SIZE) {
		SHARED->console[h] = c;
		__asm__ volatile("dmb ish" ::: "memory");
		SHARED->head = h + 1;
	}
}

static volatile uint64_t second_cpu_ran;

void secondary_main(uint64_t ctx)
{
	second_cpu_ran = ctx;
	if (GUEST_PARAMS[0] == ZONE1_SPIN) {
		__asm__ volatile("msr daifset, #0xf");
		SHARED->state = ZONE1_SPUN;
		for (;;)
			__asm__ volatile("" ::: "memory");
	}
	for (;;)
		__asm__ volatile("wfi");
}

/* A load that may abort: true when it did (the common vectors skip the instruction). */
static bool load_aborts(uint64_t addr, uint32_t *value)
{
	unsigned int before = guest_last_exc.count;

	*value = *(volatile uint32_t *)addr;
	return guest_last_exc.count != before;
}

static void check_memory(void)
{
	uint32_t v;
	volatile uint64_t *mine = (volatile uint64_t *)(ZONE1_IPA + 0x800000);

	*mine = 0x5a0e1c0de;
	guest_check("zone1-ram-ipa-not-pa", *mine == 0x5a0e1c0de && ZONE1_IPA != ZONE1_PA,
		    "RAM at IPA %x (PA %x) reads back %x", (uint64_t)(uintptr_t)mine,
		    ZONE1_PA + 0x800000, *mine);
	guest_check("zone1-root-ram-aborts", load_aborts(0x80000000UL, &v),
		    "a load from the root zone's RAM at 0x80000000 did not abort (read %x)",
		    (uint64_t)v);
	guest_check("zone1-hv-memory-aborts", load_aborts(0x40400000UL, &v),
		    "a load from the hypervisor's image at 0x40400000 did not abort (read %x)",
		    (uint64_t)v);
	guest_check("zone1-own-device", !load_aborts(ZONE1_DEV, &v) && v == VIRTIO_MAGIC,
		    "its device at %x read %x, expected the virtio-mmio magic", ZONE1_DEV,
		    (uint64_t)v);
	guest_check("zone1-root-device-aborts", load_aborts(ROOT_DEV, &v),
		    "the root's device at %x, in the same page as its own, did not abort",
		    ROOT_DEV);
}

static void check_gic(void)
{
	volatile uint32_t *gicd = (volatile uint32_t *)GICD_BASE;
	volatile uint8_t *prio = (volatile uint8_t *)(GICD_BASE + GICD_IPRIORITYR);

	/* INTID 33, the root's UART: enable and reprioritise it, then look. */
	gicd[(GICD_ISENABLER + 4) / 4] = 1u << 1;
	prio[33] = 0x10;
	guest_check("zone1-gicd-unowned",
		    !(gicd[(GICD_ISENABLER + 4) / 4] & (1u << 1)) && prio[33] == 0,
		    "INTID 33 (not its own) reads enabled %x, priority %x",
		    (uint64_t)(gicd[(GICD_ISENABLER + 4) / 4] & 2), (uint64_t)prio[33]);
	/* Its own SPI (moved from the root while it runs) is programmable. */
	prio[ZONE1_IRQ] = 0x30;
	guest_check("zone1-gicd-owned", prio[ZONE1_IRQ] == 0x30,
		    "its own INTID %u reads priority %x after writing 0x30", (uint64_t)ZONE1_IRQ,
		    (uint64_t)prio[ZONE1_IRQ]);
	/* SGI 3 to the root's CPU 0: zonectl checks it never arrives. */
	if (GUEST_PARAMS[ZONE_PARAM_GIC] == 2)
		mmio_w32(GICD_BASE + GICD_SGIR, GICD_SGIR_TARGET(1) | 3);
	else
		write_sysreg(ICC_SGI1R_EL1, (3ULL << 24) | 1);
	isb();
}

static void check_calls(void)
{
	int64_t r;

	r = guest_smc(PSCI_CPU_ON_64, 0, (uint64_t)(uintptr_t)guest_secondary_entry, 0);
	guest_check("zone1-cpu-on-root-denied", r == PSCI_DENIED,
		    "PSCI CPU_ON of MPIDR 0 (a root CPU) returned %d", r);
	r = guest_smc(PSCI_CPU_ON_64, 3, (uint64_t)(uintptr_t)guest_secondary_entry, 0x33);
	for (unsigned int i = 0; i < 100000000 && !second_cpu_ran; i++)
		__asm__ volatile("" ::: "memory");
	guest_check("zone1-cpu-on-own", r == PSCI_SUCCESS && second_cpu_ran == 0x33,
		    "PSCI CPU_ON of its CPU 3 returned %d, it ran with context %x", r,
		    second_cpu_ran);
	r = guest_hvc(HC_START_ZONE, ZONE1_IPA, 3136, 0);
	guest_check("zone1-start-zone-eperm", r == -EPERM, "hypercall 2 returned %d", r);
	r = guest_hvc(HC_SHUTDOWN_ZONE, 0, 0, 0);
	guest_check("zone1-shutdown-zone-eperm", r == -EPERM, "hypercall 3 returned %d", r);
	r = guest_hvc(HC_ZONE_STATS, 1, ZONE1_IPA, 0);
	guest_check("zone1-zone-stats-eperm", r == -EPERM, "hypercall 64 returned %d", r);
}

/*
 * IVC channel 0 with the root: its control table says peer 1, the shared section holds
 * the root's word, its own output section takes an answer, the root's does not, its
 * doorbell rings the root, and the root's doorbell reached it (INTID 81 pending).
 */
static void check_ivc(void)
{
	volatile uint32_t *ct = (volatile uint32_t *)IVC_ZONE1_CT;
	volatile uint64_t *shm = (volatile uint64_t *)IVC_ZONE1_SHM;
	volatile uint32_t *gicd = (volatile uint32_t *)GICD_BASE;
	uint64_t info[7] = { 0 };
	unsigned int before = guest_last_exc.count;
	int64_t r;

	r = guest_hvc(HC_IVC_INFO, (uint64_t)(uintptr_t)info, sizeof(info), 0);
	guest_check("zone1-ivc-info",
		    r == 0 && info[0] == 2 && info[1] == IVC_ZONE1_CT && info[3] == IVC_ZONE1_SHM,
		    "IVC_INFO returned %d: %x channels, control table %x, memory %x", r, info[0],
		    info[1], info[3]);
	guest_check("zone1-ivc-table", ct[IVC_CT_PEER_ID / 4] == 1 && ct[0] == 0,
		    "control table: ivc_id %u, peer_id %u", (uint64_t)ct[0],
		    (uint64_t)ct[IVC_CT_PEER_ID / 4]);
	guest_check("zone1-ivc-reads-root", shm[0] == IVC_ROOT_WORD, "shared section holds %x",
		    shm[0]);
	shm[2 * IVC_SEC / 8] = IVC_ZONE1_WORD; /* its own output section: writable */
	shm[IVC_SEC / 8] = 0xbad;	       /* the root's output section: read-only */
	guest_check("zone1-ivc-own-section",
		    shm[2 * IVC_SEC / 8] == IVC_ZONE1_WORD && guest_last_exc.count == before + 1 &&
			    shm[IVC_SEC / 8] != 0xbad,
		    "own section %x, %u aborts, root's section %x", shm[2 * IVC_SEC / 8],
		    (uint64_t)(guest_last_exc.count - before), shm[IVC_SEC / 8]);
	ct[IVC_CT_INVOKE / 4] = 0; /* ring the root */
	guest_check("zone1-ivc-doorbell-in",
		    (gicd[(0x200 + IVC_ZONE1_IRQ / 32 * 4) / 4] >> (IVC_ZONE1_IRQ % 32)) & 1,
		    "INTID %u is not pending after the root rang", (uint64_t)IVC_ZONE1_IRQ);
}

static uint64_t ms_since(uint64_t t0)
{
	__asm__ volatile("isb");
	return (read_sysreg(cntvct_el0) - t0) * 1000 / read_sysreg(cntfrq_el0);
}

static bool pending(volatile uint32_t *gicd, unsigned int intid)
{
	return (gicd[(0x200 + intid / 32 * 4) / 4] >> (intid % 32)) & 1;
}

/*
 * A virtio device served by the root's "daemon" (zonectl) through the bridge: reads get
 * its answer, a queue notify returns at once and is answered with interrupts (eleven at
 * once), and when the daemon stops answering a read costs about 100 ms and reads all ones.
 */
static void check_virtio(void)
{
	volatile uint32_t *dev = (volatile uint32_t *)VIRTIO_DEV;
	volatile uint32_t *gicd = (volatile uint32_t *)GICD_BASE;
	bool all = true;
	uint64_t t0;
	uint32_t v;

	v = dev[0x08 / 4];
	guest_check("zone1-virtio-read", v == VIRTIO_ANSWER(0x08), "read %x, expected %x",
		    (uint64_t)v, (uint64_t)VIRTIO_ANSWER(0x08));
	/* InterruptStatus from the status table zonectl filled (3), then ACK of bit 0: the
	 * hypervisor answers both; a 16-bit read of it still goes to the daemon. */
	v = dev[0x60 / 4];
	dev[0x64 / 4] = 1;
	guest_check("zone1-virtio-isr",
		    v == 3 && ((volatile uint16_t *)dev)[0x60 / 2] == (uint16_t)VIRTIO_ANSWER(0x60),
		    "InterruptStatus read %x, expected 3 from the hypervisor's status table",
		    (uint64_t)v);
	dev[0x70 / 4] = 0xf;
	dev[0x50 / 4] = 0; /* queue notify: the daemon answers with interrupts */
	t0 = read_sysreg(cntvct_el0);
	while (!pending(gicd, VIRTIO_IRQ) && ms_since(t0) < 2000)
		__asm__ volatile("yield");
	for (unsigned int i = 0; i < VIRTIO_EXTRA_IRQS; i++)
		all &= pending(gicd, VIRTIO_EXTRA_IRQ0 + i);
	guest_check("zone1-virtio-interrupts", pending(gicd, VIRTIO_IRQ) && all,
		    "after the notify: INTID %u pending %u, the %u others all pending %u",
		    (uint64_t)VIRTIO_IRQ, (uint64_t)pending(gicd, VIRTIO_IRQ),
		    (uint64_t)VIRTIO_EXTRA_IRQS, (uint64_t)all);
	SHARED->state = ZONE1_DEAF;
	t0 = read_sysreg(cntvct_el0);
	v = dev[0x04 / 4];
	t0 = ms_since(t0);
	guest_check("zone1-virtio-no-answer", v == 0xffffffffu && t0 >= 80 && t0 < 1000,
		    "with the daemon deaf, read %x after %u ms (expected all ones after ~100 ms)",
		    (uint64_t)v, t0);
}

/*
 * What an earlier zone left in this CPU: FP/SIMD registers and a breakpoint value must
 * read zero at start. Then leave a pattern in them for the next run to look for.
 */
static uint64_t cpu_state_dirty(void)
{
	uint64_t dirty = 0, v;

	__asm__ volatile("msr cpacr_el1, %0\n isb" : : "r"(3ULL << 20)); /* FP on at EL1 */
#define FP_CHECK(n)                                                                                \
	do {                                                                                       \
		__asm__ volatile("fmov %0, d" #n : "=r"(v));                                       \
		dirty |= v;                                                                        \
		__asm__ volatile("fmov d" #n ", %0" : : "r"(0x5a5a5a5a5a5a5a5aULL));               \
	} while (0)
	FP_CHECK(0);
	FP_CHECK(1);
	FP_CHECK(7);
	FP_CHECK(15);
	FP_CHECK(16);
	FP_CHECK(31);
#undef FP_CHECK
	__asm__ volatile("mrs %0, fpcr" : "=r"(v));
	dirty |= v;
	__asm__ volatile("mrs %0, dbgbvr0_el1" : "=r"(v));
	dirty |= v;
	__asm__ volatile("msr dbgbvr0_el1, %0\n msr fpcr, %1"
			 :
			 : "r"(0xa0400000ULL), "r"(1ULL << 24));
	return dirty;
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	(void)dtb;
	SHARED->dirty = cpu_state_dirty();
	guest_putc_hook = shared_putc;
	SHARED->runs++;
	SHARED->entry_ticks = guest_entry_ticks;
	SHARED->state = ZONE1_RUNNING;
	switch (GUEST_PARAMS[0]) {
	case ZONE1_CHECKS:
		check_memory();
		check_gic();
		check_calls();
		check_ivc();
		guest_printf("GUEST: zone1 done\n");
		SHARED->state = ZONE1_DONE;
		break;
	case ZONE1_VIRTIO:
		check_virtio();
		guest_printf("GUEST: zone1 done\n");
		SHARED->state = ZONE1_DONE;
		/* One more read nobody answers: in the ring when the root shuts the zone down. */
		(void)*(volatile uint32_t *)(VIRTIO_DEV + 0x34);
		break;
	case ZONE1_SPIN:
		guest_smc(PSCI_CPU_ON_64, 3, (uint64_t)(uintptr_t)guest_secondary_entry, 1);
		__asm__ volatile("msr daifset, #0xf");
		for (;;)
			__asm__ volatile("" ::: "memory");
	case ZONE1_OFF:
		guest_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
		guest_printf("GUEST: zone1-system-off: FAIL SYSTEM_OFF returned\n");
		break;
	case ZONE1_RESET:
		guest_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
		guest_printf("GUEST: zone1-system-reset: FAIL SYSTEM_RESET returned\n");
		break;
	default:
		break;
	}
	for (;;)
		__asm__ volatile("wfi");
}
