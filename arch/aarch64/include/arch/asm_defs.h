/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sizes and offsets shared by assembly and C. C code checks each one against the real
 * struct with _Static_assert (arch/trap.h for the frame, arch/aarch64/percpu.c for the
 * per-CPU area, core/board_cpu.c for struct board).
 */
#ifndef ARCH_ASM_DEFS_H
#define ARCH_ASM_DEFS_H

/* Per-CPU area: struct percpu at the bottom, the EL2 stack growing down from the top. */
#define PERCPU_SHIFT 16
#define PERCPU_SIZE  (1 << PERCPU_SHIFT)

/* struct percpu: stop_req (checked on the IRQ exit's way out). */
#define PERCPU_OFF_STOP_REQ 176

/* struct trap_frame: x0..x30, elr, spsr, padding to 16 bytes. */
#define FRAME_ELR  248
#define FRAME_SPSR 256
#define FRAME_SIZE 272
#define FRAME_X18  144
#define FRAME_X30  240

/* ESR_EL2.EC of HVC64 (0x16) and SMC64 (0x17) without its lowest bit (checked in trap.c). */
#define ESR_EC_SHIFT_ASM 26
#define EC_CALL_PAIR	 0xb
/* ESR_EL2.EC of a data abort from a lower EL (0x24) without its lowest bit (0x25 is EL2's). */
#define EC_DABT_PAIR	  0x12
#define ESR_SRT_SHIFT_ASM 16
/* ESR_EL2.EC of a trapped MSR/MRS (0x18) without its lowest bit (0x19 is SVE's). */
#define EC_SYS_PAIR	     0xc
#define ESR_SYS_RT_SHIFT_ASM 5

/* struct board: the MPIDR table pointer and the CPU count. */
#define BOARD_OFF_MPIDR	  16
#define BOARD_OFF_NR_CPUS 24

#endif
