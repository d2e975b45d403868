// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 list registers behind the arch/ich.h accessors (arch/aarch64/gic/gicv2/gich.c):
 * the translation between the ICH_LR<n>_EL2 layout the shared list-register logic speaks
 * and GICH_LRn (IHI 0048B 5.3.11), field by field and for random values, and the accessors
 * against a fake GICH and GICC (host buffers gicv2_gich_base and gicv2_gicc_base point
 * at: io_* are plain volatile loads and stores).
 */
// sources: arch/aarch64/gic/gicv2/gich.c
#include "unit.h"
#include "arch/gicv2.h"
#include "arch/ich.h"

paddr_t gicv2_gicd_base, gicv2_gicc_base, gicv2_gich_base;

static u32 fake_gich[0x1000 / 4];
static u32 fake_gicc[0x2000 / 4];

static int setup(void **state)
{
	(void)state;
	memset(fake_gich, 0, sizeof(fake_gich));
	memset(fake_gicc, 0, sizeof(fake_gicc));
	gicv2_gich_base = (paddr_t)(uintptr_t)fake_gich;
	gicv2_gicc_base = (paddr_t)(uintptr_t)fake_gicc;
	return 0;
}

#define ICH_PRIO(p) ((u64)(p) << ICH_LR_PRIO_SHIFT)

/* A HW-linked SPI, pending, priority 0xa0: every field where IHI 0048B puts it. */
static void test_hw_spi(void **state)
{
	u64 lr = 35 | ((u64)35 << ICH_LR_PINTID_SHIFT) | ICH_LR_HW | ICH_LR_GROUP1 |
		 ICH_LR_PENDING | ICH_PRIO(0xa0);
	u32 v = gich_lr_from_ich(lr);

	(void)state;
	assert_int_equal(v, 35u | 35u << 10 | (0xa0u >> 3) << 23 | 1u << 28 | 1u << 31);
	assert_true(gich_lr_to_ich(v) == lr);
}

/*
 * A software SGI, active and pending, asking for an EOI maintenance interrupt: no physical
 * ID, EOI at bit 19, CPUID (the source CPU) 0, group 0 in GICv2.
 */
static void test_sw_sgi(void **state)
{
	u64 lr = 7 | ICH_LR_EOI | ICH_LR_GROUP1 | ICH_LR_PENDING | ICH_LR_ACTIVE | ICH_PRIO(0x10);
	u32 v = gich_lr_from_ich(lr);

	(void)state;
	assert_int_equal(v, 7u | 1u << 19 | (0x10u >> 3) << 23 | 3u << 28);
	assert_int_equal(v & GICH_LR_GRP1, 0);
	assert_true(gich_lr_to_ich(v) == lr);
}

/* GICv2 keeps 5 priority bits: the low 3 read back as 0, so never a more urgent value. */
static void test_priority_bits(void **state)
{
	(void)state;
	for (unsigned int p = 0; p < 256; p++) {
		u64 back = gich_lr_to_ich(gich_lr_from_ich(ICH_LR_PENDING | ICH_PRIO(p) | 40));

		assert_int_equal((back >> ICH_LR_PRIO_SHIFT) & 0xff, p & 0xf8);
	}
}

/* An empty list register stays 0 both ways (the shared code writes 0 to free one). */
static void test_empty(void **state)
{
	(void)state;
	assert_int_equal(gich_lr_from_ich(0), 0);
	assert_true(gich_lr_to_ich(0) == 0);
}

/* Random ICH values: what GICv2 can hold survives the round trip, nothing else appears. */
static void test_random_round_trip(void **state)
{
	u64 x = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (unsigned int i = 0; i < 100000; i++) {
		u64 lr, want, back;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		lr = x;
		want = (lr & 0x3ff) | (lr & ICH_LR_STATE_MASK) | (lr & ICH_PRIO(0xf8)) |
		       (lr & ICH_LR_HW);
		want |= (lr & ICH_LR_HW) ? lr & ICH_LR_PINTID_MASK : lr & ICH_LR_EOI;
		if (want)
			want |= ICH_LR_GROUP1;
		back = gich_lr_to_ich(gich_lr_from_ich(lr));
		if (back != want)
			fail_msg("ICH %#llx -> GICH %#x -> ICH %#llx, want %#llx",
				 (unsigned long long)lr, gich_lr_from_ich(lr),
				 (unsigned long long)back, (unsigned long long)want);
	}
}

/* The accessors reach GICH_LRn, ELRSR0, HCR, VTR and the hypervisor's GICC_DIR. */
static void test_accessors(void **state)
{
	u64 lr = 33 | ((u64)33 << ICH_LR_PINTID_SHIFT) | ICH_LR_HW | ICH_LR_GROUP1 |
		 ICH_LR_PENDING | ICH_PRIO(0x80);

	(void)state;
	ich_write_lr(2, lr);
	assert_int_equal(fake_gich[(GICH_LR0 + 8) / 4], gich_lr_from_ich(lr));
	assert_true(ich_read_lr(2) == lr);
	assert_true(ich_read_lr(1) == 0);

	fake_gich[GICH_ELRSR0 / 4] = 0xb;
	assert_true(ich_read_elrsr() == 0xb);

	/* GICH_HCR's fields sit where ICH_HCR_EL2 has them: passed as they are. */
	ich_write_hcr(ICH_HCR_EN_BIT | ICH_HCR_UIE | ICH_HCR_LRENPIE);
	assert_int_equal(fake_gich[GICH_HCR / 4], 0x7);
	fake_gich[GICH_HCR / 4] = 1u | 3u << 27;
	assert_true(((ich_read_hcr() & ICH_HCR_EOICOUNT_MASK) >> ICH_HCR_EOICOUNT_SHIFT) == 3);

	fake_gich[GICH_VTR / 4] = 0x90000003; /* 4 list registers (ListRegs 3) */
	assert_int_equal(ich_nr_lrs(), 4);
	fake_gich[GICH_VTR / 4] = 0x3f; /* 64: the shared code uses at most ICH_MAX_LRS */
	assert_int_equal(ich_nr_lrs(), ICH_MAX_LRS);

	ich_deactivate_physical(33);
	assert_int_equal(fake_gicc[GICC_DIR / 4], 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hw_spi, setup),
		cmocka_unit_test_setup(test_sw_sgi, setup),
		cmocka_unit_test_setup(test_priority_bits, setup),
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_random_round_trip, setup),
		cmocka_unit_test_setup(test_accessors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
