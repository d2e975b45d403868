# SPDX-License-Identifier: GPL-2.0
"""The porting guide's boot workflow (its section 4, TFTP and U-Boot, and its JTAG part),
checked in QEMU as a user would run it:

- `make cp` fills a TFTP folder with what the guide's U-Boot line loads: hvisor.bin, the
  board's DTBs and, on a QEMU board, the root Linux (Image, initramfs, and zone0.dtb saying
  where the initramfs goes);
- `make run QEMU_BOOT=tftp`: QEMU's user network serves that folder (tftp=, restrict=on) to
  a virtio-net NIC; Debian's U-Boot, stopped at its prompt, is given the guide's line with
  the board's addresses (setenv ...; tftp ...; bootm <hvisor> - <dtb>): nothing is preloaded
  into guest RAM, every byte arrives, and the root Linux's shell answers;
- `make monitor` runs OpenOCD with the board's probe and target scripts and attaches gdb
  (rk3568, checked with make -n: no probe here), and on a board that names no OpenOCD target
  it says so and what to set;
- `make cp` on a board that is not QEMU copies hvisor.bin and TFTP_FILES, and names a
  TFTP_FILES entry that does not exist.

The addresses come from the board's facts (ctx: build/<board>/board.mk, platform.mk), the
hypervisor's staging address and QEMU's DTB address from scripts/hvc_qemu.py.
"""

import os
import re
import shutil
import subprocess

import hvc_qemu
from qemu import TestFailure
from test_build import MAKE_ENV_UNSET, MAKE_TIMEOUT, make, make_ok, show
from test_linux import check_hv_log_clean

TFTP_QEMU_TIMEOUT = 120  # U-Boot, 35 MB over TFTP (about 8 s) and Linux (about 20 s)
MONITOR_BOARD = "rk3568"  # the guide's JTAG board: J-Link over SWD


def tftp_loads(ctx):
    """What the root zone needs, as (U-Boot variable, address, file) in fetch order: the
    guide's zone0_kernel_addr and zone0_fdt_addr, and the initramfs of the QEMU root Linux."""
    return [
        ("zone0_kernel_addr", ctx.guest_addr, os.path.basename(ctx.linux_image)),
        ("zone0_fdt_addr", ctx.dtb_addr, os.path.basename(ctx.linux_dtb)),
        ("zone0_initrd_addr", ctx.initrd_addr, os.path.basename(ctx.linux_initrd)),
    ]


def same_file(a, b):
    with open(a, "rb") as f, open(b, "rb") as g:
        return f.read() == g.read()


def check_tftp_folder(ctx, tftp, out):
    """The folder holds the built images as they are, and a zone0.dtb whose /chosen says
    where the initramfs is loaded."""
    problems = []
    for built in (ctx.hv_bin, ctx.linux_image, ctx.linux_initrd):
        copied = os.path.join(tftp, os.path.basename(built))
        if not os.path.isfile(copied):
            problems.append("no %s" % os.path.basename(built))
        elif not same_file(built, copied):
            problems.append("%s differs from %s" % (copied, built))
    dtb = os.path.join(tftp, os.path.basename(ctx.linux_dtb))
    want = [ctx.initrd_addr, ctx.initrd_addr + os.path.getsize(ctx.linux_initrd)]
    r = subprocess.run(["fdtget", "-t", "x", dtb, "/chosen", "linux,initrd-start", "/chosen",
                        "linux,initrd-end"], capture_output=True, text=True, timeout=30)
    got = [int(v, 16) for v in r.stdout.split()] if r.returncode == 0 else r.stderr.strip()
    if got != want:
        problems.append("%s /chosen linux,initrd-start/end: %s, expected %s"
                        % (dtb, got, ["%#x" % v for v in want]))
    if problems:
        raise TestFailure("after `make cp TFTP_DIR=%s` (holds: %s):\n  %s\n%s"
                          % (tftp, ", ".join(sorted(os.listdir(tftp))) if os.path.isdir(tftp)
                             else "no such folder",
                             "\n  ".join(problems), show(out)))


def as_hex(value):
    return "%#x" % value if isinstance(value, int) else value


