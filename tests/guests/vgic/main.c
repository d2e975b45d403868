// SPDX-License-Identifier: GPL-2.0
/*
 * The vGIC test guest: runs as the root zone's kernel (zone 0: CPU 0, and CPU 1 started
 * with PSCI CPU_ON) and checks, from the guest's side, virtual interrupt delivery through
 * the list registers (more pending than list registers, SGI coalescing, priority order,
 * nesting, split EOI, disabling or clearing an interrupt while pending or active), the
 * virtual timer, the isolation of GICD registers, SGIs and SPI routing from what the zone
 * does not own, and PSCI CPU hotplug (also from inside an interrupt handler). Each check
 * prints one "GUEST: <name>: PASS|FAIL ..." line; tests/system/test_vgic.py reads them.
 *
 * Every wait is bounded by CNTVCT: a lost interrupt fails its check instead of hanging.
 * Lines starting with "GUEST:   |" are diagnostics printed before a failing check.
 */
#include "gic.h"

#define NR_INTIDS 128 /* the zone owns nothing above SPI 79 */
#define EV_MAX	  128
#define EV_EOI	  0x10000u /* event log: an EOI, not an acknowledge */

#define SPI_TEST     35 /* owned, no device drives it on QEMU virt (PCIe INTA, no devices) */
#define SPI_SPARE    36 /* owned, only its registers are used */
#define SPI_FOREIGN  34 /* QEMU's PL031 RTC: not the zone's */
#define PRIO_DEFAULT 0xa0

#define MS 1000ULL /* in microseconds */
/*
 * How long an interrupt that must come may take. Generous: QEMU's vCPU threads (and the
 * thread that fires its timers) share the host's cores with everything else running
 * there, and CNTVCT follows the host clock, so a descheduled thread sees time jump. Only
 * failing checks ever wait this long.
 */
#define T_DELIVER (2000 * MS)

struct cpu_state {
	volatile uint32_t count[NR_INTIDS]; /* acknowledges per INTID */
	volatile uint64_t when[NR_INTIDS];  /* CNTVCT at the last acknowledge */
	volatile uint32_t ev[EV_MAX];	    /* acknowledge / EOI order */
	volatile uint32_t nev;
	volatile uint32_t other; /* INTIDs >= NR_INTIDS */
	volatile uint32_t spurious;
	volatile uint32_t split_eoi; /* ICC_CTLR_EL1.EOImode is 1: the handler also writes DIR */
	volatile uintptr_t rd;	     /* this CPU's redistributor (RD_base), found by GICR_TYPER */
};

static struct cpu_state cpus[2];

/*
 * What a check wants done in the handler, after the acknowledge and before the EOI.
 * Returns false to leave the interrupt active (split EOI mode: no DIR write).
 */
typedef bool (*irq_action_fn)(unsigned int cpu, uint32_t intid);
static volatile irq_action_fn irq_action;

static uint64_t freq;
static uint32_t prio_mask; /* implemented priority bits of the virtual CPU interface */

/* The second vCPU: it counts SGIs and obeys sec_cmd. */
#define CMD_NONE 0
#define CMD_OFF	 1
static volatile uint32_t sec_boots, sec_gic_ok, sec_cmd, sec_intruder;
static volatile uint32_t sec_ap_entry, sec_rpr_entry; /* at its last entry */
static volatile uint64_t sec_ctx;
static volatile int64_t sec_off_ret;
static bool sec_up;

/* ---- time ---------------------------------------------------------------------------- */

/* ---- per-CPU interrupt bookkeeping --------------------------------------------------- */

static void state_reset(unsigned int cpu)
{
	struct cpu_state *s = &cpus[cpu];

	for (unsigned int i = 0; i < NR_INTIDS; i++) {
		s->count[i] = 0;
		s->when[i] = 0;
	}
	for (unsigned int i = 0; i < EV_MAX; i++)
		s->ev[i] = 0;
	s->nev = 0;
	s->other = 0;
	s->spurious = 0;
}

static void ev_add(struct cpu_state *s, uint32_t v)
{
	uint32_t n = s->nev;

	if (n < EV_MAX)
		s->ev[n] = v;
	s->nev = n + 1;
}

static void dump_events(unsigned int cpu)
{
	struct cpu_state *s = &cpus[cpu];
	uint32_t n = s->nev < EV_MAX ? s->nev : EV_MAX;

	guest_printf("GUEST:   | CPU %u events (INTID acknowledged, /INTID EOI):", (uint64_t)cpu);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t e = s->ev[i];

		guest_printf(" %s%u", (e & EV_EOI) ? "/" : "", (uint64_t)(e & 0xffff));
	}
	guest_printf("%s; spurious %u\n", s->nev > EV_MAX ? " ..." : "", (uint64_t)s->spurious);
}

static void dump_counts(unsigned int cpu)
{
	struct cpu_state *s = &cpus[cpu];

	guest_printf("GUEST:   | CPU %u counts:", (uint64_t)cpu);
	for (unsigned int i = 0; i < NR_INTIDS; i++)
		if (s->count[i])
			guest_printf(" %u:%u", (uint64_t)i, (uint64_t)s->count[i]);
	guest_printf(" other:%u\n", (uint64_t)s->other);
}

/* The acknowledge sequence (EOIs left out) equals want[0..n). */
static bool acks_are(unsigned int cpu, const uint32_t *want, unsigned int n)
{
	struct cpu_state *s = &cpus[cpu];
	unsigned int k = 0;

	if (s->nev > EV_MAX)
		return false;
	for (uint32_t i = 0; i < s->nev; i++) {
		if (s->ev[i] & EV_EOI)
			continue;
		if (k >= n || s->ev[i] != want[k])
			return false;
		k++;
	}
	return k == n;
}

/* ---- the IRQ handler ----------------------------------------------------------------- */

static void irq_entry(unsigned int kind, uint64_t *regs)
{
	/* A handler may unmask IRQs to be preempted: keep what the nested one overwrites. */
	uint64_t elr = read_sysreg(elr_el1), spsr = read_sysreg(spsr_el1);
	unsigned int cpu = this_cpu();
	struct cpu_state *s = &cpus[cpu < 2 ? cpu : 1];
	uint32_t intid = (uint32_t)read_sysreg(ICC_IAR1_EL1) & 0xffffff;
	irq_action_fn act;
	bool deactivate = true;

	(void)kind;
	(void)regs;
	if (intid >= INTID_SPURIOUS) {
		s->spurious++;
		return;
	}
	if (intid < NR_INTIDS) {
		s->when[intid] = cntvct();
		s->count[intid]++;
	} else {
		s->other++;
	}
	ev_add(s, intid);
	if (intid == PPI_VTIMER) {
		/* Level-triggered: stop the timer's output before the EOI or it fires again. */
		write_sysreg(cntv_ctl_el0, 0);
		isb();
	}
	act = irq_action;
	if (act)
		deactivate = act(cpu, intid);
	irq_mask();
	ev_add(s, intid | EV_EOI);
	write_sysreg(ICC_EOIR1_EL1, intid);
	if (s->split_eoi && deactivate)
		write_sysreg(ICC_DIR_EL1, intid);
	isb();
	write_sysreg(elr_el1, elr);
	write_sysreg(spsr_el1, spsr);
}

