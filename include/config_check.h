/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The board and zone configuration checker. It runs on the host at build time (over the
 * board.c being built, tools/boardcheck) and again in the hypervisor at boot, with the
 * same code, so a board that would break at run time never gets flashed.
 */
#ifndef HVC_CONFIG_CHECK_H
#define HVC_CONFIG_CHECK_H

#include "board.h"
#include "hvisor/zone_config.h"

/*
 * The GIC version this build drives (the Makefile derives it from platform.mk's IRQCHIP):
 * zone_configs must name it, with the board's addresses.
 */
#ifndef GIC_VERSION
#error "GIC_VERSION (2 or 3) comes from the build: see GIC_VERSION in the Makefile"
#endif
#define GIC_CONFIG_BUILD (GIC_VERSION == 2 ? GIC_CONFIG_V2 : GIC_CONFIG_V3)

struct check_ctx {
	const char *where;	  /* prefix of every message: the board file, or "zone N" */
	paddr_t hv_start, hv_end; /* the hypervisor's own memory */
	unsigned int max_cpus;
	u32 irq_lines; /* INTIDs the distributor implements; 0 when unknown (at build time) */
	void (*report)(void *arg, bool error, const char *msg);
	void *arg;
	unsigned int errors;
	unsigned int warnings;
};

/* Check board-wide data (CPUs, EL2 memory map, UART, GIC) and the root zone. Returns errors. */
unsigned int config_check_board(struct check_ctx *ctx, const struct board *b);

/*
 * Check one zone configuration. names[i] names memory region i in messages (NULL: by
 * index); b gives the CPU count, the EL2 map and the GIC the zone must respect.
 */
unsigned int config_check_zone(struct check_ctx *ctx, const struct board *b,
			       const struct zone_config *zc, const char *const *names);

/* A report callback for the hypervisor: errors and warnings into the log. */
void config_check_log(void *arg, bool error, const char *msg);

/* Build a board zone's zone_config from board data (the checker validated the counts). */
void board_zone_config(const struct board *b, const struct board_zone *z, struct zone_config *zc);
/* The same for the root zone (always zone 0). */
void board_root_zone_config(const struct board *b, struct zone_config *zc);

#endif
