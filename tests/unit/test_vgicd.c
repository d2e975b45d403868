// SPDX-License-Identifier: GPL-2.0
/*
 * The GICv3 distributor emulation (arch/aarch64/gic/gicv3/vgicd.c) against a fake distributor: a
 * zeroed 64 KiB host buffer that gicv3_gicd_base points at (io_* are plain volatile loads
 * and stores, so host memory plays the device). The zone owns SPIs 33 and 35 and INTID 64
 * and runs on CPUs 0 and 1 of the QEMU board (MPIDRs 0..3). Checked: what a guest access
 * leaves in the fake, what it reads back, and what is logged.
 */
// clang-format off
// sources: arch/aarch64/gic/gicv3/vgicd.c arch/aarch64/gic/vgicd_spi.c arch/aarch64/gic/vgic_lr.c core/mmio.c core/printf.c core/dt_names.c core/board_cpu.c core/ratelimit.c platform/aarch64/qemu-gicv3/board.c
// clang-format on
#include "unit.h"
#include "log_collect.h"
#include "arch_hooks.h"
#include "arch/gicv3.h"
#include "arch/ich.h"
#include "arch/irqchip.h"
#include "arch/time.h"
#include "arch/vgic.h"
#include "board.h"
#include "util.h"
#include "dt_names.h"
#include "percpu.h"
#include "zone.h"
#include "arch/vgicd_fast.h" /* after zone.h */

/* The GICv3 driver's distributor base, which vgicd.c uses: here it points at the fake. */
paddr_t gicv3_gicd_base;

/* ---- what vgicd.c and vgic_lr.c call: locks, this CPU, its list registers ---- */

void spin_lock(spinlock_t *l)
{
	(void)l;
}

void spin_unlock(spinlock_t *l)
{
	(void)l;
}

/* The CPU the accesses come from, with 4 list registers and the HCR. */
static struct percpu fake_cpu;
static u64 fake_lr[4], fake_hcr;
static u32 deact[16]; /* ich_deactivate_physical calls */
static unsigned int nr_deact;

/* The rate limiter's clock: a new 5 s window on every call, so no warning is dropped. */
u64 arch_counter(void)
{
	static u64 t;

	return t += 5000000;
}

/* 1 MHz: each call above moves the clock 5 s. */
u64 arch_counter_freq(void)
{
	return 1000000;
}

void *arch_percpu_base(void)
{
	return &fake_cpu;
}

void irqchip_send_hv_ipi(const struct percpu *target)
{
	(void)target;
	fail_msg("the distributor emulation sent an IPI");
}

void arch_irqchip_raise(u32 intid)
{
	(void)intid;
	fail_msg("the distributor emulation raised an SPI by software");
}

u64 ich_read_lr(unsigned int n)
{
	assert_true(n < 4);
	return fake_lr[n];
}

void ich_write_lr(unsigned int n, u64 v)
{
	assert_true(n < 4);
	fake_lr[n] = v;
}

/* A list register is free when its state is invalid (00). */
u64 ich_read_elrsr(void)
{
	u64 e = 0;

	for (unsigned int i = 0; i < 4; i++)
		if (!(fake_lr[i] & ICH_LR_STATE_MASK))
			e |= 1ULL << i;
	return e;
}

u64 ich_read_hcr(void)
{
	return fake_hcr;
}

void ich_write_hcr(u64 v)
{
	fake_hcr = v;
}

unsigned int ich_nr_lrs(void)
{
	return 4;
}

void ich_deactivate_physical(u32 intid)
{
	assert_true(nr_deact < ARRAY_SIZE(deact));
	deact[nr_deact++] = intid;
}

/* ---- the fake distributor and the zone ---- */

#define GICD_SIZE	  0x10000
#define SENTINEL32	  0x5a5a5a5au
#define IROUTER_OF(intid) (GICD_IROUTER + 8ULL * (intid))
#define IRM		  (1ULL << 31)
#define FAKE_ITLINES	  8 /* GICD_TYPER.ITLinesNumber: INTIDs 0..287 exist */
#define FAKE_LINES	  288

static u8 *gicd;
static struct zone *zone;

static u32 fake32(u64 off)
{
	u32 v;

	memcpy(&v, gicd + off, 4);
	return v;
}

static void fake_set32(u64 off, u32 v)
{
	memcpy(gicd + off, &v, 4);
}

static u64 fake64(u64 off)
{
	u64 v;

	memcpy(&v, gicd + off, 8);
	return v;
}

static void fake_set64(u64 off, u64 v)
{
	memcpy(gicd + off, &v, 8);
}

static void own(struct zone *z, u32 intid)
{
	z->cfg.interrupts_bitmap[intid / 32] |= 1u << (intid % 32);
}

