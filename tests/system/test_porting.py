# SPDX-License-Identifier: GPL-2.0
"""Porting a board, as docs/porting.md tells a user to: board-gen and dt-trim on a DTB,
make, boot; and the build's DT cross-check catching the classic board.c mistakes.

- A QEMU machine the tree has no board for (8 x Cortex-A53, 4 GiB, GICv3): QEMU dumps its
  DTB, board-gen writes the board folder (zone0.dts by dt-trim's rules), make builds it
  through BOARD_DIR under build/, and the root Linux boots on it with no hand edit.
- board-gen on the RK3568 vendor DTS against the hand-checked platform/aarch64/rk3568:
  what must be equal is, and every difference is one this file lists and explains.
- A board whose redistributor frames are in two ranges (gicr_more; qemu-gicv3 copied and
  split): the hypervisor starts every CPU and the root Linux finds both regions.
- A copy of rk3568 with linear MPIDRs, an IRQ without its +32, or a UART base that is not
  zone0.dts's fails the build with a message naming board.c and zone0.dts.

Everything is written under build/test-porting/; the tracked tree is never edited.
"""

import json
import os
import re
import shutil
import subprocess

import hvc_qemu
from qemu import TestFailure
from runner import LinuxShell
from test_build import make, make_ok, show

# The vendor DTS is hardware data kept outside the tree: ../shared/reference beside the
# checkout, or wherever HVC_REFERENCE_DIR points (a checkout elsewhere).
REFERENCE_DIR = os.environ.get("HVC_REFERENCE_DIR") or os.path.join("..", "shared", "reference")
REFERENCE = os.path.join(REFERENCE_DIR, "rk3568", "rk3568-evb1-ddr4-v10-linux.dts")
TOOL_TIMEOUT = 120
BOOT_TIMEOUT = 240


