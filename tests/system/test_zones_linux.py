# SPDX-License-Identifier: GPL-2.0
"""Zones from the root Linux, as a user drives them (docs/zones.md):

- insmod hvisor.ko; `hvisor zone start` of zone1 Linux on CPUs 2-3: its shell answers
  on its own console (QEMU virtio-mmio slot 29, passed through) with 2 CPUs online and
  its timer counting, while the root shell keeps answering; `zone list` shows both
  zones; `zone shutdown -id 1`; zone1 starts again;
- IVC between the root Linux and zone1 Linux, both through ivc.ko's /dev/hivc0: each
  writes, reads what the other wrote, and sees the other's doorbell;
- every refusal of the hypervisor, provoked through the ioctl with configs the CLI would
  never send (tools/tests/hvisor_probe.c): its errno and its log line;
- every error of the CLI, each with its message, and nothing reaching the hypervisor.

The root Linux boots with ZONES_INITRD (`make tools`: the root initramfs plus the tools,
configs and zone1's images under /root).
"""

import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time

from qemu import TestFailure

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_linux import BOOT_TIMEOUT, board_banner, hv_log  # noqa: E402

ZONE1_JSON = "/root/zones/zone1-linux.json"
ZONE1_PROMPT = r"zone1:[^\n]*# "
ZONE1_READY = r"hvisor-c zone1 rootfs ready"
ZONE1_BOOT_TIMEOUT = 120


def zone1_qemu_args(sock):
    """QEMU's virtio-mmio slot 29 holds zone1's console, served on a Unix socket."""
    return [
        "-device", "virtio-serial-device,bus=virtio-mmio-bus.29,id=zone1serial",
        "-chardev", "socket,id=zone1con,path=%s,server=on,wait=off" % sock,
        "-device", "virtconsole,bus=zone1serial.0,chardev=zone1con,name=zone1",
    ]


class ZoneShell:
    """A shell on zone1's console, through scripts/zone_console.py (a Qemu-like process)."""

    def __init__(self, ctx, sock, timeout, cmd=None):
        deadline = time.monotonic() + 10
        while not os.path.exists(sock):
            if time.monotonic() > deadline:
                raise TestFailure("QEMU did not create zone1's console socket %s" % sock)
            time.sleep(0.1)
        relay = os.path.join(ctx.repo_root, "scripts", "zone_console.py")
        self.q = ctx.run(cmd or [sys.executable, relay, sock], timeout)
        self.q.expect(r"connected to", 30)

    def run(self, cmd, timeout=30):
        """One command at zone1's prompt; returns what it printed (framed by markers)."""
        n = int(time.monotonic() * 1000) % 1000000
        self.q.send('echo "__Z""1B_%d__"; %s; echo "__Z""1E_%d_$?__"\n' % (n, cmd, n))
        b = self.q.expect(r"__Z1B_%d__\n" % n, timeout)
        e = self.q.expect(r"__Z1E_%d_(\d+)__\n" % n, timeout)
        out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", e.string[b.end() : e.start()])
        if e.group(1) != "0":
            self.fail("`%s` in zone1 exited with status %s:\n%s" % (cmd, e.group(1), out))
        return out

    def fail(self, what):
        raise TestFailure(
            "%s\n--- last lines of zone1's console (full log: %s) ---\n%s"
            % (what, self.q.log_path, self.q.tail())
        )


def boot_root(ctx, sock, timeout, extra=()):
    """The root Linux with the tools in its initramfs and zone1's console device (none
    when sock is None), plus `extra` QEMU arguments."""
    initrd = os.environ.get("ZONES_INITRD") or os.path.join(ctx.build_dir,
                                                            "initramfs-zones.cpio")
    initrd = os.path.join(ctx.repo_root, initrd)  # absolute paths stay as they are
    ctx.need_file(initrd, "root initramfs with the tools (ZONES_INITRD)", "run `make tools`")
    saved = ctx.linux_initrd
    ctx.linux_initrd = initrd
    try:
        q = ctx.linux_direct(extra=(zone1_qemu_args(sock) if sock else []) + list(extra),
                             timeout=timeout)
    finally:
        ctx.linux_initrd = saved
    q.expect(board_banner(ctx), 60)
    sh = ctx.linux_shell(q, BOOT_TIMEOUT)
    return q, sh


