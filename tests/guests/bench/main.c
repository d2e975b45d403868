// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark guest (make bench). Under QEMU -icount shift=0 one guest-visible nanosecond
 * is one executed instruction, so CNTVCT (62.5 MHz on QEMU virt: 16 instructions per
 * tick) around many iterations counts the instructions of each operation, hypervisor
 * included. The empty loop's cost is measured the same way and subtracted.
 * Output: "BENCH <name> <ticks> <iterations>", read by scripts/bench.py.
 */
#include "guest.h"

#define ITERS		100000
#define TIMER_ITERS	2000
#define GICD		0x08000000UL
#define GICD_CTLR	0x0
#define GICD_TYPER	0x4
#define GICD_ISENABLER1 0x104
#define GICD_ICENABLER1 0x184
/* INTID 48: the root zone's (a QEMU virtio-mmio slot with no device: it never fires). */
#define OWNED_SPI_BIT	 (1u << (48 - 32))
#define PSCI_VERSION	 0x84000000
#define GICR0		 0x080a0000UL
#define GICR_WAKER	 0x14
#define GICR_ISENABLER0	 (0x10000 + 0x100)
#define GICR_IPRIORITYR0 (0x10000 + 0x400)
#define PPI_VTIMER	 27
#define GICD_IGROUPR1	 0x84
#define GICD_IROUTER	 0x6000
#define GICR_IGROUPR0	 (0x10000 + 0x080)
/* GUEST_PARAMS[0]: run natively (no hypervisor, QEMU without EL2): interrupts only. */
#define BENCH_NATIVE 1
/* QEMU virt's PL011 (the console, the root zone's device): SPI 1, INTID 33. */
#define UART	       0x09000000UL
#define UART_IMSC      0x38
#define UART_IMSC_TX   (1u << 5)
#define SPI_UART       33
#define GICR1	       (GICR0 + 0x20000) /* CPU 1's redistributor */
#define SGI_PING       2		 /* CPU 0 to CPU 1 */
#define SGI_PONG       3		 /* CPU 1's answer */
#define SGI_ITERS      2000
#define SGI_WARMUP     16
#define PSCI_CPU_ON_64 0xc4000003

#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define isb()		   __asm__ volatile("isb" ::: "memory")

static inline uint64_t now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static volatile uint64_t irq_at, spi_at, ping_at;
static volatile unsigned int irqs, spis, pings, pongs, cpu1_up;

void bench_irq(void);
void bench_irq(void)
{
	uint64_t t = read_sysreg(cntvct_el0);
	uint64_t intid = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	if (intid == PPI_VTIMER) {
		irq_at = t;
		write_sysreg(cntv_ctl_el0, 0); /* stop it: level-triggered */
		irqs++;
	} else if (intid == SPI_UART) {
		spi_at = t;
		*(volatile uint32_t *)(UART + UART_IMSC) = 0; /* the line drops: level */
		spis++;
	} else if (intid == SGI_PING) {
		/* CPU 1: when the ping arrived, then the answer that wakes CPU 0. */
		ping_at = t;
		pings++;
		write_sysreg(S3_0_C12_C11_5, ((uint64_t)SGI_PONG << 24) | 1);
	} else if (intid == SGI_PONG) {
		pongs++;
	}
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

static void report(const char *name, uint64_t ticks, uint64_t iters)
{
	guest_printf("BENCH %s %u %u\n", name, ticks, iters);
}

/* Each loop body is one operation; the empty loop runs the same code without it. */
static uint64_t loop_empty(void)
{
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++)
		__asm__ volatile("" ::: "memory");
	return now() - t0;
}

static uint64_t loop_hvc(void)
{
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++) {
		register uint64_t x0 __asm__("x0") = 0xffff; /* not a hypercall: -ENOSYS */

		__asm__ volatile("hvc #0x4856" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	}
	return now() - t0;
}

