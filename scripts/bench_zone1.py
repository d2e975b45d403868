#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench: zone1 Linux, from `hvisor zone start` to its shell, against the same kernel
booted natively by QEMU. Wall clock, one run of each, reported only as their ratio
(DESIGN.md section 6):

- under hvisor-c: the root Linux (the tools in its initramfs) waits at its prompt with
  hvisor.ko loaded; the clock starts when `hvisor zone start zone1-linux.json` is typed
  and stops at zone1's shell prompt on its own console (QEMU's virtio-mmio slot 29,
  passed through). That includes the CLI copying the Image, DTB and initramfs into zone1's
  RAM, and zone1's boot while the root Linux idles on CPUs 0-1;
- natively: QEMU starts the same Image, zone1.dtb (its /chosen naming the initramfs, as the
  CLI writes it) and zone1's initramfs at the addresses of zone1-linux.json, on zone1's
  first CPU (a stub turns it on by PSCI: the DT's CPUs and redistributors are zone1's),
  with the same console; the clock starts with QEMU and stops at the same prompt. The
  kernel starts there at EL2, as in the native root-Linux figure of scripts/bench.py.

usage: bench_zone1.py --zone1-initrd <initramfs-zone1.cpio.gz>
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "system"))

import hvc_qemu  # noqa: E402
import runner  # noqa: E402
from bench import native_stub  # noqa: E402
from qemu import TestFailure, close_all  # noqa: E402
from test_zones_linux import (ZONE1_JSON, ZONE1_PROMPT, ZoneShell, boot_root,  # noqa: E402
                              insmod, zone1_qemu_args)

PROMPT_TIMEOUT = 300
STARTED = "zone 1 (zone1-linux) started"


def prompt_after(zsh, t0, tick=lambda: None):
    """Seconds from t0 to zone1's shell prompt; tick() is called every 0.2 s meanwhile. A
    prompt lost while zone1's virtio console comes up is asked for again with an empty
    line each second."""
    n = 0
    while True:
        tick()
        try:
            zsh.q.expect(ZONE1_PROMPT, 0.2)
            return time.monotonic() - t0
        except TestFailure:
            if time.monotonic() - t0 > PROMPT_TIMEOUT:
                zsh.fail("no zone1 prompt within %d s" % PROMPT_TIMEOUT)
            n += 1
            if n % 5 == 0:
                zsh.q.send("\n")


def check_cpus(zsh, how):
    """Both runs boot zone1's Linux on its two CPUs, or the figures compare nothing."""
    online = zsh.run("cat /sys/devices/system/cpu/online").strip()
    if online != "0-1":
        zsh.fail("zone1 %s: its online CPUs are %r, expected '0-1'" % (how, online))


def under_hypervisor(ctx, tmp):
    """(seconds to zone1's prompt, seconds of them until the CLI said the zone started)."""
    sock = os.path.join(tmp, "zone1-hv.sock")
    q, sh = boot_root(ctx, sock, timeout=PROMPT_TIMEOUT + 300)
    insmod(sh)
    zsh = ZoneShell(ctx, sock, PROMPT_TIMEOUT + 60)
    mark = len(q.output)
    started = []

    def tick():
        if not started and STARTED in q.output[mark:]:
            started.append(time.monotonic() - t0)

    t0 = time.monotonic()
    q.send("hvisor zone start %s\n" % ZONE1_JSON)
    t = prompt_after(zsh, t0, tick)
    tick()
    check_cpus(zsh, "under the hypervisor")
    if not started:
        sh.fail("`hvisor zone start %s` did not say `%s`" % (ZONE1_JSON, STARTED))
    zsh.q.close()
    q.close()
    return t, started[0]


def native(ctx, tmp, zone1_initrd):
    """QEMU runs zone1's kernel, DTB and initramfs itself, where zone1-linux.json puts
    them, on the first CPU of zone1.dtb."""
    with open(os.path.join(ctx.repo_root, "platform", "aarch64", ctx.board, "configs",
                           "zone1-linux.json")) as f:
        cfg = json.load(f)
    kernel, dtb_addr, initrd_addr, entry = (int(cfg[k], 0) for k in (
        "kernel_load_paddr", "dtb_load_paddr", "initrd_load_paddr", "entry_point"))
    zone1_dtb = os.path.join(ctx.build_dir, "dts", cfg["dtb_filepath"])
    cpus = subprocess.run(["fdtget", "-l", zone1_dtb, "/cpus"], check=True,
                          capture_output=True, text=True).stdout.split()
    mpidr = int(subprocess.run(["fdtget", zone1_dtb, "/cpus/" + cpus[0], "reg"], check=True,
                               capture_output=True, text=True).stdout.split()[-1])
    dtb = hvc_qemu.dtb_with_initrd(zone1_dtb, zone1_initrd, initrd_addr, tmp)
    stub = native_stub(os.path.join(tmp, "zone1-stub.img"), entry, dtb_addr, cpu=mpidr)
    sock = os.path.join(tmp, "zone1-native.sock")
    cmd = (hvc_qemu.machine_cmd(ctx.qemu_bin, ctx.qemu_machine) + ["-kernel", stub]
           + hvc_qemu.loader(ctx.linux_image, kernel) + hvc_qemu.loader(dtb, dtb_addr)
           + hvc_qemu.loader(zone1_initrd, initrd_addr) + zone1_qemu_args(sock))
    t0 = time.monotonic()
    q = ctx.run(cmd, PROMPT_TIMEOUT + 60)
    zsh = ZoneShell(ctx, sock, PROMPT_TIMEOUT + 60)
    t = prompt_after(zsh, t0)
    check_cpus(zsh, "booted natively")
    zsh.q.close()
    q.close()
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--zone1-initrd", required=True, help="zone1's initramfs (make tools)")
    a = ap.parse_args()
    ctx = runner.Context()
    ctx.test_id = ("bench", "zone1")
    ctx.need_file(a.zone1_initrd, "zone1's initramfs", "run `make tools`")
    tmp = tempfile.mkdtemp(prefix="hvc-bench-zone1-")
    try:
        hv_t, cli_t = under_hypervisor(ctx, tmp)
        nat_t = native(ctx, tmp, a.zone1_initrd)
    finally:
        close_all()
        subprocess.run(["rm", "-rf", tmp])
    print("%-46s %12s %6s %6.2f" % ("zone1 Linux start to shell, wall clock, hv/native",
                                     "%.1fs/%.1fs" % (hv_t, nat_t), "", hv_t / nat_t))
    # The same, from the moment the CLI has loaded the images and started the zone.
    print("%-46s %12s %6s %6.2f" % ("  of which after `zone start` returned, hv/native",
                                     "%.1fs/%.1fs" % (hv_t - cli_t, nat_t),
                                     "", (hv_t - cli_t) / nat_t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