static int setup(void **state)
{
	(void)state;
	gicd = aligned_alloc(GICD_SIZE, GICD_SIZE);
	assert_non_null(gicd);
	memset(gicd, 0, GICD_SIZE);
	gicv3_gicd_base = (paddr_t)(uintptr_t)gicd;
	fake_set32(GICD_TYPER, FAKE_ITLINES); /* 288 INTIDs, as QEMU virt's */
	zone = calloc(1, sizeof(*zone));
	assert_non_null(zone);
	zone->state = ZONE_RUNNING;
	zone->id = 0;
	zone->cpus = 0x3;
	own(zone, 33);
	own(zone, 35);
	own(zone, 64);
	memset(&fake_cpu, 0, sizeof(fake_cpu));
	memset(fake_lr, 0, sizeof(fake_lr));
	fake_hcr = ICH_HCR_EN_BIT;
	nr_deact = 0;
	fake_cpu.zone = zone;
	fake_cpu.arch.vgic.nr_lrs = 4;
	dt_names_clear();
	log_reset();
	return 0;
}

static int teardown(void **state)
{
	free(zone);
	free(gicd);
	zone = NULL;
	gicd = NULL;
	return unit_ub_check(state);
}

#define CASE(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

/* A guest read: the value starts as garbage so a handler that forgets to set it shows. */
static u64 rd_z(struct zone *z, u64 off, unsigned int size)
{
	struct mmio_access a = { .offset = off, .value = 0xdeadbeefcafef00dULL, .size = size };

	assert_int_equal(vgicd_access(z, &a, NULL), 0);
	return a.value;
}

static void wr_z(struct zone *z, u64 off, u64 v, unsigned int size)
{
	struct mmio_access a = { .offset = off, .value = v, .size = size, .write = true };

	assert_int_equal(vgicd_access(z, &a, NULL), 0);
}

static u64 rd(u64 off, unsigned int size)
{
	return rd_z(zone, off, size);
}

static void wr(u64 off, u64 v, unsigned int size)
{
	wr_z(zone, off, v, size);
}

/* Owned bits of the word holding INTIDs 32..63 (33, 35) and 64..95 (64). */
#define OWN_W1 ((1u << 1) | (1u << 3))
#define OWN_W2 (1u << 0)

/* ---- one bit per interrupt: ISENABLER .. ICACTIVER ---- */

static void test_enable_writes_reach_gic_for_owned_bits_only(void **state)
{
	static const u64 regs[] = { GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR,
				    GICD_ICPENDR,   GICD_ISACTIVER, GICD_ICACTIVER };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++) {
		wr(regs[i] + 4, 0xffffffff, 4);
		assert_int_equal(fake32(regs[i] + 4), OWN_W1);
		wr(regs[i] + 8, 0xffffffff, 4);
		assert_int_equal(fake32(regs[i] + 8), OWN_W2);
		/* A word with no owned interrupt: the distributor is not written at all. */
		fake_set32(regs[i] + 12, SENTINEL32);
		wr(regs[i] + 12, 0xffffffff, 4);
		assert_int_equal(fake32(regs[i] + 12), SENTINEL32);
		/* Only unowned bits of a word with owned ones: not written either. */
		fake_set32(regs[i] + 4, SENTINEL32);
		wr(regs[i] + 4, 1u << 2, 4);
		assert_int_equal(fake32(regs[i] + 4), SENTINEL32);
		/* Mixed: exactly value & mask. */
		wr(regs[i] + 4, (1u << 1) | (1u << 2) | (1u << 30), 4);
		assert_int_equal(fake32(regs[i] + 4), 1u << 1);
	}
}

static void test_enable_reads_masked(void **state)
{
	(void)state;
	fake_set32(GICD_ISENABLER + 4, 0xffffffff);
	fake_set32(GICD_ISENABLER + 8, 0xffffffff);
	fake_set32(GICD_ISENABLER + 12, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), OWN_W1);
	assert_int_equal(rd(GICD_ISENABLER + 8, 4), OWN_W2);
	assert_int_equal(rd(GICD_ISENABLER + 12, 4), 0);
	fake_set32(GICD_ICACTIVER + 4, 1u << 3);
	assert_int_equal(rd(GICD_ICACTIVER + 4, 4), 1u << 3);
	fake_set32(GICD_ISPENDR + 4, 1u << 2);
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 0);
}

/* With affinity routing, word 0 (SGIs and PPIs) of these registers is RAZ/WI. */
static void test_word0_raz_wi(void **state)
{
	(void)state;
	own(zone, 27); /* even an owned PPI stays out of the distributor */
	for (u64 reg = GICD_ISENABLER; reg <= GICD_ICACTIVER; reg += 0x80) {
		fake_set32(reg, 0xffffffff);
		assert_int_equal(rd(reg, 4), 0);
		fake_set32(reg, SENTINEL32);
		wr(reg, 0xffffffff, 4);
		assert_int_equal(fake32(reg), SENTINEL32);
	}
}

/*
 * A write to GICD_ISENABLER0 is ignored (RAZ/WI with affinity routing), whichever zone
 * owns what: telling the user to "add 0 to the zone's IRQs" for an SGI is advice that
 * cannot help.
 */
static void test_word0_write_does_not_blame_sgis(void **state)
{
	(void)state;
	wr(GICD_ISENABLER, 0x1, 4);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "enables IRQ 0"), 0);
}

/* ---- IPRIORITYR ---- */

