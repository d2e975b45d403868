// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual interrupt delivery through the list registers (arch/aarch64/gic/vgic_lr.c) against a fake
 * GICv3 virtual CPU interface: 4 list registers per CPU, ICH_ELRSR_EL2 derived from them as
 * the GIC does (an LR is free when its state is invalid, 00), ICH_HCR_EL2 with EOIcount,
 * and a record of the physical deactivations the hypervisor asks for.
 *
 * The guest side is modelled as a vCPU in EOImode 0 (Linux at EL1): it acknowledges the
 * most urgent pending list register whose priority beats its running priority (nesting),
 * and its EOI ends the most recent one, found by vINTID in the list registers (a HW one
 * deactivates the physical interrupt in hardware), or, when no list register holds it,
 * counts in EOIcount. Maintenance interrupts fire as the GIC raises them: underflow (UIE,
 * at most one valid list register) and LRENP (LRENPIE, EOIcount not zero).
 */
// sources: arch/aarch64/gic/vgic_lr.c
#include "unit.h"
#include <stdio.h>
#include "arch_hooks.h"
#include "arch/ich.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"

#define NR_CPUS	  4
#define NR_LRS	  4
#define MAX_DEACT 64
#define MAX_NEST  64

/* ---- the fake virtual CPU interface and the guest's view, one per physical CPU ---- */

struct fake_ich {
	u64 lr[NR_LRS];
	u64 hcr;
	/* The guest's active priorities (ICV_AP1R): what it acknowledged, in order. */
	u32 nest[MAX_NEST];
	u8 nest_prio[MAX_NEST];
	unsigned int depth;
};

static struct fake_ich ich[NR_CPUS];
static struct percpu cpus[NR_CPUS];
static cpuid_t cur;	     /* the CPU the code under test runs on */
static u32 deact[MAX_DEACT]; /* ich_deactivate_physical calls */
static unsigned int nr_deact;
static u32 hw_deact[MAX_DEACT]; /* physical interrupts the guest deactivated through HW LRs */
static unsigned int nr_hw_deact;
static const struct percpu *ipi_to[16];
static unsigned int nr_ipi;

void *arch_percpu_base(void)
{
	return &cpus[cur];
}

struct percpu *percpu_of(cpuid_t id)
{
	return id < NR_CPUS ? &cpus[id] : NULL;
}

void irqchip_send_hv_ipi(const struct percpu *target)
{
	assert_true(nr_ipi < ARRAY_SIZE(ipi_to));
	ipi_to[nr_ipi++] = target;
}

/* Direct interrupt mode: an SPI made pending at the distributor. */
static u32 raised[16];
static unsigned int nr_raised;

void arch_irqchip_raise(u32 intid)
{
	assert_true(nr_raised < ARRAY_SIZE(raised));
	raised[nr_raised++] = intid;
}

u64 ich_read_lr(unsigned int n)
{
	assert_true(n < NR_LRS);
	return ich[cur].lr[n];
}

void ich_write_lr(unsigned int n, u64 v)
{
	assert_true(n < NR_LRS);
	ich[cur].lr[n] = v;
}

/* ICH_ELRSR_EL2: bit n set when LR n holds no interrupt (state 00; EOI is never used). */
u64 ich_read_elrsr(void)
{
	u64 e = 0;

	for (unsigned int i = 0; i < NR_LRS; i++)
		if (!(ich[cur].lr[i] & ICH_LR_STATE_MASK))
			e |= 1ULL << i;
	return e;
}

u64 ich_read_hcr(void)
{
	return ich[cur].hcr;
}

void ich_write_hcr(u64 v)
{
	ich[cur].hcr = v;
}

unsigned int ich_nr_lrs(void)
{
	return NR_LRS;
}

void ich_deactivate_physical(u32 intid)
{
	assert_true(nr_deact < MAX_DEACT);
	deact[nr_deact++] = intid;
}

/* ---- helpers ---- */

static struct zone *zone;

static u64 lr_state(u64 lr)
{
	return lr & ICH_LR_STATE_MASK;
}

static u32 lr_intid(u64 lr)
{
	return (u32)(lr & ICH_LR_VINTID_MASK);
}

static unsigned int lr_prio(u64 lr)
{
	return (unsigned int)(lr >> ICH_LR_PRIO_SHIFT) & 0xff;
}

/* The LR holding intid on the current CPU (any valid state), or -1. */
static int lr_find(u32 intid)
{
	int at = -1;

	for (int i = 0; i < NR_LRS; i++) {
		u64 lr = ich[cur].lr[i];

		if (lr_state(lr) && lr_intid(lr) == intid) {
			if (at >= 0)
				fail_msg("INTID %u in list registers %d and %d", intid, at, i);
			at = i;
		}
	}
	return at;
}

static u64 lr_of(u32 intid)
{
	int n = lr_find(intid);

	if (n < 0)
		fail_msg("INTID %u is in no list register", intid);
	return ich[cur].lr[n];
}

static unsigned int lrs_used(void)
{
	unsigned int n = 0;

	for (int i = 0; i < NR_LRS; i++)
		n += lr_state(ich[cur].lr[i]) != 0;
	return n;
}

static struct vgic_cpu *vc(void)
{
	return &cpus[cur].arch.vgic;
}

static bool waiting(u32 intid)
{
	return (vc()->pend[intid / 64] >> (intid % 64)) & 1;
}

static unsigned int eoicount(void)
{
	return (unsigned int)((ich[cur].hcr & ICH_HCR_EOICOUNT_MASK) >> ICH_HCR_EOICOUNT_SHIFT);
}

