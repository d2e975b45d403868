/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/hvisor: the ioctls between the root Linux's tools (tools/cli) and its driver
 * (tools/driver/hvisor.ko). One header for both sides, kernel and user space, so a
 * number or a layout can never differ between them.
 *
 * Numbers 0-8 and their argument layouts are hvisor-tool's (commit b17d9dd, magic 1),
 * so hvisor's CLI runs on our driver and ours on hvisor's where both have the ioctl.
 * hvisor-tool uses or reserves 0-11 and 32-34 (later revisions); ours start at 64.
 * The values are pinned below for the asm-generic ioctl encoding (arm64 and x86-64).
 */
#ifndef HVISOR_IOCTL_H
#define HVISOR_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HVISOR_IOCTL_MAGIC 1

/* ZONE_LIST argument: the caller's array of `cnt` struct zone_info (zone_config.h). */
struct hvisor_zone_list_args {
	__u64 cnt;
	__u64 zones; /* user pointer (hvisor-tool: zone_info_t *, 8 bytes on arm64) */
};

/* LOAD_IMAGE argument: copy [user_buffer, +size) to physical [load_paddr, +size). */
struct hvisor_load_image_args {
	__u64 user_buffer;
	__u64 size;
	__u64 load_paddr;
};

/*
 * ZONE_LOAD_IMAGE (ours): LOAD_IMAGE checked against the zone's own config: the target
 * range must lie inside one RAM region of the struct zone_config at `config` (a user
 * pointer), and outside the root Linux's own RAM.
 */
struct hvisor_zone_load_args {
	__u64 config;
	__u64 user_buffer;
	__u64 size;
	__u64 load_paddr;
};

/* hvisor-tool's ioctls (b17d9dd include/hvisor.h). */
#define HVISOR_INIT_VIRTIO _IO(HVISOR_IOCTL_MAGIC, 0)
#define HVISOR_GET_TASK	   _IO(HVISOR_IOCTL_MAGIC, 1) /* defined, never handled */
#define HVISOR_FINISH_REQ  _IO(HVISOR_IOCTL_MAGIC, 2)
/* The size field encodes a pointer (zone_config_t *): the argument is the config's address. */
#define HVISOR_ZONE_START _IOW(HVISOR_IOCTL_MAGIC, 3, __u64)
/* The argument is the zone id itself, not a pointer. */
#define HVISOR_ZONE_SHUTDOWN _IOW(HVISOR_IOCTL_MAGIC, 4, __u64)
#define HVISOR_ZONE_LIST     _IOR(HVISOR_IOCTL_MAGIC, 5, __u64)
#define HVISOR_CONFIG_CHECK  _IOR(HVISOR_IOCTL_MAGIC, 6, __u64)
#define HVISOR_SET_EVENTFD   _IOW(HVISOR_IOCTL_MAGIC, 7, int)
#define HVISOR_LOAD_IMAGE    _IOW(HVISOR_IOCTL_MAGIC, 8, struct hvisor_load_image_args)

/* ZONE_STATS (ours) argument: zone id, and where the struct zone_stats goes. */
struct hvisor_zone_stats_args {
	__u64 zone_id;
	__u64 stats; /* user pointer to a struct zone_stats (zone_config.h) */
};

/* Ours. */
#define HVISOR_ZONE_LOAD_IMAGE _IOW(HVISOR_IOCTL_MAGIC, 64, struct hvisor_zone_load_args)
#define HVISOR_ZONE_STATS      _IOW(HVISOR_IOCTL_MAGIC, 65, struct hvisor_zone_stats_args)

/* The largest ZONE_LIST answer the driver asks the hypervisor for (hvisor-tool: 32). */
#define HVISOR_ZONE_LIST_MAX 64

/* ivc.ko, /dev/hivc<id>: the ids of the caller zone's channels. */
struct hvisor_ivc_user_info {
	int len;
	int ivc_ids[2];
};
#define HVISOR_IVC_USER_INFO _IOR('I', 0, __u64)

_Static_assert(HVISOR_INIT_VIRTIO == 0x100, "ioctl INIT_VIRTIO");
_Static_assert(HVISOR_FINISH_REQ == 0x102, "ioctl FINISH_REQ");
_Static_assert(HVISOR_ZONE_START == 0x40080103, "ioctl ZONE_START");
_Static_assert(HVISOR_ZONE_SHUTDOWN == 0x40080104, "ioctl ZONE_SHUTDOWN");
_Static_assert(HVISOR_ZONE_LIST == 0x80080105, "ioctl ZONE_LIST");
_Static_assert(HVISOR_CONFIG_CHECK == 0x80080106, "ioctl CONFIG_CHECK");
_Static_assert(HVISOR_SET_EVENTFD == 0x40040107, "ioctl SET_EVENTFD");
_Static_assert(HVISOR_LOAD_IMAGE == 0x40180108, "ioctl LOAD_IMAGE");
_Static_assert(HVISOR_ZONE_LOAD_IMAGE == 0x40200140, "ioctl ZONE_LOAD_IMAGE");
_Static_assert(HVISOR_ZONE_STATS == 0x40100141, "ioctl ZONE_STATS");
_Static_assert(HVISOR_IVC_USER_INFO == 0x80084900, "ioctl IVC_USER_INFO");
_Static_assert(sizeof(struct hvisor_zone_list_args) == 16, "ZONE_LIST argument");
_Static_assert(sizeof(struct hvisor_load_image_args) == 24, "LOAD_IMAGE argument");
_Static_assert(sizeof(struct hvisor_zone_stats_args) == 16, "ZONE_STATS argument");

#endif