static void test_priority_byte_access(void **state)
{
	(void)state;
	memset(gicd + GICD_IPRIORITYR, 0x77, 128);
	wr(GICD_IPRIORITYR + 33, 0x80, 1);
	assert_int_equal(gicd[GICD_IPRIORITYR + 33], 0x80);
	assert_int_equal(zone->arch.vgic.prio[33], 0x80);
	assert_int_equal(rd(GICD_IPRIORITYR + 33, 1), 0x80);
	/* Unowned: not written, reads 0. */
	wr(GICD_IPRIORITYR + 34, 0x40, 1);
	assert_int_equal(gicd[GICD_IPRIORITYR + 34], 0x77);
	assert_int_equal(zone->arch.vgic.prio[34], 0);
	assert_int_equal(rd(GICD_IPRIORITYR + 34, 1), 0);
	/* SGIs and PPIs live in the redistributor: RAZ/WI here. */
	own(zone, 20);
	wr(GICD_IPRIORITYR + 20, 0x10, 1);
	assert_int_equal(gicd[GICD_IPRIORITYR + 20], 0x77);
	assert_int_equal(rd(GICD_IPRIORITYR + 20, 1), 0);
	wr(GICD_IPRIORITYR + 64, 0xe0, 1);
	assert_int_equal(gicd[GICD_IPRIORITYR + 64], 0xe0);
	assert_int_equal(gicd[GICD_IPRIORITYR + 65], 0x77);
	LOG_EXPECT(log_lines.n, 0);
}

static void test_priority_word_access(void **state)
{
	(void)state;
	memset(gicd + GICD_IPRIORITYR, 0x77, 128);
	/* INTIDs 32..35: 33 and 35 owned. */
	wr(GICD_IPRIORITYR + 32, 0x44332211, 4);
	assert_int_equal(fake32(GICD_IPRIORITYR + 32), 0x44772277);
	assert_int_equal(rd(GICD_IPRIORITYR + 32, 4), 0x44002200);
	assert_int_equal(zone->arch.vgic.prio[33], 0x22);
	assert_int_equal(zone->arch.vgic.prio[35], 0x44);
	assert_int_equal(zone->arch.vgic.prio[32], 0);
	/* Reads come from the zone's shadow, not from the distributor. */
	gicd[GICD_IPRIORITYR + 33] = 0x99;
	assert_int_equal(rd(GICD_IPRIORITYR + 33, 1), 0x22);
	assert_int_equal(rd(GICD_IPRIORITYR + 32, 4), 0x44002200);
	/* A misaligned word is no IPRIORITYR access: logged and ignored. */
	wr(GICD_IPRIORITYR + 33, 0xffffffff, 4);
	assert_int_equal(zone->arch.vgic.prio[33], 0x22);
	assert_int_equal(zone->arch.vgic.prio[35], 0x44);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "GICD write of 4 bytes at offset 0x421", "dropped"), 1);
}

/* ---- ICFGR: only owned SPIs' edge bit (the upper bit of each pair) ---- */

static void test_config_edge_bit_of_owned_only(void **state)
{
	const u32 mask1 = (2u << 2) | (2u << 6); /* 33, 35 in ICFGR2 (INTIDs 32..47) */

	(void)state;
	fake_set32(GICD_ICFGR + 8, 0x55555555);
	wr(GICD_ICFGR + 8, 0xffffffff, 4);
	assert_int_equal(fake32(GICD_ICFGR + 8), 0x55555555 | mask1);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), mask1);
	wr(GICD_ICFGR + 8, 0, 4);
	assert_int_equal(fake32(GICD_ICFGR + 8), 0x55555555);
	assert_int_equal(rd(GICD_ICFGR + 8, 4), 0);
	/* INTID 64: ICFGR4, pair 0. */
	fake_set32(GICD_ICFGR + 16, 0);
	wr(GICD_ICFGR + 16, 0xffffffff, 4);
	assert_int_equal(fake32(GICD_ICFGR + 16), 2u);
	/* Nothing owned (INTIDs 48..63) and SGIs/PPIs (ICFGR0/1): RAZ/WI. */
	for (u64 off = 0; off <= 12; off += 4) {
		if (off == 8)
			continue;
		fake_set32(GICD_ICFGR + off, SENTINEL32);
		wr(GICD_ICFGR + off, 0xffffffff, 4);
		assert_int_equal(fake32(GICD_ICFGR + off), SENTINEL32);
		assert_int_equal(rd(GICD_ICFGR + off, 4), 0);
	}
}

/* ---- IROUTER ---- */

