/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices of a zone (core/zone_io.c): IO regions smaller than a page are trapped and
 * forwarded, and a device given to another zone leaves the root zone's stage 2 while that
 * zone runs (the rest of a shared page stays the root's, forwarded by a trap handler).
 */
#ifndef HVC_ZONE_IO_H
#define HVC_ZONE_IO_H

struct zone;

/* Set up z's forwarded devices and take its devices' pages from root (may be NULL). */
int zone_io_attach(struct zone *z, struct zone *root);
/* Undo zone_io_attach, also after a partial one. */
void zone_io_detach(struct zone *z, struct zone *root);

#endif
