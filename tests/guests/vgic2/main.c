// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv2 vGIC test guest (qemu-gicv2): zone 0's kernel, CPU 0 and CPU 1 (PSCI CPU_ON).
 * Through the emulated distributor and the virtual CPU interface the hypervisor maps at
 * the GICC address, it checks what tests/guests/vgic checks through GICv3: more pending
 * interrupts than list registers, priority order, nesting deeper than the list registers,
 * split EOI of a hardware interrupt, the virtual timer, SGIs that reach only the zone's
 * CPUs, ITARGETSR kept to the zone's CPUs, unowned interrupts untouched, and accesses of
 * widths the distributor does not take. Each check prints "GUEST: <name>: PASS|FAIL ...";
 * tests/system/test_vgic.py reads them. Every wait is bounded by CNTVCT.
 */
#include "gic.h"

#define NR_INTIDS    64
#define EV_MAX	     64
#define EV_EOI	     0x10000u /* event log: an EOI, not an acknowledge */
#define SPI_TEST     35	      /* owned, nothing drives it on QEMU virt */
#define SPI_SPARE    36	      /* owned, only its registers are used */
#define SPI_FOREIGN  34	      /* QEMU's PL031 RTC: not the zone's */
#define PRIO_DEFAULT 0xa0
#define GICD_UNKNOWN 0x5000  /* inside the distributor's 64 KiB, no register there */
#define MS	     1000ULL /* in microseconds */
#define T_DELIVER    (2000 * MS)

struct seen {
	volatile uint32_t count[NR_INTIDS];
	volatile uint32_t ev[EV_MAX];
	volatile uint32_t nev, other;
};

/* What the handler does for an INTID on CPU 0; false: leave it active (split EOI). */
typedef bool (*action_fn)(uint32_t intid);

static struct seen seen[2];
static volatile action_fn action;
static volatile bool split_eoi, sec_up;

static uint32_t gicc_r(uint32_t off)
{
	return mmio_r32(GICC_BASE + off);
}

static void gicc_w(uint32_t off, uint32_t v)
{
	mmio_w32(GICC_BASE + off, v);
}

static void record(struct seen *s, uint32_t v)
{
	uint32_t n = s->nev;

	if (n < EV_MAX)
		s->ev[n] = v;
	s->nev = n + 1;
}

static void on_irq(unsigned int kind, uint64_t *regs)
{
	/* A handler may unmask IRQs to be preempted: keep what the nested one overwrites. */
	uint64_t elr = read_sysreg(elr_el1), spsr = read_sysreg(spsr_el1);
	unsigned int cpu = this_cpu() & 1;
	struct seen *s = &seen[cpu];
	uint32_t iar = gicc_r(GICC_IAR), intid = iar & GICC_IAR_INTID;
	action_fn act = action;
	bool deactivate = true;

	(void)kind;
	(void)regs;
	if (intid >= INTID_SPURIOUS)
		return;
	if (intid < NR_INTIDS)
		s->count[intid]++;
	else
		s->other++;
	record(s, intid);
	if (intid == PPI_VTIMER) {
		write_sysreg(cntv_ctl_el0, 0); /* level: quiet before the EOI */
		isb();
	}
	if (cpu == 0 && act)
		deactivate = act(intid);
	irq_mask();
	record(s, intid | EV_EOI);
	gicc_w(GICC_EOIR, iar); /* the whole IAR: for an SGI it names the source CPU */
	if (cpu == 0 && split_eoi && deactivate)
		gicc_w(GICC_DIR, iar);
	write_sysreg(elr_el1, elr);
	write_sysreg(spsr_el1, spsr);
}

/* This CPU's banked interrupts (SGIs on, PPIs off but the timer) and CPU interface. */
static void cpu_init(void)
{
	mmio_w32(GICD_BASE + GICD_ICENABLER, 0xffff0000u);
	mmio_w32(GICD_BASE + GICD_ICPENDR, ~0u);
	for (uint32_t i = 0; i < 32; i += 4)
		mmio_w32(GICD_BASE + GICD_IPRIORITYR + i, 0x01010101u * PRIO_DEFAULT);
	mmio_w32(GICD_BASE + GICD_ISENABLER, 0xffffu | (1u << PPI_VTIMER));
	gicc_w(GICC_PMR, 0xff);
	gicc_w(GICC_BPR, 0);
	gicc_w(GICC_CTLR, GICC_CTLR_ENABLE);
}