static void test_irouter_64bit(void **state)
{
	(void)state;
	fake_set64(IROUTER_OF(33), 0xffffffffffffffffULL);
	wr(IROUTER_OF(33), 0x1, 8); /* CPU 1: in the zone */
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[1]);
	assert_int_equal(rd(IROUTER_OF(33), 8), 0x1);
	wr(IROUTER_OF(33), 0x2, 8); /* CPU 2: outside: the zone's first CPU */
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[0]);
	assert_int_equal(rd(IROUTER_OF(33), 8), 0x2);
	wr(IROUTER_OF(33), 0x1, 8);
	wr(IROUTER_OF(33), IRM | 0x1, 8); /* any CPU: the zone's first CPU */
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[0]);
	assert_int_equal(rd(IROUTER_OF(33), 8), IRM | 0x1);
	/* An MPIDR no CPU has (Aff3 = 1): the first CPU. */
	wr(IROUTER_OF(64), 0x100000001ULL, 8);
	assert_int_equal(fake64(IROUTER_OF(64)), board.mpidr[0]);
	assert_int_equal(rd(IROUTER_OF(64), 8), 0x100000001ULL);
	/* Only Aff3..Aff0 and IRM are kept. */
	wr(IROUTER_OF(35), 0xffffffffffffffffULL, 8);
	assert_int_equal(rd(IROUTER_OF(35), 8), 0xff80ffffffULL);
	assert_int_equal(fake64(IROUTER_OF(35)), board.mpidr[0]);
}

static void test_irouter_first_cpu_of_other_zone(void **state)
{
	(void)state;
	zone->cpus = 0x6; /* CPUs 1 and 2 */
	wr(IROUTER_OF(33), 0x0, 8);
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[1]);
	wr(IROUTER_OF(33), 0x2, 8);
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[2]);
	wr(IROUTER_OF(33), IRM, 8);
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[1]);
	wr(IROUTER_OF(33), 0x3, 8);
	assert_int_equal(fake64(IROUTER_OF(33)), board.mpidr[1]);
}

static void test_irouter_32bit_halves(void **state)
{
	(void)state;
	wr(IROUTER_OF(35), 0x1, 4);
	assert_int_equal(fake64(IROUTER_OF(35)), board.mpidr[1]);
	assert_int_equal(rd(IROUTER_OF(35), 4), 0x1);
	assert_int_equal(rd(IROUTER_OF(35) + 4, 4), 0);
	/* Aff3 = 1 in the upper half: no such CPU now. */
	wr(IROUTER_OF(35) + 4, 0x1, 4);
	assert_int_equal(fake64(IROUTER_OF(35)), board.mpidr[0]);
	assert_int_equal(rd(IROUTER_OF(35), 8), 0x100000001ULL);
	assert_int_equal(rd(IROUTER_OF(35) + 4, 4), 0x1);
	assert_int_equal(rd(IROUTER_OF(35), 4), 0x1);
	wr(IROUTER_OF(35) + 4, 0, 4);
	assert_int_equal(fake64(IROUTER_OF(35)), board.mpidr[1]);
	/* IRM through the lower half, keeping the upper one. */
	wr(IROUTER_OF(35) + 4, 0x1, 4);
	wr(IROUTER_OF(35), IRM, 4);
	assert_int_equal(rd(IROUTER_OF(35), 8), 0x100000000ULL | IRM);
	assert_int_equal(fake64(IROUTER_OF(35)), board.mpidr[0]);
	/* A 64-bit access to the upper half is not an access to any register. */
	fake_set64(IROUTER_OF(35), 0x1234);
	wr(IROUTER_OF(35) + 4, 0x1, 8);
	assert_int_equal(fake64(IROUTER_OF(35)), 0x1234);
	assert_int_equal(rd(IROUTER_OF(35) + 4, 8), 0);
}

static void test_irouter_unowned_raz_wi(void **state)
{
	(void)state;
	for (u32 intid = 0; intid < 40; intid++) {
		if (intid == 33 || intid == 35)
			continue;
		fake_set64(IROUTER_OF(intid), 0xabcdULL);
		wr(IROUTER_OF(intid), 0x1, 8);
		wr(IROUTER_OF(intid), 0x1, 4);
		assert_int_equal(fake64(IROUTER_OF(intid)), 0xabcdULL);
		assert_int_equal(rd(IROUTER_OF(intid), 8), 0);
		assert_int_equal(rd(IROUTER_OF(intid), 4), 0);
	}
	/* Byte accesses are not IROUTER accesses either. */
	wr(IROUTER_OF(33), 0x1, 1);
	assert_int_equal(fake64(IROUTER_OF(33)), 0);
	assert_int_equal(rd(IROUTER_OF(33), 1), 0);
}

/* ---- CTLR, TYPER, ID registers, IGROUPR ---- */

