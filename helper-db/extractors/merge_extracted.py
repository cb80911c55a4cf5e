#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""merge_extracted.py [--extracted DIR] [--curated FILE] [-o OUT] [--check]

Builds helper-db/data/extracted.json, the generated part of the built-in
helper database (helper-db/FORMAT.md), from what the extractors measured
(helper-db/extracted/README.md):

  linux-SERIES.json    source trees: every helper id and name, the program
                       types that get each prototype, and (from the newest
                       tree, whose kernels reject an ARG_PTR_TO_MEM naming
                       neither MEM_RDONLY nor MEM_WRITE) what each memory
                       argument really does;
  running-VER.json     running kernels (BTF + kallsyms + kcore): each
                       prototype's argument types exactly as compiled, one
                       measured point per Debian kernel;
  probe-VER.json       behavioural probes: whether the verifier forgot a
                       known buffer after the call. The probe is the ground
                       truth: a probe that disagrees with the declarations
                       fails the merge and is printed.
  avail-VER.json       availability probes: which helper ids each program
                       type is offered on that kernel (FORMAT.md,
                       "Availability": an exact-version point).

Declarations become kernel ranges: consecutive measured points with the same
argument type form one range (the kernels between them are taken to be the
same); the first range reaches down to every older kernel and the last one
up to every newer kernel. Between two points whose types differ nothing is
declared: FORMAT.md counts that as "write not declared", so a written
argument is guarded there.

helper-db/data/helpers.json (curated) sorts after extracted.json and so wins
for every fact it states; --check also compares the two and fails on a
disagreement about which kernels leave a written argument stale.

With --check the output is compared with OUT instead of written (exit 1 when
it differs). Deterministic: the date written is the newest input's date."""
import argparse
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernelrange import in_range  # noqa: E402
from kernelrange import kver as _kver  # noqa: E402


def kver(text):
    try:
        return _kver(text)
    except ValueError as e:
        die(str(e))


FORMAT = "helperguard-db/1"

# Base types of arguments that point to memory the helper reads or writes
# and the verifier does not interpret (FORMAT.md: plain memory), plus the
# old fixed-size integer outputs.
MEMORY_BASES = {
    "ARG_PTR_TO_MEM", "ARG_PTR_TO_MEM_OR_NULL", "ARG_PTR_TO_UNINIT_MEM",
    "ARG_PTR_TO_FIXED_SIZE_MEM", "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT",
}
FIXED_BASE_SIZES = {"ARG_PTR_TO_LONG": 8, "ARG_PTR_TO_INT": 4}
SIZE_RE = re.compile(r"^ARG_(CONST|MEM)_SIZE")
# Flag tokens the database accepts (HelperDBParse.cpp); anything else in a
# memory argument is an error, never dropped silently.
DB_TOKENS = {
    "ARG_PTR_TO_MEM", "ARG_PTR_TO_MEM_OR_NULL", "ARG_PTR_TO_UNINIT_MEM",
    "ARG_PTR_TO_FIXED_SIZE_MEM", "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT",
    "MEM_RDONLY", "MEM_WRITE", "MEM_UNINIT", "MEM_ALIGNED", "MEM_FIXED_SIZE",
    "PTR_MAYBE_NULL", "MEM_RCU", "MEM_ALLOC", "MEM_USER", "MEM_PERCPU",
    "PTR_TRUSTED",
}
# Source spellings that are composites of the enum (include/linux/bpf.h).
COMPOSITES = {
    "ARG_PTR_TO_MEM_OR_NULL": ["ARG_PTR_TO_MEM", "PTR_MAYBE_NULL"],
}


# The kfuncs the probe measures (helper-db/extractors/probe.c): their memory
# argument, its size argument and what the kfunc does with it, from the
# kernel source. Whether the verifier forgets the buffer comes from the probe.
KFUNCS = {
    "bpf_path_d_path": (2, 3, "fs/bpf_fs_kfuncs.c: bpf_path_d_path(const struct path *path, "
                              "char *buf, size_t buf__sz) writes the path into buf (d_path)"),
    "bpf_copy_from_user_str": (1, 2, "kernel/bpf/helpers.c: bpf_copy_from_user_str(void *dst, "
                                     "u32 dst__sz, const void __user *unsafe_ptr__ign, u64 flags) "
                                     "writes the string into dst"),
}


def die(msg):
    print("merge_extracted: error: " + msg, file=sys.stderr)
    sys.exit(2)


