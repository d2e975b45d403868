# SPDX-License-Identifier: GPL-2.0
"""How hvisor-c is started in QEMU, in one place for scripts/run_qemu.py (make run, make
gdb), scripts/bench.py (make bench) and the system tests (tests/system/runner.py).

The board's own facts (the machine line with -smp and -m, the root zone's entry and DTB
address) are not here: make passes them, from platform.mk and build/<board>/board.mk.
Standard library only.
"""

import os
import shlex
import shutil
import subprocess

# U-Boot boots: the uImage is staged here and bootm copies it to its load address (the
# ELF's entry); QEMU puts its own DTB at the start of RAM when it runs a -bios.
UBOOT_HV_ADDR = 0x48000000
UBOOT_QEMU_DTB = 0x40000000


def _addr(addr):
    """An address given as a number or as make passes it, a hex string ("0x1000")."""
    return int(addr, 0) if isinstance(addr, str) else int(addr)


def machine_cmd(qemu, machine):
    """The QEMU binary and the board's machine line (QEMU_MACHINE) as an argument list."""
    return [qemu] + shlex.split(machine)


def loader(path, addr):
    """Arguments that make QEMU copy the file at path, as is, to guest RAM at addr."""
    return ["-device", "loader,file=%s,addr=%#x,force-raw=on" % (path, _addr(addr))]


def hv_args(boot, hv_raw, hv_bin, uboot):
    """How the hypervisor starts: "kernel": QEMU runs hvisor.raw (arm64 Image header);
    "uboot": QEMU runs U-Boot, with hvisor.bin staged for bootm_command()."""
    if boot == "kernel":
        return ["-kernel", hv_raw]
    return ["-bios", uboot] + loader(hv_bin, UBOOT_HV_ADDR)


def bootm_command():
    """What is typed at U-Boot's prompt to boot the staged hvisor.bin with QEMU's DTB."""
    return "bootm %#x - %#x\n" % (UBOOT_HV_ADDR, UBOOT_QEMU_DTB)


def dtb_with_initrd(dtb, initrd, initrd_addr, work_dir):
    """A copy of the DTB in work_dir whose /chosen says where the initramfs was loaded."""
    os.makedirs(work_dir, exist_ok=True)
    out = os.path.join(work_dir, "zone0-initrd.dtb")
    start = _addr(initrd_addr)
    shutil.copyfile(dtb, out)
    for prop, val in (("linux,initrd-start", start),
                      ("linux,initrd-end", start + os.path.getsize(initrd))):
        subprocess.run(["fdtput", "-t", "x", out, "/chosen", prop, "%x" % val], check=True)
    return out
