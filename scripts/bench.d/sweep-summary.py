#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Summarises the JSON of `scripts/sweep` (a `helperguard matrix --json` of
the sweep-FAMILY-N objects):

  sweep-summary.py SWEEP.json [--markdown]

Per family and kernel: the metrics at every N loaded (processed insns,
total/peak states, stack depth), the largest N loaded, the first N rejected
and the verifier's key message; then, per family, the kernel(s) that
rejected at the smallest N ("rejects first").
"""
import json
import os
import re
import sys


def load(path):
    fams = {}   # family -> kernel -> N -> program
    kernels = []
    for k in json.load(open(path))["kernels"]:
        kn = k.get("version") or k["spec"]
        if k["status"] != "ok":
            print("kernel %s: %s %s" % (kn, k["status"], k.get("error", "")))
            continue
        kernels.append(kn)
        for p in k["programs"]:
            m = re.match(r"^sweep-(.+)-(\d+)\.o$", os.path.basename(p["object"]))
            if m:
                fams.setdefault(m.group(1), {}).setdefault(kn, {})[int(m.group(2))] = p
    return kernels, fams


def main():
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    kernels, fams = load(sys.argv[1])
    for fam in sorted(fams):
        print("\n## %s\n" % fam)
        print("| kernel | N: processed insns / total states / peak states / stack "
              "| largest N loaded | first N rejected | why |")
        print("| --- | --- | --- | --- | --- |")
        first = {}
        for kn in kernels:
            byn = fams[fam].get(kn, {})
            cells, largest, rej, why = [], None, None, ""
            for n in sorted(byn):
                p = byn[n]
                if p["loaded"]:
                    largest = n
                    cells.append("%d: %s/%s/%s/%s" % (n, p["processed_insns"], p["total_states"],
                                                       p["peak_states"], p["stack_depth"]))
                elif rej is None:
                    rej, why = n, p.get("message", "")
            if rej is not None:
                first[kn] = rej
            print("| %s | %s | %s | %s | %s |" % (kn, ", ".join(cells), largest if largest is not None else "-",
                                                  rej if rej is not None else "-", why.replace("|", "\\|")))
        if first:
            lo = min(first.values())
            print("\nRejects first (at N = %d): %s" % (lo, ", ".join(k for k in kernels if first.get(k) == lo)))
        else:
            print("\nNo kernel rejected any N of this family.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
