#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""System test runner (used by `make test`).

    python3 tests/system/runner.py [--only NAME]... [--list]

Discovers tests/system/test_*.py, runs every function test_<name>(ctx) in each, prints
one PASS/FAIL line per scenario and ends with exactly one line `N passed, M failed`.
Exit status: 0 when at least one scenario ran and none failed, 1 otherwise.

Configuration comes from the environment (the Makefile exports these); relative paths
are taken relative to the repository root, so the runner also works by hand after `make`:

    BOARD           qemu-gicv3
    BUILD_DIR       build/<BOARD>
    TEST_GUEST      build/guests/basic.bin
    ZONE0_ENTRY     0xa0400000   where the guest image is loaded
    ZONE0_DTB_ADDR  0xa0000000   where ZONE0_DTB is loaded
    ZONE0_DTB       (empty)      zone0 device tree blob, loaded only if set
    QEMU            qemu-system-aarch64
    QEMU_MACHINE    -M virt,gic-version=3,virtualization=on -cpu cortex-a72 -smp 4 -m 2G
                    -nographic
    UBOOT_BIOS      /usr/lib/u-boot/qemu_arm64/u-boot.bin
    TEST_LOG_DIR    <BUILD_DIR>/test-logs
    LINUX_IMAGE     ~/.cache/hvisor-c/linux/Image              root Linux (`make rootfs`)
    LINUX_INITRD    ~/.cache/hvisor-c/linux/initramfs.cpio.gz  its busybox initramfs
    LINUX_DTB       <BUILD_DIR>/dts/zone0.dtb                  zone0's device tree
    ZONE0_INITRD_ADDR 0xa8000000                               where LINUX_INITRD goes