/* The guest's running priority: that of its most recent acknowledged interrupt. */
static unsigned int running_prio(void)
{
	struct fake_ich *f = &ich[cur];

	return f->depth ? f->nest_prio[f->depth - 1] : 0x100;
}

/*
 * The guest acknowledges (ICV_IAR1_EL1): the most urgent pending list register that beats
 * the running priority, pending -> active. Returns its INTID, or -1 (spurious).
 */
static int guest_ack(void)
{
	struct fake_ich *f = &ich[cur];
	int best = -1;

	for (int i = 0; i < NR_LRS; i++) {
		u64 lr = f->lr[i];

		if (lr_state(lr) == ICH_LR_PENDING && lr_prio(lr) < running_prio() &&
		    (best < 0 || lr_prio(lr) < lr_prio(f->lr[best])))
			best = i;
	}
	if (best < 0)
		return -1;
	assert_true(f->depth < MAX_NEST);
	f->nest[f->depth] = lr_intid(f->lr[best]);
	f->nest_prio[f->depth++] = (u8)lr_prio(f->lr[best]);
	f->lr[best] = (f->lr[best] & ~ICH_LR_STATE_MASK) | ICH_LR_ACTIVE;
	return (int)f->nest[f->depth - 1];
}

/*
 * The guest's EOI (ICV_EOIR1_EL1, EOImode 0) of its most recent interrupt: priority drop,
 * and deactivation of the list register holding that vINTID; none: EOIcount + 1.
 * Returns the INTID, or -1 when nothing was active.
 */
static int guest_eoi(void)
{
	struct fake_ich *f = &ich[cur];
	u32 intid;

	if (!f->depth)
		return -1;
	intid = f->nest[--f->depth];
	for (int i = 0; i < NR_LRS; i++) {
		u64 *lr = &f->lr[i];

		if (!(*lr & ICH_LR_ACTIVE) || lr_intid(*lr) != intid)
			continue;
		*lr &= ~ICH_LR_ACTIVE; /* active -> invalid, active+pending -> pending */
		if (*lr & ICH_LR_HW) {
			assert_true(nr_hw_deact < MAX_DEACT);
			hw_deact[nr_hw_deact++] =
				(u32)((*lr & ICH_LR_PINTID_MASK) >> ICH_LR_PINTID_SHIFT);
		}
		return (int)intid;
	}
	f->hcr += 1ULL << ICH_HCR_EOICOUNT_SHIFT;
	return (int)intid;
}

/* Whether the GIC would raise the maintenance interrupt now. */
static bool maintenance_due(void)
{
	u64 hcr = ich[cur].hcr;

	return ((hcr & ICH_HCR_UIE) && lrs_used() <= 1) ||
	       ((hcr & ICH_HCR_LRENPIE) && eoicount() != 0);
}

/*
 * The guest handles everything there is, the maintenance interrupt as it fires; taken
 * (may be NULL) counts the deliveries of each INTID below 64.
 */
static void guest_drain_count(unsigned int *taken)
{
	int id;

	for (unsigned int guard = 0; guard < 1000; guard++) {
		if ((id = guest_ack()) >= 0) {
			if (taken && id < 64)
				taken[id]++;
			continue;
		}
		if (guest_eoi() >= 0)
			continue;
		if (maintenance_due()) {
			vgic_maintenance();
			continue;
		}
		return;
	}
	fail_msg("the guest never ran out of interrupts");
}

static void guest_drain(void)
{
	guest_drain_count(NULL);
}

static void own(u32 intid, u8 prio)
{
	zone->cfg.interrupts_bitmap[intid / 32] |= 1u << (intid % 32);
	zone->arch.vgic.prio[intid] = prio;
}

static int setup(void **state)
{
	(void)state;
	memset(ich, 0, sizeof(ich));
	memset(cpus, 0, sizeof(cpus));
	zone = calloc(1, sizeof(*zone));
	assert_non_null(zone);
	zone->state = ZONE_RUNNING;
	zone->cpus = 0x3;
	own(33, 0xa0);
	own(35, 0xa0);
	own(64, 0xa0);
	for (cpuid_t c = 0; c < NR_CPUS; c++) {
		cpus[c].id = c;
		cpus[c].mpidr = c;
		cpus[c].zone = (zone->cpus >> c) & 1 ? zone : NULL;
		cur = c;
		vgic_cpu_init();
		/* Garbage the reset must clear. */
		ich[c].lr[0] = ICH_LR_PENDING | 99;
		ich[c].hcr = ICH_HCR_UIE;
		vgic_cpu_reset();
	}
	cur = 0;
	nr_deact = 0;
	nr_hw_deact = 0;
	nr_ipi = 0;
	nr_raised = 0;
	return 0;
}

static int teardown(void **state)
{
	free(zone);
	zone = NULL;
	return unit_ub_check(state);
}

#define CASE(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* ---- directed tests ---- */

static void test_reset_starts_empty(void **state)
{
	(void)state;
	for (cpuid_t c = 0; c < NR_CPUS; c++) {
		cur = c;
		assert_int_equal(vc()->nr_lrs, NR_LRS);
		assert_int_equal(lrs_used(), 0);
		assert_int_equal(ich[c].hcr, ICH_HCR_EN_BIT);
		assert_true(vc()->waker_sleep);
	}
	/* LR 0 held a software interrupt: nothing to deactivate. */
	assert_int_equal(nr_deact, 0);
}

