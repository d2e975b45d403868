// SPDX-License-Identifier: GPL-2.0
/*
 * Direct interrupt mode is GICv3 only (docs/zones.md): the config check refuses it on a
 * GICv2 board, so no CPU here is ever in it. A GICv2 guest reaches its CPU interface
 * through memory the hypervisor maps (GICV); handing it the physical GICC instead would
 * let it acknowledge the hypervisor's own SGI, and GICv2 has no Group 0 kick a
 * non-secure hypervisor could keep for itself.
 */
#include "arch/irqchip.h"
#include "hv_errno.h"
#include "log.h"
#include "zone.h"

void irqchip_handle_fiqs(void)
{
	/* The hypervisor uses no Group 0 interrupt on GICv2: nothing to acknowledge. */
}

void irqchip_direct_enter(void)
{
}

void irqchip_direct_leave(void)
{
}

void irqchip_send_guest_sgi(const struct percpu *target, u32 intid)
{
	(void)target;
	(void)intid;
}

int irqchip_direct_check(const struct zone *z)
{
	pr_warn("zone %u: arch_config.direct_irq needs a GICv3; this board has a GICv2", z->id);
	return -EINVAL;
}
