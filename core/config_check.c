// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration checker (see config_check.h). Each message says where (board file or zone,
 * the region and its range) and what to change. Errors stop the build or the zone; warnings
 * are printed and let it go on.
 */
#include "config_check.h"
#include "printf.h"
#include "string.h"
#include "util.h"

static void say(struct check_ctx *c, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct check_ctx *c, bool error, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	int n;

	n = hv_snprintf(msg, sizeof(msg), "%s: %s: ", c->where, error ? "error" : "warning");
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1; /* a very long prefix: the message is cut, not overrun */
	va_start(ap, fmt);
	hv_vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (error)
		c->errors++;
	else
		c->warnings++;
	if (c->report)
		c->report(c->arg, error, msg);
}

static const char *type_name(u32 t)
{
	return t == MEM_TYPE_RAM      ? "RAM"
	       : t == MEM_TYPE_IO     ? "IO"
	       : t == MEM_TYPE_VIRTIO ? "VIRTIO"
				      : "?";
}

/* "region 3 'serial@fe660000' (IO [0xfe660000, 0xfe670000))" */
static void region_label(char *buf, size_t size, const struct zone_config *zc,
			 const char *const *names, unsigned int i)
{
	const struct memory_region *r = &zc->memory_regions[i];

	hv_snprintf(buf, size, "region %u%s%s%s (%s PA [%#llx, %#llx) IPA %#llx)", i,
		    names && names[i] ? " '" : "", names && names[i] ? names[i] : "",
		    names && names[i] ? "'" : "", type_name(r->mem_type),
		    (unsigned long long)r->physical_start,
		    (unsigned long long)(r->physical_start + r->size),
		    (unsigned long long)r->virtual_start);
}

/*
 * Does [start, start + size) touch the GIC? Physical addresses (ipa false): any part of
 * it, all emulated, mapped or the hypervisor's own. Guest addresses (ipa true): what a
 * zone sees at the board's GIC addresses, the trapped distributor and redistributors
 * (GICv3) or CPU interface (GICv2, where hvisor maps the GICV).
 */
static bool overlaps_gic(const struct board *b, u64 start, u64 size, bool ipa, const char **which)
{
	const struct board_gic *g = &b->gic;
	const struct {
		const char *name;
		u64 base, size;
		bool guest;
	} parts[] = {
		{ "GICD", g->gicd_base, g->gicd_size, true },
		{ "GICR", g->gicr_base, g->gicr_size, true },
		{ "GICC", g->gicc_base, g->gicc_size, true },
		{ "GICH", g->gich_base, g->gich_size, false },
		{ "GICV", g->gicv_base, g->gicv_size, false },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!parts[i].size || (ipa && !parts[i].guest) ||
		    !range_overlaps(start, size, parts[i].base, parts[i].size))
			continue;
		*which = parts[i].name;
		return true;
	}
	for (unsigned int i = 0; i < g->nr_gicr_more; i++)
		if (range_overlaps(start, size, g->gicr_more[i].start, g->gicr_more[i].size)) {
			*which = "GICR (gicr_more)";
			return true;
		}
	if (g->gicc_size && range_overlaps(start, size, g->gicc_base, g->gicc_size)) {
		*which = "GICC";
		return true;
	}
	return false;
}

