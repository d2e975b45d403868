// SPDX-License-Identifier: GPL-2.0
/* Starting and parking physical CPUs; low-power waits on flags. */
#include "arch/entry.h"
#include "arch/irqchip.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch_hooks.h"
#include "percpu.h"
#include "zone.h"

u64 arch_read_mpidr(void)
{
	return read_sysreg(mpidr_el1);
}

long arch_cpu_start(cpuid_t id, u64 mpidr)
{
	/* QEMU refuses targets with bits outside the affinity fields. */
	return smc_call(PSCI_CPU_ON_64, mpidr & MPIDR_AFF_MASK, (u64)(uintptr_t)secondary_entry,
			id);
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

void arch_cpu_kick(cpuid_t id)
{
	irqchip_send_hv_ipi(percpu_of(id));
}

/* Leave the vCPU for good (its zone is being stopped) and tell the one who asked. */
void cpu_take_stop(void)
{
	struct percpu *c = this_cpu();

	arch_vcpu_stop();
	__atomic_store_n(&c->stop_req, false, __ATOMIC_RELEASE);
}

/*
 * Idle until PSCI CPU_ON (from this CPU's zone) or a zone start asks for the vCPU: the
 * requester sets power to ON_PENDING and sends the hypervisor's SGI. WFI, not WFE: QEMU
 * really sleeps on it. Whatever woke the CPU is acknowledged (the SGI), or kept for the
 * vCPU (its own interrupts stay active until it runs), so the next WFI sleeps again.
 * entry.S's cpu_park() enters here on a fresh stack.
 */
void cpu_park_loop(void)
{
	struct percpu *c = this_cpu();

	for (;;) {
		if (__atomic_load_n(&c->stop_req, __ATOMIC_ACQUIRE))
			cpu_take_stop();
		if (c->zone && c->zone->state == ZONE_RUNNING && c->power == VCPU_ON_PENDING) {
			u64 entry, context;

			spin_lock(&c->power_lock);
			entry = c->on_entry;
			context = c->on_context;
			spin_unlock(&c->power_lock);
			arch_vcpu_run(c->zone, entry, context);
		}
		wfi();
		irqchip_handle_irqs();
		irqchip_handle_fiqs(); /* a CPU of a direct-mode zone is kicked by Group 0 */
	}
}
