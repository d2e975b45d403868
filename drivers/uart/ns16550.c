// SPDX-License-Identifier: GPL-2.0
/*
 * 8250/16550 UARTs (DesignWare APB and others), transmit only. Register stride and access
 * width come from the board (reg_shift, reg_width), as the DT's reg-shift/reg-io-width say.
 */
#include "board.h"
#include "console.h"
#include "io.h"

#define UART_THR	0
#define UART_DLL	0
#define UART_IER	1
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	(1u << 5)
#define UART_LCR_DLAB	(1u << 7)
#define UART_LCR_8N1	0x03
#define UART_FCR_ENABLE 0x07

static struct board_uart uart;

static u32 reg_read(unsigned int reg)
{
	paddr_t a = uart.base + ((paddr_t)reg << uart.reg_shift);

	return uart.reg_width == 4 ? io_read32(a) : io_read8(a);
}

static void reg_write(unsigned int reg, u32 v)
{
	paddr_t a = uart.base + ((paddr_t)reg << uart.reg_shift);

	if (uart.reg_width == 4)
		io_write32(a, v);
	else
		io_write8(a, (u8)v);
}

void uart_init(const struct board_uart *u)
{
	uart = *u;
	if (u->baud && u->clock_hz) {
		u32 div = (u->clock_hz + 8 * u->baud) / (16 * u->baud);

		reg_write(UART_LCR, UART_LCR_DLAB);
		reg_write(UART_DLL, div & 0xff);
		reg_write(UART_DLM, (div >> 8) & 0xff);
		reg_write(UART_LCR, UART_LCR_8N1);
		reg_write(UART_FCR, UART_FCR_ENABLE);
	}
}

void uart_putc(char c)
{
	while (!(reg_read(UART_LSR) & UART_LSR_THRE))
		;
	reg_write(UART_THR, (u8)c);
}
