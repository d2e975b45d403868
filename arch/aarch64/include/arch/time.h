/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time, from the generic timer's physical counter: the one interface every part of the
 * hypervisor reads the time through (log time stamps, rate limits, timeouts). Unit tests
 * provide their own clock (UNIT_TEST).
 */
#ifndef ARCH_TIME_H
#define ARCH_TIME_H

#include "types.h"

#ifdef UNIT_TEST
u64 arch_counter(void);
#define arch_counter_relaxed arch_counter
u64 arch_counter_freq(void);
u64 arch_time_ns(void);
u64 arch_time_us(void);
#else
#include "arch/sysreg.h"

static inline u64 arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/* Without the barrier: may be read a few instructions early (fine for rate limits). */
static inline u64 arch_counter_relaxed(void)
{
	return read_sysreg(cntpct_el0);
}

static inline u64 arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* Nanoseconds since the counter started (reset or firmware). */
static inline u64 arch_time_ns(void)
{
	u64 f = arch_counter_freq();
	u64 c = arch_counter();

	if (!f)
		return 0;
	return (c / f) * 1000000000ULL + (c % f) * 1000000000ULL / f;
}

static inline u64 arch_time_us(void)
{
	return arch_time_ns() / 1000;
}
#endif

#endif
