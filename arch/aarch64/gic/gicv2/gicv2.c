// SPDX-License-Identifier: GPL-2.0
/*
 * Physical GICv2 (Arm IHI 0048B): the distributor once, each CPU's banked interrupts, its
 * CPU interface and its virtual interface control, and the IRQ exit path. As with GICv3
 * the hypervisor runs its CPU interface with EOImode 1 (priority drop and deactivation
 * split) so interrupts handed to a guest are deactivated by the guest, through the list
 * register's HW link.
 *
 * Groups are left as the firmware set them: with security extensions the firmware makes
 * the non-secure interrupts group 1, which is the group bit 0 of the non-secure GICD_CTLR
 * and GICC_CTLR enables; without them (QEMU without EL3) every interrupt stays group 0,
 * which bit 0 enables there. Either way bit 0 is the one to set, as Linux does.
 */
#include "arch/gicv2.h"
#include "arch/ich.h"
#include "arch/irqchip.h"
#include "arch/vgic.h"
#include "arch_hooks.h"
#include "board.h"
#include "hv_errno.h"
#include "io.h"
#include "log.h"
#include "percpu.h"
#include "zone.h"

paddr_t gicv2_gicd_base;
paddr_t gicv2_gicc_base;
paddr_t gicv2_gich_base;
/* Each CPU's interface bit, read from the banked GICD_ITARGETSR0 at its own init. */
static u8 cpu_mask[HV_MAX_CPUS];

u8 gicv2_cpu_mask(cpuid_t id)
{
	return id < HV_MAX_CPUS ? cpu_mask[id] : 0;
}

int arch_irqchip_init(void)
{
	const struct board_gic *g = &board.gic;
	paddr_t gicd = g->gicd_base;
	u32 lines;

	gicv2_gicd_base = gicd;
	gicv2_gicc_base = g->gicc_base + g->gicc_offset;
	gicv2_gich_base = g->gich_base;
	lines = GICD_TYPER_LINES(io_read32(gicd + GICD_TYPER));

	/* SPIs disabled, nothing pending or active, mid priority, until a zone takes them. */
	io_write32(gicd + GICD_CTLR, 0);
	for (u32 i = GIC_NR_PRIVATE; i < lines; i += 32) {
		io_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
		io_write32(gicd + GICD_ICPENDR + i / 8, ~0u);
		io_write32(gicd + GICD_ICACTIVER + i / 8, ~0u);
	}
	for (u32 i = GIC_NR_PRIVATE; i < lines; i += 4)
		io_write32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_DEFAULT);
	io_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	/* The root zone routes its SPIs before this CPU's own init: its interface is known. */
	cpu_mask[this_cpu_id()] = io_read8(gicd + GICD_ITARGETSR);
	pr_info("GICv2 distributor at %#llx: %u interrupt lines", (unsigned long long)gicd, lines);
	return 0;
}

u32 arch_irqchip_lines(void)
{
	return gicv2_gicd_base ? GICD_TYPER_LINES(io_read32(gicv2_gicd_base + GICD_TYPER)) : 0;
}

bool arch_irqchip_enabled(u32 intid)
{
	if (intid < GIC_NR_PRIVATE || intid >= GIC_INTID_SPURIOUS_FIRST || !gicv2_gicd_base)
		return false;
	return (io_read32(gicv2_gicd_base + GICD_ISENABLER + (intid / 32) * 4) >> (intid % 32)) & 1;
}

void arch_irqchip_raise(u32 intid)
{
	if (intid >= GIC_NR_PRIVATE && intid < GIC_INTID_SPURIOUS_FIRST && gicv2_gicd_base)
		io_write32(gicv2_gicd_base + GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32));
}

