/* SPDX-License-Identifier: GPL-2.0 */
/* The zone's DTB as the CLI loads it: /chosen told where the initramfs lies. */
#ifndef HVC_TOOLS_ZONEDTB_H
#define HVC_TOOLS_ZONEDTB_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes linux,initrd-start/end = [start, end) into /chosen of the DTB in buf (size
 * `*size`, room for `cap` bytes), creating /chosen if needed; `*size` becomes the new
 * size. Returns 0, or -1 with a message in err.
 */
int zonedtb_set_initrd(void *buf, size_t *size, size_t cap, uint64_t start, uint64_t end, char *err,
		       size_t errlen);

#endif
