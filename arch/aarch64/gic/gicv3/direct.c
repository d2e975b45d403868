// SPDX-License-Identifier: GPL-2.0
/*
 * Direct interrupt mode (docs/zones.md): a zone whose CPUs are its own drives their
 * physical GIC CPU interface itself. HCR_EL2.IMO is clear on those CPUs, so Group 1
 * interrupts go to EL1 without an exit and ICC_IAR1/EOIR1/HPPIR1/BPR1/AP1R/IGRPEN1 are
 * the physical registers; HCR_EL2.FMO stays set, so (GICv3, IHI 0069, "virtual
 * accesses") the Group 0 registers and the common ones (CTLR, PMR, RPR, DIR) are the
 * virtual ICV_* registers, and writes to ICC_SGI0R/SGI1R/ASGI1R_EL1 trap. The guest can
 * therefore neither mask (PMR, PSTATE.F: FIQs go to EL2) nor see the hypervisor's Group 0
 * kick, nor change the physical EOImode, which is 0 here: its EOIR1 drops the priority
 * and deactivates (its DIR would go to the virtual interface and do nothing). GICD and
 * GICR stay emulated, so which interrupts it may enable, route or clear is unchanged.
 */
#include "arch/gic.h"
#include "arch/gicv3.h"
#include "arch/irqchip.h"
#include "arch/sysreg.h"
#include "arch/time.h"
#include "arch/vgic.h"
#include "arch_hooks.h"
#include "board.h"
#include "hv_errno.h"
#include "io.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

#define GICR_CTLR_RWP (1u << 3)
/* At most this many Group 0 interrupts are taken per call (as irqchip_handle_irqs). */
#define FIQS_PER_CALL 16

/*
 * GICD_CTLR.DS, read once at boot (arch_irqchip_init): with two security states the
 * Group 0 registers may trap to EL3 (SCR_EL3.FIQ), so none is touched then.
 */
static bool group0_ours;

void gicv3_group0_probe(void)
{
	group0_ours = io_read32(gicv3_gicd_base + GICD_CTLR) & GICD_CTLR_DS;
}

bool gicv3_single_security(void)
{
	return group0_ours;
}

/* Until this CPU's redistributor has applied an enable change (1 ms at most: no hang). */
static void gicr_wait_rwp(paddr_t rd)
{
	u64 deadline = arch_time_ns() + 1000000ULL;

	while ((io_read32(rd + GICR_CTLR) & GICR_CTLR_RWP) && arch_time_ns() < deadline)
		;
}

int irqchip_direct_check(const struct zone *z)
{
	if (gicv3_single_security())
		return 0;
	/* A refusal of the config, as zone_create's: a warning, not a hypervisor error. */
	pr_warn("zone %u: arch_config.direct_irq needs a GIC with a single security state "
		"(GICD_CTLR.DS = 1), as QEMU virt without secure mode has: with two, Group 0 is "
		"the secure firmware's and the hypervisor has no kick the guest cannot see. Set "
		"direct_irq false",
		z->id);
	return -EINVAL;
}

/*
 * Group 0: only the kick. Outside direct mode the hypervisor's EOImode is 1 (drop, then
 * deactivate); on a direct CPU it is the guest's 0, where EOIR does both.
 */
void irqchip_handle_fiqs(void)
{
	struct percpu *c = this_cpu();

	if (!group0_ours)
		return;
	for (unsigned int n = 0; n < FIQS_PER_CALL; n++) {
		u32 intid = (u32)read_sysreg(ICC_IAR0_EL1) & ICC_IAR_INTID;

		if (gicv3_iar_none(intid))
			break;
		write_sysreg(ICC_EOIR0_EL1, intid);
		if (!c->arch.direct_on)
			write_sysreg(ICC_DIR_EL1, intid);
		if (intid == GIC_SGI_HV_KICK0)
			vgic_take_sgis();
	}
}

void irqchip_direct_enter(void)
{
	struct percpu *c = this_cpu();
	paddr_t rd = gicv3_redist_of(c->id);

	/*
	 * The hypervisor's Group 1 interrupts would reach the guest now: off while it runs.
	 * Nobody sends SGI 7 to a CPU of a direct zone; one sent before the zone was created
	 * stays pending, and is taken when the CPU leaves the mode.
	 */
	io_write32(rd + GICR_ICENABLER0, (1u << GIC_SGI_HV_IPI) | (1u << GIC_PPI_MAINTENANCE));
	gicr_wait_rwp(rd);
	/* No list registers in use, so no maintenance interrupt either. */
	write_sysreg(ICH_HCR_EL2, 0);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0: the guest's EOIR1 deactivates */
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	c->arch.direct_on = true;
}

