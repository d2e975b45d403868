// SPDX-License-Identifier: GPL-2.0
/* The table behind dt_names.h: fixed-size, filled once at boot, read-only afterwards. */
#include "dt_names.h"
#include "string.h"

struct dt_name {
	u64 addr;
	u64 size; /* 0 for an interrupt entry */
	u32 intid;
	u32 name; /* offset in the pool */
};

static struct dt_name names[DT_NAMES_MAX];
static unsigned int nr_names;
static char pool[DT_NAMES_POOL];
static unsigned int pool_used;

void dt_names_clear(void)
{
	nr_names = 0;
	pool_used = 0;
}

static struct dt_name *add(const char *name)
{
	size_t len = strlen(name) + 1;

	if (nr_names >= DT_NAMES_MAX || pool_used + len > DT_NAMES_POOL)
		return NULL; /* diagnostics only: a full table just names less */
	memcpy(pool + pool_used, name, len);
	names[nr_names].name = pool_used;
	pool_used += (unsigned int)len;
	return &names[nr_names++];
}

void dt_names_add_reg(u64 addr, u64 size, const char *name)
{
	struct dt_name *n;

	if (!size || !name)
		return;
	/* The same node seen in another DTB: keep the first. */
	for (unsigned int i = 0; i < nr_names; i++)
		if (names[i].size && names[i].addr == addr && names[i].size == size)
			return;
	n = add(name);
	if (n) {
		n->addr = addr;
		n->size = size;
	}
}

void dt_names_add_irq(u32 intid, const char *name)
{
	struct dt_name *n;

	if (!name || dt_names_irq(intid))
		return;
	n = add(name);
	if (n) {
		n->intid = intid;
		n->size = 0;
	}
}

const char *dt_names_addr(u64 addr)
{
	const struct dt_name *best = NULL;

	for (unsigned int i = 0; i < nr_names; i++) {
		const struct dt_name *n = &names[i];

		if (n->size && addr >= n->addr && addr - n->addr < n->size &&
		    (!best || n->size < best->size))
			best = n;
	}
	return best ? pool + best->name : NULL;
}

const char *dt_names_irq(u32 intid)
{
	for (unsigned int i = 0; i < nr_names; i++)
		if (!names[i].size && names[i].intid == intid)
			return pool + names[i].name;
	return NULL;
}
