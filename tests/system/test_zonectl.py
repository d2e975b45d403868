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

    make all guests && python3 tests/system/runner.py --only test_zonectl
"""

import os
import re
import shutil

import variants
from guestlog import guest_path, hv_lines, run_guest
from qemu import TestFailure

ZONE1_PA = 0x50000000  # zone1_shared.h
ZONE1_IPA_BELOW_ENTRY = 0x400000  # zone1's RAM starts this far below GUEST_LOAD
ZONE1_SHARED_PA = ZONE1_PA + 0x200000  # struct zone1_shared: state, runs, ...
ZONE1_WFI = 3  # enum zone1_mode

# zone1's own checks, from inside, relayed by zonectl.
ZONE1_CHECKS = [
    "zone1-ram-ipa-not-pa", "zone1-root-ram-aborts", "zone1-hv-memory-aborts",
    "zone1-own-device", "zone1-root-device-aborts", "zone1-gicd-unowned",
    "zone1-gicd-owned", "zone1-cpu-on-root-denied", "zone1-cpu-on-own",
    "zone1-start-zone-eperm", "zone1-shutdown-zone-eperm", "zone1-zone-stats-eperm", "zone1-ivc-info",
    "zone1-ivc-table", "zone1-ivc-reads-root", "zone1-ivc-own-section",
    "zone1-ivc-doorbell-in", "zone1-virtio-read", "zone1-virtio-isr", "zone1-virtio-interrupts",
    "zone1-virtio-no-answer",
]

# zonectl's, the root's.
CHECKS = [
    "root-ivc-info", "root-ivc-table", "root-ivc-reads-zone1", "root-ivc-zone1-section-ro",
    "root-ivc-doorbell-in",
    "root-device-before", "start-zone1", "zone1-reports", "list-two", "zone-stats",
    "zone-stats-refusals", "root-device-taken", "root-device-kept", "root-irq-moved", "no-sgi-from-zone1", "root-gicd-untouched",
    "shutdown-zone1", "list-one", "root-device-back", "root-irq-back",
    "spinning-zone-stops", "sleeping-zone-stops", "system-off-ends-zone",
    "system-reset-stops-zone", "stopped-zone-shuts-down",
    "virtio-bridge-unaligned", "virtio-bridge", "virtio-served", "virtio-isr-table",
    "virtio-shutdown-voids",
    "virtio-finish-after",
    "refuse-size", "refuse-pointer", "refuse-65-regions", "refuse-root-cpu",
    "refuse-missing-cpu", "refuse-root-ram", "refuse-unaligned", "refuse-type",
    "refuse-reserved-intid", "refuse-ppi", "refuse-entry", "refuse-ivc-peer-taken", "refuse-ivc-sizes", "refuse-enabled-root-irq",
    "zone1-up-for-conflicts", "refuse-id-in-use", "refuse-busy-cpu", "refuse-other-zone-ram",
    "refuse-other-zone-device", "refuse-other-zone-irq", "second-zone-beside-zone1",
    "zone1-down-after-conflicts", "refuse-shutdown-missing", "refuse-shutdown-root",
    "cycles", "cpu-state-cleared",
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
    r"zone 1: ivc_configs\[0\]: peer 0 of IVC 0 is zone 0, which is running",
    r"zone 1: ivc_configs\[0\]: IVC 0 exists with max_peers 2, sizes 0x1000/0x1000",
    r"zone 1 CPU 2: virtio read of 4 bytes at 0xa003c04: no answer within 100 ms; the daemon "
    r"is polling\. Is the virtio daemon \(hvisor virtio start\) running\?",
    r"INIT_VIRTIO: 0x[0-9a-f]+008 is not a page-aligned page of the root zone's RAM",
    r"zone 2: cpus: CPU 2 belongs to zone 1 'zone1-guest', which is running",
    r"zone 2: memory region 0 \[0x50000000, 0x51000000\) overlaps memory of zone 1",
    r"zone 2: memory region 1 \[0xa003a00, 0xa003c00\) overlaps memory of zone 1",
    r"zone 2: interrupts: IRQ 78 .*belongs to zone 1 'zone1-guest'",
    r"zone shutdown: there is no zone with this id",
    r"zone shutdown: the root zone cannot be shut down",
]

# What the hypervisor says about IVC (the channel zone1 has alone is freed with it) and
# about a virtio daemon that does not answer.
INFO_LINES = [
    r"zone 1: IVC 0 peer 1: control table 0xb0000000, shared memory 0xb0001000",
    r"zone 1: IVC 7 freed with its last peer",
]

POOL_LINE = re.compile(
    r"(at boot|after the shutdown): frame pool (\d+) of (\d+) frames in use, "
    r"zone slots (\d+) of (\d+) free"
)


def zone_run(ctx, cycles, timeout, hv_raw=None, guest_dir=None, size=3136):
    zone1 = guest_path(ctx, "zone1", guest_dir)
    image_pa = ZONE1_PA + ZONE1_IPA_BELOW_ENTRY
    gic = 2 if ctx.irqchip == "gicv2" else 3  # zonectl's GUEST_PARAMS[2] (zone1_shared.h)
    q, problems = run_guest(ctx, "zonectl", CHECKS, params=(cycles, 0, gic), timeout=timeout,
                            images=[(zone1, image_pa)], relayed=ZONE1_CHECKS, hv_raw=hv_raw,
                            guest_dir=guest_dir)
    text = q.output
    wrong = size + 160
    for pattern in REFUSAL_LINES:
        pattern = pattern.replace("3296 bytes, this hypervisor takes 3136",
                                  "%d bytes, this hypervisor takes %d" % (wrong, size))
        pattern = pattern.replace(r"\+0xc40\)", r"\+%#x\)" % size)
        if not any(re.search(pattern, m) for l, m in hv_lines(text) if l == "WARN"):
            problems.append("no hypervisor warning matching %r" % pattern)
    for pattern in INFO_LINES:
        if not any(re.search(pattern, m) for l, m in hv_lines(text) if l == "INFO"):
            problems.append("no hypervisor line matching %r" % pattern)
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
    return len(after), text


def test_zonectl_bare_metal(ctx):
    """zone1 starts, is isolated, stops wherever it is, is refused with reasons, and 20
    start/shutdown cycles leave the frame pool and the zone slots as they were."""
    zone_run(ctx, int(os.environ.get("ZONE_CYCLES", "20")), timeout=120)


def test_static_zone_beside_root_linux(ctx):
    """A board variant declaring a static zone: the hypervisor starts it at boot on CPUs
    2-3 (zone1's guest, its image placed by QEMU as a boot loader would) beside the root
    Linux, which keeps its 2 CPUs and its shell, and reads through /dev/mem (the zone's RAM
    is set aside, not the root Linux's) that the static zone runs."""
    work, hv_raw = variants.static_zone_board(ctx, "test-static-zone", "static1")
    entry = ctx.guest_addr
    zone1 = guest_path(ctx, "zone1")
    ctx.need_file(zone1, "zone1 test guest", "run `make guests`")
    extra = ["-device", "loader,file=%s,addr=%#x,force-raw=on" % (zone1, variants.ZONE1_IMAGE_PA),
             "-device", "loader,addr=%#x,data=%d,data-len=8"
             % (variants.zone1_params_pa(ctx), ZONE1_WFI)]
    q = ctx.linux_direct(extra=extra, timeout=240, hv_raw=hv_raw)
    q.expect(r"zone 1 'static1' created: CPUs 0xc", 60)
    q.expect(r"CPU 2 online \(MPIDR 0x2\).*: boots zone 1", 60)
    q.expect(r"zone 1 'static1': CPU 2 enters at %#x" % entry, 60)
    sh = ctx.linux_shell(q, 180)
    state = sh.run("devmem %#x 64; devmem %#x 64" % (ZONE1_SHARED_PA, ZONE1_SHARED_PA + 8))
    cpus = sh.run("cat /sys/devices/system/cpu/online").strip()
    words = [int(w, 16) for w in state.split()]
    problems = []
    if words != [1, 1]:
        problems.append("zone1's state and run count read %s through /dev/mem, expected "
                        "running (1), started once (1)" % state.split())
    if cpus != "0-1":
        problems.append("the root Linux has CPUs %r online, expected 0-1" % cpus)
    for level, message in hv_lines(q.output):
        if level in ("FATAL", "ERROR"):
            problems.append("hypervisor %s: %s" % (level, message))
    if problems:
        raise TestFailure("static zone beside the root Linux:\n  %s\n(full log: %s)"
                          % ("\n  ".join(problems), q.log_path))
    shutil.rmtree(work, ignore_errors=True)


def test_zonectl_abi6(ctx):
    """`make HVISOR_ABI=6` speaks hvisor-tool's current layout (magic 6, 3296-byte configs):
    the same zone management run, with configs of that size, passes; CONFIG_CHECK says 6."""
    from test_build import make  # the build helpers of test_build.py

    work = os.path.join(ctx.repo_root, "build", "test-abi6")
    shutil.rmtree(work, ignore_errors=True)
    build, guests = os.path.join(work, "build"), os.path.join(work, "guests")
    rel_guests = os.path.relpath(guests, ctx.repo_root)
    rc, out = make(ctx, ctx.repo_root, "-j2", "all", "HVISOR_ABI=6", "BOARD=" + ctx.board,
                   rel_guests + "/zonectl.bin", rel_guests + "/zone1.bin",
                   "BUILD=%s" % os.path.relpath(build, ctx.repo_root),
                   "GUEST_BUILD=%s" % rel_guests)
    if rc != 0:
        raise TestFailure("make HVISOR_ABI=6 failed:\n%s" % out[-3000:])
    zone_run(ctx, 3, timeout=120, hv_raw=os.path.join(build, "hvisor.raw"),
             guest_dir=guests, size=3296)
    shutil.rmtree(work, ignore_errors=True)


STAT_NAMES = ["hypercall", "psci", "smccc", "mmio_gicd", "mmio_gicr", "mmio_virtio", "mmio_ivc",
              "mmio_device", "mmio_unhandled", "sysreg", "irq", "virq", "maintenance", "wfi",
              "other"]


def test_zonectl_exit_stats_log_debug(ctx):
    """make LOG=debug: every zone shutdown prints the zone's exit counts first (what `hvisor
    zone stats` reads), every kind named; the run whose zone1 made its checks shows them
    counted (its PSCI CPU_ON, its refused hypercalls, its GICD reads, its aborted accesses)."""
    from test_build import make  # the build helpers of test_build.py

    work = os.path.join(ctx.repo_root, "build", "test-log-debug")
    shutil.rmtree(work, ignore_errors=True)
    build = os.path.join(work, "build")
    rc, out = make(ctx, ctx.repo_root, "-j2", "all", "LOG=debug", "BOARD=" + ctx.board,
                   "BUILD=%s" % os.path.relpath(build, ctx.repo_root))
    if rc != 0:
        raise TestFailure("make LOG=debug failed:\n%s" % out[-3000:])
    _, text = zone_run(ctx, 2, timeout=180, hv_raw=os.path.join(build, "hvisor.raw"))
    lines = hv_lines(text)
    problems, dumps, shutdowns = [], [], 0
    pending = {}
    for level, message in lines:
        m = re.match(r"zone 1 '(\S+)' exits: (.*)$", message)
        if level == "DEBUG" and m:
            pending.update((k, int(v)) for k, v in re.findall(r"(\w+) (\d+)", m.group(2)))
        elif level == "INFO" and re.match(r"zone 1 '\S+' shut down", message):
            shutdowns += 1
            dumps.append(pending)
            pending = {}
    if not shutdowns:
        problems.append("no `zone 1 ... shut down` line")
    for i, d in enumerate(dumps):
        if sorted(d) != sorted(STAT_NAMES):
            problems.append("shutdown %d: the exit counts before it name %s, expected %s"
                            % (i + 1, sorted(d), sorted(STAT_NAMES)))
    checked = [d for d in dumps if d.get("mmio_gicd", 0) >= 1]
    if not checked or not all(checked[0].get(k, 0) >= n for k, n in
                              (("psci", 1), ("hypercall", 3), ("mmio_unhandled", 1))):
        problems.append("no shutdown whose counts show zone1's checks (psci >= 1, hypercall "
                        ">= 3, mmio_gicd >= 1, mmio_unhandled >= 1): %s" % dumps)
    if problems:
        raise TestFailure("exit statistics at shutdown (LOG=debug):\n  %s\n(full log: in %s)"
                          % ("\n  ".join(problems), ctx.log_dir))
    shutil.rmtree(work, ignore_errors=True)
