# SPDX-License-Identifier: GPL-2.0
"""The root Linux (Debian kernel + busybox initramfs from `make rootfs`) as zone0 under
the hypervisor on QEMU virt, driven through its serial console as a user would:

- it boots to the shell both ways (QEMU -kernel hvisor.raw, and U-Boot bootm), commands
  typed at the prompt run (console RX interrupts), it sees its 2 CPUs;
- /proc/interrupts shows timer ticks on both CPUs, UART interrupts when typing and IPIs;
- a virtio-blk disk (virtio-mmio, passed through) keeps what is written to it;
- CPU 1 goes offline and online again (PSCI CPU_OFF / CPU_ON) and keeps working;
- a minute of load on both CPUs leaves no RCU stall, lockup or oops;
- `poweroff -f` ends QEMU (PSCI SYSTEM_OFF), `reboot -f` restarts the whole machine.

The images come from LINUX_IMAGE, LINUX_INITRD and LINUX_DTB (runner.py); when they are
missing the scenarios fail and say to run `make rootfs`.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time

from qemu import TestFailure

LOAD_SECONDS = 60  # test_linux_load
BOOT_TIMEOUT = 150  # from QEMU's start to the shell prompt (about 17 s on an idle host)

# One hypervisor log line: "[    1.234567 cpu0] ERROR text" (core/log_format.c). Such a
# line may start in the middle of a line of Linux output, so it is not anchored.
HV_LOG_LINE = re.compile(r"\[ *\d+\.\d{6} cpu[0-9?]+\] (ERROR|WARN |INFO |DEBUG|TRACE) (.*)")

# What a sick kernel prints (dmesg), for the load and hotplug scenarios.
KERNEL_TROUBLE = (
    "rcu_sched self-detected stall",
    "rcu: INFO",
    "soft lockup",
    "hard LOCKUP",
    "Oops",
    "BUG:",
    "Call trace",
    "hung_task",
    "blocked for more than",
    "Unexpected interrupt",
)


# -- helpers --------------------------------------------------------------------------------


def board_banner(ctx):
    """The hypervisor's banner for the board under test."""
    return r"hvisor-c \S+ on board %s\b" % re.escape(ctx.board)


def console_fail(q, what):
    raise TestFailure(
        "%s\n--- last console lines (full log: %s) ---\n%s" % (what, q.log_path, q.tail())
    )


def hv_log(q, level=None):
    """The hypervisor's log lines [(level, text)] seen so far on q's console."""
    lines = [(m.group(1).strip(), m.group(2)) for m in HV_LOG_LINE.finditer(q.output)]
    return [l for l in lines if level is None or l[0] == level]


def check_hv_log_clean(q):
    """No ERROR line from the hypervisor (FATAL exceptions and panics are ERROR lines)."""
    bad = ["%s %s" % l for l in hv_log(q) if l[0] == "ERROR" or "FATAL" in l[1]]
    if bad:
        raise TestFailure(
            "the hypervisor logged errors while Linux ran:\n  %s\n(full log: %s)"
            % ("\n  ".join(bad[:20]), q.log_path)
        )


def boot_shell(ctx, uboot=False, extra=(), timeout=240):
    """Start QEMU with the root Linux, check the banner, and return (q, shell)."""
    boot = ctx.linux_uboot if uboot else ctx.linux_direct
    q = boot(extra=list(extra), timeout=timeout)
    q.expect(board_banner(ctx), 60)
    sh = ctx.linux_shell(q, BOOT_TIMEOUT)
    return q, sh