static void test_ctlr_is_the_zones_view(void **state)
{
	(void)state;
	fake_set32(GICD_CTLR, 0);
	assert_int_equal(rd(GICD_CTLR, 4), GICD_CTLR_ARE);
	wr(GICD_CTLR, 0xffffffff, 4);
	assert_int_equal(fake32(GICD_CTLR), 0);
	assert_int_equal(rd(GICD_CTLR, 4), GICD_CTLR_ARE | 0x3);
	wr(GICD_CTLR, GICD_CTLR_ENABLE_G1, 4);
	assert_int_equal(rd(GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	/* The physical DS bit shows through; RWP and the physical enables do not. */
	fake_set32(GICD_CTLR, GICD_CTLR_RWP | (1u << 6) | 0x3);
	assert_int_equal(rd(GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | (1u << 6));
	wr(GICD_CTLR, 0, 4);
	assert_int_equal(fake32(GICD_CTLR), GICD_CTLR_RWP | (1u << 6) | 0x3);
	assert_int_equal(rd(GICD_CTLR, 4), GICD_CTLR_ARE | (1u << 6));
}

static void test_typer_hides_lpis_and_mbis(void **state)
{
	(void)state;
	fake_set32(GICD_TYPER, 0xffffffff);
	assert_int_equal(rd(GICD_TYPER, 4), 0xfffcffff);
	fake_set32(GICD_TYPER, 0x0037801f);
	assert_int_equal(rd(GICD_TYPER, 4), 0x0034801f);
	wr(GICD_TYPER, 0, 4);
	assert_int_equal(fake32(GICD_TYPER), 0x0037801f);
}

static void test_id_registers_pass_through(void **state)
{
	static const u64 regs[] = { GICD_IIDR, 0x000c /* TYPER2 */, GICD_PIDR2, 0xffd0, 0xfffc };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++) {
		fake_set32(regs[i], 0x43b0 + (u32)i);
		assert_int_equal(rd(regs[i], 4), 0x43b0 + i);
		wr(regs[i], 0xffffffff, 4);
		assert_int_equal(fake32(regs[i]), 0x43b0 + i);
	}
	LOG_EXPECT(log_lines.n, 0);
}

static void test_igroupr_owned_read_as_group1(void **state)
{
	(void)state;
	memset(gicd + GICD_IGROUPR, 0, 0x80);
	assert_int_equal(rd(GICD_IGROUPR, 4), 0);
	assert_int_equal(rd(GICD_IGROUPR + 4, 4), OWN_W1);
	assert_int_equal(rd(GICD_IGROUPR + 8, 4), OWN_W2);
	assert_int_equal(rd(GICD_IGROUPR + 12, 4), 0);
	wr(GICD_IGROUPR + 4, 0, 4);
	assert_int_equal(fake32(GICD_IGROUPR + 4), 0);
	assert_int_equal(rd(GICD_IGROUPR + 4, 4), OWN_W1);
}

static void test_setspi_owned_only(void **state)
{
	(void)state;
	wr(0x0040, 35, 4);
	assert_int_equal(fake32(0x0040), 35);
	wr(0x0040, 34, 4);
	assert_int_equal(fake32(0x0040), 35);
	wr(0x0048, 64, 4);
	assert_int_equal(fake32(0x0048), 64);
	wr(0x0048, 5, 4);
	assert_int_equal(fake32(0x0048), 64);
	assert_int_equal(rd(0x0040, 4), 0);
}

/* Registers meaningless with affinity routing and one security state: silent RAZ/WI. */
static void test_legacy_registers_raz_wi(void **state)
{
	static const u64 regs[] = { 0x0010, 0x0800, 0x0820, 0x0bfc, 0x0d00, 0x0d7c,
				    0x0e00, 0x0efc, 0x0f00, 0x0f10, 0x0f20, 0x0f2c };

	(void)state;
	for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++) {
		fake_set32(regs[i], SENTINEL32);
		assert_int_equal(rd(regs[i], 4), 0);
		wr(regs[i], 0xffffffff, 4);
		assert_int_equal(fake32(regs[i]), SENTINEL32);
	}
	LOG_EXPECT(log_lines.n, 0);
}

/* ---- interrupts this CPU holds for the guest (list registers, waiting) ---- */

#define LR_HW(intid, state)                                                                        \
	((u64)(intid) | ((u64)(intid) << ICH_LR_PINTID_SHIFT) | ICH_LR_HW | ICH_LR_GROUP1 |        \
	 (0xa0ULL << ICH_LR_PRIO_SHIFT) | (state))

/*
 * The physical distributor shows an interrupt the hypervisor acknowledged as active; the
 * guest sees its own copy: pending while its list register is pending.
 */
static void test_pending_active_reads_see_held_copy(void **state)
{
	(void)state;
	fake_lr[2] = LR_HW(33, ICH_LR_PENDING);
	fake_lr[0] = LR_HW(35, ICH_LR_ACTIVE);
	fake_set32(GICD_ISPENDR + 4, 0);
	fake_set32(GICD_ISACTIVER + 4, (1u << 1) | (1u << 3));
	assert_int_equal(rd(GICD_ISPENDR + 4, 4), 1u << 1);
	assert_int_equal(rd(GICD_ICPENDR + 4, 4), 1u << 1);
	assert_int_equal(rd(GICD_ISACTIVER + 4, 4), 1u << 3);
	assert_int_equal(rd(GICD_ICACTIVER + 4, 4), 1u << 3);
	/* Enables are not held state: the physical value. */
	fake_set32(GICD_ISENABLER + 4, 1u << 3);
	assert_int_equal(rd(GICD_ISENABLER + 4, 4), 1u << 3);
	/* Waiting for a list register counts as pending. */
	fake_cpu.arch.vgic.pend[1] = 1ULL << 0; /* INTID 64 */
	fake_cpu.arch.vgic.pend_hw[1] = 1ULL << 0;
	fake_cpu.arch.vgic.nr_pend = 1;
	fake_set32(GICD_ISACTIVER + 8, 1u << 0);
	assert_int_equal(rd(GICD_ISPENDR + 8, 4), 1u << 0);
	assert_int_equal(rd(GICD_ISACTIVER + 8, 4), 0);
}

/* Disabled while pending here: the copy is dropped and the physical one pended again. */
static void test_disable_while_held_repends(void **state)
{
	(void)state;
	fake_lr[1] = LR_HW(33, ICH_LR_PENDING);
	fake_set32(GICD_ISPENDR + 4, 0);
	wr(GICD_ICENABLER + 4, 1u << 1, 4);
	assert_int_equal(fake32(GICD_ICENABLER + 4), 1u << 1);
	assert_false(fake_lr[1] & ICH_LR_STATE_MASK);
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	assert_int_equal(fake32(GICD_ISPENDR + 4), 1u << 1);
	/* Nothing held: only the distributor is written. */
	fake_set32(GICD_ISPENDR + 4, 0);
	wr(GICD_ICENABLER + 4, 1u << 3, 4);
	assert_int_equal(nr_deact, 1);
	assert_int_equal(fake32(GICD_ISPENDR + 4), 0);
}

static void test_clear_pending_and_active_act_on_held_copy(void **state)
{
	(void)state;
	fake_lr[0] = LR_HW(33, ICH_LR_PENDING);
	fake_lr[3] = LR_HW(35, ICH_LR_ACTIVE);
	fake_set32(GICD_ISPENDR + 4, 0);
	wr(GICD_ICPENDR + 4, 1u << 1, 4);
	assert_false(fake_lr[0] & ICH_LR_STATE_MASK);
	assert_int_equal(nr_deact, 1);
	assert_int_equal(deact[0], 33);
	assert_int_equal(fake32(GICD_ISPENDR + 4), 0); /* not pended again */
	wr(GICD_ICACTIVER + 4, 1u << 3, 4);
	assert_false(fake_lr[3] & ICH_LR_STATE_MASK);
	assert_int_equal(nr_deact, 2);
	assert_int_equal(deact[1], 35);
	/* An unowned INTID in a list register (say a vSGI number) is left alone. */
	fake_lr[1] = (u64)34 | ICH_LR_GROUP1 | ICH_LR_PENDING;
	wr(GICD_ICPENDR + 4, 1u << 2, 4);
	assert_int_equal(fake_lr[1] & ICH_LR_STATE_MASK, ICH_LR_PENDING);
}

/* ---- what is logged ---- */

static void test_unknown_offset_reads_zero_and_warns(void **state)
{
	(void)state;
	fake_set32(0x5000, SENTINEL32);
	assert_int_equal(rd(0x5000, 4), 0);
	LOG_EXPECT(log_lines.n, 1);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0", "unknown offset 0x5000", "reads as 0"), 1);
	wr(0x5000, 0x1, 4);
	assert_int_equal(fake32(0x5000), SENTINEL32);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "write", "unknown offset 0x5000", "ignored"), 1);
}

