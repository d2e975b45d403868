/* SPDX-License-Identifier: GPL-2.0 */
/* A zone's DTB before the zone first runs (core/fdt_fixup.c). */
#ifndef HVC_FDT_FIXUP_H
#define HVC_FDT_FIXUP_H

struct zone;

/* Name the zone's DT nodes for messages and, for the root zone, fix its DTB up in place. */
void fdt_zone_prepare(struct zone *z);

#endif