def parse_interrupts(text):
    """/proc/interrupts -> {label: (counts {cpu: n}, description)}.

    The header names the online CPUs (CPU0 CPU1 ...); each row is `label: n n ... text`
    with one count per online CPU, except `Err:` which has a single count. Rows are keyed
    by their label (11, IPI0, Err) and found by description with irq_row().
    """
    lines = [l for l in text.split("\n") if l.strip()]
    for i, line in enumerate(lines):
        words = line.split()
        if words and all(re.fullmatch(r"CPU\d+", w) for w in words):
            cpus = [int(w[3:]) for w in words]
            break
    else:
        raise TestFailure("no CPU header line in /proc/interrupts:\n%s" % text)
    rows = {}
    for line in lines[i + 1 :]:
        m = re.match(r"\s*([^\s:]+):\s*(.*)$", line)
        if not m:
            raise TestFailure("unexpected /proc/interrupts line %r in:\n%s" % (line, text))
        label, words = m.group(1), m.group(2).split()
        counts = []
        for w in words[: len(cpus)]:
            if not w.isdigit():
                break
            counts.append(int(w))
        if label.lower() == "err":
            if not counts:
                raise TestFailure("no count on the Err line of /proc/interrupts:\n%s" % text)
            rows[label] = ({cpus[0]: counts[0]}, "")
            continue
        if len(counts) != len(cpus):
            raise TestFailure(
                "/proc/interrupts line %r has %d counts for %d CPUs:\n%s"
                % (line, len(counts), len(cpus), text)
            )
        rows[label] = (dict(zip(cpus, counts)), " ".join(words[len(cpus) :]))
    return rows


def irq_row(rows, pattern, text=""):
    """The counts of the one row whose description matches regex `pattern`."""
    found = [(label, r[0]) for label, r in rows.items() if re.search(pattern, r[1])]
    if len(found) != 1:
        raise TestFailure(
            "expected one /proc/interrupts row matching /%s/, found %d:\n%s"
            % (pattern, len(found), text)
        )
    return found[0][1]


def read_interrupts(sh):
    text = sh.run("cat /proc/interrupts")
    return parse_interrupts(text), text


def cpu_online(sh):
    return sh.run("cat /sys/devices/system/cpu/online").strip()


def zone0_cpus(ctx):
    """The root zone's CPUs as its Linux numbers them: 0..n-1 for the n CPUs board.c gives
    the zone (ctx.zone0_cpus, from build/<board>/board.mk)."""
    return list(range(len(ctx.zone0_cpus)))


def cpulist(cpus):
    """Linux's CPU list format (/sys/devices/system/cpu/online): [0, 2, 3] -> '0,2-3'."""
    parts, cpus = [], sorted(cpus)
    while cpus:
        end = 0
        while end + 1 < len(cpus) and cpus[end + 1] == cpus[end] + 1:
            end += 1
        parts.append(str(cpus[0]) if end == 0 else "%d-%d" % (cpus[0], cpus[end]))
        cpus = cpus[end + 1 :]
    return ",".join(parts)


def cpu_busy_ticks(sh):
    """{cpu: non-idle USER_HZ ticks} from /proc/stat."""
    busy = {}
    for m in re.finditer(r"^cpu(\d+) ((?:\d+ ?)+)$", sh.run("cat /proc/stat"), re.MULTILINE):
        v = [int(x) for x in m.group(2).split()]
        busy[int(m.group(1))] = sum(v) - v[3] - v[4]  # all but idle and iowait
    return busy


def check_dmesg(sh, extra=()):
    out = sh.run("dmesg", timeout=60, raw=True)
    if "Booting Linux" not in out:
        sh.fail("`dmesg` did not print the kernel log:\n%s" % out[-2000:])
    bad = [l for l in out.split("\n") if any(t in l for t in KERNEL_TROUBLE + tuple(extra))]
    if bad:
        sh.fail("the kernel reported trouble (dmesg):\n  %s" % "\n  ".join(bad[:30]))


def poweroff(q, timeout=30):
    """`poweroff -f` at the prompt; QEMU must exit by itself with status 0."""
    q.send("poweroff -f\n")
    rc = q.wait_exit(timeout)
    if rc != 0:
        console_fail(q, "QEMU exited with status %d after `poweroff -f`, expected 0" % rc)