static void set_prio(uint32_t intid, uint8_t p)
{
	mmio_w8(GICD_BASE + GICD_IPRIORITYR + intid, p);
}

static void sgi(uint32_t value)
{
	dsb_sy(); /* what the target reads is visible before the SGI */
	mmio_w32(GICD_BASE + GICD_SGIR, value);
}

static void sgi_self(uint32_t intid)
{
	sgi(GICD_SGIR_SELF | intid);
}

static void reset_seen(unsigned int cpu)
{
	struct seen *s = &seen[cpu];

	for (unsigned int i = 0; i < NR_INTIDS; i++)
		s->count[i] = 0;
	s->nev = 0;
	s->other = 0;
}

/* Between checks: what a failed check left pending is taken now. */
static void settle(void)
{
	uint32_t apr;

	action = 0;
	irq_unmask();
	delay_us(3 * MS);
	irq_mask();
	apr = gicc_r(GICC_APR0);
	if (apr)
		guest_printf("GUEST:   | note: GICC_APR0 = %x between checks\n", (uint64_t)apr);
	reset_seen(0);
	reset_seen(1);
}

static void dump_events(unsigned int cpu)
{
	struct seen *s = &seen[cpu];

	guest_printf("GUEST:   | CPU %u events (INTID acknowledged, /INTID EOI):", (uint64_t)cpu);
	for (uint32_t i = 0; i < s->nev && i < EV_MAX; i++)
		guest_printf(" %s%u", (s->ev[i] & EV_EOI) ? "/" : "",
			     (uint64_t)(s->ev[i] & 0xffff));
	guest_printf("\n");
}

/* The acknowledges on CPU 0 (EOIs left out) are want[0..n), nothing else came. */
static bool acks_are(const uint32_t *want, unsigned int n)
{
	struct seen *s = &seen[0];
	unsigned int k = 0;

	for (uint32_t i = 0; i < s->nev && i < EV_MAX; i++) {
		if (s->ev[i] & EV_EOI)
			continue;
		if (k >= n || s->ev[i] != want[k])
			return false;
		k++;
	}
	return k == n && s->nev <= EV_MAX && !s->other;
}

/* ---- more pending than the 4 list registers ------------------------------------------ */

#define LR_NR_SGIS 12

static bool lr_all_seen(void)
{
	for (unsigned int i = 0; i < LR_NR_SGIS; i++)
		if (!seen[0].count[i])
			return false;
	return seen[0].count[PPI_VTIMER] && seen[0].count[SPI_TEST];
}

static void test_lr_overflow(void)
{
	bool all, once = true;

	settle();
	for (uint32_t i = 0; i < LR_NR_SGIS; i++)
		sgi_self(i);
	write_sysreg(cntv_cval_el0, cntvct()); /* already expired */
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	mmio_w32(GICD_BASE + GICD_ISPENDR + 4, 1u << (SPI_TEST - 32));
	delay_us(2 * MS); /* the timer and the SPI reach the hypervisor while masked */
	irq_unmask();
	all = WAIT_US(lr_all_seen(), T_DELIVER);
	delay_us(5 * MS); /* duplicates would come now */
	irq_mask();
	write_sysreg(cntv_ctl_el0, 0);
	for (uint32_t i = 0; i < NR_INTIDS; i++)
		once &= seen[0].count[i] ==
			(i < LR_NR_SGIS || i == PPI_VTIMER || i == SPI_TEST ? 1u : 0u);
	if (!all || !once)
		dump_events(0);
	guest_check("lr-overflow", all && once,
		    "%u SGIs, the timer and SPI %u pending at once: all seen %s, each once %s",
		    (uint64_t)LR_NR_SGIS, (uint64_t)SPI_TEST, all ? "yes" : "no",
		    once ? "yes" : "no");
}

