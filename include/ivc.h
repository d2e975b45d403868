/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inter-VM communication as hvisor defines it (core/ivc.c): zones naming the same ivc_id
 * share memory (a section every peer writes, then one output section per peer, writable by
 * that peer only) and a trapped control-table page whose doorbell register raises the
 * target peer's interrupt. A record lives from its first peer's start to its last peer's
 * shutdown.
 */
#ifndef HVC_IVC_H
#define HVC_IVC_H

#include "types.h"
#include "hvisor/zone_config.h"

struct zone;
struct ivc_record;

/* Control-table registers (hvisor's layout). */
#define IVC_CT_IVC_ID	    0x00
#define IVC_CT_MAX_PEERS    0x04
#define IVC_CT_RW_SEC_SIZE  0x08
#define IVC_CT_OUT_SEC_SIZE 0x0c
#define IVC_CT_PEER_ID	    0x10
#define IVC_CT_IPI_INVOKE   0x14 /* write: the peer_id whose interrupt to raise */

/* Most shared memory one record may take from the frame pool. */
#define IVC_MAX_FRAMES 256
#define IVC_MAX_PEERS  8

/* struct ivc_info, the answer to hypercall 5, is in hvisor/zone_config.h (the ABI). */

/* Check z's IVC configs, join or create their records, map and trap them. -errno. */
int ivc_zone_attach(struct zone *z);
/* z leaves its records; a record whose last peer left is freed. */
void ivc_zone_detach(struct zone *z);
/* Hypercall 5 for zone z. 0 or -ENODEV when it has no IVC. */
int ivc_zone_info(const struct zone *z, struct ivc_info *out);

#endif