# -- scenarios -------------------------------------------------------------------------------


def check_shell(ctx, q, sh):
    out = sh.run("echo $((6*7))").strip()
    if out != "42":
        sh.fail("`echo $((6*7))` printed %r, expected '42'" % out)
    cpuinfo = sh.run("cat /proc/cpuinfo")
    procs = re.findall(r"^processor\s*:\s*(\d+)\s*$", cpuinfo, re.MULTILINE)
    if len(procs) != len(zone0_cpus(ctx)):
        sh.fail(
            "/proc/cpuinfo lists %d processors %s, zone0 has %d CPUs:\n%s"
            % (len(procs), procs, len(zone0_cpus(ctx)), cpuinfo)
        )
    online, want = cpu_online(sh), cpulist(zone0_cpus(ctx))
    if online != want:
        sh.fail("/sys/devices/system/cpu/online is %r, expected %r" % (online, want))
    check_hv_log_clean(q)


def check_pmu(sh):
    """Linux's PMU driver found the counters the hypervisor gives the zone (zone0.dts has
    the PMU node; MDCR_EL2.HPMN = PMCR_EL0.N): `hw perfevents: enabled with ... PMU
    driver, N counters available`, N > 1 (the cycle counter and event counters)."""
    out = sh.run("dmesg | grep 'hw perfevents' || true", raw=True)
    m = re.search(r"hw perfevents: enabled with (\S+) PMU driver, (\d+)\b.*counters available",
                  out)
    if not m or int(m.group(2)) < 2:
        sh.fail("the PMU driver did not register event counters (dmesg | grep 'hw "
                "perfevents'):\n%s" % out)


def test_linux_shell_direct(ctx):
    """`make run`: QEMU -kernel hvisor.raw boots the root Linux to a working shell, with
    the PMU's event counters."""
    q, sh = boot_shell(ctx)
    check_shell(ctx, q, sh)
    check_pmu(sh)


def test_linux_shell_uboot(ctx):
    """`make run QEMU_BOOT=uboot`: U-Boot bootm hvisor.bin, then the same shell."""
    q, sh = boot_shell(ctx, uboot=True)
    check_shell(ctx, q, sh)


def test_linux_interrupts(ctx):
    """Timer ticks on both CPUs, UART interrupts when typing, IPIs (/proc/interrupts)."""
    q, sh = boot_shell(ctx)
    check_interrupts(ctx, q, sh)


def test_linux_interrupts_direct_mode(ctx):
    """`make ROOT_DIRECT_IRQ=1` (GICv3): the root Linux in direct interrupt mode takes its
    timer, UART and IPIs on its own CPU interface, and passes the same checks, then CPU 1
    offline/online 5 times (test_linux_cpu_hotplug's checks)."""
    from test_build import make  # the build helpers of test_build.py

    if ctx.irqchip != "gicv3":
        return  # the mode is GICv3 only; test_zonectl_direct_mode checks the refusal
    work = os.path.join(ctx.repo_root, "build", "test-direct-root")
    shutil.rmtree(work, ignore_errors=True)
    rc, out = make(ctx, ctx.repo_root, "-j2", "all", "ROOT_DIRECT_IRQ=1", "BOARD=" + ctx.board,
                   "BUILD=%s" % os.path.relpath(work, ctx.repo_root))
    if rc != 0:
        raise TestFailure("make ROOT_DIRECT_IRQ=1 failed:\n%s" % out[-3000:])
    q = ctx.linux_direct(timeout=240, hv_raw=os.path.join(work, "hvisor.raw"))
    q.expect(board_banner(ctx), 60)
    q.expect(r"zone 0: direct interrupt mode on CPUs 0x3", 60)
    sh = ctx.linux_shell(q, BOOT_TIMEOUT)
    check_interrupts(ctx, q, sh)
    # CPU_OFF gives CPU 1's interface back to the hypervisor, CPU_ON hands it over again.
    check_cpu_hotplug(ctx, q, sh)
    shutil.rmtree(work, ignore_errors=True)


