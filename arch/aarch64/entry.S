/* SPDX-License-Identifier: GPL-2.0 */
/*
 * First instructions of the hypervisor. U-Boot (bootm or booti) or QEMU -kernel enter at
 * _head at EL2 with the MMU off and x0 = the boot DTB; secondaries come in through
 * secondary_entry from PSCI CPU_ON with x0 = their logical id.
 */
#include "arch/asm_defs.h"
#include "arch/sysreg.h"

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

	.section .text.head, "ax"
	.globl	_head
_head:
	/* arm64 Image header (Documentation/arch/arm64/booting.rst) so booti/-kernel work. */
	b	primary_entry			/* code0 */
	nop					/* code1 */
	.quad	__hv_text_offset		/* text_offset: HV_BASE - DRAM base */
	.quad	__hv_size			/* image_size, bss and pools included */
	.quad	0x2				/* flags: LE, 4 KiB pages, near DRAM base */
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"			/* magic */
	.long	0

	.text
primary_entry:
	mov	x20, x0				/* boot DTB */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	.Lnot_el2

	bl	el2_caches_off
	bl	dcache_clean_inval_all
	ic	iallu
	dsb	ish
	isb

	/* Clear .bss: the per-CPU areas are part of it. */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	mrs	x0, mpidr_el1
	bl	boot_mpidr_to_cpuid
	mov	x19, x0				/* logical id, or -1 */
	cmn	x0, #1
	csel	x0, xzr, x0, eq			/* unknown CPU: borrow area 0 to report it */
	bl	set_percpu_stack
	bl	el2_setup

	mov	x0, x19
	mov	x1, x20
	bl	hv_boot_primary			/* console, EL2 map */
	bl	mmu_el2_enable
	mov	x0, x19
	mov	x1, x20
	bl	hv_main_primary
	b	cpu_halt

.Lnot_el2:
	/* Nothing to print with: the console is not known yet. Stop here. */
	wfe
	b	.Lnot_el2

	.globl	secondary_entry
secondary_entry:
	mov	x19, x0				/* context_id = logical id */
	bl	el2_caches_off
	ic	iallu
	dsb	ish
	isb
	/* Trust context_id only if the MPIDR agrees with the board table. */
	mrs	x0, mpidr_el1
	bl	boot_mpidr_to_cpuid
	cmp	x0, x19
	b.ne	.Lpark
	bl	set_percpu_stack
	bl	el2_setup
	bl	mmu_el2_enable
	mov	x0, x19
	bl	hv_main_secondary
	b	cpu_halt
.Lpark:
	wfe
	b	.Lpark

/* SCTLR_EL2: MMU, alignment check and caches off, before the EL2 map exists. */
el2_caches_off:
	mrs	x1, sctlr_el2
	mov	x2, #(SCTLR_M | SCTLR_A | SCTLR_C)
	bic	x1, x1, x2
	bic	x1, x1, #SCTLR_I
	msr	sctlr_el2, x1
	isb
	ret

/*
 * x0 = MPIDR_EL1 -> x0 = index in board.mpidr[], or -1.
 * Only Aff3..Aff0 are compared (MT and U bits vary between cores).
 */
boot_mpidr_to_cpuid:
	and	x1, x0, #MPIDR_AFF_LO_MASK
	ubfx	x2, x0, #MPIDR_AFF3_SHIFT, #8
	orr	x1, x1, x2, lsl #MPIDR_AFF3_SHIFT
	adr_l	x2, board
	ldr	x3, [x2, #BOARD_OFF_MPIDR]
	ldr	w4, [x2, #BOARD_OFF_NR_CPUS]
	mov	x0, #0
1:	cmp	x0, x4
	b.hs	2f
	ldr	x5, [x3, x0, lsl #3]
	cmp	x5, x1
	b.eq	3f
	add	x0, x0, #1
	b	1b
2:	mov	x0, #-1
3:	ret

/*
 * x0 = logical id: TPIDR_EL2 = its per-CPU area. The stack starts below the guest frame
 * at the very top of the area, which guest exits save into (arch_vcpu_run).
 */
set_percpu_stack:
	adr_l	x1, percpu_areas
	add	x1, x1, x0, lsl #PERCPU_SHIFT
	msr	tpidr_el2, x1
	add	x1, x1, #(PERCPU_SIZE >> 12), lsl #12
	sub	x1, x1, #FRAME_SIZE
	mov	sp, x1
	ret

/* EL2 controls that must be known before any C code runs. */
el2_setup:
	mov	x1, #CPTR_EL2_RES1		/* FP/SIMD not trapped (libfdt uses it) */
	msr	cptr_el2, x1
	mov	x1, #HCR_RW			/* EL1 is AArch64; no traps until a zone runs */
	msr	hcr_el2, x1
	/*
	 * PMU: every event counter belongs to the zone on this CPU (HPMN = PMCR_EL0.N, no
	 * trap); the hypervisor uses none. With PMUv3p1, HPMD keeps EL2 out of the counts.
	 * Without a PMU (PMUVer 0 or IMPDEF) PMCR_EL0 must not be read: MDCR_EL2 = 0.
	 */
	mrs	x1, id_aa64dfr0_el1
	ubfx	x1, x1, #DFR0_PMUVER_SHIFT, #4
	mov	x2, #0
	cbz	x1, 1f
	cmp	x1, #PMUVER_IMPDEF
	b.eq	1f
	mrs	x2, pmcr_el0
	ubfx	x2, x2, #PMCR_N_SHIFT, #5
	cmp	x1, #PMUVER_V3P1
	b.lo	1f
	orr	x2, x2, #MDCR_EL2_HPMD
1:	msr	mdcr_el2, x2
	adr_l	x1, hv_vectors
	msr	vbar_el2, x1
	mov	x1, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	msr	daifset, #0xf			/* EL2 never takes interrupts at EL2 */
	isb
	ret

/* Turn the EL2 identity map (built by mmu_el2_build) on for this CPU. */
	.globl	mmu_el2_enable
mmu_el2_enable:
	ldr	x1, =MAIR_EL2_VALUE
	msr	mair_el2, x1
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #MMFR0_PARANGE_MASK
	cmp	x1, #5				/* EL2 map addresses fit 48 bits */
	mov	x2, #5
	csel	x1, x2, x1, hi
	ldr	x2, =(TCR_EL2_RES1 | TCR_T0SZ(25) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K)
	orr	x2, x2, x1, lsl #TCR_EL2_PS_SHIFT
	msr	tcr_el2, x2
	adr_l	x1, el2_pt_root
	ldr	x1, [x1]
	msr	ttbr0_el2, x1
	dsb	ish
	isb
	tlbi	alle2
	dsb	ish
	isb
	mrs	x1, sctlr_el2
	mov	x2, #(SCTLR_M | SCTLR_C)
	orr	x1, x1, x2
	orr	x1, x1, #SCTLR_I
	orr	x1, x1, #SCTLR_SA
	msr	sctlr_el2, x1
	isb
	ret

/*
 * Park this CPU (arch_hooks.h): the stack starts afresh below the guest frame, so parking
 * from deep inside an exit, any number of times, never grows it.
 */
	.globl	cpu_park
cpu_park:
	msr	daifset, #0xf
	mrs	x1, tpidr_el2
	add	x1, x1, #(PERCPU_SIZE >> 12), lsl #12
	sub	x1, x1, #FRAME_SIZE
	mov	sp, x1
	b	cpu_park_loop

/* Stop this CPU for good (after a fatal report). */
	.globl	cpu_halt
cpu_halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