def check_typed_line(ctx, q, line):
    """The line U-Boot echoed is the guide's: its addresses and files are the board's."""
    env = dict(re.findall(r"setenv (\w+) (\S+?);", line))
    want = {"serverip": hvc_qemu.TFTP_SERVER_IP, "ipaddr": hvc_qemu.TFTP_GUEST_IP,
            "loadaddr": hvc_qemu.UBOOT_HV_ADDR, "fdt_addr": hvc_qemu.UBOOT_QEMU_DTB}
    for var, addr, _ in tftp_loads(ctx):
        want[var] = addr
    problems = []
    for var, value in want.items():
        got = env.get(var)
        if isinstance(value, int):
            got = int(got, 0) if got and re.fullmatch(r"0x[0-9a-f]+", got) else got
        if got != value:
            problems.append("setenv %s %s, expected %s" % (var, as_hex(got), as_hex(value)))
    fetched = re.findall(r"tftp \$\{(\w+)\} \$\{serverip\}:(\S+?);", line)
    if fetched != [("loadaddr", "hvisor.bin")] + [(v, f) for v, _, f in tftp_loads(ctx)]:
        problems.append("fetches %s" % fetched)
    if not line.rstrip().endswith("bootm ${loadaddr} - ${fdt_addr}"):
        problems.append("does not end with bootm ${loadaddr} - ${fdt_addr}")
    # bootm refuses a uImage staged over the place it copies it to.
    hv_size = os.path.getsize(ctx.hv_bin)
    if hvc_qemu.UBOOT_HV_ADDR < ctx.hv_base + hv_size and ctx.hv_base < \
            hvc_qemu.UBOOT_HV_ADDR + hv_size:
        problems.append("hvisor.bin is staged over its load address %#x" % ctx.hv_base)
    if problems:
        raise TestFailure("the U-Boot line typed:\n  %s\n  %s\n(full log: %s)"
                          % (line, "\n  ".join(problems), q.log_path))


def test_make_run_tftp(ctx):
    """`make run QEMU_BOOT=tftp` as a user runs it: make cp fills the TFTP folder, U-Boot
    gets the guide's line with the board's addresses and fetches every byte of every file
    over QEMU's TFTP (nothing preloaded), bootm starts the hypervisor, the root Linux's shell
    answers on the console (stdin, not a terminal), and `poweroff -f` ends make with
    status 0."""
    tftp = os.path.join(ctx.build_dir, "tftp-test")
    shutil.rmtree(tftp, ignore_errors=True)
    cmd = ["env"]
    for name in MAKE_ENV_UNSET:
        cmd += ["-u", name]
    cmd += ["make", "--no-print-directory", "-C", ctx.repo_root, "run", "QEMU_BOOT=tftp",
            "BOARD=" + ctx.board, "TFTP_DIR=" + tftp]
    q = ctx.run(cmd, MAKE_TIMEOUT + TFTP_QEMU_TIMEOUT)
    m = q.expect(r"^copied to \S+: ([^\n]*)\n", MAKE_TIMEOUT)
    check_tftp_folder(ctx, tftp, m.group(0))

    uboot_start = q.expect(r"^=> (setenv [^\n]*)\n", 60)
    check_typed_line(ctx, q, uboot_start.group(1))
    # U-Boot reports each file's size: every byte of every file arrived.
    for name in ["hvisor.bin"] + [f for _, _, f in tftp_loads(ctx)]:
        size = os.path.getsize(os.path.join(tftp, name))
        # Whole lines only: a number still arriving must not match.
        m = q.expect(r"^Bytes transferred = (\d+) \(|^=> |(?:TFTP error|Retry count exceeded)"
                     r"[^\n]*\n", 60)
        if m.group(1) is None or int(m.group(1)) != size:
            raise TestFailure("U-Boot's tftp of %s: %r, expected %d bytes\n--- console (full "
                              "log: %s) ---\n%s" % (name, m.group(0), size, q.log_path, q.tail()))
    q.expect(r"Starting kernel \.\.\.\n", 30)
    q.expect(r"hvisor-c \S+ on board %s\b" % re.escape(ctx.board), 30)
    sh = ctx.linux_shell(q, TFTP_QEMU_TIMEOUT)
    answer = sh.run("echo $((6*7))").strip()
    if answer != "42":
        sh.fail("`echo $((6*7))` printed %r, expected '42'" % answer)
    check_hv_log_clean(q)
    q.send("poweroff -f\n")
    rc = q.wait_exit(30)
    if rc != 0:
        sh.fail("make run QEMU_BOOT=tftp exited with status %d after `poweroff -f`" % rc)


