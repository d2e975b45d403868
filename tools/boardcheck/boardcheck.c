// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time board checker: runs core/config_check.c over the board.c being built, with
 * the hypervisor's real memory range read from the linked ELF. Any error fails the build.
 *
 *   boardcheck <hv_start> <hv_end>
 */
#include <stdio.h>
#include <stdlib.h>
#include "board.h"
#include "config_check.h"

static void report(void *arg, bool error, const char *msg)
{
	(void)arg;
	(void)error;
	fprintf(stderr, "%s\n", msg);
}

int main(int argc, char **argv)
{
	struct check_ctx ctx = {
		.where = board.file,
		.max_cpus = HV_MAX_CPUS,
		.report = report,
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s <hv_start> <hv_end>\n", argv[0]);
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
