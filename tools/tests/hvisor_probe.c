// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor-probe: sends the hypervisor zone configs the CLI would never send, straight
 * through /dev/hvisor, so the system tests (tests/system/test_zones_linux.py) can check
 * each refusal of the hypervisor: its errno and its log line; and drives a Linux zone's
 * side of an inter-VM channel through ivc.ko (in the root's and in zone1's initramfs).
 * Test program, not a user tool.
 *
 *   hvisor-probe start <case>     a zone1-like config with one thing broken
 *   hvisor-probe shutdown <id>    ZONE_SHUTDOWN with any id
 *   hvisor-probe cases            the case names
 *   hvisor-probe virtio           the virtio daemon's handshake: INIT_VIRTIO, the bridge
 *                                 page through mmap(), SET_EVENTFD, INIT_VIRTIO again
 *   hvisor-probe ivc <device>     what ivc.ko's /dev/hivc<id> shows: its ioctl, and the
 *                                 channel's control table read through mmap()
 *   hvisor-probe ivc-send <device> <text>
 *                                 writes text into this peer's slot of the shared section
 *                                 and into its own output section, then rings every other
 *                                 peer's doorbell
 *   hvisor-probe ivc-wait <device> <seconds>
 *                                 forgets doorbells rung before, says "waiting", blocks in
 *                                 poll() until a doorbell rings, then prints what every
 *                                 other peer wrote (exit 1 when none rang in time)
 *   hvisor-probe peek <pa>        the NUL-terminated text at physical address pa in a
 *                                 zone's RAM (64 KiB at most), read through mmap() as the
 *                                 virtio daemon maps it: a test guest's report
 *
 * start and shutdown print one line "probe: <what>: <errno name>" (or "OK") and exit 0
 * whenever the ioctl was made: the caller compares the result.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hvisor/ioctl.h"
#include "hvisor/virtio_bridge.h"
#include "hvisor/zone_config.h"

/* A config the hypervisor would accept on qemu-gicv3 (configs/zone1-linux.json). */
static void base_config(struct zone_config *c)
{
	memset(c, 0, sizeof(*c));
	c->zone_id = 1;
	c->cpus = (1 << 2) | (1 << 3);
	c->num_memory_regions = 2;
	c->memory_regions[0] = (struct memory_region){ .mem_type = MEM_TYPE_RAM,
						       .physical_start = 0x50000000,
						       .virtual_start = 0x50000000,
						       .size = 0x30000000 };
	/* QEMU's virtio-mmio slot 29, zone1's console */
	c->memory_regions[1] = (struct memory_region){ .mem_type = MEM_TYPE_IO,
						       .physical_start = 0x0a003a00,
						       .virtual_start = 0x0a003a00,
						       .size = 0x200 };
	c->interrupts_bitmap[77 / 32] = 1U << (77 % 32);
	c->entry_point = 0x50400000;
	c->kernel_load_paddr = 0x50400000;
	c->dtb_load_paddr = 0x50000000;
	strcpy(c->name, "probe");
	c->arch_config.gic_version = GIC_CONFIG_V3;
	c->arch_config.gicv3.gicd_base = 0x08000000;
	c->arch_config.gicv3.gicd_size = 0x10000;
	c->arch_config.gicv3.gicr_base = 0x080a0000;
	c->arch_config.gicv3.gicr_size = 0xf60000;
#if HVISOR_ABI >= 6
	c->arch_config.uefi.uefi_tag = UEFI_CONFIG_NONE;
#endif
}

struct probe_case {
	const char *name;
	void (*breakit)(struct zone_config *c);
};

static void root_cpu(struct zone_config *c)
{
	c->cpus |= 1; /* CPU 0 runs the root zone */
}
static void no_cpu(struct zone_config *c)
{
	c->cpus = 0;
}
static void absent_cpu(struct zone_config *c)
{
	c->cpus = 1ULL << 9; /* the board has 4 */
}
static void root_id(struct zone_config *c)
{
	c->zone_id = 0;
}
static void ram_hypervisor(struct zone_config *c)
{
	c->memory_regions[0].physical_start = 0x40000000; /* the hypervisor's own RAM */
	c->memory_regions[0].virtual_start = 0x40000000;
	c->memory_regions[0].size = 0x10000000;
	c->entry_point = c->kernel_load_paddr = 0x40400000;
	c->dtb_load_paddr = 0x40000000;
}
static void ram_root(struct zone_config *c)
{
	c->memory_regions[0].physical_start = 0xa0000000; /* the root zone's RAM */
	c->memory_regions[0].virtual_start = 0x50000000;
	c->memory_regions[0].size = 0x10000000;
	c->dtb_load_paddr = 0xa0000000;
}
static void too_many_regions(struct zone_config *c)
{
	c->num_memory_regions = CONFIG_MAX_MEMORY_REGIONS + 1;
}
static void bad_type(struct zone_config *c)
{
	c->memory_regions[0].mem_type = 7;
}
static void entry_outside(struct zone_config *c)
{
	c->entry_point = 0x10000000;
}
static void dtb_outside(struct zone_config *c)
{
	c->dtb_load_paddr = 0x10000000;
}
static void gic_v2(struct zone_config *c)
{
	c->arch_config.gic_version = GIC_CONFIG_V2; /* the board's GIC is a GICv3 */
}

