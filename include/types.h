/* SPDX-License-Identifier: GPL-2.0 */
/* Scalar types shared by the hypervisor, host tools and unit tests. */
#ifndef HVC_TYPES_H
#define HVC_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 paddr_t;  /* physical address */
typedef u64 ipaddr_t; /* guest intermediate physical address */
typedef u64 vaddr_t;  /* hypervisor virtual address (identity mapped: == paddr_t) */
typedef u32 cpuid_t;  /* logical CPU id: index into the board's MPIDR table */

#define INVALID_CPUID ((cpuid_t)~0u)

#endif
