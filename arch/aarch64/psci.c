// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI for guests, over SMC or HVC: each zone sees a PSCI 1.1 firmware that knows only the
 * zone's own CPUs. SYSTEM_OFF and SYSTEM_RESET from the root zone go to the real firmware.
 */
#include "arch/irqchip.h"
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/trap.h"
#include "arch/vgic.h"
#include "arch_hooks.h"
#include "board.h"
#include "log.h"
#include "ratelimit.h"
#include "percpu.h"
#include "zone.h"

#define PSCI_MIGRATE_TOS_NOT_PRESENT 2

static long psci_features(u64 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_CPU_OFF:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

/* The CPU of zone z with this MPIDR, or NULL; *st says why not. */
static struct percpu *zone_cpu(struct zone *z, u64 mpidr, long *st)
{
	cpuid_t t = board_cpuid_of_mpidr(&board, mpidr);

	if (t == INVALID_CPUID) {
		*st = PSCI_INVALID_PARAMETERS;
		return NULL;
	}
	if (percpu_of(t)->zone != z || z->state != ZONE_RUNNING) {
		*st = PSCI_DENIED;
		return NULL;
	}
	return percpu_of(t);
}

static long psci_cpu_on(struct zone *z, u64 mpidr, u64 entry, u64 context)
{
	struct percpu *t;
	paddr_t pa;
	long st = PSCI_INTERNAL_FAILURE;

	t = zone_cpu(z, mpidr, &st);
	if (!t) {
		pr_debug("zone %u: PSCI CPU_ON of MPIDR %#llx refused (%ld): not a CPU of the zone",
			 z->id, (unsigned long long)mpidr, st);
		return st;
	}
	if (zone_ram_ipa_to_pa(z, entry, 4, &pa))
		return PSCI_INVALID_ADDRESS;
	spin_lock(&t->power_lock);
	if (t->power == VCPU_ON)
		st = PSCI_ALREADY_ON;
	else if (t->power == VCPU_ON_PENDING)
		st = PSCI_ON_PENDING;
	else {
		t->on_entry = entry;
		t->on_context = context;
		t->power = VCPU_ON_PENDING;
		st = PSCI_SUCCESS;
	}
	spin_unlock(&t->power_lock);
	if (st == PSCI_SUCCESS)
		irqchip_send_hv_ipi(t); /* the target sleeps in cpu_park() */
	return st;
}

static long psci_affinity_info(struct zone *z, u64 mpidr, u64 level)
{
	struct percpu *t;
	long st = PSCI_INVALID_PARAMETERS;

	if (level != 0)
		return PSCI_INVALID_PARAMETERS;
	t = zone_cpu(z, mpidr, &st);
	return t ? (long)t->power : PSCI_INVALID_PARAMETERS;
}

/* CPU_OFF: this vCPU stops; its interrupts are let go and the CPU parks until CPU_ON. */
static void __attribute__((noreturn)) psci_cpu_off(struct zone *z)
{
	struct percpu *c = this_cpu();

	pr_debug("zone %u: CPU %u off", z->id, c->id);
	arch_vcpu_stop();
	cpu_park();
}

/*
 * SYSTEM_OFF ends a zone other than the root; SYSTEM_RESET stops it (its image is no longer
 * pristine) until the root shuts it down. From the root zone both reach the firmware, the
 * whole machine, unless the board spares running zones.
 */
static long psci_system(struct zone *z, u64 fn)
{
	const char *what = fn == PSCI_SYSTEM_OFF ? "SYSTEM_OFF" : "SYSTEM_RESET";

	if (z->id != 0) {
		if (fn == PSCI_SYSTEM_OFF)
			zone_shutdown_self(z);
		zone_stop_self(z);
	}
	if (board.root_reset_spares_zones && zone_count() > 1) {
		pr_warn_ratelimited("PSCI root reset",
				    "zone 0 asked for PSCI %s while %u other zone(s) run: refused "
				    "(root_reset_spares_zones in %s); shut them down first",
				    what, zone_count() - 1, board.file);
		return PSCI_DENIED;
	}
	pr_info("zone 0 asked for PSCI %s: passing it to the firmware", what);
	return smc_call(fn, 0, 0, 0); /* returns only if the firmware refuses */
}

/* The calls that take arguments or change state: out of line, with their frame. */
static long __attribute__((noinline)) psci_call(struct trap_frame *f, u64 fn)
{
	struct zone *z = this_cpu()->zone;
	bool smc32 = !(fn & SMCCC_64BIT);
	u64 a1 = smc32 ? f->x[1] & 0xffffffffULL : f->x[1];
	u64 a2 = smc32 ? f->x[2] & 0xffffffffULL : f->x[2];
	u64 a3 = smc32 ? f->x[3] & 0xffffffffULL : f->x[3];
	long ret;

	switch (fn) {
	case PSCI_FEATURES:
		ret = psci_features(a1);
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ret = psci_cpu_on(z, a1, a2, a3);
		break;
	case PSCI_CPU_OFF:
		psci_cpu_off(z);
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		ret = psci_affinity_info(z, a1, a2);
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		ret = psci_system(z, fn);
		break;
	default:
		pr_debug("zone %u CPU %u: PSCI function %#llx not supported", z->id, this_cpu_id(),
			 (unsigned long long)fn);
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	return ret;
}

/* The queries that need nothing answer here, without a stack frame. */
u64 psci_guest_call(struct trap_frame *f)
{
	u64 fn = f->x[0] & 0xffffffffULL;

	switch (fn) {
	case PSCI_VERSION:
		return PSCI_VERSION_1_1;
	case PSCI_MIGRATE_INFO_TYPE:
		return PSCI_MIGRATE_TOS_NOT_PRESENT;
	default:
		return (u64)psci_call(f, fn);
	}
}

/* Forward an SMC unchanged (x0..x7 in, x0..x3 back) to the EL3 firmware. */
static void smc_forward(struct trap_frame *f)
{
	register u64 x0 __asm__("x0") = f->x[0];
	register u64 x1 __asm__("x1") = f->x[1];
	register u64 x2 __asm__("x2") = f->x[2];
	register u64 x3 __asm__("x3") = f->x[3];
	register u64 x4 __asm__("x4") = f->x[4];
	register u64 x5 __asm__("x5") = f->x[5];
	register u64 x6 __asm__("x6") = f->x[6];
	register u64 x7 __asm__("x7") = f->x[7];

	__asm__ volatile(
		"smc #0"
		: "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
		:
		: "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	f->x[0] = x0;
	f->x[1] = x1;
	f->x[2] = x2;
	f->x[3] = x3;
}

void smccc_guest_call(struct trap_frame *f)
{
	struct zone *z = this_cpu()->zone;
	unsigned int owner = SMCCC_OWNER(f->x[0]);

	if (board.firmware_smc && z->id == 0 &&
	    (owner == SMCCC_OWNER_SIP || owner == SMCCC_OWNER_OEM ||
	     owner >= SMCCC_OWNER_TOS_FIRST)) {
		smc_forward(f);
		return;
	}
	pr_debug("zone %u CPU %u: SMC %#llx not supported", z->id, this_cpu_id(),
		 (unsigned long long)f->x[0]);
	f->x[0] = (u64)SMCCC_NOT_SUPPORTED;
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
