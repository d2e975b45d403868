# SPDX-License-Identifier: GPL-2.0
# Rockchip RK3568 (4 x Cortex-A55, GICv3, DesignWare 8250 UART2).
IRQCHIP := gicv3
UART_DRIVER := ns16550
CPU_TUNE := -mcpu=cortex-a55
HV_MAX_CPUS := 4
# Where the root Linux's initramfs goes (the zone's entry and DTB come from board.c).
ZONE0_INITRD_ADDR := 0x0a200000
# make monitor: the porting guide's J-Link over SWD. Debian's OpenOCD 0.12 has no
# target/rk3566.cfg: give the guide's build with OPENOCD=<path>.
OPENOCD_CFG := interface/jlink.cfg target/rk3566.cfg