def insmod(sh):
    sh.run("insmod /root/hvisor.ko")
    out = sh.run("dmesg | grep 'hvisor: '", raw=True)
    if "/dev/hvisor ready" not in out or "no /hvisor_virtio_device" in out:
        sh.fail("insmod hvisor.ko: expected `/dev/hvisor ready` and the virtio IRQ, dmesg:\n%s"
                % out)
    irqs = sh.run("cat /proc/interrupts")
    if not re.search(r"\b64 Edge\s+hvisor_virtio_device", irqs):
        sh.fail("/proc/interrupts has no `64 Edge hvisor_virtio_device` row:\n%s" % irqs)


def zone_list(sh):
    """`hvisor zone list` -> {id: (cpus, name, status)}; its exit status must be 0."""
    out = sh.run("hvisor zone list")
    rows = {}
    for m in re.finditer(r"^\|\s+(\d+) \|\s+([\d, ]+|none) \|\s+(\S+) \|\s+(\w+) \|$", out, re.M):
        rows[int(m.group(1))] = (m.group(2).strip(), m.group(3), m.group(4))
    if not re.search(r"^\|\s+zone_id\s+\|\s+cpus\s+\|\s+name\s+\|\s+status \|$", out, re.M):
        sh.fail("`hvisor zone list` printed no header line:\n%s" % out)
    return rows, out


def hv_refusals_since(q, start):
    """The hypervisor's ERROR and WARN lines (its refusals) after output position `start`."""
    return [l for l in hv_log_from(q, start) if l[0] in ("ERROR", "WARN")]


def hv_log_from(q, start):
    from test_linux import HV_LOG_LINE

    return [(m.group(1).strip(), m.group(2)) for m in HV_LOG_LINE.finditer(q.output, start)]


def timer_count(zsh):
    text = zsh.run("cat /proc/interrupts")
    # The chip column is GICv3 or GIC-0 (GICv2).
    m = re.search(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(?:GICv3|GIC-0)\s+\d+ Level\s+arch_timer$", text,
                  re.M)
    if not m:
        zsh.fail("no arch_timer row with two CPU columns in zone1's /proc/interrupts:\n%s" % text)
    return int(m.group(1)) + int(m.group(2)), text


def start_zone1(q, sh, ctx, sock, zsh=None, config=ZONE1_JSON):
    """`hvisor zone start` zone1; the root shell answers while zone1 boots. Returns zsh."""
    if zsh is None:
        zsh = ZoneShell(ctx, sock, ZONE1_BOOT_TIMEOUT * 3)
    mark = len(zsh.q.output)
    # Decided in the root Linux: zone1's CPU prints its hypervisor line at that moment.
    sh.run_saying("hvisor zone start %s" % config, "zone 1 (zone1-linux) started")
    # The root shell answers right away, before zone1 has reached its shell.
    if not sh.answers():
        sh.fail("the root shell did not answer while zone1 was booting")
    if re.search("%s|%s" % (ZONE1_READY, ZONE1_PROMPT), zsh.q.output[mark:]):
        zsh.fail("zone1 was ready before the root shell's answer: the test cannot tell "
                 "that the root stays responsive while zone1 boots")
    # zone1's first lines may be lost while its virtio console comes up: ask its shell
    # to answer (typed lines wait in the tty until the shell reads them).
    deadline = time.monotonic() + ZONE1_BOOT_TIMEOUT
    for n in range(ZONE1_BOOT_TIMEOUT):
        zsh.q.send('echo "__Z""1UP_%d__"\n' % n)
        try:
            zsh.q.expect(r"__Z1UP_\d+__\n", 3)
            break
        except TestFailure:
            if time.monotonic() > deadline:
                raise
    zsh.q.expect(ZONE1_PROMPT, 30)
    return zsh


STAT_NAMES = ["hypercall", "psci", "smccc", "mmio_gicd", "mmio_gicr", "mmio_virtio", "mmio_ivc",
              "mmio_device", "mmio_unhandled", "sysreg", "irq", "virq", "maintenance", "wfi",
              "other"]


