/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers used everywhere: sizes, alignment, bit masks. */
#ifndef HVC_UTIL_H
#define HVC_UTIL_H

#include "types.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SZ_4K  0x1000ULL
#define SZ_64K 0x10000ULL
#define SZ_2M  0x200000ULL
#define SZ_1G  0x40000000ULL

#define PAGE_SIZE  SZ_4K
#define PAGE_SHIFT 12

#define BIT(n) (1ULL << (n))
/* Mask of bits h..l inclusive. */
#define GENMASK(h, l) ((~0ULL >> (63 - (h))) & ~((1ULL << (l)) - 1))

#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a)-1))
#define ALIGN_UP(x, a)	 ALIGN_DOWN((x) + (u64)(a)-1, (a))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a)-1)) == 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define STRINGIFY_(x) #x
#define STRINGIFY(x)  STRINGIFY_(x)

#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x)   __builtin_expect(!!(x), 1)

/* True when [a, a+asz) and [b, b+bsz) share at least one byte (sizes > 0). */
static inline bool range_overlaps(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a < b + bsz && b < a + asz;
}

/* True when [a, a+asz) lies entirely inside [b, b+bsz); wrap-around never fits. */
static inline bool range_within(u64 a, u64 asz, u64 b, u64 bsz)
{
	return a + asz >= a && a >= b && a + asz <= b + bsz;
}

#endif
