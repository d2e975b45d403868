// SPDX-License-Identifier: GPL-2.0
/* Console: serializes whole writes from all CPUs onto the UART, "\n" sent as "\r\n". */
#include "console.h"
#include "spinlock.h"

static spinlock_t console_lock = SPINLOCK_INIT;
/* Exclusives need the MMU on: the lock is used only once other CPUs can print. */
static bool console_locking;

void console_init(const struct board_uart *u)
{
	uart_init(u);
}

void console_enable_lock(void)
{
	console_locking = true;
}

void console_write(const char *s, size_t len)
{
	bool locking = console_locking;

	if (locking)
		spin_lock(&console_lock);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
	if (locking)
		spin_unlock(&console_lock);
}
