// SPDX-License-Identifier: GPL-2.0
/*
 * virtio.json (see vcfg.h). hvisor-tool's keys, with its requirements (addr, len and irq
 * non-zero, at most 8 devices) and the checks it does not make: IRQs a zone can own,
 * page-aligned RAM windows that do not overlap, devices that do not overlap, a MAC of
 * six bytes, a tap name Linux accepts.
 */
#include "vcfg.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define PAGE_MASK_4K 0xfffULL

struct pctx {
	const char *file;
	struct zonecfg_errors *errs;
};

#define perr(c, ...) zonecfg_error((c)->errs, (c)->file, __VA_ARGS__)

/* obj.key as a number <= max; `where` names obj. Missing: an error unless optional. */
static bool num(struct pctx *c, const cJSON *obj, const char *key, const char *where, uint64_t max,
		uint64_t *out, bool optional)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	char field[96];

	*out = 0;
	snprintf(field, sizeof(field), "%s.%s", where, key);
	if (!item) {
		if (!optional)
			perr(c, "%s: missing", field);
		return false;
	}
	return zonecfg_json_num(c->file, c->errs, item, field, max, out);
}

static bool overlap(uint64_t a, uint64_t asz, uint64_t b, uint64_t bsz)
{
	return a < b + bsz && b < a + asz;
}

static void parse_ram(struct pctx *c, const cJSON *z, const char *where, struct vcfg_zone *vz)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(z, "memory_region"), *r;
	unsigned int i = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
		perr(c,
		     "%s.memory_region: expected a non-empty array of {zone0_ipa, zonex_ipa, size} "
		     "(the zone's RAM: where the root Linux sees it, where the zone sees it)",
		     where);
		return;
	}
	if (cJSON_GetArraySize(arr) > VDEV_MAX_REGIONS) {
		perr(c, "%s.memory_region: %d entries, at most %d", where, cJSON_GetArraySize(arr),
		     VDEV_MAX_REGIONS);
		return;
	}
	cJSON_ArrayForEach(r, arr)
	{
		char w[96];
		uint64_t a, b, s;
		bool ok;

		snprintf(w, sizeof(w), "%s.memory_region[%u]", where, i);
		ok = num(c, r, "zone0_ipa", w, UINT64_MAX, &a, false);
		ok &= num(c, r, "zonex_ipa", w, UINT64_MAX, &b, false);
		ok &= num(c, r, "size", w, UINT64_MAX, &s, false);
		if (!ok)
			continue;
		if (!s || (a | b | s) & PAGE_MASK_4K || a + s < a || b + s < b) {
			perr(c,
			     "%s: zone0_ipa %#" PRIx64 ", zonex_ipa %#" PRIx64 ", size %#" PRIx64
			     ": must be 4 KiB aligned, non-empty and not wrap",
			     w, a, b, s);
			continue;
		}
		for (unsigned int j = 0; j < vz->nr_ram; j++)
			if (overlap(b, s, vz->ram[j].zonex_ipa, vz->ram[j].size))
				perr(c,
				     "%s: [%#" PRIx64 ", %#" PRIx64 ") overlaps memory_region[%u]",
				     w, b, b + s, j);
		vz->ram[vz->nr_ram].zone0_ipa = a;
		vz->ram[vz->nr_ram].zonex_ipa = b;
		vz->ram[vz->nr_ram].size = s;
		vz->nr_ram++;
		i++;
	}
}

static const struct {
	const char *name;
	enum vdev_type type;
} types[] = { { "blk", VDEV_BLK }, { "console", VDEV_CONSOLE }, { "net", VDEV_NET } };

