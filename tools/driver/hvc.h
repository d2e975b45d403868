/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypercall as hvisor.ko and ivc.ko issue it: x0 = code, x1/x2 = arguments, result
 * (a negative errno on failure) in x0; the immediate is hvisor-tool's, which the
 * hypervisor does not check.
 */
#ifndef HVC_DRIVER_HVC_H
#define HVC_DRIVER_HVC_H

#include <linux/stringify.h>
#include <linux/types.h>

#include "hvisor/hypercall.h"

static inline long hvisor_call(u64 code, u64 arg0, u64 arg1)
{
	register u64 x0 asm("x0") = code;
	register u64 x1 asm("x1") = arg0;
	register u64 x2 asm("x2") = arg1;

	asm volatile("hvc #" __stringify(HVISOR_HVC_IMM) : "+r"(x0) : "r"(x1), "r"(x2) : "memory");
	return (long)x0;
}

#endif
