#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench: instruction counts of the hypervisor's exit paths under QEMU icount.

With -icount shift=0,align=off QEMU advances virtual time by 1 ns per executed instruction,
and CNTVCT runs at 62.5 MHz on QEMU virt, so one counter tick is 16 instructions. The
benchmark guest (tests/guests/bench) times 100,000 iterations of each operation with
CNTVCT and prints the ticks; the empty loop is subtracted. The figures are exact and the
same on any host. Bao's figures were measured the same way (docs/benchmarks.md).
With --linux, the root-Linux boot time to the shell prompt under the hypervisor is also
divided by the same kernel booted natively by QEMU (same CPUs, memory and DTB).
"""

import argparse
import os
import re
import shlex
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "system"))
from qemu import Qemu, TestFailure  # noqa: E402

BAO = {"hvc": 153, "gicd-typer": 227, "sgi1r": 247, "timer-irq": 226}
LABELS = {
    "hvc": "null hypercall round trip",
    "gicd-typer": "emulated GICD_TYPER read",
    "sgi1r": "trapped ICC_SGI1R_EL1 write",
    "timer-irq": "virtual timer IRQ, deadline to guest handler",
}


def run_micro(a):
    cmd = ([a.qemu] + shlex.split(a.machine) + ["-icount", "shift=0,align=off",
           "-kernel", a.hv_raw, "-device",
           "loader,file=%s,addr=%s,force-raw=on" % (a.guest, a.guest_addr)])
    with Qemu(cmd, os.path.join(a.log_dir, "bench-micro.log"), timeout=300) as q:
        q.expect(r"BENCH done", timeout=300)
        out = q.output
        q.wait_exit(30)
    freq = int(re.search(r"BENCH freq (\d+)", out).group(1))
    per_tick = 1e9 / freq  # instructions per counter tick at 1 ns per instruction
    res = {}
    for name, ticks, iters in re.findall(r"BENCH (\S+) (\d+) (\d+)", out):
        res[name] = int(ticks) * per_tick / int(iters)
    if "BENCH-ERROR" in out:
        raise TestFailure("benchmark guest reported an error:\n" + out)
    empty = res.pop("empty")
    for k in ("hvc", "gicd-typer", "sgi1r"):
        res[k] -= empty
    return res


def boot_time(cmd, log, prompt):
    start = time.monotonic()
    with Qemu(cmd, log, timeout=600) as q:
        q.expect(prompt, timeout=600)
        return time.monotonic() - start


def run_linux(a):
    base = [a.qemu] + shlex.split(a.machine)
    guest = ["-device", "loader,file=%s,addr=%s,force-raw=on" % (a.kernel, a.guest_addr),
             "-device", "loader,file=%s,addr=%s,force-raw=on" % (a.dtb, a.dtb_addr),
             "-device", "loader,file=%s,addr=%s,force-raw=on" % (a.initrd, a.initrd_addr)]
    hv = base + ["-kernel", a.hv_raw] + guest
    # Natively: QEMU boots the same Image, DTB and initramfs with the same CPUs and memory.
    native = base + ["-kernel", a.kernel, "-dtb", a.dtb, "-device",
                     "loader,file=%s,addr=%s,force-raw=on" % (a.initrd, a.initrd_addr)]
    t_hv = boot_time(hv, os.path.join(a.log_dir, "bench-linux-hv.log"), a.prompt)
    t_native = boot_time(native, os.path.join(a.log_dir, "bench-linux-native.log"), a.prompt)
    return t_hv, t_native


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--machine", required=True)
    ap.add_argument("--hv-raw", required=True)
    ap.add_argument("--guest", required=True)
    ap.add_argument("--guest-addr", required=True)
    ap.add_argument("--log-dir", required=True)
    ap.add_argument("--linux", action="store_true")
    ap.add_argument("--kernel")
    ap.add_argument("--dtb")
    ap.add_argument("--dtb-addr")
    ap.add_argument("--initrd")
    ap.add_argument("--initrd-addr")
    ap.add_argument("--prompt", default=r"zone0:.*# ")
    a = ap.parse_args()
    os.makedirs(a.log_dir, exist_ok=True)

    res = run_micro(a)
    print("%-46s %12s %8s %7s" % ("operation", "instructions", "Bao", "ratio"))
    for k in ("hvc", "gicd-typer", "sgi1r", "timer-irq"):
        print("%-46s %12.0f %8d %7.2f" % (LABELS[k], res[k], BAO[k], res[k] / BAO[k]))
    if a.linux:
        t_hv, t_native = run_linux(a)
        print("%-46s %12s %8s %7.2f" % ("root Linux boot to shell, hvisor-c / native",
                                         "%.1fs/%.1fs" % (t_hv, t_native), "", t_hv / t_native))
    return 0


if __name__ == "__main__":
    sys.exit(main())
