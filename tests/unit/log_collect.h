// SPDX-License-Identifier: GPL-2.0
/*
 * A log_msg for tests that link hypervisor code which logs (pr_warn, pr_info...): every line
 * is formatted with the host's vsnprintf and kept with its level, so tests can assert what
 * was said and how often. Defines log_msg: include it in one file of a test program only,
 * after unit.h, and never in a program that links core/log.c.
 */
#ifndef HVC_TESTS_LOG_COLLECT_H
#define HVC_TESTS_LOG_COLLECT_H

#include <stdio.h>
#include "log.h"

#define LOG_COLLECT_MAX 64
#define LOG_COLLECT_LEN 512

struct log_collect {
	unsigned int n; /* lines logged, also beyond LOG_COLLECT_MAX */
	enum log_level level[LOG_COLLECT_MAX];
	char line[LOG_COLLECT_MAX][LOG_COLLECT_LEN];
};

static struct log_collect log_lines;

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (log_lines.n < LOG_COLLECT_MAX) {
		log_lines.level[log_lines.n] = level;
		va_start(ap, fmt);
		vsnprintf(log_lines.line[log_lines.n], LOG_COLLECT_LEN, fmt, ap);
		va_end(ap);
	}
	log_lines.n++;
}

static inline const char *log_collect_level(enum log_level level)
{
	static const char *const names[] = { "error", "warn", "info", "debug", "trace" };

	return (unsigned int)level < 5 ? names[level] : "?";
}

static inline void log_reset(void)
{
	memset(&log_lines, 0, sizeof(log_lines));
}

/* Print what was logged: shown by cmocka only when a test fails. */
static inline void log_dump(void)
{
	for (unsigned int i = 0; i < log_lines.n && i < LOG_COLLECT_MAX; i++)
		print_message("  log[%u] %s: %s\n", i, log_collect_level(log_lines.level[i]),
			      log_lines.line[i]);
}

/* How many lines at this level contain every one of the (NULL-terminated) needles. */
static inline unsigned int log_count(enum log_level level, const char *const *needles)
{
	unsigned int hits = 0;

	for (unsigned int i = 0; i < log_lines.n && i < LOG_COLLECT_MAX; i++) {
		bool all = log_lines.level[i] == level;

		for (unsigned int k = 0; all && needles[k]; k++)
			all = unit_contains(log_lines.line[i], needles[k]);
		hits += all;
	}
	return hits;
}

/* How many lines were logged at this level. */
static inline unsigned int log_count_level(enum log_level level)
{
	return log_count(level, (const char *const[]){ NULL });
}

#define LOG_HAS(level, ...) log_count((level), (const char *const[]){ __VA_ARGS__, NULL })

/* Assert a count of log lines; on a mismatch, print every line logged first. */
#define LOG_EXPECT(count, want)                                                                    \
	do {                                                                                       \
		unsigned int got_ = (count), want_ = (want);                                       \
		if (got_ != want_) {                                                               \
			log_dump();                                                                \
			fail_msg("%s: %u, expected %u", #count, got_, want_);                      \
		}                                                                                  \
	} while (0)

#endif
