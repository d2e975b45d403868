// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exits (lower-EL vectors) and the report for exceptions that must not happen at
 * EL2. Guest behaviour never stops the hypervisor: what cannot be handled is reflected
 * into the guest as the CPU would have done without a hypervisor.
 */
#include "arch/dabt.h"
#include "arch/entry.h"
#include "arch/esr.h"
#include "arch/inject.h"
#include "arch/irqchip.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/sysreg_trap.h"
#include "arch/trap.h"
#include "arch_hooks.h"
#include "hypercall.h"
#include "log.h"
#include "ratelimit.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"

/* Cold paths stay out of line so guest_sync's prologue stays short for HVC and MMIO exits. */
static void __attribute__((noinline, cold)) guest_unexpected(struct trap_frame *f, u64 esr)
{
	struct percpu *c = this_cpu();
	unsigned int ec = ESR_EC(esr);

	pr_warn_ratelimited(
		"unexpected exception",
		"zone %u CPU %u: %s (EC %#x, ESR %#llx) at guest PC %#llx: not emulated, "
		"reflected to the guest as an undefined instruction",
		c->zone ? c->zone->id : 0, c->id, esr_class_name(ec), ec, (unsigned long long)esr,
		(unsigned long long)f->elr);
	inject_guest_undef(f);
}

static void __attribute__((noinline, cold)) guest_iabt(struct trap_frame *f)
{
	u64 far = read_sysreg(far_el2);
	struct percpu *c = this_cpu();

	pr_warn_ratelimited(
		"instruction abort",
		"zone %u CPU %u: instruction fetch from VA %#llx (IPA %#llx) outside the "
		"zone's memory: abort injected",
		c->zone ? c->zone->id : 0, c->id, (unsigned long long)far,
		(unsigned long long)hpfar_fault_ipa(read_sysreg(hpfar_el2), far));
	inject_guest_abort(f, false, false, far);
}

/*
 * An SMCCC fast call over HVC that is not PSCI: the caller speaks SMCCC (Linux probing
 * SMCCC_VERSION or a firmware workaround, a driver trying a SiP service) and must get
 * SMCCC's NOT_SUPPORTED, not a hypercall's -errno, which SMCCC does not define.
 */
static u64 __attribute__((noinline, cold)) smccc_hvc_unknown(struct trap_frame *f)
{
	pr_debug("zone %u CPU %u: SMCCC function %#llx over HVC not supported",
		 this_cpu()->zone->id, this_cpu_id(), (unsigned long long)f->x[0]);
	return (u64)PSCI_NOT_SUPPORTED; /* SMCCC's NOT_SUPPORTED is also -1 */
}

/* An SMC that is not PSCI: forwarded or refused (psci.c), its answer in the frame. */
static u64 __attribute__((noinline)) smc_other(struct trap_frame *f)
{
	smccc_guest_call(f);
	return f->x[0];
}

_Static_assert(EC_HVC64 >> 1 == EC_CALL_PAIR && EC_SMC64 >> 1 == EC_CALL_PAIR &&
		       ESR_EC_SHIFT == ESR_EC_SHIFT_ASM,
	       "vectors.S sends HVC and SMC to guest_call by EC >> 1");
_Static_assert(EC_DABT_LOW >> 1 == EC_DABT_PAIR && ESR_DABT_SRT_SHIFT == ESR_SRT_SHIFT_ASM,
	       "vectors.S sends data aborts to guest_dabt by EC >> 1, short when SRT allows");
_Static_assert(EC_SYS64 >> 1 == EC_SYS_PAIR && (EC_SYS64 & 1) == 0,
	       "vectors.S sends EC_SYS64 to guest_sysreg by EC >> 1 and EC bit 0");

/* PSCI or another SMCCC call, over HVC or SMC; each case a tail call. */
static u64 smccc_call(struct trap_frame *f, u64 esr)
{
	if (ESR_EC(esr) == EC_SMC64)
		f->elr += 4; /* a trapped SMC returns to the SMC itself: step over it */
	if (psci_is_psci_fn(f->x[0])) {
		exit_stat(ZONE_STAT_PSCI);
		return psci_guest_call(f);
	}
	exit_stat(ZONE_STAT_SMCCC);
	if (ESR_EC(esr) == EC_HVC64)
		return smccc_hvc_unknown(f);
	return smc_other(f);
}

