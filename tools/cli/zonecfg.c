// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor-tool's zone JSON into struct zone_config, checked field by field. Numbers may be
 * JSON numbers or strings ("0x50000000", as hvisor-tool accepts); unlike hvisor-tool,
 * which reads JSON numbers through cJSON's int and so clamps addresses above 2^31, a
 * number that is not exactly the integer written is an error, never silently changed.
 */
#define _GNU_SOURCE
#include "zonecfg.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Parsing state: where we are, for messages. */
struct ctx {
	const char *file;
	struct zonecfg_errors *errs;
	struct zonecfg_errors *warns;
};

static void add_msg(struct zonecfg_errors *e, const char *file, const char *fmt, va_list ap)
{
	if (e->count < ZONECFG_MAX_ERRORS) {
		char *m = e->msg[e->count];
		int n = snprintf(m, ZONECFG_MSG_LEN, "%s: ", file);

		if (n >= 0 && n < ZONECFG_MSG_LEN)
			vsnprintf(m + n, ZONECFG_MSG_LEN - n, fmt, ap);
	}
	e->count++;
}

void zonecfg_error(struct zonecfg_errors *e, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(e, file, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 2, 3))) err(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(c->errs, c->file, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 2, 3))) warn(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(c->warns, c->file, fmt, ap);
	va_end(ap);
}

/* JSON numbers are doubles: integers up to 2^53 are exact, larger ones may not be. */
#define JSON_EXACT_MAX 9007199254740992.0

bool zonecfg_json_num(const char *file, struct zonecfg_errors *errs, const cJSON *item,
		      const char *field, uint64_t max, uint64_t *out)
{
	struct ctx ctx = { .file = file, .errs = errs }, *c = &ctx;

	if (cJSON_IsNumber(item)) {
		double d = item->valuedouble;

		/* 2^53 + 1 arrives as 2^53: from there on the value read may not be the one
		 * written. */
		if (d >= JSON_EXACT_MAX) {
			err(c,
			    "%s: %.0f is 2^53 or more, where JSON numbers lose digits: write it as "
			    "a "
			    "string, e.g. \"0x...\"",
			    field, d);
			return false;
		}
		if (d < 0 || d != (double)(uint64_t)d) {
			err(c, "%s: %g is not a whole number >= 0", field, d);
			return false;
		}
		*out = (uint64_t)d;
	} else if (cJSON_IsString(item)) {
		const char *s = item->valuestring;
		char *end;

		while (*s == ' ' || *s == '\t')
			s++;
		errno = 0;
		*out = strtoull(s, &end, 0);
		if (*s == '\0' || *s == '-' || *s == '+' || end == s || *end != '\0') {
			err(c,
			    "%s: \"%s\" is not a number (write e.g. \"0x50000000\" or 1342177280)",
			    field, item->valuestring);
			return false;
		}
		if (errno == ERANGE) {
			err(c, "%s: \"%s\" does not fit in 64 bits", field, item->valuestring);
			return false;
		}
	} else {
		err(c, "%s: expected a number or a string holding one", field);
		return false;
	}
	if (*out > max) {
		err(c, "%s: %#" PRIx64 " is too large (at most %#" PRIx64 ")", field, *out, max);
		return false;
	}
	return true;
}

bool zonecfg_json_bool(const char *file, struct zonecfg_errors *errs, const cJSON *obj,
		       const char *where, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (item && !cJSON_IsBool(item))
		zonecfg_error(errs, file, "%s.%s: expected true or false", where, key);
	return cJSON_IsTrue(item);
}

static bool get_num(struct ctx *c, const cJSON *item, const char *field, uint64_t max,
		    uint64_t *out)
{
	return zonecfg_json_num(c->file, c->errs, item, field, max, out);
}

static const cJSON *need(struct ctx *c, const cJSON *obj, const char *key, const char *where)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!item)
		err(c, "%s%s: missing", where, key);
	return item;
}

