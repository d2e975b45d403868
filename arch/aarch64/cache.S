/* SPDX-License-Identifier: GPL-2.0 */
/* Cache maintenance the boot path needs before the MMU is on. */

	.text
/*
 * Clean and invalidate every data/unified cache level up to the Level of Coherence by
 * set/way. Only safe while this is the only CPU running, as on the primary at boot.
 * Clobbers x0-x11.
 */
	.globl	dcache_clean_inval_all
dcache_clean_inval_all:
	dmb	sy
	mrs	x0, clidr_el1
	ubfx	x3, x0, #24, #3			/* LoC */
	cbz	x3, 5f
	mov	x10, #0				/* level << 1 */
1:	add	x2, x10, x10, lsr #1		/* level * 3 */
	lsr	x1, x0, x2
	and	x1, x1, #7			/* cache type at this level */
	cmp	x1, #2
	b.lt	4f				/* no data cache here */
	msr	csselr_el1, x10
	isb
	mrs	x1, ccsidr_el1
	and	x2, x1, #7
	add	x2, x2, #4			/* log2(line size) */
	ubfx	x4, x1, #3, #10			/* max way */
	clz	w5, w4				/* way shift */
	ubfx	x7, x1, #13, #15		/* max set */
2:	mov	x9, x4
3:	lsl	x6, x9, x5
	orr	x11, x10, x6
	lsl	x6, x7, x2
	orr	x11, x11, x6
	dc	cisw, x11
	subs	x9, x9, #1
	b.ge	3b
	subs	x7, x7, #1
	b.ge	2b
4:	add	x10, x10, #2
	cmp	x3, x10, lsr #1
	b.gt	1b
5:	mov	x10, #0
	msr	csselr_el1, x10
	dsb	sy
	isb
	ret
