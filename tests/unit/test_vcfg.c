// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio daemon's config reader (tools/cli/vcfg.c) on the host: the porting guide's
 * virtio.json read into zones and devices, and each mistake a user can make reported
 * with its field.
 */
// sources: tools/cli/vcfg.c tools/cli/zonecfg.c
#include "unit.h"

#include <stdio.h>

#include "../../tools/cli/vcfg.h"

/* The guide's virtio.json (QEMU's addresses), net enabled. */
#define GOOD                                                                                       \
	"{\"zones\": [{\"id\": 1,\n"                                                               \
	" \"memory_region\": [{\"zone0_ipa\": \"0x50000000\", \"zonex_ipa\": \"0x50000000\", "     \
	"\"size\": \"0x30000000\"}],\n"                                                            \
	" \"devices\": [\n"                                                                        \
	"  {\"type\": \"blk\", \"addr\": \"0xa003c00\", \"len\": \"0x200\", \"irq\": 78, "         \
	"\"img\": \"rootfs2.ext4\", \"status\": \"enable\"},\n"                                    \
	"  {\"type\": \"console\", \"addr\": \"0xa003800\", \"len\": \"0x200\", \"irq\": 76, "     \
	"\"status\": \"enable\"},\n"                                                               \
	"  {\"type\": \"net\", \"addr\": \"0xa003600\", \"len\": \"0x200\", \"irq\": 75, "         \
	"\"tap\": \"tap0\", \"mac\": [\"0x00\", \"0x16\", \"0x3e\", \"0x10\", \"0x10\", "          \
	"\"0x10\"], \"status\": \"enable\"}]}]}\n"

static struct vcfg cfg;
static struct zonecfg_errors errs;

static unsigned int parse(const char *text)
{
	return vcfg_parse("dir/virtio.json", text, &cfg, &errs);
}

static void expect_error(const char *text, const char *want)
{
	unsigned int n = parse(text);
	bool found = false;

	for (unsigned int i = 0; i < n && i < ZONECFG_MAX_ERRORS; i++)
		found |= strstr(errs.msg[i], want) != NULL;
	if (!found) {
		for (unsigned int i = 0; i < n && i < ZONECFG_MAX_ERRORS; i++)
			print_message("  got: %s\n", errs.msg[i]);
		print_message("  want an error containing: %s\n", want);
		fail();
	}
}

/* GOOD with `from` replaced by `to` (from must occur). */
static const char *edit(const char *from, const char *to)
{
	static char buf[4096];
	const char *at = strstr(GOOD, from);

	assert_non_null(at);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	return buf;
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(parse(GOOD), 0);
	assert_int_equal(cfg.nr_zones, 1);
	assert_int_equal(cfg.zones[0].id, 1);
	assert_int_equal(cfg.zones[0].nr_ram, 1);
	assert_int_equal(cfg.zones[0].ram[0].zone0_ipa, 0x50000000);
	assert_int_equal(cfg.zones[0].ram[0].size, 0x30000000);
	assert_int_equal(cfg.nr_devs, 3);
	assert_int_equal(cfg.devs[0].type, VDEV_BLK);
	assert_int_equal(cfg.devs[0].addr, 0xa003c00);
	assert_int_equal(cfg.devs[0].irq, 78);
	/* A relative image path is taken from the JSON's folder, as `zone start` does. */
	assert_string_equal(cfg.devs[0].img, "dir/rootfs2.ext4");
	assert_false(cfg.devs[0].readonly);
	assert_int_equal(cfg.devs[1].type, VDEV_CONSOLE);
	assert_int_equal(cfg.devs[2].type, VDEV_NET);
	assert_string_equal(cfg.devs[2].tap, "tap0");
	assert_int_equal(cfg.devs[2].mac[1], 0x16);
	assert_int_equal(cfg.devs[2].mac[5], 0x10);
}