def zone_stats(sh, zone):
    """`hvisor zone stats <zone>` -> {kind: count}; every kind must be there."""
    out = sh.run("hvisor zone stats %d" % zone)
    if not re.search(r"^zone %d exits since it started" % zone, out, re.M):
        sh.fail("`hvisor zone stats %d` printed no header line:\n%s" % (zone, out))
    counts = {m.group(1): int(m.group(2)) for m in re.finditer(r"^  (\w+) +(\d+)$", out, re.M)}
    if sorted(counts) != sorted(STAT_NAMES):
        sh.fail("`hvisor zone stats %d` shows kinds %s, expected %s:\n%s"
                % (zone, sorted(counts), sorted(STAT_NAMES), out))
    return counts, out


def check_stats(sh, zsh, irqchip):
    """What `hvisor zone stats` shows for zone1 Linux and the root agrees with what they did:
    zone1 brought its second CPU up (PSCI), set up its GIC (GICD, and on a GICv3 its
    redistributors: a GICv2 has none), and each timer
    interrupt its Linux counted was injected (virq); the counts grow while it runs; the
    root's ioctls are hypercalls; a zone that does not exist and a bad id are refused."""
    timer, _ = timer_count(zsh)
    first, out1 = zone_stats(sh, 1)
    least = [("psci", 1), ("mmio_gicd", 1), ("irq", 1), ("virq", timer)]
    if irqchip == "gicv3":
        least.append(("mmio_gicr", 1))
    problems = ["%s is %d, expected at least %d" % (k, first[k], n)
                for k, n in least if first[k] < n]
    zsh.run("sleep 1")
    second, out2 = zone_stats(sh, 1)
    problems += ["%s did not grow in 1 s: %d -> %d" % (k, first[k], second[k])
                 for k in ("irq", "virq") if second[k] <= first[k]]
    problems += ["%s went down: %d -> %d" % (k, first[k], second[k])
                 for k in STAT_NAMES if second[k] < first[k]]
    root, out0 = zone_stats(sh, 0)
    if root["hypercall"] < 1:
        problems.append("the root zone shows no hypercall:\n%s" % out0)
    if problems:
        sh.fail("`hvisor zone stats 1` (zone1's arch_timer count %d):\n  %s\n%s\n%s"
                % (timer, "\n  ".join(problems), out1, out2))
    status, out = sh.run_status("hvisor zone stats 5")
    if status == 0 or "EINVAL" not in out:
        sh.fail("`hvisor zone stats 5` (no such zone): expected a refusal naming EINVAL, got "
                "status %d:\n%s" % (status, out))
    status, out = sh.run_status("hvisor zone stats one")
    if status == 0 or "not a zone id" not in out:
        sh.fail("`hvisor zone stats one`: expected `not a zone id`, got status %d:\n%s"
                % (status, out))


def check_zone1(zsh):
    online = zsh.run("cat /sys/devices/system/cpu/online").strip()
    if online != "0-1":
        zsh.fail("zone1's online CPUs are %r, expected '0-1' (its 2 CPUs)" % online)
    t1, text1 = timer_count(zsh)
    zsh.run("sleep 1")
    t2, text2 = timer_count(zsh)
    if t2 <= t1:
        zsh.fail("zone1's arch_timer did not count: %d -> %d\n%s\n%s" % (t1, t2, text1, text2))


def ivc_wait_for(shell, peer, timeout=10):
    """Start `hvisor-probe ivc-wait` in the background on one Linux side; return once it
    has forgotten older doorbells and blocks in poll()."""
    shell.run("/root/hvisor-probe ivc-wait /dev/hivc0 30 >/tmp/ivc-wait 2>&1 & "
              "echo $! >/tmp/ivc-wait.pid")
    deadline = time.monotonic() + timeout
    while "peer %d waiting" % peer not in shell.run("cat /tmp/ivc-wait"):
        if time.monotonic() > deadline:
            shell.fail("`hvisor-probe ivc-wait` on peer %d did not start waiting:\n%s"
                       % (peer, shell.run("cat /tmp/ivc-wait")))
        time.sleep(0.2)


def ivc_waited(shell, peer, other, text):
    """What the background ivc-wait of ivc_wait_for saw: the other peer's doorbell and
    its text, in its slot of the shared section and in its own output section."""
    status = shell.run("wait $(cat /tmp/ivc-wait.pid); echo status $?").strip().splitlines()
    out = shell.run("cat /tmp/ivc-wait")
    want = ("probe: ivc-wait: doorbell; peer %d wrote '%s' in the shared section, '%s' in its "
            "output section" % (other, text, text))
    if status[-1:] != ["status 0"] or want not in out:
        shell.fail("peer %d of IVC 0 (%s): expected `%s`, got:\n%s"
                   % (peer, status[-1:], want, out))


