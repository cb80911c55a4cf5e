#!/usr/bin/env python3
"""One source of truth: compiles every C test of the guard suite
(test/lit/c/*.c) for every helper/program-type pair of Inputs/pairs.h twice,
once with the pass plugin alone writing its JSON report, once with both
plugins, and checks that the Clang plugin warns at exactly the calls the
pass guards (or could not guard), and nowhere else.

usage: cross_check.py CLANG PASS_PLUGIN CLANG_PLUGIN INPUTS SUITE_DIR TMPDIR
"""
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys

clang, pass_plugin, clang_plugin, inputs, suite, tmp = sys.argv[1:7]
os.makedirs(tmp, exist_ok=True)
with open(os.path.join(inputs, "pairs.h")) as f:
    pairs = re.findall(r"defined\(PAIR_(\w+)\)", f.read())
base = [clang, "-target", "bpf", "-O2", "-g", "-I" + inputs,
        "-fno-color-diagnostics", "-c"]
WARN = re.compile(r"^(.*?):(\d+):(\d+): (?:warning|error): .*\[(?:-Werror,)?-Whelperguard\]$")


def run(src, pair):
    name = "%s.%s" % (os.path.basename(src), pair)
    try:
        return check(src, pair, name)
    except Exception as e:  # a broken report, a missing file: a failure
        return name, None, None, "%s: %s" % (type(e).__name__, e)


def check(src, pair, name):
    report = os.path.join(tmp, name + ".json")
    # The pass alone (-fplugin= too: clang 19 registers -mllvm options of a
    # plugin only when -fplugin= loads it).
    p = subprocess.run(base + ["-DPAIR_" + pair, "-fplugin=" + pass_plugin,
                               "-fpass-plugin=" + pass_plugin, "-mllvm",
                               "-bpf-helperguard-report=" + report, src, "-o",
                               os.path.join(tmp, name + ".pass.o")],
                       capture_output=True, text=True)
    if p.returncode:
        return name, None, None, "pass build failed:\n" + p.stderr
    with open(report) as f:
        sites = json.load(f)["sites"]
    guarded = sorted((os.path.basename(s["file"]), s["line"], s["column"])
                     for s in sites
                     if s["decision"] in ("guarded", "unguardable"))
    # Both plugins.
    p = subprocess.run(base + ["-DPAIR_" + pair, "-fplugin=" + clang_plugin,
                               "-fpass-plugin=" + pass_plugin, src, "-o",
                               os.path.join(tmp, name + ".both.o")],
                       capture_output=True, text=True)
    if p.returncode:
        return name, None, None, "plugin build failed:\n" + p.stderr
    warned = sorted((os.path.basename(m.group(1)), int(m.group(2)),
                     int(m.group(3)))
                    for m in map(WARN.match, p.stderr.splitlines()) if m)
    return name, guarded, warned, None


jobs = [(src, pair) for src in sorted(glob.glob(os.path.join(suite, "*.c")))
        for pair in pairs]
failures = 0
total_sites = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
    for name, guarded, warned, err in ex.map(lambda j: run(*j), jobs):
        if err:
            print("FAIL %s: %s" % (name, err))
            failures += 1
        elif guarded != warned:
            print("FAIL %s: pass guarded %s, Clang plugin warned at %s"
                  % (name, guarded, warned))
            failures += 1
        else:
            total_sites += len(guarded)
            print("ok %s: %d site(s)" % (name, len(guarded)))
print("compilations: %d, sites: %d, mismatches: %d"
      % (2 * len(jobs), total_sites, failures))
sys.exit(1 if failures or not total_sites else 0)
