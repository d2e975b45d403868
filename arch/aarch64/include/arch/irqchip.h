/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the interrupt controller driver (arch/aarch64/gic/<IRQCHIP>/, chosen by the board's
 * platform.mk) provides to the rest of arch/: the IRQ exit path, the hypervisor's own
 * cross-CPU kick and a vCPU's CPU-interface state. Its distributor and per-CPU setup are
 * arch_irqchip_init*() in arch_hooks.h.
 *
 * The driver and the shared vGIC (gic/vgic_lr.c) call each other, and that is the honest
 * shape: the driver hands acknowledged interrupts to the vGIC, and the vGIC kicks other
 * CPUs through the driver. Each side sees only the other's header.
 */
#ifndef ARCH_IRQCHIP_H
#define ARCH_IRQCHIP_H

#include "types.h"

struct percpu;
struct zone;

/* Take every pending physical interrupt of this CPU (IRQ exit, parked CPUs). */
void irqchip_handle_irqs(void);
/* Kick target with the hypervisor's SGI: it runs irqchip_handle_irqs() at EL2. */
void irqchip_send_hv_ipi(const struct percpu *target);
/* The guest's PPIs on this CPU off (its vCPU stopped); the hypervisor's own stay on. */
void irqchip_cpu_quiesce_guest(void);
/* This CPU's virtual CPU interface as after reset (a vCPU (re)starts). */
void irqchip_vcpu_iface_reset(void);

/*
 * Direct interrupt mode (GICv3; docs/zones.md). handle_fiqs takes the Group 0 kick (FIQ
 * exit, parked CPUs). direct_enter hands this CPU's physical CPU interface to the zone
 * about to run (the caller clears HCR_EL2.IMO); direct_leave takes it back as the vCPU
 * stops, with nothing the guest left pending, active or enabled. send_guest_sgi is a
 * guest's SGI to a CPU of its direct zone: a physical Group 1 SGI.
 */
void irqchip_handle_fiqs(void);
void irqchip_direct_enter(void);
void irqchip_direct_leave(void);
void irqchip_send_guest_sgi(const struct percpu *target, u32 intid);
/* Can this GIC run zones in direct mode? 0, or -errno after saying why. */
int irqchip_direct_check(const struct zone *z);

#endif