static void check_regions(struct check_ctx *c, const struct board *b, const struct zone_config *zc,
			  const char *const *names, bool root)
{
	char a[160], bl[160];
	unsigned int nram = 0;

	for (unsigned int i = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];
		const char *gic;

		region_label(a, sizeof(a), zc, names, i);
		if (r->mem_type == MEM_TYPE_RAM)
			nram++;
		if (r->mem_type > MEM_TYPE_VIRTIO) {
			say(c, true, "%s has type %u: use RAM (0), IO (1) or VIRTIO (2)", a,
			    r->mem_type);
			continue;
		}
		if (r->size == 0) {
			say(c, true, "%s is empty: give it a size or remove it", a);
			continue;
		}
		if (r->mem_type == MEM_TYPE_RAM &&
		    !IS_ALIGNED(r->physical_start | r->virtual_start | r->size, PAGE_SIZE)) {
			say(c, true,
			    "%s is not 4 KiB aligned: start and size must be multiples of 0x1000",
			    a);
			continue;
		}
		/*
		 * A device region is mapped when it is whole pages, trapped and forwarded when
		 * it lies inside one page (a virtio-mmio slot of 0x200 bytes); anything else
		 * cannot be given to a guest exactly.
		 */
		if (r->mem_type != MEM_TYPE_RAM &&
		    (!IS_ALIGNED(r->physical_start | r->virtual_start | r->size, 4) ||
		     (!IS_ALIGNED(r->physical_start | r->virtual_start | r->size, PAGE_SIZE) &&
		      (ALIGN_DOWN(r->physical_start, PAGE_SIZE) !=
			       ALIGN_DOWN(r->physical_start + r->size - 1, PAGE_SIZE) ||
		       (r->physical_start ^ r->virtual_start) & (PAGE_SIZE - 1))))) {
			say(c, true,
			    "%s is neither whole 4 KiB pages nor inside one page: align start and "
			    "size to 0x1000, or keep a smaller region within one page (4-byte "
			    "aligned)",
			    a);
			continue;
		}
		if (r->mem_type == MEM_TYPE_IO &&
		    !IS_ALIGNED(r->physical_start | r->size, PAGE_SIZE) &&
		    !board_mem_covers(b, r->physical_start, r->size, BOARD_MEM_DEVICE))
			say(c, true,
			    "%s is smaller than a page, so the hypervisor forwards its accesses, "
			    "but "
			    "it is not inside a Device range of the board's EL2 map (board.mem): "
			    "add "
			    "one",
			    a);
		if (r->physical_start + r->size < r->physical_start ||
		    r->virtual_start + r->size < r->virtual_start ||
		    r->virtual_start + r->size > (1ULL << 39)) {
			say(c, true, "%s runs past the 39-bit address space: shrink it", a);
			continue;
		}
		if (r->mem_type != MEM_TYPE_VIRTIO &&
		    range_overlaps(r->physical_start, r->size, c->hv_start,
				   c->hv_end - c->hv_start))
			say(c, true,
			    "%s covers the hypervisor's memory [%#llx, %#llx) (image, per-CPU "
			    "areas and "
			    "page-table pool): end the region at or below %#llx or start it at or "
			    "above %#llx",
			    a, (unsigned long long)c->hv_start, (unsigned long long)c->hv_end,
			    (unsigned long long)c->hv_start, (unsigned long long)c->hv_end);
		if (r->mem_type != MEM_TYPE_VIRTIO &&
		    overlaps_gic(b, r->physical_start, r->size, false, &gic))
			say(c, true,
			    "%s overlaps the %s, which the hypervisor emulates: remove that part "
			    "from the region",
			    a, gic);
		else if (overlaps_gic(b, r->virtual_start, r->size, true, &gic))
			say(c, true,
			    "%s covers the guest's %s addresses, where the hypervisor puts the "
			    "zone's GIC: move the region's IPA",
			    a, gic);
		if (r->mem_type == MEM_TYPE_RAM &&
		    !board_mem_covers(b, r->physical_start, r->size, BOARD_MEM_NORMAL))
			say(c, true,
			    "%s is not inside a Normal range of the board's EL2 memory map "
			    "(board.mem): it must be RAM the hypervisor knows; add or widen a "
			    "BOARD_MEM_NORMAL range, or mark the region IO",
			    a);
		if (root && r->mem_type == MEM_TYPE_RAM && r->physical_start != r->virtual_start)
			say(c, true,
			    "%s: root zone RAM must be mapped 1:1 (IPA == PA), as hvisor's tools "
			    "expect",
			    a);

		for (unsigned int j = 0; j < i; j++) {
			const struct memory_region *q = &zc->memory_regions[j];

			if (q->size == 0)
				continue;
			if (range_overlaps(r->virtual_start, r->size, q->virtual_start, q->size)) {
				region_label(bl, sizeof(bl), zc, names, j);
				say(c, true,
				    "%s overlaps %s in the guest's address space: make them "
				    "disjoint",
				    a, bl);
			} else if (r->mem_type == MEM_TYPE_RAM && q->mem_type == MEM_TYPE_RAM &&
				   range_overlaps(r->physical_start, r->size, q->physical_start,
						  q->size)) {
				region_label(bl, sizeof(bl), zc, names, j);
				say(c, true,
				    "%s and %s map the same physical RAM: make them disjoint", a,
				    bl);
			}
		}
	}
	if (nram == 0)
		say(c, true, "the zone has no RAM region: add at least one MEM_TYPE_RAM region");
}

