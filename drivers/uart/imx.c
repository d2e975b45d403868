// SPDX-License-Identifier: GPL-2.0
/*
 * NXP i.MX UART (i.MX6/7/8, e.g. UART2 of the i.MX8MP), transmit only. Registers are 32
 * bits wide at fixed offsets, so the board's reg_shift and reg_width are not used. The boot
 * loader normally leaves the line set up; the driver then only makes sure the UART and its
 * transmitter are on, since the root Linux may share the port later.
 */
#include "board.h"
#include "console.h"
#include "io.h"

#define IMX_UTXD	 0x40
#define IMX_UCR1	 0x80
#define IMX_UCR2	 0x84
#define IMX_UFCR	 0x90
#define IMX_UBIR	 0xa4
#define IMX_UBMR	 0xa8
#define IMX_UTS		 0xb4
#define IMX_UCR1_UARTEN	 (1u << 0)
#define IMX_UCR2_SRST	 (1u << 0) /* active low: 1 = not in reset */
#define IMX_UCR2_RXEN	 (1u << 1)
#define IMX_UCR2_TXEN	 (1u << 2)
#define IMX_UCR2_WS	 (1u << 5)  /* 8 data bits */
#define IMX_UCR2_IRTS	 (1u << 14) /* ignore RTS: no flow control */
#define IMX_UFCR_RFDIV	 (7u << 7)
#define IMX_UFCR_RFDIV_1 (5u << 7) /* reference clock = module clock */
#define IMX_UTS_TXFULL	 (1u << 4)
#define IMX_RATIO_MAX	 0x10000u /* UBIR + 1 and UBMR + 1 are 16-bit fields plus one */

static paddr_t base;

static u64 gcd64(u64 a, u64 b)
{
	while (b) {
		u64 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* v / 2^s, rounded to nearest. */
static u64 round_shift(u64 v, unsigned int s)
{
	return s ? (v + (1ull << (s - 1))) >> s : v;
}

/*
 * 8N1 at the board's baud rate. The reference manual's formula, with the reference clock
 * undivided (UFCR.RFDIV = 1): baud = clock_hz / (16 * (UBMR + 1) / (UBIR + 1)), so
 * (UBIR + 1) / (UBMR + 1) = 16 * baud / clock_hz, a fraction of at most 1 (the receiver
 * samples 16 times a bit) with 16-bit terms: reduced, then scaled down if still too large.
 * The FIFO trigger levels in UFCR are kept. UBIR is written before UBMR: writing UBMR is
 * what loads the new ratio.
 */
static void imx_set_baud(u32 clock_hz, u32 baud)
{
	u64 num = 16ull * baud, den = clock_hz, g = gcd64(num, den);
	unsigned int shift = 0;

	if (num > den)
		return; /* the clock is too slow for this rate: keep the boot loader's setting */
	num /= g;
	den /= g;
	while (round_shift(den, shift) > IMX_RATIO_MAX)
		shift++;
	num = round_shift(num, shift);
	den = round_shift(den, shift);
	if (num == 0)
		return;
	io_write32(base + IMX_UFCR,
		   (io_read32(base + IMX_UFCR) & ~IMX_UFCR_RFDIV) | IMX_UFCR_RFDIV_1);
	io_write32(base + IMX_UBIR, (u32)num - 1);
	io_write32(base + IMX_UBMR, (u32)den - 1);
	io_write32(base + IMX_UCR2,
		   IMX_UCR2_SRST | IMX_UCR2_RXEN | IMX_UCR2_TXEN | IMX_UCR2_WS | IMX_UCR2_IRTS);
}

void uart_init(const struct board_uart *u)
{
	base = u->base;
	if (u->baud && u->clock_hz)
		imx_set_baud(u->clock_hz, u->baud);
	/* Keep whatever else the boot loader set (receiver, flow control, DMA). */
	io_write32(base + IMX_UCR1, io_read32(base + IMX_UCR1) | IMX_UCR1_UARTEN);
	io_write32(base + IMX_UCR2, io_read32(base + IMX_UCR2) | IMX_UCR2_SRST | IMX_UCR2_TXEN);
}

void uart_putc(char c)
{
	/* The 32-byte FIFO takes characters until it is full: no need to wait for empty. */
	while (io_read32(base + IMX_UTS) & IMX_UTS_TXFULL)
		;
	io_write32(base + IMX_UTXD, (u8)c);
}
