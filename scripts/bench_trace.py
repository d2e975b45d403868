#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where the instructions of one benchmark operation go: make bench's guest runs under
QEMU with one instruction per translation block; once the guest prints a given line, the
exec log is switched on (QEMU monitor `log exec,nochain`) for a moment. One iteration, from
one execution of a guest instruction (the operation's, e.g. the HVC of the null-hypercall
loop) to the next, is then counted per function of the hypervisor and of the guest, and
with --list printed instruction by instruction, disassembled.

    python3 scripts/bench_trace.py --machine "<QEMU_MACHINE>" --hv-elf build/qemu-gicv3/hvisor.elf \\
        --hv-raw build/qemu-gicv3/hvisor.raw --guest-elf build/guests/bench.elf \\
        --guest build/guests/bench.bin --guest-addr 0xa0400000 \\
        --after "BENCH empty" --pc <address of the loop's hvc in bench.elf> [--list]

The operations follow each other in the guest (tests/guests/bench/main.c): --after names
the BENCH line printed just before the loop of interest. Under icount each instruction is
one nanosecond, so the count per iteration is the figure make bench prints, plus the
loop's own instructions. Standard library only; QEMU has a timeout and is always killed.
"""

import argparse
import bisect
import collections
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import hvc_qemu

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "system"))
from qemu import Qemu, TestFailure  # noqa: E402

OBJDUMP = "aarch64-linux-gnu-objdump"
NM = "aarch64-linux-gnu-nm"


def symbols(elf):
    """Sorted (address, name) of the ELF's functions."""
    out = subprocess.run([NM, "-n", elf], check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def disassembly(elf):
    """{address: instruction text} of the ELF."""
    out = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn", elf], check=True,
                         capture_output=True, text=True).stdout
    insns = {}
    for m in re.finditer(r"^\s+([0-9a-f]+):\s+(.*)$", out, re.M):
        insns[int(m.group(1), 16)] = m.group(2).strip()
    return insns


def trace(a, log):
    """Run the guest, switch the exec log on after a.after for a.seconds; the log's PCs."""
    monitor = os.path.join(os.path.dirname(log), "monitor.sock")
    cmd = (hvc_qemu.machine_cmd(a.qemu, a.machine)
           + ["-icount", "shift=0,align=off", "-singlestep", "-D", log,
              "-monitor", "unix:%s,server=on,wait=off" % monitor]
           + hvc_qemu.hv_args("kernel", a.hv_raw, None, None)
           + hvc_qemu.loader(a.guest, a.guest_addr))
    with Qemu(cmd, log + ".console", timeout=a.timeout) as q:
        q.expect(re.escape(a.after), timeout=a.timeout)
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(monitor)
            s.sendall(b"log exec,nochain\n")
            time.sleep(a.seconds)
            s.sendall(b"log none\n")
            time.sleep(0.2)
    with open(log, errors="replace") as f:
        return [int(m.group(1), 16) for m in re.finditer(r"\[[0-9a-f]+/([0-9a-f]+)/", f.read())]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--machine", required=True)
    ap.add_argument("--hv-raw", required=True)
    ap.add_argument("--hv-elf", required=True)
    ap.add_argument("--guest", required=True)
    ap.add_argument("--guest-elf", required=True)
    ap.add_argument("--guest-addr", required=True)
    ap.add_argument("--after", required=True, help="guest line printed before the loop")
    ap.add_argument("--pc", required=True, help="a guest instruction executed once per iteration")
    ap.add_argument("--seconds", type=float, default=0.3, help="how long the log stays on")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--list", action="store_true", help="print every instruction")
    a = ap.parse_args()

    pc = int(a.pc, 0)
    with tempfile.TemporaryDirectory(prefix="hvc-trace-") as tmp:
        pcs = trace(a, os.path.join(tmp, "exec.log"))
    hits = [i for i, p in enumerate(pcs) if p == pc]
    if len(hits) < 3:
        raise TestFailure("the guest executed %#x %d times while the log was on: check --pc "
                          "and --after, or raise --seconds" % (pc, len(hits)))
    # A whole iteration from the middle of the log (the first may be cut by the switch).
    seq = pcs[hits[len(hits) // 2]:hits[len(hits) // 2 + 1]]
    syms = sorted(symbols(a.hv_elf) + symbols(a.guest_elf))
    addrs = [s for s, _ in syms]
    per_fn = collections.OrderedDict()
    for p in seq:
        i = bisect.bisect_right(addrs, p) - 1
        name = syms[i][1] if i >= 0 else "?"
        per_fn[name] = per_fn.get(name, 0) + 1
    print("%d instructions per iteration (%d iterations logged)" % (len(seq), len(hits) - 1))
    for name, n in per_fn.items():
        print("%6d  %s" % (n, name))
    if a.list:
        insns = disassembly(a.hv_elf)
        insns.update(disassembly(a.guest_elf))
        for p in seq:
            print("%#x  %s" % (p, insns.get(p, "?")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
