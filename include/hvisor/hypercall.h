/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercall ABI (hvisor ABI version 5): `hvc #imm` (any immediate), x0 = code,
 * x1/x2 = arguments, x0 = result, negative errno on failure.
 */
#ifndef HVISOR_HYPERCALL_H
#define HVISOR_HYPERCALL_H

#define HVISOR_HC_INIT_VIRTIO	   0
#define HVISOR_HC_FINISH_REQ	   1
#define HVISOR_HC_START_ZONE	   2
#define HVISOR_HC_SHUTDOWN_ZONE	   3
#define HVISOR_HC_ZONE_LIST	   4
#define HVISOR_HC_IVC_INFO	   5
#define HVISOR_HC_CONFIG_CHECK	   6
#define HVISOR_HC_CLEAR_INJECT_IRQ 20
#define HVISOR_HC_VIRTIO_GET_IRQ   86
/*
 * Ours, outside hvisor's numbers (0-9, 11, 20, 86). ZONE_STATS: root only; x1 = zone id,
 * x2 = address of a struct zone_stats (zone_config.h) in the caller's RAM, 8-byte
 * aligned; 0, or -EPERM (not the root), -EINVAL (no such zone), -EFAULT (bad buffer).
 */
#define HVISOR_HC_ZONE_STATS 64

/* The immediate hvisor-tool uses ("HV"); the hypervisor accepts any. */
#define HVISOR_HVC_IMM 0x4856

#endif
