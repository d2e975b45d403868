#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""System test runner (used by `make test`).

    python3 tests/system/runner.py [--only NAME]... [--list]

Discovers tests/system/test_*.py, runs every function test_<name>(ctx) in each, prints
one PASS/FAIL line per scenario and ends with exactly one line `N passed, M failed`.
Exit status: 0 when at least one scenario ran and none failed, 1 otherwise.

Configuration comes from the environment: `make test` exports it (TEST_ENV in the
Makefile). Run by hand, the runner asks `make test-env` for whatever the environment does
not set, so the board's facts always come from its board.c (through build/<board>/board.mk)
and platform.mk, never from here. Relative paths are taken from the repository root.

    BOARD, BUILD_DIR    the board and its build folder (build/<board>)
    IRQCHIP             the board's interrupt controller (gicv2, gicv3), from platform.mk
    BOARD_NR_CPUS       CPUs of the board (QEMU's -smp)
    BOARD_ZONE0_CPUS    the root zone's logical CPUs, e.g. "0 1"
    ZONE0_ENTRY         where the root zone's kernel (a test guest) is loaded and entered
    ZONE0_DTB_ADDR      where a zone0 DTB is loaded
    ZONE0_INITRD_ADDR   where LINUX_INITRD is loaded
    QEMU, QEMU_MACHINE  the QEMU binary and the board's machine line
    UBOOT_BIOS          U-Boot for QEMU
    TEST_GUEST          the basic test guest; GUEST_DIR: the folder of all test guests
    LINUX_IMAGE, LINUX_INITRD, LINUX_DTB   the root Linux (`make rootfs`) and zone0's DTB
    ZONE_DISK           zone1's ext4 disk image for the virtio daemon (`make rootfs`)
Only in the environment (optional):
    ZONE0_DTB           a DTB loaded at ZONE0_DTB_ADDR with the test guest
    TEST_LOG_DIR        where QEMU logs go (default <BUILD_DIR>/test-logs)
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
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))

sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(REPO_ROOT, "scripts"))
import hvc_qemu  # noqa: E402
import qemu as qemu_lib  # noqa: E402
from qemu import Qemu, TestFailure  # noqa: E402

_MAKE_ENV = None


def make_test_env():
    """What `make test` would export ({name: value}), from `make test-env`."""
    global _MAKE_ENV
    if _MAKE_ENV is None:
        env = {k: v for k, v in os.environ.items()
               if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
        cmd = ["make", "--no-print-directory", "-s", "-C", REPO_ROOT, "test-env"]
        try:
            r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=600)
        except subprocess.TimeoutExpired:
            sys.exit("runner: `%s` did not finish within 600 s" % " ".join(cmd))
        out = r.stdout.decode("utf-8", "replace")
        if r.returncode != 0:
            sys.exit("runner: `%s` failed (status %d):\n%s" % (" ".join(cmd), r.returncode, out))
        _MAKE_ENV = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return _MAKE_ENV


