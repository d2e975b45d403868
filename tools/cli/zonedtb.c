// SPDX-License-Identifier: GPL-2.0
/*
 * hvisor-tool's JSON has no initrd: our "initrd_filepath"/"initrd_load_paddr" load one,
 * and the zone's kernel learns where it is from /chosen, as a boot loader would tell it.
 */
#include "zonedtb.h"

#include <libfdt.h>
#include <stdio.h>

int zonedtb_set_initrd(void *buf, size_t *size, size_t cap, uint64_t start, uint64_t end, char *err,
		       size_t errlen)
{
	int ret, chosen;

	ret = fdt_check_header(buf);
	if (!ret && fdt_totalsize(buf) > *size)
		ret = -FDT_ERR_TRUNCATED;
	if (!ret)
		ret = fdt_open_into(buf, buf, (int)cap);
	if (ret) {
		snprintf(err, errlen, "not a device tree blob: %s", fdt_strerror(ret));
		return -1;
	}
	chosen = fdt_path_offset(buf, "/chosen");
	if (chosen == -FDT_ERR_NOTFOUND)
		chosen = fdt_add_subnode(buf, 0, "chosen");
	ret = chosen < 0 ? chosen : fdt_setprop_u64(buf, chosen, "linux,initrd-start", start);
	if (!ret)
		ret = fdt_setprop_u64(buf, chosen, "linux,initrd-end", end);
	if (!ret)
		ret = fdt_pack(buf);
	if (ret) {
		snprintf(err, errlen, "cannot write /chosen linux,initrd-start/end: %s",
			 fdt_strerror(ret));
		return -1;
	}
	*size = fdt_totalsize(buf);
	return 0;
}
