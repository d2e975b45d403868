/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a moment of 32-bit EL0 code, as a 32-bit process under Linux would: exceptions
 * it takes reach the hypervisor through its AArch32 lower-EL vectors. run_a32_el0(code,
 * r1) ERETs to A32 code at EL0 (interrupts unmasked); the first exception the guest's
 * EL1 handler takes from it (vector 12 or 13) comes back here through a32_resume.
 */
	.text
	.globl	run_a32_el0
run_a32_el0:
	adrp	x9, a32_ctx
	add	x9, x9, :lo12:a32_ctx
	stp	x19, x20, [x9, #0]
	stp	x21, x22, [x9, #16]
	stp	x23, x24, [x9, #32]
	stp	x25, x26, [x9, #48]
	stp	x27, x28, [x9, #64]
	stp	x29, x30, [x9, #80]
	mov	x10, sp
	str	x10, [x9, #96]
	msr	elr_el1, x0
	mov	x2, #0x10		/* SPSR: AArch32 User mode, A32, D A I F clear */
	msr	spsr_el1, x2
	isb
	eret

	.globl	a32_resume
a32_resume:
	adrp	x9, a32_ctx
	add	x9, x9, :lo12:a32_ctx
	ldp	x19, x20, [x9, #0]
	ldp	x21, x22, [x9, #16]
	ldp	x23, x24, [x9, #32]
	ldp	x25, x26, [x9, #48]
	ldp	x27, x28, [x9, #64]
	ldp	x29, x30, [x9, #80]
	ldr	x10, [x9, #96]
	mov	sp, x10
	ret

	.balign	4
	.globl	a32_code_load
a32_code_load:
	.word	0xe5910000		/* ldr r0, [r1] */
	.word	0xeafffffe		/* b . */
	.globl	a32_code_loop
a32_code_loop:
	.word	0xeafffffe		/* b . */

	.bss
	.balign	16
a32_ctx:
	.skip	112
