# SPDX-License-Identifier: GPL-2.0
# Xilinx ZCU102 (Zynq UltraScale+ MPSoC: 4 x Cortex-A53, GIC-400 (GICv2), Cadence UART0).
IRQCHIP := gicv2
UART_DRIVER := xuartps
CPU_TUNE := -mcpu=cortex-a53
HV_MAX_CPUS := 4
# Where the root Linux's initramfs goes (the zone's entry and DTB come from board.c).
ZONE0_INITRD_ADDR := 0x04400000