/* Is [start, start + size) inside one of the board's ranges set aside for other zones? */
static bool in_zones_ram(const struct board *b, u64 start, u64 size)
{
	for (unsigned int i = 0; i < b->nr_zones_ram; i++)
		if (range_within(start, size, b->zones_ram[i].start, b->zones_ram[i].size))
			return true;
	return false;
}

/*
 * A zone other than the root may use RAM the board sets aside for zones, or RAM the root
 * zone does not have; never the root zone's own RAM, nor its devices' RAM.
 */
static void check_not_root_ram(struct check_ctx *c, const struct board *b,
			       const struct zone_config *zc, const char *const *names)
{
	const struct board_zone *root = &b->root_zone;
	char a[160];

	for (unsigned int i = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];

		if (r->mem_type == MEM_TYPE_VIRTIO || r->size == 0)
			continue;
		for (unsigned int j = 0; j < root->nr_regions; j++) {
			const struct board_zone_region *q = &root->regions[j];
			u64 lo, hi;

			if (q->type != MEM_TYPE_RAM ||
			    !range_overlaps(r->physical_start, r->size, q->phys, q->size))
				continue;
			lo = MAX(r->physical_start, q->phys);
			hi = MIN(r->physical_start + r->size, q->phys + q->size);
			if (r->mem_type == MEM_TYPE_RAM && in_zones_ram(b, lo, hi - lo))
				continue;
			region_label(a, sizeof(a), zc, names, i);
			say(c, true,
			    "%s overlaps the root zone's own RAM '%s' [%#llx, %#llx): use RAM the "
			    "board sets aside for zones (zones_ram in %s)%s",
			    a, q->name ? q->name : "", (unsigned long long)lo,
			    (unsigned long long)hi, b->file ? b->file : "board.c",
			    r->mem_type == MEM_TYPE_RAM ? "" : "; a device region cannot be RAM");
		}
	}
}

/* Interrupts of a zone_config: SPIs only, ones the distributor has, never 1020-1023. */
static void check_irq_bitmap(struct check_ctx *c, const struct zone_config *zc)
{
	const u32 *bm = zc->interrupts_bitmap;

	if (bm[0])
		say(c, true,
		    "interrupts %#x of INTIDs 0..31 are SGIs and PPIs, which every zone has: list "
		    "SPIs only (INTID 32 and up)",
		    bm[0]);
	for (u32 intid = 32; intid < CONFIG_MAX_INTERRUPTS; intid++) {
		if (!((bm[intid / 32] >> (intid % 32)) & 1))
			continue;
		if (intid >= 1020)
			say(c, true, "interrupt %u is a reserved INTID (1020-1023): remove it",
			    intid);
		else if (c->irq_lines && intid >= c->irq_lines)
			say(c, true,
			    "interrupt %u does not exist: the distributor has INTIDs below %u; a "
			    "DT "
			    "SPI n is INTID 32 + n",
			    intid, c->irq_lines);
	}
}

/* "arch_config.gicd_base 0x... is not the board's distributor 0x...: use the board's" */
static void check_gic_field(struct check_ctx *c, const char *field, u64 value, u64 board_value,
			    const char *what)
{
	if (value != board_value)
		say(c, true, "arch_config.%s %#llx is not the board's %s %#llx: use the board's",
		    field, (unsigned long long)value, what, (unsigned long long)board_value);
}

