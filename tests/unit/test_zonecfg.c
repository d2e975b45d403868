// SPDX-License-Identifier: GPL-2.0
/*
 * The hvisor CLI's config reader (tools/cli/zonecfg.c) and DTB patch (zonedtb.c), on the
 * host: hvisor-tool's JSON into struct zone_config, each error with its file, field and
 * problem, and the layout the tools compile against (the hypervisor's, pinned again here
 * for the host; the arm64 CLI build pins it through the same header's static asserts).
 */
// sources: tools/cli/zonecfg.c tools/cli/zonedtb.c
#include "unit.h"

#include <libfdt.h>
#include <stdio.h>
#include <unistd.h>

#include "hvisor/ioctl.h"
#include "../../tools/cli/zonecfg.h"
#include "../../tools/cli/zonedtb.h"

/* hvisor's QEMU zone1, as in platform/aarch64/qemu-gicv3/configs/zone1-linux.json. */
#define GOOD                                                                                       \
	"{\"arch\": \"arm64\", \"name\": \"linux2\", \"zone_id\": 1, \"cpus\": [2, 3],\n"          \
	" \"memory_regions\": [\n"                                                                 \
	"  {\"type\": \"ram\", \"physical_start\": \"0x50000000\", \"virtual_start\": "            \
	"\"0x50000000\", \"size\": \"0x30000000\"},\n"                                             \
	"  {\"type\": \"io\", \"physical_start\": \"0xa003a00\", \"virtual_start\": "              \
	"\"0xa003a00\", \"size\": 512}],\n"                                                        \
	" \"interrupts\": [77, 78], \"ivc_configs\": [],\n"                                        \
	" \"kernel_filepath\": \"Image\", \"dtb_filepath\": \"zone1.dtb\",\n"                      \
	" \"kernel_load_paddr\": \"0x50400000\", \"dtb_load_paddr\": \"0x50000000\",\n"            \
	" \"entry_point\": 1346371584,\n"                                                          \
	" \"arch_config\": {\"gic_version\": \"v3\", \"gicd_base\": \"0x8000000\", "               \
	"\"gicd_size\": \"0x10000\", \"gicr_base\": \"0x80a0000\", \"gicr_size\": \"0xf60000\", "  \
	"\"gits_base\": \"0x8080000\", \"gits_size\": \"0x20000\"},\n"                             \
	" \"pci_config\": []}\n"

static struct zone_spec spec;
static struct zonecfg_errors errs;

static unsigned int parse(const char *text)
{
	return zonecfg_parse("dir/z.json", text, &spec, &errs);
}

/* Exactly one error, and it contains `want`. */
static void expect_error(const char *text, const char *want)
{
	unsigned int n = parse(text);

	if (n != 1 || !strstr(errs.msg[0], want)) {
		for (unsigned int i = 0; i < n && i < ZONECFG_MAX_ERRORS; i++)
			print_message("  got: %s\n", errs.msg[i]);
		print_message("  want one error containing: %s\n", want);
		fail();
	}
}

/* GOOD with `from` replaced by `to` (each must occur once). */
static const char *edit(const char *from, const char *to)
{
	static char buf[4096];
	const char *at = strstr(GOOD, from);

	assert_non_null(at);
	assert_null(strstr(at + 1, from));
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - GOOD), GOOD, to, at + strlen(from));
	return buf;
}

static void test_good(void **state)
{
	const struct zone_config *c = &spec.cfg;

	(void)state;
	assert_int_equal(parse(GOOD), 0);
	assert_int_equal(spec.warnings.count, 0);
	assert_int_equal(c->zone_id, 1);
	assert_int_equal(c->cpus, 0xc);
	assert_string_equal(c->name, "linux2");
	assert_int_equal(c->num_memory_regions, 2);
	assert_int_equal(c->memory_regions[0].mem_type, MEM_TYPE_RAM);
	assert_int_equal(c->memory_regions[0].physical_start, 0x50000000);
	assert_int_equal(c->memory_regions[0].size, 0x30000000);
	assert_int_equal(c->memory_regions[1].mem_type, MEM_TYPE_IO);
	assert_int_equal(c->memory_regions[1].size, 0x200);
	assert_int_equal(c->interrupts_bitmap[2], (1U << (77 - 64)) | (1U << (78 - 64)));
	assert_int_equal(c->entry_point, 0x50400000);
	assert_int_equal(c->kernel_load_paddr, 0x50400000);
	assert_int_equal(c->dtb_load_paddr, 0x50000000);
	assert_int_equal(c->arch_config.gic_version, GIC_CONFIG_V3);
	assert_int_equal(c->arch_config.gicv3.gicr_size, 0xf60000);
	assert_int_equal(c->arch_config.gicv3.gits_base, 0x8080000);
	/* Relative image paths are taken from the JSON file's folder. */
	assert_string_equal(spec.img[ZONE_IMG_KERNEL].path, "dir/Image");
	assert_string_equal(spec.img[ZONE_IMG_DTB].path, "dir/zone1.dtb");
	assert_false(spec.img[ZONE_IMG_INITRD].present);
}

