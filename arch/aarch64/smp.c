// SPDX-License-Identifier: GPL-2.0
/* Starting and idling physical CPUs; low-power waits on flags. */
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/time.h"
#include "arch_hooks.h"
#include "percpu.h"
#include "zone.h"

extern char secondary_entry[];

u64 arch_read_mpidr(void)
{
	return read_sysreg(mpidr_el1);
}

long arch_cpu_start(cpuid_t id, u64 mpidr)
{
	/* QEMU refuses targets with bits outside the affinity fields. */
	return smc_call(PSCI_CPU_ON_64, mpidr & 0xff00ffffffULL, (u64)(uintptr_t)secondary_entry,
			id);
}

const char *arch_psci_status_name(long st)
{
	switch (st) {
	case PSCI_SUCCESS:
		return "SUCCESS";
	case PSCI_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS:
		return "INVALID_PARAMETERS (is the MPIDR right?)";
	case PSCI_DENIED:
		return "DENIED";
	case PSCI_ALREADY_ON:
		return "ALREADY_ON";
	case PSCI_ON_PENDING:
		return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE:
		return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT:
		return "NOT_PRESENT";
	case PSCI_DISABLED:
		return "DISABLED";
	case PSCI_INVALID_ADDRESS:
		return "INVALID_ADDRESS";
	default:
		return "unknown status";
	}
}

void arch_wait_flag(volatile bool *flag)
{
	/* Check before every WFE: a SEV that came earlier must not be waited for again. */
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE))
		wfe();
}

void arch_signal_flag(volatile bool *flag)
{
	__atomic_store_n(flag, true, __ATOMIC_RELEASE);
	dsb(ish);
	sev();
}

u64 arch_time_us(void)
{
	return arch_time_ns() / 1000;
}

void gicv3_handle_irqs(void);

/*
 * Idle until PSCI CPU_ON (from this CPU's zone) asks for the vCPU: the requester sets
 * power to ON_PENDING and sends the hypervisor's SGI. WFI, not WFE: QEMU really sleeps
 * on it. Whatever woke the CPU is acknowledged (the SGI), or kept for the vCPU (its own
 * interrupts stay active until it runs), so the next WFI sleeps again.
 */
void cpu_park(void)
{
	struct percpu *c = this_cpu();

	for (;;) {
		if (c->zone && c->power == VCPU_ON_PENDING) {
			u64 entry, context;

			spin_lock(&c->power_lock);
			entry = c->on_entry;
			context = c->on_context;
			spin_unlock(&c->power_lock);
			arch_vcpu_run(c->zone, entry, context);
		}
		wfi();
		gicv3_handle_irqs();
	}
}