def _setting(name):
    """A setting from the environment, else from make (the runner was started by hand)."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    value = make_test_env().get(name, "").strip()
    if not value:
        sys.exit("runner: neither the environment nor `make test-env` gives %s (is BOARD=%s "
                 "a QEMU board?)" % (name, os.environ.get("BOARD", "(default)")))
    return value


def _path(value):
    if not value:
        return ""
    value = os.path.expanduser(value)
    return value if os.path.isabs(value) else os.path.normpath(os.path.join(REPO_ROOT, value))


def _addr(name):
    value = _setting(name)
    try:
        return int(value, 0)
    except ValueError:
        sys.exit("runner: %s=%r is not a number" % (name, value))


def _cpus(name):
    try:
        return [int(n) for n in _setting(name).split()]
    except ValueError:
        sys.exit("runner: %s=%r is not a list of CPU numbers" % (name, _setting(name)))


class Context:
    """What a scenario gets: the configuration, and helpers that start QEMU.

    Every Qemu started through a helper is closed by the runner after the scenario,
    whatever happens, and logs to <log_dir>/<module>.<name>.log.
    """

    def __init__(self):
        self.repo_root = REPO_ROOT
        self.board = _setting("BOARD")
        self.build_dir = _path(_setting("BUILD_DIR"))
        self.irqchip = _setting("IRQCHIP")
        self.hv_elf = os.path.join(self.build_dir, "hvisor.elf")
        self.hv_bin = os.path.join(self.build_dir, "hvisor.bin")
        self.hv_raw = os.path.join(self.build_dir, "hvisor.raw")
        self.nr_cpus = int(_addr("BOARD_NR_CPUS"))
        self.zone0_cpus = _cpus("BOARD_ZONE0_CPUS")
        self.guest = _path(_setting("TEST_GUEST"))
        self.guest_dir = _path(_setting("GUEST_DIR"))
        self.guest_addr = _addr("ZONE0_ENTRY")
        self.dtb_addr = _addr("ZONE0_DTB_ADDR")
        self.zone0_dtb = _path(os.environ.get("ZONE0_DTB", "").strip())
        self.qemu_bin = _setting("QEMU")
        self.qemu_machine = _setting("QEMU_MACHINE")
        self.qemu_machine_args = shlex.split(self.qemu_machine)
        self.uboot_bios = _path(_setting("UBOOT_BIOS"))
        self.log_dir = _path(
            os.environ.get("TEST_LOG_DIR", "").strip() or os.path.join(self.build_dir, "test-logs")
        )
        os.makedirs(self.log_dir, exist_ok=True)
        self.linux_image = _path(_setting("LINUX_IMAGE"))
        self.linux_initrd = _path(_setting("LINUX_INITRD"))
        self.linux_dtb = _path(_setting("LINUX_DTB"))
        self.zone_disk = _path(_setting("ZONE_DISK"))
        self.initrd_addr = _addr("ZONE0_INITRD_ADDR")

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

    @property
    def hv_base(self):
        """Where the hypervisor is loaded and entered: HV_BASE of the board's linker.ld,
        read from the ELF built from it."""
        return self.elf_symbol(self.hv_elf, "HV_BASE")

    @classmethod
    def elf_symbol(cls, elf, name):
        """The value of symbol `name` in an ELF (e.g. HV_BASE, which linker.ld defines)."""
        cls.need_file(elf, "ELF image")
        r = subprocess.run(["readelf", "-sW", elf], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        out = r.stdout.decode("utf-8", "replace")
        m = re.search(r"^\s*\d+:\s+([0-9a-fA-F]+)\s.*\s%s$" % re.escape(name), out,
                      re.MULTILINE)
        if r.returncode != 0 or not m:
            raise TestFailure("no symbol %s in %s (readelf -s)" % (name, elf))
        return int(m.group(1), 16)

    def _loader(self, path, addr):
        return hvc_qemu.loader(path, addr)

    def _guest_loaders(self, guest=None):
        guest = guest or self.guest
        self.need_file(guest, "test guest (TEST_GUEST)")
        args = self._loader(guest, self.guest_addr)
        if self.zone0_dtb:
            self.need_file(self.zone0_dtb, "zone0 DTB (ZONE0_DTB)")
            args += self._loader(self.zone0_dtb, self.dtb_addr)
        return args

    def qemu_direct(self, extra=(), timeout=60, guest=None, hv_raw=None):
        """QEMU boots the hypervisor directly (-kernel hvisor.raw) with the guest loaded at
        the root zone's entry; guest and hv_raw replace TEST_GUEST and the board's image."""
        hv_raw = hv_raw or self.hv_raw
        self.need_file(hv_raw, "hypervisor raw image")
        cmd = self._hv_cmd("kernel", hv_raw) + self._guest_loaders(guest) + list(extra)
        return self.run(cmd, timeout)

    def _hv_cmd(self, boot, hv_raw=None):
        """QEMU with the board's machine line, starting the hypervisor directly or U-Boot."""
        return hvc_qemu.machine_cmd(self.qemu_bin, self.qemu_machine) + hvc_qemu.hv_args(
            boot, hv_raw or self.hv_raw, self.hv_bin, self.uboot_bios
        )

    def qemu_uboot(self, extra=(), timeout=90):
        """QEMU runs U-Boot, which is stopped at its prompt and told to bootm hvisor.bin.

        Returns once the bootm command has been typed; the caller expects what follows.
        """
        self.need_file(self.hv_bin, "hypervisor uImage")
        self.need_file(self.uboot_bios, "U-Boot for QEMU (UBOOT_BIOS)", "run scripts/setup.sh")
        cmd = self._hv_cmd("uboot") + self._guest_loaders() + list(extra)
        q = self.run(cmd, timeout)
        uboot_stop_autoboot(q)
        q.send_slow(hvc_qemu.bootm_command())
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
        dtb = hvc_qemu.dtb_with_initrd(
            self.linux_dtb, self.linux_initrd, self.initrd_addr, work_dir
        )
        return (
            self._loader(self.linux_image, self.guest_addr)
            + self._loader(dtb, self.dtb_addr)
            + self._loader(self.linux_initrd, self.initrd_addr)
        )

    def linux_direct(self, extra=(), timeout=180, hv_raw=None):
        """QEMU boots the hypervisor directly (-kernel hvisor.raw, or hv_raw: a variant's
        image), zone0 is the root Linux (as `make run`). Returns the Qemu at once; see
        linux_shell() to reach the prompt."""
        hv_raw = hv_raw or self.hv_raw
        self.need_file(hv_raw, "hypervisor raw image")
        loaders = self._linux_loaders()
        return self.run(self._hv_cmd("kernel", hv_raw) + loaders + list(extra), timeout)

    def linux_uboot(self, extra=(), timeout=180):
        """U-Boot runs `bootm hvisor.bin`, zone0 is the root Linux (`make run
        QEMU_BOOT=uboot`). Returns once U-Boot said `Starting kernel ...`."""
        self.need_file(self.hv_bin, "hypervisor uImage")
        self.need_file(self.uboot_bios, "U-Boot for QEMU (UBOOT_BIOS)", "run scripts/setup.sh")
        loaders = self._linux_loaders()
        q = self.run(self._hv_cmd("uboot") + loaders + list(extra), timeout)
        uboot_stop_autoboot(q)
        q.send_slow(hvc_qemu.bootm_command())
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
    # The hypervisor prints on the same UART from any CPU: its line may start in the
    # middle of a line of the shell's ("zone 1 (zone1-virtio) st[ 218.3 cpu2] INFO ...\narted").
    HV_LINE_RE = r"\[ *\d+\.\d+ cpu[0-9?]+\] (?:ERROR|WARN|INFO|DEBUG|TRACE) [^\n]*\n"
    HV_LINE = re.compile(HV_LINE_RE)
    ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

    _ids = itertools.count(1)

    def __init__(self, q):
        self.q = q

    def wait_ready(self, timeout=150):
        """Wait (from the console's read position) for /init's ready line, then the prompt."""
        self.q.expect(self.READY, timeout)
        self.q.expect(self.PROMPT, 30)
        return self

    @classmethod
    def marker(cls, *parts):
        """A regex for a marker the shell echoes: the literal strings of `parts` and the
        regex groups between them (parts given as ("re", pattern)), with room for
        hypervisor log lines that another CPU printed into the middle of it (same UART)."""
        gap = "(?:%s)*" % cls.HV_LINE_RE
        pieces = []
        for part in parts:
            if isinstance(part, tuple):
                pieces.append(part[1])
            else:
                pieces.extend(re.escape(c) for c in part)
        return gap.join(pieces)

    def run_status(self, cmd, timeout=30, raw=False):
        """Run one command line at the prompt; returns (exit status, output).

        `cmd` is a complete shell list (it may end with `&`); waits for the next prompt.
        Lines that look like kernel or hypervisor log lines are dropped from the output,
        unless raw is true (for commands such as dmesg that print such lines).
        """
        n = next(self._ids)
        sep = " " if cmd.rstrip().endswith("&") else "; "
        self.q.send('echo "__H""VC_B_%d__"; %s%secho "__H""VC_E_%d_$?__"\n' % (n, cmd, sep, n))
        begin = self.q.expect(self.marker("__HVC_B_%d__\n" % n), timeout)
        end = self.q.expect(self.marker("__HVC_E_%d_" % n, ("re", r"(\d+)"), "__\n"), timeout)
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

    def answers(self, timeout=30):
        """Whether the shell computes and answers, decided by its exit status: a hypervisor
        line of another CPU may garble what it prints."""
        status, _ = self.run_status("[ $((6*7)) = 42 ]", timeout)
        return status == 0

    def run_saying(self, cmd, said, timeout=60):
        """Run a command that must succeed and print `said`. Whether it did is decided in
        the guest (grep on its saved output): another CPU's hypervisor log line may cut
        into the output on the UART at any byte, even character by character. Returns
        the output as the console showed it, log lines dropped."""
        status, raw = self.run_status(
            "%s >/tmp/hvc-said 2>&1; s=$?; cat /tmp/hvc-said; [ $s = 0 ] && grep -qF -e %s "
            "/tmp/hvc-said" % (cmd, shlex.quote(said)), timeout=timeout, raw=True)
        if status != 0:
            self.fail("`%s` failed or did not print `%s`:\n%s" % (cmd, said, raw))
        return self.clean(raw)

    def read_matching(self, cmd, pattern, tries=3):
        """Run `cmd` (it prints something saved earlier) until its output, log lines
        dropped, matches `pattern`: a hypervisor log line printed at the same time can
        garble one reading. Returns the match, or fails."""
        for _ in range(tries):
            out = self.clean(self.run(cmd))
            m = re.search(pattern, out, re.M)
            if m:
                return m
        self.fail("`%s` printed nothing matching /%s/ in %d tries:\n%s"
                  % (cmd, pattern, tries, out))

    def clean(self, text):
        return self.LOG_LINE.sub("", self.HV_LINE.sub("", self.ESCAPE.sub("", text)))

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