static void parse_mac(struct pctx *c, const cJSON *dev, struct vcfg_dev *d, unsigned int nr)
{
	const cJSON *mac = cJSON_GetObjectItemCaseSensitive(dev, "mac"), *b;
	unsigned int i = 0;

	if (!mac) {
		/* Locally administered, unicast, distinct per zone and device. */
		const uint8_t def[6] = { 0x02, 0x48, 0x56, 0x43, (uint8_t)d->zone, (uint8_t)nr };

		memcpy(d->mac, def, sizeof(def));
		return;
	}
	if (!cJSON_IsArray(mac) || cJSON_GetArraySize(mac) != 6) {
		perr(c,
		     "%s.mac: expected 6 bytes, e.g. [\"0x02\", \"0x00\", \"0x00\", \"0x00\", "
		     "\"0x01\", \"0x01\"]",
		     d->where);
		return;
	}
	cJSON_ArrayForEach(b, mac)
	{
		char f[80];
		uint64_t v;

		snprintf(f, sizeof(f), "%s.mac[%u]", d->where, i);
		if (zonecfg_json_num(c->file, c->errs, b, f, 0xff, &v))
			d->mac[i] = (uint8_t)v;
		i++;
	}
	if (d->mac[0] & 1)
		perr(c,
		     "%s.mac: %#04x as first byte is a multicast address; use an even first byte "
		     "(e.g. 0x02)",
		     d->where, d->mac[0]);
}

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* Relative paths are taken from the JSON file's folder, as `zone start` does. */
static void resolve_path(const char *file, const char *path, char *out, size_t len)
{
	const char *slash = strrchr(file, '/');

	if (path[0] == '/' || !slash)
		snprintf(out, len, "%s", path);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - file), file, path);
}

static void parse_dev(struct pctx *c, const cJSON *dev, struct vcfg *cfg, unsigned int zone,
		      const char *where)
{
	static struct vcfg_dev spare; /* the 9th device's fields are checked here */
	struct vcfg_dev *d = cfg->nr_devs < VDEV_MAX_DEVS ? &cfg->devs[cfg->nr_devs] : &spare;
	const char *type = str(dev, "type"), *status = str(dev, "status"), *s;
	uint64_t v;
	bool ok;

	memset(d, 0, sizeof(*d));
	snprintf(d->where_buf, sizeof(d->where_buf), "%s", where);
	d->where = d->where_buf;
	d->zone = zone;
	if (status && !strcmp(status, "disable"))
		return;
	if (status && strcmp(status, "enable")) {
		perr(c, "%s.status: \"%s\": write \"enable\" or \"disable\"", where, status);
		return;
	}
	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (type && !strcmp(type, types[i].name))
			d->type = types[i].type;
	if (!d->type) {
		perr(c, "%s.type: %s%s%s: this daemon serves \"blk\", \"console\" and \"net\"",
		     where, type ? "\"" : "", type ? type : "missing", type ? "\"" : "");
		return;
	}
	if (cfg->nr_devs == VDEV_MAX_DEVS) {
		perr(c, "%s: more than %d enabled devices (the bridge's limit, as hvisor's)", where,
		     VDEV_MAX_DEVS);
		return;
	}
	ok = num(c, dev, "addr", where, UINT64_MAX, &d->addr, false);
	ok &= num(c, dev, "len", where, 0x1000, &d->len, false);
	ok &= num(c, dev, "irq", where, 1019, &v, false);
	d->irq = (uint32_t)v;
	if (ok && d->len < 0x200)
		perr(c,
		     "%s.len: %#" PRIx64 ": a virtio-mmio device has 0x200 bytes of registers "
		     "(write \"0x200\", as the DT node's reg)",
		     where, d->len);
	if (ok && (d->addr & 3))
		perr(c, "%s.addr: %#" PRIx64 " is not 4-byte aligned", where, d->addr);
	if (ok && d->irq < 32)
		perr(c,
		     "%s.irq: %u is an SGI or PPI; a device's IRQ is an SPI: 32 + the DT's "
		     "interrupts cell (e.g. <0 0x2e 1> is 78)",
		     where, d->irq);
	if (!ok)
		return;
	for (unsigned int i = 0; i < cfg->nr_devs; i++) {
		const struct vcfg_dev *o = &cfg->devs[i];

		if (o->zone == zone && overlap(o->addr, o->len, d->addr, d->len))
			perr(c, "%s: [%#" PRIx64 ", %#" PRIx64 ") overlaps %s", where, d->addr,
			     d->addr + d->len, o->where);
		if (cfg->zones[o->zone].id == cfg->zones[zone].id && o->irq == d->irq)
			perr(c, "%s.irq: %u is also %s's; each device needs its own", where, d->irq,
			     o->where);
	}
	switch (d->type) {
	case VDEV_BLK:
		if (!(s = str(dev, "img")) || !*s) {
			perr(c,
			     "%s.img: missing: the disk image (a file or a block device such as "
			     "/dev/vda)",
			     where);
			return;
		}
		resolve_path(c->file, s, d->img, sizeof(d->img));
		d->readonly = zonecfg_json_bool(c->file, c->errs, dev, where, "readonly");
		d->poll_us = VCFG_POLL_US_DEFAULT;
		if (num(c, dev, "poll_us", where, 10000, &v, true))
			d->poll_us = (uint32_t)v;
		break;
	case VDEV_NET:
		s = str(dev, "tap");
		if (!s)
			s = "tap0";
		if (!*s || strlen(s) >= sizeof(d->tap) || strchr(s, '/') || strchr(s, ' '))
			perr(c,
			     "%s.tap: \"%s\": an interface name of 1 to 15 characters, no '/' or "
			     "space",
			     where, s);
		else
			snprintf(d->tap, sizeof(d->tap), "%s", s);
		parse_mac(c, dev, d, cfg->nr_devs);
		break;
	default:
		break;
	}
	cfg->nr_devs++;
}

