# SPDX-License-Identifier: GPL-2.0
"""What the build promises, checked as a user sees it: make's output, the files it writes
and the console of the image it produced.

- Editing a board file or a header is picked up by the next `make`, without `make clean`,
  and a `make` with nothing changed compiles nothing.
- A board whose root zone would overwrite the hypervisor never produces an image, and
  the error names the board file and the region.
- hvisor.bin is a U-Boot uImage whose load and entry address are the ELF's entry, and
  hvisor.raw carries an arm64 Image header that U-Boot's booti/bootm accept as is.
- Every board the porting issue names (qemu-gicv3, qemu-gicv2, rk3568, rk3588, imx8mp,
  zcu102) builds, its zone DTs compile, and its zone1 configs (linux2.json, virtio.json)
  name what zone1.dts has: a build each, no QEMU run.
- A wrong BOARD, ARCH or LOG gives one error line that lists the valid choices.
- The root Linux's programs (the hvisor CLI, the test probe) are static arm64 executables.
- `make cp` puts hvisor.bin into the TFTP folder.
- The root zone's entry is stated once, in board.c: a copy of the board with only that
  address changed builds (BOARD_DIR=) and boots the test guest at the new place.
- Without the cross compiler, make says which command installs it instead of asking for a
  password in the middle of a build.

Scenarios that edit sources work in a scratch copy of the working tree (tracked files
plus untracked files that git does not ignore) or under build/, so the tracked tree is
never modified. The board's facts (load address, DRAM base, zone0 entry) are read from the
ELF make built and from ctx (build/<board>/board.mk), never restated here.
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

from qemu import TestFailure

MAKE_TIMEOUT = 300
RUN_TIMEOUT = 180  # a build of everything and the guest's run; a guest that never runs spins
BOOT_TIMEOUT = 60
JOBS = "-j2"

# Variables that would leak from an outer `make test` or from the user's shell into the
# makes started here and change what they do.
MAKE_ENV_UNSET = (
    "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "GNUMAKEFLAGS",
    "ARCH", "BOARD", "BOARD_DIR", "LOG", "TFTP_DIR", "BUILD", "BUILD_DIR", "GUEST_BUILD",
    "CROSS_COMPILE",
    # What `make test` exports for the scenarios (the Makefile's TEST_ENV): a board
    # without a QEMU machine would otherwise inherit qemu-gicv3's.
    "BOARD_NR_CPUS", "BOARD_ZONE0_CPUS", "ZONE0_ENTRY", "ZONE0_DTB_ADDR", "ZONE0_INITRD_ADDR",
    "QEMU", "QEMU_MACHINE", "UBOOT_BIOS", "TEST_GUEST", "GUEST_DIR", "LINUX_IMAGE",
    "LINUX_INITRD", "LINUX_DTB", "ZONES_INITRD", "TOOLS_BUILD", "HVISOR_ABI",
)

QEMU_BOARD = "qemu-gicv3"
QEMU_BOARD_C = "platform/aarch64/qemu-gicv3/board.c"

BUILD_LINE = re.compile(r"^\s*(CC|AS|LD|HOSTCC|GUEST)\s+(\S+)\s*$", re.MULTILINE)


# -- helpers -------------------------------------------------------------------------------


def make(ctx, cwd, *args, timeout=MAKE_TIMEOUT):
    """Run make in `cwd`; return (exit status, output). Logged like any QEMU run."""
    cmd = ["env"]
    for name in MAKE_ENV_UNSET:
        cmd += ["-u", name]
    cmd += ["make", "--no-print-directory", "-C", cwd] + list(args)
    q = ctx.run(cmd, timeout)
    try:
        rc = q.wait_exit(timeout)
        return rc, q.output
    finally:
        q.close()


def show(text, lines=60):
    parts = text.rstrip("\n").split("\n")
    if len(parts) > lines:
        parts = ["[... %d lines left out ...]" % (len(parts) - lines)] + parts[-lines:]
    return "\n".join("  | " + p for p in parts)


def make_ok(ctx, cwd, *args):
    rc, out = make(ctx, cwd, *args)
    if rc != 0:
        raise TestFailure(
            "`make %s` in %s failed with status %d:\n%s" % (" ".join(args), cwd, rc, show(out))
        )
    return out


def built(out, kind=None):
    """[(kind, file)] of make's CC/AS/LD/HOSTCC/GUEST lines, in order."""
    return [(k, f) for k, f in BUILD_LINE.findall(out) if kind is None or k == kind]