/* Ours in hvisor's padding: absent (hvisor-tool's configs) is off, true sets it. */
static void test_direct_irq(void **state)
{
	(void)state;
	assert_int_equal(parse(GOOD), 0);
	assert_int_equal(spec.cfg.arch_config.direct_irq, 0);
	assert_int_equal(parse(edit("{\"gic_version\"", "{\"direct_irq\": true, \"gic_version\"")),
			 0);
	assert_int_equal(spec.cfg.arch_config.direct_irq, 1);
	assert_int_equal(spec.cfg.arch_config.is_aarch32, 0);
	expect_error(edit("{\"gic_version\"", "{\"direct_irq\": 1, \"gic_version\""),
		     "arch_config.direct_irq: expected true or false");
}

static void test_numbers(void **state)
{
	(void)state;
	/* Above 2^31, where hvisor-tool's cJSON valueint clamps: taken exactly. */
	assert_int_equal(parse(edit("1346371584", "3221225472")), 1);
	assert_non_null(strstr(errs.msg[0], "entry_point: 0xc0000000 is not inside"));
	assert_int_equal(parse(edit("\"0x50400000\", \"dtb", "\"0x50400000\" , \"dtb")), 0);
	assert_int_equal(parse(edit("\"size\": 512", "\"size\": \"512\"")), 0);
	assert_int_equal(spec.cfg.memory_regions[1].size, 512);
	expect_error(edit("1346371584", "9007199254740993"),
		     "dir/z.json: entry_point: 9007199254740992 is 2^53 or more");
	expect_error(edit("1346371584", "-4"), "dir/z.json: entry_point: -4 is not a whole number");
	expect_error(edit("1346371584", "1.5"), "entry_point: 1.5 is not a whole number");
	expect_error(edit("1346371584", "\"0x5040000g\""),
		     "entry_point: \"0x5040000g\" is not a number");
	expect_error(edit("1346371584", "\"-1\""), "entry_point: \"-1\" is not a number");
	expect_error(edit("1346371584", "\"0x10000000000000000\""),
		     "entry_point: \"0x10000000000000000\" does not fit in 64 bits");
	expect_error(edit("1346371584", "true"), "entry_point: expected a number");
	expect_error(edit("\"zone_id\": 1", "\"zone_id\": 4294967296"),
		     "zone_id: 0x100000000 is too large");
}

static void test_missing(void **state)
{
	(void)state;
	expect_error(edit(" \"entry_point\": 1346371584,\n", ""),
		     "dir/z.json: entry_point: missing");
	expect_error(edit("\"name\": \"linux2\", ", ""), "dir/z.json: name: missing");
	expect_error(edit("\"kernel_filepath\": \"Image\", ", ""), "kernel_filepath: missing");
	expect_error(edit("\"gicr_size\": \"0xf60000\", ", ""), "arch_config.gicr_size: missing");
	expect_error(edit("{\"type\": \"io\", ", "{"), "memory_regions[1].type: missing");
	expect_error(edit("\"size\": 512", "\"siz\": 512"), "memory_regions[1].size: missing");
	expect_error(edit("\"cpus\": [2, 3],", ""), "cpus: missing");
	/* A missing key and a broken one: both reported. */
	assert_int_equal(parse(edit("\"zone_id\": 1, \"cpus\": [2, 3]", "\"cpus\": [2, 99]")), 2);
	/* Not JSON at all: the line is named. */
	expect_error("{\n\"a\": 1,\n,}", "dir/z.json: line 3: not valid JSON");
}

