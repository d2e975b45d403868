// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor: zones from the root Linux, through /dev/hvisor (tools/driver/hvisor.ko).
 *
 *   hvisor zone start <config.json>    check the config, load its images, start it
 *   hvisor zone shutdown -id <n>       stop zone n
 *   hvisor zone list                   id, CPUs, name and state of every zone
 *   hvisor zone stats <id>             the zone's exits since it started, by kind
 *   hvisor virtio start <virtio.json>  serve zones' virtio devices (vdaemon.c)
 *
 * The commands and the JSON are hvisor-tool's. Differences, on purpose: every problem
 * of a config is reported (file, field, what is wrong) before anything reaches the
 * hypervisor; messages go to the terminal, not to syslog; `zone list` exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvisor/ioctl.h"
#include "hvisor/zone_config.h"
#include "cli.h"
#include "zonecfg.h"
#include "zonedtb.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage:\n"
		"  hvisor zone start <config.json>   check, load and start a zone\n"
		"  hvisor zone shutdown -id <id>     stop a zone\n"
		"  hvisor zone list                  list the zones\n"
		"  hvisor zone stats <id>            exits of a zone since it started\n"
		"  hvisor virtio start [--log FILE|--syslog] [--log-level LEVEL] <virtio.json>\n"
		"                                    serve zones' virtio devices (docs/virtio.md)\n"
		"The config is hvisor-tool's JSON; docs/zones.md describes it.\n");
}

/* The hypervisor said no: name the errno and where its reason is written. */
static void refused(const char *what, int e, unsigned int zone)
{
	fprintf(stderr, "hvisor: %s: %s (%s)\n", what, cli_errno_name(e), strerror(e));
	if (e == ENOSYS)
		fprintf(stderr, "hvisor: this hypervisor does not implement it\n");
	else if (e == ENOTTY)
		fprintf(stderr, "hvisor: the driver in use does not know this request: load "
				"this tool's hvisor.ko\n");
	else
		fprintf(stderr,
			"hvisor: the hypervisor's log on the board's console says why (a line "
			"naming \"zone %u\"); `dmesg | grep hvisor` shows the driver's side\n",
			zone);
}

/*
 * ZONE_LOAD_IMAGE (ours: the driver checks the range against the zone's RAM), or, on
 * hvisor-tool's driver, which answers an unknown request with EINVAL, its LOAD_IMAGE.
 */
static int load_image(int fd, struct hvisor_zone_load_args *a)
{
	static bool unchecked;
	struct hvisor_load_image_args plain = { a->user_buffer, a->size, a->load_paddr };

	if (!unchecked) {
		if (ioctl(fd, HVISOR_ZONE_LOAD_IMAGE, a) == 0)
			return 0;
		if (errno != ENOTTY && errno != EINVAL)
			return -1;
		unchecked = true;
		fprintf(stderr, "hvisor: warning: the driver does not check where images go "
				"(hvisor-tool's hvisor.ko?); this tool checked them\n");
	}
	return ioctl(fd, HVISOR_LOAD_IMAGE, &plain);
}