static void test_inject_fills_lr(void **state)
{
	(void)state;
	zone->arch.vgic.prio[33] = 0x80;
	vgic_inject(33, false);
	assert_int_equal(lr_of(33),
			 33ULL | ICH_LR_GROUP1 | ICH_LR_PENDING | (0x80ULL << ICH_LR_PRIO_SHIFT));

	zone->arch.vgic.prio[35] = 0x48;
	vgic_inject(35, true);
	assert_int_equal(lr_of(35), 35ULL | (35ULL << ICH_LR_PINTID_SHIFT) | ICH_LR_HW |
					    ICH_LR_GROUP1 | ICH_LR_PENDING |
					    (0x48ULL << ICH_LR_PRIO_SHIFT));

	/* SGIs and PPIs take the vCPU's priority, not the zone's. */
	vc()->prio[3] = 0x20;
	zone->arch.vgic.prio[3] = 0xf0;
	vgic_inject(3, false);
	assert_int_equal(lr_of(3),
			 3ULL | ICH_LR_GROUP1 | ICH_LR_PENDING | (0x20ULL << ICH_LR_PRIO_SHIFT));
	assert_int_equal(lrs_used(), 3);
	assert_int_equal(vc()->nr_pend, 0);
	assert_false(ich[0].hcr & ICH_HCR_UIE);
}

static void test_pending_not_duplicated(void **state)
{
	(void)state;
	vgic_inject(33, false);
	vgic_inject(33, false);
	vgic_inject(33, false);
	assert_int_equal(lrs_used(), 1);
	assert_int_equal(vc()->nr_pend, 0);
	vgic_inject(35, true);
	vgic_inject(35, true);
	assert_int_equal(lrs_used(), 2);
	assert_int_equal(lr_state(lr_of(35)), ICH_LR_PENDING);
}

static void test_active_software_becomes_pending_active(void **state)
{
	int n;

	(void)state;
	vgic_inject(33, false);
	n = lr_find(33);
	assert_int_equal(guest_ack(), 33);
	vgic_inject(33, false);
	assert_int_equal(lr_find(33), n);
	assert_int_equal(lr_state(ich[0].lr[n]), ICH_LR_PENDING | ICH_LR_ACTIVE);
	assert_int_equal(lrs_used(), 1);
	/* Not taken again while active; the EOI leaves the second one pending in place. */
	assert_int_equal(guest_ack(), -1);
	assert_int_equal(guest_eoi(), 33);
	assert_int_equal(lr_state(ich[0].lr[n]), ICH_LR_PENDING);
	assert_int_equal(guest_ack(), 33);
}

/* An active HW interrupt: a new instance waits until the guest deactivates the old one. */
static void test_active_hw_waits_for_deactivation(void **state)
{
	int n;

	(void)state;
	vgic_inject(35, true);
	n = lr_find(35);
	assert_int_equal(guest_ack(), 35);
	vgic_inject(35, true);
	assert_int_equal(lr_state(ich[0].lr[n]), ICH_LR_ACTIVE);
	assert_true(waiting(35));
	assert_true(ich[0].hcr & ICH_HCR_UIE);
	assert_int_equal(guest_eoi(), 35);
	assert_int_equal(nr_hw_deact, 1);
	assert_true(maintenance_due());
	vgic_maintenance();
	assert_int_equal(lr_state(lr_of(35)), ICH_LR_PENDING);
	assert_true(lr_of(35) & ICH_LR_HW);
	assert_false(ich[0].hcr & ICH_HCR_UIE);
}

/* No room and nothing less urgent in the list registers: the 5th and 6th wait. */
static void test_overflow_waits_and_refills_by_priority(void **state)
{
	static const u32 ids[] = { 40, 41, 42, 43, 44, 45 };
	static const u8 prio[] = { 0x80, 0x80, 0x80, 0x80, 0xc0, 0x90 };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++) {
		own(ids[i], prio[i]);
		vgic_inject(ids[i], false);
	}
	assert_int_equal(lrs_used(), 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(lr_state(lr_of(ids[i])), ICH_LR_PENDING);
	assert_true(waiting(44) && waiting(45));
	assert_int_equal(vc()->nr_pend, 2);
	assert_true(ich[0].hcr & ICH_HCR_UIE);
	assert_true(ich[0].hcr & ICH_HCR_EN_BIT);

	/* The guest handles three: one list register left valid, underflow fires. */
	for (int i = 0; i < 3; i++) {
		assert_true(guest_ack() >= 40);
		assert_true(guest_eoi() >= 40);
		assert_int_equal(vc()->nr_pend, 2);
	}
	assert_true(maintenance_due());
	vgic_maintenance();
	assert_int_equal(lrs_used(), 3);
	assert_int_equal(vc()->nr_pend, 0);
	assert_false(ich[0].hcr & ICH_HCR_UIE);
	/* The most urgent waiting one first: 45 (0x90) is taken before 44 (0xc0). */
	assert_int_equal(guest_ack(), 43);
	assert_int_equal(guest_eoi(), 43);
	assert_int_equal(guest_ack(), 45);
	assert_int_equal(guest_eoi(), 45);
	assert_int_equal(guest_ack(), 44);
}

/* The order refill takes waiting ones in: priority, then the lower INTID. */
static void test_refill_ties_lower_intid_first(void **state)
{
	(void)state;
	for (u32 i = 40; i < 44; i++) {
		own(i, 0x80);
		vgic_inject(i, false);
	}
	own(50, 0x90);
	own(47, 0x90);
	own(46, 0xa0);
	vgic_inject(50, false);
	vgic_inject(46, false);
	vgic_inject(47, false);
	assert_int_equal(vc()->nr_pend, 3);
	/* One list register frees up and the refill runs (as after any maintenance). */
	assert_int_equal(guest_ack(), 40);
	assert_int_equal(guest_eoi(), 40);
	vgic_maintenance();
	assert_int_not_equal(lr_find(47), -1);
	assert_true(waiting(50) && waiting(46));
	assert_int_equal(vc()->nr_pend, 2);
}

