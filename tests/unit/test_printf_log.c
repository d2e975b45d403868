// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's formatter (core/printf.c) against the host C library, its truncation
 * rules, and the log line layout (core/log_format.c) every console message goes through.
 */
// sources: core/printf.c core/log_format.c
#include "unit.h"
#include <limits.h>
#include <stdio.h>
#include "log.h"
#include "printf.h"

#define GUARD 0x5a

/*
 * Format the same arguments with hv_snprintf and the host's snprintf; both the text and the
 * returned length must agree.
 */
#define SAME(fmt, ...)                                                                             \
	do {                                                                                       \
		char hv_[128], host_[128];                                                         \
		int hn_ = hv_snprintf(hv_, sizeof(hv_), fmt, ##__VA_ARGS__);                       \
		int cn_ = snprintf(host_, sizeof(host_), fmt, ##__VA_ARGS__);                      \
		if (hn_ != cn_ || strcmp(hv_, host_))                                              \
			fail_msg("format \"%s\": hv_snprintf gave \"%s\" (%d), libc \"%s\" (%d)",  \
				 fmt, hv_, hn_, host_, cn_);                                       \
	} while (0)

static void test_integers_match_libc(void **state)
{
	(void)state;
	SAME("%d", 0);
	SAME("%d", 42);
	SAME("%d", -42);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%i", -7);
	SAME("%u", 0u);
	SAME("%u", UINT_MAX);
	SAME("%x", 0xdeadbeefu);
	SAME("%x", 0u);
	SAME("%X", 0xabcdefu);
	SAME("%o", 8u);
	SAME("%o", 0u);
	SAME("%#o", 8u);
	SAME("%#o", 0u);
	SAME("%#x", 0x1fu);
	SAME("%#X", 255u);
	SAME("%#llx", 0x123456789abcdefULL);
	SAME("%llx", ULLONG_MAX);
	SAME("%lld", 0LL);
	SAME("%lld", LLONG_MIN);
	SAME("%lld", LLONG_MAX);
	SAME("%llu", ULLONG_MAX);
	SAME("%ld", -5L);
	SAME("%lu", ULONG_MAX);
	SAME("%lx", 0xfedcba9876543210UL);
	SAME("%zu", (size_t)123);
	SAME("%zx", (size_t)0xabc);
}

static void test_width_and_flags_match_libc(void **state)
{
	(void)state;
	SAME("%5d", 42);
	SAME("%5d", -42);
	SAME("%5d", 123456);
	SAME("%-5d|", 42);
	SAME("%-5d|", -42);
	SAME("%05d", 42);
	SAME("%05d", -42);
	SAME("%05d", 0);
	SAME("%08lld", -123LL);
	SAME("%016llx", 0xabcULL);
	SAME("%#5x", 1u);
	SAME("%#05x", 1u);
	SAME("%-#8x|", 0x2au);
	SAME("%*d", 6, 42);
	SAME("%-*d|", 4, 7);
	SAME("%10llu", 1234567ULL);
}

/* '-' wins over '0' in C; the compiler warns about the pair, so the format is not a literal. */
static void test_left_beats_zero(void **state)
{
	const char *volatile fmt = "%-05d|%0-4x|";
	char hv[32], host[32];

	(void)state;
	assert_int_equal(hv_snprintf(hv, sizeof(hv), fmt, -3, 0xau), 11);
	snprintf(host, sizeof(host), fmt, -3, 0xau);
	assert_string_equal(hv, host);
	assert_string_equal(hv, "-3   |a   |");
}

static void test_short_modifiers_match_libc(void **state)
{
	(void)state;
	SAME("%hhd", 200);
	SAME("%hhd", -1);
	SAME("%hhd", 127);
	SAME("%hhu", 0x1ff);
	SAME("%hhx", -1);
	SAME("%hd", 70000);
	SAME("%hd", -32768);
	SAME("%hu", 70000);
	SAME("%hx", 0x12345);
}

static void test_strings_chars_match_libc(void **state)
{
	char big[100];

	(void)state;
	SAME("%s", "abc");
	SAME("%s|", "");
	SAME("%.3s", "abcdef");
	SAME("%.3s", "ab");
	SAME("%.0s|", "abc");
	SAME("%.*s", 2, "hello");
	SAME("%10s", "abc");
	SAME("%-10s|", "abc");
	SAME("%2s", "abcdef");
	SAME("%c", 'x');
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("%%%d%%", 5);
	SAME("100%%");
	SAME("%p", (void *)0x1234abcdUL);
	SAME("%p", (void *)&big);
	SAME("a=%d b=%s c=%#x d=%c\n", -1, "two", 3u, '4');
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	SAME("[%s]", big);
}

/* The cases where hv_snprintf deliberately or knowingly differs from C are not above. */
static void test_unknown_conversion_shown(void **state)
{
	char buf[32];
	const char *unknown = "a%kb%"; /* not a literal: the compiler would refuse it */
	const char *volatile null_str = NULL;

	(void)state;
	/* A conversion hv_snprintf does not know is shown as written; a lone '%' at the end too. */
	assert_int_equal(hv_snprintf(buf, sizeof(buf), unknown, 1), 4);
	assert_string_equal(buf, "a%kb");
	/* A NULL string (through a variable: the compiler refuses a literal NULL). */
	assert_int_equal(hv_snprintf(buf, sizeof(buf), "%s", null_str), 6);
	assert_string_equal(buf, "(null)");
}

/* Truncation: the full length is returned, the buffer ends in NUL, nothing past size is written. */
static void check_truncation(const char *want, size_t size, int ret, const char *buf)
{
	const size_t full = strlen(want);

	assert_int_equal(ret, (int)full);
	if (size) {
		size_t kept = full < size - 1 ? full : size - 1;

		assert_memory_equal(buf, want, kept);
		assert_int_equal(buf[kept], '\0');
	}
	for (size_t i = size; i < size + 8; i++)
		if ((unsigned char)buf[i] != GUARD)
			fail_msg("size %zu: byte %zu past the end was written", size, i);
}

static void test_truncation(void **state)
{
	const char *want = "hello-12345-    ab";
	char buf[64];

	(void)state;
	for (size_t size = 0; size <= strlen(want) + 2; size++) {
		memset(buf, GUARD, sizeof(buf));
		check_truncation(want, size,
				 hv_snprintf(buf, size, "%s-%d-%6s", "hello", 12345, "ab"), buf);
	}
	/* Padding and the '0x' prefix are cut like everything else. */
	for (size_t size = 1; size < 12; size++) {
		memset(buf, GUARD, sizeof(buf));
		check_truncation("0x00000abc", size, hv_snprintf(buf, size, "%#010x", 0xabcu), buf);
	}
	/* Size 0 writes nothing, even with a NULL buffer. */
	assert_int_equal(hv_snprintf(NULL, 0, "%d", 12345), 5);
}

static size_t lf(char *buf, size_t size, u64 ns, cpuid_t cpu, enum log_level lvl, const char *fmt,
		 ...) __attribute__((format(printf, 6, 7)));

static size_t lf(char *buf, size_t size, u64 ns, cpuid_t cpu, enum log_level lvl, const char *fmt,
		 ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = log_format(buf, size, ns, cpu, lvl, fmt, ap);
	va_end(ap);
	return n;
}

static void test_log_line_layout(void **state)
{
	char buf[320];
	size_t n;

	(void)state;
	n = lf(buf, sizeof(buf), 1234567000ULL, 2, LOG_INFO, "message");
	assert_string_equal(buf, "[    1.234567 cpu2] INFO  message\n");
	assert_int_equal(n, strlen(buf));

	n = lf(buf, sizeof(buf), 0, 0, LOG_ERROR, "zone %u: %s", 3u, "failed");
	assert_string_equal(buf, "[    0.000000 cpu0] ERROR zone 3: failed\n");
	assert_int_equal(n, strlen(buf));
	lf(buf, sizeof(buf), 999, 7, LOG_WARN, "w");
	assert_string_equal(buf, "[    0.000000 cpu7] WARN  w\n");
	lf(buf, sizeof(buf), 12345000001000ULL, 1, LOG_DEBUG, "d");
	assert_string_equal(buf, "[12345.000001 cpu1] DEBUG d\n");
	lf(buf, sizeof(buf), 59999999999ULL, 3, LOG_TRACE, "t");
	assert_string_equal(buf, "[   59.999999 cpu3] TRACE t\n");
	/* Before the CPU knows its id. */
	lf(buf, sizeof(buf), 1234567000ULL, INVALID_CPUID, LOG_INFO, "early");
	assert_string_equal(buf, "[    1.234567 cpu?] INFO  early\n");
	/* An empty message still makes a line. */
	n = lf(buf, sizeof(buf), 0, 0, LOG_INFO, "%s", "");
	assert_string_equal(buf, "[    0.000000 cpu0] INFO  \n");
	assert_int_equal(n, strlen(buf));
	assert_string_equal(log_level_name(LOG_WARN), "WARN ");
	assert_string_equal(log_level_name((enum log_level)9), "?????");
}

static void test_log_line_cut(void **state)
{
	char buf[64 + 8], msg[201];
	const char *prefix = "[    1.000000 cpu1] INFO  ";
	size_t n, line;

	(void)state;
	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	memset(buf, GUARD, sizeof(buf));
	n = lf(buf, 64, 1000000000ULL, 1, LOG_INFO, "%s", msg);
	assert_int_equal(n, strlen(buf));
	assert_int_equal(n, 63); /* the whole buffer, NUL included */
	assert_memory_equal(buf, prefix, strlen(prefix));
	assert_memory_equal(buf + n - 4, "...\n", 4);
	assert_int_equal(buf[n - 5], 'x');
	for (size_t i = 64; i < sizeof(buf); i++)
		assert_int_equal((unsigned char)buf[i], GUARD);

	/* The longest line that fits is kept whole; one byte less and it is cut. */
	line = strlen(prefix) + 20 + 1; /* prefix, 20 x, newline */
	msg[20] = '\0';
	memset(buf, GUARD, sizeof(buf));
	n = lf(buf, line + 1, 1000000000ULL, 1, LOG_INFO, "%s", msg);
	assert_int_equal(n, line);
	assert_memory_equal(buf + strlen(prefix), "xxxxxxxxxxxxxxxxxxxx\n", 22);
	assert_int_equal((unsigned char)buf[line + 1], GUARD);
	memset(buf, GUARD, sizeof(buf));
	n = lf(buf, line, 1000000000ULL, 1, LOG_INFO, "%s", msg);
	assert_int_equal(n, line - 1);
	assert_int_equal(n, strlen(buf));
	assert_memory_equal(buf + n - 4, "...\n", 4);
	assert_int_equal((unsigned char)buf[line], GUARD);

	/* A buffer smaller than the prefix still gets a terminated, marked line. */
	memset(buf, GUARD, sizeof(buf));
	n = lf(buf, 12, 1000000000ULL, 1, LOG_INFO, "%s", msg);
	assert_int_equal(n, 11);
	assert_int_equal(n, strlen(buf));
	assert_memory_equal(buf + n - 4, "...\n", 4);
	assert_int_equal((unsigned char)buf[12], GUARD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		UNIT_CASE(test_integers_match_libc),
		UNIT_CASE(test_width_and_flags_match_libc),
		UNIT_CASE(test_left_beats_zero),
		UNIT_CASE(test_short_modifiers_match_libc),
		UNIT_CASE(test_strings_chars_match_libc),
		UNIT_CASE(test_unknown_conversion_shown),
		UNIT_CASE(test_truncation),
		UNIT_CASE(test_log_line_layout),
		UNIT_CASE(test_log_line_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
