// SPDX-License-Identifier: GPL-2.0
/*
 * The hostile test guest: runs as the root zone's kernel and does, from inside a zone,
 * what the hostile-guest issue found wrong, checking that it gets an architectural
 * answer and that the hypervisor and the zone's other CPU go on:
 *
 *  1. interrupts made pending for CPU 1 before it ever ran (an SGI, a PPI or an SPI,
 *     GUEST_PARAMS[0] = 0, 1 or 2 picks which), then PSCI CPU_ON: CPU 1 must start;
 *  2. a 32-bit store at GICR_IPRIORITYR0 + 29 (misaligned): ignored, GICR_WAKER and the
 *     priorities unchanged, reads as 0 (GICv2: at GICD_IPRIORITYR + 33, GICD_CTLR);
 *  3. byte and halfword reads of redistributor registers that are 32-bit only: read 0,
 *     writes ignored (GICv2: of distributor registers);
 *  4. an emulated load inside a T32 IT block of a 32-bit EL0 process;
 *  5. SMCCC calls over HVC the hypervisor does not know: NOT_SUPPORTED (-1);
 *  6. the PMU: the zone sees the CPU's event counters, and they count; a vCPU starts with
 *     them reset;
 *  7. all-ones written to every GICD_ISENABLER word: the log side is checked by
 *     tests/system/test_hostile.py between the "GUEST: -- <what> begin/end" lines.
 *
 * GUEST_PARAMS[1] is the board's GIC version (2, or 3 when 0): on a GICv2 the CPU
 * interface is memory-mapped, SGIs go through GICD_SGIR, SGIs and PPIs are banked in the
 * distributor (so CPU 0 cannot make a PPI of CPU 1 pending) and SPIs are routed by
 * ITARGETSR.
 *
 * Each check prints "GUEST: <name>: PASS|FAIL ..."; every wait is bounded by CNTVCT.
 */
#include "gic.h"

#define MODE_SGI 0
#define MODE_PPI 1
#define MODE_SPI 2

#define RD(cpu)	       (GICR_BASE + (cpu)*GICR_FRAME_SIZE)
#define SGI_FRAME(cpu) (RD(cpu) + GICR_SGI_OFF)
#define SPI_OWNED      35	    /* the zone's, no device drives it on QEMU virt */
#define PPI_TEST       20	    /* no device drives it either */
#define UNOWNED_MMIO   0x09010000UL /* QEMU's PL031 RTC: not the zone's */
#define PSCI_AFF_ON    0
#define SGI_PING       3
#define PMU_EV_CYCLES  0x11
#define T_WAIT_US      2000000ULL

/* What CPU 1 saw at its last entry, and its mailbox. */
#define CMD_NONE 0
#define CMD_OFF	 1
#define CMD_PMU	 2
static volatile uint32_t sec_boots, sec_sgis, sec_cmd, sec_pmu_done;
static volatile uint64_t sec_ctx, sec_cnten, sec_pmcr_e, sec_cnt0;

static bool gicv2(void)
{
	return GUEST_PARAMS[1] == 2;
}

static void irq_entry(unsigned int kind, uint64_t *regs)
{
	uint32_t iar =
		gicv2() ? mmio_r32(GICC_BASE + GICC_IAR) : (uint32_t)read_sysreg(ICC_IAR1_EL1);
	uint32_t intid = iar & (gicv2() ? GICC_IAR_INTID : 0xffffff);

	(void)kind;
	(void)regs;
	if (intid >= INTID_SPURIOUS)
		return;
	if (intid == SGI_PING && this_cpu() == 1)
		sec_sgis = sec_sgis + 1;
	if (gicv2())
		mmio_w32(GICC_BASE + GICC_EOIR, iar);
	else
		write_sysreg(ICC_EOIR1_EL1, intid);
	isb();
}

