#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench, the virtio table: zone1 Linux on the daemon's disk (docs/virtio.md).

Three runs of the system of tests/system/test_virtio.py (root Linux, the daemon, zone1
Linux with /dev/vda served by it):

1. Under QEMU icount (-icount shift=0,align=off,sleep=off: 1 instruction = 1 ns of virtual
   time), zone1 reads 64 MiB of the daemon's disk sequentially, 1 MiB at a time with
   direct I/O (tools/tests/blk_bench.c: one request in flight, no read-ahead;
   BENCH_POLL_US=N sets the disk's "poll_us"), and per MiB read the bench reports: the
   disk's exits of zone1 (register accesses the daemon answered, InterruptStatus/ACK the
   hypervisor answered, one IRQ exit per interrupt the disk asked for: the daemon's
   per-device counters, so the console the harness types through does not blur them),
   the root Linux's instructions (its CPUs' time running tasks, /proc/schedstat's
   nanoseconds: instructions under icount),
   and how many times the data was copied (bytes the daemon moved into zone1's buffers
   per byte zone1 read).
2. Without icount, wall-clock ratios from one run: zone1's sequential read and write
   (128 MiB, dd, raw disks) of the daemon's disk divided by the same on a virtio-blk disk
   QEMU provides and the hypervisor passes through to zone1 (virtio-mmio slot 26);
   4 KiB random reads (tools/tests/blk_bench.c, O_DIRECT, one at a time, the same
   offsets on both disks), IOPS of the daemon's disk divided by the passthrough's;
   zone1 to zone0 network throughput (16 MiB over HTTP); console round trip (a line sent
   to zone1's shell through the pty and its echo back).

3. Without icount, one run (regread_run): a bare-metal zone1 (tests/guests/vregread)
   times reads of the daemon's blk MagicValue against reads of GICD_TYPER; the ratio.

Run by `make bench` after scripts/bench.py; prints one table.
"""

import argparse
import gzip
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "system"))

import runner  # noqa: E402
from qemu import close_all  # noqa: E402
from test_virtio import ZoneConsole, start_daemon, wait_guest_report  # noqa: E402
from test_zones_linux import boot_root, insmod  # noqa: E402

ICOUNT = ["-icount", "shift=0,align=off,sleep=off"]
READ_MIB = 64
SHORT_MIB = 16
POLL_US = os.environ.get("BENCH_POLL_US")  # the disk's "poll_us"; unset: the daemon's default
WALL_MIB = 128
RANDOM_READS = 2000
# The passed-through baseline disk: QEMU's virtio-mmio slot 26 (docs/zones.md).
SLOT26 = (0x0A003400, 74)


def stats(sh, pid):
    """The daemon's counters (SIGUSR1), the root CPUs' time running tasks (ns)."""
    sh.run("kill -USR1 %s; sleep 0.5" % pid)
    log = sh.run("grep 'stats:' /tmp/virtio.log | tail -n 8", raw=True)
    d = {}
    m = re.findall(r"stats: requests (\d+) wakeups (\d+) interrupts (\d+)", log)
    d["requests"], d["wakeups"], d["interrupts"] = (int(x) for x in m[-1])
    m = re.findall(r"stats: zone 1 blk@0xa003c00 chains (\d+) bytes (\d+) refused \d+ "
                   r"accesses (\d+) by_hypervisor (\d+) interrupts (\d+)", log)
    d["chains"], d["bytes"], d["accesses"], d["by_hv"], d["blk_irqs"] = (int(x) for x in m[-1])
    # /proc/schedstat (version 15): a CPU's 7th number is the time its runqueue ran
    # tasks, idle excluded, in ns; /proc/stat's 10 ms ticks were too coarse for the
    # difference of two reads (it came out negative).
    busy = 0
    for line in sh.run("grep '^cpu[0-9]' /proc/schedstat").splitlines():
        busy += int(line.split()[7])
    return d, busy


def icount_run(ctx, data, base):
    q, sh, pid, zc, devs = boot_bench(ctx, data, base, ICOUNT, 3000)

    def measured(var, reads):
        """Counters before and after zone1 runs `$var` (console attached): the root's page
        cache dropped first, so every read reaches the root's disk."""
        zc.detach()
        sh.run("echo 3 >/proc/sys/vm/drop_caches")
        before = stats(sh, pid)
        zc.attach(120)
        zc.run("$%s >/tmp/seq.txt" % var, timeout=1800)
        zc.detach()
        after = stats(sh, pid)
        zc.attach(120)
        out = zc.run("cat /tmp/seq.txt")
        if not re.search(r"blk-bench: seq %d reads of 1048576 bytes" % reads, out):
            zc.fail("zone1's $%s printed:\n%s" % (var, out))
        return before, after

    # Two sequential reads, SHORT_MIB and SHORT_MIB + READ_MIB requests of 1 MiB, direct
    # I/O, each started on an idle disk and typed with as many characters: their
    # difference is READ_MIB requests of a read under way. What the first request of a
    # read costs (the disk is not polling yet: a notify, a wake-up of the daemon) and what
    # the console the harness types through costs cancel out.
    for var, n in (("A", SHORT_MIB), ("B", SHORT_MIB + READ_MIB)):
        zc.run("%s='blk-bench %s seq 1048576 %d'" % (var, devs["daemon"], n))
    a0, a1 = measured("A", SHORT_MIB)
    b0, b1 = measured("B", SHORT_MIB + READ_MIB)
    mib = float(READ_MIB)
    dd = {k: (b1[0][k] - b0[0][k]) - (a1[0][k] - a0[0][k]) for k in b1[0]}
    # The disk's own exits, from the daemon's per-device counters: register accesses it
    # answered (notifies included), InterruptStatus reads and ACKs the hypervisor answered
    # from the status table, and one IRQ exit per interrupt the disk asked for (at most:
    # none when zone1's CPU was in the hypervisor already).
    reg = dd["accesses"] + dd["by_hv"]
    r = {
        "zone1 exits of the virtio path (register accesses + IRQs)": (reg + dd["blk_irqs"])
        / mib,
        # Only these reach the daemon's event loop, so only these can cost it a wake-up
        # (its own count of wake-ups is of all devices, the console's included).
        "zone1 disk register accesses answered by the daemon (a wake-up each at most)":
        dd["accesses"] / mib,
        "zone1 disk register accesses answered by the hypervisor": dd["by_hv"] / mib,
        "interrupts to zone1 (the disk's)": dd["blk_irqs"] / mib,
        "virtio-blk requests (chains)": dd["chains"] / mib,
        "root Linux's CPU time, ns of virtual time (about instructions)":
        ((b1[1] - b0[1]) - (a1[1] - a0[1])) / mib,
        "copies of the data (bytes the daemon moved / read)": dd["bytes"] / (mib * (1 << 20)),
        "the same, a read of %d MiB from an idle disk (its first request included)"
        % SHORT_MIB: sum(a1[0][k] - a0[0][k] for k in ("accesses", "by_hv", "blk_irqs"))
        / float(SHORT_MIB),
    }
    q.close()
    return r


def boot_bench(ctx, data, base, extra_qemu, timeout):
    """The root Linux with the daemon's raw disk (slot 31: zone1's /dev/vda) and the
    baseline (slot 26, passed through: zone1's /dev/vdb); the daemon; zone1 from its
    initramfs (zone1-bench.json); returns (q, root shell, daemon pid, zone1 console)."""
    extra = ["-drive", "file=%s,if=none,format=raw,id=zdisk" % data,
             "-device", "virtio-blk-device,drive=zdisk,bus=virtio-mmio-bus.31",
             "-drive", "file=%s,if=none,format=raw,id=bdisk" % base,
             "-device", "virtio-blk-device,drive=bdisk,bus=virtio-mmio-bus.26"] + extra_qemu
    q, sh = boot_root(ctx, None, timeout=timeout, extra=extra)
    insmod(sh)
    pid, pty = start_daemon(sh, cfg="/root/bench/virtio.json")
    sh.run("hvisor zone start /root/bench/zone1-bench.json", timeout=120)
    zc = ZoneConsole(q, sh, pty).attach(600)
    zc.run("dmesg -n 1")
    # Which of zone1's disks is which: by the virtio-mmio window each sits on.
    out = zc.run("for d in /sys/block/vd*; do echo ${d##*/} $(readlink -f $d); done")
    devs = {}
    for name, path in re.findall(r"^(vd\w+) (\S+)$", out, re.M):
        for role, addr in (("daemon", 0x0A003C00), ("passthrough", SLOT26[0])):
            if "%x.virtio_mmio" % addr in path:
                devs[role] = "/dev/" + name
    if len(devs) != 2:
        zc.fail("zone1's disks: %r, expected one at 0xa003c00 and one at %#x:\n%s"
                % (devs, SLOT26[0], out))
    return q, sh, pid, zc, devs


def bench_dtb(src, dst):
    """zone1-virtio.dtb plus slot 26 (QEMU's disk, passed through: the baseline), and
    zone1 running from its initramfs (both disks are raw data disks here)."""
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools", "dtlib"))
    from devtree import libfdt  # python3-libfdt, found as the porting tools find it

    fdt = libfdt.Fdt(open(src, "rb").read())
    fdt.resize(fdt.totalsize() + 1024)
    fdt.setprop_str(fdt.path_offset("/chosen"), "bootargs", "console=hvc0 zone=zone1")
    node = fdt.add_subnode(0, "virtio_mmio@%x" % SLOT26[0])
    fdt.setprop_str(node, "compatible", "virtio,mmio")
    fdt.setprop(node, "reg", struct.pack(">IIII", 0, SLOT26[0], 0, 0x200))
    fdt.setprop(node, "interrupts", struct.pack(">III", 0, SLOT26[1] - 32, 1))
    fdt.setprop(node, "dma-coherent", b"")
    fdt.pack()
    with open(dst, "wb") as f:
        f.write(fdt.as_bytearray())


def archive_with(base, tree, dst, align=512, compress=False):
    """The initramfs base with the files under tree appended as one more cpio archive
    (gzipped if compress): Linux unpacks concatenated archives, each starting aligned."""
    cpio = dst + ".extra"
    subprocess.run([sys.executable, os.path.join(HERE, "mkcpio.py"), "-o", cpio, tree],
                   check=True)
    extra = open(cpio, "rb").read()
    os.remove(cpio)
    data = open(base, "rb").read()
    with open(dst, "wb") as out:
        out.write(data + b"\0" * (-len(data) % align) + (gzip.compress(extra) if compress
                                                         else extra))


def zone_initrd(ctx, tmp, blk_bench, dst):
    """zone1's initramfs (the one `make rootfs` built beside the root's) with
    /bin/blk-bench added: Linux unpacks concatenated archives, each 4-byte aligned."""
    src = os.path.join(os.path.dirname(ctx.linux_initrd), "initramfs-zone.cpio.gz")
    extra = os.path.join(tmp, "blk-bench-tree", "bin")
    os.makedirs(extra)
    subprocess.run(["cp", blk_bench, os.path.join(extra, "blk-bench")], check=True)
    archive_with(src, os.path.dirname(extra), dst, align=4, compress=True)


def prepare(ctx, tmp, blk_bench):
    """The root initramfs plus /root/bench: zone1-bench.json and .dtb (the baseline disk
    in slot 26 passed through, zone1 from its initramfs with blk-bench added)."""
    import json

    cfg = os.path.join(ctx.repo_root, "platform/aarch64", ctx.board, "configs",
                       "zone1-virtio.json")
    z = json.load(open(cfg))
    z["memory_regions"].append({"type": "io", "physical_start": hex(SLOT26[0]),
                                "virtual_start": hex(SLOT26[0]), "size": "0x200"})
    z["interrupts"].append(SLOT26[1])
    z["dtb_filepath"] = "zone1-bench.dtb"
    z["kernel_filepath"] = "/root/zones/Image"
    z["initrd_filepath"] = "/root/bench/initramfs.cpio.gz"
    tree = os.path.join(tmp, "tree", "root", "bench")
    os.makedirs(tree)
    zone_initrd(ctx, tmp, blk_bench, os.path.join(tree, "initramfs.cpio.gz"))
    json.dump(z, open(os.path.join(tree, "zone1-bench.json"), "w"), indent=4)
    # The daemon's config as the board has it; BENCH_POLL_US=N sets the disk's "poll_us"
    # (docs/virtio.md; 0 turns polling off).
    v = json.load(open(os.path.join(os.path.dirname(cfg), "virtio.json")))
    for dev in v["zones"][0]["devices"]:
        if dev["type"] == "blk" and POLL_US is not None:
            dev["poll_us"] = int(POLL_US)
    json.dump(v, open(os.path.join(tree, "virtio.json"), "w"), indent=4)
    bench_dtb(os.path.join(ctx.build_dir, "dts", "zone1-virtio.dtb"),
              os.path.join(tree, "zone1-bench.dtb"))
    zones = os.environ.get("ZONES_INITRD") or os.path.join(ctx.build_dir, "initramfs-zones.cpio")
    initrd = os.path.join(tmp, "initrd.cpio")
    archive_with(os.path.join(ctx.repo_root, zones), os.path.join(tmp, "tree"), initrd)
    os.environ["ZONES_INITRD"] = initrd


def wall_run(ctx, data, base):
    q, sh, pid, zc, devs = boot_bench(ctx, data, base, [], 1800)

    def timed(cmd):
        out = zc.run("a=$(cut -d' ' -f1 /proc/uptime); %s; b=$(cut -d' ' -f1 /proc/uptime); "
                     "echo T=$a,$b" % cmd, timeout=900)
        a, b = re.search(r"T=([\d.]+),([\d.]+)", out).groups()
        return float(b) - float(a)

    r = {}
    for what, cmd in (("read", "echo 3 >/proc/sys/vm/drop_caches; dd if=%s of=/dev/null "
                               "bs=1M count=%d 2>/dev/null" % ("{dev}", WALL_MIB)),
                      ("write", "dd if=/dev/zero of=%s bs=1M count=%d conv=fsync "
                                "2>/dev/null" % ("{dev}", WALL_MIB))):
        t_d = timed(cmd.format(dev=devs["daemon"]))
        t_p = timed(cmd.format(dev=devs["passthrough"]))
        r["sequential %s, daemon / passthrough throughput" % what] = t_p / t_d
        r["sequential %s through the daemon, MiB/s" % what] = WALL_MIB / t_d
    iops = {}
    for role in ("daemon", "passthrough"):
        out = zc.run("blk-bench %s rand 4096 %d" % (devs[role], RANDOM_READS), timeout=900)
        m = re.search(r"blk-bench: rand \d+ reads of 4096 bytes in [\d.]+ s: (\d+) IOPS", out)
        if not m:
            zc.fail("zone1's blk-bench on %s printed:\n%s" % (devs[role], out))
        iops[role] = int(m.group(1))
    r["4 KiB random reads, daemon / passthrough IOPS"] = iops["daemon"] / float(
        max(iops["passthrough"], 1))
    r["4 KiB random reads through the daemon, IOPS"] = iops["daemon"]
    zc.detach()
    # Network: zone1 serves 16 MiB, zone0 fetches it.
    sh.run("ip addr add 10.0.5.1/24 dev tap0 && ip link set tap0 up")
    zc.attach(60)
    zc.run("ip link set eth0 up && ip addr add 10.0.5.2/24 dev eth0 && mkdir -p /www && "
           "head -c %d /dev/zero >/www/blob && httpd -p 8080 -h /www" % (16 << 20))
    zc.detach()
    out = sh.run("a=$(cut -d' ' -f1 /proc/uptime); wget -q -O /dev/null "
                 "http://10.0.5.2:8080/blob; b=$(cut -d' ' -f1 /proc/uptime); echo T=$a,$b",
                 timeout=600)
    a, b = re.search(r"T=([\d.]+),([\d.]+)", out).groups()
    r["network zone1 -> zone0, MiB/s"] = 16 / (float(b) - float(a))
    # Console round trip: a command typed at zone1's shell (root serial, microcom, the
    # pty, the daemon, hvc0) and its output back, as the test harness sees it.
    zc.attach(60)
    t0 = time.monotonic()
    for i in range(20):
        zc.run("echo %d" % i)
    r["console round trip (a command and its output), ms"] = (time.monotonic() - t0) / 20 * 1e3
    zc.detach()
    q.close()
    return r


# A virtio register read answered by the daemon against a trapped GICD read (wall clock).
REGREAD_DIR = "/root/vregread"


def regread_initrd(ctx, tmp):
    """The root initramfs (ZONES_INITRD as prepare() left it) plus /root/vregread: the
    tests/guests/vregread zone1 and its config (the board's GIC); returns its path."""
    tree = os.path.join(tmp, "regread-tree")
    dst = os.path.join(tree, REGREAD_DIR.lstrip("/"))
    os.makedirs(dst)
    with open(os.path.join(ctx.repo_root, "build", "guests", "vregread.bin"), "rb") as f:
        open(os.path.join(dst, "vregread.bin"), "wb").write(f.read())
    subprocess.run([sys.executable, os.path.join(HERE, "zone_config_for_board.py"),
                    os.path.join(ctx.repo_root, "tests/guests/vregread/zone1-vregread.json"),
                    os.path.join(ctx.repo_root, "platform/aarch64", ctx.board, "configs",
                                 "zone1-linux.json"),
                    os.path.join(dst, "zone1-vregread.json")], check=True)
    base = os.path.join(ctx.repo_root, os.environ.get("ZONES_INITRD") or os.path.join(
        ctx.build_dir, "initramfs-zones.cpio"))
    initrd = os.path.join(tmp, "initrd-regread.cpio")
    archive_with(base, tree, initrd)
    return initrd


def regread_run(ctx, tmp, data):
    """Wall clock, one run: the root Linux and the daemon (its disk in slot 31, as in
    boot_bench), zone1 the bare-metal tests/guests/vregread, which times reads of the
    daemon's blk MagicValue and of GICD_TYPER with CNTVCT and leaves the ticks in its
    RAM. Returns (virtio read, GICD read) in microseconds."""
    saved = os.environ.get("ZONES_INITRD")
    os.environ["ZONES_INITRD"] = regread_initrd(ctx, tmp)
    try:
        q, sh = boot_root(ctx, None, timeout=1800, extra=[
            "-drive", "file=%s,if=none,format=raw,id=zdisk" % data,
            "-device", "virtio-blk-device,drive=zdisk,bus=virtio-mmio-bus.31"])
    finally:
        if saved is None:
            del os.environ["ZONES_INITRD"]
        else:
            os.environ["ZONES_INITRD"] = saved
    insmod(sh)
    start_daemon(sh, cfg="/root/bench/virtio.json")
    sh.run("cd %s && hvisor zone start zone1-vregread.json; cd /" % REGREAD_DIR, timeout=120)
    report = wait_guest_report(sh, "VREGREAD: done", 600, "the vregread zone1")
    m = re.search(r"VREGREAD: freq (\d+) virtio (\d+) (\d+) magic (?:0x)?(\w+) gicd (\d+) (\d+)",
                  report)
    if not m or m.group(4) != "74726976":
        sh.fail("the vregread zone1's report (want MagicValue 74726976):\n%s" % report)
    sh.run_saying("hvisor zone shutdown -id 1", "zone 1 shut down")
    q.close()
    freq, tv, nv, _, tg, ng = m.groups()
    us = 1e6 / int(freq)
    return int(tv) * us / int(nv), int(tg) * us / int(ng)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blk-bench", required=True,
                    help="blk-bench for arm64 (tools/tests/blk_bench.c, make bench)")
    args = ap.parse_args()
    ctx = runner.Context()
    ctx.test_id = ("bench", "virtio")
    tmp = tempfile.mkdtemp(prefix="hvc-bench-virtio-")
    try:
        prepare(ctx, tmp, args.blk_bench)
        # Two raw disks of the same size: the daemon's (zone1's /dev/vda) and QEMU's
        # passed through (/dev/vdb).
        data = os.path.join(tmp, "data.img")
        base = os.path.join(tmp, "base.img")
        for img in (data, base):
            subprocess.run(["truncate", "-s", "%dM" % (WALL_MIB * 2), img], check=True)
        ic = icount_run(ctx, data, base)
        wall = wall_run(ctx, data, base)
        regread = regread_run(ctx, tmp, data)
    finally:
        close_all()
        subprocess.run(["rm", "-rf", tmp])
    print()
    print("virtio (zone1 Linux, disk served by the daemon)")
    print("%-66s %10s %8s" % ("per MiB read sequentially (1 MiB direct I/O), icount", "figure", "target"))
    targets = {"zone1 exits of the virtio path (register accesses + IRQs)": "<= 3",
               "copies of the data (bytes the daemon moved / read)": "<= 1"}
    for k, v in ic.items():
        print("%-66s %10.2f %8s" % (k, v, targets.get(k, "")))
    print("%-66s %10s" % ("wall clock, one run", "figure"))
    for k, v in wall.items():
        print("%-66s %10.2f" % (k, v))
    print("%-66s %10.2f" % ("virtio register read answered by the daemon / GICD_TYPER read",
                             regread[0] / regread[1]))
    print("  (bare-metal zone1, one run: %.1f us and %.2f us per read)" % regread)


if __name__ == "__main__":
    main()
