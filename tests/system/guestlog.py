# SPDX-License-Identifier: GPL-2.0
"""Reading a bare-metal test guest's console: `GUEST: <check>: PASS|FAIL ...` lines and
the closing `GUEST: done N passed, M failed` (tests/guests/common/lib.c)."""

import re


def guest_results(text):
    """{check name: [(verdict, rest of line)]} from the guest's result lines."""
    results = {}
    for m in re.finditer(r"^.*?GUEST: (\S+): (PASS|FAIL)(.*)$", text, re.MULTILINE):
        results.setdefault(m.group(1), []).append((m.group(2), m.group(3).strip()))
    return results


def guest_problems(results, summary, expected, list_name):
    """What is wrong with the results against the expected checks (each once, PASS) and
    the guest's own (passed, failed) summary; an empty list when all is well."""
    problems = []
    for name in expected:
        got = results.get(name)
        if not got:
            problems.append("%s: no result line" % name)
        elif len(got) > 1:
            problems.append("%s: %d result lines" % (name, len(got)))
        elif got[0][0] != "PASS":
            problems.append("%s: FAIL %s" % (name, got[0][1]))
    for name in results:
        if name not in expected:
            problems.append("%s: unexpected check (update %s)" % (name, list_name))
    if summary != (len(expected), 0):
        problems.append(
            "summary says %d passed, %d failed; expected %d passed, 0 failed"
            % (summary + (len(expected),))
        )
    return problems
