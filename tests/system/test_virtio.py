# SPDX-License-Identifier: GPL-2.0
"""Virtio for zones, as docs/virtio.md tells a user to do it: in the root Linux,
`hvisor virtio start virtio.json &`, `hvisor zone start zone1-virtio.json`, then
`microcom /dev/pts/N` (the daemon's console pty) is zone1's console hvc0; zone1's root
file system is /dev/vda, served by the daemon from the root's own disk (a copy of
zone-disk.ext4 on QEMU's virtio-mmio slot 31, /dev/vda of the root Linux).

- zone1 Linux boots with root=/dev/vda console=hvc0 and answers at its shell;
- 32 MiB written to /dev/vda, synced, dropped from the cache and read back with the same
  checksum; after QEMU exits the image is fsck-clean on the host and holds the same data;
- zone1 shut down and started again (VIRTIO_RESTARTS times, 3; 20 in `make stress`) with
  the daemon running throughout, the data still there;
- a bare-metal zone1 writes nonsense to the disk's registers and posts descriptors
  outside its RAM: refused, logged, and the next zone1 Linux is served as before;
- the daemon killed while zone1 reads its disk: the root Linux and the hypervisor go on,
  the hypervisor logs zone1's unanswered accesses, `zone shutdown` works, a new daemon and
  a new zone1 work.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from qemu import TestFailure

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import LinuxShell  # noqa: E402
from test_zones_linux import boot_root, hv_log_from, insmod  # noqa: E402

ZONES = "/root/zones"
DAEMON_LOG = "/tmp/virtio.log"
ZONE1_BOOT_TIMEOUT = 180
CTRL_X = "\x18"  # leaves microcom


class ZoneConsole(LinuxShell):
    """zone1's shell on hvc0, reached through `microcom <pty>` typed at the root shell."""

    PROMPT = r"zone1:[^\n]*# "

    def __init__(self, q, root, pty):
        super().__init__(q)
        self.root = root
        self.pty = pty

    def attach(self, timeout=ZONE1_BOOT_TIMEOUT):
        """microcom on the pty; zone1's shell answers (lines typed early wait in its tty)."""
        self.q.send("microcom -s 115200 %s\n" % self.pty)
        deadline = time.monotonic() + timeout
        n = 0
        while True:
            n += 1
            self.q.send('echo "__Z""UP_%d__"\n' % n)
            try:
                self.q.expect(self.marker("__ZUP_%d__\n" % n), 5)
                break
            except TestFailure:
                if time.monotonic() > deadline:
                    self.fail("zone1's shell did not answer on %s within %d s"
                              % (self.pty, timeout))
        self.q.expect(self.PROMPT, 30)
        return self

    def detach(self):
        """Ctrl-X leaves microcom; the root prompt answers again."""
        self.q.send(CTRL_X)
        time.sleep(0.5)
        if not self.root.answers(timeout=60):
            self.root.fail("the root shell did not answer after leaving microcom")


def start_daemon(sh, log=DAEMON_LOG, cfg=ZONES + "/virtio.json"):
    """`hvisor virtio start` in the background; returns (pid, the console's pty)."""
    sh.run("cd %s && (hvisor virtio start %s >%s 2>&1 & echo $! >/tmp/virtio.pid); cd /"
           % (os.path.dirname(cfg), os.path.basename(cfg), log))
    # Its devices come up one after the other (the disk, the console, the network) and
    # then it says it serves them.
    wants = (r"blk@0xa003c00 irq 78: /dev/vda", r"net@0xa003600 irq 75: tap tap0",
             r"serving 3 device\(s\)")
    for _ in range(100):
        out = sh.run("cat %s" % log, raw=True)
        m = re.search(r"zone 1 console: char device redirected to (/dev/pts/\d+)", out)
        if m and all(re.search(w, out) for w in wants):
            break
        if "no device was started" in out or "error:" in out:
            sh.fail("`hvisor virtio start virtio.json` failed:\n%s" % out)
        time.sleep(0.2)
    else:
        sh.fail("the daemon did not print its console's pty and its devices within 20 s "
                "(%s):\n%s" % (", ".join(wants), out))
    return sh.run("cat /tmp/virtio.pid").strip(), m.group(1)


