/* SPDX-License-Identifier: GPL-2.0 */
/* Test guest entry at EL1: stack, .bss, exception vectors, then guest_main(x0 = DTB). */
#include "vectors.inc"

	.section .text.start, "ax"
	.globl	_start
_start:
	mrs	x20, cntvct_el0		/* when the zone's first instruction ran (benchmarks) */
	mov	x19, x0
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adrp	x1, guest_entry_ticks
	str	x20, [x1, :lo12:guest_entry_ticks]
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	guest_main
3:	wfi
	b	3b

/* Every vector calls guest_exception(kind, saved registers) (common/lib.c). */
	.section .vectors, "ax"
	.balign	0x800
	.globl	guest_vectors
guest_vectors:
	.irp	kind, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry guest_exception, \kind
	.endr
