/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark guest's own vectors: IRQs from EL1 go straight to bench_irq with few
 * instructions in between, so the timer latency measures the hypervisor, not the guest.
 */
.macro unused
	.balign	0x80
	b	.
.endm

	.section .vectors, "ax"
	.balign	0x800
	.globl	bench_vectors
bench_vectors:
	unused
	unused
	unused
	unused
	unused				/* 0x200 sync, EL1h: not expected */
	.balign	0x80			/* 0x280 IRQ, EL1h */
	sub	sp, sp, #(8 * 20)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	bl	bench_irq
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #(8 * 20)
	eret
	unused
	unused
	unused
	unused
	unused
	unused
	unused
	unused
	unused
	unused