/* This CPU's redistributor awake, SGIs enabled, the CPU interface on. */
static void gic_cpu_up(unsigned int cpu)
{
	uintptr_t rd = RD(cpu), sgi = SGI_FRAME(cpu);

	if (gicv2()) {
		/* Word 0 of the distributor's banked registers: this CPU's own. */
		mmio_w32(GICD_BASE + GICD_ICENABLER, 0xffff0000u);
		mmio_w32(GICD_BASE + GICD_ICPENDR, ~0u);
		mmio_w32(GICD_BASE + GICD_ISENABLER, 0xffffu);
		mmio_w32(GICC_BASE + GICC_PMR, 0xff);
		mmio_w32(GICC_BASE + GICC_BPR, 0);
		mmio_w32(GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE);
		return;
	}
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	mmio_w32(rd + GICR_WAKER, mmio_r32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	mmio_w32(sgi + GICR_IGROUPR0, ~0u);
	mmio_w32(sgi + GICR_ICENABLER0, 0xffff0000u);
	mmio_w32(sgi + GICR_ICPENDR0, ~0u);
	mmio_w32(sgi + GICR_ISENABLER0, 0xffffu);
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

/* SGI intid to CPU 1 (MPIDR 1: Aff0 1, GICv2 interface 1). */
static void sgi_to_cpu1(uint32_t intid)
{
	dsb_sy();
	if (gicv2())
		mmio_w32(GICD_BASE + GICD_SGIR, GICD_SGIR_TARGET(1u << 1) | intid);
	else
		write_sysreg(ICC_SGI1R_EL1, ((uint64_t)intid << 24) | 0x2);
	isb();
}

static unsigned int pmu_counters(void)
{
	uint64_t ver = (read_sysreg(id_aa64dfr0_el1) >> 8) & 0xf;

	return ver && ver != 0xf ? (unsigned int)(read_sysreg(pmcr_el0) >> 11) & 0x1f : 0;
}

/* Counter 0 counts CPU cycles, the cycle counter too, both running. */
static void pmu_start(void)
{
	write_sysreg(pmselr_el0, 0);
	isb();
	write_sysreg(pmxevtyper_el0, PMU_EV_CYCLES);
	write_sysreg(pmcntenset_el0, 1u | (1u << 31));
	write_sysreg(pmcr_el0, 0x7); /* E, P (reset event counters), C (reset cycles) */
	isb();
}

void secondary_main(uint64_t ctx)
{
	/* First: what the hypervisor left in the PMU for this new start. */
	sec_cnten = read_sysreg(pmcntenset_el0);
	sec_pmcr_e = read_sysreg(pmcr_el0) & 1;
	sec_cnt0 = pmu_counters() ? read_sysreg(pmevcntr0_el0) : 0;
	sec_ctx = ctx;
	gic_cpu_up(1);
	dsb_sy();
	sec_boots = sec_boots + 1;
	for (;;) {
		irq_mask();
		if (sec_cmd == CMD_OFF) {
			sec_cmd = CMD_NONE;
			guest_smc(PSCI_CPU_OFF, 0, 0, 0);
		} else if (sec_cmd == CMD_PMU) {
			sec_cmd = CMD_NONE;
			pmu_start();
			sec_pmu_done = 1;
		} else {
			__asm__ volatile("wfi" : : : "memory");
		}
		irq_unmask();
	}
}

static int64_t cpu_on(uint64_t ctx)
{
	return guest_smc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)guest_secondary_entry, ctx);
}

static int64_t cpu1_power(void)
{
	return guest_smc(PSCI_AFFINITY_INFO_64, 1, 0, 0);
}

/* ---- 1. a CPU that never ran, with an interrupt waiting for it ----------------------- */

