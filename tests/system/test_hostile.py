# SPDX-License-Identifier: GPL-2.0
"""A hostile root zone (tests/guests/hostile) on QEMU virt: what it does from inside the
zone gets an architectural answer, and the hypervisor, its console and the zone's other
CPU go on. The guest checks the answers it gets (`GUEST: <name>: PASS|FAIL`); this file
checks the hypervisor's side of the console:

- CPU 1 starts after an SGI, a PPI or an SPI was made pending for it before it ever ran
  (one boot each: the guest reads which from GUEST_PARAMS, put in its RAM by QEMU);
- misaligned and narrow GICR accesses are reported (at least one warning, at most one
  per access) and nothing else goes wrong;
- all-ones to every GICD_ISENABLER word gives at most one report per write, rate-limited,
  naming no INTID the distributor does not implement (>= 32 * (ITLinesNumber + 1)) and
  none of the reserved 1020-1023;
- no ERROR or FATAL line at all.

    make all guests && python3 tests/system/runner.py --only test_hostile
"""

import os
import re

from guestlog import guest_problems, guest_results
from qemu import TestFailure

# Where the guest finds its parameters: 1 MiB below its load address (guest.h).
PARAMS_BELOW_ENTRY = 0x100000
# Messages a guest can trigger come at most this many at once (include/ratelimit.h).
RATELIMIT_BURST = 10

CHECKS_FULL = [
    "never-ran-sgi",
    "smccc-over-hvc",
    "t32-it-block",
    "gicr-narrow",
    "gicr-prio-misaligned",
    "pmu-counters",
    "pmu-reset-at-start",
    "isenabler-all-ones",
]

HV_LOG_LINE = re.compile(r"\[\s*\d+\.\d+ cpu\S*\] (FATAL|ERROR|WARN |INFO |DEBUG)\s*(.*)")


def guest_path(ctx, name):
    d = os.environ.get("GUEST_DIR", "").strip() or os.path.join("build", "guests")
    path = os.path.join(d, name + ".bin")
    return path if os.path.isabs(path) else os.path.join(ctx.repo_root, path)


def qemu_guest(ctx, name, params=(), timeout=60):
    """The hypervisor with guest `name` as the root zone's kernel; params are u64 words
    QEMU writes into guest RAM before it starts (GUEST_PARAMS[0], [1], ...)."""
    guest = guest_path(ctx, name)
    ctx.need_file(ctx.hv_raw, "hypervisor raw image")
    ctx.need_file(guest, "%s test guest" % name, "run `make guests`")
    cmd = [ctx.qemu_bin] + ctx.qemu_machine_args + ["-kernel", ctx.hv_raw]
    cmd += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (guest, ctx.guest_addr)]
    base = ctx.guest_addr - PARAMS_BELOW_ENTRY
    for i, value in enumerate(params):
        cmd += ["-device", "loader,addr=0x%x,data=0x%x,data-len=8" % (base + 8 * i, value)]
    return ctx.run(cmd, timeout)


def run_guest(ctx, name, checks, params=(), timeout=60, done_timeout=None):
    """Boot, wait for the guest's summary and SYSTEM_OFF; returns (q, problems)."""
    q = qemu_guest(ctx, name, params, timeout)
    q.expect(r"\ball \d+ CPUs online\b", 30)
    start = q.pos
    done = q.expect(r"GUEST: done (\d+) passed, (\d+) failed\n", done_timeout or timeout)
    text = done.string[start : done.start()]
    summary = (int(done.group(1)), int(done.group(2)))
    problems = guest_problems(guest_results(text), summary, checks, "the expected checks")
    rc = q.wait_exit(20)
    if rc != 0:
        problems.append("QEMU exited with status %d after SYSTEM_OFF, expected 0" % rc)
    for level, message in hv_lines(q.output):
        if level in ("FATAL", "ERROR") or "FATAL" in message:
            problems.append("hypervisor %s: %s" % (level, message))
    return q, problems


def hv_lines(text):
    return [(m.group(1).strip(), m.group(2)) for m in HV_LOG_LINE.finditer(text)]


def window(q, what):
    """The console between the guest's `GUEST: -- <what> begin` and `... end` lines."""
    m = re.search(r"GUEST: -- %s begin.*?\n(.*?)GUEST: -- %s end" % (what, what), q.output,
                  re.S)
    if not m:
        raise TestFailure("no `GUEST: -- %s begin/end` lines (full log: %s)" % (what, q.log_path))
    return m.group(0)


def fail(q, problems):
    raise TestFailure(
        "hostile guest:\n  %s\n--- console (full log: %s) ---\n%s"
        % ("\n  ".join(problems), q.log_path, q.tail(60))
    )


def check_reported(q, what, most, problems):
    """Odd GICR accesses: at least one warning, at most one per access."""
    warns = [m for l, m in hv_lines(window(q, what)) if l == "WARN" and "GICR" in m]
    if not warns:
        problems.append("%s: no hypervisor warning about the odd GICR accesses" % what)
    elif len(warns) > most:
        problems.append("%s: %d warnings for %d odd accesses:\n    %s"
                        % (what, len(warns), most, "\n    ".join(warns[:12])))


def check_unowned_enables(q, problems):
    text = window(q, "isenabler-all-ones")
    m = re.search(r"ITLinesNumber (\d+)", text)
    limit = 32 * (int(m.group(1)) + 1)
    warns = [msg for l, msg in hv_lines(text) if l == "WARN"]
    if len(warns) > RATELIMIT_BURST:
        problems.append(
            "isenabler-all-ones: %d warnings for 32 writes, want at most one summary per "
            "write, rate-limited (%d); the first:\n    %s"
            % (len(warns), RATELIMIT_BURST, "\n    ".join(warns[:5])))
    for msg in warns:
        # Decimal numbers that are not part of a hex address or a DT unit address.
        named = [int(n) for n in re.findall(r"(?<![0-9a-fA-Fx@])(\d+)(?![0-9a-fA-Fx])", msg)]
        bad = [n for n in named if limit <= n <= 1023]
        if bad:
            problems.append("isenabler-all-ones: a warning names INTIDs %s, not implemented "
                            "(the distributor has %d) or reserved: %s" % (bad[:8], limit, msg))
            break


def test_hostile_guest(ctx):
    """SGI for a CPU that never ran, SMCCC over HVC, a T32 IT block, odd GICR accesses,
    the PMU, all-ones to GICD_ISENABLER: architectural answers, a readable console."""
    q, problems = run_guest(ctx, "hostile", CHECKS_FULL, params=(0,), timeout=90)
    with q:
        check_reported(q, "gicr-narrow", 6, problems)
        check_reported(q, "gicr-prio-misaligned", 2, problems)
        check_unowned_enables(q, problems)
        if problems:
            fail(q, problems)


def test_hostile_never_ran_ppi(ctx):
    """A PPI of CPU 1 set pending through its redistributor before CPU 1 ever ran."""
    q, problems = run_guest(ctx, "hostile", ["never-ran-ppi"], params=(1,), timeout=60)
    with q:
        if problems:
            fail(q, problems)


def test_hostile_never_ran_spi(ctx):
    """An owned SPI routed to CPU 1 and set pending before CPU 1 ever ran."""
    q, problems = run_guest(ctx, "hostile", ["never-ran-spi"], params=(2,), timeout=60)
    with q:
        if problems:
            fail(q, problems)