/* SPIs of the zone active on this CPU (it stopped inside a handler): deactivated. */
static void deactivate_spis_here(const struct zone *z, u64 mpidr)
{
	u32 lines = arch_irqchip_lines();

	for (u32 w = 1; w < lines / 32 && w < CONFIG_INTERRUPTS_BITMAP_WORDS; w++) {
		u32 act = io_read32(gicv3_gicd_base + GICD_ISACTIVER + w * 4) &
			  z->cfg.interrupts_bitmap[w];

		for (; act; act &= act - 1) {
			u32 intid = w * 32 + (u32)__builtin_ctz(act);

			if ((io_read64(gicv3_gicd_base + GICD_IROUTER + 8ULL * intid) &
			     MPIDR_AFF_MASK) == (mpidr & MPIDR_AFF_MASK))
				io_write32(gicv3_gicd_base + GICD_ICACTIVER + w * 4,
					   1u << (intid % 32));
		}
	}
}

void irqchip_direct_leave(void)
{
	struct percpu *c = this_cpu();
	paddr_t rd = gicv3_redist_of(c->id);
	u32 guest = ~GIC_DIRECT_RESERVED;
	unsigned int pribits;

	if (!c->arch.direct_on)
		return;
	/* From here on physical IRQs come to EL2 again; interrupts are masked here. */
	write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_IMO);
	isb();
	/* The guest's SGIs and PPIs: off, not pending, not active, priorities as at reset. */
	io_write32(rd + GICR_ICENABLER0, guest);
	gicr_wait_rwp(rd);
	io_write32(rd + GICR_ICPENDR0, guest);
	io_write32(rd + GICR_ICACTIVER0, guest);
	for (u32 i = 0; i < GIC_NR_PRIVATE; i++)
		if (guest & (1u << i))
			io_write8(rd + GICR_IPRIORITYR0 + i, GIC_PRIO_DEFAULT);
	if (c->zone)
		deactivate_spis_here(c->zone, c->mpidr);
	/*
	 * Priorities it acknowledged and never completed would keep the running priority
	 * up and block everything below: the active-priority registers are cleared (0 is
	 * always a value software may write there).
	 */
	pribits = ICC_CTLR_PRIBITS(read_sysreg(ICC_CTLR_EL1));
	write_sysreg(ICC_AP1R0_EL1, 0);
	if (pribits >= 6)
		write_sysreg(ICC_AP1R1_EL1, 0);
	if (pribits >= 7) {
		write_sysreg(ICC_AP1R2_EL1, 0);
		write_sysreg(ICC_AP1R3_EL1, 0);
	}
	/* The hypervisor's CPU interface again (arch_irqchip_init_cpu). */
	write_sysreg(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0); /* the guest's own while it ran */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	write_sysreg(ICH_HCR_EL2, ICH_HCR_EN);
	io_write32(rd + GICR_ISENABLER0, (1u << GIC_SGI_HV_IPI) | (1u << GIC_PPI_MAINTENANCE));
	isb();
	c->arch.direct_on = false;
}

/*
 * A guest's SGI to a CPU of its direct zone (trapped ICC_SGI1R_EL1, or GICR_ISPENDR0):
 * a physical Group 1 SGI the target takes without an exit, if it enabled it. The
 * hypervisor's SGIs are not the guest's to send.
 */
void irqchip_send_guest_sgi(const struct percpu *target, u32 intid)
{
	if (intid >= GIC_NR_SGIS || (GIC_DIRECT_RESERVED & (1u << intid))) {
		pr_debug("CPU %u: SGI %u to CPU %u is the hypervisor's in direct mode: dropped",
			 this_cpu_id(), intid, target->id);
		return;
	}
	dsb(ishst); /* the sender's stores before the interrupt, as for any IPI */
	write_sysreg(ICC_SGI1R_EL1, gicv3_sgi1r_value(target->mpidr, intid));
	isb();
}
