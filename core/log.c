// SPDX-License-Identifier: GPL-2.0
/*
 * Log output: time stamp and CPU from the running CPU, one console write per line.
 * TPIDR_EL2 points at a per-CPU area before any C code runs (arch/aarch64/entry.S).
 */
#include "arch/time.h"
#include "console.h"
#include "log.h"
#include "percpu.h"

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[320];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = log_format(line, sizeof(line), arch_time_ns(), this_cpu_id(), level, fmt, ap);
	va_end(ap);
	console_write(line, n);
}