static void test_wrong_size_reads_zero_and_warns(void **state)
{
	(void)state;
	fake_set32(GICD_ISENABLER + 4, 0xffffffff);
	assert_int_equal(rd(GICD_ISENABLER + 4, 2), 0);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0", "read of 2 bytes", "offset 0x104"), 1);
	fake_set32(GICD_ISENABLER + 4, SENTINEL32);
	wr(GICD_ISENABLER + 4, 0xffff, 2);
	wr(GICD_ISENABLER + 4, 0xff, 1);
	assert_int_equal(fake32(GICD_ISENABLER + 4), SENTINEL32);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "write of 1 bytes", "offset 0x104"), 1);
	/* Misaligned word. */
	assert_int_equal(rd(GICD_ISENABLER + 6, 4), 0);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "offset 0x106"), 1);
	/* Even CTLR and TYPER need 32 bits. */
	fake_set32(GICD_TYPER, 0xffffffff);
	assert_int_equal(rd(GICD_TYPER, 8), 0);
	LOG_EXPECT(log_lines.n, 5);
}

static void test_unowned_enable_warns_once_with_dt_name(void **state)
{
	(void)state;
	dt_names_add_irq(34, "virtio_mmio@a000000");
	fake_set32(GICD_ISENABLER + 4, 0);
	wr(GICD_ISENABLER + 4, (1u << 2) | (1u << 1), 4);
	assert_int_equal(fake32(GICD_ISENABLER + 4), 1u << 1);
	LOG_EXPECT(log_lines.n, 1);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0 enables IRQ 34 (virtio_mmio@a000000)", "does not own",
			   "add 34 to the zone's IRQs"),
		   1);
	/* The same IRQ again: no second warning. */
	wr(GICD_ISENABLER + 4, 1u << 2, 4);
	LOG_EXPECT(log_lines.n, 1);
	/* Another one, with no DT name: no parentheses. */
	wr(GICD_ISENABLER + 4, 1u << 4, 4);
	LOG_EXPECT(log_lines.n, 2);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0 enables IRQ 36, which"), 1);
	/* Two at once: one line for both. */
	wr(GICD_ISENABLER + 12, (1u << 0) | (1u << 31), 4);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "enables IRQs 96, 127, which", "add them"), 1);
	LOG_EXPECT(log_lines.n, 3);
	/* Once per zone: another zone is told too. */
	{
		struct zone *z1 = calloc(1, sizeof(*z1));

		assert_non_null(z1);
		z1->id = 1;
		z1->cpus = 0x4;
		wr_z(z1, GICD_ISENABLER + 4, 1u << 2, 4);
		LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 1 enables IRQ 34 (virtio_mmio@a000000)"), 1);
		free(z1);
	}
}

