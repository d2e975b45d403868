// SPDX-License-Identifier: GPL-2.0
/*
 * Exception syndrome decoding (arch/aarch64/esr.c): class names and the data-abort ISS
 * the MMIO emulation relies on to know the access size, direction, register and extension.
 */
// sources: arch/aarch64/esr.c
#include "unit.h"
#include "arch/esr.h"

/* A data abort from a lower EL with ISV set, built the way the hardware reports it. */
static u64 dabt(unsigned int sas, bool sse, unsigned int srt, bool sf, bool wnr)
{
	return ((u64)EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | ESR_DABT_ISV |
	       ((u64)sas << ESR_DABT_SAS_SHIFT) | (sse ? ESR_DABT_SSE : 0) |
	       ((u64)srt << ESR_DABT_SRT_SHIFT) | (sf ? ESR_DABT_SF : 0) |
	       (wnr ? ESR_DABT_WNR : 0) | 0x07 /* FSC: translation fault, level 3 */;
}

static void test_class_names(void **state)
{
	(void)state;
	assert_string_equal(esr_class_name(EC_DABT_LOW), "data abort from a lower EL");
	assert_string_equal(esr_class_name(EC_HVC64), "HVC (AArch64)");
	assert_string_equal(esr_class_name(EC_SMC64), "SMC (AArch64)");
	assert_string_equal(esr_class_name(EC_SYS64), "MSR/MRS/system instruction");
	assert_string_equal(esr_class_name(EC_WFX), "WFI/WFE");
	assert_string_equal(esr_class_name(EC_IABT_LOW), "instruction abort from a lower EL");
	assert_string_equal(esr_class_name(EC_SERROR), "SError");
	assert_string_equal(esr_class_name(EC_UNKNOWN), "unknown reason (undefined instruction)");
	/* The class field of a real ESR value: HVC #0 from EL1 is 0x5a000000. */
	assert_string_equal(esr_class_name(ESR_EC(0x5a000000ULL)), "HVC (AArch64)");
	/* Classes with no name, including ones that do not fit the 6-bit field. */
	assert_string_equal(esr_class_name(0x3f), "unexpected exception class");
	assert_string_equal(esr_class_name(0x02), "unexpected exception class");
	assert_string_equal(esr_class_name(0x40), "unexpected exception class");
	/* Every class has some text. */
	for (unsigned int ec = 0; ec < 64; ec++)
		assert_non_null(esr_class_name(ec));
}

static void test_dabt_no_isv(void **state)
{
	/* A store-pair style abort: ISV clear, WnR set, the rest must not be trusted. */
	u64 esr = ((u64)EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | ESR_DABT_WNR | (3ULL << 22) |
		  (5ULL << 16) | 0x07;
	struct dabt_info d = esr_decode_dabt(esr);

	(void)state;
	assert_false(d.valid);
	assert_true(d.write);
	assert_int_equal(d.size, 0);
	assert_int_equal(d.reg, 0);
	assert_false(d.sign_extend);
}

static void test_dabt_sizes_and_directions(void **state)
{
	static const struct {
		unsigned int sas, size;
		bool wnr;
		unsigned int srt;
		bool sf;
	} cases[] = {
		{ 0, 1, false, 1, false }, /* ldrb w1 */
		{ 0, 1, true, 2, false },  /* strb w2 */
		{ 1, 2, false, 3, false }, /* ldrh w3 */
		{ 1, 2, true, 4, false },  /* strh w4 */
		{ 2, 4, false, 5, false }, /* ldr w5 */
		{ 2, 4, true, 6, false },  /* str w6 */
		{ 3, 8, false, 7, true },  /* ldr x7 */
		{ 3, 8, true, 30, true },  /* str x30 */
		{ 2, 4, true, 31, false }, /* str wzr */
		{ 3, 8, true, 31, true },  /* str xzr */
	};

	(void)state;
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dabt_info d = esr_decode_dabt(
			dabt(cases[i].sas, false, cases[i].srt, cases[i].sf, cases[i].wnr));

		if (!d.valid || d.size != cases[i].size || d.write != cases[i].wnr ||
		    d.reg != cases[i].srt || d.reg64 != cases[i].sf || d.sign_extend)
			fail_msg("case %u: valid %d size %u write %d reg %u reg64 %d sse %d", i,
				 d.valid, d.size, d.write, d.reg, d.reg64, d.sign_extend);
	}
}

static void test_dabt_sign_extend_flags(void **state)
{
	struct dabt_info d;

	(void)state;
	/* ldrsb x0: SSE, SF */
	d = esr_decode_dabt(dabt(0, true, 0, true, false));
	assert_true(d.valid);
	assert_true(d.sign_extend);
	assert_true(d.reg64);
	assert_int_equal(d.size, 1);
	assert_int_equal(d.reg, 0);
	/* ldrsh w9: SSE, not SF */
	d = esr_decode_dabt(dabt(1, true, 9, false, false));
	assert_true(d.sign_extend);
	assert_false(d.reg64);
	assert_int_equal(d.size, 2);
	assert_int_equal(d.reg, 9);
	/* Other ISS bits (AR, CM, S1PTW, FSC) do not leak into the fields. */
	d = esr_decode_dabt(dabt(2, false, 17, true, false) | ESR_DABT_AR | 0x3f);
	assert_false(d.sign_extend);
	assert_int_equal(d.reg, 17);
	assert_int_equal(d.size, 4);
	assert_false(d.write);
}

static u64 load(unsigned int size, bool sse, bool sf, u64 raw)
{
	struct dabt_info d = {
		.valid = true,
		.sign_extend = sse,
		.reg64 = sf,
		.size = size,
	};

	return dabt_load_value(&d, raw);
}

static void test_load_value(void **state)
{
	(void)state;
	/* ldrsb: 0x80 is -128. */
	assert_int_equal(load(1, true, true, 0x80), 0xffffffffffffff80ULL);
	assert_int_equal(load(1, true, false, 0x80), 0xffffff80ULL);
	assert_int_equal(load(1, true, true, 0x7f), 0x7f);
	/* ldrb: no extension. */
	assert_int_equal(load(1, false, true, 0x80), 0x80);
	assert_int_equal(load(1, false, false, 0x80), 0x80);
	/* Bits above the access size from the device model are dropped. */
	assert_int_equal(load(1, false, true, 0xabcd12f0), 0xf0);
	assert_int_equal(load(1, true, true, 0xabcd12f0), 0xfffffffffffffff0ULL);
	/* ldrsh / ldrh */
	assert_int_equal(load(2, true, true, 0x8000), 0xffffffffffff8000ULL);
	assert_int_equal(load(2, true, false, 0x8001), 0xffff8001ULL);
	assert_int_equal(load(2, false, true, 0x18000), 0x8000);
	/* ldrsw x / ldr w */
	assert_int_equal(load(4, true, true, 0x80000000), 0xffffffff80000000ULL);
	assert_int_equal(load(4, false, true, 0xffffffff80000000ULL), 0x80000000);
	assert_int_equal(load(4, false, false, 0x1234567887654321ULL), 0x87654321);
	/* ldr x: all 64 bits, SSE or not. */
	assert_int_equal(load(8, false, true, 0x8000000000000001ULL), 0x8000000000000001ULL);
	assert_int_equal(load(8, true, true, 0x8000000000000001ULL), 0x8000000000000001ULL);
}

/* Decode and load together, as the MMIO path uses them. */
static void test_decode_then_load(void **state)
{
	struct dabt_info d = esr_decode_dabt(dabt(0, true, 3, false, false)); /* ldrsb w3 */

	(void)state;
	assert_int_equal(dabt_load_value(&d, 0xfe), 0xfffffffeULL);
	d = esr_decode_dabt(dabt(0, true, 3, true, false)); /* ldrsb x3 */
	assert_int_equal(dabt_load_value(&d, 0xfe), 0xfffffffffffffffeULL);
	d = esr_decode_dabt(dabt(2, true, 3, true, false)); /* ldrsw x3 */
	assert_int_equal(dabt_load_value(&d, 0x00000000fffffffeULL), 0xfffffffffffffffeULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_class_names),
		UNIT_CASE(test_dabt_no_isv),
		UNIT_CASE(test_dabt_sizes_and_directions),
		UNIT_CASE(test_dabt_sign_extend_flags),
		UNIT_CASE(test_load_value),
		UNIT_CASE(test_decode_then_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
