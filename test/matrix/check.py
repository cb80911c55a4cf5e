#!/usr/bin/env python3
"""Checks the JSON of `helperguard matrix` (test/matrix/run-suites.sh).

  check.py verifier MATRIX.json [--min-kernels N]
      every program of examples/verifier-boundaries is accepted/rejected as
      expected.list says, each reject in its category, on every kernel
      (at least N booted, default 5); "loaded-from-V" means rejected on
      kernels older than V, loaded from V on
  check.py guard MATRIX.json [--tool build/bin/helperguard]
      guard-suite.list: the unguarded build miscompiles exactly on the
      kernels where `helperguard db hazards` calls the pair affected; the
      guarded build never does; its run-time results equal the unguarded
      ones on unaffected kernels; tmp_guard refuses /tmp/hg-exec when guarded
  check.py sweep SWEEP.json [--min-kernels N]
      the slice of scripts/sweep (test/matrix/sweep-slice.sh): cost grows
      with N, bpf_loop's does not, 512 bytes of stack load and 520 do not,
      the open-coded iterator loads on 6.4 and later
  check.py report MATRIX.json
      Markdown: the verifier-suite table (per kernel) and the guard's cost

Prints "PASS ..." / "FAIL ..." / "INFO ..." lines and "N passed, M failed";
exits 1 on any failure (a kernel that did not boot is a failure).
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, msg):
        print("PASS " + msg)
        self.passed += 1

    def fail(self, msg):
        print("FAIL " + msg)
        self.failed += 1

    def check(self, cond, msg, why=""):
        if cond:
            self.ok(msg)
        else:
            self.fail(msg + (" (" + why + ")" if why else ""))

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 0 if self.failed == 0 and self.passed > 0 else 1


def table(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                rows.append(line)
    return rows


def stem(obj):
    n = os.path.basename(obj)
    return n[:-2] if n.endswith(".o") else n


def kernel_version(k):
    """The upstream version the helper database takes: 6.17.13 of
    6.17.13+deb13, 6.1.192 of 6.1.192-2, else of uname -r."""
    for s in (k.get("version", ""), k.get("release", "")):
        m = re.match(r"^(\d+\.\d+\.\d+)([+-]|$)", s)
        if m and not re.match(r"^\d+\.\d+\.0-\d+", s):
            return m.group(1)
    m = re.match(r"^Linux version (\d+\.\d+\.\d+)", k.get("proc_version", ""))
    if m:
        return m.group(1)
    return None


def booted(c, data):
    ks = []
    for k in data["kernels"]:
        name = k.get("version") or k["spec"]
        if k["status"] != "ok":
            c.fail("kernel %s: %s: %s" % (name, k["status"], k.get("error", "")))
            for line in k.get("console_tail", [])[-8:]:
                print("    | " + line)
        else:
            ks.append(k)
    return ks


def progs_by_stem(k):
    return {stem(p["object"]) + ":" + p["program"]: p for p in k["programs"]}


# --- verifier suite ----------------------------------------------------------

def version_key(v):
    return tuple(int(x) for x in v.split("."))


def expected_on(result, version):
    """(loaded|rejected, note) that expected.list's RESULT means on a kernel
    of upstream VERSION: "loaded", "rejected", or "loaded-from-V" (rejected
    on kernels older than V, loaded from V on)."""
    if not result.startswith("loaded-from-"):
        return result, ""
    since = result[len("loaded-from-"):]
    if version is None:
        return None, "cannot tell the kernel's version for '%s'" % result
    if version_key(".".join(version.split(".")[:len(since.split("."))])) >= version_key(since):
        return "loaded", " (loaded from %s on)" % since
    return "rejected", " (rejected before %s)" % since


def cmd_verifier(args):
    c = Checker()
    data = json.load(open(args.json))
    expected = table(os.path.join(ROOT, "examples/verifier-boundaries/expected.list"))
    ks = booted(c, data)
    c.check(len(ks) >= args.min_kernels,
            "verifier suite ran on %d kernels (at least %d)" % (len(ks), args.min_kernels))
    for k in ks:
        kn = k["version"]
        by = {stem(p["object"]): p for p in k["programs"]}
        v = kernel_version(k)
        for name, result, category, retval in expected:
            p = by.get(name)
            what = "%s on %s" % (name, kn)
            if p is None:
                c.fail(what + " (no result from the guest)")
                continue
            result, why = expected_on(result, v)
            if result is None:
                c.fail("%s: %s" % (what, why))
                continue
            what += why
            if result == "loaded":
                if not p["loaded"]:
                    c.fail("%s: expected loaded, rejected [%s] %s" %
                           (what, p.get("category"), p.get("message")))
                    continue
                if retval != "-" and str(p.get("retval")) != retval:
                    c.fail("%s: loaded, retval %s, expected %s" % (what, p.get("retval"), retval))
                    continue
                c.ok("%s: loaded (%s insns, stack %s, states %s/%s%s)" %
                     (what, p["processed_insns"], p["stack_depth"], p["total_states"],
                      p["peak_states"], "" if retval == "-" else ", retval " + retval))
            else:
                want = category.replace("-", " ")
                if p["loaded"]:
                    c.fail(what + ": expected rejected (%s), loaded" % want)
                elif p.get("category") != want:
                    c.fail("%s: rejected in category '%s', expected '%s': %s" %
                           (what, p.get("category"), want, p.get("message")))
                else:
                    c.ok("%s: rejected [%s] %s" % (what, want, p.get("message")))
    return c.finish()


# --- guard suite -------------------------------------------------------------

_db_cache = {}


def db_affected(tool, version, ptype, helper):
    key = (version, ptype)
    if key not in _db_cache:
        out = subprocess.run([tool, "db", "hazards", "--kernel", version,
                              "--prog-type", ptype, "--json"],
                             check=True, capture_output=True, text=True).stdout
        _db_cache[key] = {h["helper"] for h in json.loads(out)["hazards"]}
    return helper in _db_cache[key]


def miscompiled(p, signal):
    """(shows the miscompile?, evidence) of a loaded program."""
    removed = None
    if p.get("obj_branches") is not None and p.get("xlated_branches") is not None:
        removed = p["obj_branches"] - p["xlated_branches"]
    ev = ["branches %s->%s" % (p.get("obj_branches"), p.get("xlated_branches"))]
    shows = removed is not None and removed > 0
    if signal.startswith("retval="):
        ev.append("retval %s" % p.get("retval"))
        if p.get("retval") is not None and str(p["retval"]) != signal[7:]:
            shows = True
    elif signal == "exec=refused":
        ev.append("/tmp exec %s" % p.get("exec_tmp"))
        if not str(p.get("exec_tmp", "")).startswith("refused"):
            shows = True
    return shows, ", ".join(ev)


def cmd_guard(args):
    c = Checker()
    data = json.load(open(args.json))
    suite = table(os.path.join(HERE, "guard-suite.list"))
    findings = []
    for k in booted(c, data):
        kn = k["version"]
        v = kernel_version(k)
        if v is None:
            c.fail("kernel %s: cannot tell its version for the helper database" % kn)
            continue
        by = progs_by_stem(k)
        for src, prog, helper, ptype, signal in suite:
            n = os.path.basename(src)[:-len(".bpf.c")]
            pu = by.get("%s.plain:%s" % (n, prog))
            pg = by.get("%s.guarded:%s" % (n, prog))
            affected = db_affected(args.tool, v, ptype, helper)
            pair = "%s/%s" % (helper, ptype)
            for b, p in (("unguarded", pu), ("guarded", pg)):
                if p is None or not p["loaded"]:
                    c.fail("%s %s on %s: %s" % (prog, b, kn, "no result" if p is None else
                           "rejected [%s] %s" % (p.get("category"), p.get("message"))))
            if not (pu and pu["loaded"] and pg and pg["loaded"]):
                continue
            su, eu = miscompiled(pu, signal)
            sg, eg = miscompiled(pg, signal)
            if su == affected:
                c.ok("%s unguarded on %s: %s, as the database says (%s)" %
                     (prog, kn, "miscompiled" if su else "correct", eu))
            else:
                msg = ("%s unguarded on %s: kernel shows %s but the database says %s "
                       "for %s on %s (%s)" % (prog, kn, "the miscompile" if su else "no miscompile",
                                             "affected" if affected else "not affected", pair, v, eu))
                c.fail(msg)
                findings.append(msg)
            c.check(not sg, "%s guarded on %s: correct (%s)" % (prog, kn, eg),
                    "the guarded build shows the miscompile")
            if not affected and not su:
                same = (pu.get("retval") == pg.get("retval") and
                        pu.get("exec_tmp") == pg.get("exec_tmp"))
                c.check(same, "%s on %s: guarded behaves as unguarded (retval %s, exec %s)" %
                        (prog, kn, "-" if pg.get("retval") is None else pg["retval"],
                         pg.get("exec_tmp") or "-"),
                        "unguarded retval %s exec %s" % (pu.get("retval"), pu.get("exec_tmp")))
    if findings:
        print("\nFINDINGS (kernel vs helper database):")
        for f in findings:
            print("  " + f)
    return c.finish()


# --- sweeps ------------------------------------------------------------------

def sweep_points(k):
    """family -> {N: program} of the sweep-FAMILY-N objects of kernel k."""
    fams = {}
    for p in k["programs"]:
        m = re.match(r"^sweep-(.+)-(\d+)\.o$", os.path.basename(p["object"]))
        if m:
            fams.setdefault(m.group(1), {})[int(m.group(2))] = p
    return fams


def cmd_sweep(args):
    """The slice of scripts/sweep that test/matrix/sweep-slice.sh runs: on
    every kernel, the cost grows with N (branches, loop), bpf_loop's does
    not, 512 bytes of stack load and 520 are refused, and the open-coded
    iterator loads where the kernel has bpf_iter_num (6.4 and later)."""
    c = Checker()
    data = json.load(open(args.json))
    ks = booted(c, data)
    c.check(len(ks) >= args.min_kernels,
            "sweep ran on %d kernels (at least %d)" % (len(ks), args.min_kernels))
    for k in ks:
        kn = k["version"]
        fams = sweep_points(k)
        for fam in ("branches", "loop"):
            pts = fams.get(fam, {})
            ns = sorted(n for n in pts if pts[n]["loaded"])
            ins = [pts[n]["processed_insns"] for n in ns]
            c.check(len(ns) >= 2 and all(a < b for a, b in zip(ins, ins[1:])),
                    "%s on %s: processed insns grow with N (%s)" %
                    (fam, kn, ", ".join("N=%d: %s" % (n, i) for n, i in zip(ns, ins))),
                    "fewer than two N loaded, or not increasing")
        bl = fams.get("bpf-loop", {})
        if bl:
            ins = {pts["processed_insns"] for pts in bl.values() if pts["loaded"]}
            c.check(len(ins) == 1 and all(p["loaded"] for p in bl.values()),
                    "bpf-loop on %s: the same cost for every N (%s insns)" %
                    (kn, ", ".join(str(i) for i in sorted(ins))))
        st = fams.get("stack", {})
        for n, p in sorted(st.items()):
            if n <= 512:
                c.check(p["loaded"] and p["stack_depth"].split("+")[0] == str(n),
                        "stack %d on %s: loaded, stack depth %s" % (n, kn, p["stack_depth"]),
                        "[%s] %s" % (p.get("category"), p.get("message")))
            else:
                c.check(not p["loaded"] and p.get("category") == "stack",
                        "stack %d on %s: rejected [stack] %s" % (n, kn, p.get("message")),
                        "loaded" if p["loaded"] else "category " + str(p.get("category")))
        v = kernel_version(k)
        for n, p in sorted(fams.get("iter", {}).items()):
            has = v is not None and version_key(".".join(v.split(".")[:2])) >= (6, 4)
            c.check(p["loaded"] == has,
                    "iter %d on %s: %s" % (n, kn, "loaded" if p["loaded"] else
                                            "rejected: " + str(p.get("message"))),
                    "expected %s (bpf_iter_num is in 6.4 and later)" %
                    ("loaded" if has else "rejected"))
    return c.finish()


# --- report ------------------------------------------------------------------

def cmd_report(args):
    data = json.load(open(args.json))
    ks = [k for k in data["kernels"] if k["status"] == "ok"]
    expected = table(os.path.join(ROOT, "examples/verifier-boundaries/expected.list"))
    print("| program | expected | " + " | ".join(k["version"] for k in ks) + " |")
    print("| --- | --- |" + " --- |" * len(ks))
    for name, result, category, _ in expected:
        cells = []
        for k in ks:
            p = {stem(p["object"]): p for p in k["programs"]}.get(name)
            if p is None:
                cells.append("no result")
            elif p["loaded"]:
                cells.append("ok %s/%s/%s/%s" % (p["processed_insns"], p["stack_depth"],
                                                  p["total_states"], p["peak_states"]))
            else:
                cells.append("rejected %s" % p["processed_insns"])
        if result == "loaded":
            exp = result
        elif result.startswith("loaded-from-"):
            exp = "rejected (%s) before %s, then loaded" % (category.replace("-", " "),
                                                           result[len("loaded-from-"):])
        else:
            exp = "rejected (%s)" % category.replace("-", " ")
        print("| %s | %s | %s |" % (name, exp, " | ".join(cells)))
    print("\nCells: `ok processed-insns/stack-depth/total-states/peak-states`; "
          "`rejected processed-insns`.\n")
    # Guard cost on the kernels where some unguarded program miscompiles.
    suite = table(os.path.join(HERE, "guard-suite.list"))
    print("| kernel | program | processed insns unguarded -> guarded | "
          "xlated insns unguarded -> guarded | branches removed unguarded / guarded |")
    print("| --- | --- | --- | --- | --- |")
    for k in ks:
        by = progs_by_stem(k)
        for src, prog, helper, ptype, signal in suite:
            n = os.path.basename(src)[:-len(".bpf.c")]
            pu, pg = by.get("%s.plain:%s" % (n, prog)), by.get("%s.guarded:%s" % (n, prog))
            if not (pu and pg and pu["loaded"] and pg["loaded"]):
                continue
            if not miscompiled(pu, signal)[0]:
                continue
            rm = lambda p: p["obj_branches"] - p["xlated_branches"]
            print("| %s | %s | %s -> %s (%+d) | %s -> %s (%+d) | %d / %d |" %
                  (k["version"], prog, pu["processed_insns"], pg["processed_insns"],
                   pg["processed_insns"] - pu["processed_insns"], pu["xlated_insns"],
                   pg["xlated_insns"], pg["xlated_insns"] - pu["xlated_insns"], rm(pu), rm(pg)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["verifier", "guard", "sweep", "report"])
    ap.add_argument("json")
    ap.add_argument("--min-kernels", type=int, default=5)
    ap.add_argument("--tool", default=os.path.join(ROOT, "build/bin/helperguard"))
    args = ap.parse_args()
    if not os.path.exists(args.json):
        print("FAIL %s: no matrix output (did the matrix run fail?)" % args.json)
        print("0 passed, 1 failed")
        return 1
    return {"verifier": cmd_verifier, "guard": cmd_guard, "sweep": cmd_sweep,
            "report": cmd_report}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
