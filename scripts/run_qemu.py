#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the hypervisor in QEMU for `make run` and `make gdb`.

--boot kernel: QEMU starts hvisor.raw directly (-kernel, arm64 Image header).
--boot uboot:  QEMU runs Debian's U-Boot, this script stops its autoboot and types
               `bootm <hvisor.bin> - <dtb>` as a user would, then hands the console over.
--boot tftp:   the same U-Boot fetches everything from the TFTP folder `make cp` filled
               (QEMU's own TFTP server, --tftp-dir), with the porting guide's line.
Otherwise the root zone's kernel (and DTB) are placed in guest RAM with -device loader. The script
exits with QEMU's exit status; stdin may be a terminal or a pipe.
"""

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time

import hvc_qemu


def build_cmd(a):
    cmd = hvc_qemu.machine_cmd(a.qemu, a.machine)
    if a.boot == "tftp":
        cmd += ["-bios", a.uboot] + hvc_qemu.tftp_net_args(a.tftp_dir)
        return cmd + shlex.split(a.extra)
    cmd += hvc_qemu.hv_args(a.boot, a.hv_raw, a.hv_bin, a.uboot)
    cmd += hvc_qemu.loader(a.kernel, a.kernel_addr)
    if a.dtb:
        cmd += hvc_qemu.loader(a.dtb, a.dtb_addr)
    if a.initrd:
        cmd += hvc_qemu.loader(a.initrd, a.initrd_addr)
    return cmd + shlex.split(a.extra)


def tftp_command(a):
    """The guide's U-Boot line for the files of the TFTP folder, each at its address."""
    loads = [("zone0_kernel_addr", a.kernel_addr, a.kernel),
             ("zone0_fdt_addr", a.dtb_addr, a.dtb),
             ("zone0_initrd_addr", a.initrd_addr, a.initrd)]
    loads = [(var, addr, os.path.basename(f)) for var, addr, f in loads if f]
    if not a.tftp_dir:
        sys.exit("run_qemu: --boot tftp needs --tftp-dir")
    for name in ["hvisor.bin"] + [name for _, _, name in loads]:
        if not os.path.isfile(os.path.join(a.tftp_dir, name)):
            sys.exit("run_qemu: %s is not in the TFTP folder %s (make cp copies the root Linux "
                     "there; --boot tftp serves nothing else)" % (name, a.tftp_dir))
    return hvc_qemu.uboot_tftp_command(hvc_qemu.UBOOT_HV_ADDR, hvc_qemu.UBOOT_QEMU_DTB, loads)


def relay_uboot(cmd, typed):
    """Run QEMU with pipes: drive U-Boot to its prompt and type the boot line, then relay
    the console both ways."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    seen = bytearray()
    booted = threading.Event()
    tty = sys.stdin.isatty()
    old = None
    if tty:
        import termios
        import tty as ttymod
        old = termios.tcgetattr(sys.stdin.fileno())
        ttymod.setraw(sys.stdin.fileno())

    def out():
        while True:
            b = p.stdout.read1(4096) if hasattr(p.stdout, "read1") else p.stdout.read(1)
            if not b:
                return
            os.write(sys.stdout.fileno(), b)
            if not booted.is_set():
                seen.extend(b)
                if b"Hit any key" in seen or b"=> " in seen:
                    p.stdin.write(b"\n")
                    p.stdin.flush()
                    time.sleep(0.3)
                    for ch in typed:
                        p.stdin.write(ch.encode())
                        p.stdin.flush()
                        time.sleep(0.01)
                    booted.set()

    def inp():
        booted.wait()
        while p.poll() is None:
            b = os.read(sys.stdin.fileno(), 1024)
            if not b:
                return
            if tty and b"\x01x" in b:  # Ctrl-A x quits, as with QEMU's own console
                p.terminate()
                return
            try:
                p.stdin.write(b)
                p.stdin.flush()
            except BrokenPipeError:
                return

    t = threading.Thread(target=out, daemon=True)
    t.start()
    threading.Thread(target=inp, daemon=True).start()
    try:
        rc = p.wait()
    except KeyboardInterrupt:
        os.killpg(p.pid, signal.SIGTERM)
        rc = p.wait()
    finally:
        if old is not None:
            import termios
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, old)
    t.join(timeout=2)
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--boot", choices=["kernel", "uboot", "tftp"], default="kernel")
    ap.add_argument("--tftp-dir", default="", help="with --boot tftp: the folder make cp filled")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--machine", required=True)
    ap.add_argument("--hv-raw", required=True)
    ap.add_argument("--hv-bin", required=True)
    ap.add_argument("--uboot", default="/usr/lib/u-boot/qemu_arm64/u-boot.bin")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--kernel-addr", required=True)
    ap.add_argument("--dtb", default="")
    ap.add_argument("--dtb-addr", default="", help="required with --dtb")
    ap.add_argument("--initrd", default="")
    ap.add_argument("--initrd-addr", default="", help="required with --initrd")
    ap.add_argument("--extra", default="")
    ap.add_argument("--work-dir", default="build/run")
    ap.add_argument("--background", action="store_true", help="start QEMU and return (gdb)")
    ap.add_argument("--pidfile", default="")
    a = ap.parse_args()

    for f, what in ((a.kernel, "root zone kernel (ZONE0_KERNEL)"), (a.dtb, "ZONE0_DTB"),
                    (a.initrd, "ZONE0_INITRD")):
        if f and not os.path.isfile(f):
            sys.exit("run_qemu: %s %s does not exist" % (what, f))
    for f, addr, opt in ((a.dtb, a.dtb_addr, "--dtb-addr"), (a.initrd, a.initrd_addr,
                                                              "--initrd-addr")):
        if f and not addr:
            sys.exit("run_qemu: %s is needed to load %s" % (opt, f))
    if a.boot == "tftp":
        # make cp put the files there, zone0.dtb already saying where the initramfs goes.
        typed = tftp_command(a)
    elif a.dtb and a.initrd:
        a.dtb = hvc_qemu.dtb_with_initrd(a.dtb, a.initrd, a.initrd_addr, a.work_dir)
    cmd = build_cmd(a)
    print("run_qemu: " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
    if a.background:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=open(a.pidfile + ".log", "w"),
                             stderr=subprocess.STDOUT, start_new_session=True)
        with open(a.pidfile, "w") as f:
            f.write(str(p.pid))
        print("run_qemu: QEMU waits for gdb on :1234; console in %s.log" % a.pidfile,
              file=sys.stderr)
        return 0
    if a.boot == "kernel":
        return subprocess.call(cmd)
    return relay_uboot(cmd, typed if a.boot == "tftp" else hvc_qemu.bootm_command())


if __name__ == "__main__":
    sys.exit(main())
