#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""`make fuzz SEED=n SCALE=k COUNT=c`: run the fuzzing guest (tests/guests/fuzz) as the
root zone for c seeds starting at n, each at size k (k x the ops of a `make test` run),
one QEMU at a time. Prints one line per seed and ends with `N passed, M failed`; logs go
to build/<board>/test-logs/fuzz.seed<n>.log."""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "system"))

import qemu  # noqa: E402
import runner  # noqa: E402
from test_fuzz import run_fuzz  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--count", type=int, default=1)
    a = ap.parse_args()
    if a.seed < 1 or a.scale < 1 or a.count < 1:
        sys.exit("fuzz: SEED, SCALE and COUNT must be at least 1")

    ctx = runner.Context()
    passed = failed = 0
    try:
        for seed in range(a.seed, a.seed + a.count):
            ctx.begin("fuzz", "seed%d" % seed)
            start = time.monotonic()
            try:
                line = run_fuzz(ctx, seed, a.scale)
                passed += 1
                print("PASS %s (%.1fs)" % (line, time.monotonic() - start), flush=True)
            except qemu.TestFailure as e:
                failed += 1
                print("FAIL %s" % e, flush=True)
            finally:
                ctx.end()
    finally:
        qemu.close_all()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