def vstr(v):
    return "%d.%d.%d" % v


def tokens(flags):
    out = []
    for t in flags.split("|"):
        t = t.strip()
        if t:
            out.extend(COMPOSITES.get(t, [t]))
    return out


def base_of(flags):
    for t in tokens(flags):
        if t.startswith("ARG_"):
            return t
    return None


def canonical(flags):
    """Base first, then the modifiers sorted: comparable across spellings."""
    toks = tokens(flags)
    base = [t for t in toks if t.startswith("ARG_")]
    mods = sorted(set(t for t in toks if not t.startswith("ARG_")))
    return "|".join(base + mods)


def declares_write(flags):
    toks = set(tokens(flags))
    return bool(toks & {"MEM_WRITE", "MEM_UNINIT"}) or \
        "ARG_PTR_TO_UNINIT_MEM" in toks or "ARG_PTR_TO_UNINIT_MAP_VALUE" in toks


def is_memory(flags):
    b = base_of(flags)
    return b in MEMORY_BASES


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die("%s: %s" % (path, e))


def describe_points(labels):
    """'running kernel 6.1.192-2', ... -> one sentence, oldest first."""
    running = sorted((l.split()[-1] for l in labels if l.startswith("running kernel ")), key=kver)
    others = sorted((l for l in labels if not l.startswith("running kernel ")),
                    key=lambda l: kver(l.split()[-1]))
    parts = []
    if running:
        parts.append("read from the running kernel%s (BTF, kallsyms, kcore; "
                     "helper-db/extracted/running-*.json) %s" % (
                         "s" if len(running) > 1 else "", ", ".join(running)))
    parts.extend("read from the " + l for l in others)
    text = "; ".join(parts)
    if len(labels) > 1:
        text += "; kernels between two of them are taken to be the same"
    return text


class Point:
    """One measured kernel: its version, where the facts come from, the
    argument types of each prototype symbol, and the source tree whose
    program-type mapping applies."""

    def __init__(self, version, label, kind, protos, date):
        self.version = version
        self.label = label
        self.kind = kind
        self.protos = protos  # symbol -> list of {arg: type}
        self.date = date
        self.sources = []  # source trees for the program-type mapping


def running_points(paths):
    points = []
    for p in paths:
        d = load(p)
        if d.get("format") != "helperguard-running/1":
            die("%s: not a helperguard-running/1 file" % p)
        protos = {}
        for key, proto in d["protos"].items():
            sym = key.split("@")[0]
            protos.setdefault(sym, []).append(
                {a["arg"]: (a["type"], a.get("size")) for a in proto["args"]})
        points.append(Point(kver(d["kernel"]), "running kernel " + d["kernel"],
                            "running", protos, d["provenance"]["date"]))
    return points


