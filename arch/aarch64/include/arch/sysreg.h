/* SPDX-License-Identifier: GPL-2.0 */
/* AArch64 system registers: accessors and the bit fields the hypervisor uses. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* Constants usable from C and assembly. */
#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

/* MPIDR_EL1: the affinity fields that identify a CPU (MT and U dropped). */
#define MPIDR_AFF0_SHIFT  0
#define MPIDR_AFF1_SHIFT  8
#define MPIDR_AFF2_SHIFT  16
#define MPIDR_AFF3_SHIFT  32
#define MPIDR_AFF_LO_MASK _UL(0xffffff) /* Aff2..Aff0 */
#define MPIDR_AFF_MASK	  (_UL(0xff00ffffff))
#define MPIDR_AFF(m, n)	  (((m) >> ((n) == 3 ? MPIDR_AFF3_SHIFT : 8 * (n))) & 0xff)

/* HCR_EL2 */
#define HCR_VM	 (_UL(1) << 0)
#define HCR_SWIO (_UL(1) << 1)
#define HCR_FMO	 (_UL(1) << 3)
#define HCR_IMO	 (_UL(1) << 4)
#define HCR_AMO	 (_UL(1) << 5)
#define HCR_VSE	 (_UL(1) << 8)
#define HCR_TSC	 (_UL(1) << 19)
#define HCR_RW	 (_UL(1) << 31)
/* Static partitioning: stage 2 on, SMC and physical IRQ/FIQ to EL2, AArch64 EL1. */
#define HCR_GUEST_FLAGS (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_TSC | HCR_RW)

/* SCTLR_ELx */
#define SCTLR_M	       (_UL(1) << 0)
#define SCTLR_A	       (_UL(1) << 1)
#define SCTLR_C	       (_UL(1) << 2)
#define SCTLR_SA       (_UL(1) << 3)
#define SCTLR_I	       (_UL(1) << 12)
#define SCTLR_EL2_RES1 _UL(0x30c50830)
/* EL1 reset value for a guest: MMU and caches off, RES1 bits only. */
#define SCTLR_EL1_RESET _UL(0x30d00800)

/* SPSR: EL1h with D, A, I, F masked. */
#define SPSR_EL1H	 _UL(0x5)
#define SPSR_DAIF	 (_UL(0xf) << 6)
#define SPSR_GUEST_RESET (SPSR_DAIF | SPSR_EL1H)
#define SPSR_M_AARCH32	 _UL(0x10)
#define SPSR_M_MASK	 _UL(0xf)
#define SPSR_M_EL0T	 _UL(0x0)
#define SPSR_M_EL1T	 _UL(0x4)
/* SPSR of an AArch32 context: T32 state and the IT block state (ITSTATE). */
#define SPSR_A32_T     (_UL(1) << 5)
#define SPSR_A32_IT_LO (_UL(3) << 25)
#define SPSR_A32_IT_HI (_UL(0x3f) << 10)

/* MDCR_EL2: HPMN (counters EL1/EL0 may use), HPMD (no counting at EL2, PMUv3p1). */
#define MDCR_EL2_HPMD (_UL(1) << 17)
/* ID_AA64DFR0_EL1.PMUVer: 0 none, 1 PMUv3, 4 PMUv3p1, 0xf IMPLEMENTATION DEFINED. */
#define DFR0_PMUVER_SHIFT 8
#define PMUVER_V3P1	  4
#define PMUVER_IMPDEF	  0xf
/* PMCR_EL0: N (number of event counters), P/C (reset event/cycle counters). */
#define PMCR_N_SHIFT 11
#define PMCR_P	     (_UL(1) << 1)
#define PMCR_C	     (_UL(1) << 2)

/* CPTR_EL2 (E2H=0): RES1 bits, TFP (bit 10) clear = FP/SIMD not trapped. */
#define CPTR_EL2_RES1 _UL(0x33ff)

/* CNTHCTL_EL2: EL1 may read the physical counter and use the physical timer. */
#define CNTHCTL_EL1PCTEN (_UL(1) << 0)
#define CNTHCTL_EL1PCEN	 (_UL(1) << 1)

/* TCR_EL2 / VTCR_EL2 fields for a 39-bit space, 4 KiB granule, walks inner WB. */
#define TCR_T0SZ(n)	 ((n) << 0)
#define TCR_IRGN0_WBWA	 (_UL(1) << 8)
#define TCR_ORGN0_WBWA	 (_UL(1) << 10)
#define TCR_SH0_INNER	 (_UL(3) << 12)
#define TCR_TG0_4K	 (_UL(0) << 14)
#define TCR_EL2_PS_SHIFT 16
#define TCR_EL2_RES1	 ((_UL(1) << 31) | (_UL(1) << 23))
#define VTCR_SL0_L1	 (_UL(1) << 6)
#define VTCR_PS_SHIFT	 16
#define VTCR_RES1	 (_UL(1) << 31)

/* MAIR_EL2 attribute indexes used by the EL2 map. */
#define MAIR_IDX_DEVICE	   0
#define MAIR_IDX_NORMAL	   1
#define MAIR_IDX_NORMAL_NC 2
#define MAIR_EL2_VALUE	   _UL(0x44ff00)

/* ID_AA64MMFR0_EL1.PARange */
#define MMFR0_PARANGE_MASK _UL(0xf)

#define VTTBR_VMID_SHIFT 48

#ifndef __ASSEMBLER__

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                                       \
		__v;                                                                               \
	})

#define write_sysreg(r, v)                                                                         \
	do {                                                                                       \
		unsigned long __v = (unsigned long)(v);                                            \
		__asm__ volatile("msr " #r ", %0" : : "r"(__v));                                   \
	} while (0)

#define isb()	 __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfe()	 __asm__ volatile("wfe" ::: "memory")
#define wfi()	 __asm__ volatile("wfi" ::: "memory")
#define sev()	 __asm__ volatile("sev" ::: "memory")

#endif
#endif
