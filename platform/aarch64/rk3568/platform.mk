# SPDX-License-Identifier: GPL-2.0
# Rockchip RK3568 (4 x Cortex-A55, GICv3, DesignWare 8250 UART2).
IRQCHIP := gicv3
UART_DRIVER := ns16550
CPU_TUNE := -mcpu=cortex-a55
HV_MAX_CPUS := 4
ZONE0_ENTRY := 0x00280000
ZONE0_DTB_ADDR := 0xa0000000