/* A required number field `key` of obj; `where` prefixes the field name ("arch_config."). */
static bool field_num(struct ctx *c, const cJSON *obj, const char *key, const char *where,
		      uint64_t max, uint64_t *out)
{
	const cJSON *item = need(c, obj, key, where);
	char name[128];

	*out = 0;
	if (!item)
		return false;
	snprintf(name, sizeof(name), "%s%s", where, key);
	return get_num(c, item, name, max, out);
}

static void field_u32(struct ctx *c, const cJSON *obj, const char *key, const char *where,
		      uint32_t *out)
{
	uint64_t v;

	field_num(c, obj, key, where, UINT32_MAX, &v);
	*out = (uint32_t)v;
}

static const cJSON *field_array(struct ctx *c, const cJSON *obj, const char *key, int max,
				bool required)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!a) {
		if (required)
			err(c, "%s: missing", key);
		return NULL;
	}
	if (!cJSON_IsArray(a)) {
		err(c, "%s: expected an array [ ... ]", key);
		return NULL;
	}
	if (cJSON_GetArraySize(a) > max) {
		err(c, "%s: %d entries, at most %d", key, cJSON_GetArraySize(a), max);
		return NULL;
	}
	return a;
}

static void parse_name(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *n = need(c, root, "name", "");

	if (!n)
		return;
	if (!cJSON_IsString(n) || n->valuestring[0] == '\0')
		err(c, "name: expected a non-empty string");
	else if (strlen(n->valuestring) >= CONFIG_NAME_MAXLEN)
		err(c, "name: \"%s\" has %zu characters, at most %d", n->valuestring,
		    strlen(n->valuestring), CONFIG_NAME_MAXLEN - 1);
	else
		strcpy(cfg->name, n->valuestring);
}

static void parse_cpus(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = field_array(c, root, "cpus", 64, true), *it;
	int i = 0;

	if (!a)
		return;
	cJSON_ArrayForEach(it, a)
	{
		char name[32];
		uint64_t cpu;

		snprintf(name, sizeof(name), "cpus[%d]", i++);
		if (!get_num(c, it, name, 63, &cpu))
			continue;
		if (cfg->cpus & (1ULL << cpu))
			err(c, "%s: CPU %" PRIu64 " is listed twice", name, cpu);
		cfg->cpus |= 1ULL << cpu;
	}
	if (i == 0)
		err(c, "cpus: empty: a zone needs at least one CPU");
}

static const char *const mem_types[] = {
	[MEM_TYPE_RAM] = "ram", [MEM_TYPE_IO] = "io", [MEM_TYPE_VIRTIO] = "virtio"
};

