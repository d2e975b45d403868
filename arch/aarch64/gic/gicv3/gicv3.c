// SPDX-License-Identifier: GPL-2.0
/*
 * Physical GICv3: distributor once, each CPU's redistributor and CPU interface, and the
 * IRQ exit path. The hypervisor runs with EOImode = 1 (priority drop and deactivation
 * split) so that interrupts it hands to a guest can be deactivated by the guest.
 */
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
#include "util.h"
#include "zone.h"

paddr_t gicv3_gicd_base;
/* Each CPU's redistributor (RD_base), found by affinity at its own init. */
static paddr_t gicr_of[HV_MAX_CPUS];

bool gicv3_gicr_range(unsigned int i, paddr_t *base, u64 *size)
{
	const struct board_gic *g = &board.gic;

	if (i == 0) {
		*base = g->gicr_base;
		*size = g->gicr_size;
		return true;
	}
	if (i - 1 >= g->nr_gicr_more)
		return false;
	*base = g->gicr_more[i - 1].start;
	*size = g->gicr_more[i - 1].size;
	return true;
}

int gicv3_gicr_range_of(paddr_t rd)
{
	paddr_t base;
	u64 size;

	for (unsigned int i = 0; gicv3_gicr_range(i, &base, &size); i++)
		if (rd >= base && rd - base < size)
			return (int)i;
	return -1;
}

cpuid_t gicv3_cpu_of_redist(paddr_t rd)
{
	for (cpuid_t id = 0; id < HV_MAX_CPUS; id++)
		if (gicr_of[id] && gicr_of[id] == rd)
			return id;
	return INVALID_CPUID;
}

/* Wait (100 ms at most: a wedged GIC must not hang boot) until bits of a register clear. */
static void wait_bits_clear(paddr_t reg, u32 bits)
{
	u64 deadline = arch_time_ns() + 100000000ULL;

	while ((io_read32(reg) & bits) && arch_time_ns() < deadline)
		;
}

static void gicd_wait_rwp(void)
{
	wait_bits_clear(gicv3_gicd_base + GICD_CTLR, GICD_CTLR_RWP);
}

int arch_irqchip_init(void)
{
	paddr_t gicd = board.gic.gicd_base;
	u32 lines;

	gicv3_gicd_base = gicd;
	lines = GICD_TYPER_LINES(io_read32(gicd + GICD_TYPER));

	/* Affinity routing and group 1 on; all SPIs group 1, disabled, mid priority. */
	io_write32(gicd + GICD_CTLR, 0);
	gicd_wait_rwp();
	for (u32 i = 32; i < lines; i += 32) {
		io_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		io_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
		io_write32(gicd + GICD_ICACTIVER + i / 8, ~0u);
		io_write32(gicd + GICD_IGROUPR + i / 8, ~0u);
	}
	for (u32 i = 32; i < lines; i += 4)
		io_write32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_DEFAULT);
	gicd_wait_rwp();
	/*
	 * Group 0 too where the GIC has a single security state (DS, QEMU virt): the kick to
	 * CPUs in direct interrupt mode. With two, Group 0 is the secure firmware's.
	 */
	io_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1 | GICD_CTLR_ENABLE_G0);
	gicd_wait_rwp();
	gicv3_group0_probe();
	pr_info("GICv3 distributor at %#llx: %u interrupt lines", (unsigned long long)gicd, lines);
	return 0;
}

u32 arch_irqchip_lines(void)
{
	return gicv3_gicd_base ? GICD_TYPER_LINES(io_read32(gicv3_gicd_base + GICD_TYPER)) : 0;
}

bool arch_irqchip_enabled(u32 intid)
{
	if (intid < 32 || intid >= GIC_INTID_SPURIOUS_FIRST || !gicv3_gicd_base)
		return false;
	return (io_read32(gicv3_gicd_base + GICD_ISENABLER + (intid / 32) * 4) >> (intid % 32)) & 1;
}

void arch_irqchip_raise(u32 intid)
{
	if (intid >= 32 && intid < GIC_INTID_SPURIOUS_FIRST && gicv3_gicd_base)
		io_write32(gicv3_gicd_base + GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32));
}

/*
 * The redistributor whose GICR_TYPER affinity matches mpidr, or 0. Each range is walked
 * up to the frame that says Last (a range ends there, as Linux reads the DT's
 * #redistributor-regions), then the next range.
 */
static paddr_t gicr_find(u64 mpidr)
{
	u32 aff = gicr_typer_aff(mpidr);
	paddr_t base;
	u64 size;

	for (unsigned int i = 0; gicv3_gicr_range(i, &base, &size); i++) {
		for (u64 off = 0; off + GICR_FRAME_SIZE <= size; off += GICR_FRAME_SIZE) {
			u64 typer = io_read64(base + off + GICR_TYPER);

			if ((typer >> GICR_TYPER_AFF_SHIFT) == aff)
				return base + off;
			if (typer & GICR_TYPER_LAST)
				break;
		}
	}
	return 0;
}

