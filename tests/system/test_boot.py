# SPDX-License-Identifier: GPL-2.0
"""Boot the hypervisor on QEMU virt (directly and through U-Boot) with the basic test
guest as zone0, and check what a user sees on the console: the banner, all CPUs online,
every guest check passing, the report of the guest's unhandled MMIO access, and QEMU
exiting by itself with status 0 when the guest calls PSCI SYSTEM_OFF."""

import re

from guestlog import guest_problems, guest_results
from qemu import TestFailure

# Checks the basic guest (tests/guests/basic) runs, in the order it prints them.
GUEST_CHECKS = [
    "hvc6-valid",
    "hvc6-bad-addr",
    "hvc-unknown",
    "hvc-keeps-registers",
    "mmio-high-registers",
    "sysreg-high-registers",
    "psci-version-smc",
    "psci-version-hvc",
    "psci-features",
    "smc-unknown",
    "mmio-unhandled",
    "aarch32-el0-abort",
]


def check_boot(ctx, q):
    """Banner, then `CPU n online` for every CPU of the board (any order), then `all N CPUs
    online` (N: the CPU count of board.c, ctx.nr_cpus)."""
    n = ctx.nr_cpus
    banner = q.expect(r"hvisor-c .* board %s\b" % re.escape(ctx.board))
    done = q.expect(r"\ball %d CPUs online\b" % n)
    between = done.string[banner.end() : done.start()]
    online = sorted(int(c) for c in re.findall(r"\bCPU (\d+) online\b", between))
    if online != list(range(n)):
        raise TestFailure(
            "expected one `CPU n online` line for each of CPUs 0..%d before `all %d CPUs "
            "online`, got CPUs %s\n--- console (full log: %s) ---\n%s"
            % (n - 1, n, online, q.log_path, q.tail())
        )


def check_guest(q):
    """Every guest check prints PASS, and the guest's summary says so."""
    start = q.pos
    done = q.expect(r"GUEST: done (\d+) passed, (\d+) failed\n")
    text = done.string[start : done.start()]
    summary = (int(done.group(1)), int(done.group(2)))
    problems = guest_problems(guest_results(text), summary, GUEST_CHECKS, "GUEST_CHECKS")
    if problems:
        raise TestFailure(
            "guest checks failed:\n  %s\n--- console (full log: %s) ---\n%s"
            % ("\n  ".join(problems), q.log_path, q.tail())
        )


def check_mmio_report(q):
    """The hypervisor reported the guest's unhandled MMIO access: zone and IPA."""
    lines = re.findall(r"^.*unhandled MMIO (?:read|write).*$", q.output, re.MULTILINE)
    if not lines:
        raise TestFailure(
            "no `unhandled MMIO read|write` line from the hypervisor (full log: %s)"
            % q.log_path
        )
    good = [l for l in lines if "zone 0" in l and re.search(r"0x[0-9a-fA-F]+", l)]
    if not good:
        raise TestFailure(
            "the unhandled MMIO report must name `zone 0` and the IPA (0x...), got:\n  %s"
            % "\n  ".join(lines)
        )
    # The guest read QEMU's RTC: the report names the DT node that owns the address.
    if not any("IPA 0x9010000 = pl031@9010000" in l for l in good):
        raise TestFailure(
            "the unhandled MMIO report must name the DT node (pl031@9010000), got:\n  %s"
            % "\n  ".join(lines)
        )


def check_system_off(q, timeout):
    """The guest's PSCI SYSTEM_OFF ends QEMU by itself, with status 0."""
    rc = q.wait_exit(timeout)
    if rc != 0:
        raise TestFailure(
            "QEMU exited with status %d after the guest's SYSTEM_OFF, expected 0\n"
            "--- console (full log: %s) ---\n%s" % (rc, q.log_path, q.tail())
        )


def check_all(ctx, q):
    check_boot(ctx, q)
    check_guest(q)
    check_system_off(q, 20)
    check_mmio_report(q)


def test_direct_boot_guest(ctx):
    """QEMU loads the hypervisor directly (-kernel), like `make run` without U-Boot."""
    with ctx.qemu_direct(timeout=60) as q:
        check_all(ctx, q)


def test_uboot_boot_guest(ctx):
    """U-Boot boots hvisor.bin with `bootm`, as on a real board."""
    with ctx.qemu_uboot(timeout=120) as q:
        # bootm either starts the image or prints why not and returns to the prompt.
        m = q.expect(r"Starting kernel \.\.\.\n|^=> ")
        if not m.group(0).startswith("Starting kernel"):
            raise TestFailure(
                "U-Boot's bootm did not start hvisor.bin\n--- console (full log: %s) ---\n%s"
                % (q.log_path, q.tail())
            )
        check_all(ctx, q)
