#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""probe_compare.py PROBE.json SOURCE_EXTRACTED.json [CURATED.json]: compare the
behavioural probe of one kernel (probe-<ver>.json, written by probe-running)
with what the extractors predict. The probe is the ground truth: a
disagreement is an extractor's error (or a limit of its input) and is reported.

For every helper result with outcome "kept" or "forgot" (the verifier did or
did not keep knowing the argument's stack bytes across the call), up to three
predictions:

  running  declarations read from that very kernel (running-<ver>.json of
           extract-running: {"protos": {symbol: {"args": [{"arg": N, "type":
           "..."}]}}}), found beside the probe file, in
           $HELPERGUARD_EXTRACTED_DIR, or given as --running FILE;
  source   declarations of SOURCE_EXTRACTED.json (the source tree of the
           kernel's series: for 6.16-6.18 kernels that is linux-7.2, which has
           the prototype fixes, so expect allowed disagreements there);
  curated  (with CURATED.json, helper-db/data/helpers.json) only for
           arguments the database says the helper writes: "kept" when the
           argument is stale on the kernel (FORMAT.md: regime not clobber-all
           and no covering declaration declares the write), else "forgot".

running and source predict "forgot" when the kernel is before 6.14 (regime
clobber-all: every helper stack argument clobbers); otherwise "forgot" when
every candidate prototype (the result's proto_candidates) declares the write
on that argument (MEM_WRITE, MEM_UNINIT, ARG_PTR_TO_UNINIT_MEM,
ARG_PTR_TO_UNINIT_MAP_VALUE, ARG_PTR_TO_LONG or ARG_PTR_TO_INT), else "kept".

  availability  (source) for every result that was run: whether the helper
           loads at all in that program type with the probe's load attributes
           (expected attach type, sleepable). The probe says "unavailable"
           when the verifier does not know the helper there ("unknown func",
           "cannot use helper") or the program type does not load (its
           control failed), "sleepable-only" when it refuses a sleeping
           helper in a non-sleepable program; other refusals are about the
           probe's arguments and get no prediction.

kfunc results get no prediction (no extractor reads kfunc declarations).

Prints one line per comparison ("ok", "DISAGREE", or "allowed" for a
disagreement listed in the allow list with a reason; --quiet: no "ok"
lines), then a summary line. Exit status 1 on a disagreement that is not
allowed, 2 on bad input.
--allowlist FILE (default helper-db/extractors/probe_allowlist.txt): lines
  KERNELS EXTRACTOR HELPER PROG_TYPE ARG REASON...
KERNELS a comma-separated list of fnmatch patterns on the Debian version;
EXTRACTOR running|source|curated|availability|*; HELPER, PROG_TYPE and ARG
may be * (fnmatch patterns too).
"""
import argparse
import fnmatch
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import kernelrange  # noqa: E402
import probe_plan  # noqa: E402  (source_availability, ATTACH_TYPES)
WRITE_TOKENS = {"MEM_WRITE", "MEM_UNINIT", "ARG_PTR_TO_UNINIT_MEM", "ARG_PTR_TO_UNINIT_MAP_VALUE",
                "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT"}


def ktuple(v):
    try:
        return kernelrange.kver(v)
    except ValueError as e:
        raise SystemExit("probe_compare: %s" % e)


def declares_write(t):
    return bool({x.strip() for x in t.split("|")} & WRITE_TOKENS)


# --- curated database (helper-db/FORMAT.md) ---------------------------------
in_range = kernelrange.in_range


def curated_regime(cur, k):
    for r in cur.get("regimes", []):
        if in_range(r["kernels"], k):
            return r["regime"]
    return "clobber-all"


def curated_prediction(cur, k, hid, pt, arg):
    """('kept'|'forgot', why) or None."""
    for h in cur.get("helpers", []):
        if h["id"] != hid:
            continue
        proto = next((p for p in h["protos"] if pt in p["prog_types"]), None) or \
            next((p for p in h["protos"] if "*" in p["prog_types"]), None)
        if proto is None:
            return None
        a = next((x for x in proto["args"] if x["arg"] == arg), None)
        if a is None or not a["writes"]:
            return None
        regime = curated_regime(cur, k)
        if regime == "clobber-all":
            return "forgot", "curated regime clobber-all"
        decl = [d for d in a.get("declared", []) if in_range(d["kernels"], k)]
        if any(declares_write(d["flags"]) for d in decl):
            return "forgot", "curated %s: %s" % (proto["name"], decl[0]["flags"])
        return "kept", "curated %s: stale (%s)" % (
            proto["name"], decl[0]["flags"] if decl else "no declaration covers it")
    return None


# --- allow list ---------------------------------------------------------------
def load_allowlist(path):
    rows = []
    if not path or not os.path.exists(path):
        return rows
    for n, ln in enumerate(open(path), 1):
        ln = ln.split("#", 1)[0].strip()
        if not ln:
            continue
        f = ln.split(None, 5)
        if len(f) < 6:
            raise SystemExit("probe_compare: %s:%d: need KERNELS EXTRACTOR HELPER PROG_TYPE ARG REASON"
                             % (path, n))
        rows.append({"kernels": f[0].split(","), "extractor": f[1], "helper": f[2],
                     "prog_type": f[3], "arg": f[4], "reason": f[5], "where": "%s:%d" % (os.path.basename(path), n)})
    return rows


def allowed(rows, kernel, extractor, r):
    for a in rows:
        if not any(fnmatch.fnmatchcase(kernel, p) for p in a["kernels"]):
            continue
        if a["extractor"] not in ("*", extractor):
            continue
        if not fnmatch.fnmatchcase(r["helper"], a["helper"]) or \
                not fnmatch.fnmatchcase(r["prog_type"], a["prog_type"]) or \
                not fnmatch.fnmatchcase(str(r["arg"]), a["arg"]):
            continue
        return a
    return None


PT_BY_NUM = {v: k for k, v in probe_plan.PROG_TYPES.items()}
EAT_BY_NUM = {v: k for k, v in probe_plan.ATTACH_TYPES.items()}


def probe_availability(r, failed_controls):
    """available / unavailable / sleepable-only / None (arguments refused)."""
    if r["outcome"] in ("kept", "forgot"):
        return "available"
    if r["outcome"] != "not-loadable":
        return None
    d = r["detail"]
    if (r["prog_type"], r["expected_attach_type"], r["attach_to"], r["sleepable"]) in failed_controls:
        return "unavailable"
    if re.search(r"unknown func|cannot use helper|invalid func", d):
        return "unavailable"
    if re.search(r"might sleep|sleepable helper", d):
        return "sleepable-only"
    return None


def declared_prediction(k, r, protos, origin):
    """('kept'|'forgot', why) from a protos table, or None when it has none of
    the candidates."""
    if k < (6, 14, 0):
        return "forgot", "kernel before 6.14: regime clobber-all"
    types = []
    for c in r["proto_candidates"]:
        p = protos.get(c)
        if p is None:
            continue
        t = next((x["type"] for x in p["args"] if x["arg"] == r["arg"]), None)
        types.append((c, t))
    if not types:
        return None
    pred = "forgot" if all(t and declares_write(t) for _, t in types) else "kept"
    return pred, "; ".join("%s arg%d = %s [%s]" % (c, r["arg"], t, origin) for c, t in types)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("probe")
    ap.add_argument("source")
    ap.add_argument("curated", nargs="?")
    ap.add_argument("--running", help="running-<ver>.json (default: found beside the probe file)")
    ap.add_argument("--no-running", action="store_true", help="compare without a running extraction")
    ap.add_argument("--allowlist", default=os.path.join(here, "probe_allowlist.txt"))
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()

    probe = json.load(open(a.probe))
    if probe.get("format") != "helperguard-probe/1":
        print("probe_compare: %s is not a helperguard-probe/1 file" % a.probe, file=sys.stderr)
        return 2
    src = json.load(open(a.source))
    cur = json.load(open(a.curated)) if a.curated else None
    kernel = probe["kernel"]
    k = ktuple(kernel)
    running_path = a.running
    if not running_path and not a.no_running:
        for d in (os.path.dirname(os.path.abspath(a.probe)), os.environ.get("HELPERGUARD_EXTRACTED_DIR")):
            if d and os.path.exists(os.path.join(d, "running-%s.json" % kernel)):
                running_path = os.path.join(d, "running-%s.json" % kernel)
                break
    running = json.load(open(running_path)) if running_path else None
    allow = load_allowlist(a.allowlist)
    sname = os.path.basename(a.source)
    plan_from = probe["provenance"].get("plan_from")
    if plan_from and plan_from != sname:
        print("probe_compare: note: the probe was planned from %s, compared with %s" % (plan_from, sname))
    failed_controls = set()
    for c in probe.get("controls", []):
        if c["outcome"] != "kept":
            failed_controls.add((PT_BY_NUM.get(c["prog_type"]), EAT_BY_NUM.get(c["expected_attach_type"]),
                                 None if c["attach_to"] == "-" else c["attach_to"], c["sleepable"]))

    counts = {}
    used_allow = set()

    def count(ex, what):
        counts.setdefault(ex, {"ok": 0, "DISAGREE": 0, "allowed": 0})[what] += 1

    def report(extractor, r, got, pred, why):
        if pred == got:
            count(extractor, "ok")
            status = "ok"
        else:
            al = allowed(allow, kernel, extractor, r)
            if al:
                count(extractor, "allowed")
                used_allow.add(al["where"])
                status = "allowed"
                why += "; allowed (%s): %s" % (al["where"], al["reason"])
            else:
                count(extractor, "DISAGREE")
                status = "DISAGREE"
        if status != "ok" or not a.quiet:
            print("%-8s %s %s: %s in %s arg%d: probe %s, %s predicts %s (%s)" % (
                status, kernel, extractor, r["helper"], r["prog_type"], r["arg"], got,
                extractor, pred, why))

    no_pred = 0
    for r in probe["results"]:
        if r["kind"] != "helper" or r["outcome"] == "skipped":
            no_pred += r["kind"] != "helper"
            continue
        pa = probe_availability(r, failed_controls)
        if pa is not None:
            sa, why = probe_plan.source_availability(src, r["helper"], r["prog_type"],
                                                     r["expected_attach_type"], r["sleepable"])
            report("availability", r, pa, sa, "%s: %s" % (sname, why if isinstance(why, str)
                                                           else ", ".join(why)))
        if r["outcome"] not in ("kept", "forgot"):
            continue
        preds = []
        if running is not None:
            preds.append(("running", declared_prediction(k, r, running.get("protos", {}),
                                                         os.path.basename(running_path))))
        preds.append(("source", declared_prediction(k, r, src["protos"], sname)))
        if cur is not None:
            preds.append(("curated", curated_prediction(cur, k, r["id"], r["prog_type"], r["arg"])))
        for ex, p in preds:
            if p is None:
                if ex != "curated":
                    print("no-pred  %s %s: %s in %s arg%d: none of %s declared" % (
                        kernel, ex, r["helper"], r["prog_type"], r["arg"], ", ".join(r["proto_candidates"])))
                continue
            report(ex, r, r["outcome"], p[0], p[1])
    unused = [x["where"] for x in allow if x["where"] not in used_allow and
              any(fnmatch.fnmatchcase(kernel, p) for p in x["kernels"])]
    total = {w: sum(c[w] for c in counts.values()) for w in ("ok", "DISAGREE", "allowed")}
    print("probe_compare: %s: %d agree, %d disagree, %d allowed (%s); %d kfunc results without prediction; "
          "running: %s%s" % (
              kernel, total["ok"], total["DISAGREE"], total["allowed"],
              ", ".join("%s %d/%d/%d" % (ex, c["ok"], c["DISAGREE"], c["allowed"])
                        for ex, c in sorted(counts.items())),
              no_pred, os.path.basename(running_path) if running else "none",
              "; allow-list entries for this kernel not needed: " + ", ".join(unused) if unused else ""))
    return 1 if total["DISAGREE"] else 0


if __name__ == "__main__":
    sys.exit(main())
