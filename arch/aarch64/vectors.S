/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 exception vectors. Every entry saves the interrupted context as a struct trap_frame
 * on the EL2 stack and calls C; exits from a guest return through guest_return, which
 * restores the frame (ELR/SPSR included, so handlers can redirect the guest) and ERETs.
 * The most frequent exits, HVC, SMC and IRQ, save and restore only what C may clobber
 * (save_frame_short): about a third fewer loads and stores on those paths.
 */
#include "arch/asm_defs.h"

/* Kinds passed to el2_exception_report (see arch/trap.h). */
#define KIND_EL2_SYNC 0
#define KIND_EL2_IRQ 1
#define KIND_EL2_FIQ 2
#define KIND_EL2_SERROR 3
#define KIND_EL2_SP0 4

/* The registers any C function may clobber, but x0, x1, x18 and x30. */
.macro save_x2_x17
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
.endm

.macro restore_x2_x17
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
.endm

/* x30, ELR and SPSR (x2, x3 are saved already), then x0 = the frame. */
.macro save_x30_elr_spsr
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	str	x30, [sp, #FRAME_X30]
	stp	x2, x3, [sp, #FRAME_ELR]
	mov	x0, sp
.endm

/* x0 and x1 are saved already; x1 is left as it is (the sync vector's ESR). */
.macro save_frame_rest
	save_x2_x17
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	save_x30_elr_spsr
.endm

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	save_frame_rest
.endm

/*
 * The short save of the exits whose handlers read no register above x17 and change none
 * (HVC, SMC, IRQ): the registers a C function may clobber (x0-x18, x30), ELR and SPSR.
 * x19-x29 stay in the CPU: the C code preserves them (AAPCS64) and the short return
 * leaves them as they are. A handler that does not return (a CPU parked) drops the
 * frame; the vCPU restarts from a new, full one. x19 goes along with x18 for free.
 */
.macro save_frame_short
	save_x2_x17
	stp	x18, x19, [sp, #FRAME_X18]
	save_x30_elr_spsr
.endm

/* Each vector entry holds 32 instructions: a longer one would shift the next silently. */
.macro vector_fits start
	.if (. - \start) > 0x80
	.error "an exception vector entry is longer than 0x80 bytes"
	.endif
.endm

/*
 * A synchronous guest exit. HVC and SMC (x1 = ESR) take the short save and guest_call,
 * which returns the guest's new x0; data aborts go to guest_dabt_entry; everything else
 * the full frame and guest_sync.
 */
.macro guest_sync_vector
	.balign	0x80
.Lvector\@:
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mrs	x1, esr_el2
	ubfx	x0, x1, #(ESR_EC_SHIFT_ASM + 1), #5
	cmp	x0, #EC_CALL_PAIR
	b.eq	guest_call_entry
	cmp	x0, #EC_DABT_PAIR
	b.eq	guest_dabt_entry
	cmp	x0, #EC_SYS_PAIR
	b.eq	guest_sysreg_entry
	save_frame_rest			/* leaves x1 = ESR */
	bl	guest_sync
	b	guest_return
	vector_fits .Lvector\@
.endm

/*
 * An IRQ exit: the short save (guest_irq reads no register), the short return. A CPU
 * whose zone is being stopped (zone_shutdown set stop_req and kicked it) leaves it in
 * guest_irq_stop instead; checked here so that guest_irq needs no stack frame.
 */
.macro guest_irq_vector
	.balign	0x80
.Lvector\@:
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	save_frame_short
	bl	guest_irq
	mrs	x0, tpidr_el2
	add	x0, x0, #PERCPU_OFF_STOP_REQ
	ldarb	w0, [x0]
	cbnz	w0, guest_irq_stop
	ldr	x0, [sp, #16 * 0]
	b	guest_return_short
	vector_fits .Lvector\@
.endm

/* A guest exit: save, call the handler with the frame, return to the guest. */
.macro guest_vector handler
	.balign	0x80
.Lvector\@:
	save_frame
	bl	\handler
	b	guest_return
	vector_fits .Lvector\@
.endm

/* Anything else: save, report and stop this CPU (never returns). */
.macro report_vector kind
	.balign	0x80
.Lvector\@:
	save_frame
	mov	x1, #\kind
	bl	el2_exception_report
	b	cpu_halt
	vector_fits .Lvector\@
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	hv_vectors
hv_vectors:
	/* Current EL with SP_EL0: never used by the hypervisor. */
	report_vector KIND_EL2_SP0
	report_vector KIND_EL2_SP0
	report_vector KIND_EL2_SP0
	report_vector KIND_EL2_SP0
	/* Current EL with SP_EL2: a hypervisor bug. */
	report_vector KIND_EL2_SYNC
	report_vector KIND_EL2_IRQ
	report_vector KIND_EL2_FIQ
	report_vector KIND_EL2_SERROR
	/* Lower EL, AArch64: guest exits. */
	guest_sync_vector
	guest_irq_vector
	guest_vector guest_fiq
	guest_vector guest_serror
	/*
	 * Lower EL, AArch32: not used while EL1 is AArch64 (HCR_EL2.RW = 1). The offset
	 * follows the state of the EL just below EL2, so exits from a guest's 32-bit EL0
	 * processes arrive at the AArch64 entries above. Same handlers, should that change.
	 */
	guest_sync_vector
	guest_irq_vector
	guest_vector guest_fiq
	guest_vector guest_serror

	.text
/*
 * A data abort (x1 = ESR): the MMIO emulation reads or writes one register, Rt (ISS.SRT).
 * When it is one the short save keeps (not x19-x29), the short save will do; with no
 * valid syndrome SRT means nothing, and the abort injected changes only ELR and SPSR.
 */
/*
 * x1 = ESR of an exit whose handler reads or writes one register, Rt, at ISS bit
 * rt_shift: the short save and return unless Rt is one of x19-x29 (left in the CPU by
 * the short save), the full ones then.
 */
.macro rt_exit handler, rt_shift
	ubfx	x0, x1, #\rt_shift, #5
	sub	x0, x0, #19
	cmp	x0, #(29 - 19)
	b.ls	.Lfull\@
	save_frame_short
	bl	\handler
	ldr	x0, [sp, #16 * 0]
	b	guest_return_short
.Lfull\@:
	save_frame_rest
	bl	\handler
	b	guest_return
.endm

guest_dabt_entry:
	rt_exit	guest_dabt, ESR_SRT_SHIFT_ASM

/*
 * EC 0x18 or 0x19 (x1 = ESR). A trapped MSR/MRS (0x18) reads or writes one register, Rt
 * (ISS[9:5]): the short save when the short return restores it. 0x19 (SVE, not
 * expected) goes to guest_sync with the full frame.
 */
guest_sysreg_entry:
	tbnz	x1, #ESR_EC_SHIFT_ASM, 1f
	rt_exit	guest_sysreg, ESR_SYS_RT_SHIFT_ASM
1:	save_frame_rest
	bl	guest_sync
	b	guest_return

/* HVC or SMC (x1 = ESR): the short save, guest_call, x0 = its answer, the short return. */
guest_call_entry:
	save_frame_short
	bl	guest_call
	/* fall through */
/* Restore what the short save saved (x0 is already the guest's) and return to it. */
guest_return_short:
	ldp	x2, x3, [sp, #FRAME_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldr	x1, [sp, #16 * 0 + 8]
	restore_x2_x17
	ldr	x18, [sp, #FRAME_X18]
	ldr	x30, [sp, #FRAME_X30]
	add	sp, sp, #FRAME_SIZE
	eret

	.globl	guest_return
/* Restore the frame at sp and return to the guest. Also the first entry into a zone. */
guest_return:
	ldp	x1, x2, [sp, #FRAME_ELR]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x0, x1, [sp, #16 * 0]
	restore_x2_x17
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #FRAME_ELR - 8]
	add	sp, sp, #FRAME_SIZE
	eret

/* x0 = a trap_frame at the top of this CPU's stack: enter the guest it describes. */
	.globl	guest_enter
guest_enter:
	mov	sp, x0
	b	guest_return
