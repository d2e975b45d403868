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

from guestlog import hv_lines, run_guest
from qemu import TestFailure

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


def gic_version(ctx):
    """The board's GIC version, the guest's GUEST_PARAMS[1]."""
    return 2 if ctx.irqchip == "gicv2" else 3


def odd_accesses(ctx):
    """The checks of odd accesses to word-only GIC registers, the device the warnings
    name, and how many odd accesses each makes: the redistributor's on a GICv3, the
    distributor's on a GICv2 (no redistributors)."""
    part = "gicd" if gic_version(ctx) == 2 else "gicr"
    return part.upper(), [(part + "-narrow", 6 if part == "gicr" else 5),
                          (part + "-prio-misaligned", 2)]



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


def check_reported(q, what, most, problems, device="GICR"):
    """Odd GICR (GICD) accesses: at least one warning, at most one per access."""
    warns = [m for l, m in hv_lines(window(q, what)) if l == "WARN" and device in m]
    if not warns:
        problems.append("%s: no hypervisor warning about the odd %s accesses" % (what, device))
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
    device, odd = odd_accesses(ctx)
    checks = [c if not c.startswith("gicr-") else c.replace("gicr", device.lower())
              for c in CHECKS_FULL]
    q, problems = run_guest(ctx, "hostile", checks, params=(0, gic_version(ctx)), timeout=90)
    with q:
        for what, most in odd:
            check_reported(q, what, most, problems, device)
        check_unowned_enables(q, problems)
        if problems:
            fail(q, problems)


def test_hostile_never_ran_ppi(ctx):
    """A PPI of CPU 1 set pending through its redistributor before CPU 1 ever ran."""
    if gic_version(ctx) == 2:
        # A GICv2 banks each CPU's PPIs in the distributor, seen by that CPU only.
        print("    (GICv2: no CPU can make another CPU's PPI pending; nothing to run)")
        return
    q, problems = run_guest(ctx, "hostile", ["never-ran-ppi"], params=(1,), timeout=60)
    with q:
        if problems:
            fail(q, problems)


def test_hostile_never_ran_spi(ctx):
    """An owned SPI routed to CPU 1 and set pending before CPU 1 ever ran."""
    q, problems = run_guest(ctx, "hostile", ["never-ran-spi"], params=(2, gic_version(ctx)),
                            timeout=60)
    with q:
        if problems:
            fail(q, problems)
