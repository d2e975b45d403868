/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/hvisor/zone_config.h is shared with user space and includes <stdint.h>; in the
 * kernel the fixed-width types come from <linux/types.h> (GCC's own stdint.h would define
 * uint64_t as unsigned long, the kernel as unsigned long long: a conflict).
 */
#include <linux/types.h>