/*
 * A hypercall that fails its argument check: CONFIG_CHECK of an address outside the
 * zone (the hypervisor's image), -EFAULT and a rate-limited warning. The warnings the
 * window allows are used up first, so every timed call takes the suppressed path.
 */
static uint64_t hvc_bad_pointer(void)
{
	register uint64_t x0 __asm__("x0") = 6; /* HVISOR_HC_CONFIG_CHECK */
	register uint64_t x1 __asm__("x1") = 0x40400000;

	__asm__ volatile("hvc #0x4856" : "+r"(x0), "+r"(x1) : : "x2", "x3", "memory");
	return x0;
}

static uint64_t loop_hvc_bad(void)
{
	uint64_t t0;

	for (unsigned int i = 0; i < 64; i++)
		hvc_bad_pointer();
	t0 = now();
	for (unsigned int i = 0; i < ITERS; i++)
		hvc_bad_pointer();
	return now() - t0;
}

static uint64_t loop_gicd_read(unsigned int off)
{
	volatile uint32_t *reg = (volatile uint32_t *)(GICD + off);
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++)
		(void)*reg;
	return now() - t0;
}

/* Set-enable of an IRQ the zone owns: checked against its bitmap, written to the GIC. */
static uint64_t loop_isenabler_write(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)(GICD + GICD_ISENABLER1);
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++)
		*reg = OWNED_SPI_BIT;
	return now() - t0;
}

/*
 * PSCI_VERSION, the cheapest PSCI call, over HVC and over SMC (both trap to EL2). One
 * loop per instruction: a test inside the timed loop would add to the figure.
 */
#define PSCI_LOOP(name, insn)                                                                      \
	static uint64_t name(void)                                                                 \
	{                                                                                          \
		uint64_t t0 = now();                                                               \
                                                                                                   \
		for (unsigned int i = 0; i < ITERS; i++) {                                         \
			register uint64_t x0 __asm__("x0") = PSCI_VERSION;                         \
                                                                                                   \
			__asm__ volatile(insn : "+r"(x0) : : "x1", "x2", "x3", "memory");          \
		}                                                                                  \
		return now() - t0;                                                                 \
	}
PSCI_LOOP(loop_psci_hvc, "hvc #0")
PSCI_LOOP(loop_psci_smc, "smc #0")

static uint64_t loop_sgi(void)
{
	/* SGI 1 to this CPU (Aff0 0, TargetList bit 0); IRQs stay masked, so it stays pending. */
	uint64_t v = (1ULL << 24) | 1;
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++)
		__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(v) : "memory");
	return now() - t0;
}

/* This CPU's interface and its redistributor gicr: the interrupts in enable on. */
static void gic_init(uintptr_t gicr, uint32_t enable)
{
	volatile uint32_t *waker = (volatile uint32_t *)(gicr + GICR_WAKER);

	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* ICC_SRE_EL1.SRE */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	*waker = 0;
	for (uint32_t i = 0; i < 32; i++)
		if (enable & (1u << i))
			*(volatile uint8_t *)(gicr + GICR_IPRIORITYR0 + i) = 0x80;
	*(volatile uint32_t *)(gicr + GICR_ISENABLER0) = enable;
	isb();
}

/*
 * Native: nobody set the distributor up. Affinity routing and Group 1 on (one security
 * state), the timer PPI and the UART's SPI in Group 1, the SPI routed to this CPU:
 * what the hypervisor does for its zones.
 */
static void gic_init_native(void)
{
	*(volatile uint32_t *)(GICD + GICD_CTLR) = 1u << 4;		  /* ARE */
	*(volatile uint32_t *)(GICD + GICD_CTLR) = (1u << 4) | (1u << 1); /* + EnableGrp1 */
	*(volatile uint32_t *)(GICD + GICD_IGROUPR1) = ~0u;
	*(volatile uint64_t *)(GICD + GICD_IROUTER + 8 * SPI_UART) = 0;
	*(volatile uint32_t *)(GICR0 + GICR_IGROUPR0) = ~0u;
	isb();
}

