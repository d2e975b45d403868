// SPDX-License-Identifier: GPL-2.0
/* Stage-2 tables for zones and entering a zone on this CPU. */
#include "arch/cpu_state.h"
#include "arch/irqchip.h"
#include "arch/pt.h"
#include "arch/sysreg.h"
#include "arch/trap.h"
#include "arch/vgic.h"
#include "board.h"
#include "frame.h"
#include "hv_errno.h"
#include "log.h"
#include "util.h"
#include "percpu.h"
#include "zone.h"

/*
 * A direct-mode zone's CPUs are kicked by Group 0 from its creation (they are parked until
 * it starts) to its destruction (parked again), by the usual SGI otherwise.
 */
static void mark_direct(const struct zone *z, bool on)
{
	for (cpuid_t c = 0; c < board.nr_cpus; c++)
		if ((z->cpus >> c) & 1)
			percpu_of(c)->arch.direct = on;
}

int arch_zone_init(struct zone *z)
{
	const struct zone_config *zc = &z->cfg;
	int err = pt_init(&z->arch.s2, hv_frame_alloc, NULL);

	/* VMID 0 is never used: each zone slot has its own TLB tag. */
	z->arch.vmid = (u16)(z->slot + 1);
	for (unsigned int i = 0; !err && i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];

		/* Virtio devices and devices smaller than a page are trapped (core/zone_io.c). */
		if (r->mem_type == MEM_TYPE_VIRTIO ||
		    (r->mem_type == MEM_TYPE_IO &&
		     !IS_ALIGNED(r->physical_start | r->virtual_start | r->size, PAGE_SIZE)))
			continue;
		err = pt_map(&z->arch.s2, r->virtual_start, r->physical_start, r->size,
			     r->mem_type == MEM_TYPE_RAM ? PT_S2_RAM : PT_S2_IO);
		if (err)
			pr_err("zone %u: region %u [%#llx, +%#llx) cannot be mapped (%d)", z->id, i,
			       (unsigned long long)r->virtual_start, (unsigned long long)r->size,
			       err);
	}
	if (!err)
		err = vgic_zone_init(z);
	if (!err && zc->arch_config.direct_irq)
		mark_direct(z, true);
	return err;
}

static void free_frame(void *ctx, void *page)
{
	frame_free(ctx, page);
}

void arch_zone_destroy(struct zone *z)
{
	pt_destroy(&z->arch.s2, free_frame, &hv_frames);
	if (z->cfg.arch_config.direct_irq)
		mark_direct(z, false);
}

static u64 vttbr_of(const struct zone *z)
{
	return ((u64)z->arch.vmid << VTTBR_VMID_SHIFT) | (u64)(uintptr_t)z->arch.s2.root;
}

/*
 * TLB maintenance by IPA acts on the VMID in VTTBR_EL2, so the zone's is installed for it
 * (the caller may run another zone, or none yet).
 */
static u64 vmid_enter(const struct zone *z)
{
	u64 old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, vttbr_of(z));
	isb();
	return old;
}

static void vmid_leave(u64 old)
{
	write_sysreg(vttbr_el2, old);
	isb();
}

static void s2_tlb_flush_ipa(u64 ipa)
{
	dsb(ishst);
	__asm__ volatile("tlbi ipas2e1is, %0" : : "r"(ipa >> PAGE_SHIFT) : "memory");
	dsb(ish);
	/* Combined stage-1+2 entries are tagged by VMID only. */
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
}

int arch_zone_unmap(struct zone *z, ipaddr_t ipa, u64 size)
{
	u64 old = vmid_enter(z);
	int err;

	z->arch.s2.tlb_flush = s2_tlb_flush_ipa;
	err = pt_unmap(&z->arch.s2, ipa, size);
	for (u64 off = 0; !err && off < size; off += PAGE_SIZE)
		s2_tlb_flush_ipa(ipa + off);
	isb();
	vmid_leave(old);
	return err;
}

int arch_zone_map_io(struct zone *z, ipaddr_t ipa, paddr_t pa, u64 size)
{
	int err = pt_map(&z->arch.s2, ipa, pa, size, PT_S2_IO);

	dsb(ishst); /* the new entry is visible to the zone's table walks */
	return err;
}

int arch_zone_map_ram(struct zone *z, ipaddr_t ipa, paddr_t pa, u64 size, bool writable)
{
	int err = pt_map(&z->arch.s2, ipa, pa, size, writable ? PT_S2_RAM : PT_S2_RAM_RO);

	dsb(ishst);
	return err;
}

void arch_vcpu_stop(void)
{
	struct percpu *c = this_cpu();

	irqchip_direct_leave(); /* the physical CPU interface back from a direct zone */
	irqchip_cpu_quiesce_guest();
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	vgic_cpu_reset();
	/* No TLB entry of this VMID outlives the zone: the slot's next zone starts clean. */
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	spin_lock(&c->power_lock);
	c->power = VCPU_OFF;
	spin_unlock(&c->power_lock);
}