/* The GIC a zone_config names must be the board's (the zone sees its own view of it). */
static void check_gic(struct check_ctx *c, const struct board *b, const struct zone_config *zc)
{
	const struct board_gic *g = &b->gic;

	if (zc->num_pci_bus || zc->num_pci_devs)
		say(c, true,
		    "num_pci_bus %llu, num_pci_devs %llu: PCI devices are not given to zones by "
		    "this hypervisor; leave pci_config empty",
		    (unsigned long long)zc->num_pci_bus, (unsigned long long)zc->num_pci_devs);
#if HVISOR_ABI >= 6
	if (zc->arch_config.uefi.uefi_tag != UEFI_CONFIG_NONE)
		say(c, true,
		    "arch_config has UEFI tables (uefi_tag %llu): zones boot without UEFI here; "
		    "leave memory_map_addr and sys_map_addr out",
		    (unsigned long long)zc->arch_config.uefi.uefi_tag);
#endif

	if (zc->arch_config.gic_version != GIC_CONFIG_BUILD)
		return; /* reported with the version */
#if GIC_VERSION == 2
	/* The zone finds its CPU interface at GICC: hvisor maps the GICV there, as large. */
	check_gic_field(c, "gicd_base", zc->arch_config.gicv2.gicd_base, g->gicd_base,
			"distributor");
	check_gic_field(c, "gicc_base", zc->arch_config.gicv2.gicc_base, g->gicc_base,
			"CPU interface");
	check_gic_field(c, "gicc_size", zc->arch_config.gicv2.gicc_size, g->gicc_size,
			"CPU interface size");
#else
	check_gic_field(c, "gicd_base", zc->arch_config.gicv3.gicd_base, g->gicd_base,
			"distributor");
	check_gic_field(c, "gicr_base", zc->arch_config.gicv3.gicr_base, g->gicr_base,
			"redistributors (the zone sees only its own CPUs' frames)");
#endif
}

/*
 * Direct interrupt mode: hvisor's padding byte, so anything but 0 or 1 is garbage, not a
 * choice. GICv3 only: the mode relies on the hypervisor's kick being a Group 0 interrupt
 * the guest cannot see (HCR_EL2.FMO with IMO clear), which a GICv2 CPU interface mapped
 * into the guest does not give (docs/zones.md).
 */
static void check_direct_irq(struct check_ctx *c, const struct zone_config *zc)
{
	u8 d = zc->arch_config.direct_irq;

	if (d > 1)
		say(c, true,
		    "arch_config.direct_irq is %u: expected 0 (off) or 1 (direct interrupt mode); "
		    "a tool that leaves hvisor's padding after is_aarch32 non-zero wrote it",
		    d);
	else if (d && GIC_VERSION == 2)
		say(c, true,
		    "arch_config.direct_irq is set but this board has a GICv2: direct interrupt "
		    "mode needs a GICv3; set it false (\"direct_irq\" in the JSON's arch_config, "
		    ".direct_irq in board.c)");
}

/* Does a RAM region of the zone hold [addr, addr + size), as an IPA or as a PA? */
static bool ram_covers(const struct zone_config *zc, u64 addr, u64 size, bool ipa)
{
	for (unsigned int i = 0; i < zc->num_memory_regions; i++) {
		const struct memory_region *r = &zc->memory_regions[i];
		u64 start = ipa ? r->virtual_start : r->physical_start;

		if (r->mem_type == MEM_TYPE_RAM && range_within(addr, size, start, r->size))
			return true;
	}
	return false;
}