def check_interrupts(ctx, q, sh):
    rows1, text1 = read_interrupts(sh)
    # A couple of seconds of console traffic both ways, and work on each CPU.
    for i in range(3):
        sh.run("echo typed line %d" % i)
    sh.run(
        "for c in 1 2; do taskset $c sh -c 'end=$(($(date +%s)+2)); "
        "while [ $(date +%s) -lt $end ]; do :; done' & done; wait",
        timeout=60,
    )
    for i in range(3):
        sh.run("echo typed line %d" % i)
    rows2, text2 = read_interrupts(sh)
    both = "--- before ---\n%s--- after ---\n%s" % (text1, text2)

    problems = []
    t1, t2 = irq_row(rows1, r"\barch_timer$", text1), irq_row(rows2, r"\barch_timer$", text2)
    for cpu in zone0_cpus(ctx):
        if cpu not in t1 or cpu not in t2:
            problems.append("no arch_timer column for CPU%d" % cpu)
        elif t2[cpu] <= t1[cpu]:
            problems.append("arch_timer on CPU%d did not increase: %d -> %d" % (cpu, t1[cpu], t2[cpu]))
    u1 = sum(irq_row(rows1, r"\buart-pl011$", text1).values())
    u2 = sum(irq_row(rows2, r"\buart-pl011$", text2).values())
    if u1 <= 0:
        problems.append("uart-pl011 count is %d after typing commands" % u1)
    if u2 <= u1:
        problems.append("uart-pl011 count did not increase while typing: %d -> %d" % (u1, u2))
    ipis = sum(
        sum(irq_row(rows2, p, text2).values())
        for p in (r"^Rescheduling interrupts$", r"^Function call interrupts$")
    )
    if ipis <= 0:
        problems.append("no Rescheduling or Function call IPI on any CPU")
    err = rows2.get("Err", ({0: 0}, ""))[0]
    if sum(err.values()):
        problems.append("Err count is %d" % sum(err.values()))
    if problems:
        sh.fail("/proc/interrupts:\n  %s\n%s" % ("\n  ".join(problems), both))
    check_hv_log_clean(q)