static u64 vtcr_value(void)
{
	u64 parange = read_sysreg(id_aa64mmfr0_el1) & MMFR0_PARANGE_MASK;

	if (parange > 5)
		parange = 5; /* 48 bits cover every board's physical map */
	return VTCR_RES1 | TCR_T0SZ(64 - PT_VA_BITS) | VTCR_SL0_L1 | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | (parange << VTCR_PS_SHIFT);
}

/*
 * The PMU as a CPU reset leaves it: counters stopped and zeroed, no event selected, no
 * overflow or interrupt, EL0 access off. The counters belong to the zone (MDCR_EL2.HPMN,
 * entry.S); without this a zone would read what the previous vCPU on this CPU counted.
 */
static void pmu_reset(void)
{
	u64 ver = (read_sysreg(id_aa64dfr0_el1) >> DFR0_PMUVER_SHIFT) & 0xf;
	unsigned int n;

	if (!ver || ver == PMUVER_IMPDEF)
		return;
	n = (unsigned int)(read_sysreg(pmcr_el0) >> PMCR_N_SHIFT) & 0x1f;
	write_sysreg(pmcr_el0, PMCR_P | PMCR_C); /* E = 0: stopped; counters zeroed */
	write_sysreg(pmcntenclr_el0, ~0UL);
	write_sysreg(pmintenclr_el1, ~0UL);
	write_sysreg(pmovsclr_el0, ~0UL);
	for (unsigned int i = 0; i < n; i++) {
		write_sysreg(pmselr_el0, i);
		isb();
		write_sysreg(pmxevtyper_el0, 0);
	}
	write_sysreg(pmselr_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);
	write_sysreg(pmuserenr_el0, 0);
	isb();
}

/* EL1 state a zone's CPU starts with: as after reset, MMU and caches off. */
static void el1_reset(void)
{
	/* The CPU may have run another zone before: nothing of it stays readable. */
	fpsimd_clear();
	debug_clear();
	pmu_reset();
	write_sysreg(sctlr_el1, SCTLR_EL1_RESET);
	write_sysreg(cpacr_el1, 0);
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(ttbr1_el1, 0);
	write_sysreg(tcr_el1, 0);
	write_sysreg(mair_el1, 0);
	write_sysreg(vbar_el1, 0);
	write_sysreg(contextidr_el1, 0);
	write_sysreg(tpidr_el1, 0);
	write_sysreg(tpidr_el0, 0);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(sp_el0, 0);
	write_sysreg(sp_el1, 0);
	write_sysreg(elr_el1, 0);
	write_sysreg(spsr_el1, 0);
	write_sysreg(esr_el1, 0);
	write_sysreg(far_el1, 0);
	write_sysreg(cntkctl_el1, 0);
	write_sysreg(cntv_ctl_el0, 0);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntvoff_el2, 0);
}

void arch_vcpu_run(struct zone *z, ipaddr_t entry, u64 x0)
{
	struct percpu *c = this_cpu();
	/* The frame sits at the top of the stack: guest exits save into the same place. */
	struct trap_frame *f = (struct trap_frame *)((u8 *)c + PERCPU_SIZE) - 1;

	for (unsigned int i = 0; i < 31; i++)
		f->x[i] = 0;
	f->x[0] = x0;
	f->elr = entry;
	f->spsr = SPSR_GUEST_RESET;

	el1_reset();
	vgic_cpu_reset();
	irqchip_vcpu_iface_reset();
	/* The guest sees the real CPU identity: DTs name CPUs by their MPIDR. */
	write_sysreg(vmpidr_el2, read_sysreg(mpidr_el1));
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vtcr_el2, vtcr_value());
	write_sysreg(vttbr_el2, vttbr_of(z));
	isb();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	if (c->arch.direct)
		irqchip_direct_enter();
	/* Direct mode: physical IRQs go to the guest; FIQs (the kick) still come here. */
	write_sysreg(hcr_el2, c->arch.direct_on ? HCR_GUEST_FLAGS & ~HCR_IMO : HCR_GUEST_FLAGS);
	isb();
	spin_lock(&c->power_lock);
	c->power = VCPU_ON;
	spin_unlock(&c->power_lock);
	if (c->boot_cpu)
		pr_info("zone %u '%s': CPU %u enters at %#llx (x0 = %#llx)", z->id, z->name, c->id,
			(unsigned long long)entry, (unsigned long long)x0);
	else
		pr_debug("zone %u: CPU %u starts at %#llx (x0 = %#llx)", z->id, c->id,
			 (unsigned long long)entry, (unsigned long long)x0);
	guest_enter(f);
}
