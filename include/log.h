/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging. The level is fixed at build time (make LOG=error|warn|info|debug|trace); calls
 * above it compile to nothing. Each line reads "[seconds.micro cpuN] LEVEL message".
 */
#ifndef HVC_LOG_H
#define HVC_LOG_H

#include <stdarg.h>
#include "types.h"

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
	LOG_TRACE,
};

#ifndef LOG_LEVEL
#define LOG_LEVEL LOG_INFO
#endif

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_at(lvl, ...)                                                                           \
	do {                                                                                       \
		if ((lvl) <= LOG_LEVEL)                                                            \
			log_msg((lvl), __VA_ARGS__);                                               \
	} while (0)

#define pr_err(...)   log_at(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...)  log_at(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  log_at(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_at(LOG_DEBUG, __VA_ARGS__)
#define pr_trace(...) log_at(LOG_TRACE, __VA_ARGS__)

/*
 * Format one whole log line (prefix, message, newline) into buf; pure, for the console
 * path and unit tests. Returns the length written (truncated lines end in "...\n").
 */
size_t log_format(char *buf, size_t size, u64 time_ns, cpuid_t cpu, enum log_level level,
		  const char *fmt, va_list ap);

const char *log_level_name(enum log_level level);

#endif
