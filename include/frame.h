/* SPDX-License-Identifier: GPL-2.0 */
/* 4 KiB frame allocator over the hypervisor's pool (page tables for zones). */
#ifndef HVC_FRAME_H
#define HVC_FRAME_H

#include "types.h"
#include "spinlock.h"

#define FRAME_POOL_MAX_FRAMES 8192 /* 32 MiB at most */

struct frame_pool {
	u8 *base;
	size_t nr_frames;
	size_t used;
	size_t hint; /* where the next search starts */
	spinlock_t lock;
	u64 bitmap[FRAME_POOL_MAX_FRAMES / 64];
};

/* base must be 4 KiB aligned; frames beyond FRAME_POOL_MAX_FRAMES are not used. */
void frame_pool_init(struct frame_pool *p, void *base, size_t size);
/* A zeroed frame, or NULL when the pool is exhausted. */
void *frame_alloc(struct frame_pool *p);
void frame_free(struct frame_pool *p, void *frame);

/* The hypervisor's pool, between __pool_start and __pool_end. */
extern struct frame_pool hv_frames;
void *hv_frame_alloc(void *unused);

#endif
