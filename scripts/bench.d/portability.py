#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""The portability diagnostics over a selftests corpus (scripts/portability).

Compiles every progs/*.c of the corpus with the flags of its own Makefile
(bench.py's base_flags) and the pass plugin at its defaults (kernels "all",
-bpf-helperguard-portability=warn), keeps each "helperguard-portability:"
warning, then runs `helperguard check --json` on each object and keeps its
"portability" findings. Prints one PASS line per warning, one CHECK line per
finding and a summary; writes everything to OUT/portability.json.

usage: portability.py --src S --inc I --vmlinux V --clang C --plugin P
                      --helperguard H --out DIR [--jobs N]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

WARN = "helperguard-portability:"


def one(a, flags, f):
    name = os.path.basename(f)[:-2]
    obj = os.path.join(a.out, "o", name + ".o")
    extra = bench.PER_FILE.get(os.path.basename(f), [])
    p = subprocess.run([a.clang] + flags + extra + ["-fpass-plugin=" + a.plugin, "-c", f, "-o", obj],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    r = {"file": os.path.basename(f), "compiled": p.returncode == 0,
         "pass": [l[l.index(WARN) + len(WARN):].strip() for l in p.stderr.splitlines() if WARN in l],
         "check": []}
    if p.returncode:
        r["why"] = bench.first_error(p.stderr)
        return r
    c = subprocess.run([a.helperguard, "check", "--json", obj], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    try:
        for o in json.loads(c.stdout).get("objects", []):
            r["check"] += o.get("portability", [])
    except ValueError:
        r["check_error"] = c.stderr.strip()[-300:] or "no JSON"
    return r


def main():
    ap = argparse.ArgumentParser()
    for k in ("src", "inc", "vmlinux", "clang", "plugin", "helperguard", "out"):
        ap.add_argument("--" + k, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    selftests = os.path.join(a.src, "tools/testing/selftests/bpf")
    files = sorted(glob.glob(os.path.join(selftests, "progs", "*.c")))
    if not files:
        sys.exit("portability: empty corpus")
    os.makedirs(os.path.join(a.out, "o"), exist_ok=True)
    flags = bench.base_flags(a, selftests)
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        res = list(ex.map(lambda f: one(a, flags, f), files))
    with open(os.path.join(a.out, "portability.json"), "w") as fh:
        json.dump({"flags": flags, "results": res}, fh, indent=1)
    for r in res:
        for w in r["pass"]:
            print("PASS %s: %s" % (r["file"], w))
        for c in r["check"]:
            print("CHECK %s: %s" % (r["file"], json.dumps(c, sort_keys=True)))
    ok = [r for r in res if r["compiled"]]
    print("SUMMARY files %d compiled %d; pass: %d warning(s) in %d file(s); "
          "check: %d finding(s) in %d object(s); check errors %d" % (
              len(res), len(ok), sum(len(r["pass"]) for r in res),
              sum(1 for r in res if r["pass"]), sum(len(r["check"]) for r in ok),
              sum(1 for r in ok if r["check"]), sum(1 for r in ok if "check_error" in r)))
    return 1 if any("check_error" in r for r in ok) else 0


if __name__ == "__main__":
    sys.exit(main())