/* ---- GIC set-up and helpers ---------------------------------------------------------- */

/* The redistributor whose GICR_TYPER affinity is this CPU's, scanning until Last. */
static uintptr_t find_redist(uint64_t mpidr)
{
	uint64_t aff = (mpidr & 0xffffffULL) | (((mpidr >> 32) & 0xff) << 24);

	for (unsigned int f = 0; f < 64; f++) {
		uintptr_t rd = GICR_BASE + f * GICR_FRAME_SIZE;
		uint64_t t = mmio_r64(rd + GICR_TYPER);

		if ((t >> 32) == aff)
			return rd;
		if (t & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

/* This CPU's side: system register interface, redistributor awake, SGIs and the timer. */
static bool gic_cpu_init(unsigned int cpu)
{
	struct cpu_state *s = &cpus[cpu];
	uintptr_t rd = find_redist(read_sysreg(mpidr_el1)), sgi;

	s->rd = rd;
	s->split_eoi = 0;
	if (!rd)
		return false;
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	mmio_w32(rd + GICR_WAKER, mmio_r32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (!WAIT_US(!(mmio_r32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP), 10 * MS))
		return false;
	sgi = rd + GICR_SGI_OFF;
	mmio_w32(sgi + GICR_IGROUPR0, ~0u);
	mmio_w32(sgi + GICR_ICENABLER0, 0xffff0000u);
	mmio_w32(sgi + GICR_ICPENDR0, ~0u);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_w32(sgi + GICR_IPRIORITYR0 + i, 0x01010101u * PRIO_DEFAULT);
	mmio_w32(sgi + GICR_ISENABLER0, 0xffffu | (1u << PPI_VTIMER));
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	return true;
}

static uint64_t sgi_value(uint32_t intid, uint64_t mpidr)
{
	return ((uint64_t)intid << 24) | (1ULL << (mpidr & 0xf)) | (((mpidr >> 8) & 0xff) << 16) |
	       (((mpidr >> 4) & 0xf) << 44) | (((mpidr >> 16) & 0xff) << 32) |
	       (((mpidr >> 32) & 0xff) << 48);
}

static void sgi_raw(uint64_t v)
{
	dsb_sy(); /* what the target reads is visible before the SGI */
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static void sgi_to(uint32_t intid, uint64_t mpidr)
{
	sgi_raw(sgi_value(intid, mpidr));
}

static void sgi_self(uint32_t intid)
{
	sgi_to(intid, read_sysreg(mpidr_el1));
}

static void set_prio(uint32_t intid, uint8_t p)
{
	if (intid < 32)
		mmio_w8(cpus[this_cpu()].rd + GICR_SGI_OFF + GICR_IPRIORITYR0 + intid, p);
	else
		mmio_w8(GICD_BASE + GICD_IPRIORITYR + intid, p);
}

static uint64_t psci(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (uint64_t)guest_smc(fn, a1, a2, a3);
}

static int64_t affinity_info(uint64_t mpidr)
{
	return (int64_t)psci(PSCI_AFFINITY_INFO_64, mpidr, 0, 0);
}

static int64_t cpu_on(uint64_t mpidr, uint64_t ctx)
{
	return (int64_t)psci(PSCI_CPU_ON_64, mpidr, (uint64_t)(uintptr_t)guest_secondary_entry,
			     ctx);
}

/*
 * Between checks: whatever a failed check left pending is taken now, so the next one
 * starts clean. Reports an interrupt still active on CPU 0 (would block lower priorities).
 */
static void settle(void)
{
	uint64_t ap;

	irq_action = 0;
	irq_unmask();
	delay_us(3 * MS);
	irq_mask();
	ap = read_sysreg(ICC_AP1R0_EL1);
	if (ap)
		guest_printf("GUEST:   | note: ICC_AP1R0_EL1 = %x between checks (an interrupt "
			     "left active)\n",
			     ap);
	state_reset(0);
}

/* ---- 1. more pending than list registers --------------------------------------------- */

#define LR_NR_SGIS 12

static bool lr_all_taken(void)
{
	struct cpu_state *s = &cpus[0];

	for (unsigned int i = 0; i < LR_NR_SGIS; i++)
		if (!s->count[i])
			return false;
	return s->count[PPI_VTIMER] && s->count[SPI_TEST];
}

/* Every INTID in want[] exactly once on cpu, nothing else; *bad gets the first culprit. */
static bool each_once(unsigned int cpu, const uint32_t *want, unsigned int n, uint32_t *bad,
		      uint32_t *bad_count)
{
	struct cpu_state *s = &cpus[cpu];

	for (uint32_t i = 0; i < NR_INTIDS; i++) {
		bool wanted = false;

		for (unsigned int k = 0; k < n; k++)
			wanted |= want[k] == i;
		if (s->count[i] != (wanted ? 1u : 0u)) {
			*bad = i;
			*bad_count = s->count[i];
			return false;
		}
	}
	*bad = 0;
	*bad_count = 0;
	return s->other == 0;
}

static void test_lr_overflow(void)
{
	uint32_t want[LR_NR_SGIS + 2], bad, bad_count;
	unsigned int n = 0;
	bool all, ok;

	settle();
	for (uint32_t i = 0; i < LR_NR_SGIS; i++)
		want[n++] = i;
	want[n++] = PPI_VTIMER;
	want[n++] = SPI_TEST;

	irq_mask();
	for (uint32_t i = 0; i < LR_NR_SGIS; i++)
		sgi_self(i);
	write_sysreg(cntv_cval_el0, cntvct()); /* already expired */
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	delay_us(2 * MS); /* the timer and the SPI reach the hypervisor while masked */
	irq_unmask();
	all = WAIT_US(lr_all_taken(), T_DELIVER);
	delay_us(5 * MS); /* duplicates would come now */
	irq_mask();
	write_sysreg(cntv_ctl_el0, 0);
	isb();

	ok = each_once(0, want, n, &bad, &bad_count);
	if (!ok) {
		dump_counts(0);
		dump_events(0);
	}
	guest_check("lr-overflow", all && ok,
		    "%u SGIs + timer + SPI %u pending at once: INTID %u taken %u times (want "
		    "each once), all seen: %s",
		    (uint64_t)LR_NR_SGIS, (uint64_t)SPI_TEST, (uint64_t)bad, (uint64_t)bad_count,
		    all ? "yes" : "no");
}

/* ---- SGIs sent again while pending collapse into one --------------------------------- */

static void run_coalesce(const char *name, uint8_t prio5)
{
	static const uint32_t want[] = { 0, 1, 2, 3, 4, 5 };
	uint32_t bad, bad_count;
	bool all, ok;

	settle();
	set_prio(5, prio5);
	irq_mask();
	for (unsigned int i = 0; i < 6; i++)
		sgi_self(want[i]); /* 4 fill the list registers, 2 wait in the hypervisor */
	sgi_self(0);		   /* again, while pending in a list register */
	sgi_self(5);		   /* again, while waiting in the hypervisor */
	delay_us(1 * MS);
	irq_unmask();
	all = WAIT_US(cpus[0].count[0] && cpus[0].count[5], T_DELIVER);
	delay_us(5 * MS);
	irq_mask();
	set_prio(5, PRIO_DEFAULT);
	ok = each_once(0, want, 6, &bad, &bad_count);
	if (!ok)
		dump_events(0);
	guest_check(name, all && ok,
		    "SGIs 0-5 pending with interrupts masked (SGI 5 at priority %x), 0 and 5 sent "
		    "twice: SGI %u taken %u times, want once (an SGI sent while pending stays one "
		    "pending SGI)",
		    (uint64_t)prio5, (uint64_t)bad, (uint64_t)bad_count);
}

static void test_sgi_coalesce(void)
{
	run_coalesce("sgi-coalesce", PRIO_DEFAULT);
	/* A higher priority SGI waiting in the hypervisor when SGI 0 is sent again. */
	run_coalesce("sgi-coalesce-spill", 0x80);
}

/* An SGI sent while disabled (GICR_ICENABLER0) waits, and comes once when enabled. */
static void test_sgi_enable_gate(void)
{
	struct cpu_state *s = &cpus[0];
	uintptr_t sgi = cpus[0].rd + GICR_SGI_OFF;
	uint32_t while_off, pend_bit, en_bit;
	bool on;

	settle();
	mmio_w32(sgi + GICR_ICENABLER0, 1u << 9);
	en_bit = (mmio_r32(sgi + GICR_ISENABLER0) >> 9) & 1;
	irq_unmask();
	sgi_self(9);
	delay_us(10 * MS);
	while_off = s->count[9];
	pend_bit = (mmio_r32(sgi + GICR_ISPENDR0) >> 9) & 1;
	mmio_w32(sgi + GICR_ISENABLER0, 1u << 9);
	on = WAIT_US(s->count[9] == 1, T_DELIVER);
	delay_us(5 * MS);
	irq_mask();
	guest_check(
		"sgi-enable-gate", !en_bit && while_off == 0 && pend_bit && on && s->count[9] == 1,
		"SGI 9 disabled (enable bit reads %u): taken %u times while disabled (want 0), "
		"GICR_ISPENDR0 bit %u (want 1); after enabling taken %u times (want 1)",
		(uint64_t)en_bit, (uint64_t)while_off, (uint64_t)pend_bit, (uint64_t)s->count[9]);
}

/* ---- 2. priority order --------------------------------------------------------------- */

/*
 * Make intids[i] (priority prios[i]) pending in the order given with interrupts masked
 * (spi: the last one is an SPI set pending by GICD_ISPENDR), then unmask: they must be
 * taken in the order want[].
 */
static void run_order(const char *name, const uint32_t *intids, const uint8_t *prios,
		      unsigned int n, bool spi, const uint32_t *want)
{
	bool all, ok;

	settle();
	for (unsigned int i = 0; i < n; i++)
		set_prio(intids[i], prios[i]);
	irq_mask();
	for (unsigned int i = 0; i < n; i++) {
		if (spi && i == n - 1)
			gicd_set_bit(GICD_ISPENDR, intids[i]);
		else
			sgi_self(intids[i]);
	}
	delay_us(2 * MS);
	irq_unmask();
	all = WAIT_US(({
			      bool t = true;
			      for (unsigned int i = 0; i < n; i++)
				      t &= cpus[0].count[intids[i]] != 0;
			      t;
		      }),
		      200 * MS);
	delay_us(3 * MS);
	irq_mask();
	ok = acks_are(0, want, n);
	if (!ok)
		dump_events(0);
	for (unsigned int i = 0; i < n; i++)
		set_prio(intids[i], PRIO_DEFAULT);
	guest_check(name, all && ok,
		    "%u interrupts of distinct priorities pending at once were not taken highest "
		    "priority first (want INTIDs in the order %u, %u, %u, ...; all taken: %s)",
		    (uint64_t)n, (uint64_t)want[0], (uint64_t)want[1], (uint64_t)want[2],
		    all ? "yes" : "no");
}

static void test_priority_order(void)
{
	/* Fits in the 4 list registers: the CPU interface orders them. */
	static const uint32_t ids[] = { 1, 2, 3, 4 };
	static const uint8_t prios[] = { 0xc0, 0xa0, 0x80, 0x60 };
	static const uint32_t want[] = { 4, 3, 2, 1 };
	/*
	 * More than the list registers, lowest priority first: the highest ones arrive when
	 * the list registers are full, and the hypervisor must still present them first.
	 * (SGI 7 is left out: see gicr-ipriorityr.)
	 */
	static const uint32_t ids2[] = { 1, 2, 3, 4, 5, 6, 8, 9, SPI_TEST };
	static const uint8_t prios2[] = { 0xe0, 0xd0, 0xc0, 0xb0, 0x90, 0x80, 0x70, 0x60, 0x50 };
	static const uint32_t want2[] = { SPI_TEST, 9, 8, 6, 5, 4, 3, 2, 1 };

	run_order("priority-order", ids, prios, 4, false, want);
	run_order("priority-order-spill", ids2, prios2, 9, true, want2);
}

/* ---- 3. nesting ---------------------------------------------------------------------- */

static const uint32_t *nest_chain;
static unsigned int nest_depth;
static volatile uint32_t nest_done[8], nest_rpr[8], nest_abort, nest_fail_level;

static bool nest_action(unsigned int cpu, uint32_t intid)
{
	int idx = -1;

	for (unsigned int i = 0; i < nest_depth; i++)
		if (nest_chain[i] == intid)
			idx = (int)i;
	if (cpu != 0 || idx < 0)
		return true;
	nest_rpr[idx] = (uint32_t)read_sysreg(ICC_RPR_EL1);
	if (!nest_abort && (unsigned int)idx + 1 < nest_depth) {
		sgi_self(nest_chain[idx + 1]);
		irq_unmask(); /* the higher priority one must preempt this handler now */
		if (!WAIT_US(nest_done[idx + 1],
			     T_DELIVER / 2 * (nest_depth - (unsigned int)idx))) {
			if (!nest_abort)
				nest_fail_level = (uint32_t)idx + 1;
			nest_abort = 1;
		}
		irq_mask();
	}
	nest_done[idx] = 1;
	return true;
}

static void run_nest(const char *name, const uint32_t *chain, const uint8_t *prios,
		     unsigned int depth)
{
	struct cpu_state *s = &cpus[0];
	uint32_t want[16];
	bool seq_ok = true, rpr_ok = true, ok;
	uint32_t bad_rpr_level = 0;
	uint64_t ap;

	settle();
	for (unsigned int i = 0; i < depth; i++) {
		set_prio(chain[i], prios[i]);
		nest_done[i] = 0;
		nest_rpr[i] = 0;
	}
	nest_chain = chain;
	nest_depth = depth;
	nest_abort = 0;
	nest_fail_level = 0;
	irq_action = nest_action;
	sgi_self(chain[0]);
	irq_unmask();
	ok = WAIT_US(nest_done[0], T_DELIVER / 2 * (depth + 1));
	delay_us(5 * MS); /* late deliveries of a failed run come now */
	irq_mask();
	irq_action = 0;
	ap = read_sysreg(ICC_AP1R0_EL1);

	/* Acknowledges down the chain, then EOIs back up, nothing in between. */
	for (unsigned int i = 0; i < depth; i++) {
		want[i] = chain[i];
		want[2 * depth - 1 - i] = chain[i] | EV_EOI;
	}
	if (s->nev != 2 * depth)
		seq_ok = false;
	for (unsigned int i = 0; seq_ok && i < 2 * depth; i++)
		seq_ok = s->ev[i] == want[i];
	for (unsigned int i = 0; i < depth; i++) {
		if ((nest_rpr[i] & prio_mask) != (prios[i] & prio_mask) && rpr_ok) {
			rpr_ok = false;
			bad_rpr_level = i;
		}
	}
	if (!(ok && seq_ok && rpr_ok && !nest_abort && ap == 0))
		dump_events(0);
	for (unsigned int i = 0; i < depth; i++)
		set_prio(chain[i], PRIO_DEFAULT);
	if (nest_abort)
		guest_check(
			name, false,
			"depth %u: level %u (SGI %u, priority %x) did not preempt level %u within "
			"its wait",
			(uint64_t)depth, (uint64_t)nest_fail_level + 1,
			(uint64_t)chain[nest_fail_level], (uint64_t)prios[nest_fail_level],
			(uint64_t)nest_fail_level);
	else
		guest_check(
			name, ok && seq_ok && rpr_ok && ap == 0,
			"depth %u: completed %s, acknowledge/EOI order %s, ICC_RPR_EL1 at level "
			"%u = %x (want %x), ICC_AP1R0_EL1 after = %x",
			(uint64_t)depth, ok ? "yes" : "no", seq_ok ? "right" : "wrong",
			(uint64_t)bad_rpr_level + 1, (uint64_t)nest_rpr[bad_rpr_level],
			(uint64_t)prios[bad_rpr_level], ap);
}

static void test_nested(void)
{
	static const uint32_t chain[] = { 10, 11, 12 };
	static const uint8_t prios[] = { 0xa0, 0x80, 0x60 };

	run_nest("nested", chain, prios, 3);
}

/* Deeper than the 4 list registers of QEMU's virtual CPU interface. */
static void test_nested_deep(void)
{
	static const uint32_t chain[] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t prios[] = { 0xc0, 0xa0, 0x80, 0x60, 0x40, 0x20 };

	run_nest("nested-deep", chain, prios, 6);
}

/* ---- 4. disabling an interrupt while it is active ------------------------------------ */

static volatile uint32_t dwa_phase, dwa_active_in_handler;

static bool dwa_action(unsigned int cpu, uint32_t intid)
{
	if (cpu != 0 || intid != SPI_TEST || !dwa_phase)
		return true;
	dwa_active_in_handler = gicd_get_bit(GICD_ISACTIVER, SPI_TEST);
	gicd_set_bit(GICD_ICENABLER, SPI_TEST);
	if (dwa_phase == 2)
		gicd_set_bit(GICD_ISPENDR, SPI_TEST); /* pending again while disabled */
	dwa_phase = 0;
	return true;
}

static void test_disable_while_active(void)
{
	struct cpu_state *s = &cpus[0];
	bool first, again;
	uint32_t act_after, en_after, count_final;

	settle();
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	dwa_active_in_handler = 0;
	dwa_phase = 1;
	irq_action = dwa_action;
	irq_unmask();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	first = WAIT_US(s->count[SPI_TEST] == 1, T_DELIVER);
	delay_us(2 * MS);
	act_after = gicd_get_bit(GICD_ISACTIVER, SPI_TEST);
	en_after = gicd_get_bit(GICD_ISENABLER, SPI_TEST);
	dwa_phase = 0;
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	again = WAIT_US(s->count[SPI_TEST] == 2, T_DELIVER);
	delay_us(10 * MS);
	irq_mask();
	count_final = s->count[SPI_TEST];
	guest_check("disable-while-active",
		    first && again && count_final == 2 && !act_after && !en_after &&
			    dwa_active_in_handler,
		    "SPI %u: first delivery %s, active in handler %u, after EOI active %u enabled "
		    "%u (want 0 0), after re-enable + ISPENDR taken %u times in all (want 2)",
		    (uint64_t)SPI_TEST, first ? "yes" : "no", (uint64_t)dwa_active_in_handler,
		    (uint64_t)act_after, (uint64_t)en_after, (uint64_t)count_final);

	/* Disabled and made pending again inside the handler: delivered after re-enable. */
	settle();
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	dwa_phase = 2;
	irq_action = dwa_action;
	irq_unmask();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	first = WAIT_US(s->count[SPI_TEST] == 1, T_DELIVER);
	delay_us(10 * MS);
	{
		uint32_t while_disabled = s->count[SPI_TEST];
		uint32_t pend = gicd_get_bit(GICD_ISPENDR, SPI_TEST);

		gicd_set_bit(GICD_ISENABLER, SPI_TEST);
		again = WAIT_US(s->count[SPI_TEST] == 2, T_DELIVER);
		delay_us(10 * MS);
		irq_mask();
		count_final = s->count[SPI_TEST];
		guest_check(
			"pend-while-disabled",
			first && while_disabled == 1 && pend && again && count_final == 2,
			"SPI %u disabled and set pending in its handler: taken %u times while "
			"disabled (want 1), GICD_ISPENDR bit %u (want 1), after re-enable %u in "
			"all (want 2)",
			(uint64_t)SPI_TEST, (uint64_t)while_disabled, (uint64_t)pend,
			(uint64_t)count_final);
	}
	irq_action = 0;
}

/* ---- 5. split priority drop and deactivation ----------------------------------------- */

static volatile uint32_t split_intid, split_first;

static bool split_action(unsigned int cpu, uint32_t intid)
{
	if (cpu == 0 && intid == split_intid && split_first) {
		split_first = 0;
		return false; /* priority drop only: stays active until ICC_DIR_EL1 */
	}
	return true;
}

static void run_split(const char *name, uint32_t intid)
{
	struct cpu_state *s = &cpus[0];
	uint64_t ctlr;
	uint32_t rpr, held;
	bool first, after_dir;

	settle();
	if (intid >= 32)
		gicd_set_bit(GICD_ISENABLER, intid);
	ctlr = read_sysreg(ICC_CTLR_EL1);
	write_sysreg(ICC_CTLR_EL1, ctlr | ICC_CTLR_EOIMODE);
	isb();
	s->split_eoi = 1;
	split_intid = intid;
	split_first = 1;
	irq_action = split_action;
	irq_unmask();
	if (intid < 16)
		sgi_self(intid);
	else
		gicd_set_bit(GICD_ISPENDR, intid);
	first = WAIT_US(s->count[intid] == 1, T_DELIVER);
	delay_us(2 * MS);
	rpr = (uint32_t)read_sysreg(ICC_RPR_EL1);
	/* Pending again while still active: must wait for the deactivation. */
	if (intid < 16)
		sgi_self(intid);
	else
		gicd_set_bit(GICD_ISPENDR, intid);
	delay_us(20 * MS);
	held = s->count[intid];
	write_sysreg(ICC_DIR_EL1, intid);
	isb();
	after_dir = WAIT_US(s->count[intid] == 2, T_DELIVER);
	delay_us(5 * MS);
	irq_mask();
	irq_action = 0;
	s->split_eoi = 0;
	write_sysreg(ICC_CTLR_EL1, ctlr & ~(uint64_t)ICC_CTLR_EOIMODE);
	isb();
	if (!(first && held == 1 && after_dir && s->count[intid] == 2))
		dump_events(0);
	guest_check(
		name,
		first && (rpr & prio_mask) == prio_mask && held == 1 && after_dir &&
			s->count[intid] == 2,
		"INTID %u with EOImode 1: first taken %s, ICC_RPR_EL1 after EOIR %x (want "
		"idle), taken %u times before ICC_DIR_EL1 (want 1), %u in all after it (want 2)",
		(uint64_t)intid, first ? "yes" : "no", (uint64_t)rpr, (uint64_t)held,
		(uint64_t)s->count[intid]);
}

static void test_eoi_split(void)
{
	run_split("eoi-split", 13);
	run_split("eoi-split-hw", SPI_TEST);
}

/* ---- the guest's view of an SPI waiting in a list register --------------------------- */

static volatile uint32_t view_pend_in_handler, view_act_in_handler;

static bool view_action(unsigned int cpu, uint32_t intid)
{
	if (cpu == 0 && intid == SPI_TEST) {
		view_pend_in_handler = gicd_get_bit(GICD_ISPENDR, SPI_TEST);
		view_act_in_handler = gicd_get_bit(GICD_ISACTIVER, SPI_TEST);
	}
	return true;
}

static void test_spi_state_view(void)
{
	struct cpu_state *s = &cpus[0];
	uint32_t pend, act, pend_after, act_after;
	bool taken;

	settle();
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	irq_mask();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	delay_us(2 * MS); /* reaches the hypervisor, waits for the masked guest */
	pend = gicd_get_bit(GICD_ISPENDR, SPI_TEST);
	act = gicd_get_bit(GICD_ISACTIVER, SPI_TEST);
	irq_action = view_action;
	irq_unmask();
	taken = WAIT_US(s->count[SPI_TEST] == 1, T_DELIVER);
	delay_us(2 * MS);
	irq_mask();
	irq_action = 0;
	pend_after = gicd_get_bit(GICD_ISPENDR, SPI_TEST);
	act_after = gicd_get_bit(GICD_ISACTIVER, SPI_TEST);
	guest_check("spi-state-readback",
		    taken && pend == 1 && act == 0 && view_pend_in_handler == 0 &&
			    view_act_in_handler == 1 && pend_after == 0 && act_after == 0,
		    "SPI %u pending, not yet taken (IRQs masked): GICD_ISPENDR %u ISACTIVER %u "
		    "(want 1 0); in its handler %u %u (want 0 1); after EOI %u %u (want 0 0)",
		    (uint64_t)SPI_TEST, (uint64_t)pend, (uint64_t)act,
		    (uint64_t)view_pend_in_handler, (uint64_t)view_act_in_handler,
		    (uint64_t)pend_after, (uint64_t)act_after);
}

/*
 * An SPI the hypervisor already holds for the guest (pending, guest IRQs masked) and that
 * the guest then disables (GICD_ICENABLER) or clears (GICD_ICPENDR) must not be taken.
 */
static void test_spi_withdrawn(void)
{
	struct cpu_state *s = &cpus[0];
	uint32_t while_disabled, after_enable, after_clear;

	settle();
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	irq_mask();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	delay_us(2 * MS);
	gicd_set_bit(GICD_ICENABLER, SPI_TEST);
	irq_unmask();
	delay_us(10 * MS);
	while_disabled = s->count[SPI_TEST];
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	WAIT_US(s->count[SPI_TEST] != 0, T_DELIVER);
	delay_us(5 * MS);
	irq_mask();
	after_enable = s->count[SPI_TEST];
	guest_check("disable-while-pending", while_disabled == 0 && after_enable == 1,
		    "SPI %u pending (guest IRQs masked), then disabled: taken %u times while "
		    "disabled (want 0), %u after re-enabling (want 1)",
		    (uint64_t)SPI_TEST, (uint64_t)while_disabled, (uint64_t)after_enable);

	settle();
	irq_mask();
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	delay_us(2 * MS);
	gicd_set_bit(GICD_ICPENDR, SPI_TEST);
	irq_unmask();
	delay_us(10 * MS);
	irq_mask();
	after_clear = s->count[SPI_TEST];
	guest_check("clear-pending", after_clear == 0,
		    "SPI %u pending (guest IRQs masked), then cleared by GICD_ICPENDR: taken %u "
		    "times (want 0)",
		    (uint64_t)SPI_TEST, (uint64_t)after_clear);
}

/* ---- 6. virtual timer ---------------------------------------------------------------- */

static void test_timer(void)
{
	struct cpu_state *s = &cpus[0];
	uint64_t deadline;
	bool fired;
	uint32_t count;

	settle();
	irq_unmask();
	deadline = cntvct() + freq / 1000; /* 1 ms */
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	fired = WAIT_US(s->count[PPI_VTIMER] != 0, T_DELIVER);
	delay_us(10 * MS);
	irq_mask();
	if (!fired) {
		uintptr_t sgi = cpus[0].rd + GICR_SGI_OFF;

		guest_printf(
			"GUEST:   | timer not taken: CNTV_CTL_EL0 %x, CNTVCT %u, GICR_ISPENDR0 "
			"%x, GICR_ISACTIVER0 %x, GICR_ISENABLER0 %x, ICC_HPPIR1_EL1 %x, "
			"ICC_RPR_EL1 %x, spurious %u\n",
			read_sysreg(cntv_ctl_el0), cntvct(),
			(uint64_t)mmio_r32(sgi + GICR_ISPENDR0), (uint64_t)mmio_r32(sgi + 0x300),
			(uint64_t)mmio_r32(sgi + GICR_ISENABLER0), read_sysreg(ICC_HPPIR1_EL1),
			read_sysreg(ICC_RPR_EL1), (uint64_t)s->spurious);
	}
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	count = s->count[PPI_VTIMER];
	guest_check("timer", fired && count == 1 && s->when[PPI_VTIMER] >= deadline,
		    "deadline CNTVCT %u: fired %u times, taken at %u (%d us after the deadline)",
		    deadline, (uint64_t)count, s->when[PPI_VTIMER],
		    fired ? (int64_t)((s->when[PPI_VTIMER] - deadline) * 1000000 / freq)
			  : (int64_t)0);
}

/* ---- an interrupt while a 32-bit EL0 process runs ------------------------------------ */

static void test_aarch32_irq(void)
{
	struct cpu_state *s = &cpus[0];
	unsigned int before, exits;
	bool a32 = guest_has_a32_el0();

	settle(); /* resets the counts */
	before = s->count[PPI_VTIMER];
	exits = a32_exits;
	write_sysreg(cntv_cval_el0, cntvct() + freq / 1000); /* 1 ms */
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	if (a32)
		run_a32_el0(a32_code_loop, 0); /* spins at EL0 until the timer interrupts it */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	guest_check("aarch32-el0-irq",
		    a32 && a32_exits == exits + 1 && a32_exit_kind == 13 &&
			    s->count[PPI_VTIMER] == before + 1,
		    "AArch32 EL0 %u, exits %u, vector %u, timer taken %u times", (uint64_t)a32,
		    (uint64_t)(a32_exits - exits), (uint64_t)a32_exit_kind,
		    (uint64_t)(s->count[PPI_VTIMER] - before));
}

/* ---- 7. GICD isolation --------------------------------------------------------------- */

static void test_isolation_gicd(void)
{
	uint32_t en34, pend34, en36_set, en36_clr, word, prio36;
	uint8_t prio34;
	uint64_t rt34, rt36;
	bool foreign_ok, own_ok;

	settle();
	/* Not the zone's: writes dropped, reads 0. */
	gicd_set_bit(GICD_ISENABLER, SPI_FOREIGN);
	en34 = gicd_get_bit(GICD_ISENABLER, SPI_FOREIGN);
	mmio_w8(GICD_BASE + GICD_IPRIORITYR + SPI_FOREIGN, 0x40);
	prio34 = mmio_r8(GICD_BASE + GICD_IPRIORITYR + SPI_FOREIGN);
	mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_FOREIGN, 1);
	rt34 = mmio_r64(GICD_BASE + GICD_IROUTER + 8 * SPI_FOREIGN);
	gicd_set_bit(GICD_ISPENDR, SPI_FOREIGN);
	pend34 = gicd_get_bit(GICD_ISPENDR, SPI_FOREIGN);
	foreign_ok = !en34 && !prio34 && !rt34 && !pend34;

	/* The zone's own: reads what was written. */
	gicd_set_bit(GICD_ISENABLER, SPI_SPARE);
	en36_set = gicd_get_bit(GICD_ISENABLER, SPI_SPARE);
	gicd_set_bit(GICD_ICENABLER, SPI_SPARE);
	en36_clr = gicd_get_bit(GICD_ISENABLER, SPI_SPARE);
	mmio_w8(GICD_BASE + GICD_IPRIORITYR + SPI_SPARE, 0x48);
	prio36 = mmio_r8(GICD_BASE + GICD_IPRIORITYR + SPI_SPARE);
	mmio_w8(GICD_BASE + GICD_IPRIORITYR + SPI_SPARE, PRIO_DEFAULT);
	/* A word across owned (33, 35) and foreign (32, 34) interrupts. */
	mmio_w32(GICD_BASE + GICD_IPRIORITYR + 32, 0x50607080u);
	word = mmio_r32(GICD_BASE + GICD_IPRIORITYR + 32);
	mmio_w32(GICD_BASE + GICD_IPRIORITYR + 32, 0x01010101u * PRIO_DEFAULT);
	mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_SPARE, 1);
	rt36 = mmio_r64(GICD_BASE + GICD_IROUTER + 8 * SPI_SPARE);
	mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_SPARE, 0);
	own_ok = en36_set && !en36_clr && prio36 == 0x48 && word == 0x50007000u && rt36 == 1;

	guest_check(
		"isolation-gicd", foreign_ok && own_ok,
		"IRQ %u (not owned): ISENABLER %u IPRIORITYR %x IROUTER %x ISPENDR %u (want all "
		"0); IRQ %u (owned): enable %u/%u (want 1/0) IPRIORITYR %x (want 0x48) "
		"IROUTER %x (want 0x1); IPRIORITYR word 32-35 %x (want 0x50007000)",
		(uint64_t)SPI_FOREIGN, (uint64_t)en34, (uint64_t)prio34, rt34, (uint64_t)pend34,
		(uint64_t)SPI_SPARE, (uint64_t)en36_set, (uint64_t)en36_clr, (uint64_t)prio36, rt36,
		(uint64_t)word);
}

/* SGI and PPI priorities written through GICR_IPRIORITYR read back (not PPI 25). */
static void test_gicr_priorities(void)
{
	uintptr_t p = cpus[0].rd + GICR_SGI_OFF + GICR_IPRIORITYR0;
	uint32_t bad = 0, got = 0, want = 0;
	bool ok = true;

	settle();
	for (uint32_t i = 0; i < 32; i++)
		if (i != 25)
			mmio_w8(p + i, (uint8_t)(0x20 + 4 * i));
	for (uint32_t i = 0; i < 32 && ok; i++) {
		uint8_t v = mmio_r8(p + i);

		if (i != 25 && v != (uint8_t)(0x20 + 4 * i)) {
			ok = false;
			bad = i;
			got = v;
			want = (uint8_t)(0x20 + 4 * i);
		}
	}
	for (uint32_t i = 0; i < 32; i += 4)
		mmio_w32(p + i, 0x01010101u * PRIO_DEFAULT);
	guest_check("gicr-ipriorityr", ok,
		    "GICR_IPRIORITYR of INTID %u reads %x after writing %x (SGIs and PPIs are the "
		    "zone's, except PPI 25)",
		    (uint64_t)bad, (uint64_t)got, (uint64_t)want);
}

/* ---- the second vCPU ----------------------------------------------------------------- */

void secondary_main(uint64_t ctx)
{
	if (this_cpu() != 1) {
		/* CPU_ON of a CPU outside the zone must never get here. */
		sec_intruder = this_cpu() | 0x100;
		for (;;)
			;
	}
	sec_ctx = ctx;
	sec_ap_entry = (uint32_t)read_sysreg(ICC_AP1R0_EL1);
	sec_rpr_entry = (uint32_t)read_sysreg(ICC_RPR_EL1);
	sec_gic_ok = gic_cpu_init(1);
	dsb_sy();
	sec_boots = sec_boots + 1;
	/*
	 * Sleep in WFI with IRQs masked (a pending interrupt still wakes it, none is missed
	 * between the check and the WFI), take what came, look at the mailbox again.
	 */
	for (;;) {
		irq_mask();
		if (sec_cmd == CMD_OFF) {
			sec_cmd = CMD_NONE;
			sec_off_ret = guest_smc(PSCI_CPU_OFF, 0, 0, 0);
			/* Only a refused CPU_OFF comes back. */
		} else {
			__asm__ volatile("wfi" : : : "memory");
		}
		irq_unmask();
	}
}

/* ---- 8. SGIs between the zone's CPUs and to CPUs outside it --------------------------- */

static void test_isolation_sgi(void)
{
	struct cpu_state *c0 = &cpus[0], *c1 = &cpus[1];
	int64_t r;
	bool a, b, c, d;

	settle();
	r = cpu_on(1, 0x5ec0);
	sec_up = r == PSCI_SUCCESS && WAIT_US(sec_boots == 1, T_DELIVER);
	if (!sec_up || sec_ctx != 0x5ec0 || !sec_gic_ok) {
		guest_check(
			"isolation-sgi", false,
			"CPU 1 did not start: CPU_ON returned %d, boots %u, x0 %x (want 0x5ec0), "
			"its GIC set-up %s",
			r, (uint64_t)sec_boots, sec_ctx, sec_gic_ok ? "ok" : "failed");
		return;
	}
	state_reset(1);
	irq_unmask();

	sgi_to(3, 1);
	a = WAIT_US(c1->count[3] == 1, T_DELIVER);
	delay_us(10 * MS);
	a = a && c1->count[3] == 1 && c0->count[3] == 0;

	sgi_to(4, 2); /* CPU 2: outside the zone */
	delay_us(20 * MS);
	b = c0->count[4] == 0 && c1->count[4] == 0;

	sgi_raw(((uint64_t)5 << 24) | SGI1R_IRM); /* all but self */
	c = WAIT_US(c1->count[5] == 1, T_DELIVER);
	delay_us(10 * MS);
	c = c && c1->count[5] == 1 && c0->count[5] == 0;

	sgi_raw(((uint64_t)6 << 24) | 0x3); /* target list: CPUs 0 and 1 */
	d = WAIT_US(c0->count[6] == 1 && c1->count[6] == 1, T_DELIVER);
	delay_us(10 * MS);
	d = d && c0->count[6] == 1 && c1->count[6] == 1;
	irq_mask();

	if (!(a && b && c && d)) {
		dump_counts(0);
		dump_counts(1);
	}
	guest_check("isolation-sgi", a && b && c && d,
		    "parts failed: %s%s%s%s; SGI 3 to CPU 1 only: CPU0 %u CPU1 %u (want 0 1); SGI "
		    "4 to CPU 2: CPU0 %u CPU1 "
		    "%u (want 0 0); SGI 5 IRM=1: CPU0 %u CPU1 %u (want 0 1); SGI 6 to both: %u %u "
		    "(want 1 1)",
		    a ? "" : "to-cpu1 ", b ? "" : "to-cpu2 ", c ? "" : "irm ", d ? "" : "both ",
		    (uint64_t)c0->count[3], (uint64_t)c1->count[3], (uint64_t)c0->count[4],
		    (uint64_t)c1->count[4], (uint64_t)c0->count[5], (uint64_t)c1->count[5],
		    (uint64_t)c0->count[6], (uint64_t)c1->count[6]);
}

/* An owned SPI routed by GICD_IROUTER to CPU 1, then to a CPU outside the zone. */
static void test_spi_routing(void)
{
	struct cpu_state *c0 = &cpus[0], *c1 = &cpus[1];
	uintptr_t rt = GICD_BASE + GICD_IROUTER + 8 * SPI_TEST;
	bool to1, to2;

	if (!sec_up) {
		guest_check("spi-routing", false, "CPU 1 is not running (see isolation-sgi)");
		return;
	}
	settle();
	state_reset(1);
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	irq_unmask();
	mmio_w64(rt, 1);
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	to1 = WAIT_US(c1->count[SPI_TEST] == 1, T_DELIVER);
	delay_us(5 * MS);
	to1 = to1 && c1->count[SPI_TEST] == 1 && c0->count[SPI_TEST] == 0;

	/* MPIDR 2 is not the zone's: the SPI must still reach the zone, not get lost. */
	mmio_w64(rt, 2);
	gicd_set_bit(GICD_ISPENDR, SPI_TEST);
	to2 = WAIT_US(c0->count[SPI_TEST] + c1->count[SPI_TEST] == 2, T_DELIVER);
	delay_us(5 * MS);
	to2 = to2 && c0->count[SPI_TEST] + c1->count[SPI_TEST] == 2;
	mmio_w64(rt, 0);
	irq_mask();
	guest_check("spi-routing", to1 && to2,
		    "SPI %u with IROUTER = 1: CPU0 %u CPU1 %u (want 0 1); then IROUTER = 2 "
		    "(outside the zone): taken %u times in the zone (want 1)",
		    (uint64_t)SPI_TEST, (uint64_t)c0->count[SPI_TEST],
		    (uint64_t)c1->count[SPI_TEST],
		    (uint64_t)(c0->count[SPI_TEST] + c1->count[SPI_TEST] - 1));
}

/* ---- 9. PSCI for CPUs outside the zone and already on -------------------------------- */

static void test_psci_outside(void)
{
	int64_t on2, on3, on1, aff1, aff0;

	on2 = cpu_on(2, 0x22);
	on3 = cpu_on(3, 0x33);
	on1 = cpu_on(1, 0x11);
	aff1 = affinity_info(1);
	aff0 = (int64_t)guest_hvc(PSCI_AFFINITY_INFO_64, 0, 0, 0);
	delay_us(10 * MS); /* a CPU wrongly started would show up in sec_intruder */
	guest_check("psci-cpu-on-outside",
		    (on2 == PSCI_DENIED || on2 == PSCI_INVALID_PARAMETERS) &&
			    (on3 == PSCI_DENIED || on3 == PSCI_INVALID_PARAMETERS) &&
			    (!sec_up || (on1 == PSCI_ALREADY_ON && aff1 == 0)) && aff0 == 0 &&
			    !sec_intruder && sec_up,
		    "CPU_ON(0x2) %d, CPU_ON(0x3) %d (want -3 or -2); CPU_ON(0x1) while on %d (want "
		    "-4); AFFINITY_INFO(0x1) %d, (0x0) over HVC %d (want 0 0); CPU 1 up %s; "
		    "intruder %x",
		    on2, on3, on1, aff1, aff0, sec_up ? "yes" : "no", (uint64_t)sec_intruder);
}

/* ---- 10. CPU_OFF / CPU_ON cycles ----------------------------------------------------- */

static void test_hotplug(void)
{
	struct cpu_state *c1 = &cpus[1];
	const char *why = "";
	unsigned int i;
	int64_t aff = 0, r = 0;
	uint64_t ctx = 0;

	if (!sec_up) {
		guest_check("hotplug", false, "CPU 1 is not running (see isolation-sgi)");
		return;
	}
	settle();
	for (i = 0; i < 5; i++) {
		uint32_t prev = sec_boots;

		sec_off_ret = 0;
		dsb_sy();
		sec_cmd = CMD_OFF;
		sgi_to(15, 1); /* wakes it from WFI */
		if (!WAIT_US((aff = affinity_info(1)) == 1, T_DELIVER)) {
			why = "AFFINITY_INFO(0x1) did not become 1 (off) after CPU_OFF";
			break;
		}
		ctx = 0xc0de0000ULL + i;
		r = cpu_on(1, ctx);
		if (r != PSCI_SUCCESS) {
			why = "CPU_ON(0x1) after CPU_OFF failed";
			break;
		}
		if (!WAIT_US(sec_boots == prev + 1, T_DELIVER)) {
			why = "CPU 1 did not come back";
			break;
		}
		if (sec_ctx != ctx || !sec_gic_ok) {
			why = "CPU 1 came back with a wrong x0, or its GIC set-up failed";
			break;
		}
		if (!WAIT_US((aff = affinity_info(1)) == 0, T_DELIVER)) {
			why = "AFFINITY_INFO(0x1) is not 0 (on) after CPU 1 came back";
			break;
		}
		state_reset(1);
		sgi_to(3, 1);
		if (!WAIT_US(c1->count[3] == 1, T_DELIVER)) {
			why = "an SGI to CPU 1 after it came back was not delivered";
			break;
		}
	}
	guest_check("hotplug", i == 5,
		    "cycle %u: %s (AFFINITY_INFO %d, CPU_ON %d, CPU_OFF returned %d, boots %u, x0 "
		    "%x want %x)",
		    (uint64_t)i + 1, why, aff, r, (int64_t)sec_off_ret, (uint64_t)sec_boots,
		    sec_ctx, ctx);
}

/*
 * CPU 1 calls CPU_OFF inside its SGI handler (as Linux does on a crash-kexec stop IPI):
 * after CPU_ON it must start clean, no interrupt active, and take SGIs again.
 */
static volatile uint32_t off_in_irq;

static bool off_action(unsigned int cpu, uint32_t intid)
{
	if (cpu == 1 && intid == 14 && off_in_irq) {
		off_in_irq = 0;
		sec_off_ret = guest_smc(PSCI_CPU_OFF, 0, 0, 0);
	}
	return true;
}

static void test_hotplug_from_irq(void)
{
	struct cpu_state *c1 = &cpus[1];
	uint32_t prev = sec_boots;
	int64_t aff = -1, r = -1;
	bool off = false, up = false, sgi = false;

	if (!sec_up) {
		guest_check("hotplug-from-irq", false, "CPU 1 is not running (see isolation-sgi)");
		return;
	}
	settle();
	off_in_irq = 1;
	irq_action = off_action;
	sgi_to(14, 1);
	off = WAIT_US((aff = affinity_info(1)) == 1, T_DELIVER);
	irq_action = 0;
	if (off) {
		r = cpu_on(1, 0xabc);
		up = r == PSCI_SUCCESS && WAIT_US(sec_boots == prev + 1, T_DELIVER);
	}
	if (up) {
		state_reset(1);
		sgi_to(3, 1);
		sgi = WAIT_US(c1->count[3] == 1, T_DELIVER);
	}
	guest_check("hotplug-from-irq",
		    off && up && sec_ap_entry == 0 && (sec_rpr_entry & prio_mask) == prio_mask &&
			    sgi,
		    "CPU_OFF inside an SGI handler: off %s, back %s (CPU_ON %d), at its entry "
		    "ICC_AP1R0_EL1 %x ICC_RPR_EL1 %x (want 0, idle), an SGI after it came back "
		    "taken %u times (want 1)",
		    off ? "yes" : "no", up ? "yes" : "no", r, (uint64_t)sec_ap_entry,
		    (uint64_t)sec_rpr_entry, (uint64_t)c1->count[3]);
}

/* ---- 11. identification registers ---------------------------------------------------- */

static void test_gicd_id(void)
{
	uint32_t typer = mmio_r32(GICD_BASE + GICD_TYPER);
	uint32_t iidr = mmio_r32(GICD_BASE + GICD_IIDR);
	uint32_t pidr2 = mmio_r32(GICD_BASE + GICD_PIDR2);
	uint32_t ctlr = mmio_r32(GICD_BASE + GICD_CTLR);
	uint64_t t0 = mmio_r64(GICR_BASE + GICR_TYPER);
	uint64_t t1 = mmio_r64(GICR_BASE + GICR_FRAME_SIZE + GICR_TYPER);
	unsigned int exc = guest_last_exc.count;
	uint32_t unknown = mmio_r32(GICD_BASE + 0x5000); /* reserved: the one provoked WARN */
	bool exc_none = guest_last_exc.count == exc;
	uint32_t lines = ((typer & 0x1f) + 1) * 32;

	guest_check("gicd-id",
		    lines >= 96 && !(typer & GICD_TYPER_LPIS) && iidr != 0 &&
			    ((pidr2 >> 4) & 0xf) == 3 && (ctlr & GICD_CTLR_ARE) &&
			    (ctlr & GICD_CTLR_ENABLE_G1) && (t0 >> 32) == 0 &&
			    !(t0 & GICR_TYPER_LAST) && (t1 >> 32) == 1 && (t1 & GICR_TYPER_LAST) &&
			    unknown == 0 && exc_none,
		    "GICD_TYPER %x (%u lines, LPIs %u), IIDR %x, PIDR2 %x (ArchRev %u), CTLR %x; "
		    "GICR_TYPER CPU0 %x CPU1 %x (want Last only on CPU1); GICD+0x5000 = %x, "
		    "abort %s",
		    (uint64_t)typer, (uint64_t)lines, (uint64_t)((typer >> 17) & 1), (uint64_t)iidr,
		    (uint64_t)pidr2, (uint64_t)((pidr2 >> 4) & 0xf), (uint64_t)ctlr, t0, t1,
		    (uint64_t)unknown, exc_none ? "no" : "yes");
}

/* ---- main ---------------------------------------------------------------------------- */

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	bool gic_ok;

	freq = read_sysreg(cntfrq_el0);
	guest_printf("GUEST: vgic test guest at EL%u, x0 = %x, CNTFRQ %u Hz\n",
		     (uint64_t)((read_sysreg(CurrentEL) >> 2) & 3), dtb, freq);
	guest_irq_hook = irq_entry;
	irq_mask();
	gic_ok = gic_cpu_init(0);
	/* Distributor: affinity routing, group 1 on; the test SPI at CPU 0, enabled. */
	mmio_w32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	set_prio(SPI_TEST, PRIO_DEFAULT);
	mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_TEST, 0);
	gicd_set_bit(GICD_ISENABLER, SPI_TEST);
	prio_mask = (0xffu << (8 - ICC_CTLR_PRIBITS(read_sysreg(ICC_CTLR_EL1)))) & 0xff;
	if (!gic_ok) {
		guest_check("gic-setup", false,
			    "no redistributor frame for CPU 0, or it stays asleep");
		guest_done();
		return;
	}

	test_lr_overflow();
	test_sgi_coalesce();
	test_sgi_enable_gate();
	test_priority_order();
	test_nested();
	test_disable_while_active();
	test_eoi_split();
	test_spi_state_view();
	test_spi_withdrawn();
	test_timer();
	test_aarch32_irq();
	test_isolation_gicd();
	test_gicr_priorities();
	test_isolation_sgi();
	test_spi_routing();
	test_psci_outside();
	test_hotplug();
	test_hotplug_from_irq();
	test_gicd_id();
	/* Last: a failure here may leave interrupts behind. */
	test_nested_deep();
	settle();
	guest_done();
}
