#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""kernel-agreement.py [--tool BIN] [--plugin SO] [--clang CLANG] [--work DIR]
                       [--kernels AFFECTED[,CONTROL]] [--only REGEX] [--gcc]
                       [--no-clang] [--markdown] [--jobs N] [--timeout S]
                       [--require-removed] [--require-agree REGEX]

Checker versus real kernels (issue 14, docs/check.md "Agreement 2" and "GCC
objects on real kernels"). Builds every program of the guard suites as
test/check/agreement.py does (test/lit/c and test/lit/check once per pair,
examples/*/*.bpf.c, test/matrix/progs), without the plugin ("plain"), with
it ("guarded") and, with --gcc, with bpf-gcc ("gcc"); runs
`helperguard check --kernels <affected> --json` on each object and ONE
`helperguard matrix --json` over all objects on the affected kernel
(default 6.17.13+deb13) and the control kernel (default 6.19.6+deb13; omit
it with --kernels 6.17.13+deb13 to boot one guest only). Per program:

  verdict   hazard / clean (the checker, on the affected kernel); "br" when a
            use of a hazardous call is a conditional jump, "other" when the
            uses are only bounds, sizes, keys
  lost      conditional branches the affected kernel removed beyond the
            control kernel (xlated branches control - affected); without a
            control: object branches - xlated branches
  retval    BPF_PROG_TEST_RUN results, affected / control

Classes: "agree-removed" (hazard with a branch use, a branch lost), "agree-accepted"
(hazard, loaded on the affected kernel and rejected on the control one),
"agree-clean" (clean, nothing lost), "agree-no-branch" (hazard whose uses
are not branches, nothing lost), "hazard-kept" (hazard with a branch use,
nothing lost: the verifier folded the compare but both sides of the branch
are reached anyway, docs/check.md), "MISSED" (clean, but a branch lost or
loaded only on the affected kernel: the checker is wrong),
"not-loaded" (with the verifier's message).

Exit status 1 when a program the checker calls clean loses a branch, when a
guarded object's program loses one, when a kernel did not boot, (with
--require-removed) when no program shows a removed branch, or (with
--require-agree) when a program of a build the regex matches is not of an
agree-* class.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import agreement  # noqa: E402  (sources(): the same programs as table 1)

ROOT = agreement.ROOT
GCC_FLAGS = ["-O2", "-I/usr/include", "-I/usr/include/x86_64-linux-gnu"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def build(a, work, item):
    """[(variant, object path or None, error)] for one source."""
    name, src, extra = item
    out = []
    cflags = ["-O2", "-g", "-target", "bpf"]
    if not a.no_clang:
        for variant, more in (("plain", []),
                              ("guarded", ["-fplugin=" + a.plugin,
                                           "-fpass-plugin=" + a.plugin])):
            obj = os.path.join(work, "%s.%s.o" % (name, variant))
            r = run([a.clang] + cflags + extra + more + ["-c", src, "-o", obj])
            out.append((variant, None if r.returncode else obj,
                        last_error(r.stderr)))
    if a.gcc:
        obj = os.path.join(work, "%s.gcc.o" % name)
        r = run(["bpf-gcc"] + GCC_FLAGS +
                [f for f in extra if f != "-I/usr/include/x86_64-linux-gnu"] +
                ["-c", src, "-o", obj])
        out.append(("gcc", None if r.returncode else obj, last_error(r.stderr)))
    return name, src, out


def last_error(text):
    errs = [l for l in text.splitlines() if "error" in l]
    return (errs[0] if errs else (text.strip().splitlines() or [""])[-1])[:200]


def jump_offsets(obj):
    """{(section, byte offset)} of the conditional jumps in obj."""
    r = run(["llvm-objdump-22", "-d", "--no-show-raw-insn", obj])
    jumps, sec = set(), None
    for line in r.stdout.splitlines():
        m = re.match(r"^Disassembly of section (.*):$", line)
        if m:
            sec = m.group(1)
            continue
        # llvm-objdump numbers BPF instructions in decimal, 8 bytes each.
        m = re.match(r"^\s*([0-9]+):\s+(.*)$", line)
        if m and sec and m.group(2).startswith("if "):
            jumps.add((sec, int(m.group(1)) * 8))
    return jumps


def check(a, obj):
    """{program: (hazard, branch use, [helper names], ["sec+off" uses])}"""
    r = run([a.tool, "check", "--kernels", a.check_kernels, "--json", obj])
    if r.returncode not in (0, 1):
        return None, r.stderr.strip()
    doc = json.loads(r.stdout)["objects"][0]
    jumps = jump_offsets(obj)
    progs = {}
    for c in doc["calls"]:
        for p in c["programs"]:
            h, br, names, uses = progs.get(p, (False, False, [], []))
            if c["hazardous"]:
                h = True
                names = names + [c["name"]]
                for u in c.get("uses", []):
                    key = (u.get("section"), u.get("offset"))
                    br = br or key in jumps
                    uses.append("%s+0x%x%s" % (key[0], key[1],
                                               " (jump)" if key in jumps else ""))
            progs[p] = (h, br, names, uses)
    return progs, ""


def matrix(a, objs, work):
    out = os.path.join(work, "matrix.json")
    cmd = ["nice", a.tool, "matrix", "--kernels", a.kernels, "--json",
           "--jobs", str(a.jobs), "--timeout", str(a.timeout)] + objs
    t0 = time.time()
    with open(out, "w") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE,
                           universal_newlines=True)
    sys.stderr.write("matrix: %d objects, %.0f s, exit %d\n" %
                     (len(objs), time.time() - t0, r.returncode))
    if r.returncode not in (0, 1):
        sys.stderr.write(r.stderr[-3000:])
        sys.exit(2)
    return json.load(open(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", default=ROOT + "/build/lib/HelperGuard.so")
    ap.add_argument("--tool", default=ROOT + "/build/bin/helperguard")
    ap.add_argument("--clang", default="/usr/lib/llvm-22/bin/clang")
    ap.add_argument("--work", default=None)
    ap.add_argument("--kernels", default="6.17.13+deb13,6.19.6+deb13",
                    help="affected kernel, then the optional control kernel")
    ap.add_argument("--only", default=None, help="regex on the build names")
    ap.add_argument("--gcc", action="store_true")
    ap.add_argument("--no-clang", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=3000)
    ap.add_argument("--matrix-json", default=None,
                    help="reuse a matrix result instead of booting")
    ap.add_argument("--require-removed", action="store_true")
    ap.add_argument("--require-agree", default=None, metavar="REGEX",
                    help="fail on every program of a build whose name "
                    "matches whose class is not agree-*")
    ap.add_argument("--summary", action="store_true",
                    help="Markdown, one row per source and build")
    a = ap.parse_args()
    kernels = [k for k in re.split(r"[ ,]+", a.kernels) if k]
    a.check_kernels = re.match(r"^(\d+\.\d+\.\d+)", kernels[0]).group(1)
    work = a.work or tempfile.mkdtemp(prefix="hg-kernel-agreement.")
    os.makedirs(work, exist_ok=True)

    items = [i for i in agreement.sources()
             if not a.only or re.search(a.only, i[0])]
    builds = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for name, src, out in pool.map(lambda i: build(a, work, i), items):
            builds.append((name, src, out))
    objs = [o for _, _, out in builds for _, o, _ in out if o]
    checks = {}
    for o in objs:
        checks[o] = check(a, o)
    res = (json.load(open(a.matrix_json)) if a.matrix_json
           else matrix(a, objs, work))
    ks = res["kernels"]
    failed_boot = [k["spec"] for k in ks if k["status"] != "ok"]
    per = []  # one dict per kernel: (object basename, program) -> result
    for k in ks:
        per.append({(os.path.basename(p["object"]), p["program"]): p
                    for p in k.get("programs", [])})

    rows, compile_fail = [], []
    for name, src, out in builds:
        for variant, obj, err in out:
            if obj is None:
                compile_fail.append((name, variant, err))
                continue
            progs, cerr = checks[obj]
            base = os.path.basename(obj)
            names = sorted(set(p for (b, p) in per[0] if b == base)) if per else []
            if progs is None:
                rows.append(dict(name=name, variant=variant, prog="-",
                                 cls="check-failed", note=cerr))
                continue
            # An object libbpf could not open is one "(object)" result:
            # its error stands for every program the checker saw.
            whole = [d.get((base, "(object)")) for d in per]
            names = [n for n in names if n != "(object)"] or (
                [] if progs else ["(object)"])
            for p in sorted(set(names) | set(progs)):
                got = [d.get((base, p)) or w for d, w in zip(per, whole)]
                rows.append(classify(name, variant, p, progs.get(p), got))
    if a.summary:
        print_summary(rows, compile_fail, ks)
    else:
        print_rows(a, rows, compile_fail, ks)
    bad = [r for r in rows if r["cls"] == "MISSED" or
           (r["variant"] == "guarded" and (r.get("lost") or 0) > 0) or
           (a.require_agree and re.search(a.require_agree, r["name"]) and
            not r["cls"].startswith("agree-"))]
    removed = [r for r in rows if r["cls"] == "agree-removed"]
    if failed_boot:
        print("FAIL kernels that did not boot: " + ", ".join(failed_boot))
    for r in bad:
        print("FAIL %s %s %s: %s, %s branch(es) lost" % (
            r["name"], r["variant"], r["prog"], r["verdict"], r["lost"]))
    if a.require_removed and not removed:
        print("FAIL no program lost a branch: the affected kernel did not "
              "show the miscompile")
    return 1 if bad or failed_boot or (a.require_removed and not removed) else 0


def classify(name, variant, prog, chk, results):
    r = dict(name=name, variant=variant, prog=prog)
    h, br, helpers, uses = chk if chk else (False, False, [], [])
    r["verdict"] = ("hazard-" + ("br" if br else "other")) if h else "clean"
    r["helpers"] = ",".join(sorted(set(helpers)))
    r["uses"] = uses
    aff = results[0] if results else None
    ctl = results[1] if len(results) > 1 else None
    r["branches"] = " / ".join(
        "%s->%s" % (x.get("obj_branches"), x.get("xlated_branches"))
        if x and x.get("loaded") else "-" for x in results)
    r["retval"] = " / ".join(
        str(x.get("retval")) if x and x.get("loaded") and
        x.get("retval") is not None else
        (("exec " + x["exec_tmp"]) if x and x.get("exec_tmp") else "-")
        for x in results)
    r["lost"] = None
    rv = [x.get("retval") if x and x.get("loaded") else None for x in results]
    r["retval_differs"] = (len(rv) > 1 and None not in rv[:2] and
                           rv[0] != rv[1])
    if aff is None:
        r["cls"], r["note"] = "not-loaded", "not in the matrix result"
        return r
    if not aff.get("loaded"):
        r["cls"] = "not-loaded"
        r["note"] = "%s: %s" % (aff.get("category", ""), aff.get("message", ""))
        return r
    if ctl and ctl.get("loaded") and ctl.get("xlated_branches") is not None:
        r["lost"] = ctl["xlated_branches"] - aff["xlated_branches"]
    elif aff.get("obj_branches") is not None:
        r["lost"] = aff["obj_branches"] - aff["xlated_branches"]
    lost = r["lost"] or 0
    if ctl is not None and not ctl.get("loaded"):
        # Loaded where the verifier keeps the stale bytes, rejected where it
        # does not: the stale belief decided a safety check.
        r["note"] = "control kernel rejects it: %s" % ctl.get("message", "")
        r["cls"] = "agree-accepted" if h else "MISSED"
        return r
    if not h:
        r["cls"] = "MISSED" if lost > 0 else "agree-clean"
    elif br:
        r["cls"] = "agree-removed" if lost > 0 else "hazard-kept"
    else:
        r["cls"] = "hazard-other-lost" if lost > 0 else "agree-no-branch"
    r["note"] = ""
    return r


PAIR_RE = re.compile(r"-(%s)$" % "|".join(agreement.PAIRS))


def print_summary(rows, compile_fail, ks):
    """One row per source (the pairs of a lit source together) and build."""
    groups = {}
    for r in rows:
        key = (PAIR_RE.sub("", r["name"]), r["variant"])
        groups.setdefault(key, []).append(r)
    for n, v, e in compile_fail:
        groups.setdefault((PAIR_RE.sub("", n), v), []).append(
            dict(name=n, variant=v, prog="-", cls="compile-failed", note=e))
    cols = ["agree-removed", "agree-accepted", "agree-clean",
            "agree-no-branch", "hazard-kept", "MISSED", "hazard-other-lost"]
    print("| source | build | programs | not loaded | " + " | ".join(cols) +
          " | retval differs | not loaded: why |")
    print("| --- " * (len(cols) + 6) + "|")
    order = {"plain": 0, "guarded": 1, "gcc": 2}
    for (src, v), rs in sorted(groups.items(),
                               key=lambda x: (x[0][0], order[x[0][1]])):
        cnt = lambda c: sum(1 for r in rs if r["cls"] == c)
        why = sorted(set(r.get("note", "") for r in rs
                         if r["cls"] in ("not-loaded", "compile-failed",
                                         "check-failed", "MISSED",
                                         "agree-accepted")))
        progs = [r for r in rs if r["cls"] != "compile-failed"]
        print("| %s | %s | %d | %d | %s | %d | %s |" % (
            src, v, len(progs),
            sum(1 for r in rs if r["cls"] in ("not-loaded", "check-failed")),
            " | ".join(str(cnt(c) or "-") for c in cols),
            sum(1 for r in rs if r.get("retval_differs")),
            "; ".join(w.replace("|", "\\|")[:90] for w in why) or "-"))
    print()
    summary_lines(rows, compile_fail, ks)


def summary_lines(rows, compile_fail, ks):
    counts = {}
    for r in rows:
        counts.setdefault(r["variant"], {}).setdefault(r["cls"], 0)
        counts[r["variant"]][r["cls"]] += 1
    for v in sorted(counts):
        print("SUMMARY %s: %d programs: %s" % (v, sum(counts[v].values()), ", ".join(
            "%s %d" % (c, n) for c, n in sorted(counts[v].items()))))
    print("SUMMARY compile failures: %d" % len(compile_fail))
    for k in ks:
        print("KERNEL %s %s %s %.1f s" % (k["spec"], k.get("release", ""),
                                         k["status"], k.get("seconds", 0)))


def print_rows(a, rows, compile_fail, ks):
    kern = " / ".join(k["spec"] for k in ks)
    if a.markdown:
        print("| build | variant | program | check | helpers | branches obj->xlated (%s) | lost | retval | class |" % kern)
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        cells = [r["name"], r["variant"], r["prog"], r.get("verdict", "-"),
                 r.get("helpers", "") or "-", r.get("branches", "-"),
                 "-" if r.get("lost") is None else str(r["lost"]),
                 r.get("retval", "-"),
                 r["cls"] + ((": " + r["note"]) if r.get("note") else "")]
        if a.markdown:
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        else:
            print("  ".join(cells))
    print()
    for n, v, e in compile_fail:
        print("COMPILE-FAIL %s %s: %s" % (n, v, e))
    summary_lines(rows, compile_fail, ks)

if __name__ == "__main__":
    sys.exit(main())