paddr_t gicv3_redist_of(cpuid_t id)
{
	return id < HV_MAX_CPUS ? gicr_of[id] : 0;
}

int arch_irqchip_init_cpu(void)
{
	struct percpu *c = this_cpu();
	paddr_t rd = gicr_find(c->mpidr);

	if (!rd) {
		pr_err("CPU %u: no GICR frame with affinity of MPIDR %#llx in [%#llx, +%#llx) nor "
		       "the %u ranges of gicr_more[]: check board.gic.gicr_base/gicr_size and "
		       "gicr_more in %s (the DT's GIC reg, #redistributor-regions)",
		       c->id, (unsigned long long)c->mpidr, (unsigned long long)board.gic.gicr_base,
		       (unsigned long long)board.gic.gicr_size, board.gic.nr_gicr_more, board.file);
		return -ENODEV;
	}
	gicr_of[c->id] = rd;

	/* What the SGI paths would otherwise work out from MPIDRs on every send. */
	c->arch.hv_ipi_sgi1r = gicv3_sgi1r_value(c->mpidr, GIC_SGI_HV_IPI);
	c->arch.sgi1r_group = gicv3_sgi1r_value(c->mpidr, 0) & SGI1R_GROUP_MASK;
	for (cpuid_t t = 0; t < board.nr_cpus; t++) {
		u64 v = gicv3_sgi1r_value(board.mpidr[t], 0);

		if ((v & SGI1R_GROUP_MASK) == c->arch.sgi1r_group)
			c->arch.sgi1r_peer[__builtin_ctzll(SGI1R_TARGETS(v))] = percpu_of(t);
	}

	/* Wake this CPU's redistributor (its own RD_base frame). */
	io_write32(rd + GICR_WAKER, io_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	wait_bits_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP);

	/* SGIs and PPIs: group 1, disabled, except the hypervisor's IPI. */
	io_write32(rd + GICR_ICENABLER0, ~0u);
	io_write32(rd + GICR_ICPENDR0, ~0u);
	io_write32(rd + GICR_ICACTIVER0, ~0u);
	io_write32(rd + GICR_IGROUPR0, ~0u);
	for (u32 i = 0; i < 32; i += 4)
		io_write32(rd + GICR_IPRIORITYR0 + i, 0x01010101u * GIC_PRIO_DEFAULT);
	io_write8(rd + GICR_IPRIORITYR0 + GIC_SGI_HV_IPI, GIC_PRIO_HV);
	io_write8(rd + GICR_IPRIORITYR0 + GIC_PPI_MAINTENANCE, GIC_PRIO_HV);
	io_write32(rd + GICR_ISENABLER0, (1u << GIC_SGI_HV_IPI) | (1u << GIC_PPI_MAINTENANCE));
	if (gicv3_single_security()) {
		/* The Group 0 kick (direct mode): always on, FIQ at EL2 through HCR_EL2.FMO. */
		io_write32(rd + GICR_IGROUPR0, ~(1u << GIC_SGI_HV_KICK0));
		io_write8(rd + GICR_IPRIORITYR0 + GIC_SGI_HV_KICK0, GIC_PRIO_HV);
		io_write32(rd + GICR_ISENABLER0, 1u << GIC_SGI_HV_KICK0);
	}

	/* CPU interface: system registers, split EOI, all priorities pass. */
	write_sysreg(ICC_SRE_EL2, read_sysreg(ICC_SRE_EL2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	if (gicv3_single_security()) {
		write_sysreg(ICC_BPR0_EL1, 0);
		write_sysreg(ICC_IGRPEN0_EL1, 1);
	}
	/* Virtual CPU interface on, guest group 1 enabled, list registers empty and counted. */
	write_sysreg(ICH_VMCR_EL2, (0xffUL << ICH_VMCR_VPMR_SHIFT) | ICH_VMCR_VENG1);
	vgic_cpu_init();
	isb();
	return 0;
}

/*
 * A vCPU stops (PSCI CPU_OFF): the PPIs its guest enabled are disabled, so a timer left
 * running does not keep interrupting a parked CPU. The hypervisor's own stay enabled.
 */
void irqchip_cpu_quiesce_guest(void)
{
	paddr_t rd = gicr_of[this_cpu_id()];

	if (rd)
		io_write32(rd + GICR_ICENABLER0, 0xffff0000u & ~(1u << GIC_PPI_MAINTENANCE));
}

/*
 * A vCPU (re)starts: the virtual CPU interface as after reset. The active-priority
 * registers matter most: a bit left set by a vCPU that went off inside a handler would
 * block every interrupt at or below that priority for good.
 */
void irqchip_vcpu_iface_reset(void)
{
	unsigned int prebits = (unsigned int)ICH_VTR_PREBITS(read_sysreg(ICH_VTR_EL2));
	unsigned int nr_apr = prebits >= 7 ? 4 : prebits == 6 ? 2 : 1;

	write_sysreg(ICH_AP0R0_EL2, 0);
	write_sysreg(ICH_AP1R0_EL2, 0);
	if (nr_apr > 1) {
		write_sysreg(ICH_AP0R1_EL2, 0);
		write_sysreg(ICH_AP1R1_EL2, 0);
	}
	if (nr_apr > 2) {
		write_sysreg(ICH_AP0R2_EL2, 0);
		write_sysreg(ICH_AP0R3_EL2, 0);
		write_sysreg(ICH_AP1R2_EL2, 0);
		write_sysreg(ICH_AP1R3_EL2, 0);
	}
	write_sysreg(ICH_VMCR_EL2, 0);
	isb();
}

/*
 * Physical SGI to one CPU: the hypervisor's cross-CPU kick. A CPU of a direct-mode zone
 * takes Group 1 interrupts itself, without an exit: it gets the Group 0 one.
 */
void irqchip_send_hv_ipi(const struct percpu *target)
{
	dsb(ish); /* what the target will read is visible first */
	if (unlikely(target->arch.direct))
		write_sysreg(ICC_SGI0R_EL1, gicv3_sgi1r_value(target->mpidr, GIC_SGI_HV_KICK0));
	else
		write_sysreg(ICC_SGI1R_EL1, target->arch.hv_ipi_sgi1r);
	isb();
}

/* At most this many interrupts are acknowledged per gicv3_handle_irqs() call. */
#define GIC_IRQS_PER_CALL 64

/* Physical interrupts that nobody claims: reported once each, then only deactivated. */
static u64 stray_seen[VGIC_WORDS];

static void stray_irq(u32 intid)
{
	if (!(stray_seen[intid / 64] & (1ULL << (intid % 64)))) {
		stray_seen[intid / 64] |= 1ULL << (intid % 64);
		pr_warn("CPU %u: IRQ %u arrived but the zone here does not own it: deactivated "
			"(reported once)",
			this_cpu_id(), intid);
	}
	write_sysreg(ICC_DIR_EL1, intid);
}

/* One acknowledged interrupt, its priority dropped: to whom it goes. */
static void handle_irq(struct percpu *c, u32 intid)
{
	if (intid == GIC_SGI_HV_IPI) {
		write_sysreg(ICC_DIR_EL1, intid);
		vgic_take_sgis();
	} else if (intid == GIC_PPI_MAINTENANCE) {
		write_sysreg(ICC_DIR_EL1, intid);
		vgic_maintenance();
	} else if (intid < 16) {
		write_sysreg(ICC_DIR_EL1, intid); /* physical SGIs are not used otherwise */
	} else if (c->zone && (intid < 32 || vgic_zone_owns(c->zone, intid))) {
		pr_trace("CPU %u: IRQ %u -> zone %u", c->id, intid, c->zone->id);
		vgic_inject(intid, true);
	} else {
		stray_irq(intid);
	}
}

/* intid and the interrupts after it: as many as are pending, within the bound. */
static void __attribute__((noinline)) handle_more_irqs(struct percpu *c, u32 intid)
{
	for (unsigned int n = 1; n < GIC_IRQS_PER_CALL; n++) {
		write_sysreg(ICC_EOIR1_EL1, intid);
		handle_irq(c, intid);
		intid = (u32)read_sysreg(ICC_IAR1_EL1) & ICC_IAR_INTID;
		if (gicv3_iar_none(intid))
			return;
	}
}

/*
 * IRQ exit. Each acknowledged interrupt gets its priority dropped at once (EOImode 1);
 * interrupts forwarded to the guest stay active until the guest deactivates them through
 * the list register's HW link, the hypervisor's own are deactivated here.
 */
void irqchip_handle_irqs(void)
{
	struct percpu *c = this_cpu();
	u32 intid = (u32)read_sysreg(ICC_IAR1_EL1) & ICC_IAR_INTID;

	/*
	 * Bounded: an interrupt that keeps coming back must not keep this CPU here. The
	 * caller gets control back (a parked CPU re-checks its power state, a guest exit
	 * returns and is taken again), so the cost is one more exit, never a livelock.
	 * The first interrupt is taken outside the loop, the usual case being one alone.
	 */
	if (gicv3_iar_none(intid))
		return;
	write_sysreg(ICC_EOIR1_EL1, intid);
	handle_irq(c, intid);
	intid = (u32)read_sysreg(ICC_IAR1_EL1) & ICC_IAR_INTID;
	if (gicv3_iar_none(intid))
		return;
	handle_more_irqs(c, intid);
}
