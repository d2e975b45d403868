/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device register accessors for the hypervisor's own drivers (UART, GIC): the compiler
 * must not merge, split or reorder these. Guest accesses the hypervisor traps and emulates
 * are the other side, include/mmio.h.
 */
#ifndef HVC_IO_H
#define HVC_IO_H

#include "types.h"

#ifdef UNIT_FAKE_IO
/*
 * A driver's host unit test defines UNIT_FAKE_IO and these, then compiles the driver in
 * its own file: every register access reaches the test's fake device, in order.
 */
u8 io_read8(paddr_t a);
void io_write8(paddr_t a, u8 v);
u16 io_read16(paddr_t a);
void io_write16(paddr_t a, u16 v);
u32 io_read32(paddr_t a);
void io_write32(paddr_t a, u32 v);
u64 io_read64(paddr_t a);
void io_write64(paddr_t a, u64 v);
#else
static inline u32 io_read32(paddr_t a)
{
	return *(volatile u32 *)(uintptr_t)a;
}

static inline void io_write32(paddr_t a, u32 v)
{
	*(volatile u32 *)(uintptr_t)a = v;
}

static inline u8 io_read8(paddr_t a)
{
	return *(volatile u8 *)(uintptr_t)a;
}

static inline void io_write8(paddr_t a, u8 v)
{
	*(volatile u8 *)(uintptr_t)a = v;
}

static inline u16 io_read16(paddr_t a)
{
	return *(volatile u16 *)(uintptr_t)a;
}

static inline void io_write16(paddr_t a, u16 v)
{
	*(volatile u16 *)(uintptr_t)a = v;
}

static inline u64 io_read64(paddr_t a)
{
	return *(volatile u64 *)(uintptr_t)a;
}

static inline void io_write64(paddr_t a, u64 v)
{
	*(volatile u64 *)(uintptr_t)a = v;
}
#endif /* UNIT_FAKE_IO */

#endif
