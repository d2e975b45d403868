/* SPDX-License-Identifier: GPL-2.0 */
/* ESR_ELx: exception classes and the data-abort syndrome. Pure decode, unit tested. */
#ifndef ARCH_ESR_H
#define ARCH_ESR_H

#include "types.h"
#include "util.h"

#define ESR_EC_SHIFT 26
#define ESR_EC(esr)  (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL	     (1ULL << 25)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

#define EC_UNKNOWN  0x00
#define EC_WFX	    0x01
#define EC_FP	    0x07
#define EC_ILLEGAL  0x0e
#define EC_SVC64    0x15
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYS64    0x18
#define EC_SVE	    0x19
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR   0x2f
#define EC_BRK64    0x3c

/* Data abort ISS */
#define ESR_DABT_ISV	   (1ULL << 24)
#define ESR_DABT_SAS_SHIFT 22
#define ESR_DABT_SAS_MASK  (3ULL << ESR_DABT_SAS_SHIFT)
#define ESR_DABT_SSE	   (1ULL << 21)
#define ESR_DABT_SRT_SHIFT 16
#define ESR_DABT_SF	   (1ULL << 15)
#define ESR_DABT_AR	   (1ULL << 14)
#define ESR_DABT_CM	   (1ULL << 8)
#define ESR_DABT_S1PTW	   (1ULL << 7)
#define ESR_DABT_WNR	   (1ULL << 6)
#define ESR_DABT_FSC(esr)  ((esr)&0x3f)
#define FSC_SEA		   0x10 /* synchronous external abort, not on a table walk */

/*
 * The IPA of a stage-2 fault: HPFAR_EL2.FIPA (bits [43:4]) holds IPA[51:12], and the page
 * offset comes from FAR_EL2.
 */
#define HPFAR_FIPA_SHIFT 4
#define HPFAR_FIPA_MASK	 GENMASK(43, 4)
static inline u64 hpfar_fault_ipa(u64 hpfar, u64 far)
{
	return ((hpfar & HPFAR_FIPA_MASK) >> HPFAR_FIPA_SHIFT) << 12 | (far & 0xfff);
}

/* The access a trapped load or store made, as the syndrome describes it. */
struct dabt_info {
	bool valid; /* ISV: the fields below are meaningful */
	bool write;
	bool sign_extend;
	bool reg64;	   /* SF: the target register is X, not W */
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	unsigned int reg;  /* SRT: 31 means XZR */
};

const char *esr_class_name(unsigned int ec);

/* Inline: every emulated MMIO access goes through these. */
static inline struct dabt_info esr_decode_dabt(u64 esr)
{
	struct dabt_info d = { 0 };

	d.valid = esr & ESR_DABT_ISV;
	d.write = esr & ESR_DABT_WNR;
	if (!d.valid)
		return d;
	d.size = 1u << ((esr >> ESR_DABT_SAS_SHIFT) & 3);
	d.sign_extend = esr & ESR_DABT_SSE;
	d.reg = (esr >> ESR_DABT_SRT_SHIFT) & 0x1f;
	d.reg64 = esr & ESR_DABT_SF;
	return d;
}

/* The value a load of info's size puts in its register: sign extended where SSE asks. */
static inline u64 dabt_load_value(const struct dabt_info *info, u64 raw)
{
	unsigned int bits = info->size * 8;
	u64 v = bits == 64 ? raw : raw & ((1ULL << bits) - 1);

	if (info->sign_extend && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ULL << bits;
	/* A W register gets the low 32 bits, upper half zeroed. */
	if (!info->reg64)
		v &= 0xffffffffULL;
	return v;
}

#endif