/* A more urgent interrupt takes the place of a less urgent one that is only pending. */
static void test_urgent_evicts_pending_only(void **state)
{
	(void)state;
	for (u32 i = 40; i < 44; i++) {
		own(i, i == 42 ? 0xc0 : 0x80);
		vgic_inject(i, false);
	}
	own(45, 0x10);
	vgic_inject(45, false);
	assert_int_equal(lr_state(lr_of(45)), ICH_LR_PENDING);
	assert_int_equal(lr_find(42), -1); /* the least urgent went back to wait */
	assert_true(waiting(42));
	assert_int_equal(vc()->nr_pend, 1);
	assert_true(ich[0].hcr & ICH_HCR_UIE);
	/* Nothing is lost: the guest gets all five, most urgent first. */
	assert_int_equal(guest_ack(), 45);
	assert_int_equal(guest_eoi(), 45);
	guest_drain();
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
	assert_false(ich[0].hcr & ICH_HCR_UIE);
}

/* With others waiting, a newcomer queues too even when an LR is free: priority decides. */
static void test_newcomer_does_not_overtake(void **state)
{
	(void)state;
	for (u32 i = 40; i < 45; i++) {
		own(i, 0x80);
		vgic_inject(i, false);
	}
	assert_true(waiting(44));
	assert_int_equal(guest_ack(), 40);
	assert_int_equal(guest_eoi(), 40);
	own(46, 0xc0);
	vgic_inject(46, false); /* before any maintenance interrupt */
	assert_int_not_equal(lr_find(44), -1);
	assert_true(waiting(46));
	assert_true(ich[0].hcr & ICH_HCR_UIE);
}

/*
 * An interrupt already pending in a list register is injected again while others wait:
 * the two injections are one pending interrupt, so the guest must see it once.
 */
static void test_pending_not_duplicated_while_others_wait(void **state)
{
	unsigned int taken[64] = { 0 };

	(void)state;
	for (u32 i = 40; i < 44; i++) {
		own(i, 0x80);
		vgic_inject(i, false);
	}
	own(44, 0x10);
	vgic_inject(44, false); /* takes 40's place: 40 waits */
	assert_true(waiting(40));
	vgic_inject(41, false); /* 41 is still pending in its LR: nothing new */
	vgic_inject(40, false); /* 40 is waiting: nothing new */
	guest_drain_count(taken);
	for (u32 i = 40; i < 45; i++)
		assert_int_equal(taken[i], 1);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
}

/* The same with equal priorities (as Linux gives every SPI): one injection, one delivery. */
static void test_pending_not_duplicated_equal_priorities(void **state)
{
	unsigned int taken[64] = { 0 };

	(void)state;
	for (u32 i = 40; i < 44; i++) {
		own(i, 0xa0);
		vgic_inject(i, false);
	}
	own(39, 0xa0);
	vgic_inject(39, false); /* waits: nothing less urgent to make room */
	assert_true(waiting(39));
	vgic_inject(41, false); /* 41 is still pending in its LR: nothing new */
	guest_drain_count(taken);
	for (u32 i = 39; i < 44; i++)
		if (taken[i] != 1)
			fail_msg("INTID %u delivered %u times", i, taken[i]);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
}

static void test_no_zone_no_injection(void **state)
{
	(void)state;
	cur = 2; /* CPU 2 runs no zone */
	vgic_inject(33, false);
	vgic_maintenance();
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
	cur = 0;
	vgic_inject(VGIC_NR_IRQS, false);
	assert_int_equal(lrs_used(), 0);
}

/* The CPU comes up with UNKNOWN list registers: cleared, none trusted for deactivation. */
static void test_init_clears_unknown_lrs(void **state)
{
	(void)state;
	cur = 3;
	ich[3].lr[1] =
		ICH_LR_PENDING | ICH_LR_ACTIVE | ICH_LR_HW | 40 | (40ULL << ICH_LR_PINTID_SHIFT);
	ich[3].hcr = ICH_HCR_UIE | ICH_HCR_LRENPIE;
	vgic_cpu_init();
	assert_int_equal(vc()->nr_lrs, NR_LRS);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(ich[3].hcr, ICH_HCR_EN_BIT);
	assert_int_equal(nr_deact, 0);
}

/*
 * A vCPU that is off (never started, or after CPU_OFF) gets nothing in its list registers
 * and no maintenance interrupt armed, whatever arrives; a physical interrupt is held
 * active and deactivated when the vCPU starts.
 */
static void test_off_vcpu_gets_nothing(void **state)
{
	(void)state;
	cur = 1;
	cpus[1].power = VCPU_OFF;
	for (u32 i = 0; i < 8; i++)
		vgic_inject(16 + i, true); /* PPIs: more than the list registers */
	vgic_inject(33, true);
	vgic_inject(3, false);
	vc()->sgi_enabled = 0xffff;
	vc()->sgi_pending = 0x1;
	vgic_take_sgis();
	ich[1].hcr |= ICH_HCR_UIE; /* stale: the maintenance interrupt disarms it */
	vgic_maintenance();
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(ich[1].hcr, ICH_HCR_EN_BIT);
	assert_int_equal(vc()->sgi_pending, 0x1);
	assert_int_equal(nr_deact, 0);
	/* CPU_ON: the start deactivates the nine held physical interrupts, then delivery works. */
	cpus[1].power = VCPU_ON_PENDING;
	vgic_cpu_reset();
	cpus[1].power = VCPU_ON;
	assert_int_equal(nr_deact, 9);
	assert_int_equal(vc()->nr_pend, 0);
	vgic_inject(33, true);
	assert_int_not_equal(lr_find(33), -1);
}

