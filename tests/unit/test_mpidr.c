// SPDX-License-Identifier: GPL-2.0
/*
 * MPIDR -> logical CPU id (core/board_cpu.c): what PSCI CPU_ON, the boot path and the
 * vGIC's affinity routing use to find a CPU. Only Aff3..Aff0 identify a CPU.
 */
// sources: core/board_cpu.c
#include "unit.h"
#include "board.h"

/* RK3568-style: Cortex-A55 cores numbered in Aff1. */
static const u64 rk_mpidr[] = { 0x000, 0x100, 0x200, 0x300 };
static const struct board rk = { .name = "rk-like", .mpidr = rk_mpidr, .nr_cpus = 4 };

/* A two-cluster table that uses Aff2 and Aff3. */
static const u64 big_mpidr[] = { 0x0, 0x1, 0x10000, 0x100000000ULL, 0xff00000000ULL };
static const struct board big = { .name = "multi", .mpidr = big_mpidr, .nr_cpus = 5 };

static void test_rk3568_table(void **state)
{
	(void)state;
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x000), 0);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x100), 1);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x200), 2);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x300), 3);
	/* What the CPU reads from MPIDR_EL1: RES1 bit 31, MT bit 24, U bit 30 ignored. */
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x81000200ULL), 2);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x80000300ULL), 3);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0xc1000000ULL), 0);
}

static void test_unknown_mpidr(void **state)
{
	(void)state;
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x400), INVALID_CPUID);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x1), INVALID_CPUID);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x10200), INVALID_CPUID);
	/* Aff3 is part of the identity: 0xff00000200 is not CPU 2. */
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0xff00000200ULL), INVALID_CPUID);
	assert_int_equal(board_cpuid_of_mpidr(&rk, 0x0100000000ULL), INVALID_CPUID);
	assert_int_equal(INVALID_CPUID, 0xffffffffu);
}

static void test_all_affinity_levels(void **state)
{
	(void)state;
	assert_int_equal(board_cpuid_of_mpidr(&big, 0x1), 1);
	assert_int_equal(board_cpuid_of_mpidr(&big, 0x10000), 2);
	assert_int_equal(board_cpuid_of_mpidr(&big, 0x100000000ULL), 3);
	assert_int_equal(board_cpuid_of_mpidr(&big, 0xff00000000ULL), 4);
	assert_int_equal(board_cpuid_of_mpidr(&big, 0xff80000000ULL), 4);
	assert_int_equal(board_cpuid_of_mpidr(&big, 0x8000000000ULL), INVALID_CPUID);
	/* Bits above Aff3 (RES0) do not make a different CPU. */
	assert_int_equal(board_cpuid_of_mpidr(&big, 0xff0000ff00000000ULL), 4);
}

static void test_empty_table(void **state)
{
	const struct board none = { .name = "none", .mpidr = NULL, .nr_cpus = 0 };

	(void)state;
	assert_int_equal(board_cpuid_of_mpidr(&none, 0), INVALID_CPUID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_rk3568_table),
		UNIT_CASE(test_unknown_mpidr),
		UNIT_CASE(test_all_affinity_levels),
		UNIT_CASE(test_empty_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
