/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU state a zone leaves behind that a C compiler for the hypervisor (general registers
 * only) cannot name: a CPU moves between zones (zone shutdown, then another zone's start),
 * and nothing of the last zone may be readable by the next.
 */

	.text
/* FP/SIMD: v0-v31, FPCR and FPSR to zero. FP is not trapped at EL2 (entry.S). */
	.globl	fpsimd_clear
fpsimd_clear:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	movi	v\n\().2d, #0
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret

/*
 * Debug state: MDSCR_EL1 (monitor and single step off) and every breakpoint and
 * watchpoint the CPU has (ID_AA64DFR0_EL1.BRPs/WRPs + 1 of each), disabled and zeroed.
 * Clobbers x0-x2.
 */
	.globl	debug_clear
debug_clear:
	msr	mdscr_el1, xzr
	mrs	x0, id_aa64dfr0_el1
	ubfx	x1, x0, #12, #4			/* BRPs: breakpoints - 1 */
	ubfx	x2, x0, #20, #4			/* WRPs: watchpoints - 1 */
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	cmp	x1, #\n
	b.lo	1f
	msr	dbgbcr\n\()_el1, xzr
	msr	dbgbvr\n\()_el1, xzr
1:	cmp	x2, #\n
	b.lo	2f
	msr	dbgwcr\n\()_el1, xzr
	msr	dbgwvr\n\()_el1, xzr
2:
	.endr
	isb
	ret
