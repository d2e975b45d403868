/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio.json, the virtio daemon's config (hvisor-tool's format, the porting guide's
 * section 8): which zones it serves, their RAM as the root Linux and the zone see it,
 * and each device. Every field is checked here, with a message naming it, before the
 * daemon touches the hypervisor. Pure logic, unit-tested on the host.
 */
#ifndef HVC_TOOLS_VCFG_H
#define HVC_TOOLS_VCFG_H

#include <stdbool.h>
#include <stdint.h>

#include "vdev.h"
#include "zonecfg.h"

/*
 * blk's "poll_us" when the config has none: the longest its worker polls for the next
 * request (the window adapts below it, vblk.c). Sequential readers under QEMU come back
 * within about 150 us; on a board sooner.
 */
#define VCFG_POLL_US_DEFAULT 500

struct vcfg_dev {
	enum vdev_type type;
	unsigned int zone; /* index in vcfg.zones */
	uint64_t addr, len;
	uint32_t irq;
	char img[4096];	   /* blk: a file or a block device (relative: from the JSON's folder) */
	bool readonly;	   /* blk: "readonly": true */
	uint32_t poll_us;  /* blk: "poll_us", how long the worker polls for the next request */
	char tap[16];	   /* net: the tap interface, created when missing */
	uint8_t mac[6];	   /* net */
	const char *where; /* "zones[0].devices[1]", for messages */
	char where_buf[48];
};

struct vcfg_zone {
	uint32_t id;
	unsigned int nr_ram;
	struct {
		uint64_t zone0_ipa, zonex_ipa, size;
	} ram[VDEV_MAX_REGIONS];
};

struct vcfg {
	unsigned int nr_zones, nr_devs;
	struct vcfg_zone zones[VDEV_MAX_ZONES];
	struct vcfg_dev devs[VDEV_MAX_DEVS];
};

/* Parses `text` (the contents of `file`); returns the number of errors (messages in errs). */
unsigned int vcfg_parse(const char *file, const char *text, struct vcfg *cfg,
			struct zonecfg_errors *errs);

#endif