extern char bench_vectors[];

/* Until the handler counted one more interrupt, or the limit: false (reported) then. */
static bool took(volatile unsigned int *count, unsigned int before, uint64_t limit,
		 const char *what)
{
	while (*count == before && now() < limit)
		;
	if (*count != before)
		return true;
	guest_printf("BENCH-ERROR %s: no interrupt\n", what);
	return false;
}

/* Deadline to handler: the timer fires at CVAL; the handler reads CNTVCT first thing. */
static void bench_timer(void)
{
	uint64_t sum = 0, n = 0;

	write_sysreg(vbar_el1, bench_vectors);
	isb();
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned int i = 0; i < TIMER_ITERS; i++) {
		/* Vary the phase against the 16-instruction tick so the average is unbiased. */
		uint64_t deadline = now() + 50 + (i % 7);
		unsigned int before = irqs;
		uint64_t limit = deadline + 100000;

		write_sysreg(cntv_cval_el0, deadline);
		write_sysreg(cntv_ctl_el0, 1);
		isb();
		if (!took(&irqs, before, limit, "timer"))
			return;
		sum += irq_at - deadline;
		n++;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	report("timer-irq", sum, n);
}

/*
 * An SPI the zone owns, passed through: the PL011's transmit interrupt, whose raw status
 * QEMU keeps set once a byte went out (the hypervisor's console printed), is unmasked at
 * t0; the handler reads CNTVCT first thing and masks it again.
 */
static void bench_spi(void)
{
	volatile uint32_t *imsc = (volatile uint32_t *)(UART + UART_IMSC);
	uint64_t sum = 0, n = 0;

	*(volatile uint32_t *)(GICD + GICD_ISENABLER1) = 1u << (SPI_UART - 32);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned int i = 0; i < TIMER_ITERS; i++) {
		unsigned int before = spis;
		uint64_t t0, limit;

		/* The same phase variation against the counter tick as the timer's. */
		for (unsigned int k = 0; k < i % 7; k++)
			__asm__ volatile("nop");
		t0 = now();
		*imsc = UART_IMSC_TX;
		limit = t0 + 100000;
		if (!took(&spis, before, limit, "spi")) {
			*imsc = 0;
			break;
		}
		sum += spi_at - t0;
		n++;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	*(volatile uint32_t *)(GICD + GICD_ICENABLER1) = 1u << (SPI_UART - 32);
	if (n)
		report("spi-irq", sum, n);
}

/*
 * CPU 1 (PSCI CPU_ON from bench_sgi_other): answers each ping in bench_irq and sleeps in
 * WFI in between. Under icount QEMU runs one vCPU at a time and moves to the next when
 * the running one sleeps, so CPU 1 runs only between CPU 0's WFI and its own.
 */
void secondary_main(uint64_t ctx)
{
	(void)ctx;
	write_sysreg(vbar_el1, bench_vectors);
	gic_init(GICR1, 1u << SGI_PING);
	cpu1_up = 1;
	__asm__ volatile("dsb sy; sev" ::: "memory");
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

/* SGI writes to CPU 1 (Aff0 1, TargetList bit 1), with this CPU's interrupts masked. */
static uint64_t loop_sgi_other(void)
{
	uint64_t v = ((uint64_t)SGI_PING << 24) | 2;
	uint64_t t0 = now();

	for (unsigned int i = 0; i < ITERS; i++)
		__asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(v) : "memory");
	return now() - t0;
}

/*
 * From the SGI write on CPU 0 to the first instruction of CPU 1's IRQ handler reading
 * CNTVCT: CPU 0 writes, then sleeps in WFI (so that QEMU runs CPU 1) until CPU 1's answer
 * wakes it. A delay of 0-6 loop turns before each write varies the phase against the
 * 16-instruction tick so the average is unbiased.
 */