static bool ranges_overlap(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

static void parse_regions(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = field_array(c, root, "memory_regions", CONFIG_MAX_MEMORY_REGIONS, true);
	const cJSON *it;
	int i = 0, j;

	if (!a)
		return;
	cJSON_ArrayForEach(it, a)
	{
		struct memory_region *r = &cfg->memory_regions[i];
		char where[48];
		const cJSON *t;
		bool ok = true;

		snprintf(where, sizeof(where), "memory_regions[%d].", i);
		if (!cJSON_IsObject(it)) {
			err(c, "memory_regions[%d]: expected an object { \"type\": ... }", i);
			i++;
			continue;
		}
		t = need(c, it, "type", where);
		if (t) {
			unsigned int k;

			for (k = 0; k < 3; k++)
				if (cJSON_IsString(t) && !strcmp(t->valuestring, mem_types[k]))
					break;
			if (k == 3) {
				err(c, "%stype: expected \"ram\", \"io\" or \"virtio\"", where);
				ok = false;
			}
			r->mem_type = k;
		}
		ok &= field_num(c, it, "physical_start", where, UINT64_MAX, &r->physical_start);
		ok &= field_num(c, it, "virtual_start", where, UINT64_MAX, &r->virtual_start);
		ok &= field_num(c, it, "size", where, UINT64_MAX, &r->size);
		if (ok && r->size == 0) {
			err(c, "%ssize: 0: a region needs a size", where);
			ok = false;
		}
		if (ok && (r->physical_start + r->size < r->physical_start ||
			   r->virtual_start + r->size < r->virtual_start)) {
			err(c, "%ssize: %#" PRIx64 " runs past the end of the address space", where,
			    r->size);
			ok = false;
		}
		/* Only complete regions are compared: a broken one has its own message. */
		for (j = 0; ok && j < i; j++) {
			const struct memory_region *o = &cfg->memory_regions[j];

			if (!o->size)
				continue;
			if (ranges_overlap(r->physical_start, r->size, o->physical_start, o->size))
				err(c,
				    "memory_regions[%d] [%#" PRIx64 ", %#" PRIx64
				    ") overlaps memory_regions[%d] [%#" PRIx64 ", %#" PRIx64
				    ") (physical addresses)",
				    i, r->physical_start, r->physical_start + r->size, j,
				    o->physical_start, o->physical_start + o->size);
			else if (ranges_overlap(r->virtual_start, r->size, o->virtual_start,
						o->size))
				err(c,
				    "memory_regions[%d] overlaps memory_regions[%d] in the zone's "
				    "addresses (virtual_start %#" PRIx64 " and %#" PRIx64 ")",
				    i, j, r->virtual_start, o->virtual_start);
		}
		if (!ok)
			r->size = 0; /* keeps it out of later comparisons */
		i++;
	}
	cfg->num_memory_regions = i;
	for (j = 0; j < i; j++)
		if (cfg->memory_regions[j].mem_type == MEM_TYPE_RAM)
			break;
	if (j == i)
		err(c, "memory_regions: no region of type \"ram\": the zone needs RAM");
}

static void parse_irqs(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = field_array(c, root, "interrupts", CONFIG_MAX_INTERRUPTS, true), *it;
	int i = 0;

	if (!a)
		return;
	cJSON_ArrayForEach(it, a)
	{
		char name[32];
		uint64_t irq;

		snprintf(name, sizeof(name), "interrupts[%d]", i++);
		if (get_num(c, it, name, CONFIG_MAX_INTERRUPTS - 1, &irq))
			cfg->interrupts_bitmap[irq / 32] |= 1U << (irq % 32);
	}
}

static void parse_ivc(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = field_array(c, root, "ivc_configs", CONFIG_MAX_IVC_CONFIGS, true), *it;
	int i = 0;

	if (!a)
		return;
	cJSON_ArrayForEach(it, a)
	{
		struct ivc_config *v = &cfg->ivc_configs[i];
		char where[32];

		snprintf(where, sizeof(where), "ivc_configs[%d].", i++);
		field_u32(c, it, "ivc_id", where, &v->ivc_id);
		field_u32(c, it, "peer_id", where, &v->peer_id);
		field_num(c, it, "control_table_ipa", where, UINT64_MAX, &v->control_table_ipa);
		field_num(c, it, "shared_mem_ipa", where, UINT64_MAX, &v->shared_mem_ipa);
		field_u32(c, it, "rw_sec_size", where, &v->rw_sec_size);
		field_u32(c, it, "out_sec_size", where, &v->out_sec_size);
		field_u32(c, it, "interrupt_num", where, &v->interrupt_num);
		field_u32(c, it, "max_peers", where, &v->max_peers);
	}
	cfg->num_ivc_configs = i;
}

static void parse_arch(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = need(c, root, "arch_config", ""), *v;
	struct arch_zone_config *ac = &cfg->arch_config;
	const char *w = "arch_config.";

	if (!a)
		return;
	if (!cJSON_IsObject(a)) {
		err(c, "arch_config: expected an object { \"gic_version\": ... }");
		return;
	}
#if HVISOR_ABI >= 6
	/* hvisor-tool (magic 6): UEFI tables when memory_map_addr is given, else none. */
	ac->uefi.uefi_tag = UEFI_CONFIG_NONE;
	if (cJSON_GetObjectItemCaseSensitive(a, "memory_map_addr")) {
		ac->uefi.uefi_tag = 0;
		field_num(c, a, "memory_map_addr", w, UINT64_MAX, &ac->uefi.memory_map_addr);
		field_num(c, a, "memory_map_size", w, UINT64_MAX, &ac->uefi.memory_map_size);
		field_num(c, a, "sys_map_addr", w, UINT64_MAX, &ac->uefi.sys_map_addr);
	}
#endif
	ac->is_aarch32 = zonecfg_json_bool(c->file, c->errs, a, "arch_config", "is_aarch32");
	/* Ours: hvisor-tool's configs have no such key and leave the byte 0 (off). */
	ac->direct_irq = zonecfg_json_bool(c->file, c->errs, a, "arch_config", "direct_irq");
	v = need(c, a, "gic_version", w);
	if (!v)
		return;
	if (cJSON_IsString(v) && !strcmp(v->valuestring, "v3")) {
		ac->gic_version = GIC_CONFIG_V3;
		field_num(c, a, "gicd_base", w, UINT64_MAX, &ac->gicv3.gicd_base);
		field_num(c, a, "gicd_size", w, UINT64_MAX, &ac->gicv3.gicd_size);
		field_num(c, a, "gicr_base", w, UINT64_MAX, &ac->gicv3.gicr_base);
		field_num(c, a, "gicr_size", w, UINT64_MAX, &ac->gicv3.gicr_size);
		/* Optional in hvisor-tool: no ITS. */
		if (cJSON_GetObjectItemCaseSensitive(a, "gits_base"))
			field_num(c, a, "gits_base", w, UINT64_MAX, &ac->gicv3.gits_base);
		if (cJSON_GetObjectItemCaseSensitive(a, "gits_size"))
			field_num(c, a, "gits_size", w, UINT64_MAX, &ac->gicv3.gits_size);
	} else if (cJSON_IsString(v) && !strcmp(v->valuestring, "v2")) {
		ac->gic_version = GIC_CONFIG_V2;
		field_num(c, a, "gicd_base", w, UINT64_MAX, &ac->gicv2.gicd_base);
		field_num(c, a, "gicd_size", w, UINT64_MAX, &ac->gicv2.gicd_size);
		field_num(c, a, "gicc_base", w, UINT64_MAX, &ac->gicv2.gicc_base);
		field_num(c, a, "gicc_size", w, UINT64_MAX, &ac->gicv2.gicc_size);
		field_num(c, a, "gicc_offset", w, UINT64_MAX, &ac->gicv2.gicc_offset);
		field_num(c, a, "gich_base", w, UINT64_MAX, &ac->gicv2.gich_base);
		field_num(c, a, "gich_size", w, UINT64_MAX, &ac->gicv2.gich_size);
		field_num(c, a, "gicv_base", w, UINT64_MAX, &ac->gicv2.gicv_base);
		field_num(c, a, "gicv_size", w, UINT64_MAX, &ac->gicv2.gicv_size);
	} else {
		err(c, "arch_config.gic_version: expected \"v2\" or \"v3\"");
	}
}

static const char *const pci_fields[] = { "ecam_base",	"ecam_size",	  "io_base",
					  "io_size",	"pci_io_base",	  "mem32_base",
					  "mem32_size", "pci_mem32_base", "mem64_base",
					  "mem64_size", "pci_mem64_base" };

/* PCI: optional here (hvisor-tool b17d9dd requires the key; [] means none). */
static void parse_pci(struct ctx *c, const cJSON *root, struct zone_config *cfg)
{
	const cJSON *a = field_array(c, root, "pci_config", CONFIG_PCI_BUS_MAXNUM, false), *it;
	int i = 0;

	cJSON_ArrayForEach(it, a)
	{
		struct pci_config *p = &cfg->pci_config[i];
		uint64_t *u64s = &p->ecam_base, v;
		char where[32];
		unsigned int k;

		snprintf(where, sizeof(where), "pci_config[%d].", i++);
		for (k = 0; k < sizeof(pci_fields) / sizeof(pci_fields[0]); k++)
			field_num(c, it, pci_fields[k], where, UINT64_MAX, &u64s[k]);
		field_u32(c, it, "bus_range_begin", where, &p->bus_range_begin);
		field_u32(c, it, "bus_range_end", where, &p->bus_range_end);
		field_num(c, it, "domain", where, UINT8_MAX, &v);
		p->domain = (uint8_t)v;
	}
	cfg->num_pci_bus = i;

	a = field_array(c, root, "alloc_pci_devs", CONFIG_MAX_PCI_DEV, false);
	i = 0;
	cJSON_ArrayForEach(it, a)
	{
		struct pci_dev_config *d = &cfg->alloc_pci_devs[i];
		uint64_t v[4];
		char where[32];

		snprintf(where, sizeof(where), "alloc_pci_devs[%d].", i++);
		field_num(c, it, "domain", where, UINT8_MAX, &v[0]);
		field_num(c, it, "bus", where, UINT8_MAX, &v[1]);
		field_num(c, it, "device", where, UINT8_MAX, &v[2]);
		field_num(c, it, "function", where, UINT8_MAX, &v[3]);
		field_u32(c, it, "dev_type", where, &d->dev_type);
		d->domain = (uint8_t)v[0];
		d->bus = (uint8_t)v[1];
		d->device = (uint8_t)v[2];
		d->function = (uint8_t)v[3];
#if HVISOR_ABI >= 6
		/* Where the zone sees it: hvisor-tool (magic 6) requires these; default 1:1. */
		d->v_bus = d->bus;
		d->v_device = d->device;
		d->v_function = d->function;
		if (cJSON_GetObjectItemCaseSensitive(it, "v_bus")) {
			field_num(c, it, "v_bus", where, UINT8_MAX, &v[1]);
			field_num(c, it, "v_device", where, UINT8_MAX, &v[2]);
			field_num(c, it, "v_function", where, UINT8_MAX, &v[3]);
			d->v_bus = (uint8_t)v[1];
			d->v_device = (uint8_t)v[2];
			d->v_function = (uint8_t)v[3];
		}
#endif
	}
	cfg->num_pci_devs = i;
}

/* Relative paths are taken from the JSON file's folder, so a config works from anywhere. */
static void parse_path(struct ctx *c, const cJSON *root, const char *key, bool required,
		       struct zone_image *img)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, key);
	const char *slash = strrchr(c->file, '/');

	img->field = key;
	if (!p) {
		if (required)
			err(c, "%s: missing", key);
		return;
	}
	if (!cJSON_IsString(p) || p->valuestring[0] == '\0') {
		err(c, "%s: expected a file name", key);
		return;
	}
	if (!strcmp(p->valuestring, "null")) /* hvisor-tool: "null" = no file */
		return;
	if (p->valuestring[0] != '/' && slash)
		snprintf(img->path, sizeof(img->path), "%.*s/%s", (int)(slash - c->file), c->file,
			 p->valuestring);
	else
		snprintf(img->path, sizeof(img->path), "%s", p->valuestring);
	img->present = true;
}

