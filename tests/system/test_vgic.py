# SPDX-License-Identifier: GPL-2.0
"""Boot the hypervisor on QEMU virt with the vGIC test guest (tests/guests/vgic) as zone0
and check, from the guest's side, virtual interrupt delivery (more pending interrupts than
list registers, priority order, nesting, split EOI, disabling while active, the virtual
timer), the isolation of GICD registers and SGIs from what the zone does not own, and
PSCI CPU hotplug of the zone's second CPU.

The guest prints one `GUEST: <name>: PASS|FAIL <why>` line per check (lines starting with
`GUEST:   |` are diagnostics), then `GUEST: done N passed, M failed`, then calls PSCI
SYSTEM_OFF. The hypervisor's log must stay free of FATAL/ERROR lines and of warnings about
GICD/GICR accesses, except the one the guest provokes on purpose (a read of the reserved
GICD offset 0x5000).

    make all guests && python3 tests/system/runner.py --only test_vgic
"""

import os
import re

from guestlog import guest_problems, guest_results
from qemu import TestFailure

# Checks the vGIC guest runs, in the order it prints them.
VGIC_CHECKS = [
    "lr-overflow",
    "sgi-coalesce",
    "sgi-coalesce-spill",
    "sgi-enable-gate",
    "priority-order",
    "priority-order-spill",
    "nested",
    "disable-while-active",
    "pend-while-disabled",
    "eoi-split",
    "eoi-split-hw",
    "spi-state-readback",
    "disable-while-pending",
    "clear-pending",
    "timer",
    "aarch32-el0-irq",
    "isolation-gicd",
    "gicr-ipriorityr",
    "isolation-sgi",
    "spi-routing",
    "psci-cpu-on-outside",
    "hotplug",
    "hotplug-from-irq",
    "gicd-id",
    "nested-deep",
]

# The GICv2 vGIC guest (tests/guests/vgic2, qemu-gicv2) runs these instead.
VGIC2_CHECKS = [
    "lr-overflow",
    "priority-order",
    "eoi-split-hw",
    "timer",
    "sgi-zone",
    "isolation-gicd",
    "gicd-widths",
    "nested-deep",
]

# The warning gicd-id (gicd-widths on GICv2) provokes on purpose; it must appear once.
PROVOKED_WARN = re.compile(r"zone 0: GICD read at unknown offset 0x5000\b")
# gicd-widths reads a GICv2 priority as a halfword, which the distributor does not take.
PROVOKED_WIDTH = re.compile(r"zone 0: GICD read of 2 bytes at offset 0x424: not a width")
# isolation-gicd enables IRQ 34 (QEMU's RTC, not the zone's): reported once, with its DT node.
UNOWNED_ENABLE = re.compile(r"zone 0 enables IRQ 34 \(pl031@9010000\), which it does not own")

HV_LOG_LINE = re.compile(r"^.*?\[\s*\d+\.\d+ cpu\S*\] (FATAL|ERROR|WARN )\s*(.*)$", re.MULTILINE)


def gicv2(ctx):
    return ctx.irqchip == "gicv2"


def vgic_guest_path(ctx):
    name = "vgic2.bin" if gicv2(ctx) else "vgic.bin"
    path = os.environ.get("VGIC_GUEST", "").strip() or os.path.join(ctx.guest_dir, name)
    return path if os.path.isabs(path) else os.path.join(ctx.repo_root, path)


def qemu_vgic(ctx, timeout):
    """Like ctx.qemu_direct(), with the vGIC guest loaded at the root zone's entry."""
    guest = vgic_guest_path(ctx)
    ctx.need_file(guest, "vGIC test guest", "run `make guests`")
    return ctx.qemu_direct(timeout=timeout, guest=guest)


def log_problems(text, v2=False):
    """FATAL/ERROR lines, and GICD/GICR warnings other than the provoked ones."""
    problems = []
    provoked = unowned = width = 0
    for m in HV_LOG_LINE.finditer(text):
        level, message = m.group(1).strip(), m.group(2)
        if level in ("FATAL", "ERROR") or "FATAL" in message:
            problems.append("hypervisor %s: %s" % (level, message))
        elif PROVOKED_WARN.search(message):
            provoked += 1
        elif UNOWNED_ENABLE.search(message):
            unowned += 1
        elif v2 and PROVOKED_WIDTH.search(message):
            width += 1
        elif re.search(r"\bGIC[DR]\b|unknown offset|does not own it", message):
            problems.append("unexpected hypervisor warning: %s" % message)
    if "FATAL" in text and not any("FATAL" in p for p in problems):
        problems.append("`FATAL` in the console output")
    if unowned != 1:
        problems.append(
            "the report of the guest enabling IRQ 34 (pl031@9010000), which zone 0 does not "
            "own, appeared %d times, expected once" % unowned
        )
    if provoked != 1:
        problems.append(
            "the warning for the guest's read of GICD offset 0x5000 appeared %d times, "
            "expected once" % provoked
        )
    if v2 and width != 1:
        problems.append(
            "the warning for the guest's halfword read of a GICD priority appeared %d times, "
            "expected once" % width
        )
    return problems


def test_vgic_guest(ctx):
    """The vGIC guest's checks all pass, QEMU powers off with status 0, the log is clean."""
    with qemu_vgic(ctx, timeout=180) as q:
        q.expect(r"\ball %d CPUs online\b" % ctx.nr_cpus)
        start = q.pos
        done = q.expect(r"GUEST: done (\d+) passed, (\d+) failed\n")
        text = done.string[start : done.start()]
        rc = q.wait_exit(30)

        checks, names = (VGIC2_CHECKS, "VGIC2_CHECKS") if gicv2(ctx) else (VGIC_CHECKS, "VGIC_CHECKS")
        problems = guest_problems(guest_results(text), (int(done.group(1)), int(done.group(2))),
                                  checks, names)
        if rc != 0:
            problems.append("QEMU exited with status %d after SYSTEM_OFF, expected 0" % rc)
        problems += log_problems(q.output, gicv2(ctx))
        if problems:
            raise TestFailure(
                "vGIC guest:\n  %s\n--- console (full log: %s) ---\n%s"
                % ("\n  ".join(problems), q.log_path, q.tail(60))
            )
