#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""tier_summary.py CTEST_LOG TESTS_JSON PHASES

Prints, after a scripts/test run, the wall time of each tier: the set-up and
build phases (PHASES: lines "NAME SECONDS" written by scripts/test) and the
ctest tests grouped by label (TESTS_JSON: `ctest --show-only=json-v1`; tests
without a label form the core tier: unit, lit, integration...). Then it
prints ctest's own summary again (from CTEST_LOG), so that ctest's summary
stays the run's last word.
"""
import collections
import json
import re
import sys

TEST_LINE = re.compile(
    r"^\s*\d+/\d+ Test\s+#\d+: (\S+) \.*\s*(\*{0,3}[A-Za-z ]+?)\s+([\d.]+) sec")


def main():
    log_path, tests_path, phases_path = sys.argv[1:4]
    labels = {}
    try:
        with open(tests_path) as f:
            for t in json.load(f).get("tests", []):
                lab = "core"
                for p in t.get("properties", []):
                    if p.get("name") == "LABELS" and p.get("value"):
                        lab = p["value"][0]
                labels[t["name"]] = lab
    except (OSError, ValueError) as e:
        print("tier summary: cannot read the test list (%s)" % e)
    tiers = collections.OrderedDict()
    failed = collections.Counter()
    with open(log_path, errors="replace") as f:
        log = f.read().splitlines()
    for line in log:
        m = TEST_LINE.match(line)
        if not m:
            continue
        name, status, secs = m.group(1), m.group(2), float(m.group(3))
        tier = labels.get(name, "core")
        n, t = tiers.get(tier, (0, 0.0))
        tiers[tier] = (n + 1, t + secs)
        if "Passed" not in status:
            failed[tier] += 1
    print("== wall time per tier")
    total = 0.0
    try:
        with open(phases_path) as f:
            for line in f:
                w = line.rsplit(None, 1)
                if len(w) == 2:
                    print("  %-34s %7.0f s" % (w[0], float(w[1])))
                    total += float(w[1])
    except OSError:
        pass
    for tier, (n, t) in sorted(tiers.items(), key=lambda kv: -kv[1][1]):
        print("  %-34s %7.0f s  (%d tests%s)" % ("tests: " + tier, t, n,
              ", %d failed" % failed[tier] if failed[tier] else ""))
        total += t
    print("  %-34s %7.0f s  (%.1f min)" % ("total", total, total / 60))
    # ctest's summary once more, last
    start = next((i for i, l in enumerate(log) if re.match(r"^\d+% tests passed", l)), None)
    if start is not None:
        print()
        print("\n".join(log[start:]))


if __name__ == "__main__":
    main()