static const char *const known_keys[] = {
	"arch",
	"name",
	"zone_id",
	"cpus",
	"memory_regions",
	"interrupts",
	"ivc_configs",
	"kernel_filepath",
	"dtb_filepath",
	"kernel_load_paddr",
	"dtb_load_paddr",
	"entry_point",
	"arch_config",
	"pci_config",
	"num_pci_devs",
	"alloc_pci_devs",
	"initrd_filepath",
	"initrd_load_paddr",
	"modules",
	"kernel_args",
};

static void check_keys(struct ctx *c, const cJSON *root)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, root)
	{
		unsigned int k;

		for (k = 0; k < sizeof(known_keys) / sizeof(known_keys[0]); k++)
			if (!strcmp(it->string, known_keys[k]))
				break;
		if (k == sizeof(known_keys) / sizeof(known_keys[0]))
			warn(c, "%s: unknown key, ignored", it->string);
	}
}

int zonecfg_ram_region(const struct zone_config *cfg, uint64_t addr, uint64_t size)
{
	uint32_t i;

	for (i = 0; i < cfg->num_memory_regions && i < CONFIG_MAX_MEMORY_REGIONS; i++) {
		const struct memory_region *r = &cfg->memory_regions[i];

		if (r->mem_type == MEM_TYPE_RAM && r->size && addr >= r->physical_start &&
		    addr - r->physical_start <= r->size &&
		    size <= r->size - (addr - r->physical_start))
			return (int)i;
	}
	return -1;
}

