#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""agreement.py [--plugin SO] [--tool BIN] [--clang CLANG] [--work DIR]
                [--markdown] [--gcc]

Pass versus checker (issue 14). Compiles, like test/robustness/semantics.sh,
every program of the guard suite twice with clang (without the plugin, and
with it writing its -bpf-helperguard-report= JSON):
  test/lit/c/*.c and test/lit/check/*.c once per pair their RUN lines name
  (-DPAIR_<name>, -I test/lit/Inputs), the other lit C files once;
  examples/*/*.bpf.c; test/matrix/progs/*.bpf.c;
then runs `helperguard check --json` on both objects and compares:
  - the calls the pass guarded (report decision "guarded") against the calls
    the checker flags in the unguarded object, by (source file, line, helper);
  - the calls the checker flags in the guarded object (expected: none, but
    calls the pass left unguardable).
Prints one row per object and every disagreement; --markdown prints the
table for docs/check.md. Exit status 0 when the guarded objects all check
clean, 1 otherwise (disagreements on the unguarded objects are listed, not
fatal: docs/check.md explains them). With --gcc, also builds the objects
with bpf-gcc (gcc-bpf) and checks them (no pass: only the checker's view).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

PAIRS = ["SNPRINTF_XDP", "SNPRINTF_TC", "SNPRINTF_KPROBE", "FIB_XDP", "FIB_TC",
         "GET_STACK_RAWTP", "SNPRINTF_BTF_KPROBE", "BRANCH_PERF", "D_PATH_LSM",
         "D_PATH_FENTRY"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sources():
    """(name, source, extra flags) for every object to build."""
    out = []
    for src in sorted(glob.glob(ROOT + "/test/lit/c/*.c") +
                      glob.glob(ROOT + "/test/lit/check/*.c")):
        text = open(src).read()
        n = os.path.basename(src)[:-2]
        d = os.path.basename(os.path.dirname(src))
        inc = ["-I", ROOT + "/test/lit/Inputs"]
        pairs = sorted(set(re.findall(r"%\{([A-Z_]+)\}", text)) |
                       set(re.findall(r"-DPAIR_([A-Z_]+)", text)))
        pairs = [p for p in pairs if not p.startswith("check-") and
                 not p.startswith("vars-")]
        if "pairs.h" in text:
            if not pairs and "for p in" in text:
                pairs = re.findall(r"\b([A-Z_]{6,})\b", text.split("#include")[0])
                pairs = sorted(set(p for p in pairs
                                   if "_" in p and not p.startswith("DPAIR")))
            for p in pairs:
                out.append(("lit-%s-%s-%s" % (d, n, p), src, inc + ["-DPAIR_" + p]))
        elif "RUN: %bpfcc" in text or "%bpfcc-plain" in text:
            out.append(("lit-%s-%s" % (d, n), src, inc))
    sysinc = ["-D__TARGET_ARCH_x86", "-I/usr/include/x86_64-linux-gnu"]
    for src in sorted(glob.glob(ROOT + "/examples/*/*.bpf.c")):
        d = os.path.basename(os.path.dirname(src))
        out.append(("example-%s-%s" % (d, os.path.basename(src)[:-6]), src, sysinc))
    for src in sorted(glob.glob(ROOT + "/test/matrix/progs/*.bpf.c")):
        out.append(("matrix-" + os.path.basename(src)[:-6], src, sysinc))
    return out


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def check(tool, obj):
    r = run([tool, "check", "--json", obj])
    if r.returncode not in (0, 1):
        return None, r.stderr.strip()
    doc = json.loads(r.stdout)
    flagged = set()
    for c in doc["objects"][0]["calls"]:
        if c["hazardous"]:
            loc = c["location"]
            flagged.add((os.path.basename(loc.get("file", "?")),
                         loc.get("line", 0), c["name"]))
    return flagged, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", default=ROOT + "/build/lib/HelperGuard.so")
    ap.add_argument("--tool", default=ROOT + "/build/bin/helperguard")
    ap.add_argument("--clang", default="/usr/lib/llvm-22/bin/clang")
    ap.add_argument("--work", default=None)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--gcc", action="store_true")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="hg-agreement.")
    os.makedirs(work, exist_ok=True)
    cflags = ["-O2", "-g", "-target", "bpf"]
    rows, notes = [], []
    bad_guarded = 0
    gcc_rows = []
    check_time, nchecks = 0.0, 0
    def build(item):
        """Builds and checks one program; (row or None, notes, gcc row or
        None, seconds spent checking, whether the two checks ran)."""
        name, src, extra = item
        notes, spent = [], 0.0
        plain = os.path.join(work, name + ".plain.o")
        guarded = os.path.join(work, name + ".guarded.o")
        report = os.path.join(work, name + ".report.json")
        r1 = run([a.clang] + cflags + extra + ["-c", src, "-o", plain])
        r2 = run([a.clang] + cflags + extra +
                 ["-fplugin=" + a.plugin, "-fpass-plugin=" + a.plugin,
                  "-mllvm", "-bpf-helperguard-report=" + report,
                  "-c", src, "-o", guarded])
        if r1.returncode or r2.returncode:
            notes.append("%s: does not compile: %s" % (
                name, (r1.stderr or r2.stderr).strip().splitlines()[-1:]))
            return None, notes, None, spent, False
        rep = json.load(open(report))
        guarded_sites = set()
        unguardable = set()
        for s in rep["sites"]:
            key = (os.path.basename(s["file"]), s["line"], s["helper"])
            if s["decision"] == "guarded":
                guarded_sites.add(key)
            elif s["hazardous"]:
                unguardable.add(key)
        t0 = time.time()
        flagged, err1 = check(a.tool, plain)
        after, err2 = check(a.tool, guarded)
        spent = time.time() - t0
        if flagged is None or after is None:
            notes.append("%s: check failed: %s" % (name, err1 or err2))
            return None, notes, None, spent, True
        both = guarded_sites & flagged
        row = (name, len(guarded_sites), len(flagged), len(both),
               sorted(guarded_sites - flagged), sorted(flagged - guarded_sites),
               sorted(after - unguardable))
        gcc_row = None
        if a.gcc:
            gobj = os.path.join(work, name + ".gcc.o")
            gflags = ["-O2", "-I/usr/include", "-I/usr/include/x86_64-linux-gnu"]
            g = run(["bpf-gcc"] + gflags +
                    [f for f in extra if f not in ("-I/usr/include/x86_64-linux-gnu",)] +
                    ["-c", src, "-o", gobj])
            if g.returncode:
                err = [l for l in g.stderr.splitlines() if "error" in l][:1]
                gcc_row = (name, None, len(flagged), err[0] if err else
                           g.stderr.strip().splitlines()[-1:])
            else:
                r = run([a.tool, "check", "--json", gobj])
                if r.returncode in (0, 1):
                    doc = json.loads(r.stdout)
                    n = sum(c["hazardous"] for c in doc["objects"][0]["calls"])
                    gcc_row = (name, n, len(flagged), "")
                else:
                    gcc_row = (name, None, len(flagged),
                               "check failed: " + r.stderr.strip())
        return row, notes, gcc_row, spent, True

    # One program per core at a time; the results keep the sources' order.
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for row, more, gcc_row, spent, checked in pool.map(build, sources()):
            notes += more
            check_time += spent
            nchecks += 2 if checked else 0
            if row is None:
                continue
            bad_guarded += bool(row[6])
            rows.append(row)
            if gcc_row is not None:
                gcc_rows.append(gcc_row)
    fmt = lambda ks: ", ".join("%s:%d %s" % k for k in ks) or "-"
    if a.markdown:
        # One row per source: the pairs a lit source is built for together.
        groups = {}
        for r in rows:
            key = re.sub(r"-(%s)$" % "|".join(PAIRS), "", r[0])
            groups.setdefault(key, []).append(r)
        print("| source | objects | pass guards | check flags (unguarded) | "
              "agree | pass only | check only | check flags (guarded) |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for key, rs in groups.items():
            po = sorted(set(k for r in rs for k in r[4]))
            co = sorted(set(k for r in rs for k in r[5]))
            left = sorted(set(k for r in rs for k in r[6]))
            print("| %s | %d | %d | %d | %d | %s | %s | %s |" % (
                key, len(rs), sum(r[1] for r in rs), sum(r[2] for r in rs),
                sum(1 for r in rs if not r[4] and not r[5] and not r[6]),
                fmt(po), fmt(co), fmt(left)))
    else:
        for n, g, f, b, po, co, left in rows:
            status = "AGREE" if not po and not co and not left else "DIFFER"
            print("%s %s pass=%d check=%d both=%d pass-only=[%s] check-only=[%s] "
                  "guarded-flagged=[%s]" % (status, n, g, f, b, fmt(po), fmt(co),
                                            fmt(left)))
    agree = sum(1 for r in rows if not r[4] and not r[5] and not r[6])
    print("\n%d objects built twice, %d agree, %d differ; %d guarded objects "
          "still flagged; %d checks in %.2f s (%.1f ms each)" % (
              len(rows), agree, len(rows) - agree, bad_guarded, nchecks,
              check_time, 1000 * check_time / max(nchecks, 1)))
    for n in notes:
        print("NOTE " + n)
    if a.gcc:
        ok = [r for r in gcc_rows if r[1] is not None]
        same = sum(1 for r in ok if r[1] == r[2])
        print("\nGCC (bpf-gcc): %d of %d sources compile; the checker flags as "
              "many calls in the GCC object as in clang's unguarded one for %d"
              % (len(ok), len(gcc_rows), same))
        for n, g, c, err in gcc_rows:
            if g is None:
                print("GCC-FAIL %s: %s" % (n, err))
            elif g != c:
                print("GCC-DIFF %s: gcc object %d hazards, clang object %d"
                      % (n, g, c))
    return 1 if bad_guarded else 0


if __name__ == "__main__":
    sys.exit(main())
