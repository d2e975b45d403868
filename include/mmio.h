/* SPDX-License-Identifier: GPL-2.0 */
/* Device register access for drivers: the compiler must not merge, split or reorder these. */
#ifndef HVC_MMIO_H
#define HVC_MMIO_H

#include "types.h"

static inline u32 mmio_read32(paddr_t a)
{
	return *(volatile u32 *)(uintptr_t)a;
}

static inline void mmio_write32(paddr_t a, u32 v)
{
	*(volatile u32 *)(uintptr_t)a = v;
}

static inline u8 mmio_read8(paddr_t a)
{
	return *(volatile u8 *)(uintptr_t)a;
}

static inline void mmio_write8(paddr_t a, u8 v)
{
	*(volatile u8 *)(uintptr_t)a = v;
}

static inline u64 mmio_read64(paddr_t a)
{
	return *(volatile u64 *)(uintptr_t)a;
}

static inline void mmio_write64(paddr_t a, u64 v)
{
	*(volatile u64 *)(uintptr_t)a = v;
}

#endif
