# SPDX-License-Identifier: GPL-2.0
"""GICv2 in every `make test`. On a board other than qemu-gicv2 (make test's default is
qemu-gicv3), build qemu-gicv2 into its own build folder (build/qemu-gicv2) and run its
boot, vGIC guest, root-Linux interrupt and zone scenarios with a second runner, whose
board facts come from `make test-env BOARD=qemu-gicv2` as for any board. On qemu-gicv2
itself the whole suite runs there already, so this scenario has nothing to add.

    python3 tests/system/runner.py --only test_gicv2
"""

import os
import re
import signal
import subprocess
import sys

from qemu import TestFailure

GICV2_BOARD = "qemu-gicv2"
SCENARIOS = [
    "test_boot::test_direct_boot_guest",
    "test_vgic::test_vgic_guest",
    "test_linux::test_linux_interrupts",
    "test_zonectl::test_zonectl_bare_metal",
]
BUILD_TIMEOUT = 600
RUN_TIMEOUT = 420
# What describes the board under test (TEST_ENV in the Makefile, the runner's optional
# settings): the second runner gets qemu-gicv2's from make instead.
BOARD_SETTINGS = (
    "BOARD", "BUILD_DIR", "IRQCHIP", "BOARD_NR_CPUS", "BOARD_ZONE0_CPUS", "ZONE0_ENTRY",
    "ZONE0_DTB_ADDR", "ZONE0_INITRD_ADDR", "QEMU_MACHINE", "TEST_GUEST", "GUEST_DIR",
    "LINUX_DTB", "ZONE0_DTB", "TEST_LOG_DIR", "VGIC_GUEST", "MAKEFLAGS", "MFLAGS",
    "MAKELEVEL", "MAKEOVERRIDES",
)


def gicv2_env():
    env = {k: v for k, v in os.environ.items() if k not in BOARD_SETTINGS}
    env["BOARD"] = GICV2_BOARD
    env["ZONE_CYCLES"] = "5"  # the full 20 run when the suite runs on qemu-gicv2
    return env


def tail(text, n=60):
    return "\n".join(text.rstrip("\n").split("\n")[-n:])


def test_gicv2_board(ctx):
    """qemu-gicv2 builds, boots the test guest, passes the GICv2 vGIC guest, runs the
    root Linux with its interrupts and starts and stops a zone."""
    if ctx.board == GICV2_BOARD:
        print("    (the whole suite runs on %s: nothing to add)" % GICV2_BOARD)
        return
    env = gicv2_env()
    build = ["make", "--no-print-directory", "-s", "-C", ctx.repo_root, "-j2",
             "BOARD=" + GICV2_BOARD, "all", "guests"]
    try:
        r = subprocess.run(build, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise TestFailure("`%s` did not finish within %d s" % (" ".join(build), BUILD_TIMEOUT))
    out = r.stdout.decode("utf-8", "replace")
    if r.returncode != 0:
        raise TestFailure("`%s` failed (status %d):\n%s" % (" ".join(build), r.returncode,
                                                           tail(out)))
    cmd = [sys.executable, os.path.join(ctx.repo_root, "tests", "system", "runner.py")]
    for s in SCENARIOS:
        cmd += ["--only", s]
    # On a timeout the runner is interrupted, so it closes the QEMUs it started (each in
    # its own process group) as after Ctrl-C; killed only if it does not end by itself.
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        raw, _ = p.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGINT)
        try:
            raw, _ = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            raw, _ = p.communicate()
        raise TestFailure("the %s scenarios did not finish within %d s:\n%s"
                          % (GICV2_BOARD, RUN_TIMEOUT, tail(raw.decode("utf-8", "replace"))))
    out = raw.decode("utf-8", "replace")
    m = re.findall(r"^(\d+) passed, (\d+) failed$", out, re.M)
    if p.returncode != 0 or not m or m[-1] != (str(len(SCENARIOS)), "0"):
        raise TestFailure("on %s (want %d scenarios passed, none failed):\n%s"
                          % (GICV2_BOARD, len(SCENARIOS), tail(out, 80)))
    for line in out.splitlines():
        if line.startswith("PASS "):
            print("    %s: %s" % (GICV2_BOARD, line))
