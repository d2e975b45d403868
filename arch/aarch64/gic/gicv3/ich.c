// SPDX-License-Identifier: GPL-2.0
/* ICH_LR<n>_EL2: each list register has its own encoding, hence the switch. */
#include "arch/ich.h"

#define LR_CASE(n, crm, op2)                                                                       \
	case n:                                                                                    \
		if (write)                                                                         \
			write_sysreg(S3_4_C12_##crm##_##op2, v);                                   \
		else                                                                               \
			v = read_sysreg(S3_4_C12_##crm##_##op2);                                   \
		break;

static u64 lr_access(unsigned int n, bool write, u64 v)
{
	switch (n) {
		LR_CASE(0, C12, 0)
		LR_CASE(1, C12, 1)
		LR_CASE(2, C12, 2)
		LR_CASE(3, C12, 3)
		LR_CASE(4, C12, 4)
		LR_CASE(5, C12, 5)
		LR_CASE(6, C12, 6)
		LR_CASE(7, C12, 7)
		LR_CASE(8, C13, 0)
		LR_CASE(9, C13, 1)
		LR_CASE(10, C13, 2)
		LR_CASE(11, C13, 3)
		LR_CASE(12, C13, 4)
		LR_CASE(13, C13, 5)
		LR_CASE(14, C13, 6)
		LR_CASE(15, C13, 7)
	default:
		break;
	}
	return v;
}

u64 ich_read_lr(unsigned int n)
{
	return lr_access(n, false, 0);
}

void ich_write_lr(unsigned int n, u64 v)
{
	lr_access(n, true, v);
}
