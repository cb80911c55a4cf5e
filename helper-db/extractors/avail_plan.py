#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""avail_plan.py: the availability probe's host side (helper-db/extracted/README.md,
"The availability probe").

  avail_plan.py plan EXTRACTED_DIR -o PREFIX
      write PREFIX.txt (the plan read by the guest program avail.c: one load
      configuration per program type, each with every helper id) and
      PREFIX.json (the same with names). The helper ids are those of every
      source extraction (EXTRACTED_DIR/linux-*.json) plus one above the
      highest (a sentinel that every kernel must call unknown).
  avail_plan.py merge PLAN.json RESULTS.log -o OUT.json --kernel V
                [--image-sha256 H] [--date D]
      combine the plan and the guest's JSON lines into
      helper-db/extracted/avail-V.json (format helperguard-avail/1). Fails
      when the guest output is incomplete.

Every (helper id, program type) is loaded once, under the load attributes
probe_plan.py tries first for the program type (the same attach types and
targets as the behavioural probe); struct_ops and ext are untestable.
"""
import argparse
import datetime
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_plan import (ATTACH_TYPES, ATTRS, DEFAULT_ATTRS, NOT_PROBED, PROG_TYPES,  # noqa: E402
                        read_guest_lines)

EXTRACTOR_VERSION = 1
FORMAT = "helperguard-avail/1"
OUTCOMES = ("offered", "not-offered", "unknown-func", "error")


def cmd_plan(args):
    ids = set()
    for p in sorted(glob.glob(os.path.join(args.extracted, "linux-*.json"))):
        with open(p) as f:
            ids.update(h["id"] for h in json.load(f)["helpers"])
    if not ids:
        raise SystemExit("avail_plan: no linux-*.json in %s" % args.extracted)
    ids = sorted(ids) + [max(ids) + 1]
    configs = []
    for pt in sorted(PROG_TYPES, key=PROG_TYPES.get):
        if pt in NOT_PROBED:
            continue
        eat, attach, sleepable = ATTRS.get(pt, DEFAULT_ATTRS)[0]
        configs.append({"prog_type": pt, "expected_attach_type": eat, "attach_to": attach,
                        "sleepable": sleepable})
    plan = {"format": "helperguard-avail-plan/1", "ids": ids, "sentinel": ids[-1],
            "configs": configs,
            "untestable": {pt: "program type %s: %s" % (pt, why)
                           for pt, why in sorted(NOT_PROBED.items())}}
    lines = ["# helperguard availability plan: %d program types x %d helper ids"
             % (len(configs), len(ids))]
    for c in configs:
        eat = c["expected_attach_type"]
        lines.append(" ".join(str(x) for x in [
            "c", PROG_TYPES[c["prog_type"]], ATTACH_TYPES[eat] if eat else -1,
            c["attach_to"] or "-", int(c["sleepable"])] + ids))
    with open(args.output + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(args.output + ".json", "w") as f:
        json.dump(plan, f, indent=1, sort_keys=True)
        f.write("\n")


def cmd_merge(args):
    with open(args.plan) as f:
        plan = json.load(f)
    begin, end, objs = read_guest_lines(args.results, "avail", "avail_plan merge")
    controls, got = {}, {}
    for o in objs:
        if "id" in o:
            key = (o["c"], o["id"])
            if key in got:
                raise SystemExit("avail_plan merge: config %d id %d reported twice" % key)
            if o["outcome"] not in OUTCOMES:
                raise SystemExit("avail_plan merge: unknown outcome %r" % o["outcome"])
            got[key] = o
        elif "control" in o:
            controls[o["c"]] = o["control"]
    ids = plan["ids"]
    want = len(plan["configs"]) * len(ids)
    if len(got) != want or len(controls) != len(plan["configs"]):
        raise SystemExit("avail_plan merge: %d loads planned, guest reported %d"
                         % (want, len(got)))
    summary = {"pairs": want}
    summary.update({o: 0 for o in OUTCOMES})
    types = {}
    for k, c in enumerate(plan["configs"]):
        entry = {"expected_attach_type": c["expected_attach_type"], "attach_to": c["attach_to"],
                 "sleepable": c["sleepable"], "control": controls[k]}
        lists = {o: [] for o in OUTCOMES}
        loads = []
        details = {"not-offered": {}, "unknown-func": {}, "error": {}}
        for hid in ids:
            o = got[(k, hid)]
            lists[o["outcome"]].append(hid)
            summary[o["outcome"]] += 1
            if o["outcome"] == "offered" and o["detail"] == "loads":
                loads.append(hid)
            elif o["outcome"] in details:
                details[o["outcome"]].setdefault(o["detail"], []).append(hid)
        entry["offered"] = lists["offered"]
        entry["loads"] = loads
        entry["not_offered"] = lists["not-offered"]
        entry["unknown_func"] = lists["unknown-func"]
        # One message per outcome is the rule; the ids of each message,
        # with the helper's name replaced by "#ID", say which.
        entry["messages"] = {o: sorted({_generic(d) for d in ds})
                             for o, ds in details.items() if ds}
        if lists["error"]:
            entry["error"] = {d: hs for d, hs in sorted(details["error"].items())}
        types[c["prog_type"]] = entry
    sentinel = plan["sentinel"]
    bad = [t for t, e in types.items() if sentinel in e["offered"] + e["not_offered"]]
    if bad:
        raise SystemExit("avail_plan merge: sentinel id %d not unknown in %s: the "
                         "classification is wrong on this kernel" % (sentinel, ", ".join(bad)))
    out = {
        "format": FORMAT,
        "kernel": args.kernel,
        "release": begin.get("release"),
        "provenance": {
            "kind": "availability-probe",
            "extractor": "helper-db/extractors/avail.c",
            "extractor_version": EXTRACTOR_VERSION,
            "date": args.date or datetime.date.today().isoformat(),
            "image_sha256": args.image_sha256,
        },
        "ids": ids,
        "sentinel": sentinel,
        "summary": summary,
        "untestable": plan["untestable"],
        "prog_types": types,
    }
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%s: %s" % (args.output, " ".join("%s=%d" % kv for kv in summary.items())),
          file=sys.stderr)


def _generic(detail):
    """'unknown func bpf_x#12 (errno 22)' -> 'unknown func bpf_x#N (errno 22)'."""
    return re.sub(r"\b(bpf_\w+|unknown)#\d+", "<helper>#N", detail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plan")
    p.add_argument("extracted")
    p.add_argument("-o", "--output", required=True, help="output prefix (.txt and .json)")
    m = sub.add_parser("merge")
    m.add_argument("plan")
    m.add_argument("results")
    m.add_argument("-o", "--output", required=True)
    m.add_argument("--kernel", required=True)
    m.add_argument("--image-sha256", default=None)
    m.add_argument("--date", default=None)
    a = ap.parse_args()
    if a.cmd == "plan":
        cmd_plan(a)
    else:
        cmd_merge(a)


if __name__ == "__main__":
    main()