/* Nest five interrupts, each more urgent, on 4 list registers; returns them in ack order. */
static void nest_five(const u32 *ids, const bool *hw)
{
	for (int i = 0; i < 5; i++) {
		own(ids[i], (u8)(0xc0 - 0x20 * i));
		vgic_inject(ids[i], hw[i]);
		assert_int_equal(guest_ack(), (int)ids[i]);
	}
}

/* Nesting deeper than the list registers: the least urgent active one steps out and back. */
static void test_nesting_spills_and_restores(void **state)
{
	static const u32 ids[] = { 40, 41, 42, 43, 44 };
	static const bool hw[] = { false, false, false, false, false };

	(void)state;
	nest_five(ids, hw);
	assert_int_equal(lr_find(40), -1); /* the least urgent active one stepped out */
	assert_int_equal(lrs_used(), 4);
	assert_true(ich[0].hcr & ICH_HCR_UIE);
	assert_true(ich[0].hcr & ICH_HCR_LRENPIE);
	/* The guest ends the nested ones; list registers free up and 40 comes back. */
	for (u32 i = 44; i > 41; i--) {
		assert_int_equal(guest_eoi(), (int)i);
		if (maintenance_due())
			vgic_maintenance();
	}
	assert_int_equal(lr_state(lr_of(40)), ICH_LR_ACTIVE);
	assert_int_equal(guest_eoi(), 41);
	assert_int_equal(guest_eoi(), 40);
	assert_int_equal(eoicount(), 0);
	assert_int_equal(lrs_used(), 0);
	if (maintenance_due())
		vgic_maintenance();
	assert_false(ich[0].hcr & (ICH_HCR_UIE | ICH_HCR_LRENPIE));
	assert_int_equal(nr_deact, 0);
}

/* The guest ends a spilled interrupt before it came back: EOIcount, LRENP maintenance. */
static void test_nesting_eoi_while_spilled(void **state)
{
	static const u32 ids[] = { 33, 41, 42, 43, 44 };
	static const bool hw[] = { true, false, false, false, false };

	(void)state;
	own(40, 0xf0);
	nest_five(ids, hw);
	assert_int_equal(lr_find(33), -1);
	/* The maintenance interrupt is late: the guest ends everything first. */
	for (u32 i = 44; i > 40; i--)
		assert_int_equal(guest_eoi(), (int)i);
	assert_int_equal(guest_eoi(), 33);
	assert_int_equal(eoicount(), 1);
	assert_int_equal(nr_deact, 0);
	assert_true(maintenance_due());
	vgic_maintenance();
	/* The hypervisor deactivated the physical interrupt behind it, once. */
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	assert_int_equal(eoicount(), 0);
	assert_int_equal(lrs_used(), 0);
	assert_false(ich[0].hcr & (ICH_HCR_UIE | ICH_HCR_LRENPIE));
	assert_false(maintenance_due());
	/* It can fire again. */
	vgic_inject(33, true);
	assert_int_equal(guest_ack(), 33);
}

/* A software interrupt active and pending when spilled is delivered again after its EOI. */
static void test_nesting_spilled_pending_redelivered(void **state)
{
	unsigned int taken[64] = { 0 };

	(void)state;
	own(40, 0xc0);
	vgic_inject(40, false);
	assert_int_equal(guest_ack(), 40);
	vgic_inject(40, false); /* active and pending in its list register */
	for (u32 i = 41; i < 45; i++) {
		own(i, (u8)(0xc0 - 0x20 * (i - 40)));
		vgic_inject(i, false);
		assert_int_equal(guest_ack(), (int)i);
	}
	assert_int_equal(lr_find(40), -1); /* spilled, with its pending instance */
	/* The maintenance interrupt is late: the guest ends everything first. */
	for (u32 i = 44; i > 40; i--)
		assert_int_equal(guest_eoi(), (int)i);
	assert_int_equal(guest_eoi(), 40);
	assert_int_equal(eoicount(), 1);
	guest_drain_count(taken);
	assert_int_equal(taken[40], 1);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
}

/* The same when the maintenance interrupt comes in time: the spilled one comes back. */
static void test_nesting_spilled_pending_restored(void **state)
{
	unsigned int taken[64] = { 0 };

	(void)state;
	own(40, 0xc0);
	vgic_inject(40, false);
	assert_int_equal(guest_ack(), 40);
	vgic_inject(40, false);
	for (u32 i = 41; i < 45; i++) {
		own(i, (u8)(0xc0 - 0x20 * (i - 40)));
		vgic_inject(i, false);
		assert_int_equal(guest_ack(), (int)i);
	}
	assert_int_equal(lr_find(40), -1);
	for (u32 i = 44; i > 41; i--) {
		assert_int_equal(guest_eoi(), (int)i);
		if (maintenance_due())
			vgic_maintenance();
	}
	assert_int_equal(lr_state(lr_of(40)), ICH_LR_ACTIVE | ICH_LR_PENDING);
	guest_drain_count(taken);
	assert_int_equal(taken[40], 1);
	assert_int_equal(eoicount(), 0);
	assert_int_equal(lrs_used(), 0);
}

