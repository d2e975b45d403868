# SPDX-License-Identifier: GPL-2.0
"""What a porting user sees when something goes wrong.

- An exception taken at EL2 (a hypervisor bug) prints a decoded report and stops that
  CPU only: provoked by stopping the hypervisor with gdb inside its hypercall handler and
  sending that CPU to an address outside the EL2 map.
- LOG=trace traces every guest exit (a separate build directory, same sources).
"""

import os
import re
import socket
import subprocess

from qemu import TestFailure

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNMAPPED_AT_EL2 = 0x1000  # below every range of qemu-gicv3's EL2 map


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def symbol(elf, name):
    out = subprocess.run(["aarch64-linux-gnu-nm", elf], capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r"^([0-9a-f]+) [Tt] %s$" % re.escape(name), out, re.M)
    if not m:
        raise TestFailure("symbol %s not found in %s" % (name, elf))
    return int(m.group(1), 16)


def test_el2_exception_report(ctx):
    ctx.need_file(ctx.hv_elf, "hypervisor ELF")
    port = free_port()
    q = ctx.qemu_direct(extra=["-S", "-gdb", "tcp:127.0.0.1:%d" % port], timeout=90)
    gdb = subprocess.run(
        ["gdb-multiarch", "-batch", "-nx", "-ex", "file %s" % ctx.hv_elf,
         "-ex", "set architecture aarch64",
         "-ex", "target remote 127.0.0.1:%d" % port,
         "-ex", "hbreak *0x%x" % symbol(ctx.hv_elf, "hypercall"),
         "-ex", "continue",
         "-ex", "set $pc = 0x%x" % UNMAPPED_AT_EL2,
         "-ex", "delete", "-ex", "detach"],
        capture_output=True, text=True, timeout=60)
    if gdb.returncode != 0 or not re.search(r"Breakpoint 1, .*hypercall", gdb.stdout):
        raise TestFailure("gdb did not stop in the hypervisor's hypercall handler:\n%s\n%s"
                          % (gdb.stdout[-2000:], gdb.stderr[-2000:]))
    q.expect(r"CPU (\d) stopped; the other CPUs go on", timeout=30)
    out = q.output
    start = out.rfind("FATAL:")
    report = out[start:]
    expected = [
        r"FATAL: synchronous exception at EL2 on CPU 0",
        r"EC 0x21 \(instruction abort at the same EL\), ESR 0x86[0-9a-f]+, FAR 0x%x" % UNMAPPED_AT_EL2,
        r"ELR 0x%x, SPSR 0x[0-9a-f]+, SP 0x[0-9a-f]+" % UNMAPPED_AT_EL2,
        r"x0  [0-9a-f]{16} x1  [0-9a-f]{16} x2  [0-9a-f]{16} x3  [0-9a-f]{16}",
        r"x28 [0-9a-f]{16} x29 [0-9a-f]{16} x30 [0-9a-f]{16}",
    ]
    missing = [e for e in expected if not re.search(e, report)]
    if start < 0 or missing:
        raise TestFailure("the EL2 exception report lacks %s\n--- console (full log: %s) ---\n%s"
                          % (missing, q.log_path, q.tail()))


def test_log_trace(ctx):
    build = os.path.join(ctx.log_dir, "trace-build")
    make = subprocess.run(["make", "-C", REPO, "--no-print-directory", "LOG=trace",
                           "BUILD=%s" % build, "all"],
                          capture_output=True, text=True, timeout=600,
                          env={k: v for k, v in os.environ.items()
                               if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "BUILD")})
    if make.returncode != 0:
        raise TestFailure("make LOG=trace failed:\n%s" % (make.stdout + make.stderr)[-3000:])
    raw = os.path.join(build, "hvisor.raw")
    with ctx.qemu_direct(timeout=90, hv_raw=raw) as q:
        q.expect(r"GUEST: done \d+ passed, \d+ failed", timeout=90)
        q.wait_exit(30)
        out = q.output
    # Every exit of the basic guest is traced: its HVCs, SMCs and the data abort.
    hvc = len(re.findall(r"TRACE exit: EC 0x16 ", out))
    smc = len(re.findall(r"TRACE exit: EC 0x17 ", out))
    dabt = len(re.findall(r"TRACE exit: EC 0x24 ", out))
    if hvc < 4 or smc < 3 or dabt < 1 or "LOG=trace" not in out:
        raise TestFailure("LOG=trace: expected traced exits (HVC >= 4, SMC >= 3, data abort "
                          ">= 1), got %d, %d, %d (log: %s)" % (hvc, smc, dabt, q.log_path))