def start_zone1(sh):
    sh.run_saying("hvisor zone start %s/zone1-virtio.json" % ZONES, "(zone1-virtio) started")


def shutdown_zone1(sh):
    sh.run_saying("hvisor zone shutdown -id 1", "zone 1 shut down")


def check_root_on_vda(zc):
    mounts = zc.run("cat /proc/mounts")
    if not re.search(r"^/dev/vda / ext4 rw", mounts, re.M):
        zc.fail("zone1's / is not /dev/vda (ext4, rw):\n%s" % mounts)
    if "console=hvc0" not in zc.run("cat /proc/cmdline"):
        zc.fail("zone1's command line has no console=hvc0")


MD5_LINE = r"^([0-9a-f]{32})\s"


def md5_in_zone(zc, path):
    zc.run("md5sum %s >/tmp/md5.txt" % path, timeout=120)
    return zc.read_matching("cat /tmp/md5.txt", r"^([0-9a-f]{32})  %s$" % re.escape(path)).group(1)


def host_check(ctx, disk, want_md5):
    """The image after QEMU: fsck-clean, and /big as zone1 wrote it (Debian's e2fsprogs)."""
    r = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise TestFailure("e2fsck -fn on zone1's disk after the run: exit %d\n%s%s"
                          % (r.returncode, r.stdout, r.stderr))
    out = os.path.join(os.path.dirname(disk), "big")
    r = subprocess.run(["debugfs", "-R", "dump /big %s" % out, disk], capture_output=True,
                       text=True, timeout=120)
    if not os.path.exists(out):
        raise TestFailure("debugfs could not read /big from zone1's disk:\n%s" % r.stderr)
    with open(out, "rb") as f:
        got = hashlib.md5(f.read()).hexdigest()
    if got != want_md5:
        raise TestFailure("/big on zone1's disk read on the host: md5 %s, zone1 wrote %s"
                          % (got, want_md5))


def to_zone(sh, pty, line):
    """Types a line at zone1's shell through the pty (from the root shell, not microcom)."""
    sh.run("printf '%%s\\n' '%s' >%s" % (line, pty))


def wait_file(sh, path, pattern, timeout, what):
    deadline = time.monotonic() + timeout
    while True:
        out = sh.run("cat %s 2>/dev/null | tr -d '\\r' | tail -c 300" % path)
        m = re.search(pattern, out)
        if m:
            return m
        if time.monotonic() > deadline:
            sh.fail("%s: no /%s/ in %s within %d s; its end:\n%s" % (what, pattern, path,
                                                                   timeout, out))
        time.sleep(2)