/* ---- priority order, more than the list registers hold ------------------------------- */

static void test_priority_order(void)
{
	/* GICv2 list registers keep 5 priority bits: the values differ in those. */
	static const uint32_t sgis[] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t prios[] = { 0xc0, 0x40, 0x80, 0x20, 0xa0, 0x60 };
	static const uint32_t want[] = { 4, 2, 6, 3, 5, 1 };
	bool all, ok;

	settle();
	for (unsigned int i = 0; i < 6; i++) {
		set_prio(sgis[i], prios[i]);
		sgi_self(sgis[i]);
	}
	delay_us(1 * MS);
	irq_unmask();
	all = WAIT_US(seen[0].count[1], T_DELIVER);
	delay_us(2 * MS);
	irq_mask();
	ok = acks_are(want, 6);
	if (!ok)
		dump_events(0);
	for (unsigned int i = 0; i < 6; i++)
		set_prio(sgis[i], PRIO_DEFAULT);
	guest_check("priority-order", all && ok,
		    "6 SGIs of different priorities pending at once: taken most urgent first: %s",
		    ok ? "yes" : "no");
}

/* ---- nesting deeper than the list registers ------------------------------------------ */

#define NEST_DEPTH 6
static const uint32_t nest_chain[NEST_DEPTH] = { 1, 2, 3, 4, 5, 6 };
static const uint8_t nest_prio[NEST_DEPTH] = { 0xc0, 0xa0, 0x80, 0x60, 0x40, 0x20 };
static volatile uint32_t nest_done[NEST_DEPTH], nest_rpr[NEST_DEPTH], nest_lost;

static bool nest_action(uint32_t intid)
{
	unsigned int i = intid - nest_chain[0];

	if (i >= NEST_DEPTH)
		return true;
	nest_rpr[i] = gicc_r(GICC_RPR);
	if (i + 1 < NEST_DEPTH && !nest_lost) {
		sgi_self(nest_chain[i + 1]);
		irq_unmask(); /* the more urgent one must preempt this handler now */
		if (!WAIT_US(nest_done[i + 1], T_DELIVER))
			nest_lost = i + 1;
		irq_mask();
	}
	nest_done[i] = 1;
	return true;
}

static void test_nested_deep(void)
{
	struct seen *s = &seen[0];
	bool done, order = s->nev == 0, rpr = true;
	uint32_t apr;

	settle();
	for (unsigned int i = 0; i < NEST_DEPTH; i++) {
		set_prio(nest_chain[i], nest_prio[i]);
		nest_done[i] = nest_rpr[i] = 0;
	}
	nest_lost = 0;
	action = nest_action;
	sgi_self(nest_chain[0]);
	irq_unmask();
	done = WAIT_US(nest_done[0], T_DELIVER * NEST_DEPTH);
	delay_us(5 * MS);
	irq_mask();
	action = 0;
	apr = gicc_r(GICC_APR0);
	/* Acknowledges down the chain, then EOIs back up, nothing in between. */
	order = s->nev == 2 * NEST_DEPTH;
	for (unsigned int i = 0; order && i < NEST_DEPTH; i++)
		order = s->ev[i] == nest_chain[i] &&
			s->ev[2 * NEST_DEPTH - 1 - i] == (nest_chain[i] | EV_EOI);
	for (unsigned int i = 0; i < NEST_DEPTH; i++) {
		rpr &= (nest_rpr[i] & 0xf8) == nest_prio[i];
		set_prio(nest_chain[i], PRIO_DEFAULT);
	}
	if (!(done && order && rpr && apr == 0))
		dump_events(0);
	guest_check("nested-deep", done && order && rpr && !nest_lost && apr == 0,
		    "depth %u: completed %s, lost at level %u, order %s, running priorities %s, "
		    "GICC_APR0 after %x",
		    (uint64_t)NEST_DEPTH, done ? "yes" : "no", (uint64_t)nest_lost,
		    order ? "right" : "wrong", rpr ? "right" : "wrong", (uint64_t)apr);
}