static void second_zone(struct zone_config *c)
{
	c->zone_id = 2; /* zone1's CPUs and RAM, while zone1 runs */
}

static void unaligned(struct zone_config *c)
{
	c->memory_regions[0].physical_start = 0x50000800;
	c->memory_regions[0].virtual_start = 0x50000800;
	c->memory_regions[0].size = 0x1000000;
	c->dtb_load_paddr = 0x50001000;
}
static void reserved_intid(struct zone_config *c)
{
	c->interrupts_bitmap[1020 / 32] |= 1U << (1020 % 32);
}
static void ppi(struct zone_config *c)
{
	c->interrupts_bitmap[0] |= 1U << 27; /* the virtual timer's PPI */
}
static void root_irq(struct zone_config *c)
{
	c->interrupts_bitmap[1] |= 1U << (33 - 32); /* the root's PL011, enabled by its Linux */
}

static const struct probe_case cases[] = {
	{ "unaligned", unaligned },
	{ "reserved-intid", reserved_intid },
	{ "ppi", ppi },
	{ "root-irq", root_irq },
	{ "second-zone", second_zone },
	{ "root-cpu", root_cpu },
	{ "no-cpu", no_cpu },
	{ "absent-cpu", absent_cpu },
	{ "root-id", root_id },
	{ "ram-hypervisor", ram_hypervisor },
	{ "ram-root", ram_root },
	{ "too-many-regions", too_many_regions },
	{ "bad-type", bad_type },
	{ "entry-outside", entry_outside },
	{ "dtb-outside", dtb_outside },
	{ "gic-v2", gic_v2 },
};

static int result(const char *what, int ret)
{
	const char *n = strerrorname_np(errno);

	if (ret < 0)
		printf("probe: %s: %s\n", what, n ? n : "unknown");
	else
		printf("probe: %s: OK %d\n", what, ret);
	return 0;
}

/* ivc.ko end to end: IVC_USER_INFO, then the trapped control table (hvisor's layout). */
static int probe_ivc(const char *dev)
{
	struct hvisor_ivc_user_info u = { 0 };
	volatile uint32_t *ct;
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0 || ioctl(fd, HVISOR_IVC_USER_INFO, &u) != 0) {
		perror(dev);
		return 2;
	}
	ct = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ct == MAP_FAILED) {
		perror("mmap control table");
		return 2;
	}
	printf("probe: ivc: channels %d, first id %d; control table: ivc_id %u max_peers %u "
	       "rw_sec_size %#x out_sec_size %#x peer_id %u\n",
	       u.len, u.ivc_ids[0], ct[0], ct[1], ct[2], ct[3], ct[4]);
	return 0;
}

/* A channel as a peer sees it: its control table and its shared memory, both mapped. */
struct ivc_view {
	int fd;
	volatile uint32_t *ct;
	char *shm;
	uint32_t peer, peers, rw_size, out_size;
};

/*
 * The shared (R/W) section is split into one slot per peer so that both sides can write
 * into it at once; each peer's output section follows it (writable by that peer only).
 */
static char *ivc_slot(const struct ivc_view *v, uint32_t peer)
{
	return v->shm + (size_t)peer * (v->rw_size / v->peers);
}

static char *ivc_out(const struct ivc_view *v, uint32_t peer)
{
	return v->shm + v->rw_size + (size_t)peer * v->out_size;
}

static int ivc_open(const char *dev, struct ivc_view *v)
{
	void *shm;

	v->fd = open(dev, O_RDWR | O_CLOEXEC);
	if (v->fd < 0) {
		perror(dev);
		return -1;
	}
	v->ct = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->ct == MAP_FAILED) {
		perror("mmap control table");
		return -1;
	}
	v->peers = v->ct[1];
	v->rw_size = v->ct[2];
	v->out_size = v->ct[3];
	v->peer = v->ct[4];
	if (!v->peers || v->peer >= v->peers) {
		fprintf(stderr, "%s: control table says peer %u of %u\n", dev, v->peer, v->peers);
		return -1;
	}
	shm = mmap(NULL, v->rw_size + (size_t)v->peers * v->out_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, v->fd, 4096);
	if (shm == MAP_FAILED) {
		perror("mmap shared memory");
		return -1;
	}
	v->shm = shm;
	return 0;
}

