// SPDX-License-Identifier: GPL-2.0
/* Exception syndrome decoding (see arch/esr.h). */
#include "arch/esr.h"

const char *esr_class_name(unsigned int ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "unknown reason (undefined instruction)";
	case EC_WFX:
		return "WFI/WFE";
	case EC_FP:
		return "FP/SIMD access trapped";
	case EC_ILLEGAL:
		return "illegal execution state";
	case EC_SVC64:
		return "SVC (AArch64)";
	case EC_HVC64:
		return "HVC (AArch64)";
	case EC_SMC64:
		return "SMC (AArch64)";
	case EC_SYS64:
		return "MSR/MRS/system instruction";
	case EC_SVE:
		return "SVE access trapped";
	case EC_IABT_LOW:
		return "instruction abort from a lower EL";
	case EC_IABT_CUR:
		return "instruction abort at the same EL";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOW:
		return "data abort from a lower EL";
	case EC_DABT_CUR:
		return "data abort at the same EL";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRK64:
		return "BRK (AArch64)";
	default:
		return "unexpected exception class";
	}
}
