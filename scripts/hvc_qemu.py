# SPDX-License-Identifier: GPL-2.0
"""How hvisor-c is started in QEMU, in one place for scripts/run_qemu.py (make run, make
gdb), scripts/bench.py (make bench) and the system tests (tests/system/runner.py).

The board's own facts (the machine line with -smp and -m, the root zone's entry and DTB
address) are not here: make passes them, from platform.mk and build/<board>/board.mk.
Run as a program, it does what `make cp` needs of it:
    python3 scripts/hvc_qemu.py initrd-dtb <dtb> <initramfs> <address>
writes into <dtb>'s /chosen where the initramfs is loaded (linux,initrd-start/end).

Standard library only.
"""

import os
import shlex
import shutil
import subprocess
import sys

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


def set_dtb_initrd(dtb, initrd, initrd_addr):
    """Write into the DTB file's /chosen where the initramfs is loaded (the end is
    exclusive, as Linux reads it)."""
    start = _addr(initrd_addr)
    for prop, val in (("linux,initrd-start", start),
                      ("linux,initrd-end", start + os.path.getsize(initrd))):
        subprocess.run(["fdtput", "-t", "x", dtb, "/chosen", prop, "%x" % val], check=True)


def dtb_with_initrd(dtb, initrd, initrd_addr, work_dir):
    """A copy of the DTB in work_dir whose /chosen says where the initramfs was loaded."""
    os.makedirs(work_dir, exist_ok=True)
    out = os.path.join(work_dir, "zone0-initrd.dtb")
    shutil.copyfile(dtb, out)
    set_dtb_initrd(out, initrd, initrd_addr)
    return out


# -- the guide's TFTP workflow (make cp, then U-Boot's tftp and bootm) -----------------------

# QEMU's user network: the host, which serves the tftp= folder, is 10.0.2.2 and the first
# address its DHCP server hands out is 10.0.2.15 (QEMU's documentation, "Network options").
TFTP_SERVER_IP = "10.0.2.2"
TFTP_GUEST_IP = "10.0.2.15"


def tftp_net_args(tftp_dir):
    """A NIC that Debian's U-Boot drives, on QEMU's user network serving tftp_dir.

    virtio-net on virtio-mmio: U-Boot finds it in QEMU's DTB with no option ROM (QEMU's
    default NIC, virtio-net-pci, needs ipxe-qemu's efi-virtio.rom). QEMU gives it the last
    virtio-mmio slot. restrict=on: the guest reaches the built-in TFTP and DHCP servers and
    nothing else.
    """
    return ["-netdev", "user,id=tftp0,tftp=%s,restrict=on" % os.path.abspath(tftp_dir),
            "-device", "virtio-net-device,netdev=tftp0"]


def uboot_tftp_command(hv_addr, boot_dtb_addr, loads):
    """The guide's U-Boot line with QEMU's addresses: setenv the addresses, tftp every file
    to its place, then bootm the hypervisor with the boot DTB.

    loads: [(variable, address, file)] for the root zone's files, e.g.
    ("zone0_kernel_addr", 0xa0400000, "Image"), in the order they are fetched.
    """
    env = [("serverip", TFTP_SERVER_IP), ("ipaddr", TFTP_GUEST_IP),
           ("loadaddr", "%#x" % _addr(hv_addr)), ("fdt_addr", "%#x" % _addr(boot_dtb_addr))]
    env += [(var, "%#x" % _addr(addr)) for var, addr, _ in loads]
    cmds = ["setenv %s %s" % kv for kv in env]
    cmds.append("tftp ${loadaddr} ${serverip}:hvisor.bin")
    cmds += ["tftp ${%s} ${serverip}:%s" % (var, name) for var, _, name in loads]
    cmds.append("bootm ${loadaddr} - ${fdt_addr}")
    return "; ".join(cmds) + "\n"


def main(argv):
    if len(argv) == 4 and argv[0] == "initrd-dtb":
        set_dtb_initrd(argv[1], argv[2], argv[3])
        return 0
    print("usage: hvc_qemu.py initrd-dtb <dtb> <initramfs> <address>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