static void test_disabled_and_defaults(void **state)
{
	(void)state;
	/* The guide's default: net disabled, skipped. */
	assert_int_equal(parse(edit("\"tap\": \"tap0\", \"mac\": [\"0x00\", \"0x16\", \"0x3e\", "
				    "\"0x10\", \"0x10\", \"0x10\"], \"status\": \"enable\"",
				    "\"status\": \"disable\"")),
			 0);
	assert_int_equal(cfg.nr_devs, 2);
	/* No tap, no mac: tap0 and a locally administered unicast MAC. */
	assert_int_equal(parse(edit("\"tap\": \"tap0\", \"mac\": [\"0x00\", \"0x16\", \"0x3e\", "
				    "\"0x10\", \"0x10\", \"0x10\"], ",
				    "")),
			 0);
	assert_string_equal(cfg.devs[2].tap, "tap0");
	assert_int_equal(cfg.devs[2].mac[0] & 3, 2);
	/* readonly and an absolute path. */
	assert_int_equal(parse(edit("\"img\": \"rootfs2.ext4\"",
				    "\"img\": \"/dev/vda\", \"readonly\": true")),
			 0);
	assert_true(cfg.devs[0].readonly);
	assert_string_equal(cfg.devs[0].img, "/dev/vda");
	assert_int_equal(cfg.devs[0].poll_us, VCFG_POLL_US_DEFAULT);
	assert_int_equal(parse(edit("\"img\": \"rootfs2.ext4\"",
				    "\"img\": \"rootfs2.ext4\", \"poll_us\": 0")),
			 0);
	assert_int_equal(cfg.devs[0].poll_us, 0);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("{", "not valid JSON");
	expect_error("{\"zones\": []}", "zones: expected a non-empty array");
	expect_error(edit("\"id\": 1", "\"id\": 0"), "zones[0].id: 0 is the root zone");
	expect_error(edit("\"irq\": 78", "\"irq\": 14"),
		     "zones[0].devices[0].irq: 14 is an SGI or PPI");
	expect_error(edit("\"irq\": 78", "\"irq\": 1020"), "zones[0].devices[0].irq");
	expect_error(edit("\"irq\": 76", "\"irq\": 78"), "zones[0].devices[1].irq: 78 is also "
							 "zones[0].devices[0]'s");
	expect_error(edit("\"addr\": \"0xa003800\"", "\"addr\": \"0xa003d00\""),
		     "zones[0].devices[1]: [0xa003d00, 0xa003f00) overlaps zones[0].devices[0]");
	expect_error(edit("\"len\": \"0x200\"", "\"len\": \"0x100\""),
		     "zones[0].devices[0].len: 0x100");
	expect_error(edit("\"addr\": \"0xa003c00\"", "\"addr\": \"0xa003c02\""),
		     "zones[0].devices[0].addr: 0xa003c02 is not 4-byte aligned");
	expect_error(edit("\"img\": \"rootfs2.ext4\", ", ""), "zones[0].devices[0].img: missing");
	expect_error(edit("\"type\": \"console\"", "\"type\": \"gpu\""),
		     "zones[0].devices[1].type: \"gpu\": this daemon serves");
	expect_error(edit("\"status\": \"enable\"}", "\"status\": \"on\"}"),
		     "status: \"on\": write \"enable\" or \"disable\"");
	expect_error(edit("\"0x10\", \"0x10\", \"0x10\"]", "\"0x10\", \"0x10\"]"),
		     "zones[0].devices[2].mac: expected 6 bytes");
	expect_error(edit("[\"0x00\", \"0x16\"", "[\"0x01\", \"0x16\""),
		     "mac: 0x01 as first byte is a multicast address");
	expect_error(edit("\"tap\": \"tap0\"", "\"tap\": \"a-very-long-tap-name\""),
		     "zones[0].devices[2].tap");
	expect_error(edit("\"size\": \"0x30000000\"", "\"size\": \"0x30000010\""),
		     "zones[0].memory_region[0]: zone0_ipa 0x50000000, zonex_ipa 0x50000000, size "
		     "0x30000010: must be 4 KiB aligned");
	expect_error(edit("\"size\": \"0x30000000\"}]", "\"size\": \"0x30000000\"}, "
							"{\"zone0_ipa\": \"0x90000000\", "
							"\"zonex_ipa\": \"0x60000000\", \"size\": "
							"\"0x1000\"}]"),
		     "memory_region[1]: [0x60000000, 0x60001000) overlaps memory_region[0]");
	expect_error(edit("\"zone0_ipa\": \"0x50000000\", ", ""),
		     "zones[0].memory_region[0].zone0_ipa: missing");
	expect_error(edit("\"irq\": 78", "\"irq\": \"0x4e!\""), "zones[0].devices[0].irq");
	expect_error(edit("\"img\": \"rootfs2.ext4\"", "\"img\": \"r\", \"poll_us\": 20000"),
		     "zones[0].devices[0].poll_us: 0x4e20 is too large");
}

static void test_too_many_devices(void **state)
{
	char text[8192];
	int n;

	(void)state;
	n = snprintf(text, sizeof(text),
		     "{\"zones\": [{\"id\": 1, \"memory_region\": [{\"zone0_ipa\": \"0x50000000\", "
		     "\"zonex_ipa\": \"0x50000000\", \"size\": \"0x1000\"}], \"devices\": [");
	for (int i = 0; i < 9; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n,
			      "%s{\"type\": \"console\", \"addr\": %d, \"len\": 512, \"irq\": %d}",
			      i ? ", " : "", 0x10000 + 0x200 * i, 40 + i);
	snprintf(text + n, sizeof(text) - (size_t)n, "]}]}");
	expect_error(text, "zones[0].devices[8]: more than 8 enabled devices");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_disabled_and_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
