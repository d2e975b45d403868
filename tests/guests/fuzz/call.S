/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_call(smc, in, out): x0-x17 = in[0..17], then HVC (smc = 0) or SMC, then
 * out[0..17] = x0-x17, so the caller can check which registers the hypervisor changed.
 * SMCCC lets a callee change x0-x3 only (x0 alone for hvisor's hypercalls and PSCI).
 */
	.text
	.globl	fuzz_call
fuzz_call:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x1
	mov	x20, x2
	mov	x9, x0
	cbnz	x9, 1f
	ldp	x0, x1, [x19, #0]
	ldp	x2, x3, [x19, #16]
	ldp	x4, x5, [x19, #32]
	ldp	x6, x7, [x19, #48]
	ldp	x8, x9, [x19, #64]
	ldp	x10, x11, [x19, #80]
	ldp	x12, x13, [x19, #96]
	ldp	x14, x15, [x19, #112]
	ldp	x16, x17, [x19, #128]
	hvc	#0x4856
	b	2f
1:	ldp	x0, x1, [x19, #0]
	ldp	x2, x3, [x19, #16]
	ldp	x4, x5, [x19, #32]
	ldp	x6, x7, [x19, #48]
	ldp	x8, x9, [x19, #64]
	ldp	x10, x11, [x19, #80]
	ldp	x12, x13, [x19, #96]
	ldp	x14, x15, [x19, #112]
	ldp	x16, x17, [x19, #128]
	smc	#0
2:	stp	x0, x1, [x20, #0]
	stp	x2, x3, [x20, #16]
	stp	x4, x5, [x20, #32]
	stp	x6, x7, [x20, #48]
	stp	x8, x9, [x20, #64]
	stp	x10, x11, [x20, #80]
	stp	x12, x13, [x20, #96]
	stp	x14, x15, [x20, #112]
	stp	x16, x17, [x20, #128]
	ldp	x19, x20, [sp], #16
	ret
