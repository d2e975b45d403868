// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzing guest: runs as the root zone's kernel and throws at the hypervisor what an
 * untrusted zone can, from a seed (GUEST_PARAMS[0]; the run is reproducible from the seed
 * it prints) and a size (GUEST_PARAMS[1], 1 when 0):
 *
 *  - hypercalls with random codes and arguments, SMC and HVC with random SMCCC and PSCI
 *    function ids (never SYSTEM_OFF/RESET, nor CPU_OFF of itself, nor CPU_ON of CPU 1
 *    with a random entry): every answer must be one the ABI defines, and x1-x17 must come
 *    back unchanged;
 *  - loads and stores of every width and addressing mode (pairs, writeback, acquire/
 *    release, sign-extending, unscaled, register offset) at random, often misaligned,
 *    addresses in the emulated GIC and in space the zone does not own (the hypervisor's
 *    own RAM among it): each is emulated or ends in an abort, never anything else, and
 *    what the zone does not own always aborts;
 *  - random ICC_SGI1R/ASGI1R/SGI0R writes (trapped), or GICD_SGIR writes on a GICv2;
 *  - interrupt nesting six deep (more than the list registers), EOImode 0 and 1;
 *  - CPU 1 doing the same at the same time, and PSCI CPU_OFF/CPU_ON cycles of it.
 *
 * At the end the guest sets its GIC up again and checks its timer and SGIs to both CPUs
 * still work. Results: "GUEST: fuzz-<what>: PASS|FAIL", then the usual summary.
 */
#include "gic.h"
#include "zone1_shared.h"

#define OPS_PER_SCALE 100000
#define T_WAIT_US     2000000ULL
#define SGI_NEST      8 /* SGIs 8..13 nest; random SGIs use 0..7 */
#define NEST_DEPTH    6
#define SGI_PING      14
#define SGI_WAKE      15
#define PPI_VTIMER_ID 27
#define HV_RAM	      0x40400000UL /* the hypervisor: never the zone's */

/*
 * The zone's two CPUs are MPIDR Aff0 base_cpu and base_cpu + 1: 0 and 1 as the root zone,
 * 2 and 3 as a zone beside the root Linux (GUEST_PARAMS[2] set: no UART of its own, its
 * output goes to a buffer in its RAM, zone1_shared.h's layout, that the test reads).
 *
 * GUEST_PARAMS[3] is the board's GIC version (2, or 3 when 0): a GICv2's CPU interface is
 * the memory-mapped GICC (the hypervisor's GICV there), its SGIs and PPIs are banked in
 * the distributor, and its GICH and GICV pages are space a zone must never reach.
 */
static unsigned int base_cpu;
#define TO_CPU(n) (1ULL << (base_cpu + (n))) /* ICC_SGI1R TargetList bit */

/* ---- the seeded generator (xorshift64*) ---------------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return rnd(r) % n;
}

/* ---- per-CPU bookkeeping ------------------------------------------------------------- */

struct cpu_stats {
	volatile uint64_t ops, calls, accesses, aborts, irqs;
	volatile uint64_t bad;	     /* answers or exceptions that are not architectural */
	volatile uint64_t bad_what;  /* the first: what was done */
	volatile uint64_t bad_arg;   /* ... to which address or function id */
	volatile uint64_t bad_value; /* ... and what came back (ESR or x0) */
	volatile uint32_t sgi[16];
};

static struct cpu_stats stats[2];
static uint64_t freq, seed, scale;

static volatile uint32_t sec_boots, sec_run, sec_stop, sec_stopped, sec_cmd;
static volatile uint32_t nest_on, nest_eoimode, nest_order[NEST_DEPTH], nest_n;
#define CMD_NONE 0
#define CMD_OFF	 1

static void bad(struct cpu_stats *s, uint64_t what, uint64_t arg, uint64_t value)
{
	if (!s->bad++) {
		s->bad_what = what;
		s->bad_arg = arg;
		s->bad_value = value;
	}
}

static bool gicv2(void)
{
	return GUEST_PARAMS[3] == 2;
}