static void test_reset_deactivates_hw_interrupts(void **state)
{
	bool seen[VGIC_NR_IRQS] = { false };

	(void)state;
	own(77, 0xa0);
	own(40, 0xa0);
	vgic_inject(35, true);
	assert_int_equal(guest_ack(), 35); /* active, HW */
	vgic_inject(33, true);		   /* pending, HW */
	vgic_inject(1, false);		   /* pending, software */
	vgic_inject(64, true);
	assert_int_equal(lr_state(lr_of(64)), ICH_LR_PENDING);
	vgic_inject(77, true);	/* waits, HW */
	vgic_inject(40, false); /* waits, software */
	assert_int_equal(lrs_used(), 4);
	assert_int_equal(vc()->nr_pend, 2);
	/* A HW list register the guest finished: invalid, but it still says HW, 9. */
	ich[0].lr[lr_find(1)] = 9ULL | ICH_LR_HW | (9ULL << ICH_LR_PINTID_SHIFT);
	vc()->sgi_enabled = 0xffff;
	vc()->sgi_pending = 0x4;
	vc()->prio[1] = 0x30;

	vgic_cpu_reset();
	for (unsigned int i = 0; i < nr_deact; i++) {
		assert_false(seen[deact[i]]); /* each once */
		seen[deact[i]] = true;
	}
	assert_int_equal(nr_deact, 4);
	assert_true(seen[33] && seen[35] && seen[64] && seen[77]);
	for (int i = 0; i < NR_LRS; i++)
		assert_int_equal(ich[0].lr[i], 0);
	assert_int_equal(vc()->nr_pend, 0);
	for (unsigned int w = 0; w < VGIC_WORDS; w++)
		assert_int_equal(vc()->pend[w] | vc()->pend_hw[w], 0);
	assert_int_equal(vc()->sgi_enabled, 0);
	assert_int_equal(vc()->sgi_pending, 0);
	assert_int_equal(vc()->prio[1], 0);
	assert_int_equal(ich[0].hcr, ICH_HCR_EN_BIT);
	/* Usable afterwards. */
	vgic_inject(33, true);
	assert_int_not_equal(lr_find(33), -1);
}

/* A HW interrupt spilled out of the list registers is deactivated by the reset too. */
static void test_reset_deactivates_spilled_hw(void **state)
{
	static const u32 ids[] = { 33, 41, 42, 43, 44 };
	static const bool hw[] = { true, false, false, false, false };

	(void)state;
	nest_five(ids, hw);
	assert_int_equal(lr_find(33), -1);
	vgic_cpu_reset();
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(ich[0].hcr, ICH_HCR_EN_BIT);
	/* Nothing of the old nesting comes back. */
	ich[0].depth = 0;
	vgic_maintenance();
	assert_int_equal(lrs_used(), 0);
}

/* What GICD pending/active reads see: list registers, waiting and spilled interrupts. */
static void test_local_state(void **state)
{
	static const u32 ids[] = { 40, 41, 42, 43, 44 };
	static const bool hw[] = { false, false, false, false, false };
	u32 held, pending, active;

	(void)state;
	nest_five(ids, hw);	/* 40 spilled, 41..44 active in list registers */
	vgic_inject(41, false); /* active and pending */
	own(45, 0xf0);
	vgic_inject(45, false); /* waits */
	own(70, 0xa0);
	vgic_inject(70, false); /* waits, other word */
	vgic_local_state32(32, &held, &pending, &active);
	assert_int_equal(held, 0x3f00);
	assert_int_equal(pending, (1u << 9) | (1u << 13));
	assert_int_equal(active, 0x1f00);
	vgic_local_state32(64, &held, &pending, &active);
	assert_int_equal(held, 1u << 6);
	assert_int_equal(pending, 1u << 6);
	assert_int_equal(active, 0);
	vgic_local_state32(0, &held, &pending, &active);
	assert_int_equal(held | pending | active, 0);
}

/* ICPENDR / ICENABLER: drop the pending copy held here, deactivating a HW one. */
static void test_local_unpend(void **state)
{
	(void)state;
	for (u32 i = 40; i < 44; i++) {
		own(i, 0x80);
		vgic_inject(i, false);
	}
	own(46, 0x90);
	vgic_inject(33, true);	/* waits, HW */
	vgic_inject(46, false); /* waits */
	assert_true(vgic_local_unpend(33));
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	assert_false(waiting(33));
	assert_false(vgic_local_unpend(46));
	assert_int_equal(vc()->nr_pend, 0);
	assert_false(ich[0].hcr & ICH_HCR_UIE);
	/* In a list register: pending-only goes; active and pending stays active. */
	assert_false(vgic_local_unpend(42));
	assert_int_equal(lr_find(42), -1);
	assert_int_equal(guest_ack(), 40);
	vgic_inject(40, false);
	assert_false(vgic_local_unpend(40));
	assert_int_equal(lr_state(lr_of(40)), ICH_LR_ACTIVE);
	/* Not held here at all. */
	assert_false(vgic_local_unpend(50));
	assert_false(vgic_local_unpend(VGIC_NR_IRQS));
	/* A HW one pending in a list register. */
	guest_eoi();
	guest_drain();
	vgic_inject(35, true);
	assert_true(vgic_local_unpend(35));
	assert_int_equal(lr_find(35), -1);
	assert_int_equal(nr_deact, 2);
	assert_int_equal(deact[1], 35);
	assert_int_equal(nr_deact, 2);
}

/* ICACTIVER: the guest deactivates; a HW one's physical interrupt with it. */
static void test_local_deactivate(void **state)
{
	static const u32 ids[] = { 33, 41, 42, 43, 44 };
	static const bool hw[] = { true, false, false, false, false };

	(void)state;
	nest_five(ids, hw); /* 33 (HW) spilled */
	vgic_local_deactivate(33);
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	vgic_local_deactivate(44);
	assert_int_equal(lr_find(44), -1);
	vgic_inject(43, false); /* active and pending: the pending part stays */
	vgic_local_deactivate(43);
	assert_int_equal(lr_state(lr_of(43)), ICH_LR_PENDING);
	vgic_local_deactivate(50); /* nothing */
	assert_int_equal(nr_deact, 1);
	/* HW in a list register. */
	ich[0].depth = 0;
	vgic_cpu_reset();
	nr_deact = 0;
	vgic_inject(35, true);
	assert_int_equal(guest_ack(), 35);
	vgic_local_deactivate(35);
	assert_int_equal(lr_find(35), -1);
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 35);
}