static void test_never_ran(uint64_t mode)
{
	static const char *const names[] = { "never-ran-sgi", "never-ran-ppi", "never-ran-spi" };
	int64_t r, aff = -1;
	bool up = false, ping = false;

	if (mode == MODE_SGI) {
		/* GICv2: CPU 1's SGI enables are its own; pending is all this needs. */
		if (!gicv2())
			mmio_w32(SGI_FRAME(1) + GICR_ISENABLER0, 1u << 0);
		sgi_to_cpu1(0);
	} else if (mode == MODE_PPI) {
		mmio_w32(SGI_FRAME(1) + GICR_ISENABLER0, 1u << PPI_TEST);
		mmio_w32(SGI_FRAME(1) + GICR_ISPENDR0, 1u << PPI_TEST);
	} else {
		if (gicv2())
			mmio_w8(GICD_BASE + GICD_ITARGETSR + SPI_OWNED, 1u << 1);
		else
			mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_OWNED, 1);
		gicd_set_bit(GICD_ISENABLER, SPI_OWNED);
		gicd_set_bit(GICD_ISPENDR, SPI_OWNED);
	}
	delay_us(20000); /* CPU 1's physical side takes it while its vCPU is off */
	r = cpu_on(0xc0ffee);
	if (r == PSCI_SUCCESS)
		up = WAIT_US(sec_boots == 1, T_WAIT_US);
	if (up)
		up = WAIT_US((aff = cpu1_power()) == PSCI_AFF_ON, T_WAIT_US) && sec_ctx == 0xc0ffee;
	if (up) {
		irq_unmask();
		sgi_to_cpu1(SGI_PING);
		ping = WAIT_US(sec_sgis == 1, T_WAIT_US);
		irq_mask();
	}
	if (mode == MODE_SPI) {
		gicd_set_bit(GICD_ICENABLER, SPI_OWNED);
		if (gicv2())
			mmio_w8(GICD_BASE + GICD_ITARGETSR + SPI_OWNED, 1u << 0);
		else
			mmio_w64(GICD_BASE + GICD_IROUTER + 8 * SPI_OWNED, 0);
	}
	guest_check(names[mode < 3 ? mode : 0], r == PSCI_SUCCESS && up && ping,
		    "interrupt pending for CPU 1 before it ever ran, then CPU_ON: returned %d "
		    "(want 0), CPU 1 started %s, AFFINITY_INFO %d (want 0), x0 %x (want "
		    "0xc0ffee), an SGI to it taken %u times (want 1)",
		    r, sec_boots ? "yes" : "no", aff, sec_ctx, (uint64_t)sec_sgis);
}

/* ---- 2. a misaligned word store into GICR_IPRIORITYR0 -------------------------------- */

static void read_prios(uint8_t *p)
{
	for (unsigned int i = 0; i < 32; i++)
		p[i] = mmio_r8(SGI_FRAME(0) + GICR_IPRIORITYR0 + i);
}

static void test_gicr_prio_misaligned(void)
{
	uintptr_t at = SGI_FRAME(0) + GICR_IPRIORITYR0 + 29;
	uint8_t before[32], after[32];
	uint32_t waker0, waker1, got;
	unsigned int changed = 32, exc = guest_last_exc.count;

	for (unsigned int i = 0; i < 32; i += 4)
		mmio_w32(SGI_FRAME(0) + GICR_IPRIORITYR0 + i, 0xa0a0a0a0u);
	mmio_w32(RD(0) + GICR_WAKER, 0); /* awake, whatever the check before left */
	read_prios(before);
	waker0 = mmio_r32(RD(0) + GICR_WAKER);
	guest_puts("GUEST: -- gicr-prio-misaligned begin\n");
	guest_mmu_on(); /* Normal memory: the unaligned store reaches the hypervisor */
	mmio_w32(at, 0xffffffffu);
	got = mmio_r32(at);
	guest_mmu_off();
	guest_puts("GUEST: -- gicr-prio-misaligned end\n");
	waker1 = mmio_r32(RD(0) + GICR_WAKER);
	read_prios(after);
	for (unsigned int i = 0; i < 32 && changed == 32; i++)
		if (before[i] != after[i])
			changed = i;
	guest_check("gicr-prio-misaligned",
		    waker1 == waker0 && changed == 32 && got == 0 && guest_last_exc.count == exc,
		    "32-bit store of 0xffffffff at GICR_IPRIORITYR0 + 29: GICR_WAKER %x -> %x "
		    "(want unchanged), first priority changed: INTID %u (32 = none), the same "
		    "load reads %x (want 0), exceptions %u (want 0)",
		    (uint64_t)waker0, (uint64_t)waker1, (uint64_t)changed, (uint64_t)got,
		    (uint64_t)(guest_last_exc.count - exc));
}

/* ---- 3. narrow and misaligned reads of 32-bit redistributor registers ---------------- */

