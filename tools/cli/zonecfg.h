/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Zone configs of the `hvisor` CLI: hvisor-tool's JSON format (plus our optional initrd
 * fields) read into the hypervisor's struct zone_config, and every check that can be
 * made before a hypercall. Pure logic over text and file sizes, so the host unit tests
 * (tests/unit/test_zonecfg.c) run it as the arm64 CLI does.
 */
#ifndef HVC_TOOLS_ZONECFG_H
#define HVC_TOOLS_ZONECFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hvisor/zone_config.h"

#define ZONECFG_MAX_ERRORS 16
#define ZONECFG_MSG_LEN	   320

/* Every problem found, each one line "<file>: <field>: <problem>". */
struct zonecfg_errors {
	unsigned int count; /* may exceed ZONECFG_MAX_ERRORS; only the first ones are kept */
	char msg[ZONECFG_MAX_ERRORS][ZONECFG_MSG_LEN];
};

/* One file to copy into the zone's RAM. */
struct zone_image {
	const char *field;  /* the JSON key naming the file, for messages */
	char path[4096];    /* as resolved (relative paths: from the JSON file's folder) */
	uint64_t load_addr; /* physical address */
	uint64_t size;	    /* file size, filled by zonecfg_check_files() */
	bool present;	    /* false: no file (absent optional field or "null") */
};

enum { ZONE_IMG_KERNEL, ZONE_IMG_DTB, ZONE_IMG_INITRD, ZONE_IMG_COUNT };

/* Room the CLI may add to the DTB (/chosen linux,initrd-start/end). */
#define ZONECFG_DTB_SLACK 1024

struct zone_spec {
	const char *file; /* the JSON file, for messages */
	struct zone_config cfg;
	struct zone_image img[ZONE_IMG_COUNT];
	/* Warnings that do not stop the start (e.g. unknown keys), "<file>: ..." lines. */
	struct zonecfg_errors warnings;
};

/*
 * Parses `text` (the contents of `file`) into spec. Returns the number of errors (0:
 * spec is complete except for file sizes); the messages are in errs.
 */
unsigned int zonecfg_parse(const char *file, const char *text, struct zone_spec *spec,
			   struct zonecfg_errors *errs);

/*
 * Checks that each image exists and fits in the RAM region it is loaded into, and that
 * images do not overlap. `extra[i]` bytes are added to image i's size (the DTB grows when
 * the initrd range is written into it). Fills the sizes, kernel_size and dtb_size.
 */
unsigned int zonecfg_check_files(struct zone_spec *spec, const uint64_t extra[ZONE_IMG_COUNT],
				 struct zonecfg_errors *errs);

/* Adds "<file>: <message>" to e (counted beyond ZONECFG_MAX_ERRORS, not kept). */
void zonecfg_error(struct zonecfg_errors *e, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct cJSON;
/*
 * Reads item (named `field` in messages) as an unsigned integer <= max: a JSON number
 * below 2^53 or a string strtoull reads whole ("0x50000000"). Returns false, after an
 * error "<file>: <field>: ..." in errs, when it is not one. virtio.json uses it too.
 */
bool zonecfg_json_num(const char *file, struct zonecfg_errors *errs, const struct cJSON *item,
		      const char *field, uint64_t max, uint64_t *out);

/*
 * The optional boolean `key` of obj (named "<where>.<key>" in messages): false when
 * missing; an error in errs when it is there but not true or false. virtio.json uses it.
 */
bool zonecfg_json_bool(const char *file, struct zonecfg_errors *errs, const struct cJSON *obj,
		       const char *where, const char *key);

/* The index of the RAM region holding [addr, addr + size) physically, or -1. */
int zonecfg_ram_region(const struct zone_config *cfg, uint64_t addr, uint64_t size);

/* "2, 3" for a CPU mask (hvisor-tool's zone list), "none" for 0. */
void zonecfg_cpus_text(uint64_t cpus, char *buf, size_t len);

#endif