def work_dir(ctx, name):
    path = os.path.join(ctx.repo_root, "build", "test-porting", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def tool(ctx, *args):
    """Run a tools/ program (board-gen, dt-trim, boardcheck) logged like a QEMU; (rc, output)."""
    q = ctx.run(list(args), TOOL_TIMEOUT)
    try:
        return q.wait_exit(TOOL_TIMEOUT), q.output
    finally:
        q.close()


def rel(ctx, path):
    return os.path.relpath(path, ctx.repo_root)


def board_env(ctx, board_dir, build):
    """What make would export for the board folder (its facts from board.c)."""
    out = make_ok(ctx, ctx.repo_root, "-s", "test-env", "BOARD_DIR=%s" % rel(ctx, board_dir),
                  "BUILD=%s" % rel(ctx, build))
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def board_json(ctx, board_c, work, nr_cpus):
    """board.c's data as boardcheck --json prints it (compiled here for the host)."""
    exe = os.path.join(work, "boardcheck-" + os.path.basename(os.path.dirname(board_c)))
    srcs = ["tools/boardcheck/boardcheck.c", "core/config_check.c", "core/zone_root.c",
            "core/printf.c", "core/board_mem.c", board_c]
    rc, out = tool(ctx, "gcc", "-std=gnu11", "-O1", "-Iinclude", "-Iarch/aarch64/include",
                   "-DHV_MAX_CPUS=%d" % nr_cpus, "-DGIC_VERSION=3", "-o", exe, *[os.path.join(ctx.repo_root, s) for s in srcs])
    if rc != 0:
        raise TestFailure("cannot build boardcheck for %s:\n%s" % (board_c, show(out)))
    r = subprocess.run([exe, "--json"], stdout=subprocess.PIPE, timeout=60)
    return json.loads(r.stdout)


def boot_root_linux(ctx, env, build, work):
    """(QEMU, LinuxShell at its prompt): the root Linux as make run boots it on a board built
    under build: kernel at the entry, DTB (with the initramfs in /chosen) at the DTB
    address, initramfs where platform.mk says."""
    ctx.need_file(ctx.linux_image, "root Linux kernel", "run `make rootfs`")
    entry, dtb_addr, initrd_addr = (int(env[k], 0) for k in ("ZONE0_ENTRY", "ZONE0_DTB_ADDR",
                                                              "ZONE0_INITRD_ADDR"))
    zdtb = hvc_qemu.dtb_with_initrd(os.path.join(build, "dts", "zone0.dtb"), ctx.linux_initrd,
                                    initrd_addr, work)
    cmd = (hvc_qemu.machine_cmd(ctx.qemu_bin, env["QEMU_MACHINE"])
           + hvc_qemu.hv_args("kernel", os.path.join(build, "hvisor.raw"), None, None)
           + hvc_qemu.loader(ctx.linux_image, entry) + hvc_qemu.loader(zdtb, dtb_addr)
           + hvc_qemu.loader(ctx.linux_initrd, initrd_addr))
    q = ctx.run(cmd, BOOT_TIMEOUT)
    return q, LinuxShell(q).wait_ready(BOOT_TIMEOUT - 30)


# -- item 7: a generated board boots --------------------------------------------------------


def test_generated_qemu_board_boots_linux(ctx):
    """QEMU virt with 8 Cortex-A53, 4 GiB, GICv3: dumpdtb -> board-gen -> make -> the root
    Linux boots under the hypervisor on the generated board; dt-trim's zone0 tree of the same
    DTB boots that Linux natively."""
    work = work_dir(ctx, "qemu-a53x8")
    dtb = os.path.join(work, "virt-a53x8.dtb")
    q = ctx.run([ctx.qemu_bin, "-M", "virt,gic-version=3,virtualization=on,dumpdtb=%s" % dtb,
                 "-cpu", "cortex-a53", "-smp", "8", "-m", "4G", "-nographic"], 60)
    q.wait_exit(60)
    q.close()
    ctx.need_file(dtb, "QEMU's dumped DTB")

    board_dir = os.path.join(work, "qemu-a53x8")
    rc, out = tool(ctx, os.path.join(ctx.repo_root, "tools", "board-gen", "board-gen"), dtb,
                   "--name", "qemu-a53x8", "--out", board_dir)
    if rc != 0 or "the board checker and the DT cross-check pass" not in out:
        raise TestFailure("board-gen on QEMU's DTB failed (status %d):\n%s" % (rc, show(out)))
    for f in ("board.c", "linker.ld", "platform.mk", "image/dts/zone0.dts", "image/dts/zone1.dts",
              "configs/linux2.json", "configs/virtio.json"):
        ctx.need_file(os.path.join(board_dir, f), "board-gen output")
    with open(os.path.join(board_dir, "board.c")) as f:
        board_c = f.read()
    if "{ 0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7 }" not in board_c:
        raise TestFailure("board.c's MPIDR table is not QEMU's 8 CPUs:\n%s" % show(board_c, 20))

    # dt-trim by itself keeps the same nodes board-gen's zone0.dts has.
    trimmed = os.path.join(work, "dt-trim-zone0.dts")
    rc, out = tool(ctx, os.path.join(ctx.repo_root, "tools", "dt-trim", "dt-trim"), dtb, "-o", trimmed)
    kept = sorted(re.findall(r"^kept (/[^:]*):", out, re.M))
    with open(os.path.join(board_dir, "README.board-gen")) as f:
        kept_gen = sorted(re.findall(r"^- kept (/[^:]*):", f.read(), re.M))
    if rc != 0 or not kept or kept != kept_gen:
        raise TestFailure("dt-trim kept %s, board-gen's zone0 kept %s\n%s" % (kept, kept_gen, show(out)))

    build = os.path.join(work, "build")
    out = make_ok(ctx, ctx.repo_root, "-j2", "all", "BOARD_DIR=%s" % rel(ctx, board_dir),
                  "BUILD=%s" % rel(ctx, build))
    if "DTCHECK" not in out:
        raise TestFailure("the build did not run the DT cross-check:\n%s" % show(out))
    env = board_env(ctx, board_dir, build)
    machine = env["QEMU_MACHINE"]
    if "-smp 8" not in machine or "-m 4096M" not in machine or "cortex-a53" not in machine:
        raise TestFailure("the generated board's QEMU line is %r, expected 8 A53s and 4 GiB" % machine)

    q, sh = boot_root_linux(ctx, env, build, work)
    cpus = sh.run("grep -c ^processor /proc/cpuinfo").strip()
    model = sh.run("cat /proc/device-tree/model; echo").strip()
    mem = sh.run("grep MemTotal /proc/meminfo").strip()
    problems = []
    if cpus != "2":
        problems.append("the root Linux sees %r CPUs, board-gen gave it 2" % cpus)
    if "dummy-virt" not in model:
        problems.append("the root Linux's model is %r" % model)
    m = re.search(r"(\d+) kB", mem)
    if not m or int(m.group(1)) < 3 * 1024 * 1024:
        problems.append("the root Linux has %r, expected most of 4 GiB less the hypervisor" % mem)
    if problems:
        sh.fail("; ".join(problems))
    q.close()

    # dt-trim's tree (the DT's own /memory and CPUs) boots the same Linux natively.
    native = os.path.join(work, "dt-trim-zone0.dtb")
    rc, out = tool(ctx, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", native, trimmed)
    if rc != 0:
        raise TestFailure("dtc refuses dt-trim's output %s:\n%s" % (trimmed, show(out)))
    q = ctx.run([ctx.qemu_bin, "-M", "virt,gic-version=3,virtualization=on", "-cpu", "cortex-a53",
                 "-smp", "8", "-m", "4G", "-nographic", "-kernel", ctx.linux_image,
                 "-initrd", ctx.linux_initrd, "-dtb", native,
                 "-append", "console=ttyAMA0 earlycon=pl011,0x9000000 rdinit=/init"], BOOT_TIMEOUT)
    sh = LinuxShell(q).wait_ready(BOOT_TIMEOUT - 30)
    cpus = sh.run("grep -c ^processor /proc/cpuinfo").strip()
    if cpus != "8":
        sh.fail("Linux booted natively on dt-trim's tree sees %r CPUs, the DT has 8" % cpus)
    shutil.rmtree(work, ignore_errors=True)


# -- item 1: non-contiguous redistributor frames (gic.gicr_more) --------------------------------

GICR_SPLIT = 0x080c0000  # CPU 1's frame on QEMU virt: the second range starts there


def test_gicr_more_board_boots_linux(ctx):
    """A board whose redistributors are in two ranges (gicr_base/gicr_size and gicr_more[],
    the DT's #redistributor-regions = <2>): qemu-gicv3 copied with its GICR split after
    CPU 0's frame. The hypervisor finds CPU 1's frame in gicr_more, and the root Linux on
    CPUs 0-1 finds its redistributors in both regions of zone0.dts and runs on both."""
    work = work_dir(ctx, "gicr-more")
    board_dir = os.path.join(work, "qemu-gicr2")
    shutil.copytree(os.path.join(ctx.repo_root, "platform", "aarch64", "qemu-gicv3"), board_dir)
    board_c = os.path.join(board_dir, "board.c")
    with open(board_c) as f:
        text = f.read()
    text, n = re.subn(r"\.gicr_base = 0x0*80a0000, \.gicr_size = 0x[0-9a-f]+,",
                      ".gicr_base = 0x080a0000, .gicr_size = 0x20000,\n\t\t"
                      ".gicr_more = gicr_more, .nr_gicr_more = 1,", text)
    text = text.replace('.name = "qemu-gicv3"', '.name = "qemu-gicr2"')
    text = text.replace("const struct board board = {",
                        "static const struct board_range gicr_more[] = {\n"
                        "\t{ %#x, 0xf40000, \"GICR of CPUs 1-\" },\n};\n\n"
                        "const struct board board = {" % GICR_SPLIT, 1)
    if n != 1:
        raise TestFailure("qemu-gicv3's board.c has no gicr_base/gicr_size line to split")
    with open(board_c, "w") as f:
        f.write(text)
    dts = os.path.join(board_dir, "image", "dts", "zone0.dts")
    with open(dts) as f:
        text = f.read()
    text, n = re.subn(r"#redistributor-regions = <1>;(\s*reg = <0x0 0x08000000 0x0 0x10000>,\s*)"
                      r"<0x0 0x080a0000 0x0 0x40000>;",
                      r"#redistributor-regions = <2>;\1<0x0 0x080a0000 0x0 0x20000>, "
                      r"<0x0 %#010x 0x0 0x20000>;" % GICR_SPLIT, text)
    if n != 1:
        raise TestFailure("qemu-gicv3's zone0.dts has no one-region GIC node to split")
    with open(dts, "w") as f:
        f.write(text)

    build = os.path.join(work, "build")
    make_ok(ctx, ctx.repo_root, "-j2", "all", "BOARD_DIR=%s" % rel(ctx, board_dir),
            "BUILD=%s" % rel(ctx, build))
    q, sh = boot_root_linux(ctx, board_env(ctx, board_dir, build), build, work)
    cpus = sh.run("grep -c ^processor /proc/cpuinfo").strip()
    dmesg = sh.run("dmesg | grep 'found redistributor'", raw=True)
    problems = []
    if "CPU 1 online (MPIDR 0x1)" not in q.output or "no GICR frame" in q.output:
        problems.append("the hypervisor did not set CPU 1 up from its frame in gicr_more")
    if cpus != "2":
        problems.append("the root Linux sees %r CPUs, expected 2" % cpus)
    if not re.search(r"CPU1: found redistributor 1 region 1:0x0*%x" % GICR_SPLIT, dmesg):
        problems.append("Linux did not find CPU 1's redistributor in region 1: %r" % dmesg)
    if problems:
        sh.fail("; ".join(problems))
    q.close()
    shutil.rmtree(work, ignore_errors=True)


# -- item 7: board-gen on RK3568 vs the hand-checked board -----------------------------------

# Where the generated rk3568 board differs from platform/aarch64/rk3568 by design: the
# hand board is hvisor's table (reviewed), the generated one follows the porting guide's
# trimming. Each entry: the hand region's name (prefix) or IRQ, and why.
RK3568_HAND_ONLY_IO = {
    "pcie@fe280000": "hvisor passes PCIe 3.0 through; PCIe is no class the guide keeps in zone0",
    "syscon@fdcb8000": "PCIe 3.0 PHY GRF: only the PCIe controller needs it",
    "syscon@fdc90000": "PIPE PHY GRF: only PCIe/SATA/USB3 need it",
    "syscon@fdc50000": "PIPE GRF: only PCIe/SATA/USB3 need it",
    "phy@fe8c0000": "PCIe 3.0 PHY",
    "phy@fe840000": "combo PHY of PCIe 2",
    "power-management@fdd90000": "power domains of PCIe and multimedia; nothing zone0 keeps uses one",
    "interrupt-controller@fd440000": "the ITS: the guide comments it out (board-gen --keep-its keeps it)",
    "mmc@fe2b0000": "SDMMC1: zone0 keeps the chosen MMC only (alias mmc0, the eMMC; --mmc adds more)",
    "mmc@fe2c0000": "SDMMC2, as above",
    "mmc@fe000000": "SDMMC0 (the SD card), as above",
    "serial@fe680000": "UART4: not the console; hvisor maps it because its pins are in pinctrl",
}
RK3568_HAND_ONLY_IRQS = {
    41: "SDMMC0 (mmc@fe000000), not the chosen MMC",
    42: "SDMMC1 (mmc@fe2b0000)",
    43: "SDMMC2 (mmc@fe2c0000)",
    64: "hvisor's virtio wake-up IRQ; SPI 32 is gmac0's here, so board-gen picks a free one",
    132: "PCIe 3.0 (pcie@fe280000)",
    152: "UART4 (serial@fe680000)",
}
RK3568_GEN_ONLY_IRQS = {
    70: "/hvisor_virtio_device at the first free SPI (see 64)",
}


def test_rk3568_board_gen_vs_hand(ctx):
    """board-gen on the RK3568 vendor DTS, with the hand board's choices, against
    platform/aarch64/rk3568: same CPUs, UART, GIC, entry and DTB address; RAM the same but
    for the hypervisor's window; IO regions and IRQs differ only as listed above."""
    vendor = os.path.normpath(os.path.join(ctx.repo_root, REFERENCE))
    ctx.need_file(vendor, "the RK3568 vendor DTS",
                  "it lives in ../shared/reference/rk3568; set HVC_REFERENCE_DIR to its folder")
    work = work_dir(ctx, "rk3568")
    board_dir = os.path.join(work, "rk3568-gen")
    rc, out = tool(ctx, os.path.join(ctx.repo_root, "tools", "board-gen", "board-gen"), vendor,
                   "--name", "rk3568-gen", "--out", board_dir, "--load-addr", "0x60080000",
                   "--memory", "0x0:0xf0000000", "--memory", "0x1f0000000:0x10000000",
                   "--reserve", "0x8400000:0x1000000", "--entry", "0x280000",
                   "--dtb-addr", "0xa0000000")
    if rc != 0:
        raise TestFailure("board-gen on the RK3568 vendor DTS failed (status %d):\n%s" % (rc, show(out)))
    for what in ("the console /serial@fe660000 has status = \"disabled\"", "INTID 64"):
        if what not in out:
            raise TestFailure("board-gen did not say it could not decide about %s:\n%s" % (what, show(out)))
    hand = board_json(ctx, os.path.join(ctx.repo_root, "platform", "aarch64", "rk3568", "board.c"), work, 4)
    gen = board_json(ctx, os.path.join(board_dir, "board.c"), work, 4)

    problems = []
    for key in ("mpidr", "uart", "gic", "root_cpus", "entry", "dtb_addr"):
        if hand[key] != gen[key]:
            problems.append("%s: hand %s, generated %s" % (key, hand[key], gen[key]))

    def ram(b):
        return [(r[1], r[1] + r[3]) for r in b["regions"] if r[0] == 0]

    def merged(rs):
        out = []
        for lo, hi in sorted(rs):
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(hi, out[-1][1]))
            else:
                out.append((lo, hi))
        return out

    # The hand board leaves [0x60000000, 0x62000000) to the hypervisor, board-gen 64 MiB.
    want = [(lo, hi) for lo, hi in merged(ram(hand))]
    want = [(lo, 0x60000000) if hi == 0x60000000 else (0x64000000 if lo == 0x62000000 else lo, hi)
            for lo, hi in want]
    if merged(ram(gen)) != want:
        problems.append("root RAM: generated %s, expected the hand board's less [0x62000000, "
                        "0x64000000) %s" % ([tuple(map(hex, r)) for r in merged(ram(gen))],
                                            [tuple(map(hex, r)) for r in want]))

    def io(b):
        return [(r[1], r[1] + r[3], r[4]) for r in b["regions"] if r[0] == 1]

    for lo, hi, name in io(hand):
        if any(a < hi and lo < b for a, b, _n in io(gen)):
            continue
        if not any(name.startswith(k) for k in RK3568_HAND_ONLY_IO):
            problems.append("hand IO region %s [%#x, %#x) is not in the generated board and not "
                            "explained" % (name, lo, hi))
    for lo, hi, name in io(gen):
        if not any(a < hi and lo < b for a, b, _n in io(hand)):
            problems.append("generated IO region %s [%#x, %#x) is not in the hand board" % (name, lo, hi))
    for intid in sorted(set(hand["irqs"]) - set(gen["irqs"])):
        if intid not in RK3568_HAND_ONLY_IRQS:
            problems.append("hand IRQ %d is not in the generated board and not explained" % intid)
    for intid in sorted(set(gen["irqs"]) - set(hand["irqs"])):
        if intid not in RK3568_GEN_ONLY_IRQS:
            problems.append("generated IRQ %d is not in the hand board and not explained" % intid)
    if problems:
        raise TestFailure("generated rk3568 vs platform/aarch64/rk3568:\n  " + "\n  ".join(problems))
    shutil.rmtree(work, ignore_errors=True)


# -- item 3: the DT cross-check fails the build --------------------------------------------


def bad_rk3568(ctx, work, name, pattern, replacement):
    """A copy of platform/aarch64/rk3568 under work with one edit in board.c."""
    board_dir = os.path.join(work, name)
    shutil.copytree(os.path.join(ctx.repo_root, "platform", "aarch64", "rk3568"), board_dir)
    path = os.path.join(board_dir, "board.c")
    with open(path) as f:
        text = f.read()
    new, n = re.subn(pattern, replacement, text)
    if n != 1:
        raise TestFailure("/%s/ matches %d times in rk3568's board.c, expected once" % (pattern, n))
    with open(path, "w") as f:
        f.write(new)
    return board_dir


def test_dt_cross_check_fails_build(ctx):
    """Linear MPIDRs on the A55 board, an IRQ written without its +32, a UART base that is
    not zone0.dts's, a virtio wake-up IRQ that is not zone0.dts's /hvisor_virtio_device's:
    each fails the build with a message naming board.c and zone0.dts."""
    work = work_dir(ctx, "dtcheck")
    cases = [
        ("rk3568-linear", r"\{ 0x000, 0x100, 0x200, 0x300 \}", "{ 0, 1, 2, 3 }",
         [r"zone0\.dts node /cpus/cpu@100 has reg = 0x100, which is not in the mpidr table",
          r"core number in Aff1"]),
        ("rk3568-no32", r"\b69,(\s+78,)", r"37,\1",
         [r"zone0\.dts node /pinctrl/gpio@fe770000 uses SPI 37 = INTID 69, not in root_irqs, "
          r"which has 37: root_irqs hold INTIDs .* write 69"]),
        ("rk3568-uart", r"\.base = 0xfe660000", ".base = 0xfe670000",
         [r"uart\.base 0xfe670000 is no node's reg in \S*zone0\.dts; the DT's console .* is "
          r"/serial@fe660000"]),
        ("rk3568-wakeup", r"\.firmware_smc = true,", ".firmware_smc = true, .virtio_wakeup_irq = 70,",
         [r"zone0\.dts node /hvisor_virtio_device interrupts give INTID 64 but the hypervisor "
          r"raises 70 .* set \.virtio_wakeup_irq = 64"]),
    ]
    problems = []
    for i, (name, pattern, replacement, expect) in enumerate(cases):
        board_dir = bad_rk3568(ctx, work, name, pattern, replacement)
        build = os.path.join(work, "build-" + name)
        # The first case builds everything, as a user would; the others stop at the
        # cross-check, which runs before the hypervisor is compiled or linked.
        goal = "all" if i == 0 else "%s/dtcheck.stamp" % rel(ctx, build)
        rc, out = make(ctx, ctx.repo_root, "-j2", goal, "BOARD_DIR=%s" % rel(ctx, board_dir),
                       "BUILD=%s" % rel(ctx, build))
        board_c = "%s/board.c" % rel(ctx, board_dir)
        if rc == 0:
            problems.append("%s: the build succeeded" % name)
            continue
        for e in expect:
            if not re.search(r"^%s: error: .*%s" % (re.escape(board_c), e), out, re.M):
                problems.append("%s: no error line naming %s and /%s/:\n%s" % (name, board_c, e, show(out, 15)))
        if "image/dts/zone0.dts" not in out:
            problems.append("%s: the messages do not name zone0.dts" % name)
        if os.path.exists(os.path.join(build, "hvisor.bin")):
            problems.append("%s: hvisor.bin was built anyway" % name)
    if problems:
        raise TestFailure("\n".join(problems))
    shutil.rmtree(work, ignore_errors=True)


def test_rk3568_make_cp(ctx):
    """`make cp BOARD=rk3568` puts what the guide's U-Boot lines load in the TFTP folder:
    hvisor.bin, zone0.dtb (root and boot DTB), zone1.dtb and zone1's JSON configs."""
    work = work_dir(ctx, "cp")
    tftp = os.path.join(work, "tftp")
    out = make_ok(ctx, ctx.repo_root, "-j2", "cp", "BOARD=rk3568", "TFTP_DIR=%s" % tftp)
    missing = [f for f in ("hvisor.bin", "zone0.dtb", "zone1.dtb", "linux2.json", "virtio.json")
               if not os.path.isfile(os.path.join(tftp, f))]
    if missing:
        raise TestFailure("make cp BOARD=rk3568 did not copy %s:\n%s" % (", ".join(missing), show(out)))
    with open(os.path.join(tftp, "hvisor.bin"), "rb") as f:
        head = f.read(64)
    if head[:4] != b"\x27\x05\x19\x56" or int.from_bytes(head[16:20], "big") != 0x60080000:
        raise TestFailure("hvisor.bin in the TFTP folder is not a uImage loading at 0x60080000")
    shutil.rmtree(work, ignore_errors=True)


# -- item 2: dt-trim's rules on a small tree whose answer is known --------------------------

RULES_DTS = """/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	model = "dt-trim rules";
	chosen { stdout-path = "/soc/serial@1000"; };
	aliases { serial0 = "/soc/serial@1000"; ethernet0 = "/soc/eth@3000"; mmc0 = "/soc/mmc@4000"; };
	memory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0x0>; clocks = <&cru 1>; };
		cpu@100 { device_type = "cpu"; compatible = "arm,cortex-a55"; reg = <0x100>; clocks = <&cru 1>; };
	};
	psci { compatible = "arm,psci-1.0"; method = "smc"; };
	timer { compatible = "arm,armv8-timer"; interrupts = <1 13 4>; };
	gic: interrupt-controller@8000000 {
		compatible = "arm,gic-v3";
		#interrupt-cells = <3>;
		interrupt-controller;
		#address-cells = <2>;
		#size-cells = <2>;
		ranges;
		reg = <0 0x8000000 0 0x10000>, <0 0x80a0000 0 0x40000>;
		its@8080000 { compatible = "arm,gic-v3-its"; msi-controller; reg = <0 0x8080000 0 0x20000>; };
	};
	osc: osc { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <24000000>; };
	soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x0 0xf0000000 0x10000000>;
		cru: clock-controller@0 { compatible = "vendor,cru"; reg = <0x0 0x1000>; #clock-cells = <1>; clocks = <&osc>; };
		serial@1000 {
			compatible = "snps,dw-apb-uart";
			reg = <0x1000 0x100>;
			reg-shift = <2>;
			reg-io-width = <4>;
			interrupts = <0 10 4>;
			clocks = <&cru 2>;
			dmas = <&dma 1>;
		};
		dma: dma@2000 { compatible = "vendor,dma"; reg = <0x2000 0x1000>; #dma-cells = <1>; interrupts-extended = <&gic 0 11 4>; };
		eth@3000 { compatible = "vendor,eth"; reg = <0x3000 0x1000>; interrupts = <0 12 4>; clocks = <&cru 3>; };
		mmc@4000 { compatible = "vendor,mmc"; reg = <0x4000 0x1000>; interrupts = <0 13 4>; clocks = <&cru 4>; };
	};
};
"""


def test_dt_trim_rules(ctx):
    """dt-trim on a small tree: the guide's classes plus what they reference, transitively
    (the console's clock controller and DMA, the clock controller's oscillator, the /soc
    bus), nothing else (the Ethernet, the ITS, its alias); zone1 has no clock controller,
    cuts the CPUs' clocks and gets virtio-mmio at free addresses with free SPIs."""
    work = work_dir(ctx, "rules")
    src = os.path.join(work, "rules.dts")
    with open(src, "w") as f:
        f.write(RULES_DTS)
    dt_trim = os.path.join(ctx.repo_root, "tools", "dt-trim", "dt-trim")
    problems = []

    z0 = os.path.join(work, "zone0.dts")
    rc, out = tool(ctx, dt_trim, src, "-o", z0, "--cpus", "0x0")
    kept = dict(re.findall(r"^kept (/\S*): (.*)$", out, re.M))
    want = {
        "/soc/serial@1000": "the console serial",
        "/soc/clock-controller@0": "a clock controller",
        "/soc/dma@2000": "dmas of /soc/serial@1000",
        "/osc": "a fixed clock",
        "/soc/mmc@4000": "the chosen MMC",
        "/soc": "parent of",
        "/interrupt-controller@8000000": "the interrupt controller",
    }
    if rc != 0:
        problems.append("dt-trim failed (status %d)" % rc)
    for path, why in want.items():
        if why not in kept.get(path, ""):
            problems.append("zone0: %s should stay (%s), dt-trim says %r" % (path, why, kept.get(path)))
    for path in ("/soc/eth@3000", "/interrupt-controller@8000000/its@8080000"):
        if path in kept:
            problems.append("zone0: %s should go, dt-trim kept it: %s" % (path, kept[path]))
    with open(z0) as f:
        text = f.read()
    if "ethernet0" in text or "cpu@100" in text or "eth@3000" in text:
        problems.append("zone0.dts still names the Ethernet, its alias or cpu@100")
    if 'compatible = "hvisor"' not in text or "interrupts = <0x0 0x20 0x1>" not in text:
        problems.append("zone0.dts has no /hvisor_virtio_device with <0 0x20 1>")

    z1 = os.path.join(work, "zone1.dts")
    rc, out = tool(ctx, dt_trim, src, "--zone1", "-o", z1, "--memory", "0x60000000:0x10000000",
                   "--cpus", "0x100")
    if rc != 0:
        problems.append("dt-trim --zone1 failed (status %d)" % rc)
    if "cut /cpus/cpu@100 clocks -> /soc/clock-controller@0" not in out:
        problems.append("zone1: the CPU's clocks from the CRU were not cut:\n%s" % show(out, 20))
    virtio = [(int(a, 16), int(i)) for a, i in
              re.findall(r"^virtio \w+: 0x([0-9a-f]+), INTID (\d+)", out, re.M)]
    if len(virtio) != 2:
        problems.append("zone1: not two virtio devices:\n%s" % show(out, 20))
    for addr, intid in virtio:
        busy = [(0x40000000, 0x40000000), (0x8000000, 0xa0000), (0xf0000000, 0x10000000)]
        if any(a <= addr < a + s for a, s in busy) or intid in (42, 43, 44, 45, 64):
            problems.append("zone1: virtio at %#x INTID %d is not free" % (addr, intid))
    with open(z1) as f:
        text = f.read()
    for gone in ("clock-controller@0", "serial@1000", "cpu@0 ", "mmc@4000"):
        if gone in text:
            problems.append("zone1.dts still has %s" % gone)
    if "reg = <0x0 0x60000000 0x0 0x10000000>" not in text or "console=hvc0" not in text:
        problems.append("zone1.dts lacks its RAM or the hvc0 console")
    rc, out = tool(ctx, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.devnull, z1)
    if rc != 0:
        problems.append("dtc refuses zone1.dts:\n%s" % show(out))
    if problems:
        raise TestFailure("\n".join(problems))
    shutil.rmtree(work, ignore_errors=True)
