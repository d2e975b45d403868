// SPDX-License-Identifier: GPL-2.0
/*
 * Cadence UART as in Xilinx Zynq and Zynq UltraScale+ (xuartps, e.g. UART0 of the ZCU102),
 * transmit only. Registers are 32 bits wide at fixed offsets, so the board's reg_shift and
 * reg_width are not used. The hypervisor takes no UART interrupt, so the interrupt enables
 * are left as the boot loader (later the root Linux) set them.
 */
#include "board.h"
#include "console.h"
#include "io.h"

#define XUARTPS_CR	  0x00
#define XUARTPS_MR	  0x04
#define XUARTPS_BAUDGEN	  0x18
#define XUARTPS_SR	  0x2c
#define XUARTPS_FIFO	  0x30
#define XUARTPS_BAUDDIV	  0x34
#define XUARTPS_CR_RXRST  (1u << 0)
#define XUARTPS_CR_TXRST  (1u << 1)
#define XUARTPS_CR_RX_EN  (1u << 2)
#define XUARTPS_CR_RX_DIS (1u << 3)
#define XUARTPS_CR_TX_EN  (1u << 4)
#define XUARTPS_CR_TX_DIS (1u << 5)
#define XUARTPS_MR_8N1	  (4u << 3) /* CHRL 0: 8 bits, PAR 1xx: none, NBSTOP 0: 1 */
#define XUARTPS_SR_TXFULL (1u << 4)
#define XUARTPS_CD_MAX	  0xffffu
#define XUARTPS_BDIV_MIN  4u
#define XUARTPS_BDIV_MAX  255u

static paddr_t base;

static u32 abs_diff(u32 a, u32 b)
{
	return a > b ? a - b : b - a;
}

/*
 * baud = clock_hz / (CD * (BDIV + 1)), CD in BAUDGEN (1..65535), BDIV in BAUDDIV (4..255):
 * the pair closest to the wanted rate. The TRM's order: both paths off, mode and divisors,
 * then reset both paths (the bits clear themselves) and enable them in one write.
 */
static void xuartps_set_baud(u32 clock_hz, u32 baud)
{
	u32 best_cd = 0, best_bdiv = 0, best_err = ~0u;

	for (u32 bdiv = XUARTPS_BDIV_MIN; bdiv <= XUARTPS_BDIV_MAX; bdiv++) {
		u64 step = (u64)baud * (bdiv + 1);
		u64 cd = (clock_hz + step / 2) / step;
		u32 err;

		if (cd < 1 || cd > XUARTPS_CD_MAX)
			continue;
		err = abs_diff((u32)(clock_hz / (cd * (bdiv + 1))), baud);
		if (err < best_err) {
			best_err = err;
			best_cd = (u32)cd;
			best_bdiv = bdiv;
		}
	}
	if (!best_cd)
		return; /* no divisor fits: keep the boot loader's setting */
	io_write32(base + XUARTPS_CR, XUARTPS_CR_TX_DIS | XUARTPS_CR_RX_DIS);
	io_write32(base + XUARTPS_MR, XUARTPS_MR_8N1);
	io_write32(base + XUARTPS_BAUDGEN, best_cd);
	io_write32(base + XUARTPS_BAUDDIV, best_bdiv);
	io_write32(base + XUARTPS_CR,
		   XUARTPS_CR_TXRST | XUARTPS_CR_RXRST | XUARTPS_CR_TX_EN | XUARTPS_CR_RX_EN);
}

void uart_init(const struct board_uart *u)
{
	u32 cr;

	base = u->base;
	if (u->baud && u->clock_hz)
		xuartps_set_baud(u->clock_hz, u->baud);
	/* The transmitter on (TX_DIS wins over TX_EN), the receiver as the boot loader left it. */
	cr = io_read32(base + XUARTPS_CR);
	cr = (cr & ~(XUARTPS_CR_TX_DIS | XUARTPS_CR_TXRST | XUARTPS_CR_RXRST)) | XUARTPS_CR_TX_EN;
	io_write32(base + XUARTPS_CR, cr);
}

void uart_putc(char c)
{
	/* The 64-byte FIFO takes characters until it is full. */
	while (io_read32(base + XUARTPS_SR) & XUARTPS_SR_TXFULL)
		;
	io_write32(base + XUARTPS_FIFO, (u8)c);
}
