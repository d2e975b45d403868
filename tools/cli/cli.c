// SPDX-License-Identifier: GPL-2.0
/* Small services every `hvisor` command uses (see cli.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "zonecfg.h"

#define DEV_PATH "/dev/hvisor"

const char *cli_errno_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "unknown error";
}

int cli_open_dev(void)
{
	int fd = open(DEV_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "hvisor: cannot open %s: %s%s\n", DEV_PATH, strerror(errno),
			errno == ENOENT ? " (load the driver first: insmod hvisor.ko)" : "");
	return fd;
}

/* Reads a whole file plus `slack` spare bytes; NUL-terminated. */
char *cli_read_file(const char *path, size_t slack, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = calloc(1, (size_t)n + slack + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

void cli_print_errors(const struct zonecfg_errors *e)
{
	unsigned int i;

	for (i = 0; i < e->count && i < ZONECFG_MAX_ERRORS; i++)
		fprintf(stderr, "hvisor: %s\n", e->msg[i]);
	if (e->count > ZONECFG_MAX_ERRORS)
		fprintf(stderr, "hvisor: ... and %u more\n", e->count - ZONECFG_MAX_ERRORS);
}
