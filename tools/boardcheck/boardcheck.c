// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time board checker: runs core/config_check.c over the board.c being built, with
 * the hypervisor's real memory range read from the linked ELF. Any error fails the build.
 *
 *   boardcheck <hv_start> <hv_end>
 *   boardcheck --json         board.c's data as JSON, for the DT cross-check
 *                             (tools/boardcheck/dtcheck.py compares it with zone0.dts)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board.h"
#include "config_check.h"

static void report(void *arg, bool error, const char *msg)
{
	(void)arg;
	(void)error;
	fprintf(stderr, "%s\n", msg);
}

/* A JSON string: board names come from C string literals, so escaping " and \\ is enough. */
static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void json_ranges(const char *key, const struct board_range *r, unsigned int n)
{
	printf(",\n  \"%s\": [", key);
	for (unsigned int i = 0; i < n; i++) {
		printf("%s[%" PRIu64 ", %" PRIu64 ", ", i ? ", " : "", (uint64_t)r[i].start,
		       (uint64_t)r[i].size);
		json_str(r[i].name);
		putchar(']');
	}
	putchar(']');
}

/* Every field the DT cross-check compares, numbers in decimal (JSON has no hex). */
static int print_json(const struct board *b)
{
	const struct board_zone *z = &b->root_zone;
	const struct board_gic *g = &b->gic;

	printf("{\n  \"file\": ");
	json_str(b->file);
	printf(",\n  \"mpidr\": [");
	for (unsigned int i = 0; i < b->nr_cpus; i++)
		printf("%s%" PRIu64, i ? ", " : "", (uint64_t)b->mpidr[i]);
	printf("],\n  \"uart\": {\"base\": %" PRIu64 ", \"reg_shift\": %u, \"reg_width\": %u}",
	       (uint64_t)b->uart.base, b->uart.reg_shift, b->uart.reg_width);
	printf(",\n  \"gic\": {\"version\": %u, \"gicd\": [%" PRIu64 ", %" PRIu64
	       "], \"gicr\": [%" PRIu64 ", %" PRIu64 "], \"gits\": [%" PRIu64 ", %" PRIu64 "]}",
	       g->version ? g->version : 3, (uint64_t)g->gicd_base, (uint64_t)g->gicd_size,
	       (uint64_t)g->gicr_base, (uint64_t)g->gicr_size, (uint64_t)g->gits_base,
	       (uint64_t)g->gits_size);
	json_ranges("gicr_more", g->gicr_more, g->nr_gicr_more);
	json_ranges("its_more", g->its_more, g->nr_its_more);
	json_ranges("zones_ram", b->zones_ram, b->nr_zones_ram);
	printf(",\n  \"root_cpus\": %" PRIu64 ", \"dtb_addr\": %" PRIu64 ", \"entry\": %" PRIu64,
	       (uint64_t)z->cpus, (uint64_t)z->dtb_addr, (uint64_t)z->entry);
	printf(",\n  \"regions\": [");
	for (unsigned int i = 0; i < z->nr_regions; i++) {
		const struct board_zone_region *r = &z->regions[i];

		printf("%s\n    [%u, %" PRIu64 ", %" PRIu64 ", %" PRIu64 ", ", i ? "," : "",
		       r->type, (uint64_t)r->phys, (uint64_t)r->ipa, (uint64_t)r->size);
		json_str(r->name);
		putchar(']');
	}
	printf("],\n  \"irqs\": [");
	for (unsigned int i = 0; i < z->nr_irqs; i++)
		printf("%s%u", i ? ", " : "", z->irqs[i]);
	printf("]\n}\n");
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct check_ctx ctx = {
		.where = board.file,
		.max_cpus = HV_MAX_CPUS,
		.report = report,
	};

	if (argc == 2 && !strcmp(argv[1], "--json"))
		return print_json(&board);
	if (argc != 3) {
		fprintf(stderr, "usage: %s <hv_start> <hv_end> | --json\n", argv[0]);
		return 2;
	}
	ctx.hv_start = strtoull(argv[1], NULL, 0);
	ctx.hv_end = strtoull(argv[2], NULL, 0);
	if (ctx.hv_end <= ctx.hv_start) {
		fprintf(stderr, "boardcheck: bad hypervisor range %s..%s\n", argv[1], argv[2]);
		return 2;
	}
	config_check_board(&ctx, &board);
	if (ctx.errors) {
		fprintf(stderr, "%s: %u error(s): no image was built\n", board.file, ctx.errors);
		return 1;
	}
	return 0;
}
