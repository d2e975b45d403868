// SPDX-License-Identifier: GPL-2.0
/*
 * Stage-2 data aborts: decode the access from the syndrome, hand it to the zone's MMIO
 * handlers, and complete the instruction. An access nobody handles is reported once and
 * reflected into the guest as a synchronous external abort.
 */
#include "arch/dabt.h"
#include "arch/esr.h"
#include "arch/inject.h"
#include "arch/sysreg.h"
#include "arch/trap.h"
#include "dt_names.h"
#include "hv_errno.h"
#include "log.h"
#include "mmio_dispatch.h"
#include "ratelimit.h"
#include "percpu.h"
#include "util.h"
#include "zone.h"
#if GIC_VERSION == 3
#include "arch/vgicd_fast.h" /* after zone.h */
#endif

/*
 * An access that could not be emulated: reported (rate-limited) and reflected into the
 * guest as a synchronous external abort. Out of line: the emulated path stays short.
 */
static void __attribute__((noinline, cold))
dabt_fail(struct trap_frame *f, const struct dabt_info *d, ipaddr_t ipa, u64 far, int ret)
{
	struct percpu *c = this_cpu();
	const char *rw = d->write ? "write" : "read";

	if (!d->valid) {
		pr_warn_ratelimited("no-syndrome MMIO",
				    "zone %u CPU %u: MMIO %s at IPA %#llx by an instruction the "
				    "hypervisor cannot emulate (no syndrome: load/store pair, "
				    "writeback or SIMD?) at guest PC %#llx: abort injected",
				    c->zone->id, c->id, rw, (unsigned long long)ipa,
				    (unsigned long long)f->elr);
	} else if (ret == -ENOENT && d->write &&
		   !pt_lookup(&c->zone->arch.s2, ipa, NULL, NULL, NULL)) {
		pr_warn_ratelimited("read-only write",
				    "zone %u CPU %u: write at IPA %#llx (guest PC %#llx) to memory "
				    "the zone may only read (another IVC peer's output section): "
				    "abort injected",
				    c->zone->id, c->id, (unsigned long long)ipa,
				    (unsigned long long)f->elr);
	} else if (ret == -ENOENT) {
		const char *node = dt_names_addr(ipa);

		pr_warn_ratelimited(
			"unhandled MMIO",
			"zone %u CPU %u: unhandled MMIO %s of %u bytes at IPA %#llx%s%s "
			"(guest PC %#llx): not in zone %u's memory regions; abort "
			"injected. If the zone should own this device, add its range to "
			"the zone's regions (board.c for zone 0)",
			c->zone->id, c->id, rw, d->size, (unsigned long long)ipa, node ? " = " : "",
			node ? node : "", (unsigned long long)f->elr, c->zone->id);
	} else {
		pr_warn_ratelimited("failed MMIO",
				    "zone %u CPU %u: MMIO %s of %u bytes at IPA %#llx (guest PC "
				    "%#llx) failed (%d): abort injected",
				    c->zone->id, c->id, rw, d->size, (unsigned long long)ipa,
				    (unsigned long long)f->elr, ret);
	}
	inject_guest_abort(f, true, d->write, far);
}

/* dabt_fail from the syndrome alone: the emulated path keeps no decoded copy. */
static void __attribute__((noinline, cold)) dabt_refuse(struct trap_frame *f, u64 esr, int ret)
{
	struct dabt_info d = esr_decode_dabt(esr);
	u64 far = read_sysreg(far_el2);

	dabt_fail(f, &d, hpfar_fault_ipa(read_sysreg(hpfar_el2), far), far, ret);
}

/*
 * Step over the emulated instruction. In a T32 IT block the CPU would also have advanced
 * ITSTATE (Arm ARM, ITAdvance()); left as it was, the next instruction would run under
 * this one's condition. ITSTATE is SPSR[15:10] (IT[7:2]) and SPSR[26:25] (IT[1:0]).
 */
static void step_over(struct trap_frame *f, u64 esr)
{
	u64 spsr = f->spsr;
	u32 it;

	/* An AArch64 guest: every instruction is 4 bytes (ESR.IL is 1), there is no IT. */
	if (likely(!(spsr & SPSR_M_AARCH32))) {
		f->elr += 4;
		return;
	}
	f->elr += (esr & ESR_IL) ? 4 : 2;
	if (!(spsr & SPSR_A32_T))
		return;
	it = (u32)(((spsr >> 25) & 3) | (((spsr >> 10) & 0x3f) << 2));
	if (!it)
		return;
	it = (it & 7) ? (it & 0xe0) | ((it << 1) & 0x1f) : 0; /* last one: the block ends */
	spsr &= ~(SPSR_A32_IT_LO | SPSR_A32_IT_HI);
	f->spsr = spsr | ((u64)(it & 3) << 25) | ((u64)(it >> 2) << 10);
}

/*
 * The emulated path reads only what it needs from the syndrome (size, direction, Rt);
 * the rest of the decode, and everything about a refusal, is in the cold paths.
 */
/* A load's result into Rt, extended as the instruction asks. */
static void dabt_complete_load(struct trap_frame *f, u64 esr, u64 value)
{
	struct dabt_info d;

	/*
	 * A 32-bit load without sign extension (LDR Wt, the usual device register read) is
	 * zero-extended whatever the register's width: no more decode needed.
	 */
	if (likely((esr & (ESR_DABT_SAS_MASK | ESR_DABT_SSE)) == (2ULL << ESR_DABT_SAS_SHIFT))) {
		frame_set_reg(f, (esr >> ESR_DABT_SRT_SHIFT) & 0x1f, (u32)value);
		return;
	}
	d = esr_decode_dabt(esr);
	frame_set_reg(f, d.reg, dabt_load_value(&d, value));
}

/*
 * Everything but the GICD fast path: the zone's MMIO regions, the handler, the
 * completion. Out of line so that the fast path in guest_dabt needs no stack frame.
 */
static void __attribute__((noinline))
dabt_emulate(struct percpu *c, struct trap_frame *f, u64 esr, ipaddr_t ipa)
{
	struct mmio_access a;
	int ret;

	/* Only f and esr live across the dispatch: the rest is recomputed from esr after. */
	a.size = 1u << ((esr >> ESR_DABT_SAS_SHIFT) & 3);
	a.write = esr & ESR_DABT_WNR;
	a.value = a.write ? frame_reg(f, (esr >> ESR_DABT_SRT_SHIFT) & 0x1f) : 0;
	ret = mmio_dispatch_inline(c, c->zone, ipa, &a);
	if (unlikely(ret)) {
		dabt_refuse(f, esr, ret);
		return;
	}
	if (!(esr & ESR_DABT_WNR))
		dabt_complete_load(f, esr, a.value);
	step_over(f, esr);
}

void guest_dabt(struct trap_frame *f, u64 esr)
{
	struct percpu *c = this_cpu();
	ipaddr_t ipa;

	trace_exit(f, esr);
	if (unlikely(!(esr & ESR_DABT_ISV))) {
		dabt_refuse(f, esr, -EINVAL);
		return;
	}
	ipa = hpfar_fault_ipa(read_sysreg(hpfar_el2), read_sysreg(far_el2));
#if GIC_VERSION == 3
	if (vgicd_fast(c, c->zone, f, esr, ipa)) {
		step_over(f, esr);
		return;
	}
#endif
	dabt_emulate(c, f, esr, ipa);
}
