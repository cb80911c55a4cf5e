#!/usr/bin/env python3
"""Runs helperguard on random BPF modules and checks what it did.

  random_ir.py --opt OPT --plugin HelperGuard.so --diff hg-guard-diff
               [--llvm-stress LLVM-STRESS] [--seed S] [--count N] [-j J]
               [--keep DIR] [--preload RUNTIME]

Module i (seed S+i) is, alternately, an llvm-stress module (seed i)
retargeted to bpf with helper calls planted on its allocas, and a module
from gen_modules.py (helper calls on stack buffers in random shapes). Each
runs through `opt -passes=helperguard -verify-each` with options picked by
the seed (kernels, strategy, mode). A module fails when opt crashes, exits
non-zero or the verifier rejects its output, or when hg-guard-diff finds a
change that is not the documented guard code. One module in ten is also run
twice: the second run must change nothing. A failure prints its seed and
options, and its module is kept in --keep (default: failures/ in the
current directory). Reproduce one seed with --seed SEED --count 1.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_modules import gen_module  # noqa: E402

BPF_HEADER = ('target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"\n'
              'target triple = "bpf"\n')
STRESS_HELPERS = [165, 147, 67, 69, 149, 119, 16, 1, 300]
STRESS_SECTIONS = ["xdp", "lsm/file_open", "raw_tp/x", "kprobe/x", "tc",
                   "perf_event", "weird_section", None]
KERNELS = ["all", "all", "6.17.13", "6.14-6.18", "6.12", "6.19-", "-6.13,6.16"]
STRATEGIES = ["auto", "auto", "init-ptrdiff", "init-global", "reload-ptrdiff",
              "reload-global"]
MODES = ["fix", "fix", "fix", "warn"]


def stress_module(seed, llvm_stress):
    r = random.Random(seed)
    text = subprocess.run([llvm_stress, "-seed=%d" % seed,
                           "-size=%d" % r.choice([20, 50, 100, 200])],
                          check=True, capture_output=True, text=True).stdout
    lines = text.splitlines()
    out = [BPF_HEADER.rstrip("\n")]
    allocas = []
    for ln in lines:
        m = re.match(r"\s+(%A\d*) = alloca ([^,]+), align (\d+)", ln)
        if m:
            allocas.append(m.group(1))
    sec = r.choice(STRESS_SECTIONS)
    n = 0
    in_entry = False
    planted = False
    for ln in lines:
        if ln.startswith("define ") and sec:
            ln = ln.replace(") {", ') section "%s" {' % sec, 1)
        out.append(ln)
        if ln.startswith("BB:"):
            in_entry = True
            continue
        # After the entry block's allocas, and at random points later:
        # initialise an alloca, pass it to a helper.
        is_alloca = " = alloca " in ln
        at_body = allocas and not ln.endswith(":") and not is_alloca and \
            ln.startswith("  ") and " = phi " not in ln and "ret " not in ln \
            and " br " not in ln and "switch " not in ln and "unreachable" not in ln \
            and not ln.strip().startswith("i") and not ln.strip().startswith("]")
        if in_entry and not is_alloca and allocas and not planted:
            planted = True
            in_entry = False
            out.pop()
            out.extend(plant(r, allocas, n))
            n += 1
            out.append(ln)
        elif at_body and planted and r.random() < 0.05:
            out.pop()
            out.extend(plant(r, allocas, n))
            n += 1
            out.append(ln)
    out.append("")
    return "\n".join(out)


def plant(r, allocas, n):
    a = r.choice(allocas)
    hid = r.choice(STRESS_HELPERS)
    lines = []
    if r.random() < 0.7:
        lines.append("  store %s, ptr %s, align 1" % (
            r.choice(["i8 0", "i8 7", "i16 0", "i32 0", "i64 0"]), a))
    size = r.choice([0, 1, 2, 4, 8, 16, 64])
    lines.append("  %%hgcall%d = call i64 inttoptr (i64 %d to ptr)(ptr %s, i32 %d, ptr null, ptr null, i32 0)"
                 % (n, hid, a, size))
    return lines


def options_for(seed):
    r = random.Random(seed * 7919 + 1)
    return ["-bpf-helperguard-kernels=" + r.choice(KERNELS),
            "-bpf-helperguard-strategy=" + r.choice(STRATEGIES),
            "-bpf-helperguard-mode=" + r.choice(MODES)]


class Runner:
    def __init__(self, a, work):
        self.a = a
        self.work = work
        self.env = dict(os.environ)
        if a.preload:
            self.env["LD_PRELOAD"] = a.preload
            self.env["ASAN_OPTIONS"] = "detect_leaks=0:halt_on_error=1"
            self.env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"

    def opt(self, args, timeout=120):
        cmd = [self.a.opt, "-load-pass-plugin", self.a.plugin] + args
        return subprocess.run(cmd, capture_output=True, text=True,
                              env=self.env, timeout=timeout)

    def one(self, seed):
        """Returns (seed, None) or (seed, message)."""
        stress = seed % 2 == 1
        try:
            text = stress_module(seed, self.a.llvm_stress) if stress else gen_module(seed)
        except subprocess.CalledProcessError as e:
            return seed, "llvm-stress failed: %s" % e.stderr
        src = os.path.join(self.work, "m%d.ll" % seed)
        out = os.path.join(self.work, "m%d.out.ll" % seed)
        with open(src, "w") as f:
            f.write(text)
        opts = options_for(seed)
        try:
            p = self.opt(["-passes=helperguard", "-verify-each", "-S"] + opts +
                         [src, "-o", out])
        except subprocess.TimeoutExpired:
            return seed, "opt timed out (%s)" % " ".join(opts)
        if p.returncode != 0:
            return seed, "opt exited %d (%s):\n%s" % (p.returncode, " ".join(opts),
                                                     p.stderr[-3000:])
        if seed % 10 == 0:
            again = out + ".again.ll"
            plain = out + ".plain.ll"
            # Value names may differ; strip them on both sides.
            p2 = self.opt(["-passes=helperguard,strip", "-S"] + opts + [out, "-o", again])
            p3 = self.opt(["-passes=strip", "-S", out, "-o", plain])
            if p2.returncode or p3.returncode:
                return seed, "second run failed:\n" + p2.stderr[-2000:] + p3.stderr[-2000:]
            if strip_ids(open(again).read()) != strip_ids(open(plain).read()):
                return seed, "a second run changed the module (%s)" % " ".join(opts)
        return seed, None


def strip_ids(text):
    return "\n".join(ln for ln in text.splitlines()
                     if not ln.startswith("; ModuleID") and
                     not ln.startswith("source_filename"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--opt", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--diff", required=True)
    ap.add_argument("--llvm-stress", default="llvm-stress")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--keep", default="failures")
    ap.add_argument("--preload", default="")
    a = ap.parse_args()
    if os.environ.get("HG_ROBUSTNESS_COUNT"):
        a.count = int(os.environ["HG_ROBUSTNESS_COUNT"])
    if os.environ.get("HG_ROBUSTNESS_SEED"):
        a.seed = int(os.environ["HG_ROBUSTNESS_SEED"])

    start = time.time()
    work = tempfile.mkdtemp(prefix="hg-random-ir-")
    r = Runner(a, work)
    failures = {}
    seeds = list(range(a.seed, a.seed + a.count))
    ok = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.j) as ex:
        for seed, msg in ex.map(r.one, seeds):
            if msg:
                failures[seed] = msg
            else:
                ok.append(seed)
    # Check the changes in batches (one process, many pairs).
    batch = 100
    for k in range(0, len(ok), batch):
        part = ok[k:k + batch]
        args = []
        for s in part:
            args += [os.path.join(work, "m%d.ll" % s), os.path.join(work, "m%d.out.ll" % s)]
        p = subprocess.run([a.diff] + args, capture_output=True, text=True)
        if p.returncode == 0:
            continue
        for ln in p.stderr.splitlines():
            m = re.search(r"/m(\d+)\.out\.ll: (.*)", ln)
            if m:
                failures[int(m.group(1))] = "not only guard code (%s): %s" % (
                    " ".join(options_for(int(m.group(1)))), m.group(2))
            else:
                failures.setdefault(-1, "")
                failures[-1] += ln + "\n"
    # Seeds that fail for a known, reported bug: expected to fail (XFAIL)
    # until the fix, then they must be taken out of the list (XPASS fails).
    known = {}
    kf = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-failures.txt")
    for ln in open(kf):
        ln = ln.split("#", 1)[0].strip()
        if ln:
            seed, _, why = ln.partition(" ")
            known[int(seed)] = why.strip()
    xpass = []
    for seed, why in sorted(known.items()):
        if not (a.seed <= seed < a.seed + a.count):
            continue
        if seed in failures:
            print("XFAIL seed %d (known: %s): %s" % (seed, why, failures.pop(seed).splitlines()[0]))
        else:
            xpass.append(seed)
            print("XPASS seed %d: passes now; take it out of %s" % (seed, kf))
    if failures:
        os.makedirs(a.keep, exist_ok=True)
        for seed, msg in sorted(failures.items()):
            print("FAIL seed %d: %s" % (seed, msg))
            for suffix in (".ll", ".out.ll"):
                f = os.path.join(work, "m%d%s" % (seed, suffix))
                if os.path.exists(f):
                    shutil.copy(f, a.keep)
            print("  kept in %s/m%d.ll; reproduce: %s --seed %d --count 1"
                  % (os.path.abspath(a.keep), seed, sys.argv[0], seed))
    shutil.rmtree(work, ignore_errors=True)
    print("random-ir: %d modules (seeds %d..%d), %d failed, %.0f s"
          % (a.count, a.seed, a.seed + a.count - 1, len(failures),
             time.time() - start))
    return 1 if failures or xpass else 0


if __name__ == "__main__":
    sys.exit(main())
