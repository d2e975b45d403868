// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio daemon's register file and split virtqueues (tools/cli/vmmio.c, vqueue.c)
 * on the host, driven as a guest driver drives them: a zone's RAM is a buffer here, the
 * driver's rings and buffers are written into it, and every register access goes through
 * vmmio_access() as the bridge's requests do. A guest that hands out bad descriptors gets
 * them back empty, and the device goes on.
 *
 * The daemon's services (logging, interrupts: vdaemon.c) are recorded, not run.
 */
// sources: tools/cli/vmmio.c tools/cli/vqueue.c
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../../tools/cli/vdev.h"

#define RAM_IPA	 0x50000000ULL
#define RAM_SIZE 0x100000ULL
#define QSIZE	 8
#define DESC	 (RAM_IPA + 0x1000)
#define AVAIL	 (RAM_IPA + 0x2000)
#define USED	 (RAM_IPA + 0x3000)
#define BUF	 (RAM_IPA + 0x10000)

static unsigned int irqs, warnings, notifies;

void vdev_raise_irq(struct vdev *d)
{
	__atomic_fetch_or(d->isr, 1, __ATOMIC_RELAXED);
	irqs++;
}

void vlog(enum vlog_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void vlog_limited(const char *key, const char *fmt, ...)
{
	(void)key;
	(void)fmt;
	warnings++;
}

static void test_notify(struct vdev *d, unsigned int q)
{
	(void)d;
	(void)q;
	notifies++;
}

static const struct vdev_ops ops = {
	.type = VDEV_BLK,
	.name = "blk",
	.nr_queues = 1,
	.notify = test_notify,
};

static uint8_t *ram;
static struct vzone zone;
static struct vdev dev;
static uint32_t isr_word; /* its word in the bridge page's status table, in the daemon */

static uint32_t rd(uint64_t off)
{
	return (uint32_t)vmmio_access(&dev, off, 4, false, 0);
}

static void wr(uint64_t off, uint32_t v)
{
	vmmio_access(&dev, off, 4, true, v);
}

static void *at(uint64_t ipa)
{
	return ram + (ipa - RAM_IPA);
}

static struct vring_desc *desc(unsigned int i)
{
	return (struct vring_desc *)at(DESC) + i;
}

static uint16_t *avail(void)
{
	return at(AVAIL);
}

static uint32_t *used_elem(unsigned int i)
{
	return (uint32_t *)((uint16_t *)at(USED) + 2) + 2 * i;
}

static uint16_t used_idx(void)
{
	return ((uint16_t *)at(USED))[1];
}

/* The driver's probe: features, one queue of QSIZE at DESC/AVAIL/USED, DRIVER_OK. */
static void probe(uint64_t features)
{
	wr(0x70, 0);
	wr(0x70, 1 | 2);
	wr(0x24, 0);
	wr(0x20, (uint32_t)features);
	wr(0x24, 1);
	wr(0x20, (uint32_t)(features >> 32));
	wr(0x70, 1 | 2 | 8);
	wr(0x30, 0);
	wr(0x38, QSIZE);
	wr(0x80, (uint32_t)DESC);
	wr(0x84, 0);
	wr(0x90, (uint32_t)AVAIL);
	wr(0x94, 0);
	wr(0xa0, (uint32_t)USED);
	wr(0xa4, 0);
	wr(0x44, 1);
	wr(0x70, 1 | 2 | 4 | 8);
}

static int setup(void **state)
{
	(void)state;
	ram = calloc(1, RAM_SIZE);
	zone = (struct vzone){ .id = 1, .nr_ram = 1 };
	zone.ram[0] = (struct vzone_ram){ RAM_IPA, RAM_IPA, RAM_SIZE, ram };
	memset(&dev, 0, sizeof(dev));
	pthread_mutex_init(&dev.lock, NULL);
	dev.ops = &ops;
	dev.zone = &zone;
	dev.addr = 0xa003c00;
	dev.len = 0x200;
	dev.irq = 78;
	isr_word = 0;
	dev.isr = &isr_word;
	irqs = warnings = notifies = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* Makes chain `head` available. */
static void post(uint16_t head)
{
	uint16_t idx = avail()[1];

	avail()[2 + idx % QSIZE] = head;
	avail()[1] = idx + 1;
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*desc(i) = (struct vring_desc){ addr, len, flags, next };
}

static void test_registers(void **state)
{
	(void)state;
	assert_int_equal(rd(0x00), 0x74726976);
	assert_int_equal(rd(0x04), 2);
	assert_int_equal(rd(0x08), VDEV_BLK);
	wr(0x14, 1);
	assert_int_equal(rd(0x10) & 1, 1); /* VIRTIO_F_VERSION_1 is bit 32 */
	assert_int_equal(rd(0x34), VDEV_QUEUE_MAX);
	wr(0x30, 1);
	assert_int_equal(rd(0x34), 0); /* no queue 1 */
	/* A 2-byte register access is ignored, with a warning. */
	assert_int_equal(vmmio_access(&dev, 0x00, 2, false, 0), 0);
	assert_int_equal(warnings, 1);
	/* A driver without VERSION_1 cannot set FEATURES_OK. */
	wr(0x70, 1 | 2);
	wr(0x24, 1);
	wr(0x20, 0);
	wr(0x70, 1 | 2 | 8);
	assert_int_equal(rd(0x70) & 8, 0);
}

static void test_good_chain(void **state)
{
	struct vchain c;

	(void)state;
	probe(1ULL << VIRTIO_F_VERSION_1);
	assert_int_equal(rd(0x70), 15);
	assert_int_equal(rd(0x44), 1);
	set_desc(0, BUF, 16, VRING_DESC_F_NEXT, 1);
	set_desc(1, BUF + 0x100, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 2);
	set_desc(2, BUF + 0x400, 1, VRING_DESC_F_WRITE, 0);
	post(0);
	wr(0x50, 0);
	assert_int_equal(notifies, 1);
	assert_true(vq_has_avail(&dev.vq[0]));
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	assert_int_equal(c.head, 0);
	assert_int_equal(c.nr_out, 1);
	assert_int_equal(c.nr_in, 2);
	assert_int_equal(c.in_len, 513);
	assert_ptr_equal(c.iov[1].iov_base, at(BUF + 0x100));
	assert_int_equal(vchain_write(&c, 510, "xyz", 3), 3);
	assert_memory_equal(at(BUF + 0x100 + 510), "xy", 2);
	assert_memory_equal(at(BUF + 0x400), "z", 1);
	assert_int_equal(vq_pop(&dev, 0, &c), 0);
	assert_true(vq_push(&dev, 0, 0, 513));
	assert_int_equal(used_idx(), 1);
	assert_int_equal(used_elem(0)[0], 0);
	assert_int_equal(used_elem(0)[1], 513);
	/* The driver asked for no interrupts: none. */
	avail()[0] = 1;
	post(0);
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	assert_false(vq_push(&dev, 0, 0, 0));
}

/* Each bad chain comes back used with length 0, counted; the next good one is served. */
static void test_bad_chains(void **state)
{
	struct vchain c;
	unsigned int bad = 0;

	(void)state;
	probe(1ULL << VIRTIO_F_VERSION_1);
	/* Outside the zone's RAM; straddling its end; a loop; readable after writable;
	 * an indirect table without the feature; a head beyond the queue. */
	set_desc(0, 0x40000000, 16, 0, 0);
	set_desc(1, RAM_IPA + RAM_SIZE - 8, 16, 0, 0);
	set_desc(2, BUF, 16, VRING_DESC_F_NEXT, 2);
	set_desc(3, BUF, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 4);
	set_desc(4, BUF, 16, 0, 0);
	set_desc(5, BUF, 32, VRING_DESC_F_INDIRECT, 0);
	set_desc(6, BUF, 16, 0, 0);
	const uint16_t heads[] = { 0, 1, 2, 3, 5, QSIZE + 3 };

	for (unsigned int i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		post(heads[i]);
		assert_int_equal(vq_pop(&dev, 0, &c), -1);
		bad++;
		assert_int_equal(dev.bad_requests, bad);
	}
	/* Returned empty, except the head beyond the queue (nothing to return). */
	assert_int_equal(used_idx(), 5);
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(used_elem(i)[0], heads[i]);
		assert_int_equal(used_elem(i)[1], 0);
	}
	assert_true(warnings >= 1);
	post(6);
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	assert_int_equal(c.head, 6);
	assert_int_equal(rd(0x70) & VIRTIO_STATUS_NEEDS_RESET, 0);
	/* vq_next answers the bad ones on its way to the next good one, then says empty. */
	post(0);
	post(6);
	assert_int_equal(vq_next(&dev, 0, &c), 1);
	assert_int_equal(c.head, 6);
	assert_int_equal(dev.bad_requests, bad + 1);
	assert_int_equal(vq_next(&dev, 0, &c), 0);
	/* A queue's worth of bad chains in a row: each answered, then it returns (a guest
	 * that keeps posting bad ones cannot hold the daemon's loop). */
	for (unsigned int i = 0; i < QSIZE; i++)
		post(0);
	assert_int_equal(vq_next(&dev, 0, &c), 0);
	assert_int_equal(dev.bad_requests, bad + 1 + QSIZE);
	assert_false(vq_has_avail(&dev.vq[0]));
}

static void test_indirect(void **state)
{
	struct vring_desc *table = at(BUF + 0x800);
	struct vchain c;

	(void)state;
	probe((1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_F_INDIRECT_DESC));
	table[0] = (struct vring_desc){ BUF, 16, VRING_DESC_F_NEXT, 1 };
	table[1] = (struct vring_desc){ BUF + 0x100, 64, VRING_DESC_F_WRITE, 0 };
	set_desc(0, BUF + 0x800, 2 * sizeof(struct vring_desc), VRING_DESC_F_INDIRECT, 0);
	post(0);
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	assert_int_equal(c.nr_out + c.nr_in, 2);
	assert_int_equal(c.in_len, 64);
	/* A table that points at itself loops: refused. */
	table[1] = (struct vring_desc){ BUF + 0x100, 64, VRING_DESC_F_NEXT, 0 };
	post(0);
	assert_int_equal(vq_pop(&dev, 0, &c), -1);
	/* A table outside the zone's RAM: refused. */
	set_desc(1, 0x1000, 32, VRING_DESC_F_INDIRECT, 0);
	post(1);
	assert_int_equal(vq_pop(&dev, 0, &c), -1);
}

static void test_event_idx(void **state)
{
	struct vchain c;
	uint16_t *used_event = &avail()[2 + QSIZE];

	(void)state;
	probe((1ULL << VIRTIO_F_VERSION_1) | (1ULL << VIRTIO_F_EVENT_IDX));
	set_desc(0, BUF, 16, 0, 0);
	*used_event = 1; /* interrupt when used idx passes 1 (the second completion) */
	post(0);
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	/* The device asks to be notified for the next avail entry. */
	assert_int_equal(((uint16_t *)at(USED))[2 + 4 * QSIZE], 1);
	assert_false(vq_push(&dev, 0, 0, 0));
	post(0);
	assert_int_equal(vq_pop(&dev, 0, &c), 1);
	assert_true(vq_push(&dev, 0, 0, 0));
	/* A polling device leaves avail_event behind: the driver's next entry needs no
	 * notify (vring_need_event(event, new, old) with new = old + 1 is false). */
	vq_suppress_notify(&dev, 0);
	assert_int_equal(((uint16_t *)at(USED))[2 + 4 * QSIZE], 1);
	vq_enable_notify(&dev, 0);
	assert_int_equal(((uint16_t *)at(USED))[2 + 4 * QSIZE], 2);
}

static void test_bad_rings(void **state)
{
	struct vchain c;

	(void)state;
	probe(1ULL << VIRTIO_F_VERSION_1);
	/* The available index runs more than the queue size ahead. */
	avail()[1] = QSIZE + 1;
	assert_int_equal(vq_pop(&dev, 0, &c), 0);
	assert_true(rd(0x70) & VIRTIO_STATUS_NEEDS_RESET);
	assert_true(rd(0x60) & 2);
	/* Reset, then rings outside the zone's RAM: the queue does not become ready. */
	teardown(NULL);
	setup(NULL);
	wr(0x70, 0);
	wr(0x30, 0);
	wr(0x38, QSIZE);
	wr(0x80, 0x1000);
	wr(0x90, (uint32_t)AVAIL);
	wr(0xa0, (uint32_t)USED);
	wr(0x44, 1);
	assert_int_equal(rd(0x44), 0);
	assert_true(rd(0x70) & VIRTIO_STATUS_NEEDS_RESET);
	/* A queue size that is not a power of two. */
	wr(0x70, 0);
	wr(0x38, 6);
	wr(0x80, (uint32_t)DESC);
	wr(0x44, 1);
	assert_int_equal(rd(0x44), 0);
	/* Status 0 resets everything. */
	wr(0x70, 0);
	assert_int_equal(rd(0x70), 0);
	assert_int_equal(rd(0x60), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_good_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_chains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_idx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rings, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
