/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark guest's own table: an IRQ at EL1h goes straight to bench_irq, without the
 * common table's dispatch in C, so the timer latency measures the hypervisor, not the
 * guest. The entries are the common ones (common/vectors.inc); nothing else is expected.
 */
#include "vectors.inc"

	.section .vectors, "ax"
	.balign	0x800
	.globl	bench_vectors
bench_vectors:
	.rept	5			/* EL1t, then the synchronous exception at EL1h */
	vector_unused
	.endr
	vector_entry bench_irq		/* 0x280: IRQ at EL1h */
	.rept	10
	vector_unused
	.endr