def check_ivc(sh, zsh):
    """IVC channel 0 between the root Linux (peer 0) and zone1 Linux (peer 1), both through
    ivc.ko's /dev/hivc0: each writes into the shared section and its output section and
    rings the other, which is blocked in poll() and then reads what was written."""
    for name, shell in (("the root", sh), ("zone1", zsh)):
        shell.run("insmod /root/ivc.ko")
        # The root's shell drops kernel log lines from what a command prints unless raw.
        log = (sh.run("dmesg | grep 'ivc: '", raw=True) if shell is sh
               else zsh.run("dmesg | grep 'ivc: '"))
        if "ivc: 1 channel(s)" not in log or "no /hvisor_ivc_device" in log:
            shell.fail("insmod ivc.ko in %s: expected `ivc: 1 channel(s)` and the DT node "
                       "/hvisor_ivc_device, dmesg:\n%s" % (name, log))
    ivc_wait_for(zsh, 1)
    sh.run_saying("/root/hvisor-probe ivc-send /dev/hivc0 root-to-zone1",
                  "probe: ivc-send: peer 0 wrote 'root-to-zone1', rang the others")
    ivc_waited(zsh, 1, 0, "root-to-zone1")
    ivc_wait_for(sh, 0)
    out = zsh.run("/root/hvisor-probe ivc-send /dev/hivc0 zone1-to-root")
    if "probe: ivc-send: peer 1 wrote 'zone1-to-root', rang the others" not in out:
        zsh.fail("`hvisor-probe ivc-send` in zone1 printed:\n%s" % out)
    ivc_waited(sh, 0, 1, "zone1-to-root")