static void test_fields(void **state)
{
	(void)state;
	expect_error(edit("\"zone_id\": 1", "\"zone_id\": 0"), "zone_id: 0 is the root zone");
	expect_error(edit("[2, 3]", "[2, 2]"), "cpus[1]: CPU 2 is listed twice");
	expect_error(edit("[2, 3]", "[2, 64]"), "cpus[1]: 0x40 is too large (at most 0x3f)");
	expect_error(edit("[2, 3]", "[]"), "cpus: empty");
	expect_error(edit("[77, 78]", "[77, 1024]"), "interrupts[1]: 0x400 is too large");
	expect_error(edit("\"linux2\"", "\"a-name-of-exactly-thirty-two-chr\""),
		     "name: \"a-name-of-exactly-thirty-two-chr\" has 32 characters, at most 31");
	expect_error(edit("\"type\": \"io\"", "\"type\": \"mmio\""),
		     "memory_regions[1].type: expected \"ram\", \"io\" or \"virtio\"");
	expect_error(edit("\"size\": 512", "\"size\": 0"), "memory_regions[1].size: 0");
	expect_error(edit("\"v3\"", "\"v4\""),
		     "arch_config.gic_version: expected \"v2\" or \"v3\"");
	expect_error(edit("\"arm64\"", "\"riscv64\""), "arch: this hypervisor runs arm64 zones");
	expect_error(edit("\"ivc_configs\": []", "\"ivc_configs\": {}"),
		     "ivc_configs: expected an array");
	expect_error(edit("\"ivc_configs\": []", "\"ivc_configs\": [{}, {}, {}]"),
		     "ivc_configs: 3 entries, at most 2");
	/* Unknown keys are hvisor-tool's right to ignore; we say so. */
	assert_int_equal(parse(edit("\"pci_config\": []", "\"pci_config\": [], \"initrd\": 1")), 0);
	assert_int_equal(spec.warnings.count, 1);
	assert_non_null(strstr(spec.warnings.msg[0], "dir/z.json: initrd: unknown key, ignored"));
}

static void test_addresses(void **state)
{
	(void)state;
	expect_error(edit("\"physical_start\": \"0xa003a00\", \"virtual_start\": \"0xa003a00\"",
			  "\"physical_start\": \"0x5ff00000\", \"virtual_start\": \"0xa003a00\""),
		     "memory_regions[1] [0x5ff00000, 0x5ff00200) overlaps memory_regions[0] "
		     "[0x50000000, 0x80000000) (physical addresses)");
	expect_error(edit("\"physical_start\": \"0xa003a00\", \"virtual_start\": \"0xa003a00\"",
			  "\"physical_start\": \"0xa003a00\", \"virtual_start\": \"0x50000000\""),
		     "memory_regions[1] overlaps memory_regions[0] in the zone's addresses");
	expect_error(edit("\"size\": 512", "\"size\": \"0xfffffffffffff000\""),
		     "memory_regions[1].size: 0xfffffffffffff000 runs past the end");
	expect_error(edit("\"kernel_load_paddr\": \"0x50400000\"",
			  "\"kernel_load_paddr\": \"0x40400000\""),
		     "kernel_load_paddr: 0x40400000 is not inside a \"ram\" region");
	expect_error(
		edit("\"dtb_load_paddr\": \"0x50000000\"", "\"dtb_load_paddr\": \"0xa003a00\""),
		"dtb_load_paddr: 0xa003a00 is not inside a \"ram\" region");
	expect_error(edit("\"type\": \"ram\"", "\"type\": \"virtio\""),
		     "memory_regions: no region of type \"ram\"");
	expect_error(edit("\"pci_config\": []", "\"pci_config\": [], \"initrd_load_paddr\": 1"),
		     "initrd_load_paddr: given without initrd_filepath");
}

static char tmpdir[64];

static void write_file(const char *name, size_t size)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (size)
		assert_int_equal(fseek(f, (long)size - 1, SEEK_SET), 0), fputc(0, f);
	fclose(f);
}

static unsigned int parse_in_tmp(const char *text)
{
	static char file[128];
	static const uint64_t extra[ZONE_IMG_COUNT] = { 0, ZONECFG_DTB_SLACK, 0 };

	snprintf(file, sizeof(file), "%s/z.json", tmpdir);
	if (zonecfg_parse(file, text, &spec, &errs))
		return 1000 + errs.count;
	return zonecfg_check_files(&spec, extra, &errs);
}

