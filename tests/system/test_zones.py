# SPDX-License-Identifier: GPL-2.0
"""Zone management by hypercall, without Linux: the zonectl guest is the root zone and
starts, lists and shuts down zone1 (tests/guests/zone1, its image put by QEMU into the RAM
qemu-gicv3 sets aside for zones), as hvisor's tools would. The guests check what they see
from inside (`GUEST: <name>: PASS|FAIL`, zone1's lines relayed by zonectl); this file
checks the hypervisor's side:

- every refusal is explained in a log line that names the field and what to change;
- the frame pool and the zone slots are after every shutdown what they were at boot
  (nothing leaks, however many start/shutdown cycles);
- no ERROR or FATAL line.

`make stress` runs the cycles 1,000 times (ZONE_CYCLES).

    make all guests && python3 tests/system/runner.py --only test_zones
"""

import os
import re

from guestlog import guest_path, hv_lines, run_guest
from qemu import TestFailure

ZONE1_PA = 0x50000000  # zone1_shared.h
ZONE1_IPA_BELOW_ENTRY = 0x400000  # zone1's RAM starts this far below GUEST_LOAD

# zone1's own checks, from inside, relayed by zonectl.
ZONE1_CHECKS = [
    "zone1-ram-ipa-not-pa", "zone1-root-ram-aborts", "zone1-hv-memory-aborts",
    "zone1-own-device", "zone1-root-device-aborts", "zone1-gicd-unowned",
    "zone1-gicd-owned", "zone1-cpu-on-root-denied", "zone1-cpu-on-own",
    "zone1-start-zone-eperm", "zone1-shutdown-zone-eperm",
]

# zonectl's, the root's.
CHECKS = [
    "root-device-before", "start-zone1", "zone1-reports", "list-two", "root-device-taken",
    "root-device-kept", "root-irq-moved", "no-sgi-from-zone1", "root-gicd-untouched",
    "shutdown-zone1", "list-one", "root-device-back", "root-irq-back",
    "spinning-zone-stops", "sleeping-zone-stops", "system-off-ends-zone",
    "system-reset-stops-zone", "stopped-zone-shuts-down",
    "refuse-size", "refuse-pointer", "refuse-65-regions", "refuse-root-cpu",
    "refuse-missing-cpu", "refuse-root-ram", "refuse-unaligned", "refuse-type",
    "refuse-reserved-intid", "refuse-ppi", "refuse-entry", "refuse-enabled-root-irq",
    "zone1-up-for-conflicts", "refuse-id-in-use", "refuse-busy-cpu", "refuse-other-zone-ram",
    "refuse-other-zone-device", "refuse-other-zone-irq", "second-zone-beside-zone1",
    "zone1-down-after-conflicts", "refuse-shutdown-missing", "refuse-shutdown-root",
    "cycles",
]

# What the hypervisor says for each refusal: each names the field and what to change.
REFUSAL_LINES = [
    r"the config is 3296 bytes, this hypervisor takes 3136",
    r"START_ZONE: \[0x40400000, \+0xc40\) is not an aligned buffer in the zone's RAM",
    r"zone 1: error: 65 memory regions, at most 64 are allowed",
    r"zone 1: cpus: CPU 1 belongs to the root zone 'root-linux'",
    r"zone 1: error: cpus = 0x80 names CPUs beyond the board's 4",
    r"zone 1: error: region 0 .*overlaps the root zone's own RAM .*zones_ram",
    r"zone 1: error: region 0 .*is not 4 KiB aligned",
    r"zone 1: error: region 1 .*has type 9: use RAM \(0\), IO \(1\) or VIRTIO \(2\)",
    r"zone 1: error: interrupt 1020 is a reserved INTID",
    r"zone 1: error: interrupts 0x8000000 of INTIDs 0\.\.31 are SGIs and PPIs",
    r"zone 1: error: the entry point 0x80000000 is not inside any RAM region",
    r"zone 1: interrupts: IRQ 33 \(pl011@9000000\) is enabled by the root zone's Linux",
    r"zone 1: zone_id 1 is in use by zone 'zone1-guest'",
    r"zone 2: cpus: CPU 2 belongs to zone 1 'zone1-guest', which is running",
    r"zone 2: memory region 0 \[0x50000000, 0x51000000\) overlaps memory of zone 1",
    r"zone 2: memory region 1 \[0xa003a00, 0xa003c00\) overlaps memory of zone 1",
    r"zone 2: interrupts: IRQ 78 .*belongs to zone 1 'zone1-guest'",
    r"zone shutdown: there is no zone with this id",
    r"zone shutdown: the root zone cannot be shut down",
]

POOL_LINE = re.compile(
    r"(at boot|after the shutdown): frame pool (\d+) of (\d+) frames in use, "
    r"zone slots (\d+) of (\d+) free"
)


def zone_run(ctx, cycles, timeout):
    entry = ctx.guest_addr
    zone1 = guest_path(ctx, "zone1")
    image_pa = ZONE1_PA + ZONE1_IPA_BELOW_ENTRY
    gic = 2 if ctx.irqchip == "gicv2" else 3  # zonectl's GUEST_PARAMS[1] (zone1_shared.h)
    q, problems = run_guest(ctx, "zonectl", CHECKS, params=(cycles, gic), timeout=timeout,
                            images=[(zone1, image_pa)], relayed=ZONE1_CHECKS)
    del entry
    text = q.output
    for pattern in REFUSAL_LINES:
        if not any(re.search(pattern, m) for l, m in hv_lines(text) if l == "WARN"):
            problems.append("no hypervisor warning matching %r" % pattern)
    pools = [(m.group(1), m.groups()[1:]) for m in POOL_LINE.finditer(text)]
    boot = [p for w, p in pools if w == "at boot"]
    # Shutdowns that left the root alone (the other zones' slots all free again).
    after = [p for w, p in pools if w == "after the shutdown" and boot and p[2] == boot[0][2]]
    if len(boot) != 1:
        problems.append("%d 'at boot' frame pool lines, expected 1" % len(boot))
    elif len(after) < cycles:
        problems.append("%d shutdown frame pool lines for %d cycles" % (len(after), cycles))
    else:
        leaks = [p for p in after if p != boot[0]]
        if leaks:
            problems.append("frame pool or zone slots after a shutdown %s differ from boot %s"
                            " (%d of %d shutdowns)" % (leaks[0], boot[0], len(leaks), len(after)))
    if problems:
        raise TestFailure(
            "zone management:\n  %s\n--- console (full log: %s) ---\n%s"
            % ("\n  ".join(problems), q.log_path, q.tail(60))
        )
    return len(after)


def test_zones_bare_metal(ctx):
    """zone1 starts, is isolated, stops wherever it is, is refused with reasons, and 20
    start/shutdown cycles leave the frame pool and the zone slots as they were."""
    zone_run(ctx, int(os.environ.get("ZONE_CYCLES", "20")), timeout=120)
