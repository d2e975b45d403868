# SPDX-License-Identifier: GPL-2.0
"""The fuzzing guest (tests/guests/fuzz) as the root zone: random hypercalls, SMCCC/PSCI
calls, loads and stores of every form over the emulated GIC and space the zone does not
own, trapped SGI register writes, deep interrupt nesting, and its second CPU doing the
same while it is turned off and on. The guest checks every answer; this file checks that
it finished, that QEMU powered off, that the hypervisor logged no error, and that the
console stayed readable (what a zone can trigger at will is rate-limited).

make test runs three fixed seeds at size 1; `make fuzz SEED=n SCALE=k COUNT=c` runs c
seeds from n at size k (scripts/fuzz.py). A failure names the seed that reproduces it.
"""

import re

from qemu import TestFailure
from guestlog import hv_lines, qemu_guest

FUZZ_CHECKS = ["fuzz-cpu0", "fuzz-cpu1", "fuzz-nesting", "fuzz-cpu-cycles", "fuzz-alive"]
SEEDS = (101, 202, 303)
# Rate limiting allows 10 lines per message site per 5 s, plus the count of what was
# suppressed; a run this size stays far below this.
MAX_WARN_LINES = 300


def run_fuzz(ctx, seed, scale=1):
    """One fuzzing run; returns a one-line summary, raises TestFailure on a problem."""
    from guestlog import guest_problems, guest_results

    timeout = 60 + 20 * scale
    gic = 2 if ctx.irqchip == "gicv2" else 3  # the guest's GUEST_PARAMS[2]
    with qemu_guest(ctx, "fuzz", (seed, scale, gic), timeout) as q:
        q.expect(r"\ball \d+ CPUs online\b", 30)
        start = q.pos
        done = q.expect(r"GUEST: done (\d+) passed, (\d+) failed\n", timeout - 10)
        text = done.string[start : done.start()]
        problems = guest_problems(guest_results(text), (int(done.group(1)), int(done.group(2))),
                                  FUZZ_CHECKS, "FUZZ_CHECKS")
        rc = q.wait_exit(20)
        if rc != 0:
            problems.append("QEMU exited with status %d after SYSTEM_OFF, expected 0" % rc)
        lines = hv_lines(q.output)
        problems += ["hypervisor %s: %s" % l for l in lines if l[0] in ("ERROR", "FATAL")
                     or "FATAL" in l[1]]
        warns = sum(1 for l in lines if l[0] == "WARN")
        if warns > MAX_WARN_LINES * scale:
            problems.append("%d WARN lines: the console is flooded" % warns)
        if problems:
            raise TestFailure("fuzz seed %d scale %d (reproduce: make fuzz SEED=%d SCALE=%d):"
                              "\n  %s\n--- console (full log: %s) ---\n%s"
                              % (seed, scale, seed, scale, "\n  ".join(problems), q.log_path,
                                 q.tail(40)))
        ran = re.search(r"GUEST: fuzz ran (.*)\n", q.output)
        return "seed %d scale %d: %s; %d WARN lines" % (seed, scale,
                                                      ran.group(1) if ran else "?", warns)


def test_fuzz_seeds(ctx):
    """Three seeds of the fuzzing guest: architectural answers, a live zone, a clean log."""
    for seed in SEEDS:
        print("    " + run_fuzz(ctx, seed), flush=True)
