// SPDX-License-Identifier: GPL-2.0
/*
 * A zone1 bare-metal guest that misuses the virtio daemon's disk (zone1-virtio.json's
 * devices, served by `hvisor virtio start`): nonsense written to every register at every
 * width, rings outside its RAM, descriptors pointing at the hypervisor, at the root's RAM
 * and past its own, a loop. Each must be refused and answered, and the disk must still
 * serve it a proper request afterwards (its ID, and the ext4 superblock of /dev/vda).
 *
 * Linked at zone1's Linux load address (GUEST_LOAD = 0x50400000, IPA = PA), so the same
 * virtio.json serves it. It has no console: what it prints goes to REPORT in its RAM,
 * which the root reads (hvisor-probe peek). It then waits for its shutdown.
 */
#include "guest.h"

#define BLK	    0x0a003c00UL
#define REPORT	    (GUEST_LOAD - 0x200000UL) /* 0x50200000: the text, NUL-terminated */
#define REPORT_SIZE 0x10000UL
#define RING	    (GUEST_LOAD + 0x200000UL) /* queue memory, far from the image */
#define QSIZE	    8
#define DESC	    (RING)
#define AVAIL	    (RING + 0x1000)
#define USED	    (RING + 0x2000)
#define BUF	    (RING + 0x10000)
#define ZONE_END    0x80000000UL /* zone1's RAM: [0x50000000, 0x80000000) */

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define F_NEXT	1
#define F_WRITE 2

/* Plain loads and stores (no pair, no writeback): instructions with a syndrome. */
static uint32_t rd(uint32_t off)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(BLK + off) : "memory");
	return v;
}

static void wr(uint32_t off, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(BLK + off) : "memory");
}

static void wr8(uint32_t off, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(BLK + off) : "memory");
}

static uint16_t rd16(uint32_t off)
{
	uint16_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(BLK + off) : "memory");
	return v;
}

static void wr64(uint32_t off, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(BLK + off) : "memory");
}

static volatile struct desc *desc(unsigned int i)
{
	return (volatile struct desc *)DESC + i;
}

static volatile uint16_t *avail(void)
{
	return (volatile uint16_t *)AVAIL;
}

static volatile uint16_t *used(void)
{
	return (volatile uint16_t *)USED;
}

static uint32_t used_len(unsigned int i)
{
	return ((volatile uint32_t *)(USED + 4))[2 * i + 1];
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	desc(i)->addr = addr;
	desc(i)->len = len;
	desc(i)->flags = flags;
	desc(i)->next = next;
}

static void post(uint16_t head)
{
	uint16_t idx = avail()[1];

	avail()[2 + idx % QSIZE] = head;
	__asm__ volatile("dmb ish" ::: "memory");
	avail()[1] = idx + 1;
	__asm__ volatile("dmb ish" ::: "memory");
}

/* Waits up to 5 s for the used index to reach `want`. */
static bool wait_used(uint16_t want)
{
	uint64_t freq = read_sysreg(cntfrq_el0), start = read_sysreg(cntvct_el0);

	while (used()[1] != want)
		if (read_sysreg(cntvct_el0) - start > 5 * freq)
			return false;
	return true;
}

static void nonsense(void)
{
	/* Every register, garbage, then every width the bus has. */
	for (uint32_t off = 0; off < 0x100; off += 4)
		wr(off, 0xdeadbeef ^ off);
	for (uint32_t off = 0; off < 0x110; off += 1)
		wr8(off, 0xa5);
	for (uint32_t off = 0; off < 0x110; off += 2)
		(void)rd16(off);
	for (uint32_t off = 0; off < 0x110; off += 8)
		wr64(off, 0x0123456789abcdefULL);
	guest_check("vhostile-alive-after-nonsense", rd(0x00) == 0x74726976 && rd(0x08) == 2,
		    "magic %x, device %x after nonsense writes", (uint64_t)rd(0x00),
		    (uint64_t)rd(0x08));

	/* Rings outside its RAM (the hypervisor's image): the queue stays off. */
	wr(0x70, 0);
	wr(0x30, 0);
	wr(0x38, QSIZE);
	wr(0x80, 0x40400000);
	wr(0x84, 0);
	wr(0x90, AVAIL);
	wr(0xa0, USED);
	wr(0x44, 1);
	guest_check("vhostile-ring-outside-refused", rd(0x44) == 0 && (rd(0x70) & 0x40),
		    "QueueReady %x, Status %x with the descriptor table at 0x40400000",
		    (uint64_t)rd(0x44), (uint64_t)rd(0x70));
}