int arch_irqchip_init_cpu(void)
{
	struct percpu *c = this_cpu();
	paddr_t gicd = gicv2_gicd_base;
	u8 mask;

	if (c->id >= GICV2_MAX_CPUS) {
		pr_err("CPU %u: a GICv2 serves CPUs 0..%u only: this CPU gets no interrupts", c->id,
		       GICV2_MAX_CPUS - 1);
		return -ENODEV;
	}
	/* GICD_ITARGETSR0..7 read as this CPU's own interface bit (IHI 0048B 4.3.12). */
	mask = io_read8(gicd + GICD_ITARGETSR);
	if (!mask) {
		pr_err("CPU %u: GICD_ITARGETSR0 reads 0, so its GICv2 interface is unknown: check "
		       "board.gic.gicd_base",
		       c->id);
		return -ENODEV;
	}
	cpu_mask[c->id] = mask;
	/*
	 * A zone created before this CPU came up could not name its interface: SPIs of the
	 * zone that target no CPU go to this one.
	 */
	for (u32 intid = GIC_NR_PRIVATE; c->zone && intid < VGIC_NR_IRQS; intid++)
		if (vgic_zone_owns(c->zone, intid) && !io_read8(gicd + GICD_ITARGETSR + intid))
			io_write8(gicd + GICD_ITARGETSR + intid, mask);

	/* SGIs and PPIs: disabled, not pending or active, except the hypervisor's. */
	io_write32(gicd + GICD_ICENABLER, ~0u);
	io_write32(gicd + GICD_ICPENDR, ~0u);
	io_write32(gicd + GICD_ICACTIVER, ~0u);
	for (u32 i = 0; i < GIC_NR_SGIS; i += 4)
		io_write32(gicd + GICD_CPENDSGIR + i, ~0u); /* a byte per SGI, a bit per source */
	for (u32 i = 0; i < GIC_NR_PRIVATE; i += 4)
		io_write32(gicd + GICD_IPRIORITYR + i, 0x01010101u * GIC_PRIO_DEFAULT);
	io_write8(gicd + GICD_IPRIORITYR + GIC_SGI_HV_IPI, GIC_PRIO_HV);
	io_write8(gicd + GICD_IPRIORITYR + GIC_PPI_MAINTENANCE, GIC_PRIO_HV);
	io_write32(gicd + GICD_ISENABLER, (1u << GIC_SGI_HV_IPI) | (1u << GIC_PPI_MAINTENANCE));

	/* CPU interface: all priorities pass, split EOI. */
	io_write32(gicv2_gicc_base + GICC_PMR, GICC_PMR_ALL);
	io_write32(gicv2_gicc_base + GICC_BPR, 0);
	io_write32(gicv2_gicc_base + GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
	/* Virtual interface: list registers empty and counted, then on (GICH_HCR.En). */
	io_write32(gicv2_gich_base + GICH_VMCR, 0);
	io_write32(gicv2_gich_base + GICH_APR, 0);
	vgic_cpu_init();
	return 0;
}

/*
 * A vCPU stops (PSCI CPU_OFF): the PPIs its guest enabled are disabled (the registers
 * are banked: this CPU's), so a timer left running does not keep interrupting a parked
 * CPU. The hypervisor's own stay enabled.
 */
void irqchip_cpu_quiesce_guest(void)
{
	u32 ppis = ~((1u << GIC_NR_SGIS) - 1) & ~(1u << GIC_PPI_MAINTENANCE);

	if (gicv2_gicd_base)
		io_write32(gicv2_gicd_base + GICD_ICENABLER, ppis);
}

/*
 * A vCPU (re)starts: the virtual CPU interface as after reset. The active-priority
 * register matters most: a bit left set by a vCPU that went off inside a handler would
 * block every interrupt at or below that priority for good. GICH_VMCR holds what the
 * guest wrote to its GICC_CTLR, PMR and BPR.
 */
void irqchip_vcpu_iface_reset(void)
{
	io_write32(gicv2_gich_base + GICH_APR, 0);
	io_write32(gicv2_gich_base + GICH_VMCR, 0);
}

/* Physical SGI to one CPU: the hypervisor's cross-CPU kick. */
void irqchip_send_hv_ipi(const struct percpu *target)
{
	dsb(ish); /* what the target will read is visible first (and before the MMIO write) */
	io_write32(gicv2_gicd_base + GICD_SGIR,
		   GICD_SGIR_VALUE(gicv2_cpu_mask(target->id), GIC_SGI_HV_IPI));
}

/* At most this many interrupts are acknowledged per irqchip_handle_irqs() call. */
#define GIC_IRQS_PER_CALL 64

/* Physical interrupts that nobody claims: reported once each, then only deactivated. */
static u64 stray_seen[VGIC_WORDS];

static void stray_irq(u32 iar, u32 intid)
{
	if (!(stray_seen[intid / 64] & (1ULL << (intid % 64)))) {
		stray_seen[intid / 64] |= 1ULL << (intid % 64);
		pr_warn("CPU %u: IRQ %u arrived but the zone here does not own it: deactivated "
			"(reported once)",
			this_cpu_id(), intid);
	}
	io_write32(gicv2_gicc_base + GICC_DIR, iar);
}

/*
 * IRQ exit. Each acknowledged interrupt gets its priority dropped at once (EOImode 1);
 * interrupts forwarded to the guest stay active until the guest deactivates them through
 * the list register's HW link, the hypervisor's own are deactivated here. EOIR and DIR
 * take the whole IAR value: for an SGI it names the sending CPU too.
 */
void irqchip_handle_irqs(void)
{
	struct percpu *c = this_cpu();
	paddr_t gicc = gicv2_gicc_base;

	/* Bounded, as for GICv3: an interrupt that keeps coming back costs an exit, no more. */
	for (unsigned int n = 0; n < GIC_IRQS_PER_CALL; n++) {
		u32 iar = io_read32(gicc + GICC_IAR);
		u32 intid = iar & GICC_IAR_INTID;

		if (intid >= GIC_INTID_SPURIOUS_FIRST)
			break;
		io_write32(gicc + GICC_EOIR, iar);
		if (intid == GIC_SGI_HV_IPI) {
			io_write32(gicc + GICC_DIR, iar);
			vgic_take_sgis();
		} else if (intid == GIC_PPI_MAINTENANCE) {
			io_write32(gicc + GICC_DIR, iar);
			vgic_maintenance();
		} else if (intid < GIC_NR_SGIS) {
			io_write32(gicc + GICC_DIR, iar); /* physical SGIs are not used otherwise */
		} else if (c->zone && (intid < GIC_NR_PRIVATE || vgic_zone_owns(c->zone, intid))) {
			pr_trace("CPU %u: IRQ %u -> zone %u", c->id, intid, c->zone->id);
			vgic_inject(intid, true);
		} else {
			stray_irq(iar, intid);
		}
	}
}