static void test_sgi_to_self_waits_for_enable(void **state)
{
	(void)state;
	vgic_send_sgi(&cpus[0], 2);
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->sgi_pending, 1u << 2);
	vgic_take_sgis(); /* still disabled */
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->sgi_pending, 1u << 2);

	vgic_send_sgi(&cpus[0], 5);
	vc()->sgi_enabled = 1u << 2;
	vgic_take_sgis();
	assert_int_not_equal(lr_find(2), -1);
	assert_int_equal(lr_find(5), -1);
	assert_int_equal(vc()->sgi_pending, 1u << 5);

	/* Enabled: straight into a list register. */
	vc()->sgi_enabled |= 1u << 9;
	vgic_send_sgi(&cpus[0], 9);
	assert_int_not_equal(lr_find(9), -1);
	assert_int_equal(vc()->sgi_pending, 1u << 5);
	assert_int_equal(nr_ipi, 0);
}

static void test_sgi_to_other_cpu_kicks_it(void **state)
{
	(void)state;
	cpus[1].arch.vgic.sgi_enabled = 0xffff;
	vgic_send_sgi(&cpus[1], 4);
	assert_int_equal(cpus[1].arch.vgic.sgi_pending, 1u << 4);
	assert_int_equal(nr_ipi, 1);
	assert_ptr_equal(ipi_to[0], &cpus[1]);
	assert_int_equal(lrs_used(), 0); /* nothing on the sender */
	assert_int_equal(cpus[0].arch.vgic.sgi_pending, 0);
	/* The target takes it when it handles the IPI. */
	cur = 1;
	assert_int_equal(lrs_used(), 0);
	vgic_take_sgis();
	assert_int_not_equal(lr_find(4), -1);
	assert_int_equal(vc()->sgi_pending, 0);
}

/*
 * Virtio's interrupt for a CPU in direct interrupt mode: no list register reaches it, so
 * the SPI is made pending physically (the guest takes it where it routed it), no kick.
 */
static void test_send_irq_direct_is_physical(void **state)
{
	(void)state;
	cpus[1].arch.direct = true;
	vgic_send_irq(&cpus[1], 64);
	assert_int_equal(nr_raised, 1);
	assert_int_equal(raised[0], 64);
	assert_int_equal(nr_ipi, 0);
	assert_int_equal(cpus[1].arch.vgic.sent[1], 0);
	/* The usual mode: sent to the target's software set, and a kick. */
	cpus[1].arch.direct = false;
	vgic_send_irq(&cpus[1], 64);
	assert_int_equal(nr_raised, 1);
	assert_int_equal(nr_ipi, 1);
	assert_int_equal(cpus[1].arch.vgic.sent[1], 1);
}

/* ---- randomised: nothing lost, nothing delivered twice ---- */

/*
 * The model: each interrupt is pending and/or active, as the guest should see it. An
 * injection makes it pending (merging with a pending one); a physical (HW) interrupt can
 * only fire again once it was deactivated, by the guest through its HW list register or by
 * the hypervisor. The guest may only take an interrupt the model holds pending, and at the
 * end, with the guest taking everything, none may remain pending or active anywhere.
 */
#define R_NR 12
static const u32 r_ids[R_NR] = { 1, 2, 7, 33, 35, 40, 41, 42, 43, 44, 64, 65 };
static const bool r_hw[R_NR] = { false, false, false, true,  true, false,
				 false, false, true,  false, true, false };

struct model {
	bool pending[R_NR];
	bool active[R_NR];
	bool phys_active[R_NR]; /* HW ones: acknowledged physically, not yet deactivated */
	unsigned int injected, delivered;
	unsigned int deact_seen, hw_deact_seen;
};

static u64 rng_state;

static u32 rnd(u32 n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (u32)(rng_state >> 33) % n;
}

static int r_index(u32 intid)
{
	for (int i = 0; i < R_NR; i++)
		if (r_ids[i] == intid)
			return i;
	fail_msg("INTID %u was never injected", intid);
	return -1;
}

static void r_inject(struct model *m, int k)
{
	if (r_hw[k] && m->phys_active[k])
		return; /* the physical interrupt is still active: it cannot fire */
	if (!m->pending[k])
		m->injected++;
	m->pending[k] = true;
	if (r_hw[k])
		m->phys_active[k] = true;
	vgic_inject(r_ids[k], r_hw[k]);
}

static void r_ack(struct model *m, u64 seed, unsigned int step)
{
	int id = guest_ack(), k;

	if (id < 0)
		return;
	k = r_index((u32)id);
	if (!m->pending[k] || m->active[k])
		fail_msg("seed %llu step %u: INTID %d delivered but the model has it %s%s",
			 (unsigned long long)seed, step, id,
			 m->pending[k] ? "pending" : "not pending",
			 m->active[k] ? " and active" : "");
	m->pending[k] = false;
	m->active[k] = true;
	m->delivered++;
}

static void r_eoi(struct model *m)
{
	int id = guest_eoi();

	if (id >= 0)
		m->active[r_index((u32)id)] = false;
}