static int probe_ivc_send(const char *dev, const char *text)
{
	struct ivc_view v;
	size_t room;
	uint32_t p;

	if (ivc_open(dev, &v))
		return 2;
	room = v.rw_size / v.peers < v.out_size ? v.rw_size / v.peers : v.out_size;
	if (strlen(text) >= room) {
		fprintf(stderr, "hvisor-probe: text longer than the %zu bytes of a slot\n",
			room - 1);
		return 2;
	}
	strcpy(ivc_slot(&v, v.peer), text);
	strcpy(ivc_out(&v, v.peer), text);
	/* The peer reads the sections once its doorbell rings: the text goes out first. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (p = 0; p < v.peers; p++)
		if (p != v.peer)
			v.ct[5] = p; /* IPI_INVOKE */
	printf("probe: ivc-send: peer %u wrote '%s', rang the others\n", v.peer, text);
	return 0;
}

static int probe_ivc_wait(const char *dev, int seconds)
{
	struct ivc_view v;
	struct pollfd pfd;
	uint32_t p;
	int n;

	if (ivc_open(dev, &v))
		return 2;
	pfd = (struct pollfd){ .fd = v.fd, .events = POLLIN };
	poll(&pfd, 1, 0); /* ivc.ko counts doorbells until a poll() sees them: forget old ones */
	printf("probe: ivc-wait: peer %u waiting\n", v.peer);
	fflush(stdout);
	n = poll(&pfd, 1, seconds * 1000);
	if (n <= 0) {
		printf("probe: ivc-wait: no doorbell within %d s%s\n", seconds,
		       n < 0 ? " (poll failed)" : "");
		return 1;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (p = 0; p < v.peers; p++)
		if (p != v.peer)
			printf("probe: ivc-wait: doorbell; peer %u wrote '%.*s' in the shared "
			       "section, '%.*s' in its output section\n",
			       p, (int)(v.rw_size / v.peers), ivc_slot(&v, p), (int)v.out_size,
			       ivc_out(&v, p));
	return 0;
}

/* What hvisor-tool's virtio daemon does first, without serving any device. */
static int probe_virtio(int fd)
{
	volatile struct virtio_bridge *b;
	int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), again;

	if (ioctl(fd, HVISOR_INIT_VIRTIO) != 0) {
		printf("probe: virtio: INIT_VIRTIO %s\n", strerrorname_np(errno));
		return 0;
	}
	b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (b == MAP_FAILED || efd < 0 || ioctl(fd, HVISOR_SET_EVENTFD, efd) != 0) {
		perror("hvisor-probe: virtio bridge");
		return 2;
	}
	again = ioctl(fd, HVISOR_INIT_VIRTIO);
	printf("probe: virtio: bridge rings %u %u %u %u, need_wakeup %u; again %s\n", b->req_front,
	       b->req_rear, b->res_front, b->res_rear, b->need_wakeup,
	       again ? strerrorname_np(errno) : "OK");
	return 0;
}

static int probe_peek(int fd, const char *arg)
{
	unsigned long long pa = strtoull(arg, NULL, 0);
	const long size = 0x10000;
	char *p;

	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, (off_t)(pa & ~0xfffULL));
	if (p == MAP_FAILED) {
		printf("probe: peek: %s\n", strerrorname_np(errno));
		return 0;
	}
	p += pa & 0xfff;
	fwrite(p, 1, strnlen(p, (size_t)(size - (long)(pa & 0xfff))), stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static struct zone_config c;
	unsigned int i;
	int fd;

	if (argc == 2 && !strcmp(argv[1], "cases")) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "peek")) {
		fd = open("/dev/hvisor", O_RDWR | O_CLOEXEC);
		return fd < 0 ? 2 : probe_peek(fd, argv[2]);
	}
	if (argc == 3 && !strcmp(argv[1], "ivc"))
		return probe_ivc(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "ivc-send"))
		return probe_ivc_send(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "ivc-wait"))
		return probe_ivc_wait(argv[2], atoi(argv[3]));
	if (argc == 2 && !strcmp(argv[1], "virtio")) {
		fd = open("/dev/hvisor", O_RDWR | O_CLOEXEC);
		return fd < 0 ? 2 : probe_virtio(fd);
	}
	if (argc != 3 || (strcmp(argv[1], "start") && strcmp(argv[1], "shutdown"))) {
		fprintf(stderr, "usage: hvisor-probe start <case> | shutdown <id> | ivc <device> | "
				"ivc-send <device> <text> | ivc-wait <device> <seconds> | "
				"peek <pa> | cases\n");
		return 2;
	}
	fd = open("/dev/hvisor", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("hvisor-probe: /dev/hvisor");
		return 2;
	}
	if (!strcmp(argv[1], "shutdown")) {
		char what[40];

		snprintf(what, sizeof(what), "shutdown %s", argv[2]);
		return result(what, ioctl(fd, HVISOR_ZONE_SHUTDOWN, strtoul(argv[2], NULL, 0)));
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(argv[2], cases[i].name))
			break;
	if (i == sizeof(cases) / sizeof(cases[0])) {
		fprintf(stderr, "hvisor-probe: no case %s (hvisor-probe cases)\n", argv[2]);
		return 2;
	}
	base_config(&c);
	cases[i].breakit(&c);
	return result(argv[2], ioctl(fd, HVISOR_ZONE_START, &c));
}
