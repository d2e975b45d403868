/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 32-bit EL0 process in T32 state whose IT block holds a load the hypervisor emulates
 * (fault 4 of the hostile-guest issue): `ite eq; ldreq r2, [GICD_TYPER]; movne r3, #1`.
 * The load traps to EL2; when the hypervisor steps over it without advancing ITSTATE,
 * movne runs under ldreq's condition (EQ holds) and r3 becomes 1.
 *
 * Entered in A32 by run_a32_el0(t32_it_code, block); r1 = block: [0] the address to load
 * (GICD_TYPER), [4] and [8] receive r2 and r3, [12] an address whose load aborts, which
 * ends the run (the EL1 vector 12 returns to run_a32_el0's caller). The assembler here
 * is AArch64's, so the T32 instructions are written as halfwords.
 */
	.text
	.balign	4
	.globl	t32_it_code
t32_it_code:
	.word	0xe28fc001		/* add   r12, pc, #1 (the T32 code below, Thumb bit) */
	.word	0xe12fff1c		/* bx    r12 */
	.hword	0x6808			/* ldr   r0, [r1, #0] */
	.hword	0x2200			/* movs  r2, #0 */
	.hword	0x2300			/* movs  r3, #0 */
	.hword	0x4280			/* cmp   r0, r0: Z = 1 */
	.hword	0xbf0c			/* ite   eq */
	.hword	0x6802			/* ldreq r2, [r0] (emulated) */
	.hword	0x2301			/* movne r3, #1 (must not run) */
	.hword	0xbf00			/* nop */
	.hword	0x604a			/* str   r2, [r1, #4] */
	.hword	0x608b			/* str   r3, [r1, #8] */
	.hword	0x68cc			/* ldr   r4, [r1, #12] */
	.hword	0x6824			/* ldr   r4, [r4]: aborts, back to EL1 */
	.hword	0xe7fe			/* b     . */
	.hword	0xbf00
