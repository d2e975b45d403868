// SPDX-License-Identifier: GPL-2.0
/*
 * A zone1 bare-metal guest for make bench (scripts/bench_virtio.py): how long a read of a
 * virtio-mmio register answered by the root's daemon takes (the blk device's MagicValue,
 * zone1-virtio.json's 0xa003c00: a trap, the request to the root, the daemon's answer)
 * against a read of GICD_TYPER, emulated by the hypervisor alone, in the same run. Both
 * timed with CNTVCT, in wall-clock time when QEMU runs without icount.
 *
 * Linked at zone1's Linux load address as vhostile is. It has no console: what it prints
 * goes to REPORT in its RAM, which the root reads (hvisor-probe peek); then it waits for
 * its shutdown.
 */
#include "guest.h"

#define BLK	     0x0a003c00UL
#define GICD_TYPER   0x08000004UL
#define REPORT	     (GUEST_LOAD - 0x200000UL) /* 0x50200000: the text, NUL-terminated */
#define REPORT_SIZE  0x1000UL
#define VIRTIO_READS 2000
#define GICD_READS   100000

static inline uint64_t now(void)
{
	__asm__ volatile("isb" ::: "memory");
	return read_sysreg(cntvct_el0);
}

/* n plain 32-bit loads of addr (an instruction with a syndrome): the counter ticks. */
static uint64_t time_reads(uintptr_t addr, unsigned int n, uint32_t *last)
{
	uint64_t t0 = now();
	uint32_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	*last = v;
	return now() - t0;
}

void guest_main(uint64_t dtb);
void guest_main(uint64_t dtb)
{
	uint32_t magic, typer;
	uint64_t tv, tg;

	(void)dtb;
	guest_report_to(REPORT, REPORT_SIZE);
	guest_mmu_on();
	tv = time_reads(BLK, VIRTIO_READS, &magic);
	tg = time_reads(GICD_TYPER, GICD_READS, &typer);
	guest_printf("VREGREAD: freq %u virtio %u %u magic %x gicd %u %u typer %x\n",
		     read_sysreg(cntfrq_el0), tv, (uint64_t)VIRTIO_READS, (uint64_t)magic, tg,
		     (uint64_t)GICD_READS, (uint64_t)typer);
	guest_printf("VREGREAD: done\n");
	for (;;)
		__asm__ volatile("wfi");
}