/* Other registers' writes for unowned IRQs are dropped without a warning. */
static void test_unowned_other_writes_do_not_warn(void **state)
{
	(void)state;
	wr(GICD_ICENABLER + 4, 1u << 2, 4);
	wr(GICD_ISPENDR + 4, 1u << 2, 4);
	wr(GICD_ICACTIVER + 4, 1u << 2, 4);
	LOG_EXPECT(log_count_level(LOG_WARN), 0);
}

/*
 * Linux's GIC driver starts by disabling and deactivating every SPI (all-ones writes to
 * each GICD_ICENABLERn and GICD_ICACTIVERn, gic_dist_config). When a driver of the zone
 * later enables an IRQ the zone does not own, that is the case the warning exists for: it
 * must still be given.
 */
static void test_unowned_enable_warns_after_linux_boot_disable(void **state)
{
	(void)state;
	for (u64 w = 1; w < 32; w++) {
		wr(GICD_ICACTIVER + 4 * w, 0xffffffff, 4);
		wr(GICD_ICENABLER + 4 * w, 0xffffffff, 4);
	}
	wr(GICD_ISENABLER + 4, 1u << 2, 4);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "zone 0 enables IRQ 34"), 1);
}

/*
 * A guest probing which interrupts exist writes all-ones to every GICD_ISENABLER word: one
 * line per write that names unowned INTIDs the distributor has, none for the INTIDs beyond
 * ITLinesNumber or the reserved 1020-1023, and the owned ones are enabled.
 */
static void test_all_ones_enable_probe_is_one_line_per_word(void **state)
{
	char beyond[16];

	(void)state;
	for (u64 w = 1; w < 32; w++)
		wr(GICD_ISENABLER + 4 * w, 0xffffffff, 4);
	assert_int_equal(fake32(GICD_ISENABLER + 4), (1u << 1) | (1u << 3));
	assert_int_equal(fake32(GICD_ISENABLER + 8), 1u << 0);
	LOG_EXPECT(log_count_level(LOG_WARN), FAKE_LINES / 32 - 1);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "enables IRQs 32, 34, 36", "more"), 1);
	snprintf(beyond, sizeof(beyond), "%u", FAKE_LINES);
	LOG_EXPECT(LOG_HAS(LOG_WARN, beyond), 0);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "1020"), 0);
	/* Again: every INTID was named already. */
	for (u64 w = 1; w < 32; w++)
		wr(GICD_ISENABLER + 4 * w, 0xffffffff, 4);
	LOG_EXPECT(log_count_level(LOG_WARN), FAKE_LINES / 32 - 1);
}

/* Widths the architecture does not give a register never reach the distributor. */
static void test_bad_widths_read_zero_and_write_nothing(void **state)
{
	(void)state;
	fake_set32(GICD_ISENABLER + 4, 0);
	wr(GICD_ISENABLER + 4, 0xff, 1);   /* byte write to a bit register */
	wr(GICD_ISENABLER + 4, 0xffff, 2); /* halfword */
	wr(GICD_ISENABLER + 4, ~0ULL, 8);  /* doubleword */
	assert_int_equal(fake32(GICD_ISENABLER + 4), 0);
	own(zone, 40);
	fake_set64(IROUTER_OF(40), 0);
	wr(IROUTER_OF(40) + 4, 1, 8); /* misaligned doubleword */
	wr(IROUTER_OF(40) + 2, 1, 2); /* halfword */
	assert_int_equal(fake64(IROUTER_OF(40)), 0);
	assert_int_equal(rd(IROUTER_OF(40) + 1, 1), 0);
	assert_int_equal(rd(GICD_PIDR2 + 1, 1), 0); /* an ID register byte */
	assert_int_equal(rd(GICD_IPRIORITYR + 34, 2), 0);
	LOG_EXPECT(log_count_level(LOG_WARN), 8);
	LOG_EXPECT(LOG_HAS(LOG_WARN, "GICD read of 1 bytes at offset 0xffe9", "reads as 0"), 1);
}

/* ---- the data abort's fast path (arch/vgicd_fast.h) ---- */

#define FAST_IPA 0x08000000ULL /* where the zone sees its GICD */

/* A 32-bit LDR/STR's syndrome with register rt; sas 1 = 16 bits, for a refused width. */
static u64 fast_esr(unsigned int rt, bool write, u64 sas)
{
	return ESR_DABT_ISV | sas << ESR_DABT_SAS_SHIFT | (u64)rt << ESR_DABT_SRT_SHIFT |
	       (write ? ESR_DABT_WNR : 0);
}

