// SPDX-License-Identifier: GPL-2.0
/*
 * The basic test guest: runs as the root zone's kernel and checks, from the guest's side,
 * the hypercall ABI, PSCI over both conduits, unknown SMCs and unhandled MMIO. The system
 * tests (tests/system/test_boot.py) read its "GUEST: ..." lines.
 */
#include "guest.h"
#include "hvisor/hypercall.h"

#define PSCI_VERSION	0x84000000u
#define PSCI_FEATURES	0x8400000au
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_CPU_ON_64	0xc4000003u

/* A device the root zone does not own: QEMU virt's PL031 RTC. */
#define UNOWNED_MMIO 0x09010000UL

static volatile uint64_t magic_slot __attribute__((aligned(8)));

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	int64_t r;

	guest_printf("GUEST: basic test guest at EL%u, x0 = %x\n",
		     (uint64_t)((read_sysreg(CurrentEL) >> 2) & 3), dtb);

	magic_slot = 0;
	r = guest_hvc(HVISOR_HC_CONFIG_CHECK, (uint64_t)(uintptr_t)&magic_slot, 0, 0);
	guest_check("hvc6-valid", r == 0 && magic_slot == 5, "ret=%d magic=%u", r, magic_slot);

	/* An address outside the zone's RAM (the hypervisor's own image). */
	r = guest_hvc(HVISOR_HC_CONFIG_CHECK, 0x40400000UL, 0, 0);
	guest_check("hvc6-bad-addr", r == -14, "ret=%d, expected -14 (EFAULT)", r);

	r = guest_hvc(12345, 0, 0, 0);
	guest_check("hvc-unknown", r == -38, "ret=%d, expected -38 (ENOSYS)", r);

	r = guest_smc(PSCI_VERSION, 0, 0, 0);
	guest_check("psci-version-smc", r == 0x10001, "ret=%x, expected 0x10001", (uint64_t)r);

	r = guest_hvc(PSCI_VERSION, 0, 0, 0);
	guest_check("psci-version-hvc", r == 0x10001, "ret=%x, expected 0x10001", (uint64_t)r);

	r = guest_smc(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0);
	guest_check("psci-features", r == 0 && guest_smc(PSCI_FEATURES, 0x840000ffu, 0, 0) == -1,
		    "FEATURES(SYSTEM_OFF)=%d", r);

	r = guest_smc(0x82000001u, 0, 0, 0); /* a SiP call nobody implements */
	guest_check("smc-unknown", r == -1, "ret=%d, expected -1 (NOT_SUPPORTED)", r);

	unsigned int before = guest_last_exc.count;
	uint32_t v = *(volatile uint32_t *)UNOWNED_MMIO;

	(void)v;
	guest_check(
		"mmio-unhandled",
		guest_last_exc.count == before + 1 && ((guest_last_exc.esr >> 26) & 0x3f) == 0x25 &&
			(guest_last_exc.esr & 0x3f) == 0x10 && guest_last_exc.far == UNOWNED_MMIO,
		"exceptions=%u ESR=%x FAR=%x", (uint64_t)(guest_last_exc.count - before),
		guest_last_exc.esr, guest_last_exc.far);

	/*
	 * A 32-bit EL0 process touching a device its zone does not own: the abort reaches
	 * the hypervisor through its AArch32 vectors and comes back to EL1 as a data abort
	 * from a lower EL.
	 */
	before = guest_last_exc.count;
	if (guest_has_a32_el0())
		run_a32_el0(a32_code_load, UNOWNED_MMIO);
	guest_check(
		"aarch32-el0-abort",
		guest_has_a32_el0() && a32_exit_kind == 12 && guest_last_exc.count == before + 1 &&
			((guest_last_exc.esr >> 26) & 0x3f) == 0x24 &&
			(guest_last_exc.esr & 0x3f) == 0x10 && guest_last_exc.far == UNOWNED_MMIO,
		"AArch32 EL0 %u, exit vector %u, ESR=%x FAR=%x", (uint64_t)guest_has_a32_el0(),
		(uint64_t)a32_exit_kind, guest_last_exc.esr, guest_last_exc.far);

	guest_done();
}