u64 guest_call(struct trap_frame *f, u64 esr)
{
	u64 code = f->x[0];

	trace_exit(f, esr);
	/*
	 * A hypercall: HVC with bit 31 of W0 clear, which no PSCI or SMCCC function id has.
	 * ELR already points after the HVC.
	 */
	if (likely(ESR_EC(esr) == EC_HVC64 && !smccc_is_fast_call(code))) {
		exit_stat(ZONE_STAT_HYPERCALL);
		return (u64)hypercall(this_cpu()->zone, f->x[1], f->x[2], code);
	}
	return smccc_call(f, esr);
}

void guest_sync(struct trap_frame *f, u64 esr)
{
	trace_exit(f, esr);
	switch (ESR_EC(esr)) {
	case EC_DABT_LOW:
		guest_dabt(f, esr);
		break;
	case EC_SYS64: /* vectors.S sends these to guest_sysreg itself */
		guest_sysreg(f, esr);
		break;
	case EC_IABT_LOW:
		exit_stat(ZONE_STAT_OTHER);
		guest_iabt(f);
		break;
	default:
		exit_stat(ESR_EC(esr) == EC_WFX ? ZONE_STAT_WFI : ZONE_STAT_OTHER);
		guest_unexpected(f, esr);
		break;
	}
}

void guest_irq(struct trap_frame *f)
{
	(void)f;
	exit_stat(ZONE_STAT_IRQ);
	irqchip_handle_irqs();
}

/* After guest_irq, the zone is being stopped (zone_shutdown kicked this CPU): leave it. */
void guest_irq_stop(void)
{
	cpu_take_stop();
	cpu_park();
}

/*
 * The Group 0 kick, sent to CPUs of direct-mode zones (gic/gicv3/direct.c); the same
 * work as the IRQ exit's hypervisor SGI.
 */
void guest_fiq(struct trap_frame *f)
{
	(void)f;
	exit_stat(ZONE_STAT_IRQ);
	irqchip_handle_fiqs();
	if (unlikely(__atomic_load_n(&this_cpu()->stop_req, __ATOMIC_ACQUIRE))) {
		cpu_take_stop();
		cpu_park();
	}
}

void guest_serror(struct trap_frame *f)
{
	exit_stat(ZONE_STAT_OTHER);
	pr_err("CPU %u: SError from the guest (ESR %#llx, guest PC %#llx); continuing",
	       this_cpu_id(), (unsigned long long)read_sysreg(esr_el2), (unsigned long long)f->elr);
}

static const char *const kind_names[] = {
	[EXC_EL2_SYNC] = "synchronous exception at EL2",
	[EXC_EL2_IRQ] = "IRQ taken at EL2",
	[EXC_EL2_FIQ] = "FIQ taken at EL2",
	[EXC_EL2_SERROR] = "SError at EL2",
	[EXC_EL2_SP0] = "exception at EL2 on SP_EL0",
};

/* A hypervisor bug: say everything that helps find it, then stop this CPU. */
void el2_exception_report(struct trap_frame *f, unsigned int kind)
{
	u64 esr = read_sysreg(esr_el2);
	unsigned int ec = ESR_EC(esr);

	pr_err("FATAL: %s on CPU %u",
	       kind < ARRAY_SIZE(kind_names) ? kind_names[kind] : "exception", this_cpu_id());
	pr_err("  EC %#x (%s), ESR %#llx, FAR %#llx", ec, esr_class_name(ec),
	       (unsigned long long)esr, (unsigned long long)read_sysreg(far_el2));
	pr_err("  ELR %#llx, SPSR %#llx, SP %#llx", (unsigned long long)f->elr,
	       (unsigned long long)f->spsr, (unsigned long long)((uintptr_t)f + sizeof(*f)));
	for (unsigned int i = 0; i < 31; i += 4) {
		if (i + 3 < 31)
			pr_err("  x%-2u %016llx x%-2u %016llx x%-2u %016llx x%-2u %016llx", i,
			       (unsigned long long)f->x[i], i + 1, (unsigned long long)f->x[i + 1],
			       i + 2, (unsigned long long)f->x[i + 2], i + 3,
			       (unsigned long long)f->x[i + 3]);
		else
			pr_err("  x%-2u %016llx x%-2u %016llx x%-2u %016llx", i,
			       (unsigned long long)f->x[i], i + 1, (unsigned long long)f->x[i + 1],
			       i + 2, (unsigned long long)f->x[i + 2]);
	}
	pr_err("CPU %u stopped; the other CPUs go on", this_cpu_id());
}
