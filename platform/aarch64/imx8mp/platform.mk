# SPDX-License-Identifier: GPL-2.0
# imx8mp (board-gen): 4 x arm,cortex-a53, GICv3, console soc@0/bus@30800000/serial@30890000.
IRQCHIP := gicv3
UART_DRIVER := imx
CPU_TUNE := -mcpu=cortex-a53
HV_MAX_CPUS := 4
# Where make run puts the root Linux's initramfs (entry and DTB come from board.c).
ZONE0_INITRD_ADDR := 0xa8400000
