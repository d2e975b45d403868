# SPDX-License-Identifier: GPL-2.0
# rk3588 (board-gen): 4 x arm,cortex-a55 + 4 x arm,cortex-a76, GICv3, console serial@feb50000.
IRQCHIP := gicv3
UART_DRIVER := ns16550
CPU_TUNE := -mcpu=cortex-a55
HV_MAX_CPUS := 8
# Where make run puts the root Linux's initramfs (entry and DTB come from board.c).
ZONE0_INITRD_ADDR := 0x11400000