/* Without RAM, the addresses cannot be checked: that one error is enough. */
static bool has_ram(const struct zone_config *cfg)
{
	for (uint32_t i = 0; i < cfg->num_memory_regions; i++)
		if (cfg->memory_regions[i].mem_type == MEM_TYPE_RAM && cfg->memory_regions[i].size)
			return true;
	return false;
}

/* The IPA `ipa` lies in a RAM region as the zone sees it. */
static bool in_ram_ipa(const struct zone_config *cfg, uint64_t ipa)
{
	uint32_t i;

	for (i = 0; i < cfg->num_memory_regions; i++) {
		const struct memory_region *r = &cfg->memory_regions[i];

		if (r->mem_type == MEM_TYPE_RAM && r->size && ipa >= r->virtual_start &&
		    ipa - r->virtual_start < r->size)
			return true;
	}
	return false;
}

unsigned int zonecfg_parse(const char *file, const char *text, struct zone_spec *spec,
			   struct zonecfg_errors *errs)
{
	struct ctx c = { .file = file, .errs = errs, .warns = &spec->warnings };
	struct zone_config *cfg = &spec->cfg;
	uint64_t v, load[ZONE_IMG_COUNT] = { 0 };
	const char *fields[ZONE_IMG_COUNT] = { "kernel_load_paddr", "dtb_load_paddr",
					       "initrd_load_paddr" };
	const cJSON *a;
	cJSON *root;
	int i;

