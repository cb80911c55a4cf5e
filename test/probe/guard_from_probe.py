#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""guard_from_probe.py RESULTS.log ROOT CLANG PLUGIN HELPERGUARD OUTDIR

The probe's result drives the guard (issue 21, item 3): the JSON that
helperguard-probe wrote in the guest (the "=== json" block of RESULTS.log,
guest-probe.sh) is given to clang as -bpf-helperguard-db= with the kernel's
own `uname -r` as -bpf-helperguard-kernels=, for each helper/program-type
pair of test/lit/Inputs/pairs.h. A pair must be guarded exactly when the
probe found stale knowledge there (`kept` on the written argument), and
`helperguard check --db --kernels` must agree on the unguarded object.

Prints one line per pair; exits 1 on any disagreement.
"""
import json
import os
import subprocess
import sys

# pair -> (helper id, program type the probe names, written argument)
PAIRS = {
    "SNPRINTF_XDP": (165, "xdp", 1),
    "SNPRINTF_TC": (165, "sched_cls", 1),
    "SNPRINTF_KPROBE": (165, "kprobe", 1),
    "FIB_XDP": (69, "xdp", 2),
    "FIB_TC": (69, "sched_cls", 2),
    "GET_STACK_RAWTP": (67, "raw_tracepoint", 2),
    "SNPRINTF_BTF_KPROBE": (149, "kprobe", 1),
    "BRANCH_PERF": (119, "perf_event", 2),
    "D_PATH_LSM": (147, "lsm", 2),
    "D_PATH_FENTRY": (147, "tracing", 2),
}


def json_block(log):
    lines, on = [], False
    for line in open(log, errors="replace").read().splitlines():
        if line.startswith("=== "):
            on = line == "=== json"
            continue
        if on:
            lines.append(line)
    return json.loads("\n".join(lines))


def main():
    log, root, clang, plugin, tool, out = sys.argv[1:7]
    os.makedirs(out, exist_ok=True)
    db = json_block(log)
    rel = db["releases"][0]
    release = rel["release"]
    dbfile = os.path.join(out, "node.json")
    with open(dbfile, "w") as f:
        json.dump(db, f)
    kept = {(r["id"], r["prog_type"], r["arg"]) for r in rel["results"]
            if r.get("kind", "helper") == "helper" and r["outcome"] == "kept"}
    src = os.path.join(root, "test", "lit", "c", "release-kernels.c")
    inc = os.path.join(root, "test", "lit", "Inputs")
    bad = 0
    for pair, (hid, ptype, arg) in PAIRS.items():
        want = (hid, ptype, arg) in kept
        obj = os.path.join(out, pair + ".o")
        plain = os.path.join(out, pair + ".plain.o")
        base = [clang, "-target", "bpf", "-O2", "-g", "-I" + inc,
                "-DPAIR_" + pair, "-c", src]
        subprocess.run(base + ["-o", plain], check=True)
        r = subprocess.run(base + [
            "-o", obj, "-fplugin=" + plugin, "-fpass-plugin=" + plugin,
            "-mllvm", "-bpf-helperguard-db=" + dbfile,
            "-mllvm", "-bpf-helperguard-kernels=" + release,
            "-Rpass=helperguard"], capture_output=True, text=True)
        guarded = "remark: guarded:" in r.stderr
        c = subprocess.run([tool, "check", "--db", dbfile, "--kernels", release,
                            plain], capture_output=True, text=True)
        flagged = c.returncode == 1
        ok = r.returncode == 0 and guarded == want and flagged == want
        bad += not ok
        print("guard-from-probe: %s %-20s probe %-6s pass %-7s check %-7s %s" % (
            release, pair, "kept" if want else "forgot",
            "guarded" if guarded else "alone", "hazard" if flagged else "clean",
            "ok" if ok else "MISMATCH"))
        if r.returncode:
            sys.stderr.write(r.stderr)
    print("guard-from-probe: %s: %d of %d pairs agree with the probe" % (
        release, len(PAIRS) - bad, len(PAIRS)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