def test_zones_lifecycle(ctx):
    """Start zone1 Linux from the root shell, see both zones, shut it down, start it again;
    then the root and the restarted zone1 talk over IVC channel 0 (check_ivc)."""
    tmp = tempfile.mkdtemp(prefix="hvc-zones-")
    try:
        sock = os.path.join(tmp, "zone1.sock")
        q, sh = boot_root(ctx, sock, timeout=420)
        insmod(sh)
        zsh = start_zone1(q, sh, ctx, sock)
        check_zone1(zsh)

        rows, out = zone_list(sh)
        want = {0: ("0, 1", "root-linux", "running"), 1: ("2, 3", "zone1-linux", "running")}
        if rows != want:
            sh.fail("`hvisor zone list` shows %s, expected %s:\n%s" % (rows, want, out))
        check_stats(sh, zsh, ctx.irqchip)

        # Another zone asking for zone1's CPUs, RAM, device and IRQ while it runs (the
        # probe's configs are GICv3 ones: test_zones_refusals says why not on a GICv2).
        if ctx.irqchip == "gicv3":
            mark = len(q.output)
            out = sh.run("/root/hvisor-probe start second-zone").strip()
            if out != "probe: second-zone: EBUSY":
                sh.fail("a second zone on zone1's resources: %r, expected EBUSY" % out)
            lines = [t for _, t in hv_refusals_since(q, mark)]
            for want in (r"zone 2: cpus: CPU 2 belongs to zone 1 'zone1-linux'",
                         r"zone 2: memory region 0 \[0x50000000, 0x80000000\) overlaps memory of "
                         r"zone 1",
                         r"zone 2: memory region 1 \[0xa003a00, 0xa003c00\) overlaps memory of "
                         r"zone 1",
                         r"zone 2: interrupts: IRQ 77 .*belongs to zone 1 'zone1-linux'"):
                if not any(re.search(want, t) for t in lines):
                    sh.fail("no hypervisor log line /%s/ after the second zone; it logged:\n  %s"
                            % (want, "\n  ".join(lines)))

        # A second start of a running zone is the hypervisor's to refuse.
        mark = len(q.output)
        status, out = sh.run_status("hvisor zone start %s" % ZONE1_JSON)
        if status == 0 or "EINVAL" not in out or "zone 1" not in out:
            sh.fail("starting zone1 twice: expected a refusal naming EINVAL, got status %d:\n%s"
                    % (status, out))
        if not any("zone_id 1 is in use" in t for _, t in hv_refusals_since(q, mark)):
            sh.fail("no hypervisor log line `zone_id 1 is in use` after the second start")

        sh.run_saying("hvisor zone shutdown -id 1", "zone 1 shut down")
        rows, out = zone_list(sh)
        if list(rows) != [0]:
            sh.fail("after the shutdown `hvisor zone list` shows zones %s, expected [0]:\n%s"
                    % (sorted(rows), out))
        if not sh.answers():
            sh.fail("the root shell does not answer after zone1's shutdown")

        start_zone1(q, sh, ctx, sock, zsh)
        check_zone1(zsh)
        check_ivc(sh, zsh)
        bad = [t for lvl, t in hv_log(q)
               if lvl == "ERROR" and not re.match(r"zone [12]: (zone_id 1 is in use|cpus|memory|"
                                                  r"interrupts)", t)]
        if bad:
            raise TestFailure("the hypervisor logged errors:\n  %s\n(full log: %s)"
                              % ("\n  ".join(bad[:20]), q.log_path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_zones_direct_mode(ctx):
    """zone1 Linux started from the root shell with `"direct_irq": true` in its JSON's
    arch_config (GICv3): its 2 CPUs come up, its timer counts and its console (a device
    passed through) answers, while `hvisor zone stats 1` shows no interrupt injected by the
    hypervisor; it shuts down, and starts again in the usual mode on the same CPUs."""
    if ctx.irqchip != "gicv3":
        return  # refused on GICv2: test_zonectl_direct_mode checks the message
    tmp = tempfile.mkdtemp(prefix="hvc-zones-")
    try:
        sock = os.path.join(tmp, "zone1.sock")
        q, sh = boot_root(ctx, sock, timeout=420)
        insmod(sh)
        direct = "/root/zones/zone1-direct.json"
        sh.run("sed 's/\"arch_config\": *{/\"arch_config\": {\"direct_irq\": true, /' %s > %s"
               % (ZONE1_JSON, direct))
        if "direct_irq" not in sh.run("cat %s" % direct):
            sh.fail("could not write %s with direct_irq" % direct)
        zsh = start_zone1(q, sh, ctx, sock, config=direct)
        if not re.search(r"zone 1: direct interrupt mode on CPUs 0xc", q.output):
            sh.fail("the hypervisor did not say zone 1 runs in direct interrupt mode")
        check_zone1(zsh)
        timer, _ = timer_count(zsh)
        counts, out = zone_stats(sh, 1)
        if counts["virq"] != 0 or counts["maintenance"] != 0 or timer <= 0:
            sh.fail("zone1 in direct mode: %d timer interrupts counted by its Linux, but "
                    "the hypervisor injected %d (expected none):\n%s"
                    % (timer, counts["virq"], out))
        sh.run_saying("hvisor zone shutdown -id 1", "zone 1 shut down")
        start_zone1(q, sh, ctx, sock, zsh)
        check_zone1(zsh)
        counts, out = zone_stats(sh, 1)
        if counts["virq"] <= 0:
            sh.fail("zone1 in the usual mode after direct mode: no interrupt injected:\n%s"
                    % out)
        bad = [t for lvl, t in hv_log(q) if lvl == "ERROR"]
        if bad:
            raise TestFailure("the hypervisor logged errors:\n  %s\n(full log: %s)"
                              % ("\n  ".join(bad[:20]), q.log_path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_zones_make_run(ctx):
    """docs/zones.md as written: `make run ZONES=zone1`, the commands at the root prompt,
    `make zone1-console` in a second terminal: zone1's shell answers. Then docs/virtio.md's
    commands at the same prompt: zone1 on the virtio daemon's disk and console."""
    make = ["make", "--no-print-directory", "-C", ctx.repo_root, "BOARD=" + ctx.board]
    q = ctx.run(make + ["run", "ZONES=zone1"], timeout=300)
    q.expect(board_banner(ctx), 120)
    sh = ctx.linux_shell(q, BOOT_TIMEOUT)
    sock = os.path.join(ctx.build_dir, "run", "zone1-console.sock")
    zsh = ZoneShell(ctx, sock, 240, cmd=make + ["zone1-console"])
    insmod(sh)
    start_zone1(q, sh, ctx, sock, zsh)
    online = zsh.run("cat /sys/devices/system/cpu/online").strip()
    if online != "0-1":
        zsh.fail("zone1's online CPUs are %r, expected '0-1'" % online)
    rows, out = zone_list(sh)
    if sorted(rows) != [0, 1]:
        sh.fail("`hvisor zone list` shows zones %s, expected [0, 1]:\n%s" % (sorted(rows), out))
    # Then docs/virtio.md, in the same `make run`: zone1 on the daemon's disk and console.
    if os.path.exists(os.path.join(ctx.repo_root, "platform/aarch64", ctx.board, "configs",
                                   "zone1-virtio.json")):
        from test_virtio import run_docs_commands

        sh.run_saying("hvisor zone shutdown -id 1", "zone 1 shut down")
        run_docs_commands(ctx, q, sh)


# Each crafted config (hvisor-probe case), the errno the hypervisor answers, and what its
# log line says.
REFUSALS = [
    ("root-cpu", "EBUSY", r"zone 1: cpus: CPU 0 belongs to the root zone"),
    ("no-cpu", "EINVAL", r"zone 1: .*no CPU"),
    ("absent-cpu", "EINVAL", r"zone 1: .*beyond the board's 4"),
    ("root-id", "EINVAL", r"zone_id 0 is the root zone's"),
    ("ram-hypervisor", "EINVAL", r"zone 1: .*covers the hypervisor's memory"),
    ("ram-root", "EINVAL", r"zone 1: .*overlaps the root zone's own RAM"),
    ("too-many-regions", "EINVAL", r"zone 1: (error: )?65 memory regions"),
    ("bad-type", "EINVAL", r"zone 1: .*has type 7"),
    ("entry-outside", "EINVAL", r"zone 1: (error: )?the entry point 0x10000000"),
    ("dtb-outside", "EINVAL", r"zone 1: (error: )?the DTB address 0x10000000"),
    ("gic-v2", "EINVAL", r"zone 1: (error: )?arch_config.gic_version is 0"),
    ("unaligned", "EINVAL", r"zone 1: (error: )?region 0 .*is not 4 KiB aligned"),
    ("reserved-intid", "EINVAL", r"zone 1: (error: )?interrupt 1020 is a reserved INTID"),
    ("ppi", "EINVAL", r"zone 1: (error: )?interrupts 0x8000000 of INTIDs 0\.\.31 are SGIs and PPIs"),
    ("root-irq", "EBUSY", r"zone 1: interrupts: IRQ 33 \(pl011@9000000\) is enabled by the root"),
]
SHUTDOWN_REFUSALS = [
    ("0", "EINVAL", r"zone shutdown: the root zone cannot be shut down"),
    ("9", "EINVAL", r"zone shutdown: there is no zone with this id"),
]


def check_refusal(q, sh, cmd, what, errno_name, log_re):
    mark = len(q.output)
    out = sh.run("/root/hvisor-probe %s" % cmd).strip()
    want = "probe: %s: %s" % (what, errno_name)
    if out != want:
        return "`hvisor-probe %s` printed %r, expected %r" % (cmd, out, want)
    time.sleep(0.2)  # the log line may follow the shell's output on the shared console
    lines = [t for lvl, t in hv_log_from(q, mark) if lvl in ("ERROR", "WARN")]
    if not any(re.search(log_re, t) for t in lines):
        return "`hvisor-probe %s` (%s): no hypervisor log line /%s/; it logged:\n    %s" % (
            cmd, errno_name, log_re, "\n    ".join(lines) or "(nothing)")
    return None


def cli_case(sh, name, cfg, expect):
    """Write cfg as /tmp/<name>.json, run `hvisor zone start`, expect exit 1 and `expect`."""
    text = json.dumps(cfg, separators=(",", ":"))
    # busybox's line editor takes 1024 bytes at most: a long config is written in parts.
    for i in range(0, len(text), 512):
        sh.run("echo -n '%s' %s /tmp/%s.json" % (text[i:i + 512], ">>" if i else ">", name))
    status, out = sh.run_status("hvisor zone start /tmp/%s.json" % name)
    if status == 0:
        return "%s: `hvisor zone start` exited 0:\n%s" % (name, out)
    if not re.search(expect, out):
        return "%s: expected /%s/ in:\n%s" % (name, expect, out)
    return None


def cli_cases(base):
    """(name, config, expected message) for each error the CLI finds by itself."""
    def variant(**changes):
        cfg = json.loads(json.dumps(base))
        for k, v in changes.items():
            if v is None:
                cfg.pop(k, None)
            else:
                cfg[k] = v
        return cfg

    ram = base["memory_regions"][0]
    return [
        ("missing", variant(entry_point=None),
         r"/tmp/missing\.json: entry_point: missing"),
        ("badnum", variant(memory_regions=[dict(ram, size="0x3g")] + base["memory_regions"][1:]),
         r"/tmp/badnum\.json: memory_regions\[0\]\.size: \"0x3g\" is not a number"),
        ("nofile", variant(kernel_filepath="/root/zones/nonexistent"),
         r"/tmp/nofile\.json: kernel_filepath: /root/zones/nonexistent: No such file"),
        ("toolarge", variant(memory_regions=[dict(ram, size="0x1000000")]
                             + base["memory_regions"][1:], initrd_filepath=None,
                             initrd_load_paddr=None),
         r"/tmp/toolarge\.json: kernel_filepath: /root/zones/Image is 0x[0-9a-f]+ bytes, "
         r"larger than the 0xc00000 bytes of memory_regions\[0\]"),
        ("overlap", variant(memory_regions=base["memory_regions"] + [
            dict(ram, physical_start="0x7ff00000", virtual_start="0x7ff00000", size="0x200000")]),
         r"/tmp/overlap\.json: memory_regions\[2\] \[0x7ff00000, 0x80100000\) overlaps "
         r"memory_regions\[0\]"),
        ("bigint", variant(entry_point=2 ** 60),
         r"/tmp/bigint\.json: entry_point: \d+ is 2\^53 or more"),
    ]


def test_zones_refusals(ctx):
    """The hypervisor's refusals (errno + log line) and the CLI's own errors (messages)."""
    if ctx.irqchip != "gicv3":
        # Not yet: tools/tests/hvisor_probe.c crafts GICv3 zone_configs, which a GICv2
        # build refuses for their GIC before the check each probe is about.
        print("    (not run on %s: hvisor-probe builds GICv3 configs)" % ctx.irqchip)
        return
    tmp = tempfile.mkdtemp(prefix="hvc-zones-")
    try:
        sock = os.path.join(tmp, "zone1.sock")
        q, sh = boot_root(ctx, sock, timeout=300)
        status, out = sh.run_status("hvisor zone list")
        if status != 1 or "/dev/hvisor" not in out or "insmod hvisor.ko" not in out:
            sh.fail("`hvisor zone list` without the driver: expected exit 1 and a hint to "
                    "insmod hvisor.ko, got %d:\n%s" % (status, out))
        insmod(sh)
        problems = []
        # The root's inter-VM channel (board.c: id 0, peer 0 of 2, 4 KiB sections) through
        # ivc.ko: /dev/hivc0, its ioctl, its control table mapped and read.
        sh.run("insmod /root/ivc.ko")
        log = sh.run("dmesg | grep 'ivc: '", raw=True)
        if "ivc: 1 channel(s)" not in log or "no /hvisor_ivc_device" in log:
            problems.append("insmod ivc.ko: expected `ivc: 1 channel(s)` and the DT node, "
                            "dmesg:\n%s" % log)
        # The virtio daemon's handshake through hvisor.ko: the bridge page is zeroed and
        # shared, the wake-up eventfd accepted, a second INIT_VIRTIO (a daemon started
        # again) answered 0: it finds the bridge the hypervisor has.
        out = sh.run("/root/hvisor-probe virtio").strip()
        if out != "probe: virtio: bridge rings 0 0 0 0, need_wakeup 0; again OK":
            problems.append("hvisor-probe virtio: %r" % out)
        out = sh.run("/root/hvisor-probe ivc /dev/hivc0").strip()
        want = ("probe: ivc: channels 1, first id 0; control table: ivc_id 0 max_peers 2 "
                "rw_sec_size 0x1000 out_sec_size 0x1000 peer_id 0")
        if out != want:
            problems.append("/dev/hivc0: %r, expected %r" % (out, want))
        for case, errno_name, log_re in REFUSALS:
            p = check_refusal(q, sh, "start " + case, case, errno_name, log_re)
            if p:
                problems.append(p)
        for zid, errno_name, log_re in SHUTDOWN_REFUSALS:
            p = check_refusal(q, sh, "shutdown " + zid, "shutdown " + zid, errno_name, log_re)
            if p:
                problems.append(p)

        # The CLI's own errors: each names file, field and problem; none reaches the
        # hypervisor (no new hypervisor log line).
        with open(os.path.join(ctx.repo_root, "platform", "aarch64", ctx.board, "configs",
                               "zone1-linux.json")) as f:
            base = json.load(f)
        for k in ("kernel_filepath", "dtb_filepath", "initrd_filepath"):
            base[k] = "/root/zones/" + base[k]
        mark = len(q.output)
        for name, cfg, expect in cli_cases(base):
            p = cli_case(sh, name, cfg, expect)
            if p:
                problems.append(p)
        reached = hv_log_from(q, mark)
        if reached:
            problems.append("the CLI's errors reached the hypervisor, which logged:\n    %s"
                            % "\n    ".join(t for _, t in reached))

        # A config the CLI accepts and the hypervisor refuses: errno name and a pointer.
        mark = len(q.output)
        p = cli_case(sh, "rootcpu", dict(base, cpus=[1, 2]),
                     r"refused zone 1 \(zone1-linux\): EBUSY .*\n.*hypervisor's log on the "
                     r"board's console .*\"zone 1\"")
        if p:
            problems.append(p)
        if not any("CPU 1 belongs to the root zone" in t for _, t in hv_refusals_since(q, mark)):
            problems.append("cpus [1, 2]: no hypervisor log line `CPU 1 belongs to the root "
                            "zone`")
        if not sh.answers():
            problems.append("the root shell stopped answering")
        if problems:
            sh.fail("%d problem(s):\n  %s" % (len(problems), "\n  ".join(problems)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_zones_cli_cycles(ctx):
    """ZONE_CYCLES (20; `make stress` 1,000) start/shutdown cycles of the bare-metal zone1
    guest (tests/guests/zone1, its RAM at IPA != PA), driven by the hvisor CLI from the
    root shell: each works, and after each shutdown the hypervisor's frame pool and zone
    slots are what they were at boot. Then zone1 stops itself (PSCI SYSTEM_RESET): `zone
    list` shows it stopped until `zone shutdown`."""
    cycles = int(os.environ.get("ZONE_CYCLES", "20"))
    tmp = tempfile.mkdtemp(prefix="hvc-cycles-")
    try:
        q, sh = boot_root(ctx, os.path.join(tmp, "zone1.sock"), timeout=300 + cycles // 2)
        insmod(sh)
        out = sh.run("n=0; i=0; while [ $i -lt %d ]; do hvisor zone start "
                     "/root/zones/zone1-guest.json >/dev/null && hvisor zone shutdown -id 1 "
                     ">/dev/null && n=$((n + 1)); i=$((i + 1)); done; echo cycles $n" % cycles,
                     timeout=60 + cycles)
        if out.strip() != "cycles %d" % cycles:
            sh.fail("%d start/shutdown cycles by the CLI: %r" % (cycles, out.strip()))
        pools = re.findall(r"(at boot|after the shutdown): frame pool (\d+) of \d+ frames in "
                           r"use, zone slots (\d+) of \d+ free", q.output)
        boot = [p[1:] for p in pools if p[0] == "at boot"]
        after = [p[1:] for p in pools if p[0] == "after the shutdown"]
        if len(boot) != 1 or len(after) != cycles or any(p != boot[0] for p in after):
            sh.fail("frame pool and zone slots at boot %s, after the %d shutdowns %s"
                    % (boot, cycles, sorted(set(after))))
        if not sh.answers():
            sh.fail("the root shell does not answer after the cycles")
        # zone1 stopping itself (PSCI SYSTEM_RESET: its mode, ZONE1_RESET = 5, written into
        # its GUEST_PARAMS at PA 0x50300000): listed as stopped until it is shut down.
        sh.run("devmem 0x50300000 64 5; hvisor zone start /root/zones/zone1-guest.json")
        deadline = time.monotonic() + 30
        while True:
            rows, out = zone_list(sh)
            if rows.get(1, ("", "", ""))[2] == "stopped" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if rows.get(1, ("", "", ""))[2] != "stopped":
            sh.fail("zone1 after PSCI SYSTEM_RESET: `hvisor zone list` shows:\n%s" % out)
        sh.run("hvisor zone shutdown -id 1; devmem 0x50300000 64 0")
        rows, out = zone_list(sh)
        if list(rows) != [0]:
            sh.fail("the stopped zone1 was not shut down:\n%s" % out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