/* ---- split EOI of a hardware interrupt ----------------------------------------------- */

static bool active_of(uint32_t intid)
{
	return (mmio_r32(GICD_BASE + GICD_ISACTIVER + (intid / 32) * 4) >> (intid % 32)) & 1;
}

static bool keep_active(uint32_t intid)
{
	return intid != SPI_TEST;
}

static void test_eoi_split_hw(void)
{
	bool first, active_after_eoi, active_after_dir, again;

	settle();
	split_eoi = true;
	gicc_w(GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
	action = keep_active;
	mmio_w32(GICD_BASE + GICD_ISPENDR + 4, 1u << (SPI_TEST - 32));
	irq_unmask();
	first = WAIT_US(seen[0].count[SPI_TEST] == 1, T_DELIVER);
	irq_mask();
	active_after_eoi = active_of(SPI_TEST);
	gicc_w(GICC_DIR, SPI_TEST);
	active_after_dir = active_of(SPI_TEST);
	mmio_w32(GICD_BASE + GICD_ISPENDR + 4, 1u << (SPI_TEST - 32));
	irq_unmask();
	again = WAIT_US(seen[0].count[SPI_TEST] == 2, T_DELIVER);
	irq_mask();
	action = 0;
	gicc_w(GICC_CTLR, GICC_CTLR_ENABLE);
	split_eoi = false;
	guest_check("eoi-split-hw", first && active_after_eoi && !active_after_dir && again,
		    "EOImode 1, SPI %u: taken %s, active after EOIR %s, after DIR %s, taken "
		    "again %s",
		    (uint64_t)SPI_TEST, first ? "yes" : "no", active_after_eoi ? "yes" : "no",
		    active_after_dir ? "yes" : "no", again ? "yes" : "no");
}

/* ---- the virtual timer ---------------------------------------------------------------- */

static void test_timer(void)
{
	uint64_t deadline;
	bool fired;

	settle();
	deadline = cntvct() + us_ticks(5 * MS);
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	irq_unmask();
	fired = WAIT_US(seen[0].count[PPI_VTIMER], T_DELIVER);
	delay_us(5 * MS);
	irq_mask();
	write_sysreg(cntv_ctl_el0, 0);
	guest_check("timer", fired && seen[0].count[PPI_VTIMER] == 1 && cntvct() >= deadline,
		    "virtual timer PPI %u 5 ms ahead: fired %s, %u times", (uint64_t)PPI_VTIMER,
		    fired ? "yes" : "no", (uint64_t)seen[0].count[PPI_VTIMER]);
}

/* ---- SGIs reach the zone's CPUs only -------------------------------------------------- */

void secondary_main(uint64_t ctx)
{
	(void)ctx;
	cpu_init();
	sec_up = true;
	for (;;) {
		irq_mask();
		__asm__ volatile("wfi" : : : "memory"); /* a pending interrupt still wakes it */
		irq_unmask();
	}
}

static void test_sgi_zone(void)
{
	int64_t on, outside;
	bool up, listed, others, dropped;

	settle();
	on = guest_smc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)guest_secondary_entry, 0);
	up = WAIT_US(sec_up, T_DELIVER);
	sgi(GICD_SGIR_TARGET(1u << 1) | 3); /* CPU 1, the zone's */
	listed = WAIT_US(seen[1].count[3] == 1, T_DELIVER);
	sgi(GICD_SGIR_OTHERS | 4); /* every other CPU: CPU 1 is the zone's only other one */
	others = WAIT_US(seen[1].count[4] == 1, T_DELIVER);
	sgi(GICD_SGIR_TARGET(0xcu) | 5); /* CPUs 2 and 3, outside the zone */
	delay_us(20 * MS);
	dropped = !seen[0].count[5] && !seen[1].count[5] && !seen[0].count[4] && !seen[0].count[3];
	outside = guest_smc(PSCI_CPU_ON_64, 2, (uint64_t)(uintptr_t)guest_secondary_entry, 0);
	guest_check("sgi-zone",
		    on == PSCI_SUCCESS && up && listed && others && dropped &&
			    outside == PSCI_DENIED,
		    "CPU_ON of CPU 1 %d (up %s); SGI to CPU 1 %s, to all others %s, to CPUs 2-3 "
		    "dropped %s; CPU_ON of CPU 2 (not the zone's) %d",
		    on, up ? "yes" : "no", listed ? "yes" : "no", others ? "yes" : "no",
		    dropped ? "yes" : "no", outside);
}