unsigned int config_check_zone(struct check_ctx *c, const struct board *b,
			       const struct zone_config *zc, const char *const *names)
{
	unsigned int before = c->errors;
	bool root = zc->zone_id == 0;

	if (zc->num_memory_regions > CONFIG_MAX_MEMORY_REGIONS) {
		say(c, true, "%u memory regions, at most %u are allowed", zc->num_memory_regions,
		    CONFIG_MAX_MEMORY_REGIONS);
		return c->errors - before;
	}
	if (zc->name[0] == '\0' || !memchr(zc->name, '\0', sizeof(zc->name)))
		say(c, true, "the zone name must be 1 to %u characters", CONFIG_NAME_MAXLEN - 1);
	if (zc->cpus == 0)
		say(c, true, "the zone has no CPU: set at least one bit in cpus");
	if (b->nr_cpus < 64 && (zc->cpus >> b->nr_cpus))
		say(c, true, "cpus = %#llx names CPUs beyond the board's %u (logical ids 0..%u)",
		    (unsigned long long)zc->cpus, b->nr_cpus, b->nr_cpus ? b->nr_cpus - 1 : 0);
	if (zc->arch_config.gic_version != GIC_CONFIG_BUILD)
		say(c, true,
		    "arch_config.gic_version is %llu: this build supports GICv%d (%d) only",
		    (unsigned long long)zc->arch_config.gic_version, GIC_VERSION, GIC_CONFIG_BUILD);
	if (zc->num_ivc_configs > CONFIG_MAX_IVC_CONFIGS)
		say(c, true, "%u IVC configs, at most %u are allowed", zc->num_ivc_configs,
		    CONFIG_MAX_IVC_CONFIGS);
	check_direct_irq(c, zc);

	check_regions(c, b, zc, names, root);
	if (!root) {
		check_not_root_ram(c, b, zc, names);
		check_irq_bitmap(c, zc);
		check_gic(c, b, zc);
	}

	if (zc->num_memory_regions && !ram_covers(zc, zc->entry_point, 4, true))
		say(c, true, "the entry point %#llx is not inside any RAM region of the zone",
		    (unsigned long long)zc->entry_point);
	if (zc->num_memory_regions && !ram_covers(zc, zc->dtb_load_paddr, 8, false))
		say(c, true, "the DTB address %#llx is not inside any RAM region of the zone",
		    (unsigned long long)zc->dtb_load_paddr);
	return c->errors - before;
}

#if GIC_VERSION == 2
/* IHI 0048B: a GICv2 has 8 CPU interfaces at most, each 8 KiB (GICC_DIR at 0x1000). */
#define GICV2_CPU_LIMIT	   8u
#define GICV2_CPU_IF_BYTES 0x2000u

/* The GICv2 parts: where the hypervisor reaches them, and what it maps for zones. */
static void check_board_gic(struct check_ctx *c, const struct board *b)
{
	const struct board_gic *g = &b->gic;

	if (!board_mem_covers(b, g->gicd_base, g->gicd_size, BOARD_MEM_DEVICE) ||
	    !board_mem_covers(b, g->gicc_base, g->gicc_size, BOARD_MEM_DEVICE) ||
	    !board_mem_covers(b, g->gich_base, g->gich_size, BOARD_MEM_DEVICE))
		say(c, true,
		    "the GIC (GICD %#llx, GICC %#llx, GICH %#llx) is not inside a Device range of "
		    "board.mem",
		    (unsigned long long)g->gicd_base, (unsigned long long)g->gicc_base,
		    (unsigned long long)g->gich_base);
	if (!g->gicc_size || g->gicc_size != g->gicv_size ||
	    !IS_ALIGNED(g->gicc_base | g->gicv_base | g->gicc_size, PAGE_SIZE))
		say(c, true,
		    "gic.gicc_size %#llx and gicv_size %#llx must be equal whole pages (zones see "
		    "the GICV at the GICC address), gicc_base and gicv_base page aligned",
		    (unsigned long long)g->gicc_size, (unsigned long long)g->gicv_size);
	if (g->gicc_offset + GICV2_CPU_IF_BYTES > g->gicc_size)
		say(c, true,
		    "gic.gicc_offset %#llx leaves less than the CPU interface's %#x bytes (up to "
		    "GICC_DIR) inside gicc_size %#llx",
		    (unsigned long long)g->gicc_offset, GICV2_CPU_IF_BYTES,
		    (unsigned long long)g->gicc_size);
	if (b->nr_cpus > GICV2_CPU_LIMIT)
		say(c, true, "a GICv2 serves at most %u CPUs; the mpidr table has %u",
		    GICV2_CPU_LIMIT, b->nr_cpus);
}
#else
/* GIC ranges beyond the first pair (gic.gicr_more, gic.its_more) are in the EL2 map's devices. */
static void check_gic_ranges(struct check_ctx *c, const struct board *b, const char *field,
			     const struct board_range *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!board_mem_covers(b, r[i].start, r[i].size, BOARD_MEM_DEVICE))
			say(c, true,
			    "gic.%s[%u] [%#llx, +%#llx) is not inside a Device range of board.mem",
			    field, i, (unsigned long long)r[i].start,
			    (unsigned long long)r[i].size);
}