static void test_gicr_narrow(void)
{
	unsigned int exc = guest_last_exc.count;
	uint32_t b_d1, h_fe, b_pidr2, h_pidr2, w_ffd2, waker;

	guest_puts("GUEST: -- gicr-narrow begin\n");
	b_d1 = mmio_r8(RD(0) + 0xffd1);
	h_fe = mmio_r16(RD(0) + 0xfffe);
	b_pidr2 = mmio_r8(RD(0) + 0xffe8);
	h_pidr2 = mmio_r16(RD(0) + 0xffe8);
	mmio_w8(RD(0) + GICR_WAKER, GICR_WAKER_PROCESSOR_SLEEP); /* byte write: ignored */
	guest_mmu_on();
	w_ffd2 = mmio_r32(RD(0) + 0xffd2);
	guest_mmu_off();
	guest_puts("GUEST: -- gicr-narrow end\n");
	waker = mmio_r32(RD(0) + GICR_WAKER);
	guest_check("gicr-narrow",
		    !b_d1 && !h_fe && !b_pidr2 && !h_pidr2 && !w_ffd2 && !waker &&
			    guest_last_exc.count == exc,
		    "RD_base reads: byte at 0xffd1 %x, halfword at 0xfffe %x, byte and halfword "
		    "of GICR_PIDR2 %x %x, word at 0xffd2 %x (want all 0); GICR_WAKER after a "
		    "byte write of ProcessorSleep %x (want 0); exceptions %u (want 0)",
		    (uint64_t)b_d1, (uint64_t)h_fe, (uint64_t)b_pidr2, (uint64_t)h_pidr2,
		    (uint64_t)w_ffd2, (uint64_t)waker, (uint64_t)(guest_last_exc.count - exc));
}

/*
 * GICv2: a misaligned word store into GICD_IPRIORITYR (with the MMU on, as above), and
 * narrow reads of word-only distributor registers and a byte write of GICD_CTLR.
 */
static void test_gicd_prio_misaligned(void)
{
	uintptr_t prio = GICD_BASE + GICD_IPRIORITYR;
	unsigned int exc = guest_last_exc.count;
	uint32_t before = mmio_r32(prio + 32), after, got;

	guest_puts("GUEST: -- gicd-prio-misaligned begin\n");
	guest_mmu_on();
	mmio_w32(prio + 33, 0xffffffffu);
	got = mmio_r32(prio + 33);
	guest_mmu_off();
	guest_puts("GUEST: -- gicd-prio-misaligned end\n");
	after = mmio_r32(prio + 32);
	guest_check("gicd-prio-misaligned",
		    before == after && got == 0 && guest_last_exc.count == exc,
		    "32-bit store of 0xffffffff at GICD_IPRIORITYR + 33: priorities of INTIDs "
		    "32-35 %x -> %x (want unchanged), the same load reads %x (want 0), "
		    "exceptions %u (want 0)",
		    (uint64_t)before, (uint64_t)after, (uint64_t)got,
		    (uint64_t)(guest_last_exc.count - exc));
}

static void test_gicd_narrow(void)
{
	unsigned int exc = guest_last_exc.count;
	uint32_t b_typer, h_typer, h_iidr, w_odd, ctlr0 = mmio_r32(GICD_BASE + GICD_CTLR), ctlr;

	guest_puts("GUEST: -- gicd-narrow begin\n");
	b_typer = mmio_r8(GICD_BASE + GICD_TYPER);
	h_typer = mmio_r16(GICD_BASE + GICD_TYPER);
	h_iidr = mmio_r16(GICD_BASE + GICD_IIDR + 2);
	mmio_w8(GICD_BASE + GICD_CTLR, 0); /* byte write: ignored */
	guest_mmu_on();
	w_odd = mmio_r32(GICD_BASE + GICD_TYPER + 2);
	guest_mmu_off();
	guest_puts("GUEST: -- gicd-narrow end\n");
	ctlr = mmio_r32(GICD_BASE + GICD_CTLR);
	guest_check("gicd-narrow",
		    !b_typer && !h_typer && !h_iidr && !w_odd && ctlr == ctlr0 &&
			    guest_last_exc.count == exc,
		    "GICD reads: byte and halfword of GICD_TYPER %x %x, halfword of GICD_IIDR %x, "
		    "word at GICD_TYPER + 2 %x (want all 0); GICD_CTLR after a byte write of 0 "
		    "%x (want %x); exceptions %u (want 0)",
		    (uint64_t)b_typer, (uint64_t)h_typer, (uint64_t)h_iidr, (uint64_t)w_odd,
		    (uint64_t)ctlr, (uint64_t)ctlr0, (uint64_t)(guest_last_exc.count - exc));
}