/* ---- the distributor keeps the zone to its own ---------------------------------------- */

static void test_isolation_gicd(void)
{
	uintptr_t targets = GICD_BASE + GICD_ITARGETSR;
	uint8_t own, outside, mixed, foreign;
	bool enabled;

	settle();
	mmio_w32(GICD_BASE + GICD_ISENABLER + 4, 1u << (SPI_FOREIGN - 32));
	enabled = (mmio_r32(GICD_BASE + GICD_ISENABLER + 4) >> (SPI_FOREIGN - 32)) & 1;
	own = mmio_r8(targets);		    /* ITARGETSR0: this CPU's own interface bit */
	mmio_w8(targets + SPI_SPARE, 0x0c); /* CPUs 2 and 3 only: not the zone's */
	outside = mmio_r8(targets + SPI_SPARE);
	mmio_w8(targets + SPI_SPARE, 0x06); /* CPU 1 (the zone's) and CPU 2 */
	mixed = mmio_r8(targets + SPI_SPARE);
	mmio_w8(targets + SPI_FOREIGN, 0x01);
	foreign = mmio_r8(targets + SPI_FOREIGN);
	mmio_w8(targets + SPI_SPARE, own);
	guest_check("isolation-gicd",
		    !enabled && own == 0x01 && outside == 0x01 && mixed == 0x02 && foreign == 0,
		    "enable of SPI %u (not the zone's) visible %s; ITARGETSR: own %x, CPUs 2-3 "
		    "-> %x (want 0x1), CPUs 1-2 -> %x (want 0x2), of SPI %u reads %x",
		    (uint64_t)SPI_FOREIGN, enabled ? "yes" : "no", (uint64_t)own, (uint64_t)outside,
		    (uint64_t)mixed, (uint64_t)SPI_FOREIGN, (uint64_t)foreign);
}

/* Bytes where the architecture has them, never halfwords; unknown offsets read 0. */
static void test_gicd_widths(void)
{
	uintptr_t prio = GICD_BASE + GICD_IPRIORITYR + SPI_SPARE;
	uint32_t word, unknown;
	uint16_t half;
	uint8_t byte;

	settle();
	mmio_w8(prio, 0x48);
	byte = mmio_r8(prio);
	word = mmio_r32(prio);
	half = mmio_r16(prio); /* refused: reads 0, reported once */
	unknown = mmio_r32(GICD_BASE + GICD_UNKNOWN);
	mmio_w8(prio, PRIO_DEFAULT);
	guest_check("gicd-widths", byte == 0x48 && (word & 0xff) == 0x48 && half == 0 && !unknown,
		    "IPRIORITYR byte %x, word %x, halfword %x (want 0), offset %x reads %x",
		    (uint64_t)byte, (uint64_t)word, (uint64_t)half, (uint64_t)GICD_UNKNOWN,
		    (uint64_t)unknown);
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	guest_printf("GUEST: vgic2 test guest at EL%u, x0 = %x\n",
		     (uint64_t)((read_sysreg(CurrentEL) >> 2) & 3), dtb);
	guest_irq_hook = on_irq;
	irq_mask();
	cpu_init();
	mmio_w32(GICD_BASE + GICD_CTLR, 1); /* the zone's own view of the distributor */
	set_prio(SPI_TEST, PRIO_DEFAULT);
	mmio_w32(GICD_BASE + GICD_ISENABLER + 4, 1u << (SPI_TEST - 32));

	test_lr_overflow();
	test_priority_order();
	test_eoi_split_hw();
	test_timer();
	test_sgi_zone();
	test_isolation_gicd();
	test_gicd_widths();
	/* Last: a failure here may leave interrupts behind. */
	test_nested_deep();
	settle();
	guest_done();
}
