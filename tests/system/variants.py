# SPDX-License-Identifier: GPL-2.0
"""Board variants built for a test: a copy of the board under test's folder (qemu-gicv3 or
qemu-gicv2) under build/ with one change made to its board.c (the tracked tree is never
edited), built with BOARD_DIR into its own build folder.

static_zone_board() adds a static zone on CPUs 2-3 whose RAM is where the test guests'
zone1 lives (tests/guests/common/zone1_shared.h): IPA GUEST_LOAD - 4 MiB maps to PA
0x50000000, inside the RAM the board sets aside for zones; its image goes to
ZONE1_IMAGE_PA, its GUEST_PARAMS to zone1_params_pa().
"""

import os
import shutil

from qemu import TestFailure

ZONE1_PA = 0x50000000
ZONE1_IPA_BELOW_ENTRY = 0x400000
ZONE1_IMAGE_PA = ZONE1_PA + ZONE1_IPA_BELOW_ENTRY
ZONE1_SHARED_PA = ZONE1_PA + 0x200000  # struct zone1_shared: state, runs, head, ...
ZONE1_CONSOLE_PA = ZONE1_SHARED_PA + 40  # its console buffer (after five u64s)
PARAMS_BELOW_ENTRY = 0x100000  # guest.h: GUEST_PARAMS

STATIC_ZONE_C = """
/* Added by a test (tests/system/variants.py): a zone started at boot beside the root. */
static const struct board_zone_region static1_regions[] = {
	{ MEM_TYPE_RAM, %(pa)#x, %(ipa)#x, 0x1000000, "static zone RAM" },
};

static const struct board_zone static_zones[] = {
	{
		.id = 1,
		.name = "%(name)s",
		.cpus = BIT(2) | BIT(3),
		.regions = static1_regions,
		.nr_regions = ARRAY_SIZE(static1_regions),
		.entry = %(entry)#x,
		.kernel_addr = %(image)#x,
		.dtb_addr = %(pa)#x,
	},
};

"""


def zone1_params_pa(ctx):
    """Where the static zone's GUEST_PARAMS are, physically."""
    return ZONE1_PA + ZONE1_IPA_BELOW_ENTRY - PARAMS_BELOW_ENTRY


def static_zone_board(ctx, work_name, zone_name):
    """Build the variant of the board under test with a static zone `zone_name`; returns (work folder,
    its hvisor.raw). The caller removes the work folder when it passed."""
    from test_build import make  # the build helpers of test_build.py

    work = os.path.join(ctx.repo_root, "build", work_name)
    shutil.rmtree(work, ignore_errors=True)
    board_dir = os.path.join(work, "qemu-static")
    shutil.copytree(os.path.join(ctx.repo_root, "platform", "aarch64", ctx.board), board_dir)
    entry = ctx.guest_addr
    board_c = os.path.join(board_dir, "board.c")
    with open(board_c, encoding="utf-8") as f:
        text = f.read()
    zone = STATIC_ZONE_C % {"pa": ZONE1_PA, "ipa": entry - ZONE1_IPA_BELOW_ENTRY,
                            "entry": entry, "image": ZONE1_IMAGE_PA, "name": zone_name}
    text = text.replace("const struct board board = {", zone + "const struct board board = {", 1)
    text = text.rstrip().rstrip("};").rstrip() + (
        "\n\t.static_zones = static_zones,\n\t.nr_static_zones = ARRAY_SIZE(static_zones),\n};\n")
    with open(board_c, "w", encoding="utf-8") as f:
        f.write(text)
    build = os.path.join(work, "build")
    rc, out = make(ctx, ctx.repo_root, "-j2", "all",
                   "BOARD_DIR=%s" % os.path.relpath(board_dir, ctx.repo_root),
                   "BUILD=%s" % os.path.relpath(build, ctx.repo_root))
    if rc != 0:
        raise TestFailure("building the board with a static zone failed:\n%s" % out[-3000:])
    return work, os.path.join(build, "hvisor.raw")


def read_words(sh, pa, n):
    """n 32-bit words of physical memory at pa, read by the root Linux through /dev/mem
    (busybox devmem: the RAM set aside for zones is not the root Linux's own)."""
    out = sh.run("a=$((%#x)); e=$((a + %d)); while [ $a -lt $e ]; do devmem $a 32; "
                 "a=$((a + 4)); done" % (pa, 4 * n), timeout=120)
    return [int(w, 16) for w in out.split()]
