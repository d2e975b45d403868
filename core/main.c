// SPDX-License-Identifier: GPL-2.0
/*
 * Boot sequence. The primary CPU (the one the boot loader started) prepares everything and
 * starts the others with PSCI CPU_ON; all meet at a barrier, then each CPU runs its zone's
 * vCPU or parks.
 */
#include "arch/time.h"
#include "arch_hooks.h"
#include "board.h"
#include "boot.h"
#include "config_check.h"
#include "console.h"
#include "fdt_boot.h"
#include "fdt_fixup.h"
#include "frame.h"
#include "hv_mem.h"
#include "log.h"
#include "percpu.h"
#include "sections.h"
#include "util.h"
#include "version.h"
#include "zone.h"

/* How long the primary waits for a started CPU to check in. */
#define CPU_ONLINE_TIMEOUT_US 2000000

static volatile unsigned int cpus_online;
static volatile bool boot_done;

/* Runs with the MMU off: console first, so a bad memory map can still be reported. */
void hv_boot_primary(cpuid_t id, paddr_t dtb)
{
	percpu_init(id, arch_read_mpidr());
	console_init(&board.uart);
	pr_info("hvisor-c %s on board %s (%u CPUs, LOG=%s, hvisor ABI %u) starting at EL2, boot "
		"DTB at %#llx",
		HVC_VERSION, board.name, board.nr_cpus, HVC_LOG_NAME, CONFIG_MAGIC_VERSION,
		(unsigned long long)dtb);
	if (id == INVALID_CPUID) {
		pr_err("this CPU's MPIDR %#llx is not in %s's mpidr table: add it (Aff3..Aff0, "
		       "mask 0xff00ffffff); stopping",
		       (unsigned long long)(arch_read_mpidr() & MPIDR_AFF_MASK), board.file);
		cpu_halt();
	}
	if (arch_mmu_el2_build()) {
		pr_err("cannot build the EL2 memory map from %s's mem table; stopping", board.file);
		cpu_halt();
	}
}

/*
 * Check in at the barrier. Everything a CPU has to say is said here, before any zone runs,
 * so that boot messages do not interleave with a guest's console output.
 */
static void cpu_online(void)
{
	struct percpu *c = this_cpu();
	const char *irq = arch_irqchip_init_cpu() ? " (no interrupts: see above)" : "";
	u64 aff = c->mpidr & MPIDR_AFF_MASK;

	c->online = true;
	if (c->zone && c->boot_cpu)
		pr_info("CPU %u online (MPIDR %#llx)%s: boots zone %u", c->id,
			(unsigned long long)aff, irq, c->zone->id);
	else if (c->zone)
		pr_info("CPU %u online (MPIDR %#llx)%s: waits for zone %u to start it", c->id,
			(unsigned long long)aff, irq, c->zone->id);
	else
		pr_info("CPU %u online (MPIDR %#llx)%s: in no zone, parked", c->id,
			(unsigned long long)aff, irq);
	__atomic_add_fetch(&cpus_online, 1, __ATOMIC_RELEASE);
}

/* After the barrier: run this CPU's zone, or park. */
static void __attribute__((noreturn)) cpu_run(void)
{
	struct percpu *c = this_cpu();

	if (c->zone && c->boot_cpu)
		arch_vcpu_run(c->zone, c->zone->cfg.entry_point, c->zone->dtb_ipa);
	cpu_park();
}

static void create_root_zone(void)
{
	static struct zone_config zc;
	struct zone *z;
	const char *names[CONFIG_MAX_MEMORY_REGIONS];
	int err;

	board_root_zone_config(&board, &zc);
	for (unsigned int i = 0; i < zc.num_memory_regions; i++)
		names[i] = board.root_zone.regions[i].name;
	err = zone_create(&zc, names, &z);
	if (err)
		pr_err("the root zone was not created (%d): fix %s as the messages above say", err,
		       board.file);
	else
		fdt_zone_prepare(z);
}

/* Zones board.c starts beside the root zone, their images placed by the boot loader. */
static void create_static_zones(void)
{
	static struct zone_config zc;
	const char *names[CONFIG_MAX_MEMORY_REGIONS];
	struct zone *z;

	for (unsigned int i = 0; i < board.nr_static_zones; i++) {
		const struct board_zone *bz = &board.static_zones[i];
		int err;

		board_zone_config(&board, bz, &zc);
		for (unsigned int k = 0; k < zc.num_memory_regions; k++)
			names[k] = bz->regions[k].name;
		err = zone_create(&zc, names, &z);
		if (!err)
			fdt_zone_prepare(z);
		else
			pr_err("static zone %u '%s' was not created (%d): fix static_zones[%u] in "
			       "%s "
			       "as the messages above say",
			       bz->id, bz->name, err, i, board.file);
	}
}

void hv_main_primary(cpuid_t id, paddr_t dtb)
{
	struct check_ctx ctx = {
		.where = board.file,
		.hv_start = hv_mem_start(),
		.hv_end = hv_mem_end(),
		.max_cpus = HV_MAX_CPUS,
		.report = config_check_log,
	};
	unsigned int started = 1;
	bool board_ok;

	pr_info("EL2 MMU on; hypervisor memory [%#llx, %#llx)", (unsigned long long)hv_mem_start(),
		(unsigned long long)hv_mem_end());
	fdt_boot_report(dtb);
	board_ok = config_check_board(&ctx, &board) == 0;
	frame_pool_init(&hv_frames, __pool_start, (size_t)(__pool_end - __pool_start));
	if (arch_irqchip_init())
		pr_err("GIC distributor setup failed: check board.gic in %s", board.file);
	if (board_ok) {
		create_root_zone();
		create_static_zones();
		zone_log_pool("at boot");
	} else
		pr_err("%s has %u error(s): the root zone is not started", board.file, ctx.errors);

	console_enable_lock();
	cpu_online();
	for (cpuid_t c = 0; c < board.nr_cpus; c++) {
		long st;

		if (c == id)
			continue;
		st = arch_cpu_start(c, board.mpidr[c]);
		if (st)
			pr_err("PSCI CPU_ON for CPU %u (MPIDR %#llx) failed: %s", c,
			       (unsigned long long)board.mpidr[c], arch_psci_status_name(st));
		else
			started++;
	}

	u64 deadline = arch_time_us() + CPU_ONLINE_TIMEOUT_US;

	while (__atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE) < started &&
	       arch_time_us() < deadline)
		;
	if (cpus_online == board.nr_cpus) {
		pr_info("all %u CPUs online", board.nr_cpus);
	} else {
		for (cpuid_t c = 0; c < board.nr_cpus; c++)
			if (!percpu_of(c)->online)
				pr_err("CPU %u (MPIDR %#llx) did not come online: check mpidr[%u] "
				       "in %s",
				       c, (unsigned long long)board.mpidr[c], c, board.file);
	}
	arch_signal_flag(&boot_done);
	cpu_run();
}

void hv_main_secondary(cpuid_t id)
{
	percpu_init(id, arch_read_mpidr());
	cpu_online();
	arch_wait_flag(&boot_done);
	cpu_run();
}
