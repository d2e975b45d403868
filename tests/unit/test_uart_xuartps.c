// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for drivers/uart/xuartps.c against a fake Cadence UART (fake_io.h): what init
 * writes with and without a baud rate from the board, that characters wait while SR says
 * the FIFO is full, and that console lines reach the FIFO as "\r\n".
 */
// sources: core/console.c
#define UNIT_FAKE_IO
#include "fake_io.h"
#include "board.h"
/* Compiled here, not linked, so that its register accesses reach fake_io.h. */
#include "../../drivers/uart/xuartps.c"

#define CLOCK_100MHZ 100000000u /* the ZCU102's UART reference clock */

static void test_init_turns_transmitter_on(void **state)
{
	const struct board_uart u = { .base = FAKE_BASE };
	u32 cr[4];

	(void)state;
	fake_reset();
	/* The transmitter disabled, the receiver on: only TX changes. */
	fake_dev.regs[XUARTPS_CR / 4] = XUARTPS_CR_TX_DIS | XUARTPS_CR_RX_EN;
	uart_init(&u);
	assert_int_equal(fake_writes(XUARTPS_CR, cr, 4), 1);
	assert_int_equal(cr[0], XUARTPS_CR_TX_EN | XUARTPS_CR_RX_EN);
	assert_int_equal(fake_write_order(cr, 4), 1); /* no other register */
}

static void check_baud(u32 clock_hz, u32 want)
{
	const struct board_uart u = { .base = FAKE_BASE, .clock_hz = clock_hz, .baud = want };
	u32 order[8], cr[4], cd, bdiv, baud;

	fake_reset();
	uart_init(&u);
	cd = fake_dev.regs[XUARTPS_BAUDGEN / 4];
	bdiv = fake_dev.regs[XUARTPS_BAUDDIV / 4];
	assert_in_range(cd, 1, XUARTPS_CD_MAX);
	assert_in_range(bdiv, XUARTPS_BDIV_MIN, XUARTPS_BDIV_MAX);
	/* baud = clock / (CD * (BDIV + 1)), within 0.5 % of what the board asked. */
	baud = clock_hz / (cd * (bdiv + 1));
	assert_in_range(baud, want - want / 200, want + want / 200);
	assert_int_equal(fake_dev.regs[XUARTPS_MR / 4], XUARTPS_MR_8N1);
	/* Both paths off, mode, divisors, reset and enable, then the transmitter check. */
	assert_int_equal(fake_write_order(order, 8), 6);
	assert_int_equal(order[0], XUARTPS_CR);
	assert_int_equal(order[1], XUARTPS_MR);
	assert_int_equal(order[2], XUARTPS_BAUDGEN);
	assert_int_equal(order[3], XUARTPS_BAUDDIV);
	assert_int_equal(fake_writes(XUARTPS_CR, cr, 4), 3);
	assert_int_equal(cr[0], XUARTPS_CR_TX_DIS | XUARTPS_CR_RX_DIS);
	assert_int_equal(cr[1],
			 XUARTPS_CR_TXRST | XUARTPS_CR_RXRST | XUARTPS_CR_TX_EN | XUARTPS_CR_RX_EN);
	/* The fake keeps the reset bits (hardware clears them): init must not write them back. */
	assert_int_equal(cr[2], XUARTPS_CR_TX_EN | XUARTPS_CR_RX_EN);
}

static void test_init_sets_baud(void **state)
{
	(void)state;
	check_baud(CLOCK_100MHZ, 115200);
	check_baud(CLOCK_100MHZ, 9600);
	check_baud(33333333, 115200); /* Zynq-7000 boards */
}

static void test_baud_out_of_range_keeps_divisors(void **state)
{
	/* 100 Hz cannot make 115200 baud: the divisors are left alone, TX still on. */
	const struct board_uart u = { .base = FAKE_BASE, .clock_hz = 100, .baud = 115200 };
	u32 v[4];

	(void)state;
	fake_reset();
	uart_init(&u);
	assert_int_equal(fake_writes(XUARTPS_BAUDGEN, v, 4), 0);
	assert_int_equal(fake_writes(XUARTPS_BAUDDIV, v, 4), 0);
	assert_int_equal(fake_dev.regs[XUARTPS_CR / 4], XUARTPS_CR_TX_EN);
}

static void test_console_waits_for_room(void **state)
{
	const struct board_uart u = { .base = FAKE_BASE };

	(void)state;
	fake_reset();
	console_init(&u);
	fake_check_console(XUARTPS_FIFO, XUARTPS_SR, XUARTPS_SR_TXFULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_init_turns_transmitter_on),
		UNIT_CASE(test_init_sets_baud),
		UNIT_CASE(test_baud_out_of_range_keeps_divisors),
		UNIT_CASE(test_console_waits_for_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