unsigned int vcfg_parse(const char *file, const char *text, struct vcfg *cfg,
			struct zonecfg_errors *errs)
{
	struct pctx c = { .file = file, .errs = errs };
	cJSON *root = cJSON_Parse(text);
	const cJSON *zones, *z;
	unsigned int zi = 0;

	memset(cfg, 0, sizeof(*cfg));
	errs->count = 0;
	if (!root) {
		const char *at = cJSON_GetErrorPtr();

		perr(&c, "not valid JSON (near \"%.20s\")", at ? at : "");
		return errs->count;
	}
	zones = cJSON_GetObjectItemCaseSensitive(root, "zones");
	if (!cJSON_IsArray(zones) || cJSON_GetArraySize(zones) == 0) {
		perr(&c, "zones: expected a non-empty array of {id, memory_region, devices}");
		goto out;
	}
	if (cJSON_GetArraySize(zones) > VDEV_MAX_ZONES) {
		perr(&c, "zones: %d entries, at most %d", cJSON_GetArraySize(zones),
		     VDEV_MAX_ZONES);
		goto out;
	}
	cJSON_ArrayForEach(z, zones)
	{
		struct vcfg_zone *vz = &cfg->zones[zi];
		const cJSON *devs, *dev;
		char where[24];
		unsigned int di = 0;
		uint64_t id;

		snprintf(where, sizeof(where), "zones[%u]", zi);
		if (num(&c, z, "id", where, UINT32_MAX, &id, false)) {
			if (id == 0)
				perr(&c,
				     "%s.id: 0 is the root zone, whose devices are its own; "
				     "name the zone the devices are for (e.g. 1)",
				     where);
			for (unsigned int j = 0; j < zi; j++)
				if (cfg->zones[j].id == id)
					perr(&c, "%s.id: zone %" PRIu64 " is also zones[%u]", where,
					     id, j);
		}
		vz->id = (uint32_t)id;
		parse_ram(&c, z, where, vz);
		devs = cJSON_GetObjectItemCaseSensitive(z, "devices");
		if (!cJSON_IsArray(devs)) {
			perr(&c, "%s.devices: expected an array of devices", where);
		} else {
			cJSON_ArrayForEach(dev, devs)
			{
				char w[48];

				snprintf(w, sizeof(w), "%s.devices[%u]", where, di++);
				parse_dev(&c, dev, cfg, zi, w);
			}
		}
		zi++;
	}
	cfg->nr_zones = zi;
	if (!errs->count && !cfg->nr_devs)
		perr(&c, "no enabled device: nothing to serve");
out:
	cJSON_Delete(root);
	return errs->count;
}