/* vgicd_fast on x5, or a read's result; -1 when it leaves the access to the full path. */
static s64 fast(u64 off, bool write, u32 value, u64 sas)
{
	struct trap_frame f = { 0 };

	f.x[5] = write ? value : 0xdeadbeefcafef00dULL;
	if (!vgicd_fast(&fake_cpu, zone, &f, fast_esr(5, write, sas), FAST_IPA + off))
		return -1;
	return write ? 0 : (s64)f.x[5];
}

static void test_fast_reads_agree_with_full_path(void **state)
{
	static const u64 offs[] = { GICD_CTLR, GICD_TYPER, GICD_ISENABLER + 4, GICD_ISENABLER + 8,
				    GICD_ISENABLER + 0x7c };

	(void)state;
	fake_set32(GICD_ISENABLER + 4, 0xffffffffu);
	fake_set32(GICD_ISENABLER + 8, 0xffffffffu);
	fake_set32(GICD_CTLR, GICD_CTLR_DS | GICD_CTLR_ARE);
	fake_set32(GICD_TYPER, FAKE_ITLINES | GICD_TYPER_LPIS | GICD_TYPER_MBIS);
	assert_int_equal(fast(GICD_TYPER, false, 0, 2), -1); /* not enabled yet */
	vgicd_fast_init(zone, FAST_IPA);
	wr(GICD_CTLR, GICD_CTLR_ENABLE_G1, 4);
	for (unsigned int i = 0; i < ARRAY_SIZE(offs); i++)
		assert_int_equal(fast(offs[i], false, 0, 2), (s64)rd(offs[i], 4));
	assert_int_equal(fast(GICD_ISENABLER + 4, false, 0, 2), OWN_W1);
	assert_int_equal(fast(GICD_TYPER, false, 0, 2), FAKE_ITLINES);
	assert_int_equal(fake_cpu.exits[ZONE_STAT_MMIO_GICD], HV_EXIT_STATS ? 7 : 0);
}

static void test_fast_writes_owned_only(void **state)
{
	(void)state;
	vgicd_fast_init(zone, FAST_IPA);
	assert_int_equal(fast(GICD_ISENABLER + 4, true, OWN_W1, 2), 0);
	assert_int_equal(fake32(GICD_ISENABLER + 4), OWN_W1);
	assert_int_equal(fast(GICD_CTLR, true, 0xff, 2), 0);
	assert_int_equal(zone->arch.vgic.ctlr, GICD_CTLR_GRP_MASK);
	/* Unowned bits, word 0, the other registers, widths, alignment: the full path's. */
	fake_set32(GICD_ISENABLER + 4, SENTINEL32);
	assert_int_equal(fast(GICD_ISENABLER + 4, true, OWN_W1 | 1u, 2), -1);
	assert_int_equal(fast(GICD_ISENABLER, true, 1u, 2), -1);
	assert_int_equal(fast(GICD_ISENABLER, false, 0, 2), -1);
	assert_int_equal(fast(GICD_ICENABLER + 4, true, OWN_W1, 2), -1);
	assert_int_equal(fast(GICD_TYPER, true, 0, 2), -1);
	assert_int_equal(fast(GICD_IIDR, false, 0, 2), -1);
	assert_int_equal(fast(GICD_ISENABLER + 4, true, OWN_W1, 1), -1);
	assert_int_equal(fast(GICD_ISENABLER + 6, false, 0, 2), -1);
	assert_int_equal(fast(-4ULL, false, 0, 2), -1);
	assert_int_equal(fake32(GICD_ISENABLER + 4), SENTINEL32);
	assert_int_equal(log_lines.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(test_enable_writes_reach_gic_for_owned_bits_only),
		CASE(test_fast_reads_agree_with_full_path),
		CASE(test_fast_writes_owned_only),
		CASE(test_enable_reads_masked),
		CASE(test_word0_raz_wi),
		CASE(test_word0_write_does_not_blame_sgis),
		CASE(test_priority_byte_access),
		CASE(test_all_ones_enable_probe_is_one_line_per_word),
		CASE(test_bad_widths_read_zero_and_write_nothing),
		CASE(test_priority_word_access),
		CASE(test_config_edge_bit_of_owned_only),
		CASE(test_irouter_64bit),
		CASE(test_irouter_first_cpu_of_other_zone),
		CASE(test_irouter_32bit_halves),
		CASE(test_irouter_unowned_raz_wi),
		CASE(test_ctlr_is_the_zones_view),
		CASE(test_typer_hides_lpis_and_mbis),
		CASE(test_id_registers_pass_through),
		CASE(test_igroupr_owned_read_as_group1),
		CASE(test_setspi_owned_only),
		CASE(test_legacy_registers_raz_wi),
		CASE(test_pending_active_reads_see_held_copy),
		CASE(test_disable_while_held_repends),
		CASE(test_clear_pending_and_active_act_on_held_copy),
		CASE(test_unknown_offset_reads_zero_and_warns),
		CASE(test_wrong_size_reads_zero_and_warns),
		CASE(test_unowned_enable_warns_once_with_dt_name),
		CASE(test_unowned_other_writes_do_not_warn),
		CASE(test_unowned_enable_warns_after_linux_boot_disable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