static void setup_queue(void)
{
	for (uint64_t *p = (uint64_t *)RING; p < (uint64_t *)(RING + 0x3000); p++)
		*p = 0;
	wr(0x70, 0);
	wr(0x70, 1 | 2);
	wr(0x24, 1);
	wr(0x20, 1); /* VIRTIO_F_VERSION_1 */
	wr(0x24, 0);
	wr(0x20, 0);
	wr(0x70, 1 | 2 | 8);
	wr(0x30, 0);
	wr(0x38, QSIZE);
	wr(0x80, DESC);
	wr(0x84, 0);
	wr(0x90, AVAIL);
	wr(0x94, 0);
	wr(0xa0, USED);
	wr(0xa4, 0);
	wr(0x44, 1);
	wr(0x70, 1 | 2 | 4 | 8);
	guest_check("vhostile-queue-ready", rd(0x44) == 1 && rd(0x70) == 15,
		    "QueueReady %x, Status %x", (uint64_t)rd(0x44), (uint64_t)rd(0x70));
}

/* A request: header at BUF, data at BUF + 0x100, status byte at BUF + 0x80. */
static void request(unsigned int first, uint32_t type, uint64_t sector, uint32_t len)
{
	volatile uint32_t *h = (volatile uint32_t *)BUF;

	h[0] = type;
	h[1] = 0;
	*(volatile uint64_t *)(BUF + 8) = sector;
	*(volatile uint8_t *)(BUF + 0x80) = 0xff;
	set_desc(first, BUF, 16, F_NEXT, first + 1);
	set_desc(first + 1, BUF + 0x100, len, F_NEXT | F_WRITE, first + 2);
	set_desc(first + 2, BUF + 0x80, 1, F_WRITE, 0);
}

static void bad_descriptors(void)
{
	uint16_t before = used()[1];
	bool all_empty = true;

	/* 0: the header in the hypervisor's image. */
	set_desc(0, 0x40400000, 16, 0, 0);
	/* 1: a read into the root's RAM. */
	set_desc(1, BUF, 16, F_NEXT, 2);
	set_desc(2, 0x90000000, 512, F_NEXT | F_WRITE, 3);
	set_desc(3, BUF + 0x80, 1, F_WRITE, 0);
	/* 4: a buffer running past the end of its RAM. */
	set_desc(4, ZONE_END - 0x100, 0x1000, F_WRITE, 0);
	/* 5: a chain that loops. */
	set_desc(5, BUF, 16, F_NEXT, 5);
	post(0);
	post(1);
	post(4);
	post(5);
	wr(0x50, 0);
	guest_check("vhostile-bad-chains-answered", wait_used(before + 4),
		    "used index %u, expected %u within 5 s", (uint64_t)used()[1],
		    (uint64_t)(before + 4));
	for (unsigned int i = before; i < (uint16_t)(before + 4); i++)
		all_empty &= used_len(i % QSIZE) == 0;
	guest_check("vhostile-bad-chains-empty", all_empty, "a refused chain came back with data");
	guest_check("vhostile-device-still-ok", !(rd(0x70) & 0x40), "Status %x: NEEDS_RESET",
		    (uint64_t)rd(0x70));
}

static void good_requests(void)
{
	uint16_t before = used()[1];
	volatile uint8_t *data = (volatile uint8_t *)(BUF + 0x100);
	volatile uint8_t *status = (volatile uint8_t *)(BUF + 0x80);
	const char *want = "hvc-z1-a003c00";
	bool id_ok = true;

	request(0, 8 /* GET_ID */, 0, 20);
	post(0);
	wr(0x50, 0);
	guest_check("vhostile-get-id-served", wait_used(before + 1) && *status == 0,
		    "GET_ID: used %u, status %x", (uint64_t)used()[1], (uint64_t)*status);
	for (unsigned int i = 0; want[i]; i++)
		id_ok &= data[i] == (uint8_t)want[i];
	guest_check("vhostile-get-id", id_ok, "the disk's ID is not %s", want);

	/* Sector 2 holds the ext4 superblock: its magic 0xef53 at byte 56. */
	request(0, 0 /* IN */, 2, 512);
	post(0);
	wr(0x50, 0);
	guest_check("vhostile-read-served", wait_used(before + 2) && *status == 0,
		    "read: used %u, status %x", (uint64_t)used()[1], (uint64_t)*status);
	guest_check("vhostile-read-ext4-magic", data[56] == 0x53 && data[57] == 0xef,
		    "sector 2 bytes 56-57: %x %x", (uint64_t)data[56], (uint64_t)data[57]);
	/* A read beyond the disk: an I/O error, not a crash. */
	request(0, 0, 1ULL << 40, 512);
	post(0);
	wr(0x50, 0);
	guest_check("vhostile-read-beyond-ioerr", wait_used(before + 3) && *status == 1,
		    "read beyond the disk: used %u, status %x", (uint64_t)used()[1],
		    (uint64_t)*status);
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	(void)dtb;
	guest_report_to(REPORT, REPORT_SIZE);
	guest_mmu_on();
	guest_check("vhostile-magic", rd(0x00) == 0x74726976 && rd(0x04) == 2 && rd(0x08) == 2,
		    "magic %x version %x device %x", (uint64_t)rd(0x00), (uint64_t)rd(0x04),
		    (uint64_t)rd(0x08));
	nonsense();
	setup_queue();
	bad_descriptors();
	good_requests();
	guest_printf("VHOSTILE: done\n");
	for (;;)
		__asm__ volatile("wfi");
}