/* Physical deactivations since the last look: only of HW ones still active, once. */
static void r_deactivations(struct model *m, u64 seed, unsigned int step)
{
	for (; m->deact_seen < nr_deact; m->deact_seen++) {
		int k = r_index(deact[m->deact_seen]);

		if (!r_hw[k] || !m->phys_active[k] || m->active[k] || m->pending[k])
			fail_msg(
				"seed %llu step %u: INTID %u deactivated by the hypervisor (hw %d, "
				"physically active %d, active %d, pending %d)",
				(unsigned long long)seed, step, r_ids[k], r_hw[k],
				m->phys_active[k], m->active[k], m->pending[k]);
		m->phys_active[k] = false;
	}
	for (; m->hw_deact_seen < nr_hw_deact; m->hw_deact_seen++) {
		int k = r_index(hw_deact[m->hw_deact_seen]);

		if (!m->phys_active[k])
			fail_msg("seed %llu step %u: INTID %u deactivated twice",
				 (unsigned long long)seed, step, r_ids[k]);
		m->phys_active[k] = false;
	}
	/* The fakes' logs are bounded: start them over. */
	nr_deact = nr_hw_deact = 0;
	m->deact_seen = m->hw_deact_seen = 0;
}

/* Invariants between steps. */
static void r_check(u64 seed, unsigned int step)
{
	unsigned int bits = 0;

	for (int i = 0; i < R_NR; i++)
		(void)lr_find(r_ids[i]); /* never in two list registers */
	for (unsigned int w = 0; w < VGIC_WORDS; w++)
		bits += (unsigned int)__builtin_popcountll(vc()->pend[w]);
	if (bits != vc()->nr_pend)
		fail_msg("seed %llu step %u: nr_pend %u, %u bits set", (unsigned long long)seed,
			 step, vc()->nr_pend, bits);
	if (vc()->nr_pend && !(ich[cur].hcr & ICH_HCR_UIE))
		fail_msg("seed %llu step %u: %u waiting without UIE", (unsigned long long)seed,
			 step, vc()->nr_pend);
}

static void run_random(u64 seed, unsigned int steps)
{
	struct model m;

	memset(&m, 0, sizeof(m));
	rng_state = seed;
	for (int i = 0; i < R_NR; i++)
		own(r_ids[i], (u8)(0x10 * (1 + rnd(8))));
	for (int i = 0; i < R_NR; i++)
		if (r_ids[i] < 32)
			vc()->prio[r_ids[i]] = zone->arch.vgic.prio[r_ids[i]];

	for (unsigned int s = 0; s < steps; s++) {
		switch (rnd(8)) {
		case 0:
		case 1:
		case 2:
			r_inject(&m, (int)rnd(R_NR));
			break;
		case 3:
		case 4:
			r_ack(&m, seed, s);
			break;
		case 5:
		case 6:
			r_eoi(&m);
			break;
		default:
			/* The maintenance interrupt is taken, possibly late. */
			if (maintenance_due())
				vgic_maintenance();
			break;
		}
		r_deactivations(&m, seed, s);
		r_check(seed, s);
	}
	/* The guest now takes and ends everything, maintenance as soon as the GIC raises it. */
	for (unsigned int guard = 0; guard < 1000; guard++) {
		unsigned int before = m.delivered, depth = ich[cur].depth;

		if (maintenance_due())
			vgic_maintenance();
		r_ack(&m, seed, steps + guard);
		if (m.delivered == before)
			r_eoi(&m);
		r_deactivations(&m, seed, steps + guard);
		r_check(seed, steps + guard);
		if (m.delivered == before && ich[cur].depth == depth && !maintenance_due())
			break;
	}
	for (int k = 0; k < R_NR; k++)
		if (m.pending[k] || m.active[k] || m.phys_active[k])
			fail_msg("seed %llu: INTID %u lost (pending %d, active %d, physically "
				 "active "
				 "%d, waiting %d)",
				 (unsigned long long)seed, r_ids[k], m.pending[k], m.active[k],
				 m.phys_active[k], waiting(r_ids[k]));
	assert_int_equal(lrs_used(), 0);
	assert_int_equal(vc()->nr_pend, 0);
	assert_int_equal(m.injected, m.delivered);
	assert_false(ich[cur].hcr & (ICH_HCR_UIE | ICH_HCR_LRENPIE));
}

static void test_random_nothing_lost_or_doubled(void **state)
{
	for (u64 seed = 1; seed <= 300; seed++) {
		if (seed > 1) {
			free(zone);
			setup(state);
		}
		run_random(seed, 400);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(test_reset_starts_empty),
		CASE(test_inject_fills_lr),
		CASE(test_pending_not_duplicated),
		CASE(test_active_software_becomes_pending_active),
		CASE(test_active_hw_waits_for_deactivation),
		CASE(test_overflow_waits_and_refills_by_priority),
		CASE(test_refill_ties_lower_intid_first),
		CASE(test_urgent_evicts_pending_only),
		CASE(test_newcomer_does_not_overtake),
		CASE(test_pending_not_duplicated_while_others_wait),
		CASE(test_pending_not_duplicated_equal_priorities),
		CASE(test_no_zone_no_injection),
		CASE(test_init_clears_unknown_lrs),
		CASE(test_off_vcpu_gets_nothing),
		CASE(test_nesting_spills_and_restores),
		CASE(test_nesting_eoi_while_spilled),
		CASE(test_nesting_spilled_pending_redelivered),
		CASE(test_nesting_spilled_pending_restored),
		CASE(test_reset_deactivates_hw_interrupts),
		CASE(test_reset_deactivates_spilled_hw),
		CASE(test_local_state),
		CASE(test_local_unpend),
		CASE(test_local_deactivate),
		CASE(test_sgi_to_self_waits_for_enable),
		CASE(test_sgi_to_other_cpu_kicks_it),
		CASE(test_send_irq_direct_is_physical),
		CASE(test_random_nothing_lost_or_doubled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
