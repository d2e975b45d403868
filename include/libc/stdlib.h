/* SPDX-License-Identifier: GPL-2.0 */
/* libfdt's header includes <stdlib.h>; it only needs strtoul (core/string.c). */
#ifndef HVC_LIBC_STDLIB_H
#define HVC_LIBC_STDLIB_H

unsigned long strtoul(const char *s, char **end, int base);

#endif
