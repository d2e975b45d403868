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

#define GICD_BASE	 0x08000000UL
#define GICD_TYPER	 0x4
#define GICD_IPRIORITY12 0x430 /* INTIDs 48-51, the root zone's */

void regs_probe(uint64_t gicd, uint64_t *out);

/*
 * The hypervisor saves only some registers on HVC, SMC, IRQ and most MMIO exits and
 * relies on its C code to keep the others (vectors.S): every register the guest did not
 * ask to change must come back as it was, also when an MMIO access names one of those.
 */
static void check_registers_kept(void)
{
	static uint64_t out[55];
	volatile uint32_t *prio = (volatile uint32_t *)(GICD_BASE + GICD_IPRIORITY12);
	unsigned int bad_hvc = 0, bad_mmio = 0;

	regs_probe(GICD_BASE, out);
	for (unsigned int n = 1; n <= 30; n++) {
		uint64_t want = n == 9	  ? GICD_BASE
				: n == 10 ? (uint64_t)(uintptr_t)out
					  : 0x5a00 + n;

		if (out[n] != want)
			bad_hvc = n;
	}
	guest_check("hvc-keeps-registers", out[0] == (uint64_t)-38 && !bad_hvc,
		    "x0 = %d, x%u changed to %x", (int64_t)out[0], (uint64_t)bad_hvc, out[bad_hvc]);
	for (unsigned int n = 19; n <= 29; n++)
		if (n != 21 && n != 23 && n != 27 && out[n + 14] != 0x5a00 + n)
			bad_mmio = n;
	guest_check("mmio-high-registers",
		    out[31] == *(volatile uint32_t *)(GICD_BASE + GICD_TYPER) && out[32] == *prio &&
			    out[32] != 0 && out[37] == 0xa0a0a0a0 && !bad_mmio,
		    "x21 = %x (TYPER), x27 = %x (priorities %x), x%u changed", out[31], out[32],
		    (uint64_t)*prio, (uint64_t)bad_mmio);
	*prio = 0;
	bad_mmio = 0;
	for (unsigned int n = 19; n <= 29; n++) {
		uint64_t want = n == 21	  ? out[31]
				: n == 23 ? 0xa0a0a0a0
				: n == 24 ? 0x1000001
				: n == 27 ? out[32]
					  : 0x5a00 + n;

		if (out[n + 25] != want)
			bad_mmio = n;
	}
	guest_check("sysreg-high-registers", !bad_mmio,
		    "after an ICC_SGI1R_EL1 write from x24, x%u changed to %x", (uint64_t)bad_mmio,
		    out[bad_mmio + 25]);
}

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

	check_registers_kept();

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