static void check_board_gic(struct check_ctx *c, const struct board *b)
{
	if (!board_mem_covers(b, b->gic.gicd_base, b->gic.gicd_size, BOARD_MEM_DEVICE) ||
	    !board_mem_covers(b, b->gic.gicr_base, b->gic.gicr_size, BOARD_MEM_DEVICE))
		say(c, true,
		    "the GIC (GICD %#llx, GICR %#llx) is not inside a Device range of board.mem",
		    (unsigned long long)b->gic.gicd_base, (unsigned long long)b->gic.gicr_base);
	check_gic_ranges(c, b, "gicr_more", b->gic.gicr_more, b->gic.nr_gicr_more);
	check_gic_ranges(c, b, "its_more", b->gic.its_more, b->gic.nr_its_more);
}
#endif

/*
 * A zone board.c starts at boot beside the root zone: checked as the root Linux's configs
 * are, and against the root zone and the static zones before it (at boot, zone_create
 * checks them again against what runs).
 */
static void check_static_zone(struct check_ctx *c, const struct board *b, unsigned int n)
{
	static struct zone_config zc; /* 3 KiB: not on the stack */
	const struct board_zone *z = &b->static_zones[n];
	const char *names[CONFIG_MAX_MEMORY_REGIONS];
	const char *board_where = c->where;
	char where[160];
	u64 taken = b->root_zone.cpus;

	hv_snprintf(where, sizeof(where), "%s: static_zones[%u] '%s'", board_where, n,
		    z->name ? z->name : "");
	c->where = where;
	if (z->id == 0 || z->nr_regions > CONFIG_MAX_MEMORY_REGIONS ||
	    z->nr_ivc > CONFIG_MAX_IVC_CONFIGS) {
		say(c, true, "needs an id other than 0, at most %u regions and %u IVC configs",
		    CONFIG_MAX_MEMORY_REGIONS, CONFIG_MAX_IVC_CONFIGS);
		c->where = board_where;
		return;
	}
	for (unsigned int k = 0; k < n; k++) {
		taken |= b->static_zones[k].cpus;
		if (b->static_zones[k].id == z->id)
			say(c, true, "id %u is also static_zones[%u]'s", z->id, k);
	}
	if (z->cpus & taken)
		say(c, true, "cpus %#llx overlap the root zone's or an earlier static zone's",
		    (unsigned long long)(z->cpus & taken));
	board_zone_config(b, z, &zc);
	for (unsigned int i = 0; i < zc.num_memory_regions; i++)
		names[i] = z->regions[i].name;
	config_check_zone(c, b, &zc, names);
	c->where = board_where;
}