"""

import argparse
import fnmatch
import glob
import importlib.util
import inspect
import itertools
import os
import re
import shlex
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))

sys.path.insert(0, HERE)
import qemu as qemu_lib  # noqa: E402
from qemu import Qemu, TestFailure  # noqa: E402

DEFAULT_MACHINE = (
    "-M virt,gic-version=3,virtualization=on -cpu cortex-a72 -smp 4 -m 2G -nographic"
)
UBOOT_HV_ADDR = 0x48000000  # where the uImage is put for `bootm`
UBOOT_QEMU_DTB = 0x40000000  # QEMU puts its generated DTB at the start of RAM for -bios


def _env(name, default):
    value = os.environ.get(name, "")
    return value if value.strip() else default


def _path(value):
    if not value:
        return ""
    value = os.path.expanduser(value)
    return value if os.path.isabs(value) else os.path.normpath(os.path.join(REPO_ROOT, value))


def _addr(name, default):
    value = _env(name, default)
    try:
        return int(value, 0)
    except ValueError:
        sys.exit("runner: %s=%r is not a number" % (name, value))


class Context:
    """What a scenario gets: the configuration, and helpers that start QEMU.

    Every Qemu started through a helper is closed by the runner after the scenario,
    whatever happens, and logs to <log_dir>/<module>.<name>.log.
    """

    def __init__(self):
        self.repo_root = REPO_ROOT
        self.board = _env("BOARD", "qemu-gicv3")
        self.build_dir = _path(_env("BUILD_DIR", os.path.join("build", self.board)))
        self.hv_elf = os.path.join(self.build_dir, "hvisor.elf")
        self.hv_bin = os.path.join(self.build_dir, "hvisor.bin")
        self.hv_raw = os.path.join(self.build_dir, "hvisor.raw")
        self.guest = _path(_env("TEST_GUEST", "build/guests/basic.bin"))
        self.guest_addr = _addr("ZONE0_ENTRY", "0xa0400000")
        self.dtb_addr = _addr("ZONE0_DTB_ADDR", "0xa0000000")
        self.zone0_dtb = _path(_env("ZONE0_DTB", ""))
        self.qemu_bin = _env("QEMU", "qemu-system-aarch64")
        self.qemu_machine_args = shlex.split(_env("QEMU_MACHINE", DEFAULT_MACHINE))
        self.uboot_bios = _path(_env("UBOOT_BIOS", "/usr/lib/u-boot/qemu_arm64/u-boot.bin"))
        self.log_dir = _path(_env("TEST_LOG_DIR", os.path.join(self.build_dir, "test-logs")))
        os.makedirs(self.log_dir, exist_ok=True)
        linux_dir = os.path.join(_env("HVC_CACHE", "~/.cache/hvisor-c"), "linux")
        self.linux_image = _path(_env("LINUX_IMAGE", os.path.join(linux_dir, "Image")))
        self.linux_initrd = _path(
            _env("LINUX_INITRD", os.path.join(linux_dir, "initramfs.cpio.gz"))
        )
        self.linux_dtb = _path(
            _env("LINUX_DTB", os.path.join(self.build_dir, "dts", "zone0.dtb"))
        )
        self.initrd_addr = _addr("ZONE0_INITRD_ADDR", "0xa8000000")

        self.test_id = None  # (module, name) of the running scenario
        self.qemus = []  # started during the running scenario
        self.log_files = []

    # -- bookkeeping used by the runner ---------------------------------------------------

    def begin(self, module, name):
        self.test_id = (module, name)
        self.qemus = []
        self.log_files = []

    def end(self):
        for q in self.qemus:
            q.close()
        self.qemus = []

    def new_log_path(self):
        module, name = self.test_id or ("adhoc", "run")
        n = len(self.log_files)
        suffix = "" if n == 0 else ".%d" % (n + 1)
        path = os.path.join(self.log_dir, "%s.%s%s.log" % (module, name, suffix))
        self.log_files.append(path)
        return path

    # -- helpers for scenarios ------------------------------------------------------------

    @staticmethod
    def need_file(path, what, hint="run `make` first"):
        if not path or not os.path.isfile(path):
            raise TestFailure("%s not found: %s (%s)" % (what, path or "(not set)", hint))

    def run(self, cmd, timeout):
        """Start any command as a Qemu (console, log, hard timeout, cleanup)."""
        q = Qemu(cmd, self.new_log_path(), timeout)
        self.qemus.append(q)
        return q

    def _loader(self, path, addr):
        return ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]

    def _guest_loaders(self):
        self.need_file(self.guest, "test guest (TEST_GUEST)")
        args = self._loader(self.guest, self.guest_addr)
        if self.zone0_dtb:
            self.need_file(self.zone0_dtb, "zone0 DTB (ZONE0_DTB)")
            args += self._loader(self.zone0_dtb, self.dtb_addr)
        return args

    def qemu_direct(self, extra=(), timeout=60):
        """QEMU boots the hypervisor directly (-kernel hvisor.raw) with the guest loaded."""
        self.need_file(self.hv_raw, "hypervisor raw image")
        cmd = [self.qemu_bin] + self.qemu_machine_args + ["-kernel", self.hv_raw]
        cmd += self._guest_loaders() + list(extra)
        return self.run(cmd, timeout)

    def qemu_uboot(self, extra=(), timeout=90):
        """QEMU runs U-Boot, which is stopped at its prompt and told to bootm hvisor.bin.

        Returns once the bootm command has been typed; the caller expects what follows.
        """
        self.need_file(self.hv_bin, "hypervisor uImage")
        self.need_file(self.uboot_bios, "U-Boot for QEMU (UBOOT_BIOS)", "run scripts/setup.sh")
        cmd = [self.qemu_bin] + self.qemu_machine_args + ["-bios", self.uboot_bios]
        cmd += self._loader(self.hv_bin, UBOOT_HV_ADDR)
        cmd += self._guest_loaders() + list(extra)
        q = self.run(cmd, timeout)
        uboot_stop_autoboot(q)
        q.send_slow("bootm 0x%x - 0x%x\n" % (UBOOT_HV_ADDR, UBOOT_QEMU_DTB))
        return q

    # -- the root Linux (kernel + busybox initramfs from `make rootfs`) -----------------

    def _linux_loaders(self):
        """Loaders for the root Linux: kernel, initrd-patched zone0 DTB, initramfs."""
        self.need_file(self.linux_image, "root Linux kernel (LINUX_IMAGE)", "run `make rootfs`")
        self.need_file(
            self.linux_initrd, "root Linux initramfs (LINUX_INITRD)", "run `make rootfs`"
        )
        self.need_file(self.linux_dtb, "zone0 device tree (LINUX_DTB)", "run `make`")
        module, name = self.test_id or ("adhoc", "run")
        work_dir = os.path.join(self.log_dir, "%s.%s.d" % (module, name))
        dtb = _run_qemu().dtb_with_initrd(
            argparse.Namespace(
                work_dir=work_dir,
                dtb=self.linux_dtb,
                initrd=self.linux_initrd,
                initrd_addr="0x%x" % self.initrd_addr,
            )
        )
        return (
            self._loader(self.linux_image, self.guest_addr)
            + self._loader(dtb, self.dtb_addr)
            + self._loader(self.linux_initrd, self.initrd_addr)
        )

    def linux_direct(self, extra=(), timeout=180):
        """QEMU boots the hypervisor directly (-kernel hvisor.raw), zone0 is the root Linux
        (as `make run`). Returns the Qemu at once; see linux_shell() to reach the prompt."""
        self.need_file(self.hv_raw, "hypervisor raw image")
        loaders = self._linux_loaders()
        cmd = [self.qemu_bin] + self.qemu_machine_args + ["-kernel", self.hv_raw]
        return self.run(cmd + loaders + list(extra), timeout)

    def linux_uboot(self, extra=(), timeout=180):
        """U-Boot runs `bootm hvisor.bin`, zone0 is the root Linux (`make run
        QEMU_BOOT=uboot`). Returns once U-Boot said `Starting kernel ...`."""
        self.need_file(self.hv_bin, "hypervisor uImage")
        self.need_file(self.uboot_bios, "U-Boot for QEMU (UBOOT_BIOS)", "run scripts/setup.sh")
        loaders = self._linux_loaders()
        cmd = [self.qemu_bin] + self.qemu_machine_args + ["-bios", self.uboot_bios]
        cmd += self._loader(self.hv_bin, UBOOT_HV_ADDR) + loaders + list(extra)
        q = self.run(cmd, timeout)
        uboot_stop_autoboot(q)
        q.send_slow("bootm 0x%x - 0x%x\n" % (UBOOT_HV_ADDR, UBOOT_QEMU_DTB))
        m = q.expect(r"Starting kernel \.\.\.\n|^=> ", 30)
        if not m.group(0).startswith("Starting kernel"):
            raise TestFailure(
                "U-Boot's bootm did not start hvisor.bin\n--- console (full log: %s) ---\n%s"
                % (q.log_path, q.tail())
            )
        return q

    @staticmethod
    def linux_shell(q, timeout=150):
        """Wait for the root Linux's shell prompt on q's console; returns a LinuxShell."""
        return LinuxShell(q).wait_ready(timeout)


_RUN_QEMU = None


def _run_qemu():
    """scripts/run_qemu.py as a module: the tests patch the DTB exactly as `make run` does."""
    global _RUN_QEMU
    if _RUN_QEMU is None:
        path = os.path.join(REPO_ROOT, "scripts", "run_qemu.py")
        spec = importlib.util.spec_from_file_location("hvc_run_qemu", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _RUN_QEMU = module
    return _RUN_QEMU


class LinuxShell:
    """The busybox shell of the root Linux (scripts/build_rootfs.sh) on a Qemu console.

    run() types one command line and returns what it printed. The console is noisy: the
    shell echoes the line (and wraps it at 80 columns), prints ESC[6n after each prompt,
    and kernel or hypervisor log lines may come in between. So the command is framed by
    two markers that the shell prints and that never appear in the echoed line
    (`echo "__H""VC_B_7__"` prints __HVC_B_7__), and log lines are dropped from the result.
    """

    PROMPT = r"zone0:[^\n]*# "
    READY = r"hvisor-c rootfs ready\n"
    # Linux printk lines ([    1.234567] ...) and hypervisor log lines ([    1.234567 cpu0] ...)
    LOG_LINE = re.compile(r"^[ \t]*\[ *\d+\.\d+(?: cpu[0-9?]+)?\] .*$\n?", re.MULTILINE)
    ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

    _ids = itertools.count(1)

    def __init__(self, q):
        self.q = q

    def wait_ready(self, timeout=150):
        """Wait (from the console's read position) for /init's ready line, then the prompt."""
        self.q.expect(self.READY, timeout)
        self.q.expect(self.PROMPT, 30)
        return self

    def run_status(self, cmd, timeout=30, raw=False):
        """Run one command line at the prompt; returns (exit status, output).

        `cmd` is a complete shell list (it may end with `&`); waits for the next prompt.
        Lines that look like kernel or hypervisor log lines are dropped from the output,
        unless raw is true (for commands such as dmesg that print such lines).
        """
        n = next(self._ids)
        sep = " " if cmd.rstrip().endswith("&") else "; "
        self.q.send('echo "__H""VC_B_%d__"; %s%secho "__H""VC_E_%d_$?__"\n' % (n, cmd, sep, n))
        begin = self.q.expect(r"__HVC_B_%d__\n" % n, timeout)
        end = self.q.expect(r"__HVC_E_%d_(\d+)__\n" % n, timeout)
        self.q.expect(self.PROMPT, 30)
        out = end.string[begin.end() : end.start()]
        out = self.ESCAPE.sub("", out) if raw else self.clean(out)
        return int(end.group(1)), out

    def run(self, cmd, timeout=30, raw=False):
        """Run one command line; fails unless its exit status is 0; returns its output."""
        status, out = self.run_status(cmd, timeout, raw)
        if status != 0:
            self.fail("`%s` exited with status %d, output:\n%s" % (cmd, status, out))
        return out

    def clean(self, text):
        return self.LOG_LINE.sub("", self.ESCAPE.sub("", text))

    def fail(self, what):
        raise TestFailure(
            "%s\n--- last console lines (full log: %s) ---\n%s"
            % (what, self.q.log_path, self.q.tail())
        )


def uboot_stop_autoboot(q, timeout=30):
    """Interrupt U-Boot's autoboot countdown and wait for the `=> ` prompt.

    Left alone, U-Boot's distro boot would try qfw, disks and DHCP; a key pressed during
    the countdown (bootdelay=2 in Debian's build) stops it at the prompt.
    """
    q.expect(r"Hit any key to stop autoboot", timeout)
    for _ in range(10):
        q.send("\n")
        try:
            q.expect(r"^=> ", 1.0)
            break
        except TestFailure:
            if q.returncode is not None:
                raise
    else:
        q.expect(r"^=> ", 1.0)  # last chance: fails with the console tail


# -- discovery and running ----------------------------------------------------------------


def discover():
    """Return [(module_name, func_name, func)] in file then definition order."""
    tests = []
    for path in sorted(glob.glob(os.path.join(HERE, "test_*.py"))):
        module_name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        for name, func in vars(module).items():
            if (
                name.startswith("test_")
                and inspect.isfunction(func)
                and func.__module__ == module_name
            ):
                tests.append((module_name, name, func))
    return tests


def selected(module, name, patterns):
    if not patterns:
        return True
    forms = {module, name, name[len("test_"):], "%s::%s" % (module, name)}
    return any(fnmatch.fnmatchcase(f, p) for p in patterns for f in forms)


def indent(text):
    return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))


def main(argv=None):
    ap = argparse.ArgumentParser(description="hvisor-c system tests (QEMU)")
    ap.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only scenarios matching NAME (module, test_name, name or module::test_name;"
        " shell wildcards allowed; may be repeated)",
    )
    ap.add_argument("--list", action="store_true", help="list scenarios and exit")
    args = ap.parse_args(argv)

    try:
        tests = discover()
    except Exception:
        print("runner: cannot load scenarios:\n" + indent(traceback.format_exc()), flush=True)
        print("0 passed, 1 failed", flush=True)
        return 1
    tests = [t for t in tests if selected(t[0], t[1], args.only)]

    if args.list:
        for module, name, _ in tests:
            print("%s::%s" % (module, name))
        return 0

    if not tests:
        what = "matching %s" % ", ".join(args.only) if args.only else "in %s/test_*.py" % HERE
        print("runner: no scenario found %s" % what, flush=True)
        print("0 passed, 1 failed", flush=True)
        return 1

    ctx = Context()
    passed = failed = 0
    try:
        for module, name, func in tests:
            test = "%s::%s" % (module, name)
            ctx.begin(module, name)
            start = time.monotonic()
            try:
                func(ctx)
            except (KeyboardInterrupt, SystemExit):
                ctx.end()
                print("FAIL %s:\n    interrupted" % test, flush=True)
                print("%d passed, %d failed" % (passed, failed + 1), flush=True)
                raise
            except TestFailure as e:
                message = str(e)
            except Exception:
                message = "scenario error:\n" + traceback.format_exc()
            else:
                message = None
            finally:
                ctx.end()
            if message is None:
                passed += 1
                print("PASS %s (%.1fs)" % (test, time.monotonic() - start), flush=True)
            else:
                failed += 1
                if ctx.log_files:
                    message += "\nlog: " + ", ".join(ctx.log_files)
                print("FAIL %s:\n%s" % (test, indent(message)), flush=True)
    finally:
        qemu_lib.close_all()

    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
