#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run every test suite for `make test` and print one total line `N passed, M failed`.

Unit tests: the cmocka programs named on the command line (built by make into --unit-dir);
their own summaries ([  PASSED  ] / [  FAILED  ]) are counted. System tests: the scenarios
of tests/system/runner.py. Exit status 1 when anything failed or nothing ran.
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
UNIT_TIMEOUT = 120


def run_unit(path):
    """Run one cmocka program; returns (passed, failed)."""
    try:
        r = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=UNIT_TIMEOUT, env=dict(os.environ, CMOCKA_MESSAGE_OUTPUT="stdout"))
        out = r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        print(out)
        print("FAIL %s: timed out after %ds" % (path, UNIT_TIMEOUT))
        return 0, 1
    sys.stdout.write(out)
    passed = sum(int(n) for n in re.findall(r"^\[  PASSED  \] (\d+) test", out, re.M))
    failed = sum(int(n) for n in re.findall(r"^\[  FAILED  \] (\d+) test", out, re.M))
    # A failure in setup or teardown is reported as ERROR, not counted by FAILED.
    # (cmocka also prints "[  ERROR   ] --- <assertion>" lines for every failed check.)
    failed += len(re.findall(r"^\[  ERROR   \] (?!--- )", out, re.M))
    if r.returncode != 0 and failed == 0:
        print("FAIL %s: exit status %d without a cmocka failure count" % (path, r.returncode))
        failed = 1
    if passed + failed == 0:
        print("FAIL %s: ran no test" % path)
        failed = 1
    return passed, failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit-dir", required=True)
    ap.add_argument("--no-system", action="store_true")
    ap.add_argument("unit", nargs="*")
    a = ap.parse_args()

    passed = failed = 0
    for name in a.unit:
        p, f = run_unit(os.path.join(a.unit_dir, name))
        passed += p
        failed += f

    if not a.no_system:
        r = subprocess.run([sys.executable, os.path.join(HERE, "system", "runner.py")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode("utf-8", "replace")
        sys.stdout.write(out)
        m = re.findall(r"^(\d+) passed, (\d+) failed$", out, re.M)
        if m:
            passed += int(m[-1][0])
            failed += int(m[-1][1])
        else:
            print("FAIL system tests: no summary line (exit status %d)" % r.returncode)
            failed += 1

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