unsigned int config_check_board(struct check_ctx *c, const struct board *b)
{
	unsigned int before = c->errors;
	const struct board_zone *z = &b->root_zone;
	static struct zone_config zc; /* 3 KiB: not on the stack */
	const char *names[CONFIG_MAX_MEMORY_REGIONS];

	if (b->nr_cpus == 0 || b->nr_cpus > c->max_cpus)
		say(c, true,
		    "the mpidr table has %u CPUs; it needs 1 to %u (raise HV_MAX_CPUS in "
		    "platform.mk)",
		    b->nr_cpus, c->max_cpus);
	for (unsigned int i = 0; i < b->nr_cpus; i++) {
		if (b->mpidr[i] & ~MPIDR_AFF_MASK)
			say(c, true,
			    "mpidr[%u] = %#llx has bits outside Aff3..Aff0 (mask 0xff00ffffff)", i,
			    (unsigned long long)b->mpidr[i]);
		for (unsigned int j = 0; j < i; j++)
			if (b->mpidr[i] == b->mpidr[j])
				say(c, true,
				    "mpidr[%u] and mpidr[%u] are both %#llx: each CPU needs its "
				    "own",
				    j, i, (unsigned long long)b->mpidr[i]);
	}

	for (unsigned int i = 0; i < b->nr_mem; i++) {
		const struct board_mem_range *m = &b->mem[i];

		if (!IS_ALIGNED(m->start | m->size, SZ_2M) || m->size == 0)
			say(c, true,
			    "mem[%u] '%s' [%#llx, +%#llx) must be non-empty and 2 MiB aligned", i,
			    m->name, (unsigned long long)m->start, (unsigned long long)m->size);
		for (unsigned int j = 0; j < i; j++)
			if (range_overlaps(m->start, m->size, b->mem[j].start, b->mem[j].size))
				say(c, true,
				    "mem[%u] '%s' overlaps mem[%u] '%s': make them disjoint", i,
				    m->name, j, b->mem[j].name);
	}
	if (!board_mem_covers(b, c->hv_start, c->hv_end - c->hv_start, BOARD_MEM_NORMAL))
		say(c, true,
		    "the hypervisor [%#llx, %#llx) is not inside a Normal range of board.mem: "
		    "add one or move HV_BASE in linker.ld",
		    (unsigned long long)c->hv_start, (unsigned long long)c->hv_end);
	if (!board_mem_covers(b, b->uart.base, 0x1000, BOARD_MEM_DEVICE))
		say(c, true, "the console UART at %#llx is not inside a Device range of board.mem",
		    (unsigned long long)b->uart.base);
	if (b->uart.reg_width != 1 && b->uart.reg_width != 4)
		say(c, true, "uart.reg_width is %u: use 1 or 4 (bytes, the DT's reg-io-width)",
		    b->uart.reg_width);
	check_board_gic(c, b);

	/* The root zone: messages name it after the board file. */
	const char *board_where = c->where;
	char zone_where[160];

	hv_snprintf(zone_where, sizeof(zone_where), "%s: root zone", board_where);
	c->where = zone_where;
	if (z->nr_regions == 0 || z->cpus == 0) {
		say(c, true, "the root zone is empty: it needs CPUs and memory regions");
		c->where = board_where;
		return c->errors - before;
	}
	if (z->nr_ivc > CONFIG_MAX_IVC_CONFIGS)
		say(c, true, "the root zone has %u IVC configs, at most %u are allowed", z->nr_ivc,
		    CONFIG_MAX_IVC_CONFIGS);
	if (z->nr_regions > CONFIG_MAX_MEMORY_REGIONS)
		say(c, true, "the root zone has %u memory regions, at most %u are allowed",
		    z->nr_regions, CONFIG_MAX_MEMORY_REGIONS);
	for (unsigned int i = 0; i < z->nr_irqs; i++) {
		if (z->irqs[i] >= CONFIG_MAX_INTERRUPTS)
			say(c, true, "root zone IRQ %u (irqs[%u]) is not a GIC INTID below 1024",
			    z->irqs[i], i);
		else if (z->irqs[i] < 32)
			say(c, true,
			    "root zone IRQ %u (irqs[%u]) is an SGI/PPI: list SPIs only, as "
			    "absolute INTIDs "
			    "(DT <0 n ...> is INTID 32 + n)",
			    z->irqs[i], i);
	}
	board_root_zone_config(b, &zc);
	for (unsigned int i = 0; i < zc.num_memory_regions; i++)
		names[i] = z->regions[i].name;
	config_check_zone(c, b, &zc, names);
	for (unsigned int i = 0; i < b->nr_zones_ram; i++) {
		const struct board_range *r = &b->zones_ram[i];

		if (!IS_ALIGNED(r->start | r->size, PAGE_SIZE) || !r->size ||
		    !ram_covers(&zc, r->start, r->size, false))
			say(c, true,
			    "zones_ram[%u] '%s' [%#llx, +%#llx) must be whole pages inside one RAM "
			    "region of the root zone",
			    i, r->name ? r->name : "", (unsigned long long)r->start,
			    (unsigned long long)r->size);
		else if (range_within(z->entry, 4, r->start, r->size) ||
			 range_within(z->dtb_addr, 8, r->start, r->size))
			say(c, true,
			    "zones_ram[%u] [%#llx, +%#llx) holds the root zone's entry or DTB: the "
			    "root Linux must not live in RAM set aside for other zones",
			    i, (unsigned long long)r->start, (unsigned long long)r->size);
	}
	c->where = board_where;
	for (unsigned int i = 0; i < b->nr_static_zones; i++)
		check_static_zone(c, b, i);
	return c->errors - before;
}
