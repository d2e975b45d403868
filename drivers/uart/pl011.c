// SPDX-License-Identifier: GPL-2.0
/* Arm PL011 UART, transmit only. The boot loader (or QEMU) has set the line up. */
#include "board.h"
#include "console.h"
#include "io.h"

#define PL011_DR	    0x00
#define PL011_FR	    0x18
#define PL011_IBRD	    0x24
#define PL011_FBRD	    0x28
#define PL011_LCRH	    0x2c
#define PL011_CR	    0x30
#define PL011_FR_TXFF	    (1u << 5)
#define PL011_CR_UARTEN	    (1u << 0)
#define PL011_CR_TXE	    (1u << 8)
#define PL011_CR_RXE	    (1u << 9)
#define PL011_LCRH_8N1_FIFO ((3u << 5) | (1u << 4))

static paddr_t base;

void uart_init(const struct board_uart *u)
{
	base = u->base;
	if (u->baud && u->clock_hz) {
		/* Divisor in 1/64 units: clock / (16 * baud), rounded. */
		u32 div = (u32)(((u64)u->clock_hz * 4 + u->baud / 2) / u->baud);

		io_write32(base + PL011_CR, 0);
		io_write32(base + PL011_IBRD, div >> 6);
		io_write32(base + PL011_FBRD, div & 0x3f);
		io_write32(base + PL011_LCRH, PL011_LCRH_8N1_FIFO);
	}
	io_write32(base + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void uart_putc(char c)
{
	while (io_read32(base + PL011_FR) & PL011_FR_TXFF)
		;
	io_write32(base + PL011_DR, (u8)c);
}