static void test_files(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/test_zonecfg.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	write_file("Image", 0x100000);
	write_file("zone1.dtb", 0x2000);
	write_file("initrd", 0x3000);
	write_file("empty", 0);

	assert_int_equal(parse_in_tmp(GOOD), 0);
	assert_int_equal(spec.img[ZONE_IMG_KERNEL].size, 0x100000);
	assert_int_equal(spec.cfg.kernel_size, 0x100000);
	assert_int_equal(spec.cfg.dtb_size, 0x3000); /* page-rounded, with room for /chosen */

	assert_int_equal(parse_in_tmp(edit("\"Image\"", "\"Imag\"")), 1);
	assert_non_null(strstr(errs.msg[0], "/z.json: kernel_filepath: "));
	assert_non_null(strstr(errs.msg[0], "/Imag: No such file or directory"));
	assert_int_equal(parse_in_tmp(edit("\"Image\"", "\"empty\"")), 1);
	assert_non_null(strstr(errs.msg[0], "is not a regular, non-empty file"));

	/* Larger than what is left of its region from the load address. */
	assert_int_equal(parse_in_tmp(edit("\"kernel_load_paddr\": \"0x50400000\"",
					   "\"kernel_load_paddr\": \"0x7ff80000\"")),
			 1);
	assert_non_null(strstr(errs.msg[0], "kernel_filepath: "));
	assert_non_null(strstr(errs.msg[0], "/Image is 0x100000 bytes, larger than the 0x80000 "
					    "bytes of memory_regions[0] from its load address "
					    "0x7ff80000"));

	/* Images on top of each other. */
	assert_int_equal(parse_in_tmp(edit("\"dtb_load_paddr\": \"0x50000000\"",
					   "\"dtb_load_paddr\": \"0x504ff000\"")),
			 1);
	assert_non_null(strstr(errs.msg[0], "dtb_filepath ("));
	assert_non_null(strstr(errs.msg[0], "overlaps kernel_filepath"));

	/* Our initrd fields: loaded where asked, checked like the others. */
	assert_int_equal(parse_in_tmp(edit("\"pci_config\": []",
					   "\"pci_config\": [], \"initrd_filepath\": \"initrd\", "
					   "\"initrd_load_paddr\": \"0x60000000\"")),
			 0);
	assert_true(spec.img[ZONE_IMG_INITRD].present);
	assert_int_equal(spec.img[ZONE_IMG_INITRD].load_addr, 0x60000000);
	assert_int_equal(spec.img[ZONE_IMG_INITRD].size, 0x3000);

	unlink(spec.img[ZONE_IMG_KERNEL].path);
	for (const char *n = "zone1.dtb\0initrd\0empty\0"; *n; n += strlen(n) + 1) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", tmpdir, n);
		unlink(path);
	}
	rmdir(tmpdir);
}

static void test_dtb_initrd(void **state)
{
	static char blob[4096];
	size_t size;
	char why[160];
	const fdt64_t *p;
	int chosen, len;

	(void)state;
	assert_int_equal(fdt_create_empty_tree(blob, 512), 0);
	size = fdt_totalsize(blob);
	assert_int_equal(zonedtb_set_initrd(blob, &size, sizeof(blob), 0x60000000, 0x60123456, why,
					    sizeof(why)),
			 0);
	assert_int_equal(size, fdt_totalsize(blob));
	chosen = fdt_path_offset(blob, "/chosen");
	assert_true(chosen >= 0);
	p = fdt_getprop(blob, chosen, "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_ld(p), 0x60000000); /* properties are only 4-byte aligned */
	p = fdt_getprop(blob, chosen, "linux,initrd-end", &len);
	assert_int_equal(fdt64_ld(p), 0x60123456);

	/* Not a DTB: said so, nothing written. */
	memset(blob, 0, sizeof(blob));
	size = 64;
	assert_int_equal(zonedtb_set_initrd(blob, &size, sizeof(blob), 0, 1, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "not a device tree blob"));
}

static void test_layout(void **state)
{
	(void)state;
	/* What the hypervisor takes (docs/abi.md), as the tools see it on this host. */
	assert_int_equal(sizeof(struct zone_config), 3136);
	assert_int_equal(offsetof(struct zone_config, interrupts_bitmap), 2072);
	assert_int_equal(offsetof(struct zone_config, entry_point), 2288);
	assert_int_equal(offsetof(struct zone_config, name), 2328);
	assert_int_equal(offsetof(struct zone_config, arch_config), 2360);
	assert_int_equal(offsetof(struct zone_config, alloc_pci_devs), 2880);
	assert_int_equal(sizeof(struct zone_info), 56);
	/* hvisor-tool b17d9dd's ioctl numbers, and ours outside its range. */
	assert_int_equal(HVISOR_ZONE_START, 0x40080103);
	assert_int_equal(HVISOR_ZONE_LIST, 0x80080105);
	assert_int_equal(HVISOR_LOAD_IMAGE, 0x40180108);
	assert_true(_IOC_NR(HVISOR_ZONE_LOAD_IMAGE) > 34);
}

static void test_cpus_text(void **state)
{
	char buf[64];

	(void)state;
	zonecfg_cpus_text(0xc, buf, sizeof(buf));
	assert_string_equal(buf, "2, 3");
	zonecfg_cpus_text(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	zonecfg_cpus_text(1ULL << 63 | 1, buf, sizeof(buf));
	assert_string_equal(buf, "0, 63");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),	cmocka_unit_test(test_direct_irq),
		cmocka_unit_test(test_numbers), cmocka_unit_test(test_missing),
		cmocka_unit_test(test_fields),	cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_files),	cmocka_unit_test(test_dtb_initrd),
		cmocka_unit_test(test_layout),	cmocka_unit_test(test_cpus_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