static int zone_start(const char *file)
{
	static struct zone_spec spec;
	static struct zonecfg_errors errs;
	uint64_t extra[ZONE_IMG_COUNT] = { 0 }, magic = 0;
	char *text, *data[ZONE_IMG_COUNT] = { 0 };
	size_t len, size[ZONE_IMG_COUNT] = { 0 };
	int fd = -1, i, ret = 1;

	text = cli_read_file(file, 0, &len);
	if (!text) {
		fprintf(stderr, "hvisor: %s: %s\n", file, strerror(errno));
		return 1;
	}
	zonecfg_parse(file, text, &spec, &errs);
	free(text);
	if (spec.img[ZONE_IMG_INITRD].present)
		extra[ZONE_IMG_DTB] = ZONECFG_DTB_SLACK;
	if (!errs.count)
		zonecfg_check_files(&spec, extra, &errs);
	for (i = 0; i < (int)spec.warnings.count && i < ZONECFG_MAX_ERRORS; i++)
		fprintf(stderr, "hvisor: warning: %s\n", spec.warnings.msg[i]);
	if (errs.count) {
		cli_print_errors(&errs);
		fprintf(stderr, "hvisor: %s: %u problem(s), nothing was started\n", file,
			errs.count);
		return 1;
	}

	for (i = 0; i < ZONE_IMG_COUNT; i++) {
		struct zone_image *img = &spec.img[i];

		if (!img->present)
			continue;
		data[i] = cli_read_file(img->path, extra[i], &size[i]);
		if (!data[i]) {
			fprintf(stderr, "hvisor: %s: %s: %s: %s\n", file, img->field, img->path,
				strerror(errno));
			goto out;
		}
	}
	if (data[ZONE_IMG_INITRD]) {
		char why[160];
		uint64_t start = spec.img[ZONE_IMG_INITRD].load_addr;

		if (zonedtb_set_initrd(data[ZONE_IMG_DTB], &size[ZONE_IMG_DTB],
				       size[ZONE_IMG_DTB] + extra[ZONE_IMG_DTB], start,
				       start + size[ZONE_IMG_INITRD], why, sizeof(why))) {
			fprintf(stderr, "hvisor: %s: dtb_filepath: %s: %s\n", file,
				spec.img[ZONE_IMG_DTB].path, why);
			goto out;
		}
	}

	fd = cli_open_dev();
	if (fd < 0)
		goto out;
	if (ioctl(fd, HVISOR_CONFIG_CHECK, &magic) != 0) {
		refused("config check", errno, spec.cfg.zone_id);
		goto out;
	}
	if (magic != CONFIG_MAGIC_VERSION) {
		fprintf(stderr,
			"hvisor: the hypervisor speaks config version %#" PRIx64 ", this tool %#x: "
			"use the tools built with this hypervisor\n",
			magic, CONFIG_MAGIC_VERSION);
		goto out;
	}
	for (i = 0; i < ZONE_IMG_COUNT; i++) {
		struct hvisor_zone_load_args a = {
			.config = (uintptr_t)&spec.cfg,
			.user_buffer = (uintptr_t)data[i],
			.size = size[i],
			.load_paddr = spec.img[i].load_addr,
		};

		if (!data[i])
			continue;
		if (load_image(fd, &a) != 0) {
			int e = errno;

			fprintf(stderr, "hvisor: %s: loading %s to %#" PRIx64 " failed: %s (%s)\n",
				spec.img[i].field, spec.img[i].path, spec.img[i].load_addr,
				cli_errno_name(e), strerror(e));
			fprintf(stderr, "hvisor: `dmesg | grep hvisor` says why\n");
			goto out;
		}
	}
	if (ioctl(fd, HVISOR_ZONE_START, &spec.cfg) != 0) {
		char what[80];

		snprintf(what, sizeof(what), "zone start: the hypervisor refused zone %u (%s)",
			 spec.cfg.zone_id, spec.cfg.name);
		refused(what, errno, spec.cfg.zone_id);
		goto out;
	}
	printf("zone %u (%s) started\n", spec.cfg.zone_id, spec.cfg.name);
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	for (i = 0; i < ZONE_IMG_COUNT; i++)
		free(data[i]);
	return ret;
}

/* A zone id as the commands take it: a whole unsigned number (any base) below 2^32. */
static bool parse_zone_id(const char *arg, unsigned long long *id)
{
	char *end;

	errno = 0;
	*id = strtoull(arg, &end, 0);
	return arg[0] != '\0' && arg[0] != '-' && !*end && !errno && *id <= UINT32_MAX;
}

