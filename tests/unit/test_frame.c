// SPDX-License-Identifier: GPL-2.0
/*
 * The 4 KiB frame allocator (core/frame.c) zones' stage-2 tables come from: frames are
 * aligned, zeroed, distinct, the pool runs out cleanly, and bad frees are ignored.
 */
// sources: core/frame.c
#include "unit.h"
#include "frame.h"
#include "util.h"

/* frame.c takes its lock around every bitmap change: count that each lock is released. */
static int lock_depth;
static unsigned int lock_calls;

void spin_lock(spinlock_t *l)
{
	(void)l;
	assert_int_equal(lock_depth, 0);
	lock_depth++;
	lock_calls++;
}

void spin_unlock(spinlock_t *l)
{
	(void)l;
	assert_int_equal(lock_depth, 1);
	lock_depth--;
}

#define NR 8

struct fixture {
	struct frame_pool pool;
	u8 *mem;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = aligned_alloc(PAGE_SIZE, NR * PAGE_SIZE);
	assert_non_null(f->mem);
	memset(f->mem, 0xee, NR * PAGE_SIZE); /* the pool starts out dirty, like RAM */
	frame_pool_init(&f->pool, f->mem, NR * PAGE_SIZE);
	lock_depth = 0;
	lock_calls = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(lock_depth, 0);
	free(f->mem);
	free(f);
	return unit_ub_check(state);
}

static bool all_zero(const u8 *p)
{
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static void test_alloc_aligned_zeroed_distinct(void **state)
{
	struct fixture *f = *state;
	u8 *got[NR];

	for (unsigned int i = 0; i < NR; i++) {
		got[i] = frame_alloc(&f->pool);
		assert_non_null(got[i]);
		assert_true(IS_ALIGNED((uintptr_t)got[i], PAGE_SIZE));
		/* Inside the pool. */
		assert_true(got[i] >= f->mem && got[i] + PAGE_SIZE <= f->mem + NR * PAGE_SIZE);
		assert_true(all_zero(got[i]));
		for (unsigned int j = 0; j < i; j++)
			assert_ptr_not_equal(got[i], got[j]);
		memset(got[i], 0x11 * (i + 1), PAGE_SIZE);
	}
	/* Writing one frame did not touch another. */
	for (unsigned int i = 0; i < NR; i++)
		assert_int_equal(got[i][PAGE_SIZE - 1], (u8)(0x11 * (i + 1)));
	assert_int_equal(f->pool.used, NR);
	assert_true(lock_calls >= NR);
}

static void test_exhaustion(void **state)
{
	struct fixture *f = *state;

	for (unsigned int i = 0; i < NR; i++)
		assert_non_null(frame_alloc(&f->pool));
	assert_null(frame_alloc(&f->pool));
	assert_null(frame_alloc(&f->pool));
	assert_int_equal(f->pool.used, NR);
}

static void test_free_then_realloc_is_zeroed(void **state)
{
	struct fixture *f = *state;
	u8 *a, *b, *c;

	a = frame_alloc(&f->pool);
	b = frame_alloc(&f->pool);
	assert_non_null(a);
	assert_non_null(b);
	memset(b, 0xab, PAGE_SIZE);
	frame_free(&f->pool, b);
	assert_int_equal(f->pool.used, 1);
	/* Fill the rest of the pool: b comes back, zeroed, as the last free frame. */
	for (unsigned int i = 0; i < NR - 2; i++) {
		c = frame_alloc(&f->pool);
		assert_non_null(c);
		assert_ptr_not_equal(c, a);
	}
	c = frame_alloc(&f->pool);
	assert_ptr_equal(c, b);
	assert_true(all_zero(c));
	assert_null(frame_alloc(&f->pool));
}

static void test_free_all_then_alloc_again(void **state)
{
	struct fixture *f = *state;
	u8 *got[NR];

	for (unsigned int round = 0; round < 3; round++) {
		for (unsigned int i = 0; i < NR; i++) {
			got[i] = frame_alloc(&f->pool);
			assert_non_null(got[i]);
			assert_true(all_zero(got[i]));
			got[i][0] = 1;
		}
		assert_null(frame_alloc(&f->pool));
		for (unsigned int i = 0; i < NR; i++)
			frame_free(&f->pool, got[i]);
		assert_int_equal(f->pool.used, 0);
	}
}

static void test_bad_frees_ignored(void **state)
{
	struct fixture *f = *state;
	u8 *a = frame_alloc(&f->pool);
	u8 outside[16];

	assert_non_null(a);
	/* Before the pool, just past its end, far away: nothing changes. */
	frame_free(&f->pool, f->mem - PAGE_SIZE);
	frame_free(&f->pool, f->mem + NR * PAGE_SIZE);
	frame_free(&f->pool, outside);
	assert_int_equal(f->pool.used, 1);
	/* A frame that is already free: nothing changes either. */
	frame_free(&f->pool, f->mem + 3 * PAGE_SIZE);
	assert_int_equal(f->pool.used, 1);
	/* The allocated frame is still allocated: the pool has NR - 1 left. */
	for (unsigned int i = 0; i < NR - 1; i++)
		assert_ptr_not_equal(frame_alloc(&f->pool), a);
	assert_null(frame_alloc(&f->pool));
	/* Freeing it twice counts once. */
	frame_free(&f->pool, a);
	frame_free(&f->pool, a);
	assert_int_equal(f->pool.used, NR - 1);
	assert_ptr_equal(frame_alloc(&f->pool), a);
}

static void test_pool_sizes(void **state)
{
	struct frame_pool *p = calloc(1, sizeof(*p));
	u8 *mem = aligned_alloc(PAGE_SIZE, 4 * PAGE_SIZE);

	(void)state;
	assert_non_null(p);
	assert_non_null(mem);
	/* A partial frame at the end is not used. */
	frame_pool_init(p, mem, 3 * PAGE_SIZE + 100);
	assert_int_equal(p->nr_frames, 3);
	for (unsigned int i = 0; i < 3; i++)
		assert_non_null(frame_alloc(p));
	assert_null(frame_alloc(p));
	/* An empty pool gives nothing, and does not divide by zero. */
	frame_pool_init(p, mem, 100);
	assert_int_equal(p->nr_frames, 0);
	assert_null(frame_alloc(p));
	/* The bitmap's limit caps a pool larger than it (base is not touched beyond it). */
	frame_pool_init(p, mem, (FRAME_POOL_MAX_FRAMES + 5) * PAGE_SIZE);
	assert_int_equal(p->nr_frames, FRAME_POOL_MAX_FRAMES);
	free(mem);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_aligned_zeroed_distinct, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_then_realloc_is_zeroed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_all_then_alloc_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees_ignored, setup, teardown),
		UNIT_CASE(test_pool_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
