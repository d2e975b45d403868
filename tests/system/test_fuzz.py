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


def gic_version(ctx):
    """The board's GIC version: the guest's GUEST_PARAMS[3]."""
    return 2 if ctx.irqchip == "gicv2" else 3


def run_fuzz(ctx, seed, scale=1):
    """One fuzzing run; returns a one-line summary, raises TestFailure on a problem."""
    from guestlog import guest_problems, guest_results

    timeout = 60 + 20 * scale
    with qemu_guest(ctx, "fuzz", (seed, scale, 0, gic_version(ctx)), timeout) as q:
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


def test_fuzz_beside_root_linux(ctx):
    """The fuzzing guest as a zone beside the root Linux (a static zone on CPUs 2-3 of a
    board variant): it finishes with every answer architectural and ends itself (PSCI
    SYSTEM_OFF ends only its zone), while the root Linux's shell answers, its timers tick
    on both its CPUs and its kernel log stays clean."""
    import struct
    import time

    import variants
    from guestlog import guest_path, guest_problems, guest_results
    from test_linux import KERNEL_TROUBLE, irq_row, parse_interrupts

    seed = 404
    work, hv_raw = variants.static_zone_board(ctx, "test-fuzz-zone", "fuzz")
    fuzz = guest_path(ctx, "fuzz")
    ctx.need_file(fuzz, "fuzzing guest", "run `make guests`")
    params = variants.zone1_params_pa(ctx)
    extra = ["-device", "loader,file=%s,addr=%#x,force-raw=on" % (fuzz, variants.ZONE1_IMAGE_PA)]
    for i, value in enumerate((seed, 1, 1, gic_version(ctx))):  # seed, scale, beside, GIC
        extra += ["-device", "loader,addr=%#x,data=%d,data-len=8" % (params + 8 * i, value)]
    q = ctx.linux_direct(extra=extra, timeout=300, hv_raw=hv_raw)
    sh = ctx.linux_shell(q, 200)
    problems = []
    first = parse_interrupts(sh.run("cat /proc/interrupts"))
    time.sleep(2)
    second = parse_interrupts(sh.run("cat /proc/interrupts"))
    t1, t2 = irq_row(first, r"arch_timer"), irq_row(second, r"arch_timer")
    for cpu in (0, 1):
        if t2.get(cpu, 0) <= t1.get(cpu, 0):
            problems.append("the root Linux's timer did not tick on CPU %d while the fuzzing "
                            "zone ran" % cpu)
    # It may have ended while the shell was busy: look at the whole console.
    deadline = time.monotonic() + 240
    while not re.search(r"zone 1 'fuzz' ended itself \(PSCI SYSTEM_OFF", q.output):
        if time.monotonic() > deadline:
            raise TestFailure("the fuzzing zone did not end within 240 s (full log: %s)"
                              % q.log_path)
        time.sleep(1)
    head = variants.read_words(sh, variants.ZONE1_SHARED_PA + 16, 1)[0]
    if not 0 < head <= 0x4000:
        raise TestFailure("the fuzzing zone's console buffer says %d bytes (full log: %s)"
                          % (head, q.log_path))
    words = variants.read_words(sh, variants.ZONE1_CONSOLE_PA, (head + 3) // 4)
    text = b"".join(struct.pack("<I", w) for w in words)[:head].decode("utf-8", "replace")
    done = re.search(r"GUEST: done (\d+) passed, (\d+) failed\n", text)
    if not done:
        problems.append("no `GUEST: done` line in the zone's output:\n%s" % text)
    else:
        problems += guest_problems(guest_results(text), (int(done.group(1)), int(done.group(2))),
                                   FUZZ_CHECKS, "FUZZ_CHECKS")
    dmesg = sh.run("dmesg", raw=True, timeout=60)
    problems += ["root Linux: %s" % t for t in KERNEL_TROUBLE if t in dmesg]
    problems += ["hypervisor %s: %s" % l for l in hv_lines(q.output)
                 if l[0] in ("ERROR", "FATAL") or "FATAL" in l[1]]
    if problems:
        raise TestFailure("fuzz seed %d beside the root Linux:\n  %s\n--- zone output ---\n%s"
                          "\n(full log: %s)" % (seed, "\n  ".join(problems), text, q.log_path))
    print("    seed %d beside the root Linux: %s" % (
        seed, (re.search(r"GUEST: fuzz ran (.*)\n", text) or re.search("()", "")).group(1)),
        flush=True)
    import shutil
    shutil.rmtree(work, ignore_errors=True)
