// SPDX-License-Identifier: GPL-2.0
/*
 * Shared by the host unit tests (cmocka). cmocka.h needs stdarg.h, stddef.h, setjmp.h and
 * stdint.h before it. The page pool below hands out zeroed, 4 KiB aligned pages for the
 * page-table tests, with a limit so tests can exhaust it, and frees them all at the end.
 */
#ifndef HVC_TESTS_UNIT_H
#define HVC_TESTS_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#define UNIT_PAGE_SIZE 4096
#define UNIT_POOL_MAX  4096

struct unit_page_pool {
	void *pages[UNIT_POOL_MAX];
	unsigned int used;
	unsigned int limit; /* at most this many pages: then alloc returns NULL */
};

static inline void unit_pool_init(struct unit_page_pool *p, unsigned int limit)
{
	p->used = 0;
	p->limit = limit < UNIT_POOL_MAX ? limit : UNIT_POOL_MAX;
}

/* Matches struct pt's alloc_page: a zeroed, aligned page or NULL when the limit is hit. */
static inline void *unit_page_alloc(void *ctx)
{
	struct unit_page_pool *p = ctx;
	void *page;

	if (p->used >= p->limit)
		return NULL;
	page = aligned_alloc(UNIT_PAGE_SIZE, UNIT_PAGE_SIZE);
	assert_non_null(page);
	memset(page, 0, UNIT_PAGE_SIZE);
	p->pages[p->used++] = page;
	return page;
}

static inline void unit_pool_free(struct unit_page_pool *p)
{
	for (unsigned int i = 0; i < p->used; i++)
		free(p->pages[i]);
	p->used = 0;
}

/*
 * The sanitizer build reports undefined behaviour and carries on, so a test could pass
 * through it. Every report is counted here (UBSan calls this hook), and unit_ub_check, the
 * teardown of every test, fails the test that caused one. The runtime error is printed
 * just before.
 */
static unsigned int unit_ub_reports, unit_ub_seen;

void __ubsan_on_report(void);
void __ubsan_on_report(void)
{
	unit_ub_reports++;
}

static inline int unit_ub_check(void **state)
{
	(void)state;
	if (unit_ub_reports == unit_ub_seen)
		return 0;
	unit_ub_seen = unit_ub_reports;
	print_error("undefined behaviour in this test: see the runtime error above\n");
	return -1;
}

/* A test with the undefined-behaviour check. */
#define UNIT_CASE(f) cmocka_unit_test_teardown(f, unit_ub_check)

/* True when hay contains needle (a NULL hay never does). */
static inline int unit_contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

#endif
