// SPDX-License-Identifier: GPL-2.0
/*
 * Exception syndrome decoding (arch/aarch64/esr.c): class names and the data-abort ISS
 * the MMIO emulation relies on to know the access size, direction, register and extension.
 */
// sources: arch/aarch64/esr.c
#include "unit.h"
#include "arch/esr.h"

/*
 * Data-abort syndromes as the hardware writes ESR_EL2 for a trapped access to Device
 * memory (EC 0x24, IL, FSC 0x07 = translation fault at level 3), written out bit by bit
 * from the Arm ARM's ISS encoding (ISV 24, SAS 23:22, SSE 21, SRT 20:16, SF 15, AR 14,
 * WnR 6), never built from the decoder's own macros: a wrong shift there fails here.
 */
struct dabt_case {
	const char *insn;
	u64 esr;
	unsigned int size, reg;
	bool write, reg64, sse;
};

static const struct dabt_case dabt_cases[] = {
	{ "ldrb w1", 0x93010007, 1, 1, false, false, false },
	{ "strb w2", 0x93020047, 1, 2, true, false, false },
	{ "ldrh w3", 0x93430007, 2, 3, false, false, false },
	{ "strh w4", 0x93440047, 2, 4, true, false, false },
	{ "ldr w5", 0x93850007, 4, 5, false, false, false },
	{ "str w6", 0x93860047, 4, 6, true, false, false },
	{ "ldr x7", 0x93c78007, 8, 7, false, true, false },
	{ "str x30", 0x93de8047, 8, 30, true, true, false },
	{ "str wzr", 0x939f0047, 4, 31, true, false, false },
	{ "str xzr", 0x93df8047, 8, 31, true, true, false },
	{ "ldrsb x0", 0x93208007, 1, 0, false, true, true },
	{ "ldrsh w9", 0x93690007, 2, 9, false, false, true },
	{ "ldrsw x3", 0x93a38007, 4, 3, false, true, true },
	/* AR (acquire/release) and a different fault status must not leak into the fields. */
	{ "ldar w17 (AR, FSC 0x3f)", 0x9391c03f, 4, 17, false, true, false },
};

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
	/* A store pair: ISV clear, WnR set; SAS/SRT bits are not to be trusted. */
	struct dabt_info d = esr_decode_dabt(0x92c50047);

	(void)state;
	assert_false(d.valid);
	assert_true(d.write);
	assert_int_equal(d.size, 0);
	assert_int_equal(d.reg, 0);
	assert_false(d.sign_extend);
}

static void test_dabt_hardware_syndromes(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < sizeof(dabt_cases) / sizeof(dabt_cases[0]); i++) {
		const struct dabt_case *c = &dabt_cases[i];
		struct dabt_info d = esr_decode_dabt(c->esr);

		if (!d.valid || d.size != c->size || d.write != c->write || d.reg != c->reg ||
		    d.reg64 != c->reg64 || d.sign_extend != c->sse)
			fail_msg("%s (ESR %#llx): valid %d size %u write %d reg %u reg64 %d sse %d",
				 c->insn, (unsigned long long)c->esr, d.valid, d.size, d.write,
				 d.reg, d.reg64, d.sign_extend);
		assert_int_equal(ESR_EC(c->esr), EC_DABT_LOW);
	}
}

/* HPFAR_EL2 holds IPA[47:12] in bits [43:4]; the page offset comes from FAR_EL2. */
static void test_hpfar_fault_ipa(void **state)
{
	(void)state;
	assert_int_equal(hpfar_fault_ipa(0x90100, 0xffff000012345004ULL), 0x9010004);
	assert_int_equal(hpfar_fault_ipa(0x8000100, 0xfff), 0x800010fffULL);
	/* Bits outside FIPA (e.g. NS, bit 63, on newer cores) are not part of the IPA. */
	assert_int_equal(hpfar_fault_ipa(0x8000000000090100ULL, 0x8), 0x9010008);
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
	struct dabt_info d = esr_decode_dabt(0x93230007); /* ldrsb w3 */

	(void)state;
	assert_int_equal(dabt_load_value(&d, 0xfe), 0xfffffffeULL);
	d = esr_decode_dabt(0x93238007); /* ldrsb x3 */
	assert_int_equal(dabt_load_value(&d, 0xfe), 0xfffffffffffffffeULL);
	d = esr_decode_dabt(0x93a38007); /* ldrsw x3 */
	assert_int_equal(dabt_load_value(&d, 0x00000000fffffffeULL), 0xfffffffffffffffeULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_class_names),
		UNIT_CASE(test_dabt_no_isv),
		UNIT_CASE(test_dabt_hardware_syndromes),
		UNIT_CASE(test_hpfar_fault_ipa),
		UNIT_CASE(test_load_value),
		UNIT_CASE(test_decode_then_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