def scratch_copy(repo, dest):
    """Copy the working tree's tracked and untracked-but-not-ignored files into dest."""
    names = set()
    for extra in ([], ["--others", "--exclude-standard"]):
        r = subprocess.run(
            ["git", "-C", repo, "ls-files", "-z"] + extra,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
        )
        if r.returncode != 0:
            raise TestFailure(
                "git ls-files failed in %s: %s" % (repo, r.stderr.decode("utf-8", "replace"))
            )
        names.update(n for n in r.stdout.decode("utf-8", "surrogateescape").split("\0") if n)
    for name in sorted(names):
        src = os.path.join(repo, name)
        if not os.path.lexists(src):
            continue  # deleted in the working tree, not yet in the index
        dst = os.path.join(dest, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)


def edit(path, pattern, replacement, what):
    """Replace the single match of regex `pattern` in the file at `path`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new, n = re.subn(pattern, replacement, text)
    if n != 1:
        raise TestFailure(
            "cannot %s: /%s/ matches %d times in %s (expected once)" % (what, pattern, n, path)
        )
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def newest_mtime(top):
    newest = 0.0
    for dirpath, _, files in os.walk(top):
        for name in files:
            newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
    return newest


def touch_newer_than(path, top):
    """Advance path's mtime past every file under top (what `touch` does after a build)."""
    newest = newest_mtime(top)
    while time.time() <= newest + 0.01:
        time.sleep(0.02)
    os.utime(path, None)
    if os.stat(path).st_mtime <= newest:
        raise TestFailure("could not make %s newer than the build outputs in %s" % (path, top))