def test_make_monitor(ctx):
    """`make monitor` on rk3568 starts OpenOCD with the guide's J-Link and RK3566 scripts
    and attaches gdb-multiarch to its gdb port with the hypervisor's symbols (make -n); with
    no OpenOCD it says how to get one; on a board without an OpenOCD target it says what to
    set, starting nothing."""
    problems = []
    out = make_ok(ctx, ctx.repo_root, "-n", "monitor", "BOARD=" + MONITOR_BOARD)
    ocd = re.search(r'^\s*openocd -c "gdb_port (\d+)" -f interface/jlink\.cfg '
                    r"-f target/rk3566\.cfg", out, re.MULTILINE)
    gdb = re.search(r'gdb-multiarch .*-ex "file (\S+)".*\n?.*-ex "target remote :(\d+)"', out)
    if not ocd:
        problems.append("no `openocd -f interface/jlink.cfg -f target/rk3566.cfg` line")
    if not gdb or gdb.group(1) != "build/%s/hvisor.elf" % MONITOR_BOARD:
        problems.append("no gdb-multiarch with build/%s/hvisor.elf" % MONITOR_BOARD)
    elif ocd and gdb.group(2) != ocd.group(1):
        problems.append("gdb attaches to :%s, OpenOCD serves :%s" % (gdb.group(2), ocd.group(1)))
    if problems:
        raise TestFailure("`make -n monitor BOARD=%s`:\n  %s\n%s"
                          % (MONITOR_BOARD, "\n  ".join(problems), show(out)))

    missing = "/nonexistent/openocd"
    rc, out = make(ctx, ctx.repo_root, "monitor", "BOARD=" + MONITOR_BOARD, "OPENOCD=" + missing)
    if rc == 0 or "%s not found" % missing not in out or "apt-get install openocd" not in out:
        raise TestFailure("`make monitor OPENOCD=%s`: status %d, expected a failure saying it "
                          "is not found and how to install it:\n%s" % (missing, rc, show(out)))

    rc, out = make(ctx, ctx.repo_root, "monitor", "BOARD=" + ctx.board)
    said = re.search(r"names no OpenOCD target.*OPENOCD_CFG.*make gdb", out)
    if rc == 0 or not said or "gdb-multiarch" in out or "GNU gdb" in out:
        raise TestFailure("`make monitor BOARD=%s` (no OPENOCD_CFG): status %d, expected a "
                          "failure that names OPENOCD_CFG and make gdb and starts nothing:\n%s"
                          % (ctx.board, rc, show(out)))


def test_make_cp_board_files(ctx):
    """On a board that is not QEMU (rk3568), `make cp` copies hvisor.bin and the files of
    TFTP_FILES (the SDK's kernel and DTB), not QEMU's root Linux; a TFTP_FILES entry that
    does not exist stops it with the file's name, before anything is copied."""
    scratch = os.path.join(ctx.build_dir, "tftp-files-test")
    shutil.rmtree(scratch, ignore_errors=True)
    sdk, tftp = os.path.join(scratch, "sdk"), os.path.join(scratch, "tftp")
    os.makedirs(sdk)
    extra = []
    for name, data in (("Image", b"vendor kernel\n"), ("rk3568.dtb", b"vendor dtb\n")):
        extra.append(os.path.join(sdk, name))
        with open(extra[-1], "wb") as f:
            f.write(data)
    out = make_ok(ctx, ctx.repo_root, "cp", "BOARD=" + MONITOR_BOARD, "TFTP_DIR=" + tftp,
                  "TFTP_FILES=" + " ".join(extra))
    got = sorted(os.listdir(tftp))
    if got != ["Image", "hvisor.bin", "rk3568.dtb"] or not all(
            same_file(f, os.path.join(tftp, os.path.basename(f))) for f in extra):
        raise TestFailure("`make cp BOARD=%s TFTP_FILES=<Image> <rk3568.dtb>` copied %s, "
                          "expected hvisor.bin and the two files as they are:\n%s"
                          % (MONITOR_BOARD, got, show(out)))

    shutil.rmtree(tftp)
    missing = os.path.join(sdk, "missing.dtb")
    rc, out = make(ctx, ctx.repo_root, "cp", "BOARD=" + MONITOR_BOARD, "TFTP_DIR=" + tftp,
                   "TFTP_FILES=%s %s" % (extra[0], missing))
    if rc == 0 or missing not in out or os.path.exists(tftp):
        raise TestFailure("`make cp TFTP_FILES=<Image> %s` (missing): status %d, TFTP folder "
                          "%s; expected a failure naming the file and nothing copied:\n%s"
                          % (missing, rc, "made" if os.path.exists(tftp) else "not made",
                             show(out)))
    shutil.rmtree(scratch, ignore_errors=True)
