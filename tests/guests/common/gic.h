/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3, generic timer and PSCI helpers for the test guests (vgic, hostile, fuzz). With
 * the guest's MMU off, GIC registers are reached by plain single-register loads and stores (written
 * in assembly so the compiler never merges them into pairs the hypervisor cannot
 * emulate), the CPU interface by ICC_* system registers.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include "guest.h"

/* QEMU virt, gic-version=3 */
#define GICD_BASE	0x08000000UL
#define GICR_BASE	0x080a0000UL
#define GICR_FRAME_SIZE 0x20000UL
#define GICR_SGI_OFF	0x10000UL

#define GICD_CTLR	    0x0000
#define GICD_TYPER	    0x0004
#define GICD_IIDR	    0x0008
#define GICD_IGROUPR	    0x0080
#define GICD_ISENABLER	    0x0100
#define GICD_ICENABLER	    0x0180
#define GICD_ISPENDR	    0x0200
#define GICD_ICPENDR	    0x0280
#define GICD_ISACTIVER	    0x0300
#define GICD_ICACTIVER	    0x0380
#define GICD_IPRIORITYR	    0x0400
#define GICD_ICFGR	    0x0c00
#define GICD_IROUTER	    0x6000
#define GICD_PIDR2	    0xffe8
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_CTLR_ARE	    (1u << 4)
#define GICD_TYPER_LPIS	    (1u << 17)

#define GICR_CTLR		   0x0000
#define GICR_TYPER		   0x0008
#define GICR_WAKER		   0x0014
#define GICR_TYPER_LAST		   (1ULL << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
/* In the SGI_base frame (RD_base + 0x10000) */
#define GICR_IGROUPR0	 0x0080
#define GICR_ISENABLER0	 0x0100
#define GICR_ICENABLER0	 0x0180
#define GICR_ISPENDR0	 0x0200
#define GICR_ICPENDR0	 0x0280
#define GICR_IPRIORITYR0 0x0400

/* CPU interface system registers (encodings: the assembler needs no GIC extension). */
#define ICC_PMR_EL1	    S3_0_C4_C6_0
#define ICC_IAR1_EL1	    S3_0_C12_C12_0
#define ICC_EOIR1_EL1	    S3_0_C12_C12_1
#define ICC_HPPIR1_EL1	    S3_0_C12_C12_2
#define ICC_BPR1_EL1	    S3_0_C12_C12_3
#define ICC_CTLR_EL1	    S3_0_C12_C12_4
#define ICC_SRE_EL1	    S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1	    S3_0_C12_C12_7
#define ICC_DIR_EL1	    S3_0_C12_C11_1
#define ICC_RPR_EL1	    S3_0_C12_C11_3
#define ICC_SGI1R_EL1	    S3_0_C12_C11_5
#define ICC_AP1R0_EL1	    S3_0_C12_C9_0
#define ICC_CTLR_EOIMODE    (1u << 1)
#define ICC_CTLR_PRIBITS(v) ((((v) >> 8) & 7) + 1)

#define SGI1R_IRM (1ULL << 40)

/*
 * QEMU virt, gic-version=2 (tests/guests/vgic2): the distributor as above (GICD_ITARGETSR
 * and GICD_SGIR instead of IROUTER and ICC_SGI1R), and the CPU interface in memory, where
 * the hypervisor maps the virtual one.
 */
#define GICC_BASE	    0x08010000UL
#define GICC_CTLR	    0x0000
#define GICC_PMR	    0x0004
#define GICC_BPR	    0x0008
#define GICC_IAR	    0x000c
#define GICC_EOIR	    0x0010
#define GICC_RPR	    0x0014
#define GICC_HPPIR	    0x0018
#define GICC_APR0	    0x00d0
#define GICC_DIR	    0x1000
#define GICC_CTLR_ENABLE    (1u << 0) /* group 0: the group a GICv2 guest's interrupts are in */
#define GICC_CTLR_EOIMODE   (1u << 9)
#define GICC_IAR_INTID	    0x3ffu
#define GICD_ITARGETSR	    0x0800
#define GICD_SGIR	    0x0f00
#define GICD_SGIR_TARGET(t) ((uint32_t)(t) << 16)
#define GICD_SGIR_OTHERS    (1u << 24)
#define GICD_SGIR_SELF	    (2u << 24)
#define GICC_SIZE	    0x10000UL
#define GICH_BASE	    0x08030000UL
#define GICV_BASE	    0x08040000UL

#define INTID_SPURIOUS 1020
#define PPI_VTIMER     27

/* PSCI (Arm DEN 0022) */
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON_64		0xc4000003u
#define PSCI_AFFINITY_INFO_64	0xc4000004u
#define PSCI_SUCCESS		0
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)

#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb" : : : "memory");
}

static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline uint32_t mmio_r32(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_w32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline uint64_t mmio_r64(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void mmio_w64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline uint16_t mmio_r16(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint16_t)v;
}

static inline uint8_t mmio_r8(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint8_t)v;
}

static inline void mmio_w8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"((uint32_t)v), "r"(a) : "memory");
}

static inline uint64_t cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline unsigned int this_cpu(void)
{
	return (unsigned int)(read_sysreg(mpidr_el1) & 0xff);
}

/* Microseconds as CNTVCT ticks (CNTFRQ_EL0, set once by firmware). */
static inline uint64_t us_ticks(uint64_t us)
{
	return us * read_sysreg(cntfrq_el0) / 1000000;
}

static inline void delay_us(uint64_t us)
{
	uint64_t end = cntvct() + us_ticks(us);

	while (cntvct() < end)
		;
}

/* Poll cond until it holds or us microseconds passed; true if it held. */
#define WAIT_US(cond, us)                                                                          \
	({                                                                                         \
		uint64_t __end = cntvct() + us_ticks(us);                                          \
		bool __ok;                                                                         \
		while (!(__ok = (cond)) && cntvct() < __end)                                       \
			;                                                                          \
		__ok;                                                                              \
	})

/* One bit per interrupt GICD registers (ISENABLER .. ICACTIVER). */
static inline void gicd_set_bit(uint32_t reg, uint32_t intid)
{
	mmio_w32(GICD_BASE + reg + (intid / 32) * 4, 1u << (intid % 32));
}

static inline bool gicd_get_bit(uint32_t reg, uint32_t intid)
{
	return (mmio_r32(GICD_BASE + reg + (intid / 32) * 4) >> (intid % 32)) & 1;
}

#endif
