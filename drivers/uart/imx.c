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
#define IMX_UFCR_RFDIV_2 (4u << 7) /* reference clock = module clock / 2 */
#define IMX_UTS_TXFULL	 (1u << 4)
#define IMX_UBMR_MAX	 0xffffu
/* With UBIR + 1 = 16, baud = reference clock / (UBMR + 1). */
#define IMX_UBIR_SIXTEENTH 15u

static paddr_t base;

/*
 * 8N1 at the board's baud rate: reference clock = clock_hz / 2, so
 * baud = (clock_hz / 2) / (16 * (UBMR + 1) / (UBIR + 1)). The FIFO trigger levels in
 * UFCR are kept. The reference manual wants UBIR written before UBMR: writing UBMR is
 * what loads the new ratio.
 */
static void imx_set_baud(u32 clock_hz, u32 baud)
{
	u32 ref = clock_hz / 2;
	u32 ubmr = (ref + baud / 2) / baud;

	if (ubmr == 0 || ubmr - 1 > IMX_UBMR_MAX)
		return; /* no ratio fits: keep the boot loader's setting */
	io_write32(base + IMX_UFCR,
		   (io_read32(base + IMX_UFCR) & ~IMX_UFCR_RFDIV) | IMX_UFCR_RFDIV_2);
	io_write32(base + IMX_UBIR, IMX_UBIR_SIXTEENTH);
	io_write32(base + IMX_UBMR, ubmr - 1);
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
