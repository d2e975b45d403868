// SPDX-License-Identifier: GPL-2.0
/*
 * A fake 32-bit register device for the host unit tests of UART drivers. The test defines
 * UNIT_FAKE_IO, includes this, then #includes the driver's .c: io.h then declares the
 * accessors instead of dereferencing addresses, and this file implements them against
 * fake_dev. Every access is logged in order, so a test checks what the driver wrote, in
 * which order, and that it never wrote the data register while the device said "full".
 *
 * A status register can be made busy: fake_dev.busy_reads reads of busy_reg return its
 * value with busy_bits set, later reads without them (a FIFO that drains).
 */
#ifndef HVC_TESTS_FAKE_IO_H
#define HVC_TESTS_FAKE_IO_H

#include "unit.h"
#include "console.h"
#include "io.h"
#include "spinlock.h"

#define FAKE_BASE	0x30890000u
#define FAKE_NR_REGS	64 /* 0x00 .. 0xfc */
#define FAKE_MAX_ACCESS 4096

struct fake_access {
	bool write;
	u32 off;
	u32 val;
};

struct fake_dev {
	u32 regs[FAKE_NR_REGS];
	struct fake_access log[FAKE_MAX_ACCESS];
	unsigned int n;
	u32 busy_reg;
	u32 busy_bits;
	unsigned int busy_reads;
};

static struct fake_dev fake_dev;

static inline void fake_reset(void)
{
	memset(&fake_dev, 0, sizeof(fake_dev));
}

static inline u32 fake_off(paddr_t a)
{
	u32 off = (u32)(a - FAKE_BASE);

	/* An access outside the device, or not 32-bit aligned, is a driver bug. */
	assert_true(a >= FAKE_BASE);
	assert_true(off < FAKE_NR_REGS * 4);
	assert_int_equal(off % 4, 0);
	return off;
}

static inline void fake_log(bool write, u32 off, u32 val)
{
	assert_true(fake_dev.n < FAKE_MAX_ACCESS);
	fake_dev.log[fake_dev.n++] = (struct fake_access){ write, off, val };
}

u32 io_read32(paddr_t a)
{
	u32 off = fake_off(a), val = fake_dev.regs[off / 4];

	if (off == fake_dev.busy_reg && fake_dev.busy_reads) {
		fake_dev.busy_reads--;
		val |= fake_dev.busy_bits;
	}
	fake_log(false, off, val);
	return val;
}

void io_write32(paddr_t a, u32 v)
{
	u32 off = fake_off(a);

	fake_dev.regs[off / 4] = v;
	fake_log(true, off, v);
}

/* The values written to register off, in order; returns how many. */
static inline unsigned int fake_writes(u32 off, u32 *vals, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fake_dev.n; i++)
		if (fake_dev.log[i].write && fake_dev.log[i].off == off && n < max)
			vals[n++] = fake_dev.log[i].val;
	return n;
}

/* The offsets of the registers written, in order; returns how many. */
static inline unsigned int fake_write_order(u32 *offs, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fake_dev.n; i++)
		if (fake_dev.log[i].write && n < max)
			offs[n++] = fake_dev.log[i].off;
	return n;
}

/*
 * Each write to the data register came after a read of the status register that showed
 * room (full_bit clear), with no other write in between; returns the number of such
 * writes and the reads of the status register that saw it full.
 */
static inline unsigned int fake_check_tx(u32 data_off, u32 status_off, u32 full_bit,
					 unsigned int *full_reads)
{
	bool room = false;
	unsigned int writes = 0;

	*full_reads = 0;
	for (unsigned int i = 0; i < fake_dev.n; i++) {
		const struct fake_access *x = &fake_dev.log[i];

		if (!x->write && x->off == status_off) {
			room = !(x->val & full_bit);
			*full_reads += !room;
		} else if (x->write && x->off == data_off) {
			assert_true(room); /* written without seeing room in the FIFO */
			room = false;
			writes++;
		} else if (x->write) {
			room = false;
		}
	}
	return writes;
}

/*
 * What the console (core/console.c) sends through the driver's uart_putc: a line ends in
 * "\r\n" on the wire, every byte waits for room while the FIFO says full (the status
 * register reads full 3 times before every byte here), and nothing else is written.
 */
static inline void fake_check_console(u32 data_off, u32 status_off, u32 full_bit)
{
	static const char text[] = "hvisor-c\nok\n";
	static const char wire[] = "hvisor-c\r\nok\r\n";
	u32 sent[64];
	unsigned int full_reads;

	fake_dev.n = 0;
	fake_dev.busy_reg = status_off;
	fake_dev.busy_bits = full_bit;
	for (const char *c = text; *c; c++) {
		fake_dev.busy_reads = 3;
		console_write(c, 1);
	}
	assert_int_equal(fake_check_tx(data_off, status_off, full_bit, &full_reads),
			 sizeof(wire) - 1);
	assert_int_equal(full_reads, 3 * (sizeof(text) - 1));
	assert_int_equal(fake_writes(data_off, sent, 64), sizeof(wire) - 1);
	for (unsigned int i = 0; i < sizeof(wire) - 1; i++)
		assert_int_equal(sent[i], (u8)wire[i]);
	assert_int_equal(fake_write_order(sent, 64), sizeof(wire) - 1); /* data only */
}

/* The spin lock console.c takes once other CPUs print: one CPU here. */
void spin_lock(spinlock_t *l)
{
	(void)l;
}

void spin_unlock(spinlock_t *l)
{
	(void)l;
}

#endif
