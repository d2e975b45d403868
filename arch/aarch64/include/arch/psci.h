/* SPDX-License-Identifier: GPL-2.0 */
/* PSCI (Arm DEN 0022) function ids and return codes. */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include "types.h"

#define PSCI_VERSION	       0x84000000u
#define PSCI_CPU_SUSPEND_32    0x84000001u
#define PSCI_CPU_OFF	       0x84000002u
#define PSCI_CPU_ON_32	       0x84000003u
#define PSCI_AFFINITY_INFO_32  0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF	       0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES	       0x8400000au
#define PSCI_CPU_SUSPEND_64    0xc4000001u
#define PSCI_CPU_ON_64	       0xc4000003u
#define PSCI_AFFINITY_INFO_64  0xc4000004u

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)
#define PSCI_NOT_PRESENT	(-7)
#define PSCI_DISABLED		(-8)
#define PSCI_INVALID_ADDRESS	(-9)

/* PSCI 1.1 */
#define PSCI_VERSION_1_1 0x10001

/* SMC Calling Convention (Arm DEN 0028) function ids. */
#define SMCCC_FAST_CALL	      (1u << 31)
#define SMCCC_64BIT	      (1u << 30) /* the SMC64/HVC64 convention: 64-bit arguments */
#define SMCCC_OWNER_SHIFT     24
#define SMCCC_OWNER(fn)	      (((fn) >> SMCCC_OWNER_SHIFT) & 0x3f)
#define SMCCC_OWNER_ARCH      0
#define SMCCC_OWNER_SIP	      2
#define SMCCC_OWNER_OEM	      3
#define SMCCC_OWNER_STANDARD  4 /* PSCI lives here */
#define SMCCC_OWNER_TOS_FIRST 0x32
#define SMCCC_NOT_SUPPORTED   (-1)

/* PSCI functions: standard service calls 0x00-0x1f, in both conventions. */
#define PSCI_FN_FIRST 0x84000000u
#define PSCI_FN_LAST  0x8400001fu

static inline bool psci_is_psci_fn(u64 fn)
{
	u64 f = fn & ~(u64)SMCCC_64BIT;

	return f >= PSCI_FN_FIRST && f <= PSCI_FN_LAST;
}

/*
 * SMCCC fast calls have bit 31 of W0 set; hvisor's hypercall codes are small numbers, so
 * an HVC with this bit set is an SMCCC call, answered as SMCCC says.
 */
static inline bool smccc_is_fast_call(u64 x0)
{
	return (x0 & 0x80000000ULL) != 0;
}

/* An SMC to the firmware (EL3 or QEMU's built-in PSCI): x0..x3 in, x0 out. */
static inline long smc_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (long)x0;
}

struct trap_frame;
/* Handle the PSCI call in the frame (x0 = function id) for the running zone; returns the
 * guest's new x0 (the frame's x0 is left as it was). */
u64 psci_guest_call(struct trap_frame *f);
/* SMCs that are not PSCI: forward what firmware should see, refuse the rest. */
void smccc_guest_call(struct trap_frame *f);

#endif