static void bench_sgi_latency(void)
{
	uint64_t v = ((uint64_t)SGI_PING << 24) | 2, sum = 0;

	for (unsigned int i = 0; i < SGI_WARMUP + SGI_ITERS; i++) {
		unsigned int ping0 = pings, pong0 = pongs;
		uint64_t t0, limit;

		for (unsigned int d = i % 7; d; d--)
			__asm__ volatile("" ::: "memory");
		/*
		 * The WFI right after the write (what lies between counts: CPU 1 runs after
		 * it), masked from before, so that an answer that came first still ends the
		 * WFI at once. The answer is taken when unmasked.
		 */
		__asm__ volatile("msr daifset, #2" ::: "memory");
		t0 = now();
		__asm__ volatile("msr S3_0_C12_C11_5, %0; wfi" : : "r"(v) : "memory");
		limit = now() + 100000;
		for (;;) {
			__asm__ volatile("msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
			if (pongs != pong0 || now() > limit)
				break;
			__asm__ volatile("wfi" ::: "memory");
		}
		__asm__ volatile("msr daifclr, #2" ::: "memory");
		if (i < SGI_WARMUP)
			continue; /* the answers to loop_sgi_other's pings may still come in */
		if (pings != ping0 + 1) {
			guest_printf("BENCH-ERROR sgi: CPU 1 took %u pings for one\n",
				     pings - ping0);
			return;
		}
		sum += ping_at - t0;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	report("sgi-other-irq", sum, SGI_ITERS);
}

static void bench_sgi_other(void)
{
	uint64_t limit;

	if (guest_smc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)guest_secondary_entry, 0)) {
		guest_printf("BENCH-ERROR sgi: CPU_ON of CPU 1 failed\n");
		return;
	}
	/* WFE: QEMU runs CPU 1 only when this one sleeps or yields. */
	for (limit = now() + 10000000; !cpu1_up && now() < limit;)
		__asm__ volatile("wfe" ::: "memory");
	if (!cpu1_up) {
		guest_printf("BENCH-ERROR sgi: CPU 1 did not come up\n");
		return;
	}
	report("sgi1r-other", loop_sgi_other(), ITERS);
	bench_sgi_latency();
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	(void)dtb;
	if (GUEST_PARAMS[0] == BENCH_NATIVE) {
		/* The same interrupt measurements with no hypervisor: the reference. */
		gic_init_native();
		gic_init(GICR0, 1u << PPI_VTIMER);
		guest_printf("BENCH freq %u\n", read_sysreg(cntfrq_el0));
		report("empty", loop_empty(), ITERS);
		bench_timer();
		bench_spi();
		guest_puts("BENCH done\n");
		guest_hvc(0x84000008, 0, 0, 0); /* PSCI SYSTEM_OFF: QEMU's conduit is HVC here */
		return;
	}
	gic_init(GICR0, 1u << PPI_VTIMER | 1u << SGI_PONG);
	guest_printf("BENCH freq %u\n", read_sysreg(cntfrq_el0));
	report("empty", loop_empty(), ITERS);
	report("hvc", loop_hvc(), ITERS);
	report("hvc-bad", loop_hvc_bad(), ITERS);
	report("gicd-typer", loop_gicd_read(GICD_TYPER), ITERS);
	report("gicd-ctlr", loop_gicd_read(GICD_CTLR), ITERS);
	report("gicd-isenabler", loop_gicd_read(GICD_ISENABLER1), ITERS);
	report("gicd-isenabler-w", loop_isenabler_write(), ITERS);
	report("psci-hvc", loop_psci_hvc(), ITERS);
	report("psci-smc", loop_psci_smc(), ITERS);
	report("sgi1r", loop_sgi(), ITERS);
	bench_timer();
	bench_spi();
	bench_sgi_other();
	guest_puts("BENCH done\n");
	guest_smc(0x84000008, 0, 0, 0);
}
