/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regs_probe(gicd, out): what the hypervisor's exits keep of a guest's registers. Every
 * general register gets a pattern (x<n> = 0x5a00 + n), then:
 *   out[0..30]  x0..x30 after an HVC with an unknown code (x0 = its result);
 *   out[31]     x21 after `ldr w21, [GICD_TYPER]` (a register the short save leaves
 *               in the CPU);
 *   out[32]     x27 after `str w23, [GICD_IPRIORITYR12]` of 0xa0a0a0a0 and
 *               `ldr w27` of the same register;
 *   out[33..43] x19..x29 after both;
 *   out[44..54] x19..x29 after `msr ICC_SGI1R_EL1, x24` (SGI 1 to this CPU, Aff 0.0.0.0,
 *               trapped; x24 = 0x1000001).
 * x9 and x10 hold gicd and out throughout.
 */
	.text
	.globl	regs_probe
regs_probe:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x9, x0
	mov	x10, x1
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	mov	x\n, #(0x5a00 + \n)
	.endr
	mov	x0, #12345
	hvc	#0x4856
	stp	x0, x1, [x10, #8 * 0]	/* x2..x30 one by one: the pairs' offsets would need arithmetic on names */
	.irp	n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	str	x\n, [x10, #8 * \n]
	.endr
	ldr	w21, [x9, #0x4]
	str	x21, [x10, #8 * 31]
	mov	w23, #0xa0a0
	movk	w23, #0xa0a0, lsl #16
	str	w23, [x9, #0x430]
	ldr	w27, [x9, #0x430]
	str	x27, [x10, #8 * 32]
	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	str	x\n, [x10, #8 * (\n + 14)]
	.endr
	mov	x24, #1
	movk	x24, #0x100, lsl #16
	msr	S3_0_C12_C11_5, x24
	isb
	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	str	x\n, [x10, #8 * (\n + 25)]
	.endr
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
