# SPDX-License-Identifier: GPL-2.0
# QEMU virt with GICv3: the development and CI board.
IRQCHIP := gicv3
UART_DRIVER := pl011
CPU_TUNE := -mcpu=cortex-a72
HV_MAX_CPUS := 4
# How QEMU models this board (make run, make test, make bench).
QEMU_MACHINE := -M virt,gic-version=3,virtualization=on -cpu cortex-a72 -smp 4 -m 2G -nographic
# Where the root zone's images go in guest RAM (must match board.c).
ZONE0_ENTRY := 0xa0400000
ZONE0_DTB_ADDR := 0xa0000000
ZONE0_INITRD_ADDR := 0xa8000000
