// SPDX-License-Identifier: GPL-2.0
/*
 * Devices between zones. A zone's IO region of whole pages is mapped by its stage 2; one
 * smaller than a page (a 0x200-byte virtio-mmio slot) cannot be, since the rest of the page
 * may be another zone's device: its accesses trap and are forwarded, as the guest made
 * them, to the device. The root zone's IO regions may hold devices given to other zones
 * (hvisor's QEMU configs do): while such a zone runs, the pages holding its devices leave
 * the root's stage 2, and what else is in a page stays the root's through a forwarding trap.
 */
#include "board.h"
#include "hv_errno.h"
#include "io.h"
#include "log.h"
#include "util.h"
#include "zone.h"
#include "zone_io.h"

/* One access, at the width and alignment the guest used, to the device at pa. */
static int io_forward(struct zone *z, paddr_t pa, struct mmio_access *a)
{
	if (!mmio_width_ok(a, MMIO_W8 | MMIO_W16 | MMIO_W32 | MMIO_W64)) {
		mmio_refuse(z, a, "forwarded device");
		return 0;
	}
	switch (a->size) {
	case 1:
		if (a->write)
			io_write8(pa, (u8)a->value);
		else
			a->value = io_read8(pa);
		break;
	case 2:
		if (a->write)
			io_write16(pa, (u16)a->value);
		else
			a->value = io_read16(pa);
		break;
	case 4:
		if (a->write)
			io_write32(pa, (u32)a->value);
		else
			a->value = io_read32(pa);
		break;
	default:
		if (a->write)
			io_write64(pa, a->value);
		else
			a->value = io_read64(pa);
		break;
	}
	return 0;
}

/* A zone's own device region smaller than a page. */
static int subpage_access(struct zone *z, struct mmio_access *a, void *arg)
{
	const struct memory_region *r = arg;

	return io_forward(z, r->physical_start + a->offset, a);
}

/* A root page shared with another zone's device: the root keeps the rest. */
static int root_page_access(struct zone *root, struct mmio_access *a, void *arg)
{
	const struct zone_carve *cv = arg;
	paddr_t pa = cv->pa + a->offset;

	if (zone_device_owner(pa))
		return -ENOENT; /* reported as unhandled, naming the owner */
	return io_forward(root, pa, a);
}

static bool whole_pages(const struct memory_region *r)
{
	return IS_ALIGNED(r->physical_start | r->virtual_start | r->size, PAGE_SIZE);
}

/* The root IO region holding physical page pa, or NULL. */
static const struct memory_region *root_io_of(const struct zone *root, paddr_t pa)
{
	for (unsigned int i = 0; i < root->cfg.num_memory_regions; i++) {
		const struct memory_region *q = &root->cfg.memory_regions[i];

		if (q->mem_type == MEM_TYPE_IO &&
		    range_within(pa, PAGE_SIZE, q->physical_start, q->size))
			return q;
	}
	return NULL;
}

static struct zone_carve *carve_find(struct zone *root, ipaddr_t page)
{
	for (unsigned int i = 0; i < ZONE_MAX_CARVES; i++)
		if (root->carves[i].refs && root->carves[i].page == page)
			return &root->carves[i];
	return NULL;
}

static int carve(struct zone *z, struct zone *root, ipaddr_t page, paddr_t pa, bool whole)
{
	struct zone_carve *cv = carve_find(root, page);
	int err;

	if (cv) {
		cv->refs++;
		return 0;
	}
	for (unsigned int i = 0; i < ZONE_MAX_CARVES && !cv; i++)
		if (!root->carves[i].refs)
			cv = &root->carves[i];
	if (!cv) {
		pr_warn("zone %u: more than %u root pages hold other zones' devices: fewer, "
			"larger device regions",
			z->id, ZONE_MAX_CARVES);
		return -ENOMEM;
	}
	*cv = (struct zone_carve){ .page = page, .pa = pa, .refs = 1, .trapped = !whole };
	/* The handler first: from the unmap on, the root's accesses trap into it. */
	err = cv->trapped ? mmio_register(root, page, PAGE_SIZE, root_page_access, cv,
					  ZONE_STAT_MMIO_DEVICE)
			  : 0;
	if (!err)
		err = arch_zone_unmap(root, page, PAGE_SIZE);
	if (err) {
		if (cv->trapped)
			mmio_unregister(root, page, root_page_access);
		cv->refs = 0;
		return err;
	}
	pr_info("zone %u: root page %#llx leaves the root zone while zone %u runs%s", z->id,
		(unsigned long long)page, z->id,
		cv->trapped ? " (the root's part of it is forwarded)" : "");
	return 0;
}

static void uncarve(struct zone *root, ipaddr_t page)
{
	struct zone_carve *cv = carve_find(root, page);

	if (!cv || --cv->refs)
		return;
	/* Mapped again first, so no root access falls between the two. */
	if (arch_zone_map_io(root, page, cv->pa, PAGE_SIZE))
		pr_err("root page %#llx could not be mapped back", (unsigned long long)page);
	if (cv->trapped)
		mmio_unregister(root, page, root_page_access);
}

/* Each root page region r of z touches: fn(page in the root, its PA, whole page of z?). */
static int for_root_pages(struct zone *z, struct zone *root, const struct memory_region *r,
			  bool take, u64 *done)
{
	u64 start = ALIGN_DOWN(r->physical_start, PAGE_SIZE);
	u64 end = ALIGN_UP(r->physical_start + r->size, PAGE_SIZE);

	for (u64 pa = start; pa < end; pa += PAGE_SIZE) {
		const struct memory_region *q = root_io_of(root, pa);
		ipaddr_t page;
		int err;

		if (!q)
			continue;
		page = pa - q->physical_start + q->virtual_start;
		if (!take) {
			uncarve(root, page);
			continue;
		}
		err = carve(z, root, page, pa, whole_pages(r));
		if (err) {
			for (u64 back = start; back < pa; back += PAGE_SIZE)
				if ((q = root_io_of(root, back)))
					uncarve(root, back - q->physical_start + q->virtual_start);
			return err;
		}
		(*done)++;
	}
	return 0;
}

int zone_io_attach(struct zone *z, struct zone *root)
{
	int err = 0;

	for (unsigned int i = 0; !err && i < z->cfg.num_memory_regions; i++) {
		const struct memory_region *r = &z->cfg.memory_regions[i];
		u64 pages = 0;

		if (r->mem_type == MEM_TYPE_IO && !whole_pages(r))
			err = mmio_register(z, r->virtual_start, r->size, subpage_access, (void *)r,
					    ZONE_STAT_MMIO_DEVICE);
		if (err || r->mem_type == MEM_TYPE_RAM || !root || root == z)
			continue;
		err = for_root_pages(z, root, r, true, &pages);
		if (!err)
			z->carved |= BIT(i);
	}
	return err;
}

void zone_io_detach(struct zone *z, struct zone *root)
{
	for (unsigned int i = 0; root && i < z->cfg.num_memory_regions; i++) {
		if (!((z->carved >> i) & 1))
			continue;
		for_root_pages(z, root, &z->cfg.memory_regions[i], false, NULL);
		z->carved &= ~BIT(i);
	}
}
