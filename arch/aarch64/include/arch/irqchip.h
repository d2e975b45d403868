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

struct percpu;

/* Take every pending physical interrupt of this CPU (IRQ exit, parked CPUs). */
void irqchip_handle_irqs(void);
/* Kick target with the hypervisor's SGI: it runs irqchip_handle_irqs() at EL2. */
void irqchip_send_hv_ipi(const struct percpu *target);
/* The guest's PPIs on this CPU off (its vCPU stopped); the hypervisor's own stay on. */
void irqchip_cpu_quiesce_guest(void);
/* This CPU's virtual CPU interface as after reset (a vCPU (re)starts). */
void irqchip_vcpu_iface_reset(void);

#endif
