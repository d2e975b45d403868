/* SPDX-License-Identifier: GPL-2.0 */
/* See stdint.h beside this file: offsetof and size_t from the kernel, not from GCC. */
#include <linux/stddef.h>
#include <linux/types.h>
