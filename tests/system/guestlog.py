# SPDX-License-Identifier: GPL-2.0
"""Bare-metal test guests (tests/guests/): starting one as the root zone's kernel, and
reading its console: `GUEST: <check>: PASS|FAIL ...` lines, the closing `GUEST: done N
passed, M failed` (tests/guests/common/lib.c) and the hypervisor's own log lines."""

import os
import re

# Where a guest finds its parameters: 1 MiB below its load address (guest.h).
PARAMS_BELOW_ENTRY = 0x100000

HV_LOG_LINE = re.compile(r"\[\s*\d+\.\d+ cpu\S*\] (FATAL|ERROR|WARN |INFO |DEBUG)\s*(.*)")


def guest_results(text):
    """{check name: [(verdict, rest of line)]} from the guest's result lines."""
    results = {}
    for m in re.finditer(r"^.*?GUEST: (\S+): (PASS|FAIL)(.*)$", text, re.MULTILINE):
        results.setdefault(m.group(1), []).append((m.group(2), m.group(3).strip()))
    return results


def guest_problems(results, summary, expected, list_name, relayed=()):
    """What is wrong with the results against the expected checks (each once, PASS) and
    the guest's own (passed, failed) summary; an empty list when all is well. Relayed
    checks (another zone's, printed through this guest) must pass too but are not in the
    summary."""
    problems = []
    for name in list(expected) + list(relayed):
        got = results.get(name)
        if not got:
            problems.append("%s: no result line" % name)
        elif len(got) > 1:
            problems.append("%s: %d result lines" % (name, len(got)))
        elif got[0][0] != "PASS":
            problems.append("%s: FAIL %s" % (name, got[0][1]))
    for name in results:
        if name not in expected and name not in relayed:
            problems.append("%s: unexpected check (update %s)" % (name, list_name))
    if summary != (len(expected), 0):
        problems.append(
            "summary says %d passed, %d failed; expected %d passed, 0 failed"
            % (summary + (len(expected),))
        )
    return problems


def guest_path(ctx, name, guest_dir=None):
    d = guest_dir or os.environ.get("GUEST_DIR", "").strip() or os.path.join("build", "guests")
    path = os.path.join(d, name + ".bin")
    return path if os.path.isabs(path) else os.path.join(ctx.repo_root, path)


def qemu_guest(ctx, name, params=(), timeout=60, images=(), hv_raw=None, guest_dir=None):
    """The hypervisor (hv_raw, or the board's image) with guest `name` (from guest_dir, or
    the usual build) as the root zone's kernel; params are u64 words QEMU writes into guest
    RAM before it starts (GUEST_PARAMS[0], [1], ...); images are (file, physical address)
    pairs also loaded (another zone's image)."""
    guest = guest_path(ctx, name, guest_dir)
    ctx.need_file(guest, "%s test guest" % name, "run `make guests`")
    extra = []
    base = ctx.guest_addr - PARAMS_BELOW_ENTRY
    for i, value in enumerate(params):
        extra += ["-device", "loader,addr=0x%x,data=0x%x,data-len=8" % (base + 8 * i, value)]
    for path, addr in images:
        ctx.need_file(path, "image for %#x" % addr, "run `make guests`")
        extra += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, addr)]
    return ctx.qemu_direct(extra=extra, timeout=timeout, guest=guest, hv_raw=hv_raw)


def run_guest(ctx, name, checks, params=(), timeout=60, done_timeout=None, images=(),
              relayed=(), hv_raw=None, guest_dir=None):
    """Boot, wait for the guest's summary and SYSTEM_OFF; returns (q, problems)."""
    q = qemu_guest(ctx, name, params, timeout, images, hv_raw, guest_dir)
    q.expect(r"\ball \d+ CPUs online\b", 30)
    start = q.pos
    done = q.expect(r"GUEST: done (\d+) passed, (\d+) failed\n", done_timeout or timeout)
    text = done.string[start : done.start()]
    summary = (int(done.group(1)), int(done.group(2)))
    problems = guest_problems(guest_results(text), summary, checks, "the expected checks",
                              relayed)
    rc = q.wait_exit(20)
    if rc != 0:
        problems.append("QEMU exited with status %d after SYSTEM_OFF, expected 0" % rc)
    for level, message in hv_lines(q.output):
        if level in ("FATAL", "ERROR") or "FATAL" in message:
            problems.append("hypervisor %s: %s" % (level, message))
    return q, problems


def hv_lines(text):
    return [(m.group(1).strip(), m.group(2)) for m in HV_LOG_LINE.finditer(text)]