def test_linux_virtio_blk(ctx):
    """A virtio-blk disk (virtio-mmio 0x0a003e00, INTID 79) keeps an ext2 file system."""
    tmp = tempfile.mkdtemp(prefix="hvc-virtio-")
    try:
        disk = os.path.join(tmp, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(32 << 20)
        q, sh = boot_shell(
            ctx,
            extra=[
                "-drive", "file=%s,if=none,format=raw,id=d0" % disk,
                "-device", "virtio-blk-device,drive=d0,bus=virtio-mmio-bus.31",
            ],
        )
        sh.run("test -b /dev/vda || { ls -l /dev; false; }")
        size = sh.run("cat /sys/block/vda/size").strip()
        if size != str((32 << 20) // 512):
            sh.fail("/dev/vda has %s sectors, expected %d" % (size, (32 << 20) // 512))
        mkfs = "mke2fs" if sh.run_status("command -v mke2fs")[0] == 0 else "mkfs.ext2"
        sh.run("%s -q /dev/vda >/dev/null" % mkfs, timeout=60)
        sh.run("mkdir -p /mnt && mount -t ext4 /dev/vda /mnt", timeout=60)
        sh.run("dd if=/dev/urandom of=/mnt/data bs=64k count=64 2>/dev/null", timeout=90)
        first = sh.run("md5sum /mnt/data", timeout=60).split()
        sh.run("sync && umount /mnt && echo 3 > /proc/sys/vm/drop_caches", timeout=60)
        sh.run("mount -t ext4 /dev/vda /mnt", timeout=60)
        again = sh.run("md5sum /mnt/data && ls -l /mnt/data", timeout=60).split()
        if not first or not re.fullmatch(r"[0-9a-f]{32}", first[0]):
            sh.fail("md5sum printed %r" % " ".join(first))
        if again[:1] != first[:1]:
            sh.fail("/mnt/data changed across umount/mount: %s then %s" % (first[0], again[:1]))
        if str(4 << 20) not in again:
            sh.fail("/mnt/data is not 4 MiB: %s" % " ".join(again))
        sh.run("umount /mnt", timeout=60)
        rows, text = read_interrupts(sh)
        vio = irq_row(rows, r"\b79 Edge\s+virtio0$", text)
        if sum(vio.values()) <= 0:
            sh.fail("no virtio0 (INTID 79) interrupt after the disk I/O:\n%s" % text)
        check_hv_log_clean(q)
        poweroff(q)
        # What Linux wrote really is in the image file: read it back on the host
        # (debugfs comes with e2fsprogs, which scripts/setup.sh installs).
        r = subprocess.run(
            ["debugfs", "-R", "cat /data", disk],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60,
        )
        host = hashlib.md5(r.stdout).hexdigest()
        if host != first[0] or len(r.stdout) != 4 << 20:
            raise TestFailure(
                "the host reads /data from %s as %d bytes with md5 %s; Linux wrote %s"
                % (disk, len(r.stdout), host, first[0])
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_linux_cpu_hotplug(ctx):
    """CPU 1 offline/online 5 times (PSCI CPU_OFF, CPU_ON), then it still runs tasks."""
    q, sh = boot_shell(ctx, timeout=300)
    check_cpu_hotplug(ctx, q, sh)


def check_cpu_hotplug(ctx, q, sh):
    node = "/sys/devices/system/cpu/cpu1/online"
    all_on = cpulist(zone0_cpus(ctx))
    cpu1_off = cpulist([c for c in zone0_cpus(ctx) if c != 1])
    for i in range(5):
        sh.run("echo 0 > %s" % node, timeout=60)
        online = cpu_online(sh)
        if online != cpu1_off:
            sh.fail("round %d: after `echo 0 > %s` online CPUs are %r, expected %r" % (i + 1, node, online, cpu1_off))
        sh.run("echo 1 > %s" % node, timeout=60)
        online = cpu_online(sh)
        if online != all_on:
            sh.fail("round %d: after `echo 1 > %s` online CPUs are %r, expected %r" % (i + 1, node, online, all_on))
    # A task pinned to CPU 1 runs there (field 39 of /proc/<pid>/stat: last CPU)...
    stat = sh.run("taskset 2 cat /proc/self/stat")
    fields = stat[stat.rfind(")") + 2 :].split()
    if len(fields) < 37 or fields[36] != "1":
        sh.fail("`taskset 2 cat /proc/self/stat` ran on CPU %s, expected 1:\n%s" % (fields[36:37], stat))
    # ...and CPU 1's timer interrupts still come.
    rows1, text1 = read_interrupts(sh)
    sh.run("taskset 2 sh -c 'end=$(($(date +%s)+2)); while [ $(date +%s) -lt $end ]; do :; done'", timeout=60)
    rows2, text2 = read_interrupts(sh)
    t1, t2 = irq_row(rows1, r"\barch_timer$", text1), irq_row(rows2, r"\barch_timer$", text2)
    if 1 not in t1 or 1 not in t2 or t2[1] <= t1[1]:
        sh.fail(
            "arch_timer on CPU1 did not increase after the hotplug rounds:\n"
            "--- before ---\n%s--- after ---\n%s" % (text1, text2)
        )
    check_dmesg(sh, extra=("failed to come online", "may not have shut down cleanly",
                           "failed to boot", "failed to die"))
    check_hv_log_clean(q)


def test_linux_load(ctx):
    """About a minute of load on both CPUs with console output: no stall, lockup or oops."""
    q, sh = boot_shell(ctx, timeout=300)
    loop = "while :; do dd if=/dev/zero bs=64k count=64 2>/dev/null | md5sum >/dev/null; done"
    pids = [
        sh.run("sh -c '%s' >/dev/null 2>&1 & echo $!" % loop).strip() for _ in range(2)
    ]
    for p in pids:
        if not p.isdigit():
            sh.fail("could not start a background load loop: %r" % p)
    busy1, start = cpu_busy_ticks(sh), time.monotonic()
    # The foreground loop prints a line a second for LOAD_SECONDS of guest time (which
    # follows the host's clock), however slow a loaded host makes each round.
    out = sh.run(
        "end=$(($(date +%%s)+%d)); i=0; while [ $(date +%%s) -lt $end ]; do "
        "echo tick $i; i=$((i+1)); sleep 1; done" % LOAD_SECONDS,
        timeout=LOAD_SECONDS * 2 + 30,
    )
    busy2, elapsed = cpu_busy_ticks(sh), time.monotonic() - start
    got = re.findall(r"^tick (\d+)$", out, re.MULTILINE)
    if got != [str(i) for i in range(len(got))] or len(got) < LOAD_SECONDS // 3:
        sh.fail("expected at least %d lines `tick 0`, `tick 1`... in order during %d s, got %s"
                % (LOAD_SECONDS // 3, LOAD_SECONDS, got))
    sh.run("kill %s" % " ".join(pids))
    alive = sh.run("sleep 1; for p in %s; do kill -0 $p 2>/dev/null && echo alive $p; done; true"
                   % " ".join(pids))
    if "alive" in alive:
        sh.fail("the load loops survived `kill`: %s" % alive.strip())
    for cpu in zone0_cpus(ctx):
        # USER_HZ is 100: at least a quarter of the time busy on each CPU.
        used = busy2.get(cpu, 0) - busy1.get(cpu, 0)
        if used < elapsed * 100 / 4:
            sh.fail("CPU%d was busy %d/100 s of %.0f s: the load did not run on both CPUs"
                    % (cpu, used, elapsed))
    check_dmesg(sh)
    online = cpu_online(sh)
    if online != cpulist(zone0_cpus(ctx)):
        sh.fail("after the load, online CPUs are %r, expected %r" % (online, cpulist(zone0_cpus(ctx))))
    check_hv_log_clean(q)


def test_linux_poweroff(ctx):
    """`poweroff -f`: PSCI SYSTEM_OFF through the hypervisor ends QEMU with status 0."""
    q, sh = boot_shell(ctx)
    poweroff(q)
    if not any("PSCI SYSTEM_OFF" in text for _, text in hv_log(q)):
        console_fail(q, "QEMU exited but the hypervisor did not log `PSCI SYSTEM_OFF`")
    check_hv_log_clean(q)


def test_linux_reboot(ctx):
    """`reboot -f`: PSCI SYSTEM_RESET restarts the machine; Linux boots again."""
    q, sh = boot_shell(ctx, timeout=360)
    q.send("reboot -f\n")
    q.expect(r"reboot: Restarting system", 30)
    q.expect(board_banner(ctx), 60)
    if not any("PSCI SYSTEM_RESET" in text for _, text in hv_log(q)):
        console_fail(q, "the machine restarted but the hypervisor did not log `PSCI SYSTEM_RESET`")
    banners = len(re.findall(board_banner(ctx), q.output))
    if banners != 2:
        console_fail(q, "the hypervisor banner appears %d times, expected 2" % banners)
    sh = ctx.linux_shell(q, BOOT_TIMEOUT)
    out = sh.run("echo $((6*7))").strip()
    if out != "42":
        sh.fail("after the reboot `echo $((6*7))` printed %r, expected '42'" % out)
    online = cpu_online(sh)
    if online != cpulist(zone0_cpus(ctx)):
        sh.fail("after the reboot online CPUs are %r, expected %r" % (online, cpulist(zone0_cpus(ctx))))
    check_hv_log_clean(q)
    poweroff(q)
