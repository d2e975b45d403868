# SPDX-License-Identifier: GPL-2.0
# QEMU virt with GICv2 (GICD, GICC, GICH, GICV): the GICv2 development board.
IRQCHIP := gicv2
UART_DRIVER := pl011
CPU_TUNE := -mcpu=cortex-a72
HV_MAX_CPUS := 4
# How QEMU models this board (make run, make test, make bench). The Makefile adds -smp and
# -m from board.c (the CPU table and the Normal memory ranges) through build/<board>/board.mk.
QEMU_MACHINE := -M virt,gic-version=2,virtualization=on -cpu cortex-a72 -nographic
# Where make run puts the root Linux's initramfs (the zone's entry and DTB come from board.c).
ZONE0_INITRD_ADDR := 0xa8000000
