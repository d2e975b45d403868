// SPDX-License-Identifier: GPL-2.0
/* Bitmap frame allocator (see frame.h). */
#include "frame.h"
#include "util.h"
#include "string.h"

void frame_pool_init(struct frame_pool *p, void *base, size_t size)
{
	memset(p->bitmap, 0, sizeof(p->bitmap));
	p->base = base;
	p->nr_frames = MIN(size / PAGE_SIZE, (size_t)FRAME_POOL_MAX_FRAMES);
	p->used = 0;
	p->hint = 0;
	p->lock = (spinlock_t)SPINLOCK_INIT;
}

void *frame_alloc(struct frame_pool *p)
{
	void *f = NULL;

	spin_lock(&p->lock);
	for (size_t n = 0; n < p->nr_frames; n++) {
		size_t i = (p->hint + n) % p->nr_frames;

		if (!(p->bitmap[i / 64] & BIT(i % 64))) {
			p->bitmap[i / 64] |= BIT(i % 64);
			p->used++;
			p->hint = i + 1;
			f = p->base + i * PAGE_SIZE;
			break;
		}
	}
	spin_unlock(&p->lock);
	if (f)
		memset(f, 0, PAGE_SIZE);
	return f;
}

void frame_free(struct frame_pool *p, void *frame)
{
	size_t i = (size_t)((u8 *)frame - p->base) / PAGE_SIZE;

	if ((u8 *)frame < p->base || i >= p->nr_frames)
		return;
	spin_lock(&p->lock);
	if (p->bitmap[i / 64] & BIT(i % 64)) {
		p->bitmap[i / 64] &= ~BIT(i % 64);
		p->used--;
	}
	spin_unlock(&p->lock);
}

struct frame_pool hv_frames;

void *hv_frame_alloc(void *unused)
{
	(void)unused;
	return frame_alloc(&hv_frames);
}