	memset(spec, 0, sizeof(*spec));
	memset(errs, 0, sizeof(*errs));
	spec->file = file;
	root = cJSON_Parse(text);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		int line = 1;

		for (const char *p = text; at && p < at && *p; p++)
			line += *p == '\n';
		err(&c, "line %d: not valid JSON near \"%.20s\"", line, at ? at : "");
		return errs->count;
	}
	if (!cJSON_IsObject(root)) {
		err(&c, "expected a JSON object { ... } at the top");
		goto out;
	}
	check_keys(&c, root);
	a = cJSON_GetObjectItemCaseSensitive(root, "arch");
	if (a && !(cJSON_IsString(a) &&
		   (!strcmp(a->valuestring, "arm64") || !strcmp(a->valuestring, "aarch64"))))
		err(&c, "arch: this hypervisor runs arm64 zones (\"arch\": \"arm64\")");
	parse_name(&c, root, cfg);
	if (field_num(&c, root, "zone_id", "", UINT32_MAX, &v)) {
		cfg->zone_id = (uint32_t)v;
		if (v == 0)
			err(&c, "zone_id: 0 is the root zone, which the hypervisor starts itself: "
				"choose another id");
	}
	parse_cpus(&c, root, cfg);
	parse_regions(&c, root, cfg);
	parse_irqs(&c, root, cfg);
	parse_ivc(&c, root, cfg);
	parse_arch(&c, root, cfg);
	parse_pci(&c, root, cfg);
	parse_path(&c, root, "kernel_filepath", true, &spec->img[ZONE_IMG_KERNEL]);
	parse_path(&c, root, "dtb_filepath", true, &spec->img[ZONE_IMG_DTB]);
	parse_path(&c, root, "initrd_filepath", false, &spec->img[ZONE_IMG_INITRD]);
	field_num(&c, root, "kernel_load_paddr", "", UINT64_MAX, &load[ZONE_IMG_KERNEL]);
	field_num(&c, root, "dtb_load_paddr", "", UINT64_MAX, &load[ZONE_IMG_DTB]);
	if (spec->img[ZONE_IMG_INITRD].present)
		field_num(&c, root, "initrd_load_paddr", "", UINT64_MAX, &load[ZONE_IMG_INITRD]);
	else if (cJSON_GetObjectItemCaseSensitive(root, "initrd_load_paddr"))
		err(&c, "initrd_load_paddr: given without initrd_filepath");
	if (field_num(&c, root, "entry_point", "", UINT64_MAX, &cfg->entry_point) && has_ram(cfg) &&
	    !in_ram_ipa(cfg, cfg->entry_point))
		err(&c,
		    "entry_point: %#" PRIx64 " is not inside a \"ram\" region as the zone sees it "
		    "(virtual_start .. + size)",
		    cfg->entry_point);
	cfg->kernel_load_paddr = load[ZONE_IMG_KERNEL];
	cfg->dtb_load_paddr = load[ZONE_IMG_DTB];
	for (i = 0; i < ZONE_IMG_COUNT; i++) {
		spec->img[i].load_addr = load[i];
		/* Where the address itself is broken, its field already has a message. */
		if (spec->img[i].present && has_ram(cfg) && zonecfg_ram_region(cfg, load[i], 1) < 0)
			err(&c,
			    "%s: %#" PRIx64 " is not inside a \"ram\" region of memory_regions "
			    "(physical_start .. + size)",
			    fields[i], load[i]);
	}
