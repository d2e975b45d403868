/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor console: the board's UART, shared by all CPUs. */
#ifndef HVC_CONSOLE_H
#define HVC_CONSOLE_H

#include "types.h"

struct board_uart;

/* UART driver interface: one driver is linked in, chosen by UART_DRIVER in platform.mk. */
void uart_init(const struct board_uart *u);
void uart_putc(char c);

void console_init(const struct board_uart *u);
/* Write len bytes as one unit (lines from different CPUs never interleave). */
void console_write(const char *s, size_t len);
/* Called once other CPUs may print: from then on writes are serialized. */
void console_enable_lock(void);

#endif