def console_flood(sh, pty):
    """1 MiB each way between a root process on the daemon's pty and zone1's hvc0, as
    base64 text: nothing lost, nothing reordered (same md5 on both sides)."""
    mib = 1 << 20
    sh.run("head -c %d /dev/urandom | base64 >/tmp/to1 && head -c %d /tmp/to1 >/tmp/to1.b && "
           "mv /tmp/to1.b /tmp/to1" % (mib * 3 // 4 + 1024, mib))
    want_in = sh.read_matching("md5sum </tmp/to1", MD5_LINE).group(1)
    sh.run("cat %s >/tmp/from1 & echo $! >/tmp/reader.pid" % pty)
    # Root -> zone1: zone1's hvc0 raw, `head -c` takes exactly 1 MiB.
    to_zone(sh, pty, "stty raw -echo; echo R""DY; head -c %d >/tmp/in; stty sane; "
            "echo IN=$(md5sum </tmp/in); echo D""ONE1" % mib)
    wait_file(sh, "/tmp/from1", r"RDY", 30, "zone1 did not get ready to read")
    sh.run("cat /tmp/to1 >%s" % pty, timeout=300)
    m = wait_file(sh, "/tmp/from1", r"IN=([0-9a-f]{32})\s.*\nDONE1", 300,
                  "zone1 did not read 1 MiB from its console")
    if m.group(1) != want_in:
        sh.fail("1 MiB typed into zone1's console: zone1 got md5 %s, sent %s"
                % (m.group(1), want_in))
    # Zone1 -> root: 1 MiB of base64 on hvc0, framed by two markers.
    to_zone(sh, pty, "head -c %d /dev/urandom | base64 | head -c %d >/tmp/out; "
            "echo OUT=$( (cat /tmp/out; echo) | md5sum); echo B""EGIN; cat /tmp/out; echo; "
            "echo E""ND"
            % (mib * 3 // 4 + 1024, mib))
    m = wait_file(sh, "/tmp/from1", r"\nEND\n", 300, "zone1 did not send 1 MiB")
    sh.run("kill $(cat /tmp/reader.pid)")
    # Compared in the root Linux: what the UART shows may be cut by a hypervisor line.
    status, out = sh.run_status(
        "a=$(tr -d '\\r' </tmp/from1 | sed -n 's/^OUT=\\([0-9a-f]\\{32\\}\\).*/\\1/p'); "
        "b=$(tr -d '\\r' </tmp/from1 | sed -n '/^BEGIN$/,/^END$/p' | sed '1d;$d' | md5sum | "
        "cut -c1-32); echo \"zone1 sent md5 $a, the pty gave $b\"; [ -n \"$a\" ] && "
        "[ \"$a\" = \"$b\" ]")
    if status != 0:
        sh.fail("1 MiB from zone1's console: %s" % out.strip())


def network(sh, zc):
    """zone0 and zone1 over tap0 (root side) and zone1's virtio-net eth0: ping both ways,
    16 MiB over HTTP (busybox httpd and wget) with the same md5."""
    sh.run("ip addr add 10.0.5.1/24 dev tap0 && ip link set tap0 up")
    sh.run("mkdir -p /tmp/www && head -c %d /dev/urandom >/tmp/www/blob" % (16 << 20))
    want = sh.read_matching("md5sum </tmp/www/blob", MD5_LINE).group(1)
    sh.run("httpd -p 8080 -h /tmp/www")
    zc.attach(60)
    zc.run("ip link set eth0 up && ip addr add 10.0.5.2/24 dev eth0")
    zc.run("ping -c 3 -W 5 10.0.5.1", timeout=60)
    # Compared in zone1: what the UART shows may be cut by a hypervisor line.
    status, out = zc.run_status(
        "got=$(wget -q -O - http://10.0.5.1:8080/blob | md5sum | cut -c1-32); "
        "echo \"zone1 got md5 $got, the root sent %s\"; [ \"$got\" = %s ]" % (want, want),
        timeout=300)
    if status != 0:
        zc.fail("16 MiB over virtio-net: %s" % out.strip())
    zc.detach()
    sh.run("ping -c 3 -W 5 10.0.5.2", timeout=60)


VHOSTILE_CHECKS = ("magic", "alive-after-nonsense", "ring-outside-refused", "queue-ready",
                   "bad-chains-answered", "bad-chains-empty", "device-still-ok",
                   "get-id-served", "get-id", "read-served", "read-ext4-magic",
                   "read-beyond-ioerr")


def wait_guest_report(sh, done, timeout, what):
    """The text a bare-metal zone1 without a console leaves in its RAM at 0x50200000
    (guest_report_to), read with hvisor-probe peek once it holds `done`."""
    deadline = time.monotonic() + timeout
    while True:
        report = sh.run("/root/hvisor-probe peek 0x50200000")
        if done in report:
            return report
        if time.monotonic() > deadline:
            sh.fail("%s did not finish within %d s; its report:\n%s" % (what, timeout, report))
        time.sleep(1)


def hostile_zone(sh):
    """A bare-metal zone1 (tests/guests/vhostile) misuses the daemon's disk: nonsense at
    every register and width, rings and descriptors outside its RAM, a loop. Its report
    (read from its RAM) says each was refused and proper requests still served; the
    daemon logged the refusals, and serves the next zone1 (the Linux one) as before."""
    mark = sh.run("wc -l <%s" % DAEMON_LOG).strip()
    sh.run_saying("hvisor zone start %s/zone1-vhostile.json" % ZONES,
                   "(zone1-vhostile) started")
    report = wait_guest_report(sh, "VHOSTILE: done", 60, "the hostile zone1")
    problems = [l for l in report.splitlines() if ": FAIL" in l]
    problems += ["no result for vhostile-%s" % c for c in VHOSTILE_CHECKS
                 if "GUEST: vhostile-%s: PASS" % c not in report]
    if problems:
        sh.fail("the hostile zone1's checks:\n  %s\nits report:\n%s"
                % ("\n  ".join(problems), report))
    log = sh.run("tail -n +%d %s" % (int(mark) + 1, DAEMON_LOG), raw=True)
    for want in (r"refused \(buffer outside the zone's RAM\)", r"refused \(the chain loops\)",
                 r"NEEDS_RESET", r"registers are 32-bit"):
        if not re.search(want, log):
            sh.fail("the daemon's log has no line /%s/ after the hostile zone1:\n%s"
                    % (want, log))
    if sh.run("kill -0 $(cat /tmp/virtio.pid) && echo alive").strip() != "alive":
        sh.fail("the daemon died serving the hostile zone1:\n%s" % log)
    shutdown_zone1(sh)


def docs_commands(ctx):
    """The command block of docs/virtio.md that follows "At the `zone0:/#` prompt:"."""
    text = open(os.path.join(ctx.repo_root, "docs", "virtio.md")).read()
    m = re.search(r"At the `zone0:/#` prompt:\n\n```sh\n(.*?)```", text, re.S)
    if not m:
        raise TestFailure("docs/virtio.md has no command block after \"At the `zone0:/#` "
                          "prompt:\"")
    return [l.split("#")[0].strip() for l in m.group(1).splitlines() if l.split("#")[0].strip()]


def run_docs_commands(ctx, q, sh):
    """docs/virtio.md's commands typed at the root shell of `make run ZONES=zone1` (whose
    slot 31 holds zone1's disk): zone1 comes up on the daemon's disk and console."""
    cmds = docs_commands(ctx)
    want = ("insmod", "cd", "hvisor virtio start", "cat", "hvisor zone start", "microcom")
    if [c for c in cmds if not c.startswith(want)] or not cmds[-1].startswith("microcom"):
        raise TestFailure("docs/virtio.md's commands changed; this test types them and "
                          "expects insmod, cd, virtio start, cat, zone start, microcom:\n%s"
                          % "\n".join(cmds))
    pty = None
    for c in cmds[:-1]:
        status, out = sh.run_status(c, timeout=60)
        if status != 0 and not c.startswith("insmod"):  # the driver may be loaded already
            sh.fail("docs/virtio.md: `%s` exited with status %d:\n%s" % (c, status, out))
        if c.startswith("hvisor virtio start"):
            for _ in range(100):
                log = sh.run("cat /tmp/virtio.log", raw=True)
                m = re.search(r"char device redirected to (/dev/pts/\d+)", log)
                if m:
                    pty = m.group(1)
                    break
                time.sleep(0.2)
            else:
                sh.fail("docs/virtio.md: the daemon printed no pty:\n%s" % log)
    if cmds[-1].split()[-1] != pty:
        sh.fail("docs/virtio.md says `%s`, the daemon's console is %s" % (cmds[-1], pty))
    zc = ZoneConsole(q, sh, pty).attach()
    check_root_on_vda(zc)
    zc.detach()
    shutdown_zone1(sh)


def restarts():
    return int(os.environ.get("VIRTIO_RESTARTS", "3"))


def test_virtio_zone1_linux(ctx):
    """zone1 Linux on the daemon's disk and console: data, restarts, a daemon killed."""
    ctx.need_file(ctx.zone_disk, "zone1's disk image (ZONE_DISK)", "run `make rootfs`")
    tmp = tempfile.mkdtemp(prefix="hvc-virtio-")
    try:
        disk = os.path.join(tmp, "zone1-disk.ext4")
        subprocess.run(["cp", "--sparse=always", ctx.zone_disk, disk], check=True)
        extra = ["-drive", "file=%s,if=none,format=raw,id=zdisk" % disk,
                 "-device", "virtio-blk-device,drive=zdisk,bus=virtio-mmio-bus.31"]
        q, sh = boot_root(ctx, None, timeout=900 + 60 * restarts(), extra=extra)
        insmod(sh)
        pid, pty = start_daemon(sh)
        start_zone1(sh)
        zc = ZoneConsole(q, sh, pty).attach()
        check_root_on_vda(zc)

        # 32 MiB through the daemon's disk, then read back from the disk, not the cache.
        zc.run("dd if=/dev/urandom of=/big bs=1M count=32 2>/dev/null && sync", timeout=300)
        written = md5_in_zone(zc, "/big")
        zc.run("echo 3 >/proc/sys/vm/drop_caches")
        if md5_in_zone(zc, "/big") != written:
            zc.fail("/big read back from /dev/vda differs from what was written")
        zc.run("dmesg -n 1")  # no kernel messages in the console data below
        zc.detach()
        console_flood(sh, pty)
        network(sh, zc)
        shutdown_zone1(sh)
        sh.run("cat %s" % DAEMON_LOG, raw=True)  # into the test's log, for the record

        for i in range(restarts()):
            start_zone1(sh)
            zc.attach()
            if md5_in_zone(zc, "/big") != written:
                zc.fail("start %d of zone1: /big changed" % (i + 2))
            zc.detach()
            shutdown_zone1(sh)

        hostile_zone(sh)

        # The daemon dies while zone1 reads its disk: zone1's disk stalls, the root and
        # the hypervisor go on, and zone1 can still be shut down.
        start_zone1(sh)
        zc.attach()
        if md5_in_zone(zc, "/big") != written:
            zc.fail("zone1 Linux after the hostile zone1: /big changed")
        zc.run("(while :; do dd if=/dev/vda of=/dev/null bs=64k 2>/dev/null; "
               "echo 3 >/proc/sys/vm/drop_caches; done) >/dev/null 2>&1 &")
        zc.detach()
        sh.run("kill -9 %s" % pid)
        time.sleep(2)
        if not sh.answers():
            sh.fail("the root shell does not answer after the daemon was killed")
        shutdown_zone1(sh)
        # zone1 started with no daemon: each register access it makes waits 100 ms, reads
        # all ones, and the hypervisor says so; zone1 runs on, and shuts down.
        mark = len(q.output)
        start_zone1(sh)
        deadline = time.monotonic() + 60
        while not any(re.search(r"zone 1 CPU \d+: virtio read of 4 bytes at 0xa003[68c]00: no "
                                r"answer within 100 ms.*Is the virtio daemon", t)
                      for _, t in hv_log_from(q, mark)):
            if time.monotonic() > deadline:
                sh.fail("zone1 started without a daemon: no hypervisor log line about its "
                        "unanswered virtio accesses within 60 s")
            time.sleep(1)
        if not sh.answers():
            sh.fail("the root shell does not answer while zone1 has no daemon")
        shutdown_zone1(sh)
        pid, pty = start_daemon(sh, "/tmp/virtio2.log")
        start_zone1(sh)
        zc = ZoneConsole(q, sh, pty).attach()
        if md5_in_zone(zc, "/big") != written:
            zc.fail("after the daemon's restart: /big changed")
        zc.detach()
        shutdown_zone1(sh)

        # The daemon's exit flushes the disk; then the host reads the image.
        sh.run("kill %s; sleep 1; sync" % pid)
        log = sh.run("cat /tmp/virtio2.log", raw=True)
        if "exiting" not in log:
            sh.fail("the daemon did not log its exit on SIGTERM:\n%s" % log)
        q.close()
        host_check(ctx, disk, written)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