def source_protos(src):
    protos = {}
    for key, proto in src["protos"].items():
        sym = key.split("@")[0]
        protos.setdefault(sym, []).append(
            {a["arg"]: (a["type"], a.get("size_bytes")) for a in proto["args"]})
    return protos


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extracted", default=os.path.join(here, "..", "extracted"))
    ap.add_argument("--curated", default=os.path.join(here, "..", "data", "helpers.json"))
    ap.add_argument("-o", "--out", default=os.path.join(here, "..", "data", "extracted.json"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    srcs = {}
    for p in sorted(glob.glob(os.path.join(args.extracted, "linux-*.json"))):
        d = load(p)
        srcs[d["kernel"]] = d
    if not srcs:
        die("no linux-*.json in %s" % args.extracted)
    order = sorted(srcs, key=lambda s: kver(s))
    newest = srcs[order[-1]]

    points = running_points(sorted(glob.glob(os.path.join(args.extracted, "running-*.json"))))
    measured_series = {p.version[:2] for p in points}
    # A source tree is a point only for a series no running kernel measured.
    for s in order:
        d = srcs[s]
        v = kver(d["provenance"]["version"])
        if v[:2] in measured_series:
            continue
        points.append(Point(v, "source tree %s %s" % (d["provenance"]["package"], d["provenance"]["version"]),
                            "source", source_protos(d), d["provenance"]["date"]))
    points.sort(key=lambda p: p.version)
    # Program-type mapping for each point: the tree of its series, else the
    # trees just below and above (both: a prototype either may hand out).
    for p in points:
        same = [s for s in order if kver(s)[:2] == p.version[:2]]
        if same:
            p.sources = same
        else:
            below = [s for s in order if kver(s)[:2] < p.version[:2]]
            above = [s for s in order if kver(s)[:2] > p.version[:2]]
            p.sources = below[-1:] + above[:1]

    def load_all(pattern, fmt):
        """Every file of extracted/ matching pattern, each checked to be fmt."""
        out = []
        for path in sorted(glob.glob(os.path.join(args.extracted, pattern))):
            d = load(path)
            if d.get("format") != fmt:
                die("%s: not a %s file" % (path, fmt))
            out.append(d)
        return out

    probes = load_all("probe-*.json", "helperguard-probe/1")
    avails = sorted(load_all("avail-*.json", "helperguard-avail/1"),
                    key=lambda d: kver(d["kernel"]))

    dates = [p.date for p in points] + [d["provenance"]["date"] for d in probes + avails]
    date = max(dates)

    # Every helper id and name, newest spelling.
    names = {}
    for s in order:
        for h in srcs[s]["helpers"]:
            names[h["id"]] = h["name"]
    # helper id -> series -> prog type -> candidate prototype symbols
    mapping = {}
    for s in order:
        for h in srcs[s]["helpers"]:
            for t, info in h.get("prog_types", {}).items():
                cands = sorted(set(k.split("@")[0] for k in info["protos"] if k and k != "?"))
                mapping.setdefault(h["id"], {}).setdefault(s, {})[t] = cands

    # Availability (FORMAT.md, "Availability"). Points: each source tree (a
    # series: which helper ids exist, which program types some path of their
    # *_func_proto() hands a prototype to); each probed kernel (an exact
    # version), where a `kept` or `forgot` result shows the helper callable
    # from that program type (a `not-loadable` one is not taken as "not
    # offered": the probe's program may fail for other reasons); and each
    # kernel of the availability probe (an exact version), which says
    # offered or not for every (helper, program type) it could load (see
    # avail_answers()). A run of points offering it becomes one range, from
    # the first point (a series from x.y.0) to the last one (a series: every
    # x.y.z), open upwards at the newest point. Nothing is said below the
    # oldest tree.
    has_id = {s: {h["id"] for h in srcs[s]["helpers"]} for s in order}
    callable_at = {}  # (id, prog type) -> {probed kernel version}
    for d in probes:
        for r in d["results"]:
            if r.get("kind", "helper") == "helper" and r["outcome"] in ("kept", "forgot"):
                callable_at.setdefault((r["id"], r["prog_type"]), set()).add(kver(d["kernel"]))
    tree_version = {s: kver(srcs[s]["provenance"]["version"]) for s in order}
    conditional = {}  # (id, prog type) -> {series whose tree says conditional}
    for s in order:
        for h in srcs[s]["helpers"]:
            for t, info in h.get("prog_types", {}).items():
                if info.get("conditional"):
                    conditional.setdefault((h["id"], t), set()).add(s)

    def trees_of(v):
        """The source trees whose mapping applies to kernel version v."""
        same = [s for s in order if kver(s)[:2] == v[:2]]
        if same:
            return same
        return [s for s in order if kver(s)[:2] < v[:2]][-1:] + \
            [s for s in order if kver(s)[:2] > v[:2]][:1]

    def avail_answers():
        """(id, prog type) -> {version: offered?} from the availability
        probe. `offered` says yes; `not-offered` and `unknown-func` say no,
        except for a pair some tree of the kernel calls conditional (a
        condition or a NULL path: the probe loaded one attach type, one
        sleepable flag, so its "no" may be the condition's): there it says
        nothing and the trees keep their answer; `error` says nothing."""
        out, kept = {}, []
        for d in avails:
            v = kver(d["kernel"])
            trees = set(trees_of(v))
            for t, e in d["prog_types"].items():
                for hid in e["offered"]:
                    if hid in names:
                        out.setdefault((hid, t), {})[v] = True
                for hid in e["not_offered"] + e["unknown_func"]:
                    if hid not in names:
                        continue
                    if conditional.get((hid, t), set()) & trees:
                        kept.append((hid, t, v))
                        continue
                    out.setdefault((hid, t), {})[v] = False
        return out, kept

    measured, measured_kept = avail_answers()
    # An availability probe of a tree's own version speaks for the tree
    # (the same source, measured); any other kernel is an exact point.
    tree_at = {tree_version[s]: s for s in order}
    exact = {kver(d["kernel"]): d["kernel"] for d in probes}
    exact.update({kver(d["kernel"]): d["kernel"] for d in avails
                  if kver(d["kernel"]) not in tree_at})
    # (version, series?, label): source trees by series, probes exact.
    avail_points = sorted([(kver(s), True, s) for s in order] +
                          [(v, False, k) for v, k in exact.items()],
                          key=lambda p: (p[0][:2], not p[1], p[0]))

    def point_lo(p):
        return "%d.%d" % p[0][:2] if p[1] else vstr(p[0])

    def point_hi(p, last):
        if p is last:
            return ""
        return "%d.%d" % p[0][:2] if p[1] else vstr(p[0])

    def series_range(lo, hi):
        lo_s = "%d.%d" % kver(lo)[:2]
        hi_s = "" if hi == order[-1] else "%d.%d" % kver(hi)[:2]
        return "%s-%s" % (lo_s, hi_s)

    def prog_type_ranges():
        """Program type -> the trees whose bpf_types.h has it, as ranges
        (a program type a kernel lacks is not a helper's problem)."""
        out = {}
        # A type whose helpers no *_func_proto() of its own decides
        # (struct_ops, ext: the struct_ops or the extended program does) is
        # left out: its availability is not known.
        for t in sorted({t for s in order for t, info in srcs[s]["prog_types"].items()
                         if info.get("get_func_proto")}):
            runs = []
            for i, s in enumerate(order):
                if t not in srcs[s]["prog_types"]:
                    continue
                if runs and runs[-1][1] == order[i - 1]:
                    runs[-1][1] = s
                else:
                    runs.append([s, s])
            if len(runs) != 1:
                die("program type %s comes and goes: %s" % (t, runs))
            out[t] = series_range(*runs[0])
        return out

    def availability(hid):
        since = next("%d.%d" % kver(s)[:2] for s in order if hid in has_id[s])
        by_ranges = {}
        types = sorted({t for s in order for t in mapping.get(hid, {}).get(s, {})} |
                       {t for (h, t), vs in measured.items() if h == hid and any(vs.values())})
        for t in types:
            # Each point: True/False, or None (a probe that says nothing).
            states = []
            got = measured.get((hid, t), {})
            for p in avail_points:
                if p[1]:
                    ok = got.get(tree_version[p[2]])
                    if ok is None:
                        ok = t in mapping.get(hid, {}).get(p[2], {})
                    states.append((p, ok))
                elif p[0] in callable_at.get((hid, t), ()):
                    states.append((p, True))
                elif p[0] in got and p[0] not in tree_at:
                    states.append((p, got[p[0]]))
            # A series point after an exact probe of the same series that
            # found it callable does not end the run (same tree, later
            # measurement): the run is what was measured.
            last = states[-1][0]
            runs = []
            prev = None
            for p, ok in states:
                if ok:
                    if runs and prev:
                        runs[-1][1] = p
                    else:
                        runs.append([p, p])
                prev = ok
            key = tuple("%s-%s" % (point_lo(lo), point_hi(hi, last)) for lo, hi in runs)
            by_ranges.setdefault(key, []).append(t)
        out = []
        for key, ts in by_ranges.items():
            for r in key:
                out.append({"kernels": r, "prog_types": sorted(ts)})
        out.sort(key=lambda e: (kver(e["kernels"].split("-")[0]), e["prog_types"]))
        return since, out

    # Effects: the newest tree's declarations (flags-enforced kernels name
    # MEM_RDONLY or MEM_WRITE on every ARG_PTR_TO_MEM).
    newest_protos = newest["protos"]
    newest_label = "linux-%s source (%s %s)" % (newest["kernel"], newest["provenance"]["package"],
                                                newest["provenance"]["version"])

    def effect(hid, argno, group):
        """What the newest tree declares for argument argno of the group's
        prototypes (of every prototype of the helper if it has none of them)."""
        newest_cands = sorted({c for cands in mapping.get(hid, {}).get(newest["kernel"], {}).values()
                               for c in cands})
        mine = [c for c in newest_cands if c in group]
        writes = reads = None
        where = []
        for c in mine or newest_cands:
            for key, proto in newest_protos.items():
                if key.split("@")[0] != c:
                    continue
                for a in proto["args"]:
                    if a["arg"] != argno or not is_memory(a["type"]):
                        continue
                    w = declares_write(a["type"])
                    r = "MEM_UNINIT" not in tokens(a["type"]) and \
                        base_of(a["type"]) != "ARG_PTR_TO_UNINIT_MEM"
                    writes = w if writes is None else (writes or w)
                    reads = r if reads is None else (reads or r)
                    where.append("%s %s arg%d %s" % (proto["where"], c, argno, a["type"]))
        if writes is None:
            return None
        return writes, reads, sorted(set(where))

    # (helper id, prog type, arg, kernel) -> the probe's outcome
    probed = {}
    for d in probes:
        for r in d["results"]:
            if r.get("kind", "helper") == "helper" and r["outcome"] in ("kept", "forgot"):
                probed[(r["id"], r["prog_type"], r["arg"], kver(d["kernel"]))] = (d["kernel"], r["outcome"])

    out_helpers = []
    disagreements = []
    notes = []
    stale_table = {}  # (helper id, prog type, arg, point version) -> stale?
    declared_table = {}  # the same key -> the write is declared?
    for hid in sorted(names):
        name = names[hid]
        ptypes = sorted({t for s in mapping.get(hid, {}) for t in mapping[hid][s]})
        groups = {}  # (proto name, args json) -> prog types
        for t in ptypes:
            all_cands = sorted({c for s in mapping[hid] for c in mapping[hid][s].get(t, [])})
            if not all_cands:
                continue
            # Per point: the candidates its trees hand out to t.
            per_point = []
            for p in points:
                cands = sorted({c for s in p.sources for c in mapping[hid].get(s, {}).get(t, [])})
                present = [c for c in cands if c in p.protos]
                per_point.append((p, present))
            argnos = set()
            for p, present in per_point:
                for c in present:
                    for inst in p.protos[c]:
                        for n, (ty, _) in inst.items():
                            if is_memory(ty):
                                argnos.add(n)
            arg_entries = []
            for n in sorted(argnos):
                states = []  # (point, flags) measured points only
                size_arg = None
                fixed = None
                for p, present in per_point:
                    flags = None
                    for c in present:
                        for inst in p.protos[c]:
                            if n not in inst or not is_memory(inst[n][0]):
                                continue
                            ty, sz = inst[n]
                            # The worst candidate: one that does not declare the write.
                            if flags is None or (declares_write(flags) and not declares_write(ty)):
                                flags = ty
                            nxt = inst.get(n + 1)
                            if nxt and SIZE_RE.match(nxt[0]):
                                size_arg = n + 1
                            elif isinstance(sz, int) and sz > 0:
                                fixed = max(fixed or 0, sz)
                            elif base_of(ty) in FIXED_BASE_SIZES:
                                fixed = max(fixed or 0, FIXED_BASE_SIZES[base_of(ty)])
                    if flags is not None:
                        states.append((p, canonical(flags)))
                if not states:
                    continue
                if size_arg is None and fixed is None:
                    notes.append("%s arg%d (%s): no size known, left out" % (name, n, t))
                    continue
                eff = effect(hid, n, all_cands)
                if eff is None:
                    # Not a memory argument in the newest tree: assume the worst.
                    last = states[-1][1]
                    w = declares_write(last) or "MEM_RDONLY" not in tokens(last)
                    eff = (w, True, ["%s: %s (newest measured; neither MEM_RDONLY nor a "
                                     "newer tree: assumed written)" % (states[-1][0].label, last)
                                     if w else "%s: %s" % (states[-1][0].label, last)])
                writes, reads, where = eff
                for _, fl in states:
                    bad = [x for x in tokens(fl) if x not in DB_TOKENS]
                    if bad:
                        die("%s arg%d: flag tokens the database does not know: %s" % (name, n, bad))
                # Ranges of equal flags.
                runs = []
                for p, fl in states:
                    if runs and runs[-1][2] == fl:
                        runs[-1][1] = p
                        runs[-1][3].append(p)
                    else:
                        runs.append([p, p, fl, [p]])
                declared = []
                for i, (lo, hi, fl, pts) in enumerate(runs):
                    lo_s = "" if i == 0 else vstr(lo.version)
                    fill = None
                    if i > 0 and declares_write(runs[i - 1][2]) and declares_write(fl):
                        # Both neighbours declare the write: so do the
                        # kernels between them.
                        prev = runs[i - 1][1].version
                        lo_s = vstr((prev[0], prev[1], prev[2] + 1))
                        fill = "from %s on: %s and %s both declare the write" % (
                            lo_s, runs[i - 1][1].label, lo.label)
                    hi_s = "" if i == len(runs) - 1 else vstr(hi.version)
                    rng = "%s-%s" % (lo_s, hi_s) if (lo_s or hi_s) else "all"
                    agreeing = [probed[(hid, t, n, q.version)][0] for q in pts
                                 if (hid, t, n, q.version) in probed and
                                 (probed[(hid, t, n, q.version)][1] == "forgot") == declares_write(fl)]
                    declared.append({"kernels": rng, "flags": fl, "date": date,
                                     "_labels": [q.label for q in pts], "_probed": agreeing,
                                     "_fill": fill})
                for p, fl in states:
                    stale_table[(hid, t, n, p.version)] = writes and not declares_write(fl)
                    declared_table[(hid, t, n, p.version)] = declares_write(fl)
                entry = {"arg": n}
                if size_arg is not None:
                    entry["size_arg"] = size_arg
                else:
                    entry["size"] = fixed
                entry.update({
                    "reads": bool(reads), "writes": bool(writes),
                    "effect_source": "declared in the %s, whose verifier rejects an ARG_PTR_TO_MEM "
                                     "naming neither MEM_RDONLY nor MEM_WRITE: %s"
                                     % (newest_label, "; ".join(where)),
                    "effect_date": newest["provenance"]["date"],
                    "declared": declared,
                })
                arg_entries.append(entry)
            pname = "|".join(all_cands)
            shape = [dict(e, declared=[{k: v for k, v in d.items() if k not in ("_labels", "_probed")}
                                       for d in e["declared"]]) for e in arg_entries]
            key = (pname, json.dumps(shape, sort_keys=True))
            groups.setdefault(key, []).append((t, arg_entries))
        protos = []
        used = {}
        for (pname, _), members in sorted(groups.items(), key=lambda kv: kv[0]):
            n = used.get(pname, 0)
            used[pname] = n + 1
            # The group's arguments, each declaration citing every point any
            # of its program types was measured on.
            merged = json.loads(json.dumps(members[0][1]))
            for ai, e in enumerate(merged):
                for di, d in enumerate(e["declared"]):
                    labels, probes_ok = set(), set()
                    for _, entries in members:
                        labels.update(entries[ai]["declared"][di]["_labels"])
                        probes_ok.update(entries[ai]["declared"][di]["_probed"])
                    src = describe_points(labels)
                    if d["_fill"]:
                        src += "; " + d["_fill"]
                    if probes_ok:
                        src += "; the behavioural probe agrees on " + ", ".join(
                            sorted(probes_ok, key=kver))
                    del d["_labels"], d["_fill"], d["_probed"]
                    d["source"] = src
            protos.append({"name": pname if n == 0 else "%s#%d" % (pname, n + 1),
                           "prog_types": sorted(t for t, _ in members), "args": merged})
        # A helper no program type gets (bpf_tcp_send_ack: struct_ops only,
        # whose prototypes the source extractor cannot resolve) is listed
        # with no prototype: known, never stale.
        since, available = availability(hid)
        out_helpers.append({"id": hid, "name": name, "protos": protos,
                            "since": since, "available": available})

    curated = load(args.curated)

    def regime(v):
        for r in curated.get("regimes", []):
            if in_range(r["kernels"], v):
                return r["regime"]
        return "clobber-all"

    # The curated database must agree on which measured kernels leave a
    # written argument stale.
    for h in curated.get("helpers", []):
        for proto in h["protos"]:
            types = proto["prog_types"]
            if "*" in types:
                types = sorted({t for (hid, t, n, v) in stale_table if hid == h["id"]})
            for a in proto["args"]:
                for p in points:
                    if regime(p.version) == "clobber-all":
                        continue
                    decl = [d for d in a.get("declared", []) if in_range(d["kernels"], p.version)]
                    cur = a["writes"] and not (decl and declares_write(decl[0]["flags"]))
                    for t in types:
                        k = (h["id"], t, a["arg"], p.version)
                        if k in stale_table and stale_table[k] != cur:
                            disagreements.append(
                                "helpers.json: %s %s arg%d (%s) on %s: curated %s, measured %s" % (
                                    h["name"], proto["name"], a["arg"], t, p.label,
                                    "stale" if cur else "not stale",
                                    "stale" if stale_table[k] else "not stale"))

    # The probe is the ground truth: "kept" means the verifier did not
    # forget the buffer, so the declaration it used does not declare the
    # write; "forgot", that it does.
    checked = agree = 0
    for d in probes:
        v = kver(d["kernel"])
        if regime(v) == "clobber-all":
            continue  # every helper argument clobbers: nothing declared matters
        for r in d["results"]:
            if r.get("kind", "helper") != "helper" or r["outcome"] not in ("kept", "forgot"):
                continue
            k = (r["id"], r["prog_type"], r["arg"], v)
            if k not in declared_table:
                continue
            checked += 1
            if declared_table[k] == (r["outcome"] == "forgot"):
                agree += 1
            else:
                disagreements.append("probe %s: %s arg%d in %s: %s, the declarations say %s" % (
                    d["kernel"], r["helper"], r["arg"], r["prog_type"], r["outcome"],
                    "declared write" if declared_table[k] else "no write declared"))

    # kfuncs: the kernels on which the probe saw the verifier forget the
    # buffer; where the kfunc is absent no program calling it loads, which
    # counts as forgetting.
    out_kfuncs = []
    for kname in sorted(KFUNCS):
        argno, size_arg, effect_text = KFUNCS[kname]
        states = []  # (version, kernel, outcome)
        for d in probes:
            outs = {r["outcome"] for r in d["results"]
                    if r.get("kind") == "kfunc" and r["helper"] == kname and r["arg"] == argno}
            if not outs:
                continue
            if outs <= {"forgot", "absent"}:
                states.append((kver(d["kernel"]), d["kernel"], "absent" if outs == {"absent"} else "forgot"))
            else:
                states.append((kver(d["kernel"]), d["kernel"], "kept"))
        states.sort()
        if not states:
            die("no probe measured kfunc %s" % kname)
        runs = []
        for v, k, o in states:
            f = o != "kept"
            if runs and runs[-1][0] == f:
                runs[-1][2].append((v, k, o))
            else:
                runs.append([f, v, [(v, k, o)]])
        forgotten = []
        for i, (f, _, pts) in enumerate(runs):
            if not f:
                continue
            lo = "" if i == 0 else vstr(pts[0][0])
            hi = "" if i == len(runs) - 1 else vstr(pts[-1][0])
            forgot = [k for _, k, o in pts if o == "forgot"]
            absent = [k for _, k, o in pts if o == "absent"]
            src = "behavioural probe (helper-db/extracted/probe-*.json): the verifier forgot the buffer on " + \
                ", ".join(forgot)
            if absent:
                src += "; absent (no program calling it loads) on " + ", ".join(absent)
            if len(pts) > 1:
                src += "; kernels between two of them are taken to be the same"
            forgotten.append({"kernels": "%s-%s" % (lo, hi) if (lo or hi) else "all",
                              "source": src, "date": date})
        # Availability (FORMAT.md, "Kfunc"): the probed kernels where a
        # program calling it loads (kept, forgot) or not (absent: the probe
        # found no FUNC of that name in vmlinux BTF). A run of present points
        # becomes one range from its first point to its last, open upwards
        # at the newest point, as for helpers.
        available = []
        present_runs = []
        for i, (v, k, o) in enumerate(states):
            if o == "absent":
                continue
            if present_runs and present_runs[-1][2] == i - 1:
                present_runs[-1][1:] = [v, i]
            else:
                present_runs.append([v, v, i])
        for lo, hi, last in present_runs:
            ks = [k for v, k, o in states if lo <= v <= hi]
            gone = [k for v, k, o in states if o == "absent"]
            src = "behavioural probe (helper-db/extracted/probe-*.json): a program calling it " \
                  "loads on " + ", ".join(ks)
            if gone:
                src += "; absent (no FUNC of that name in the kernel's vmlinux BTF) on " + \
                    ", ".join(gone)
            src += "; kernels between a point without it and a point with it count as without"
            available.append({"kernels": "%s-%s" % (vstr(lo), "" if last == len(states) - 1
                                                    else vstr(hi)),
                              "source": src, "date": date})
        out_kfuncs.append({"name": kname, "available": available, "args": [{
            "arg": argno, "size_arg": size_arg, "reads": False, "writes": True,
            "effect_source": effect_text, "forgotten": forgotten}]})
        print("  kfunc %s: available on %s" % (kname, ", ".join(a["kernels"] for a in available)
                                               or "no kernel"))
        print("  kfunc %s arg%d: forgotten on %s" % (kname, argno,
                                                     ", ".join(f["kernels"] for f in forgotten) or "no kernel"))

    # Each probed Debian kernel is a release with the facts of its version:
    # the checks above hold every probe result against the declarations.
    # The release drops the flavour ("-amd64"), so that every flavour of the
    # same build ("-cloud-amd64", "-rt-amd64") matches it.
    out_releases = []
    for d in sorted(probes, key=lambda d: kver(d["kernel"])):
        rel = d["release"]
        if rel.endswith("-amd64"):
            rel = rel[:-len("-amd64")]
        out_releases.append({
            "release": rel,
            "kernel": vstr(kver(d["kernel"])),
            "source": "Debian %s: helper-db/extracted/probe-%s.json, every result "
                      "agreeing with the declarations of %s" % (
                          d["kernel"], d["kernel"], vstr(kver(d["kernel"]))),
            "date": d["provenance"]["date"]})

    out = {
        "format": FORMAT,
        "comment": "GENERATED by helper-db/extractors/merge_extracted.py from helper-db/extracted/ "
                   "(%d measured points: %s); do not edit: run `helperguard db update --merge`. "
                   "helpers.json sorts after this file and wins for what it states."
                   % (len(points), ", ".join(vstr(p.version) + " (" + p.kind + ")" for p in points)),
        "helpers": out_helpers,
        "kfuncs": out_kfuncs,
        "releases": out_releases,
        "availability": {
            "kernels": "%d.%d-" % kver(order[0])[:2],
            "source": "the *_func_proto() functions of the source trees %s "
                      "(helper-db/extracted/linux-*.json): a tree says which helper ids exist "
                      "and which program types get a prototype; the behavioural probes "
                      "(probe-*.json): a kept or forgot result shows the helper callable from "
                      "the program type on that kernel; and the availability probes of %s "
                      "(avail-*.json): each (helper, program type) loaded, offered or not on "
                      "that kernel (a 'not offered' for a pair a tree calls conditional, and "
                      "an error, say nothing; a kernel a tree was read from speaks for the "
                      "tree); a range runs from the first point offering it to the last, so "
                      "kernels between a point without and a point with it count as without"
                      % (", ".join("%s (%s)" % (s, srcs[s]["provenance"]["version"]) for s in order),
                         ", ".join(d["kernel"] for d in avails) or "no kernel"),
            "date": max([srcs[s]["provenance"]["date"] for s in order] +
                        [d["provenance"]["date"] for d in avails]),
            "prog_types": prog_type_ranges()},
    }
    text = json.dumps(out, indent=1, sort_keys=True) + "\n"

    nargs = sum(len(p["args"]) for h in out_helpers for p in h["protos"])
    stale_pairs = sorted({(names[h], t) for (h, t, n, v), s in stale_table.items()
                          if s and regime(v) != "clobber-all"})
    print("merge_extracted: %d helpers, %d prototypes, %d memory arguments, %d points; "
          "stale (helper, prog type) on some point: %d; probe results compared: %d, agree: %d"
          % (len(out_helpers), sum(len(h["protos"]) for h in out_helpers), nargs, len(points),
             len(stale_pairs), checked, agree))
    by_helper = {}
    for h, t in stale_pairs:
        vs = tuple(sorted({v for (hh, tt, n, v), st in stale_table.items()
                           if st and names[hh] == h and tt == t and regime(v) != "clobber-all"}))
        by_helper.setdefault((h, vs), []).append(t)
    for (h, vs), types in sorted(by_helper.items()):
        print("  stale: %s on %s (%s)" % (h, ", ".join(vstr(v) for v in vs),
                                         ", ".join(types) if len(types) <= 5
                                         else "%d program types" % len(types)))
    if avails:
        print("  availability probe: %d kernels, %d (helper, program type, kernel) answers "
              "taken, %d 'not offered' for pairs a tree calls conditional left to the trees"
              % (len(avails), sum(len(vs) for vs in measured.values()), len(measured_kept)))
    for n in notes:
        print("  note: " + n)
    for d in disagreements:
        print("  DISAGREE: " + d)

    rc = 0
    if disagreements:
        rc = 1
    if args.check:
        try:
            with open(args.out) as f:
                old = f.read()
        except OSError:
            old = None
        if old != text:
            print("merge_extracted: %s is not what the extracted files give; run "
                  "`helperguard db update --merge`" % args.out, file=sys.stderr)
            rc = 1
    else:
        with open(args.out + ".tmp", "w") as f:
            f.write(text)
        os.replace(args.out + ".tmp", args.out)
        print("merge_extracted: wrote %s" % args.out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
