#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""coverage.py [EXTRACTED_DIR]: the coverage table of the helper database
(helpers x program types x kernels), as Markdown, for docs/database.md.

One row per measured kernel: the source tree whose program-type mapping
applies, the helper ids and helper x program type pairs that tree offers,
the prototypes read from the running kernel (BTF, kallsyms, kcore), and the
behavioural probe's entries by outcome. A last line sums the facts."""
import glob
import json
import os
import re
import sys


def kver(text):
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "extracted")
    srcs = {}
    for p in glob.glob(os.path.join(d, "linux-*.json")):
        s = json.load(open(p))
        srcs[s["kernel"]] = s
    order = sorted(srcs, key=kver)

    def tree_for(v):
        same = [s for s in order if kver(s)[:2] == v[:2]]
        if same:
            return same[0]
        above = [s for s in order if kver(s)[:2] > v[:2]]
        return above[0] if above else order[-1]

    running = {json.load(open(p))["kernel"]: json.load(open(p))
               for p in glob.glob(os.path.join(d, "running-*.json"))}
    probes = {json.load(open(p))["kernel"]: json.load(open(p))
              for p in glob.glob(os.path.join(d, "probe-*.json"))}
    kernels = sorted(set(running) | set(probes), key=kver)
    print("| kernel (Debian) | source tree | helper ids | helper x program type pairs "
          "| prototypes read (running) | probe entries | kept | forgot | not loadable | skipped |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    tot_pairs = tot_protos = tot_probe = 0
    for k in kernels:
        t = tree_for(kver(k))
        s = srcs[t]
        pairs = s["summary"]["helper_prog_type_pairs"]
        r = running.get(k)
        p = probes.get(k)
        ps = p["summary"] if p else {}
        tot_pairs += pairs
        tot_protos += len(r["protos"]) if r else 0
        tot_probe += ps.get("entries", 0)
        print("| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s |" % (
            k, t, s["summary"]["helper_ids"], pairs,
            len(r["protos"]) if r else "-",
            ps.get("entries", "-"), ps.get("kept", "-"), ps.get("forgot", "-"),
            ps.get("not-loadable", "-"), ps.get("skipped", "-")))
    print()
    print("%d kernels: %d helper x program type x kernel pairs, %d prototypes read from "
          "running kernels, %d probe entries." % (len(kernels), tot_pairs, tot_protos, tot_probe))


if __name__ == "__main__":
    main()