def elf_entry(ctx, elf):
    r = subprocess.run(["readelf", "-h", elf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=60)
    out = r.stdout.decode("utf-8", "replace")
    m = re.search(r"Entry point address:\s*(0x[0-9a-fA-F]+)", out)
    if r.returncode != 0 or not m:
        raise TestFailure("`readelf -h %s` gave no entry point:\n%s" % (elf, show(out)))
    return int(m.group(1), 16)


def uimage_header(bin_path):
    r = subprocess.run(["mkimage", "-l", bin_path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    out = r.stdout.decode("utf-8", "replace")
    fields = {}
    for key in ("Load Address", "Entry Point"):
        m = re.search(r"^%s:\s*([0-9a-fA-F]+)\s*$" % key, out, re.MULTILINE)
        if m:
            fields[key] = int(m.group(1), 16)
    m = re.search(r"^Image Type:\s*(.*)$", out, re.MULTILINE)
    fields["Image Type"] = m.group(1).strip() if m else ""
    m = re.search(r"^Data Size:\s*(\d+) Bytes", out, re.MULTILINE)
    fields["Data Size"] = int(m.group(1)) if m else None
    if r.returncode != 0 or "Load Address" not in fields or "Entry Point" not in fields:
        raise TestFailure("`mkimage -l %s` is not a uImage listing:\n%s" % (bin_path, show(out)))
    return fields, out


def check_images(ctx, board, build_dir):
    """Problems (strings) with build_dir's hvisor.{elf,bin,raw} for board."""
    elf = os.path.join(build_dir, "hvisor.elf")
    binf = os.path.join(build_dir, "hvisor.bin")
    raw = os.path.join(build_dir, "hvisor.raw")
    for path in (elf, binf, raw):
        if not os.path.isfile(path):
            return ["%s: %s was not built" % (board, path)]

    # The board's linker.ld sets both; the linker keeps them as absolute symbols.
    load = ctx.elf_symbol(elf, "HV_BASE")
    dram_base = ctx.elf_symbol(elf, "HV_DRAM_BASE")
    problems = []
    entry = elf_entry(ctx, elf)
    if entry != load:
        problems.append("%s: ELF entry %#x, expected the board's load address %#x"
                        % (board, entry, load))
    hdr, listing = uimage_header(binf)
    for key in ("Load Address", "Entry Point"):
        if hdr[key] != entry:
            problems.append("%s: hvisor.bin %s %#x differs from the ELF entry %#x"
                            % (board, key, hdr[key], entry))
    if "AArch64" not in hdr["Image Type"] or "Kernel" not in hdr["Image Type"]:
        problems.append("%s: hvisor.bin Image Type is %r, expected an AArch64 kernel image"
                        % (board, hdr["Image Type"]))

    with open(raw, "rb") as f:
        image = f.read()
    if hdr["Data Size"] != len(image):
        problems.append("%s: hvisor.bin carries %s bytes, hvisor.raw has %d"
                        % (board, hdr["Data Size"], len(image)))
    if len(image) < 64:
        return problems + ["%s: hvisor.raw is only %d bytes" % (board, len(image))]
    code0, _, text_offset, image_size = struct.unpack_from("<IIQQ", image, 0)
    if image[56:60] != b"ARM\x64":
        problems.append("%s: hvisor.raw has %r at offset 56, expected the arm64 Image magic "
                        "b'ARM\\x64'" % (board, image[56:60]))
    if text_offset != load - dram_base:
        problems.append("%s: arm64 Image text_offset %#x, expected load address %#x - DRAM "
                        "base %#x = %#x" % (board, text_offset, load, dram_base, load - dram_base))
    if image_size == 0 or image_size < len(image):
        problems.append("%s: arm64 Image image_size %#x, expected non-zero and at least the "
                        "file size %#x" % (board, image_size, len(image)))
    if image[10] == 0:
        problems.append("%s: byte 10 of hvisor.raw is zero: Rockchip's U-Boot would take "
                        "the image for a relocatable one and move it" % board)
    if code0 & 0xFC000000 != 0x14000000:
        problems.append("%s: the first instruction %#010x is not a branch (B)" % (board, code0))
    if problems:
        problems.append("mkimage -l %s:\n%s" % (binf, show(listing)))
    return problems


# -- scenarios -----------------------------------------------------------------------------


def test_board_change_rebuilds(ctx):
    """Edit the board file, run make again (no clean): the new image boots with the change."""
    with tempfile.TemporaryDirectory(prefix="hvc-build-") as tree:
        scratch_copy(ctx.repo_root, tree)
        # The board under test: its image boots on its QEMU machine.
        board = "BOARD=" + ctx.board
        board_c = "platform/aarch64/%s/board.c" % ctx.board
        make_ok(ctx, tree, JOBS, board, "all", "guests")

        edit(os.path.join(tree, board_c), r'"root-linux"', '"root-changed"',
             "rename the root zone")
        out = make_ok(ctx, tree, JOBS, board)
        lines = built(out)
        if ("CC", board_c) not in lines or not built(out, "LD"):
            raise TestFailure(
                "after editing %s, `make` (no clean) did not recompile it and relink: expected "
                "`CC      %s` and an `LD` line, got:\n%s" % (board_c, board_c, show(out))
            )

        raw = os.path.join(tree, "build", ctx.board, "hvisor.raw")
        guest = os.path.join(tree, "build", "guests", "basic.bin")
        for path in (raw, guest):
            ctx.need_file(path, "scratch build output")
        with ctx.qemu_direct(timeout=BOOT_TIMEOUT, guest=guest, hv_raw=raw) as q:
            q.expect(r"zone 0 'root-changed'", 30)
            if "root-linux" in q.output:
                raise TestFailure(
                    "the rebuilt image still names the old root zone 'root-linux':\n%s"
                    % show(q.output)
                )


def test_header_change_rebuilds(ctx):
    """Touch include/board.h: its users are recompiled; then a make with no change is a no-op."""
    with tempfile.TemporaryDirectory(prefix="hvc-build-") as tree:
        scratch_copy(ctx.repo_root, tree)
        first = make_ok(ctx, tree, JOBS)
        compiled = {f for k, f in built(first) if k in ("CC", "AS")}

        # Sources of the hypervisor that include board.h directly must all be recompiled.
        users = {QEMU_BOARD_C}
        for src in compiled:
            with open(os.path.join(tree, src), encoding="utf-8", errors="replace") as f:
                if re.search(r'^\s*#\s*include\s*"board\.h"', f.read(), re.MULTILINE):
                    users.add(src)

        touch_newer_than(os.path.join(tree, "include", "board.h"), os.path.join(tree, "build"))
        second = make_ok(ctx, tree, JOBS)
        recompiled = {f for k, f in built(second) if k in ("CC", "AS")}
        missing = sorted(users - recompiled)
        problems = []
        if missing:
            problems.append("not recompiled although they include board.h: %s"
                            % ", ".join(missing))
        if not built(second, "LD"):
            problems.append("hvisor.elf was not relinked (no `LD` line)")
        if not built(second, "HOSTCC"):
            problems.append("the board checker (boardcheck, which includes board.h) was not "
                            "rebuilt (no `HOSTCC` line)")
        if problems:
            raise TestFailure(
                "after touching include/board.h, `make` (no clean):\n  %s\n--- make output ---\n%s"
                % ("\n  ".join(problems), show(second))
            )

        third = make_ok(ctx, tree, JOBS)
        if built(third):
            raise TestFailure(
                "a `make` with nothing changed rebuilt something:\n%s" % show(third)
            )


def test_bad_board_fails_build(ctx):
    """A board whose root zone RAM covers the hypervisor fails to build, and says why."""
    with tempfile.TemporaryDirectory(prefix="hvc-build-") as tree:
        scratch_copy(ctx.repo_root, tree)
        good = os.path.join(tree, "platform", "aarch64", QEMU_BOARD)
        bad = os.path.join(tree, "platform", "aarch64", "badboard")
        shutil.copytree(good, bad, symlinks=True)
        board_c = os.path.join(bad, "board.c")
        bad_file = "platform/aarch64/badboard/board.c"  # .file is __FILE__: no edit needed
        # 256 MiB of RAM from the 256 MiB boundary below the hypervisor's base: covers it.
        ram = (ctx.hv_base & ~0xFFFFFFF, 0x10000000)
        edit(board_c,
             r'\{\s*MEM_TYPE_RAM\s*,\s*0x50000000\s*,\s*0x50000000\s*,\s*0x[0-9a-fA-F]+\s*,'
             r'\s*"memory@50000000"\s*\}',
             '{ MEM_TYPE_RAM, %#x, %#x, %#x, "memory@50000000" }' % (ram[0], ram[0], ram[1]),
             "move the root zone RAM over the hypervisor")
        edit(board_c, r'\.name\s*=\s*"%s"' % QEMU_BOARD, '.name = "badboard"', "rename the board")

        outputs = []
        for attempt in ("first", "second"):
            # The second run catches a half-made target left behind by the first.
            rc, out = make(ctx, tree, JOBS, "BOARD=badboard")
            outputs.append(out)
            if rc == 0:
                raise TestFailure(
                    "`make BOARD=badboard` (%s run) succeeded although the root zone's "
                    "memory@50000000 [%#x, %#x) covers the hypervisor at %#x:\n%s"
                    % (attempt, ram[0], ram[0] + ram[1], ctx.hv_base, show(out))
                )
        lines = [l for l in outputs[0].split("\n")
                 if bad_file in l and "memory@50000000" in l and "covers the hypervisor" in l]
        if not lines:
            raise TestFailure(
                "`make BOARD=badboard` failed, but not with the board check's error: no line "
                "names %s, the region 'memory@50000000' and says it covers the hypervisor:\n%s"
                % (bad_file, show(outputs[0]))
            )
        left = [p for p in ("hvisor.bin", "hvisor.raw", "hvisor.elf")
                if os.path.exists(os.path.join(tree, "build", "badboard", p))]
        if left:
            raise TestFailure(
                "the failed build left build/badboard/%s behind (a board that fails the "
                "check must never produce an image)" % ", build/badboard/".join(left)
            )


def hexnum(v):
    return int(v, 0) if isinstance(v, str) else v


def virtio_list(devices):
    return ", ".join("%#x +%#x INTID %d" % d for d in devices) or "none"


def check_zone1_configs(ctx, board, plat, build_dir):
    """Problems with the board's zone1 files: configs/linux2.json and virtio.json must name
    the virtio-mmio nodes zone1.dtb has (address, size, INTID), the same RAM, inside the
    board's zones_ram, and the board's GIC; a hand edit of one of them alone is caught."""
    if os.path.join(ctx.repo_root, "tools") not in sys.path:
        sys.path.insert(0, os.path.join(ctx.repo_root, "tools"))
    from dtlib import devtree  # noqa: E402 (tools/dtlib: python3-libfdt)

    problems = []
    try:
        with open(os.path.join(plat, "configs", "linux2.json")) as f:
            zone = json.load(f)
        with open(os.path.join(plat, "configs", "virtio.json")) as f:
            backends = json.load(f)["zones"][0]
    except (OSError, ValueError, KeyError, IndexError) as e:
        return ["%s: configs/linux2.json or virtio.json unreadable: %s" % (board, e)]
    r = subprocess.run([os.path.join(build_dir, "boardcheck"), "--json"], stdout=subprocess.PIPE,
                       timeout=60)
    b = json.loads(r.stdout)
    tree = devtree.Tree.load(os.path.join(build_dir, "dts", "zone1.dtb"))
    dt = sorted((n.reg()[0][0], n.reg()[0][1], n.gic_intids()[0][0][0])
                for n in tree.nodes() if n.is_compatible("virtio,mmio"))
    regions = zone.get("memory_regions", [])
    json_virtio = sorted(
        (hexnum(m["physical_start"]), hexnum(m["size"]), irq) for m, irq in
        zip([m for m in regions if m["type"] == "virtio"], zone.get("interrupts", [])))
    backend = sorted((hexnum(d["addr"]), hexnum(d["len"]), d["irq"]) for d in backends["devices"])
    if json_virtio != dt:
        problems.append("%s: configs/linux2.json's virtio regions and interrupts %s differ from "
                        "zone1.dts's virtio,mmio nodes %s"
                        % (board, virtio_list(json_virtio), virtio_list(dt)))
    if backend != dt:
        problems.append("%s: configs/virtio.json's devices %s differ from zone1.dts's "
                        "virtio,mmio nodes %s" % (board, virtio_list(backend), virtio_list(dt)))
    ram = [(hexnum(m["physical_start"]), hexnum(m["size"])) for m in regions if m["type"] == "ram"]
    back_ram = [(hexnum(m["zone0_ipa"]), hexnum(m["size"])) for m in backends["memory_region"]]
    if ram != back_ram:
        problems.append("%s: configs/virtio.json's memory_region %s is not linux2.json's RAM %s"
                        % (board, back_ram, ram))
    for a, sz in ram:
        if not any(za <= a and a + sz <= za + zs for za, zs, _name in b["zones_ram"]):
            problems.append("%s: linux2.json's RAM [%#x, +%#x) is not inside board.c's zones_ram"
                            % (board, a, sz))
    gic = zone.get("arch_config", {})
    if b["gic"]["version"] == 3:
        want = {"gicd_base": b["gic"]["gicd"][0], "gicr_base": b["gic"]["gicr"][0],
                "gicr_size": b["gic"]["gicr"][1]}
    else:
        want = {"gicd_base": b["gic"]["gicd"][0]}
    for key, val in want.items():
        if hexnum(gic.get(key, "-1")) != val:
            problems.append("%s: linux2.json arch_config.%s is %s, board.c says %#x"
                            % (board, key, gic.get(key), val))
    return problems


def test_board_images(ctx):
    """Every board of the tree the porting issue names builds (board checker and DT
    cross-check included); hvisor.bin (uImage) and hvisor.raw (arm64 Image) carry its load
    address; zone0.dtb and zone1.dtb are built; zone1's configs agree with zone1.dts."""
    problems = []
    for board in ("qemu-gicv3", "qemu-gicv2", "rk3568", "rk3588", "imx8mp", "zcu102"):
        rc, out = make(ctx, ctx.repo_root, JOBS, "BOARD=%s" % board)
        if rc != 0:
            problems.append("`make BOARD=%s` failed with status %d:\n%s" % (board, rc, show(out)))
            continue
        build_dir = os.path.join(ctx.repo_root, "build", board)
        plat = os.path.join(ctx.repo_root, "platform", "aarch64", board)
        problems += check_images(ctx, board, build_dir)
        for dts in ("zone0", "zone1"):
            if (os.path.isfile(os.path.join(plat, "image", "dts", dts + ".dts")) and
                    not os.path.isfile(os.path.join(build_dir, "dts", dts + ".dtb"))):
                problems.append("%s: image/dts/%s.dts was not compiled to %s.dtb" % (board, dts, dts))
        if os.path.isfile(os.path.join(plat, "configs", "linux2.json")):
            problems += check_zone1_configs(ctx, board, plat, build_dir)
    if problems:
        raise TestFailure("\n".join(problems))


def test_unknown_board_error(ctx):
    """A wrong BOARD, ARCH or LOG stops make at once with one line listing the choices."""
    plat = os.path.join(ctx.repo_root, "platform")
    boards = sorted(d for d in os.listdir(os.path.join(plat, "aarch64"))
                    if os.path.isfile(os.path.join(plat, "aarch64", d, "board.c")))
    arches = sorted(d for d in os.listdir(plat) if os.path.isdir(os.path.join(plat, d)))
    cases = [
        ("BOARD=nosuch", "nosuch", sorted(set(boards) | {"qemu-gicv3", "rk3568"})),
        ("ARCH=nosuch", "nosuch", sorted(set(arches) | {"aarch64"})),
        ("LOG=loud", "loud", ["error", "warn", "info", "debug", "trace"]),
    ]
    problems = []
    for arg, bad, choices in cases:
        rc, out = make(ctx, ctx.repo_root, arg, timeout=60)
        lines = [l for l in out.split("\n") if l.strip()]
        why = []
        if rc == 0:
            why.append("make succeeded")
        if len(lines) != 1:
            why.append("%d lines of output, expected one error line" % len(lines))
        errors = [l for l in lines if bad in l and all(re.search(r"\b%s\b" % re.escape(c), l)
                                                      for c in choices)]
        if not errors:
            why.append("no line names %r and lists %s" % (bad, " ".join(choices)))
        if why:
            problems.append("`make %s`: %s; output:\n%s" % (arg, "; ".join(why), show(out)))
    if problems:
        raise TestFailure("\n".join(problems))


def test_make_cp(ctx):
    """`make cp TFTP_DIR=<dir>` puts the board's hvisor.bin into the TFTP folder."""
    with tempfile.TemporaryDirectory(prefix="hvc-tftp-") as tftp:
        out = make_ok(ctx, ctx.repo_root, JOBS, "cp", "TFTP_DIR=%s" % tftp)
        copied = os.path.join(tftp, "hvisor.bin")
        built_bin = os.path.join(ctx.repo_root, "build", QEMU_BOARD, "hvisor.bin")
        if not os.path.isfile(copied):
            raise TestFailure(
                "`make cp TFTP_DIR=%s` put no hvisor.bin there (folder holds: %s):\n%s"
                % (tftp, ", ".join(sorted(os.listdir(tftp))) or "nothing", show(out))
            )
        ctx.need_file(built_bin, "built uImage")
        with open(copied, "rb") as a, open(built_bin, "rb") as b:
            if a.read() != b.read():
                raise TestFailure(
                    "%s differs from %s after `make cp`:\n%s" % (copied, built_bin, show(out))
                )


def test_make_run_guest(ctx):
    """`make run ZONE0=guest` boots the test guest both ways, stdin not a terminal, and
    returns when QEMU exits (the guest powers the machine off)."""
    for boot in ("kernel", "uboot"):
        rc, out = make(ctx, ctx.repo_root, "run", "ZONE0=guest", "QEMU_BOOT=" + boot, timeout=180)
        if rc != 0 or not re.search(r"GUEST: done \d+ passed, 0 failed", out):
            raise TestFailure("make run ZONE0=guest QEMU_BOOT=%s: status %d, expected the guest's "
                              "results and status 0:\n%s" % (boot, rc, show(out)))


def test_c_formatting(ctx):
    """Every C file follows .clang-format (DESIGN.md section 4)."""
    files = subprocess.run(["git", "-C", ctx.repo_root, "ls-files", "*.c", "*.h"],
                           capture_output=True, text=True, check=True).stdout.split()
    if not files:
        raise TestFailure("git ls-files found no C files in %s" % ctx.repo_root)
    r = subprocess.run(["clang-format", "--dry-run", "--Werror"] + files, cwd=ctx.repo_root,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        bad = sorted(set(re.findall(r"^([^:\n]+\.[ch]):\d+:\d+: error", r.stderr, re.M)))
        raise TestFailure("not formatted as .clang-format says (run clang-format -i on them): "
                          "%s\n%s" % (" ".join(bad), show(r.stderr, 20)))


def elf_program_types(path):
    """(e_machine, [p_type...]) of a 64-bit little-endian ELF file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x7fELF\x02\x01":
        raise TestFailure("%s is not a 64-bit little-endian ELF file" % path)
    machine = struct.unpack_from("<H", data, 18)[0]
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    return machine, [struct.unpack_from("<I", data, phoff + i * phentsize)[0]
                     for i in range(phnum)]


EM_AARCH64, PT_DYNAMIC, PT_INTERP = 183, 2, 3


def test_tools_static(ctx):
    """The root Linux's programs (the hvisor CLI with Debian's libcjson, the system tests'
    probe) are static arm64 executables: no program interpreter, no dynamic section, so
    they run from an initramfs that carries no ld.so and no shared library."""
    tools = os.environ.get("TOOLS_BUILD") or os.path.join(ctx.build_dir, "tools")
    problems = []
    for name in ("hvisor", "hvisor-probe"):
        path = os.path.join(ctx.repo_root, tools, name)
        ctx.need_file(path, "the root Linux's %s program" % name, "run `make tools`")
        machine, types = elf_program_types(path)
        if machine != EM_AARCH64:
            problems.append("%s: e_machine %d, expected %d (AArch64)" % (path, machine, EM_AARCH64))
        if PT_INTERP in types or PT_DYNAMIC in types:
            problems.append("%s is dynamically linked (%s): link it with -static (the CLI "
                            "with $HVC_CACHE/cjson-arm64/usr/lib/aarch64-linux-gnu/libcjson.a)"
                            % (path, ", ".join(n for t, n in ((PT_INTERP, "PT_INTERP"),
                                                              (PT_DYNAMIC, "PT_DYNAMIC"))
                                               if t in types)))
    if problems:
        raise TestFailure("\n".join(problems))


# A hex literal outside C comments (group 2); comments are group 1.
C_COMMENT_OR_HEX = r"(/\*.*?\*/|//[^\n]*)|(\b0x0*%x\b)"


def code_mentions(text, value):
    """How many times `value` is written as a hex literal outside comments in C text."""
    return sum(1 for m in re.finditer(C_COMMENT_OR_HEX % value, text, re.S | re.I)
               if m.group(2))


def test_zone0_entry_from_board(ctx):
    """Copy the board folder under build/, change only the root zone's entry in its board.c:
    `make run ZONE0=guest BOARD_DIR=<copy>` builds it, links the test guest there, loads it
    there and the guest runs. Nothing else may restate the entry (platform.mk, Makefile)."""
    work = os.path.join(ctx.repo_root, "build", "test-zone0-entry")
    shutil.rmtree(work, ignore_errors=True)
    board_dir = os.path.join(work, "qemu-moved")
    shutil.copytree(os.path.join(ctx.repo_root, "platform", "aarch64", QEMU_BOARD), board_dir)
    old, new = ctx.guest_addr, ctx.guest_addr + 0x200000  # 2 MiB up, still in zone0's RAM

    board_c = os.path.join(board_dir, "board.c")
    with open(board_c, encoding="utf-8") as f:
        text = f.read()
    n = code_mentions(text, old)
    if n != 1:
        raise TestFailure("%s states the root zone entry %#x %d times outside comments, "
                          "expected once" % (QEMU_BOARD_C, old, n))
    with open(board_c, "w", encoding="utf-8") as f:
        f.write(re.sub(C_COMMENT_OR_HEX % old,
                       lambda m: m.group(1) or "%#x" % new, text, flags=re.S | re.I))
    with open(os.path.join(board_dir, "platform.mk"), encoding="utf-8") as f:
        mk = re.sub(r"#[^\n]*", "", f.read())
    if re.search(r"\b0x0*%x\b" % old, mk, re.I):
        raise TestFailure("platform/aarch64/%s/platform.mk restates the root zone entry %#x"
                          % (QEMU_BOARD, old))

    build = os.path.join(work, "build")
    guests = os.path.join(work, "guests")
    rc, out = make(ctx, ctx.repo_root, JOBS, "run", "ZONE0=guest", "QEMU_BOOT=kernel",
                   "BOARD_DIR=%s" % os.path.relpath(board_dir, ctx.repo_root),
                   "BUILD=%s" % os.path.relpath(build, ctx.repo_root),
                   "GUEST_BUILD=%s" % os.path.relpath(guests, ctx.repo_root),
                   timeout=RUN_TIMEOUT)
    problems = []
    if rc != 0 or not re.search(r"GUEST: done \d+ passed, 0 failed", out):
        problems.append("status %d, expected the guest's results (0 failed) and status 0" % rc)
    if not re.search(r"zone 0 '[^']*' created: .*entry %#x\b" % new, out):
        problems.append("the hypervisor did not create zone 0 with entry %#x" % new)
    if not re.search(r"loader,file=\S*basic\.bin,addr=%#x\b" % new, out):
        problems.append("make run did not load basic.bin at %#x" % new)
    guest_elf = os.path.join(guests, "basic.elf")
    if os.path.isfile(guest_elf) and elf_entry(ctx, guest_elf) != new:
        problems.append("the test guest %s is linked at %#x, expected %#x"
                        % (guest_elf, elf_entry(ctx, guest_elf), new))
    if problems:
        raise TestFailure("board copy %s with the root zone entry moved from %#x to %#x, "
                          "`make run ZONE0=guest BOARD_DIR=...`:\n  %s\n%s"
                          % (board_dir, old, new, "\n  ".join(problems), show(out)))
    shutil.rmtree(work, ignore_errors=True)


def as_user_without_sudo(cmd):
    """cmd run as a user who cannot become root without a password: nobody when we are root,
    else ourselves, unless our sudo needs no password (then nobody through it)."""
    drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    if os.geteuid() == 0:
        return drop + cmd
    r = subprocess.run(["sudo", "-n", "true"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30) if shutil.which("sudo") else None
    return (["sudo", "-n"] + drop + cmd) if r is not None and r.returncode == 0 else cmd


def test_missing_toolchain_says_make_setup(ctx):
    """`make` without the cross compiler, for a user who would need a sudo password, stops
    at once and names the command that installs it (no prompt in the middle of a build)."""
    missing = "/nonexistent/aarch64-linux-gnu-"
    with tempfile.TemporaryDirectory(prefix="hvc-nosudo-") as tree:
        # That user's own checkout: a copy it owns, since the checkout under test may lie in
        # a folder only we can enter (a clone under mktemp -d, /root).
        scratch_copy(ctx.repo_root, tree)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "nobody:nogroup", tree], check=True, timeout=60)
        cmd = ["env", "-u", "MAKEFLAGS", "-u", "MAKELEVEL", "-u", "BOARD", "-u", "BOARD_DIR",
               "make", "--no-print-directory", "-C", tree, "CROSS_COMPILE=" + missing]
        # stdin is a pipe nobody writes to: a password prompt would wait there until the
        # timeout.
        q = ctx.run(as_user_without_sudo(cmd), 60)
        try:
            rc = q.wait_exit(60)
            out = q.output
        finally:
            q.close()
    lines = [l for l in out.split("\n") if l.strip()]
    says = [l for l in lines if missing + "gcc not found" in l and "make setup" in l]
    if rc == 0 or not says or len(lines) != 1 or "assword" in out:
        raise TestFailure("`make CROSS_COMPILE=%s` as a user without password-less sudo: status "
                          "%d, expected one line saying %sgcc is not found and to run `make "
                          "setup`:\n%s" % (missing, rc, missing, show(out)))


def test_make_help_tells_run_default(ctx):
    """`make help` says what `make run` boots: the root Linux by default, the test guest
    with ZONE0=guest; `make -n run` (what make would do) agrees with it."""
    help_text = make_ok(ctx, ctx.repo_root, "help")
    problems = []
    run_help = re.search(r"^\s*run\s+(.*(?:\n\s{6,}\S.*)*)", help_text, re.MULTILINE)
    said = run_help.group(1) if run_help else ""
    if not re.search(r"root Linux[^\n]*\(default\)", said) or "ZONE0=guest" not in said \
            or "basic.bin" not in said:
        problems.append("the `run` entry does not say: the root Linux by default, the test "
                        "guest (basic.bin) with ZONE0=guest")
    for args, kernel in ((["run"], ctx.linux_image), (["run", "ZONE0=guest"], ctx.guest)):
        out = make_ok(ctx, ctx.repo_root, "-n", *args)
        m = re.search(r"run_qemu\.py .*--kernel (\S+)", out)
        if not m or os.path.normpath(os.path.join(ctx.repo_root, m.group(1))) != kernel:
            problems.append("`make -n %s` boots %s, expected %s"
                            % (" ".join(args), m.group(1) if m else "nothing", kernel))
    if problems:
        raise TestFailure("\n".join(problems) + "\n--- make help ---\n" + show(help_text))