/* ---- 4. an emulated load inside a T32 IT block at EL0 -------------------------------- */

extern char t32_it_code[];

static void test_t32_it(void)
{
	static volatile uint32_t block[4];
	uint32_t typer = mmio_r32(GICD_BASE + GICD_TYPER);
	unsigned int exc = guest_last_exc.count;
	bool a32 = guest_has_a32_el0();

	block[0] = (uint32_t)(GICD_BASE + GICD_TYPER);
	block[1] = 0xdead;
	block[2] = 0xdead;
	block[3] = (uint32_t)UNOWNED_MMIO;
	if (a32)
		run_a32_el0(t32_it_code, (uint64_t)(uintptr_t)block);
	guest_check("t32-it-block",
		    a32 && block[1] == typer && block[2] == 0 && a32_exit_kind == 12 &&
			    guest_last_exc.count == exc + 1 && guest_last_exc.far == UNOWNED_MMIO,
		    "AArch32 EL0 %u: `ite eq; ldreq r2, [GICD_TYPER]; movne r3, #1` with Z set: "
		    "r2 %x (want %x), r3 %x (want 0: movne skipped), exit vector %u FAR %x (want "
		    "12 and %x)",
		    (uint64_t)a32, (uint64_t)block[1], (uint64_t)typer, (uint64_t)block[2],
		    (uint64_t)a32_exit_kind, guest_last_exc.far, (uint64_t)UNOWNED_MMIO);
}

/* ---- 5. SMCCC function ids over HVC -------------------------------------------------- */

static void test_smccc_hvc(void)
{
	static const uint64_t smccc[] = {
		0x80000000,		/* SMCCC_VERSION */
		0x80008000,		/* SMCCC_ARCH_WORKAROUND_1 */
		0x8400001f,		/* PSCI range, no such function */
		0x84000050,		/* standard service, not PSCI */
		0xc4000050, 0x82000001, /* SiP */
		0x86000000,		/* vendor hypervisor service */
		0xbf00ffff, 0xffffffff,
	};
	static const struct {
		uint64_t code, arg;
		int64_t want;
	} own[] = {
		{ 0, 0, -14 },		/* INIT_VIRTIO of address 0: not the zone's RAM */
		{ 6, 0x40400000, -14 }, /* CONFIG_CHECK outside the zone's RAM */
		{ 12345, 0, -38 },
		{ 0x7fffffff, 0, -38 },
	};
	int64_t r = 0;
	uint64_t bad = 0;
	bool ok = true;

	for (unsigned int i = 0; i < sizeof(smccc) / sizeof(smccc[0]) && ok; i++) {
		r = guest_hvc(smccc[i], 0, 0, 0);
		ok = r == -1;
		bad = smccc[i];
	}
	for (unsigned int i = 0; i < sizeof(own) / sizeof(own[0]) && ok; i++) {
		r = guest_hvc(own[i].code, own[i].arg, 0, 0);
		ok = r == own[i].want;
		bad = own[i].code;
	}
	if (ok) {
		r = guest_smc(0x84000050, 0, 0, 0);
		ok = r == -1;
		bad = 0x84000050;
	}
	guest_check("smccc-over-hvc", ok,
		    "x0 = %x answered %d: SMCCC ids (bit 31 set) want -1 (NOT_SUPPORTED) over HVC "
		    "and SMC; hvisor codes keep -errno (0 with address 0: -14, 6 with a bad "
		    "address: -14, 12345 "
		    "and 0x7fffffff: -38)",
		    bad, r);
}

/* ---- 6. the PMU ---------------------------------------------------------------------- */

