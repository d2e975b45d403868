// SPDX-License-Identifier: GPL-2.0
/* Log line formatting: pure, shared by the console path and the unit tests. */
#include "log.h"
#include "printf.h"

static const char *const level_names[] = { "ERROR", "WARN ", "INFO ", "DEBUG", "TRACE" };

const char *log_level_name(enum log_level level)
{
	return (unsigned int)level < 5 ? level_names[level] : "?????";
}

size_t log_format(char *buf, size_t size, u64 time_ns, cpuid_t cpu, enum log_level level,
		  const char *fmt, va_list ap)
{
	u64 us = time_ns / 1000;
	size_t n;
	int m;

	if (size < 8)
		return 0;
	if (cpu == INVALID_CPUID)
		m = hv_snprintf(buf, size, "[%5llu.%06llu cpu?] %s ",
				(unsigned long long)(us / 1000000),
				(unsigned long long)(us % 1000000), log_level_name(level));
	else
		m = hv_snprintf(buf, size, "[%5llu.%06llu cpu%u] %s ",
				(unsigned long long)(us / 1000000),
				(unsigned long long)(us % 1000000), cpu, log_level_name(level));
	n = (size_t)m < size ? (size_t)m : size - 1;
	m = hv_vsnprintf(buf + n, size - n, fmt, ap);
	if (n + (size_t)m + 2 <= size) {
		n += (size_t)m;
	} else {
		/* Too long: keep what fits and mark the cut. */
		n = size - 5;
		buf[n++] = '.';
		buf[n++] = '.';
		buf[n++] = '.';
	}
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}
