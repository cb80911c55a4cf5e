#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""crosscheck.py CURATED.json EXTRACTED.json...: compare the curated helper
database (helper-db/data/helpers.json, helper-db/FORMAT.md) with extracted
source trees (helper-db/extracted/README.md).

For every curated prototype, program type and memory argument it checks, on
each extracted kernel (its Debian package version, e.g. 6.12.117):
  * proto:    the program type's extracted candidates include the curated
              prototype name;
  * flags:    the curated declaration covering that kernel equals the
              extracted argN_type (tokens compared as sets);
  * size:     size_arg N <-> the next argument is a size (ARG_CONST_SIZE*,
              ARG_MEM_SIZE*); size S <-> argN_size evaluates to S or is sizeof().
Prints one line per fact ("ok" or "DISAGREE"), a summary, and with --json the
list. Exit status 1 when any disagreement is found (--report-only: 0)."""
import argparse
import json
import re
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernelrange  # noqa: E402


def vtuple(v):
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", v)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)


def in_range(rng, v):
    """FORMAT.md ranges (kernelrange.py); v may leave the patch level None."""
    return kernelrange.in_range(rng, (v[0], v[1], v[2] or 0))


def tokens(flags):
    return frozenset(t.strip() for t in flags.split("|") if t.strip())


SIZE_RE = re.compile(r"^ARG_(CONST|MEM)_SIZE")


def check(curated, extracted):
    rows = []
    for ex in extracted:
        kv = vtuple(ex["provenance"]["version"])
        kname = "%s (%s %s)" % (ex["kernel"], ex["provenance"]["package"], ex["provenance"]["version"])
        H = {h["id"]: h for h in ex["helpers"]}
        for ch in curated["helpers"]:
            eh = H.get(ch["id"])
            if eh is None or eh["name"] != ch["name"]:
                rows.append(dict(kernel=kname, helper=ch["name"], what="id",
                                 ok=False, curated=ch["id"], extracted=eh and eh["name"]))
                continue
            for cp in ch["protos"]:
                pts = cp["prog_types"]
                if pts == ["*"]:
                    pts = sorted(pt for pt, r in eh["prog_types"].items()
                                 if cp["name"] in r["protos"])
                for pt in pts:
                    r = eh["prog_types"].get(pt)
                    cand = r["protos"] if r else []
                    ok = cp["name"] in cand
                    rows.append(dict(kernel=kname, helper=ch["name"], proto=cp["name"], prog_type=pt,
                                     what="proto", ok=ok, curated=cp["name"], extracted=cand))
                ep = ex["protos"].get(cp["name"])
                if ep is None:
                    continue
                eargs = {a["arg"]: a for a in ep["args"]}
                for ca in cp["args"]:
                    ea = eargs.get(ca["arg"])
                    decl = [d for d in ca.get("declared", []) if in_range(d["kernels"], kv)]
                    if decl:
                        ok = ea is not None and tokens(decl[0]["flags"]) == tokens(ea["type"])
                        rows.append(dict(kernel=kname, helper=ch["name"], proto=cp["name"],
                                         arg=ca["arg"], what="flags", ok=ok,
                                         curated="%s [%s]" % (decl[0]["flags"], decl[0]["kernels"]),
                                         extracted=ea and ea["type"], where=ep["where"]))
                    if "size_arg" in ca:
                        sa = eargs.get(ca["size_arg"])
                        ok = sa is not None and bool(SIZE_RE.match(sa["type"]))
                        rows.append(dict(kernel=kname, helper=ch["name"], proto=cp["name"], arg=ca["arg"],
                                         what="size", ok=ok, curated="arg%d" % ca["size_arg"],
                                         extracted=sa and sa["type"]))
                    elif "size" in ca:
                        es = ea and ea.get("size")
                        ok = es is not None and (ea.get("size_bytes") == ca["size"] or es.startswith("sizeof"))
                        rows.append(dict(kernel=kname, helper=ch["name"], proto=cp["name"], arg=ca["arg"],
                                         what="size", ok=ok, curated=ca["size"], extracted=es))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("curated")
    ap.add_argument("extracted", nargs="+")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="print only disagreements")
    a = ap.parse_args()
    cur = json.load(open(a.curated))
    exs = [json.load(open(f)) for f in a.extracted]
    rows = check(cur, exs)
    bad = [r for r in rows if not r["ok"]]
    if a.json:
        json.dump({"checked": len(rows), "disagreements": bad}, sys.stdout, indent=1)
        print()
    else:
        for r in rows:
            if r["ok"] and a.quiet:
                continue
            print("%-8s %-8s %s %s%s%s: curated %s, extracted %s" % (
                "ok" if r["ok"] else "DISAGREE", r["what"], r["kernel"], r["helper"],
                " " + r["proto"] if "proto" in r else "",
                (" arg%d" % r["arg"]) if "arg" in r else (" [%s]" % r["prog_type"] if "prog_type" in r else ""),
                r["curated"], r["extracted"]))
        print("crosscheck: %d facts checked, %d disagreements" % (len(rows), len(bad)))
    sys.exit(1 if bad and not a.report_only else 0)


if __name__ == "__main__":
    main()