/* An ICC_SGI1R value (INTID, TargetList by Aff0); on a GICv2 the same through GICD_SGIR,
 * whose CPU interface numbers are the Aff0 values on QEMU virt. */
static void sgi_send(uint64_t v)
{
	dsb_sy();
	if (gicv2())
		mmio_w32(GICD_BASE + GICD_SGIR,
			 GICD_SGIR_TARGET(v & 0xff) | (uint32_t)((v >> 24) & 0xf));
	else
		write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static bool eoimode_split(void)
{
	return gicv2() ? mmio_r32(GICC_BASE + GICC_CTLR) & GICC_CTLR_EOIMODE
		       : read_sysreg(ICC_CTLR_EL1) & ICC_CTLR_EOIMODE;
}

static void eoimode_set(bool split)
{
	if (gicv2())
		mmio_w32(GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE | (split ? GICC_CTLR_EOIMODE : 0));
	else
		write_sysreg(ICC_CTLR_EL1, split ? ICC_CTLR_EOIMODE : 0);
	isb();
}

/* The SGI/PPI registers of this zone's CPU cpu at distributor offsets: its GICR SGI
 * frame, or on a GICv2 the distributor's banked first words (the accessing CPU's own). */
static uintptr_t private_bank(unsigned int cpu)
{
	return gicv2() ? GICD_BASE : GICR_BASE + (base_cpu + cpu) * GICR_FRAME_SIZE + GICR_SGI_OFF;
}

/* ---- interrupts ---------------------------------------------------------------------- */

static void irq_entry(unsigned int kind, uint64_t *regs)
{
	uint64_t elr = read_sysreg(elr_el1), spsr = read_sysreg(spsr_el1);
	unsigned int cpu = this_cpu() & 1;
	uint32_t iar =
		gicv2() ? mmio_r32(GICC_BASE + GICC_IAR) : (uint32_t)read_sysreg(ICC_IAR1_EL1);
	uint32_t intid = iar & (gicv2() ? GICC_IAR_INTID : 0xffffff);
	struct cpu_stats *s = &stats[cpu];

	(void)kind;
	(void)regs;
	if (intid >= INTID_SPURIOUS)
		return;
	s->irqs++;
	if (intid < 16)
		s->sgi[intid]++;
	if (intid == PPI_VTIMER_ID)
		write_sysreg(cntv_ctl_el0, 0);
	if (cpu == 0 && nest_on && intid >= SGI_NEST && intid < SGI_NEST + NEST_DEPTH) {
		uint32_t k = intid - SGI_NEST, n = nest_n;

		if (n < NEST_DEPTH)
			nest_order[n] = intid;
		nest_n = n + 1;
		if (k + 1 < NEST_DEPTH) {
			/* A more urgent one while this is active: taken at once, nested. */
			uint32_t want = nest_n + 1;

			sgi_send((uint64_t)(intid + 1) << 24 | TO_CPU(0));
			irq_unmask();
			WAIT_US(nest_n >= want, T_WAIT_US);
			irq_mask();
		}
	}
	if (gicv2()) {
		mmio_w32(GICC_BASE + GICC_EOIR, iar);
		if (eoimode_split())
			mmio_w32(GICC_BASE + GICC_DIR, iar);
	} else {
		write_sysreg(ICC_EOIR1_EL1, intid);
		if (eoimode_split())
			write_sysreg(ICC_DIR_EL1, intid);
	}
	isb();
	write_sysreg(elr_el1, elr);
	write_sysreg(spsr_el1, spsr);
}

/* This CPU's GIC as a driver sets it up: awake, SGIs and the timer on, all else clean. */
static void gic_cpu_setup(unsigned int cpu)
{
	uintptr_t rd = GICR_BASE + (base_cpu + cpu) * GICR_FRAME_SIZE, sgi = private_bank(cpu);

	if (!gicv2()) {
		write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
		isb();
		mmio_w32(rd + GICR_WAKER, 0);
		mmio_w32(sgi + GICR_IGROUPR0, ~0u);
	}
	mmio_w32(sgi + GICR_ICENABLER0, ~0u);
	mmio_w32(sgi + GICR_ICPENDR0, ~0u);
	mmio_w32(sgi + 0x380, ~0u); /* GICR_ICACTIVER0 */
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_w32(sgi + GICR_IPRIORITYR0 + i, 0xa0a0a0a0u);
	mmio_w32(sgi + GICR_ISENABLER0, 0xffffu | (1u << PPI_VTIMER_ID));
	if (gicv2()) {
		mmio_w32(GICC_BASE + GICC_PMR, 0xff);
		mmio_w32(GICC_BASE + GICC_BPR, 0);
		mmio_w32(GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE);
		return;
	}
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

/* The distributor: on, every SPI the zone owns disabled, not pending, not active. */
static void gicd_setup(void)
{
	mmio_w32(GICD_BASE + GICD_CTLR, gicv2() ? 1u : GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	for (unsigned int w = 1; w < 32; w++) {
		mmio_w32(GICD_BASE + GICD_ICENABLER + 4 * w, ~0u);
		mmio_w32(GICD_BASE + GICD_ICPENDR + 4 * w, ~0u);
		mmio_w32(GICD_BASE + GICD_ICACTIVER + 4 * w, ~0u);
	}
}

/* ---- calls --------------------------------------------------------------------------- */

void fuzz_call(uint64_t smc, const uint64_t *in, uint64_t *out);

static bool psci_answer_ok(uint64_t fn, int64_t r)
{
	/* VERSION and MIGRATE_INFO_TYPE exist in SMC32 only: 0xc4... is NOT_SUPPORTED. */
	switch (fn) {
	case 0x84000000: /* VERSION */
		return r == 0x10001;
	case 0x84000006: /* MIGRATE_INFO_TYPE */
		return r == 2;
	case 0x84000004: /* AFFINITY_INFO */
	case 0xc4000004:
		return r == 0 || r == 1 || r == 2 || r == -2;
	default:
		return r >= -9 && r <= 0;
	}
}

/* Function ids a zone may not fuzz with: it would end or stop itself. */
static bool forbidden(uint64_t fn)
{
	uint32_t f = (uint32_t)fn & ~0x40000000u;

	return fn == 0x84000002 || f == 0x84000008 || f == 0x84000009 || f == 0x84000012 ||
	       f == 0x84000001 || f == 0x8400000c || f == 0x8400000e;
}

static void fuzz_one_call(struct rng *r, struct cpu_stats *s)
{
	static const uint64_t codes[] = { 0, 1, 2, 3, 4, 5, 6, 20, 86 };
	uint64_t in[18], out[18], fn;
	bool smc = below(r, 2), psci;
	int64_t x0;

	for (unsigned int i = 0; i < 18; i++)
		in[i] = below(r, 4) ? rnd(r) : below(r, 64);
	switch (below(r, 5)) {
	case 0:
		fn = codes[below(r, sizeof(codes) / sizeof(codes[0]))];
		break;
	case 1:
		fn = below(r, 0x80000000ULL);
		break;
	case 2:
		fn = 0x84000000 | below(r, 0x20) | (below(r, 2) << 30); /* PSCI */
		break;
	case 3:
		fn = 0x80000000 | (below(r, 64) << 24) | below(r, 0x10000) | (below(r, 2) << 30);
		break;
	default:
		fn = rnd(r);
		break;
	}
	if (forbidden(fn))
		fn = 0x84000000; /* VERSION */
	if ((fn & ~0x40000000ULL) == 0x84000003) {
		/* CPU_ON only of CPUs it does not own or that are on: never of CPU 1. */
		uint64_t t = 2 + below(r, 0x100);

		if (t == base_cpu || t == base_cpu + 1)
			t += 2;
		in[1] = below(r, 2) ? base_cpu : t;
	}
	if (fn == 6)
		in[1] = below(r, 2) ? HV_RAM + below(r, 0x1000) : rnd(r) | 1;
	in[0] = fn;
	fuzz_call(smc, in, out);
	x0 = (int64_t)out[0];
	s->calls++;
	psci = (fn & ~0x40000000ULL) >= 0x84000000 && (fn & ~0x40000000ULL) <= 0x8400001f;
	if (psci		       ? !psci_answer_ok(fn, x0)
	    : (fn & 0x80000000) || smc ? x0 != -1
				       : !(x0 == 0 || (x0 >= -133 && x0 < 0)))
		bad(s, 1, fn, (uint64_t)x0);
	for (unsigned int i = 1; i < 18; i++)
		if (out[i] != in[i]) {
			bad(s, 2, fn, i);
			break;
		}
}

/* ---- loads and stores ---------------------------------------------------------------- */

/* An address in emulated space (GICD, the zone's redistributors) or in space that is not
 * the zone's (*must_abort); misaligned half of the time. */
static uintptr_t pick_addr(struct rng *r, unsigned int cpu, bool *must_abort)
{
	uintptr_t a;

	*must_abort = false;
	switch (below(r, 8)) {
	case 0:
	case 1:
		a = GICD_BASE + below(r, 0x10000);
		break;
	case 2:
	case 3:
		if (gicv2()) {
			a = GICD_BASE + below(r, 0x10000);
			break;
		}
		/* CPU 1 leaves CPU 0's frame alone: CPU 0 nests interrupts through it. */
		a = GICR_BASE + (base_cpu + cpu) * GICR_FRAME_SIZE + below(r, GICR_FRAME_SIZE);
		break;
	case 4:
		if (gicv2()) {
			/* GICH and the physical GICV: the hypervisor's, never the zone's. */
			a = GICH_BASE + below(r, 0x20000);
			*must_abort = true;
			break;
		}
		/* Anywhere else in the redistributor range: other zones' frames, or none. */
		a = below(r, 0xf60000 - 2 * GICR_FRAME_SIZE);
		if (a >= base_cpu * GICR_FRAME_SIZE)
			a += 2 * GICR_FRAME_SIZE;
		a += GICR_BASE;
		break;
	case 5:
		a = 0x08080000 + below(r, 0x20000); /* the ITS: not given to zones */
		*must_abort = true;
		break;
	case 6:
		a = HV_RAM + below(r, 0x1000000);
		*must_abort = true;
		break;
	default:
		a = 0x09010000 + below(r, 0x1000); /* PL031, not the zone's */
		*must_abort = true;
		break;
	}
	if (below(r, 2))
		a &= ~7UL;
	return a;
}

/* One access of form f at a; returns what a load got (0 for stores). */
static uint64_t access(unsigned int f, uintptr_t a, uint64_t v)
{
	uint64_t x = 0, y = 0;
	uintptr_t b = a;

	switch (f) {
	case 0:
		__asm__ volatile("ldrb %w0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 1:
		__asm__ volatile("ldrh %w0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 2:
		__asm__ volatile("ldr %w0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 3:
		__asm__ volatile("ldr %0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 4:
		__asm__ volatile("ldrsb %0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 5:
		__asm__ volatile("ldrsh %0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 6:
		__asm__ volatile("ldrsw %0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 7:
		__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 8:
		__asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 9:
		__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 10:
		__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 11:
		__asm__ volatile("ldp %0, %1, [%2]" : "+r"(x), "+r"(y) : "r"(a) : "memory");
		break;
	case 12:
		__asm__ volatile("stp %0, %0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 13:
		__asm__ volatile("ldp %w0, %w1, [%2]" : "+r"(x), "+r"(y) : "r"(a) : "memory");
		break;
	case 14:
		__asm__ volatile("ldr %0, [%1], #8" : "+r"(x), "+r"(b) : : "memory");
		break;
	case 15:
		__asm__ volatile("str %1, [%0, #-4]!" : "+r"(b) : "r"(v) : "memory");
		break;
	case 16:
		__asm__ volatile("ldar %w0, [%1]" : "+r"(x) : "r"(a) : "memory");
		break;
	case 17:
		__asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(a) : "memory");
		break;
	case 18:
		__asm__ volatile("ldur %w0, [%1, #-1]" : "+r"(x) : "r"(a + 1) : "memory");
		break;
	default:
		__asm__ volatile("ldr %w0, [%1, %2]"
				 : "+r"(x)
				 : "r"(a & ~0xfUL), "r"(a & 0xf)
				 : "memory");
		break;
	}
	return x | y;
}
#define NR_FORMS 20

static void fuzz_one_access(struct rng *r, unsigned int cpu, struct cpu_stats *s)
{
	struct guest_exc *e = &guest_cpu_exc[cpu];
	unsigned int before = e->count, f = (unsigned int)below(r, NR_FORMS);
	bool must_abort;
	uintptr_t a = pick_addr(r, cpu, &must_abort);
	uint64_t v = below(r, 3) ? rnd(r) : below(r, 2) ? 0 : ~0ULL, esr;

	access(f, a, v);
	s->accesses++;
	if (e->count == before) {
		if (must_abort)
			bad(s, 3, a, f); /* reached something the zone does not own */
		return;
	}
	s->aborts++;
	esr = e->esr;
	/* A data abort at EL1: the hypervisor's external abort (FSC 0x10), or alignment. */
	if (((esr >> 26) & 0x3f) != 0x25 || ((esr & 0x3f) != 0x10 && (esr & 0x3f) != 0x21))
		bad(s, 4, a, esr);
}

/* ---- trapped system register writes -------------------------------------------------- */

static void fuzz_one_sysreg(struct rng *r)
{
	/* INTIDs 0-7 only: the nesting test owns 8-13, 14 and 15 are the pings. */
	uint64_t v = rnd(r) & ~(0x8ULL << 24);

	dsb_sy();
	if (gicv2()) {
		/* Any filter and target list, CPUs outside the zone among them. */
		mmio_w32(GICD_BASE + GICD_SGIR, (uint32_t)v & ~0x8u);
		isb();
		return;
	}
	switch (below(r, 3)) {
	case 0:
		write_sysreg(ICC_SGI1R_EL1, v);
		break;
	case 1:
		write_sysreg(S3_0_C12_C11_6, v); /* ICC_ASGI1R_EL1 */
		break;
	default:
		write_sysreg(S3_0_C12_C11_7, v); /* ICC_SGI0R_EL1 */
		break;
	}
	isb();
}

static void fuzz_ops(struct rng *r, unsigned int cpu, uint64_t n, volatile uint32_t *stop)
{
	struct cpu_stats *s = &stats[cpu];

	for (uint64_t i = 0; i < n && !(stop && *stop); i++) {
		unsigned int k = (unsigned int)below(r, 8);

		if (k < 3)
			fuzz_one_call(r, s);
		else if (k < 7)
			fuzz_one_access(r, cpu, s);
		else
			fuzz_one_sysreg(r);
		s->ops++;
	}
}

/* ---- CPU 1 --------------------------------------------------------------------------- */

void secondary_main(uint64_t ctx)
{
	struct rng r = { ctx ? ctx : 1 };

	guest_mmu_on();
	gic_cpu_setup(1);
	irq_unmask();
	dsb_sy();
	sec_boots = sec_boots + 1;
	for (;;) {
		if (sec_cmd == CMD_OFF) {
			irq_mask();
			sec_cmd = CMD_NONE;
			guest_smc(PSCI_CPU_OFF, 0, 0, 0);
		}
		if (sec_run && !sec_stop) {
			fuzz_ops(&r, 1, ~0ULL, &sec_stop);
			/* Its own random stores may have disabled the SGI that wakes it. */
			irq_mask();
			gic_cpu_setup(1);
			irq_unmask();
			sec_stopped = 1;
			continue;
		}
		__asm__ volatile("wfi" : : : "memory");
	}
}

static int64_t cpu1_on(uint64_t ctx)
{
	return guest_smc(PSCI_CPU_ON_64, base_cpu + 1, (uint64_t)(uintptr_t)guest_secondary_entry,
			 ctx);
}

/* CPU 1 off and on again; false (and why) when PSCI or CPU 1 does not follow. */
static bool cpu1_cycle(uint64_t ctx, const char **why)
{
	uint32_t boots = sec_boots;

	sec_stop = 1;
	sec_cmd = CMD_OFF;
	dsb_sy();
	sgi_send((uint64_t)SGI_WAKE << 24 | TO_CPU(1));
	if (!WAIT_US(guest_smc(PSCI_AFFINITY_INFO_64, base_cpu + 1, 0, 0) == 1, T_WAIT_US)) {
		*why = "CPU 1 did not go off";
		return false;
	}
	sec_stop = 0;
	if (cpu1_on(ctx) != PSCI_SUCCESS) {
		*why = "CPU_ON of CPU 1 failed";
		return false;
	}
	if (!WAIT_US(sec_boots == boots + 1, T_WAIT_US)) {
		*why = "CPU 1 did not come back";
		return false;
	}
	return true;
}

/* ---- nesting ------------------------------------------------------------------------- */

static bool nest_episode(unsigned int eoimode, uint64_t *ap)
{
	uintptr_t sgi = private_bank(0);
	bool ok;

	irq_mask();
	for (uint32_t k = 0; k < NEST_DEPTH; k++)
		mmio_w8(sgi + GICR_IPRIORITYR0 + SGI_NEST + k, (uint8_t)(0xe0 - 0x10 * k));
	mmio_w32(sgi + GICR_ISENABLER0, 0xffffu);
	eoimode_set(eoimode);
	nest_n = 0;
	nest_on = 1;
	sgi_send((uint64_t)SGI_NEST << 24 | TO_CPU(0));
	irq_unmask();
	ok = WAIT_US(nest_n >= NEST_DEPTH, T_WAIT_US);
	irq_mask();
	nest_on = 0;
	for (uint32_t k = 0; k < NEST_DEPTH && ok; k++)
		ok = nest_order[k] == SGI_NEST + k;
	*ap = gicv2() ? mmio_r32(GICC_BASE + GICC_APR0) : read_sysreg(ICC_AP1R0_EL1);
	eoimode_set(false);
	irq_unmask();
	return ok && !*ap && nest_n == NEST_DEPTH;
}

/* ---- main ---------------------------------------------------------------------------- */

static const char *const what_names[] = { "", "call answer", "call clobbered x", "access",
					  "exception" };

static void report_bad(const char *name, unsigned int cpu)
{
	struct cpu_stats *s = &stats[cpu];

	guest_check(name, !s->bad,
		    "CPU %u: %u bad outcomes; the first: %s, at/of %x, got %x (reproduce with "
		    "seed %u)",
		    (uint64_t)cpu, s->bad, what_names[s->bad_what < 5 ? s->bad_what : 0],
		    s->bad_arg, s->bad_value, seed);
}

#define SHARED ((struct zone1_shared *)(GUEST_LOAD - 0x200000UL))

static void shared_putc(char c)
{
	uint64_t h = SHARED->head;

	if (h < ZONE1_CONSOLE_SIZE) {
		SHARED->console[h] = c;
		dsb_sy();
		SHARED->head = h + 1;
	}
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	struct rng r;
	uint64_t rounds, ap = 0, t0;
	unsigned int nest_ok = 0, nest_tries = 0, cycles = 0;
	const char *why = "";
	bool cycles_ok = true, timer, self, other;

	(void)dtb;
	base_cpu = (unsigned int)(read_sysreg(mpidr_el1) & 0xff);
	if (GUEST_PARAMS[2]) {
		SHARED->head = 0;
		guest_putc_hook = shared_putc;
	}
	freq = read_sysreg(cntfrq_el0);
	seed = GUEST_PARAMS[0] ? GUEST_PARAMS[0] : 1;
	scale = GUEST_PARAMS[1] ? GUEST_PARAMS[1] : 1;
	r.s = seed;
	guest_printf("GUEST: fuzz seed %u scale %u (reproduce: make fuzz SEED=%u SCALE=%u)\n", seed,
		     scale, seed, scale);
	guest_irq_hook = irq_entry;
	irq_mask();
	guest_mmu_on();
	gicd_setup();
	gic_cpu_setup(0);
	if (cpu1_on(seed ^ 0x5eed) != PSCI_SUCCESS || !WAIT_US(sec_boots == 1, T_WAIT_US)) {
		guest_check("fuzz-start", false, "CPU 1 did not start");
		guest_done();
		return;
	}
	irq_unmask();
	t0 = cntvct();
	rounds = 8 * scale;
	for (uint64_t i = 0; i < rounds; i++) {
		sec_run = 1;
		fuzz_ops(&r, 0, OPS_PER_SCALE / 8, 0);
		/* Nesting, EOImode 0 and 1 in turn, with CPU 1 still going. */
		nest_tries++;
		if (nest_episode((unsigned int)(i & 1), &ap))
			nest_ok++;
		else
			gic_cpu_setup(0);
		if (i % 2 == 1 && cycles_ok) {
			cycles_ok = cpu1_cycle((seed ^ 0x5eed) + i, &why);
			cycles += cycles_ok;
		}
		/* What the random stores did to CPU 0's own GIC is undone for the next round. */
		irq_mask();
		gicd_setup();
		gic_cpu_setup(0);
		irq_unmask();
	}
	sec_stop = 1;
	WAIT_US(sec_stopped, T_WAIT_US);
	irq_mask();
	guest_printf("GUEST: fuzz ran %u ops on CPU 0 and %u on CPU 1 (%u calls, %u accesses, "
		     "%u aborts, %u interrupts) in %u ms\n",
		     stats[0].ops, stats[1].ops, stats[0].calls + stats[1].calls,
		     stats[0].accesses + stats[1].accesses, stats[0].aborts + stats[1].aborts,
		     stats[0].irqs + stats[1].irqs, (cntvct() - t0) * 1000 / freq);

	report_bad("fuzz-cpu0", 0);
	report_bad("fuzz-cpu1", 1);
	guest_check("fuzz-nesting", nest_ok == nest_tries,
		    "%u of %u nesting episodes (6 SGIs, each more urgent, EOImode 0 and 1) went "
		    "right; last ICC_AP1R0_EL1 %x",
		    (uint64_t)nest_ok, (uint64_t)nest_tries, ap);
	guest_check("fuzz-cpu-cycles", cycles_ok && stats[1].ops > 0,
		    "CPU 1 off/on cycles: %u done, then %s; CPU 1 ran %u ops", (uint64_t)cycles,
		    why, stats[1].ops);

	/* Alive: a fresh CPU 1, this CPU's GIC set up again, its timer and SGIs work. */
	cycles_ok = cpu1_cycle(seed, &why);
	gicd_setup();
	gic_cpu_setup(0);
	stats[0].sgi[SGI_PING] = stats[1].sgi[SGI_PING] = 0;
	stats[0].irqs = 0;
	write_sysreg(cntv_cval_el0, cntvct() + us_ticks(1000));
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	irq_unmask();
	sgi_send((uint64_t)SGI_PING << 24 | TO_CPU(0));
	sgi_send((uint64_t)SGI_PING << 24 | TO_CPU(1));
	self = WAIT_US(stats[0].sgi[SGI_PING] == 1, T_WAIT_US);
	other = cycles_ok && WAIT_US(stats[1].sgi[SGI_PING] == 1, T_WAIT_US);
	timer = WAIT_US(!(read_sysreg(cntv_ctl_el0) & 1), T_WAIT_US);
	irq_mask();
	guest_check("fuzz-alive", self && other && timer,
		    "after fuzzing: SGI to itself %s, to CPU 1 %s (CPU 1 back: %s), timer "
		    "interrupt %s",
		    self ? "taken" : "lost", other ? "taken" : "lost", cycles_ok ? "yes" : why,
		    timer ? "taken" : "lost");
	guest_mmu_off();
	guest_done();
}