static void test_pmu(void)
{
	unsigned int exc = guest_last_exc.count, n = pmu_counters();
	uint64_t c0 = 0, cyc = 0;
	uint32_t boots;
	bool off = false, back = false, fresh;

	if (n) {
		pmu_start();
		delay_us(1000);
		c0 = read_sysreg(pmevcntr0_el0);
		cyc = read_sysreg(pmccntr_el0);
		write_sysreg(pmcr_el0, 0);
		write_sysreg(pmcntenclr_el0, ~0ULL);
	}
	guest_check("pmu-counters", n > 0 && c0 > 0 && cyc > 0 && guest_last_exc.count == exc,
		    "PMCR_EL0.N %u (want the CPU's event counters, not 0), counter 0 counted %u "
		    "cycles, PMCCNTR %u (want > 0), exceptions %u (want 0)",
		    (uint64_t)n, c0, cyc, (uint64_t)(guest_last_exc.count - exc));

	/* CPU 1 leaves its counters running, goes off and comes back: they must be reset. */
	sec_pmu_done = 0;
	dsb_sy();
	sec_cmd = CMD_PMU;
	sgi_to_cpu1(15);
	if (WAIT_US(sec_pmu_done, T_WAIT_US)) {
		boots = sec_boots;
		sec_cmd = CMD_OFF;
		sgi_to_cpu1(15);
		off = WAIT_US(cpu1_power() == 1, T_WAIT_US);
		back = off && cpu_on(0x2) == PSCI_SUCCESS &&
		       WAIT_US(sec_boots == boots + 1, T_WAIT_US);
	}
	fresh = back && !sec_cnten && !sec_pmcr_e && !sec_cnt0;
	guest_check("pmu-reset-at-start", fresh,
		    "CPU 1 with counters running, CPU_OFF (%s), CPU_ON (%s): at its entry "
		    "PMCNTENSET %x, PMCR_EL0.E %u, PMEVCNTR0 %u (want all 0)",
		    off ? "done" : "failed", back ? "done" : "failed", sec_cnten, sec_pmcr_e,
		    sec_cnt0);
}

/* ---- 7. all-ones to every GICD_ISENABLER word ---------------------------------------- */

static void test_isenabler_all_ones(void)
{
	/* qemu-gicv3's root_irqs (board.c): UART, PCIe INTx, 32 virtio slots, IVC doorbell. */
	static const uint32_t owned[] = { 33, 35, 36, 37, 38, 48, 49, 50, 51, 52, 53, 54, 55,
					  56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68,
					  69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80 };
	uint32_t typer = mmio_r32(GICD_BASE + GICD_TYPER), bad = 0;
	unsigned int exc = guest_last_exc.count;
	bool ok = true;

	guest_printf("GUEST: -- isenabler-all-ones begin (GICD_TYPER.ITLinesNumber %u)\n",
		     (uint64_t)(typer & 0x1f));
	for (unsigned int w = 0; w < 32; w++)
		mmio_w32(GICD_BASE + GICD_ISENABLER + 4 * w, ~0u);
	guest_puts("GUEST: -- isenabler-all-ones end\n");
	for (uint32_t id = 32; id < 128 && ok; id++) {
		bool own = false;

		for (unsigned int i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
			own |= owned[i] == id;
		ok = gicd_get_bit(GICD_ISENABLER, id) == own;
		bad = id;
	}
	for (unsigned int w = 1; w < 32; w++)
		mmio_w32(GICD_BASE + GICD_ICENABLER + 4 * w, ~0u);
	guest_check("isenabler-all-ones", ok && guest_last_exc.count == exc,
		    "all-ones to every GICD_ISENABLER word: INTID %u reads the wrong enable (want "
		    "exactly the zone's own enabled), exceptions %u",
		    (uint64_t)bad, (uint64_t)(guest_last_exc.count - exc));
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	uint64_t mode = GUEST_PARAMS[0];

	guest_printf("GUEST: hostile test guest, x0 = %x, mode %u\n", dtb, mode);
	guest_irq_hook = irq_entry;
	irq_mask();
	gic_cpu_up(0);
	mmio_w32(GICD_BASE + GICD_CTLR, gicv2() ? 1u : GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);

	test_never_ran(mode);
	if (mode == MODE_SGI) {
		test_smccc_hvc();
		test_t32_it();
		if (gicv2()) {
			test_gicd_narrow();
			test_gicd_prio_misaligned();
		} else {
			test_gicr_narrow();
			test_gicr_prio_misaligned();
		}
		test_pmu();
		test_isenabler_all_ones();
	}
	guest_done();
}