out:
	cJSON_Delete(root);
	return errs->count;
}

static uint64_t page_up(uint64_t n)
{
	return (n + 0xfff) & ~0xfffULL;
}

unsigned int zonecfg_check_files(struct zone_spec *spec, const uint64_t extra[ZONE_IMG_COUNT],
				 struct zonecfg_errors *errs)
{
	struct ctx c = { .file = spec->file, .errs = errs, .warns = &spec->warnings };
	unsigned int before = errs->count;
	int i, j;

	for (i = 0; i < ZONE_IMG_COUNT; i++) {
		struct zone_image *img = &spec->img[i];
		const struct memory_region *r;
		struct stat st;
		int reg;

		if (!img->present)
			continue;
		if (stat(img->path, &st) != 0) {
			err(&c, "%s: %s: %s", img->field, img->path, strerror(errno));
			img->present = false;
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_size == 0) {
			err(&c, "%s: %s is not a regular, non-empty file", img->field, img->path);
			img->present = false;
			continue;
		}
		img->size = (uint64_t)st.st_size;
		reg = zonecfg_ram_region(&spec->cfg, img->load_addr, 1);
		if (reg < 0)
			continue; /* reported by zonecfg_parse */
		r = &spec->cfg.memory_regions[reg];
		if (img->size + extra[i] > r->physical_start + r->size - img->load_addr)
			err(&c,
			    "%s: %s is %#" PRIx64 " bytes, larger than the %#" PRIx64
			    " bytes of memory_regions[%d] from its load address %#" PRIx64,
			    img->field, img->path, img->size + extra[i],
			    r->physical_start + r->size - img->load_addr, reg, img->load_addr);
	}
	for (i = 0; i < ZONE_IMG_COUNT; i++)
		for (j = 0; j < i; j++) {
			const struct zone_image *a = &spec->img[i], *b = &spec->img[j];

			if (a->present && b->present &&
			    ranges_overlap(a->load_addr, a->size + extra[i], b->load_addr,
					   b->size + extra[j]))
				err(&c,
				    "%s (%s, [%#" PRIx64 ", %#" PRIx64
				    ")) overlaps %s (%s, [%#" PRIx64 ", %#" PRIx64
				    ")): move one of the load addresses",
				    a->field, a->path, a->load_addr,
				    a->load_addr + a->size + extra[i], b->field, b->path,
				    b->load_addr, b->load_addr + b->size + extra[j]);
		}
	spec->cfg.kernel_size = page_up(spec->img[ZONE_IMG_KERNEL].size);
	spec->cfg.dtb_size = page_up(spec->img[ZONE_IMG_DTB].size + extra[ZONE_IMG_DTB]);
	return errs->count - before;
}

void zonecfg_cpus_text(uint64_t cpus, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 64 && n < len; i++)
		if (cpus & (1ULL << i))
			n += snprintf(buf + n, len - n, "%s%d", n ? ", " : "", i);
	if (!cpus)
		snprintf(buf, len, "none");
}