static int zone_shutdown(int argc, char **argv)
{
	unsigned long long id;
	int fd;

	if (argc != 2 || (strcmp(argv[0], "-id") && strcmp(argv[0], "--id"))) {
		usage(stderr);
		return 1;
	}
	if (!parse_zone_id(argv[1], &id)) {
		fprintf(stderr, "hvisor: zone shutdown: -id %s: not a zone id (a number)\n",
			argv[1]);
		return 1;
	}
	if (id == 0) {
		fprintf(stderr, "hvisor: zone shutdown: zone 0 is the root zone; it cannot be "
				"shut down from itself\n");
		return 1;
	}
	fd = cli_open_dev();
	if (fd < 0)
		return 1;
	if (ioctl(fd, HVISOR_ZONE_SHUTDOWN, (unsigned long)id) != 0) {
		char what[64];

		snprintf(what, sizeof(what), "zone shutdown: zone %llu", id);
		refused(what, errno, (unsigned int)id);
		close(fd);
		return 1;
	}
	close(fd);
	printf("zone %llu shut down\n", id);
	return 0;
}

static int zone_list(void)
{
	static struct zone_info zones[HVISOR_ZONE_LIST_MAX];
	struct hvisor_zone_list_args a = { .cnt = HVISOR_ZONE_LIST_MAX, .zones = (uintptr_t)zones };
	int fd = cli_open_dev(), n, i;

	if (fd < 0)
		return 1;
	n = ioctl(fd, HVISOR_ZONE_LIST, &a);
	close(fd);
	if (n < 0) {
		refused("zone list", errno, 0);
		return 1;
	}
	/* hvisor-tool's table, column for column. */
	printf("| %11s     | %10s        | %9s       | %10s |\n", "zone_id", "cpus", "name",
	       "status");
	for (i = 0; i < n; i++) {
		char cpus[160];

		zonecfg_cpus_text(zones[i].cpus, cpus, sizeof(cpus));
		zones[i].name[CONFIG_NAME_MAXLEN - 1] = '\0';
		printf("| %15u | %17s | %15s | %10s |\n", zones[i].zone_id, cpus, zones[i].name,
		       zones[i].is_err == ZONE_INFO_STOPPED ? "stopped"
		       : zones[i].is_err		    ? "error"
							    : "running");
	}
	return 0;
}

/*
 * `hvisor zone stats <id>` (ours, as Jailhouse's `cell stats`): one "name count" line per
 * exit kind, summed over the zone's CPUs, counted since the zone was created.
 */
static int zone_stats(const char *arg)
{
#define ZONE_STAT_TEXT(name, text) text,
	static const char *const names[] = { ZONE_STATS_LIST(ZONE_STAT_TEXT) };
#undef ZONE_STAT_TEXT
	struct zone_stats st = { 0 };
	struct hvisor_zone_stats_args a = { .stats = (uintptr_t)&st };
	unsigned long long id;
	unsigned int k, n;
	int fd;

	if (!parse_zone_id(arg, &id)) {
		fprintf(stderr,
			"hvisor: zone stats: %s: not a zone id (a number; `hvisor zone "
			"list` shows them)\n",
			arg);
		return 1;
	}
	a.zone_id = id;
	fd = cli_open_dev();
	if (fd < 0)
		return 1;
	if (ioctl(fd, HVISOR_ZONE_STATS, &a) != 0) {
		char what[64];

		snprintf(what, sizeof(what), "zone stats: zone %llu", id);
		refused(what, errno, (unsigned int)id);
		close(fd);
		return 1;
	}
	close(fd);
	/* A newer hypervisor may count more kinds: print the ones both know. */
	n = st.nr_counters < ZONE_STAT_NR ? st.nr_counters : ZONE_STAT_NR;
	printf("zone %u exits since it started (all its CPUs):\n", st.zone_id);
	for (k = 0; k < n; k++)
		printf("  %-16s %" PRIu64 "\n", names[k], st.count[k]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "zone") && !strcmp(argv[2], "start"))
		return zone_start(argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "zone") && !strcmp(argv[2], "shutdown"))
		return zone_shutdown(argc - 3, argv + 3);
	if (argc == 3 && !strcmp(argv[1], "zone") && !strcmp(argv[2], "list"))
		return zone_list();
	if (argc == 4 && !strcmp(argv[1], "zone") && !strcmp(argv[2], "stats"))
		return zone_stats(argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "virtio") && !strcmp(argv[2], "start"))
		return vdaemon_main(argc - 3, argv + 3);
	usage(stderr);
	return 1;
}
