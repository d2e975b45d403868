/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of a test guest's second vCPU (PSCI CPU_ON of MPIDR 0x1): x0 = the context id.
 * The hypervisor starts it with EL1 reset state (no stack, VBAR_EL1 = 0), so give it its
 * own stack and the common exception vectors, then run secondary_main(context id); guests
 * that start no second vCPU get the weak one in lib.c.
 */
	.text
	.globl	guest_secondary_entry
	.balign	8
guest_secondary_entry:
	mov	x19, x0
	adrp	x1, secondary_stack_top
	add	x1, x1, :lo12:secondary_stack_top
	mov	sp, x1
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	secondary_main
1:	wfi
	b	1b

	.section .bss.secondary_stack, "aw", %nobits
	.balign	16
secondary_stack:
	.skip	0x4000
secondary_stack_top:
