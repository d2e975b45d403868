/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting without a C library: %d %i %u %x %X %o %p %s %c %%, with the flags '-', '0',
 * '#', field width, precision for %s, and the length modifiers hh h l ll z.
 */
#ifndef HVC_PRINTF_H
#define HVC_PRINTF_H

#include <stdarg.h>
#include "types.h"

/* Like C's vsnprintf: returns the length the full output would have. */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
