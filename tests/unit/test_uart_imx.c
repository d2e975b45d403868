// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for drivers/uart/imx.c against a fake i.MX UART (fake_io.h): what init writes
 * with and without a baud rate from the board, that characters wait while UTS says the
 * FIFO is full, and that console lines reach UTXD as "\r\n".
 */
// sources: core/console.c
#define UNIT_FAKE_IO
#include "fake_io.h"
#include "board.h"
/* Compiled here, not linked, so that its register accesses reach fake_io.h. */
#include "../../drivers/uart/imx.c"

#define RRDYEN	     (1u << 9) /* UCR1: an enable the boot loader set, to be kept */
#define UCR2_LEFT    (IMX_UCR2_SRST | IMX_UCR2_RXEN | IMX_UCR2_WS | IMX_UCR2_IRTS)
#define UFCR_TXTL_2  (2u << 10)
#define UFCR_RXTL_1  1u
#define UFCR_RFDIV_2 (4u << 7) /* divide by 2, as a boot loader may have set it */
#define CLOCK_80MHZ  80000000u
#define BAUD_115200  115200u
#define UART_BOARD(b)                                                                              \
	{                                                                                          \
		.base = FAKE_BASE, .reg_shift = 2, .reg_width = 4, .clock_hz = CLOCK_80MHZ,        \
		.baud = (b)                                                                        \
	}

static void test_init_keeps_boot_loader_setup(void **state)
{
	const struct board_uart u = UART_BOARD(0);
	u32 order[8];

	(void)state;
	fake_reset();
	fake_dev.regs[IMX_UCR1 / 4] = RRDYEN; /* UART off, as a boot loader may leave it */
	fake_dev.regs[IMX_UCR2 / 4] = UCR2_LEFT;
	uart_init(&u);
	assert_int_equal(fake_dev.regs[IMX_UCR1 / 4], RRDYEN | IMX_UCR1_UARTEN);
	assert_int_equal(fake_dev.regs[IMX_UCR2 / 4], UCR2_LEFT | IMX_UCR2_TXEN);
	/* No baud rate in the board: only the two enables are written, UCR1 first. */
	assert_int_equal(fake_write_order(order, 8), 2);
	assert_int_equal(order[0], IMX_UCR1);
	assert_int_equal(order[1], IMX_UCR2);
}

static void check_baud(u32 clock_hz, u32 want)
{
	const struct board_uart u = { .base = FAKE_BASE, .clock_hz = clock_hz, .baud = want };
	u32 order[8], ubir, ubmr;
	u64 baud;

	fake_reset();
	fake_dev.regs[IMX_UFCR / 4] = UFCR_TXTL_2 | UFCR_RFDIV_2 | UFCR_RXTL_1;
	uart_init(&u);
	ubir = fake_dev.regs[IMX_UBIR / 4];
	ubmr = fake_dev.regs[IMX_UBMR / 4];
	/* The reference clock undivided; the FIFO levels stay. */
	assert_int_equal(fake_dev.regs[IMX_UFCR / 4], UFCR_TXTL_2 | IMX_UFCR_RFDIV_1 | UFCR_RXTL_1);
	/* 16-bit fields, UBIR <= UBMR, baud = clock / (16 * (UBMR + 1) / (UBIR + 1)). */
	assert_in_range(ubmr, 0, 0xffff);
	assert_in_range(ubir, 0, ubmr);
	baud = (u64)clock_hz * (ubir + 1) / (16ull * (ubmr + 1));
	assert_in_range(baud, want - want / 200, want + want / 200);
	/* UBIR before UBMR (writing UBMR loads the ratio), then 8N1 with both paths on. */
	assert_int_equal(fake_write_order(order, 8), 6);
	assert_int_equal(order[0], IMX_UFCR);
	assert_int_equal(order[1], IMX_UBIR);
	assert_int_equal(order[2], IMX_UBMR);
	assert_int_equal(order[3], IMX_UCR2);
	assert_int_equal(fake_dev.regs[IMX_UCR2 / 4], UCR2_LEFT | IMX_UCR2_TXEN);
	assert_int_equal(fake_dev.regs[IMX_UCR1 / 4], IMX_UCR1_UARTEN);
}

static void test_init_sets_baud(void **state)
{
	(void)state;
	check_baud(CLOCK_80MHZ, BAUD_115200);
	check_baud(24000000, BAUD_115200); /* the 24 MHz oscillator as the UART clock */
	check_baud(24000000, 1500000);	   /* exactly clock / 16 */
	check_baud(CLOCK_80MHZ, 4000000);
	check_baud(CLOCK_80MHZ, 300);
}

static void test_baud_out_of_range_keeps_divisors(void **state)
{
	/* Below 16 clocks a bit the receiver cannot sample: the divisors are left alone, the
	 * UART is still turned on. */
	const struct board_uart u = { .base = FAKE_BASE,
				      .clock_hz = 16 * BAUD_115200 - 1,
				      .baud = BAUD_115200 };
	u32 v[4];

	(void)state;
	fake_reset();
	uart_init(&u);
	assert_int_equal(fake_writes(IMX_UBMR, v, 4), 0);
	assert_int_equal(fake_writes(IMX_UFCR, v, 4), 0);
	assert_int_equal(fake_dev.regs[IMX_UCR1 / 4], IMX_UCR1_UARTEN);
}

static void test_console_waits_for_room(void **state)
{
	const struct board_uart u = UART_BOARD(0);

	(void)state;
	fake_reset();
	console_init(&u);
	fake_check_console(IMX_UTXD, IMX_UTS, IMX_UTS_TXFULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_init_keeps_boot_loader_setup),
		UNIT_CASE(test_init_sets_baud),
		UNIT_CASE(test_baud_out_of_range_keeps_divisors),
		UNIT_CASE(test_console_waits_for_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
