#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""probe_plan.py: the behavioural probe's host side (helper-db/extracted/README.md,
"The behavioural probe").

  probe_plan.py source-for KERNEL
      print the source extraction (linux-SERIES.json) whose helper lists and
      prototypes plan the probe of Debian kernel KERNEL (6.17.13+deb13).
  probe_plan.py plan SOURCE.json -o PREFIX
      write PREFIX.txt (the plan read by the guest program probe.c, one line
      per entry that can be built) and PREFIX.json (every entry with its
      metadata, skipped ones with the reason).
  probe_plan.py embed SOURCE.json -o PLAN.c
      write the plan as a C table for the user's helperguard-probe
      (tools/probe/, struct hg_plan_entry of tools/probe/plan.h): every
      entry, skipped ones with the reason, and whether the newest kernel
      declares the write of the probed argument (`writes`).
  probe_plan.py merge PLAN.json RESULTS.log -o OUT.json --kernel V --release R
                [--image-sha256 H] [--date D]
      combine the plan and the guest's JSON lines (probe.c's output, taken
      from the results serial port) into helper-db/extracted/probe-V.json.
      Fails when the guest output is incomplete (no end marker, a missing
      or repeated entry).

An entry is one (helper, program type, memory argument): the program
zero-initialises the argument's stack buffer, calls the helper and reads the
buffer's first and last byte; see probe.c for the instructions.
"""
import argparse
import datetime
import json
import re
import sys

EXTRACTOR_VERSION = 1

# enum bpf_prog_type (uapi, stable numbers)
PROG_TYPES = {
    "socket_filter": 1, "kprobe": 2, "sched_cls": 3, "sched_act": 4, "tracepoint": 5,
    "xdp": 6, "perf_event": 7, "cgroup_skb": 8, "cgroup_sock": 9, "lwt_in": 10,
    "lwt_out": 11, "lwt_xmit": 12, "sock_ops": 13, "sk_skb": 14, "cgroup_device": 15,
    "sk_msg": 16, "raw_tracepoint": 17, "cgroup_sock_addr": 18, "lwt_seg6local": 19,
    "lirc_mode2": 20, "sk_reuseport": 21, "flow_dissector": 22, "cgroup_sysctl": 23,
    "raw_tracepoint_writable": 24, "cgroup_sockopt": 25, "tracing": 26, "struct_ops": 27,
    "ext": 28, "lsm": 29, "sk_lookup": 30, "syscall": 31, "netfilter": 32,
}
# enum bpf_attach_type (uapi, stable numbers): the ones the plan uses
ATTACH_TYPES = {
    "BPF_CGROUP_INET_INGRESS": 0, "BPF_CGROUP_INET_SOCK_CREATE": 2,
    "BPF_CGROUP_INET4_BIND": 8, "BPF_CGROUP_INET4_CONNECT": 10,
    "BPF_CGROUP_INET4_POST_BIND": 12, "BPF_CGROUP_UDP4_SENDMSG": 14,
    "BPF_CGROUP_UDP4_RECVMSG": 19, "BPF_CGROUP_GETSOCKOPT": 21,
    "BPF_CGROUP_SETSOCKOPT": 22, "BPF_TRACE_FENTRY": 24, "BPF_LSM_MAC": 27,
    "BPF_CGROUP_INET4_GETPEERNAME": 29, "BPF_CGROUP_INET4_GETSOCKNAME": 31,
    "BPF_SK_LOOKUP": 36, "BPF_SK_REUSEPORT_SELECT": 39, "BPF_NETFILTER": 45,
}
# Program types with no generic load: struct_ops (needs a struct_ops map
# type) and ext (needs a target program).
NOT_PROBED = {"struct_ops": "needs a struct_ops type", "ext": "needs a target BPF program"}

# Load attributes tried per program type, in order: (expected_attach_type,
# attach target in vmlinux BTF, sleepable). The first under which the
# extraction finds a path to the helper is used.
FENTRY = ("BPF_TRACE_FENTRY", "filp_close")   # in bpf_d_path's allow list, every kernel
LSM = ("BPF_LSM_MAC", "bpf_lsm_file_open")
ATTRS = {
    "cgroup_sock": [("BPF_CGROUP_INET_SOCK_CREATE", None, False),
                    ("BPF_CGROUP_INET4_POST_BIND", None, False)],
    "cgroup_sock_addr": [(a, None, False) for a in (
        "BPF_CGROUP_INET4_CONNECT", "BPF_CGROUP_INET4_BIND", "BPF_CGROUP_UDP4_SENDMSG",
        "BPF_CGROUP_UDP4_RECVMSG", "BPF_CGROUP_INET4_GETPEERNAME",
        "BPF_CGROUP_INET4_GETSOCKNAME")],
    "cgroup_sockopt": [("BPF_CGROUP_SETSOCKOPT", None, False),
                       ("BPF_CGROUP_GETSOCKOPT", None, False)],
    "sk_lookup": [("BPF_SK_LOOKUP", None, False)],
    "sk_reuseport": [("BPF_SK_REUSEPORT_SELECT", None, False)],
    "netfilter": [("BPF_NETFILTER", None, False)],
    "tracing": [FENTRY + (False,)],
    "lsm": [LSM + (False,), LSM + (True,)],
    # 6.18.44 (the host): "Syscall programs can only be sleepable"
    "syscall": [(None, None, True)],
}
DEFAULT_ATTRS = [(None, None, False)]
SLEEPABLE_OK = {"lsm", "syscall"}

DEFAULT_SIZE = 16
# Buffer sizes other than DEFAULT_SIZE for an argument with a size argument:
# helper id -> (size, reason).
SIZE_OVERRIDES = {
    69: (64, "sizeof(struct bpf_fib_lookup): the size real programs pass"),
    55: (24, "sizeof(struct bpf_perf_event_value): the helper refuses other sizes at run time"),
    56: (24, "sizeof(struct bpf_perf_event_value): the helper refuses other sizes at run time"),
    120: (8, "sizeof(struct bpf_pidns_info): the helper refuses other sizes at run time"),
}
# Helpers that return a reference the program must release before exit:
# helper id -> the releasing helper's id (bpf_sk_release = 86).
RELEASE = {84: 86, 85: 86, 99: 86}
# ARG_CONST_MAP_PTR: helper id -> map spec for probe.c (type:key:value:max)
MAPS = {
    25: "perf_event_array",   # bpf_perf_event_output
    55: "perf_event_array",   # bpf_perf_event_read_value
    130: "ringbuf",           # bpf_ringbuf_output
}
SIZEOF = {"s64": 8, "u64": 8, "s32": 4, "u32": 4, "int": 4, "long": 8,
          "struct iphdr": 20, "struct ipv6hdr": 40, "struct tcphdr": 20}

# kfuncs with a memory argument, measured where their BTF FUNC exists:
# (name, prog type, (eat, attach, sleepable), target arg, size, arg specs)
KFUNCS = [
    ("bpf_path_d_path", "lsm", LSM + (False,), 2, 16, ["fpath", "target", "size"]),
    ("bpf_path_d_path", "lsm", LSM + (True,), 2, 16, ["fpath", "target", "size"]),
    ("bpf_copy_from_user_str", "syscall", (None, None, True), 1, 16,
     ["target", "size", "any", "any"]),
    ("bpf_copy_from_user_str", "lsm", LSM + (True,), 1, 16, ["target", "size", "any", "any"]),
]

MEM_BASES = {"ARG_PTR_TO_MEM", "ARG_PTR_TO_MEM_OR_NULL", "ARG_PTR_TO_UNINIT_MEM",
             "ARG_PTR_TO_FIXED_SIZE_MEM", "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT"}
SIZE_RE = re.compile(r"^ARG_(CONST|MEM)_SIZE(_OR_ZERO)?$")


def source_for(kernel):
    m = re.match(r"^(\d+)\.(\d+)", kernel)
    if not m:
        raise SystemExit("probe_plan: '%s' is not a kernel version" % kernel)
    v = (int(m.group(1)), int(m.group(2)))
    if v < (6, 1):
        return "linux-5.10.json"
    if v < (6, 12):
        return "linux-6.1.json"
    if v < (6, 13):
        return "linux-6.12.json"
    if v < (7, 3):
        return "linux-7.2.json"
    return "linux-7.3.json"


# --- conditions of the extracted paths -----------------------------------
def eval_cond(c, ctx):
    """True / False / None (unknown) for one `when` text under load attributes
    ctx = {prog_type, eat, sleepable}. Unknown counts as possibly true."""
    c = c.strip()
    m = re.match(r"^!\((.*)\)$", c)
    if m:
        r = eval_cond(m.group(1), ctx)
        return None if r is None else not r
    if c.startswith("!") and not c.startswith("!("):
        r = eval_cond(c[1:], ctx)
        return None if r is None else not r
    if "||" in c and not c.startswith("switch"):
        rs = [eval_cond(p, ctx) for p in c.split("||")]
        if any(r is True for r in rs):
            return True
        return False if all(r is False for r in rs) else None
    if "&&" in c and not c.startswith(("defined", "IS_")):
        rs = [eval_cond(p, ctx) for p in c.split("&&")]
        if any(r is False for r in rs):
            return False
        return True if all(r is True for r in rs) else None
    m = re.match(r"^prog->expected_attach_type\s*(==|!=)\s*(\w+)$", c)
    if m:
        eq = ctx["eat"] == m.group(2)
        return eq if m.group(1) == "==" else not eq
    m = re.match(r"^prog->type\s*==\s*BPF_PROG_TYPE_(\w+)$", c)
    if m:
        return ctx["prog_type"] == m.group(1).lower()
    m = re.match(r"^switch \(prog->expected_attach_type\) case (\w+)$", c)
    if m:
        return ctx["eat"] == m.group(1)
    if c == "switch (prog->expected_attach_type) default":
        return ctx["eat"] not in ctx["cases"]
    if c in ("prog->sleepable", "prog->aux->sleepable"):
        return ctx["sleepable"]
    if c == "bpf_prog_has_trampoline(prog)":
        return ctx["eat"] in ("BPF_TRACE_FENTRY", "BPF_LSM_MAC")
    if c in ("is_kprobe_multi(prog)", "is_uprobe_multi(prog)", "bpf_prog_check_recur(prog)"):
        # kprobe_multi/uprobe_multi: not our kprobe; check_recur: tracing/lsm
        # programs that may recurse (fentry is one, LSM is not)
        if c == "bpf_prog_check_recur(prog)":
            return ctx["prog_type"] == "tracing"
        return False
    if c.startswith("security_locked_down("):
        return False          # the guest runs without lockdown
    if re.match(r"^(bpf_capable|perfmon_capable)\(\)$", c) or \
            c.startswith(("bpf_token_capable(", "capable(")):
        return True           # the guest loads as root
    if c.startswith("btf_id_set_contains("):
        return False          # sockopt hooks; the LSM target is file_open
    return None               # CONFIG_*, iterator registrations, locals


def satisfiable(path, ctx):
    return all(eval_cond(w, ctx) is not False for w in path.get("when", []))


def choose_attrs(pt, entry, protos):
    """Pick the load attributes and the candidate prototypes under them."""
    cases = set()
    for p in entry["paths"]:
        for w in p.get("when", []):
            m = re.match(r"^switch \(prog->expected_attach_type\) case (\w+)$", w)
            if m:
                cases.add(m.group(1))
    tries = ATTRS.get(pt, DEFAULT_ATTRS)
    for eat, attach, sleepable in tries:
        ctx = {"prog_type": pt, "eat": eat, "sleepable": sleepable, "cases": cases}
        cands = sorted({p["proto"] for p in entry["paths"]
                        if p["proto"] not in (None, "?") and satisfiable(p, ctx)})
        if not cands:
            continue
        sleeps = any(protos.get(c, {}).get("might_sleep") for c in cands)
        if sleeps and not sleepable and any(s for _, _, s in tries):
            continue          # a might_sleep prototype: the sleepable variant
        return (eat, attach, sleepable), cands, True
    return tries[0], sorted(entry["protos"]), False


def source_availability(src, helper, pt, eat, sleepable):
    """What the source extraction says about loading HELPER in program type PT
    with these attributes: ("available", candidates), ("unavailable", why) or
    ("sleepable-only", candidates) (a might_sleep prototype in a program that
    is not sleepable: the verifier refuses the call)."""
    h = next((x for x in src["helpers"] if x["name"] == helper), None)
    if h is None:
        return "unavailable", "no helper %s in the source" % helper
    r = h["prog_types"].get(pt)
    if r is None:
        return "unavailable", "no path from %s" % pt
    cases = set()
    for p in r["paths"]:
        for w in p.get("when", []):
            m = re.match(r"^switch \(prog->expected_attach_type\) case (\w+)$", w)
            if m:
                cases.add(m.group(1))
    ctx = {"prog_type": pt, "eat": eat, "sleepable": sleepable, "cases": cases}
    cands = sorted({p["proto"] for p in r["paths"]
                    if p["proto"] not in (None, "?") and satisfiable(p, ctx)})
    if not cands:
        return "unavailable", "no path satisfiable under the load attributes"
    if not sleepable and all(src["protos"].get(c, {}).get("might_sleep") for c in cands):
        return "sleepable-only", cands
    return "available", cands


# --- argument set-up -------------------------------------------------------
def base(t):
    return t.split("|")[0]


def fixed_size(a):
    if "size_bytes" in a:
        return a["size_bytes"]
    m = re.match(r"^sizeof\((.*)\)$", a.get("size", "").strip())
    if m and m.group(1).strip() in SIZEOF:
        return SIZEOF[m.group(1).strip()]
    return None


def arg_specs(helper, pt, proto, target):
    """Arg specs for probe.c (index 1..5 -> spec) and the buffer size, or
    (None, reason) when the helper needs something the probe cannot build."""
    args = {a["arg"]: a for a in proto["args"]}
    hid = helper["id"]
    specs = {}
    size = None
    t = args[target]
    tb = base(t["type"])
    if tb == "ARG_PTR_TO_FIXED_SIZE_MEM":
        size = fixed_size(t)
        if size is None:
            return None, "cannot size %s (%s)" % (t["type"], t.get("size"))
    elif tb == "ARG_PTR_TO_LONG":
        size = 8
    elif tb == "ARG_PTR_TO_INT":
        size = 4
    else:
        nxt = args.get(target + 1)
        if not nxt or not SIZE_RE.match(nxt["type"]):
            return None, "arg%d has no size argument" % target
        size = SIZE_OVERRIDES.get(hid, (DEFAULT_SIZE, ""))[0]
    specs[target] = "target"
    if tb not in ("ARG_PTR_TO_FIXED_SIZE_MEM", "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT"):
        specs[target + 1] = "size"
    for n in range(1, 6):
        if n in specs or n not in args:
            continue
        a = args[n]
        ty = a["type"]
        b = base(ty)
        toks = set(ty.split("|"))
        if SIZE_RE.match(ty):
            prev = args.get(n - 1)
            if prev and base(prev["type"]) in MEM_BASES:
                continue      # set with its memory argument below
            return None, "needs %s without a memory argument before it" % ty
        if b in ("ARG_ANYTHING", "ARG_SCALAR"):
            specs[n] = "any"
        elif b in ("ARG_PTR_TO_CTX", "ARG_PTR_TO_CTX_OR_NULL"):
            specs[n] = "ctx"
        elif b == "ARG_PTR_TO_CONST_STR":
            specs[n] = "str"
        elif b == "ARG_CONST_MAP_PTR":
            if hid not in MAPS:
                return None, "needs ARG_CONST_MAP_PTR (no map known for %s)" % helper["name"]
            specs[n] = "map:" + MAPS[hid]
        elif b == "ARG_PTR_TO_DYNPTR" and "MEM_UNINIT" in toks:
            specs[n] = "dynout"
        elif b == "ARG_PTR_TO_BTF_ID" and helper["name"] == "bpf_d_path" and n == 1 \
                and pt in ("tracing", "lsm"):
            specs[n] = "fpath"    # &file->f_path of the hook's struct file *
        elif b in MEM_BASES:
            nxt = args.get(n + 1)
            has_size = nxt is not None and SIZE_RE.match(nxt["type"])
            maybe_null = b == "ARG_PTR_TO_MEM_OR_NULL" or "PTR_MAYBE_NULL" in toks
            if has_size:
                if maybe_null and nxt["type"].endswith("_OR_ZERO"):
                    specs[n], specs[n + 1] = "null", "len:0"
                else:
                    specs[n], specs[n + 1] = "mem:16", "len:16"
            else:
                fs = {"ARG_PTR_TO_LONG": 8, "ARG_PTR_TO_INT": 4}.get(b) or fixed_size(a)
                if fs is None:
                    return None, "cannot size %s (%s)" % (ty, a.get("size"))
                specs[n] = "mem:%d" % fs
        else:
            return None, "needs %s" % ty
    return (specs, size), None


def entries_for(src):
    protos = src["protos"]
    out = []
    for h in src["helpers"]:
        for pt in sorted(h["prog_types"]):
            r = h["prog_types"][pt]
            if pt not in PROG_TYPES:
                continue
            cand_all = [p for p in r["protos"] if p in protos]
            mem_args = sorted({a["arg"] for p in cand_all for a in protos[p]["args"]
                               if base(a["type"]) in MEM_BASES})
            if not mem_args:
                continue
            if pt in NOT_PROBED:
                for n in mem_args:
                    out.append(dict(kind="helper", helper=h["name"], id=h["id"], prog_type=pt,
                                    expected_attach_type=None, attach_to=None, sleepable=False,
                                    arg=n, size=None, proto_candidates=sorted(cand_all),
                                    skip="program type %s: %s" % (pt, NOT_PROBED[pt])))
                continue
            (eat, attach, sleepable), cands, found = choose_attrs(pt, r, protos)
            cands = [c for c in cands if c in protos] or sorted(cand_all)
            proto = protos[cands[0]]
            for n in mem_args:
                e = dict(kind="helper", helper=h["name"], id=h["id"], prog_type=pt,
                         expected_attach_type=eat, attach_to=attach, sleepable=sleepable,
                         arg=n, size=None, proto_candidates=cands)
                a = next((x for x in proto["args"] if x["arg"] == n), None)
                if a is None or base(a["type"]) not in MEM_BASES:
                    e["skip"] = "arg%d is not a memory argument of %s" % (n, cands[0])
                    out.append(e)
                    continue
                kinds = {tuple(base(x["type"]) for x in protos[c]["args"]) for c in cands}
                res, why = arg_specs(h, pt, proto, n)
                if res is None:
                    e["skip"] = why
                else:
                    e["specs"], e["size"] = res
                    if len(kinds) > 1:
                        e["note"] = "candidates differ in argument kinds; set up for %s" % cands[0]
                if not found:
                    e["note"] = "no path of the extraction is satisfiable under the tried load attributes"
                out.append(e)
    for name, pt, (eat, attach, sleepable), target, size, specs in KFUNCS:
        if pt not in src["prog_types"]:
            continue
        out.append(dict(kind="kfunc", helper=name, id=None, prog_type=pt,
                        expected_attach_type=eat, attach_to=attach, sleepable=sleepable,
                        arg=target, size=size, proto_candidates=[],
                        specs={i + 1: s for i, s in enumerate(specs)}))
    out.sort(key=lambda e: (e["kind"] != "helper", e["id"] or 0, e["helper"], e["prog_type"],
                            e["sleepable"], e["arg"]))
    for i, e in enumerate(out):
        e["index"] = i
    return out


def plan_line(e):
    """One line for probe.c:
    KIND INDEX CALL PROGTYPE EAT ATTACH SLEEPABLE TARGET SIZE RELEASE A1 A2 A3 A4 A5
    KIND h|k; CALL helper id or kfunc name; EAT number or -1; ATTACH a vmlinux
    BTF FUNC or -; RELEASE the helper releasing the call's result, or 0; an arg spec is -, ctx, any, target, size, null, len:N,
    mem:N, str, map:TYPE, dynout or fpath."""
    eat = ATTACH_TYPES[e["expected_attach_type"]] if e["expected_attach_type"] else -1
    specs = [e["specs"].get(i, "-") for i in range(1, 6)]
    return " ".join(str(x) for x in [
        "h" if e["kind"] == "helper" else "k", e["index"],
        e["id"] if e["kind"] == "helper" else e["helper"],
        PROG_TYPES[e["prog_type"]], eat, e["attach_to"] or "-", int(e["sleepable"]),
        e["arg"], e["size"], RELEASE.get(e["id"], 0) if e["kind"] == "helper" else 0] + specs)


def cmd_plan(args):
    src = json.load(open(args.source))
    entries = entries_for(src)
    meta = {"format": "helperguard-probe-plan/1", "source": args.source.split("/")[-1],
            "source_kernel": src["kernel"], "entries": entries}
    lines = ["# helperguard probe plan from %s (%d entries, %d to run)"
             % (meta["source"], len(entries), sum("skip" not in e for e in entries))]
    lines += [plan_line(e) for e in entries if "skip" not in e]
    with open(args.output + ".txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(args.output + ".json", "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%s.txt: %d entries to run, %d skipped" % (
        args.output, len(lines) - 1, len(entries) - len(lines) + 1), file=sys.stderr)


# Declarations of a written argument (the same tokens as probe_compare.py's).
WRITE_TOKENS = {"MEM_WRITE", "MEM_UNINIT", "ARG_PTR_TO_UNINIT_MEM", "ARG_PTR_TO_UNINIT_MAP_VALUE",
                "ARG_PTR_TO_LONG", "ARG_PTR_TO_INT"}
# The kfuncs of KFUNCS write their buffer (bpf_path_d_path, bpf_copy_from_user_str).
KFUNC_WRITES = {"bpf_path_d_path", "bpf_copy_from_user_str"}


def entry_writes(src, e):
    """Whether the source's declaration of the probed argument says it is
    written (by any candidate prototype): a "kept" on it is the hazard."""
    if e["kind"] == "kfunc":
        return e["helper"] in KFUNC_WRITES
    for c in e["proto_candidates"]:
        for a in src["protos"].get(c, {}).get("args", []):
            if a["arg"] == e["arg"] and {t.strip() for t in a["type"].split("|")} & WRITE_TOKENS:
                return True
    return False


def c_str(v):
    if v is None:
        return "NULL"
    return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')


def cmd_embed(args):
    src = json.load(open(args.source))
    entries = entries_for(src)
    out = ["/* Generated by helper-db/extractors/probe_plan.py embed from %s: do not edit. */"
           % args.source.split("/")[-1],
           '#include "plan.h"', "",
           "const char hg_plan_source[] = %s;" % c_str(args.source.split("/")[-1]),
           "const struct hg_plan_entry hg_plan[] = {"]
    for e in entries:
        specs = e.get("specs") or {}
        eat = e["expected_attach_type"]
        out.append("\t{%d, %s, %d, %s, %d, %s, %d, %s, %d, %d, %d, %d, %d, {%s}, %s}," % (
            e["kind"] == "kfunc", c_str(e["helper"]), e["id"] or 0, c_str(e["prog_type"]),
            PROG_TYPES.get(e["prog_type"], 0), c_str(eat), ATTACH_TYPES[eat] if eat else -1,
            c_str(e["attach_to"]), int(e["sleepable"]), e["arg"], e["size"] or 0,
            RELEASE.get(e["id"], 0) if e["kind"] == "helper" else 0,
            int(entry_writes(src, e)),
            ", ".join(c_str(specs.get(i, "-")) for i in range(1, 6)), c_str(e.get("skip"))))
    out += ["};", "const int hg_plan_entries = %d;" % len(entries), ""]
    with open(args.output, "w") as f:
        f.write("\n".join(out))


OUTCOMES = ("kept", "forgot", "not-loadable", "skipped", "error", "absent")


def read_guest_lines(path, marker, who):
    """The guest's JSON lines in path (the serial port: other lines are
    skipped): (begin marker, end marker, the other objects in order). Dies
    on a malformed line or a missing marker (the output is incomplete)."""
    begin = end = None
    objs = []
    for ln in open(path, errors="replace"):
        ln = ln.strip()
        if not ln.startswith("{"):
            continue
        try:
            o = json.loads(ln)
        except ValueError:
            raise SystemExit("%s: malformed line in %s: %r" % (who, path, ln[:200]))
        if o.get(marker) == "begin":
            begin = o
        elif o.get(marker) == "end":
            end = o
        else:
            objs.append(o)
    if begin is None or end is None:
        raise SystemExit("%s: %s has no %s marker: the guest output is incomplete"
                         % (who, path, "begin" if begin is None else "end"))
    return begin, end, objs


def cmd_merge(args):
    plan = json.load(open(args.plan))
    entries = plan["entries"]
    begin, end, objs = read_guest_lines(args.results, "probe", "probe_plan merge")
    got = {}
    for o in objs:
        if "i" in o:
            if o["i"] in got:
                raise SystemExit("probe_plan merge: entry %d reported twice" % o["i"])
            got[o["i"]] = o
    torun = [e for e in entries if "skip" not in e]
    if end.get("entries") != len(torun) or len(got) != len(torun):
        raise SystemExit("probe_plan merge: %d entries planned, guest reported %d (end marker says %s)"
                         % (len(torun), len(got), end.get("entries")))
    results = []
    for e in entries:
        r = {k: e[k] for k in ("kind", "helper", "id", "prog_type", "expected_attach_type",
                               "attach_to", "sleepable", "arg", "size", "proto_candidates")}
        if "skip" in e:
            r["outcome"], r["detail"] = "skipped", e["skip"]
        else:
            o = got.get(e["index"])
            if o is None:
                raise SystemExit("probe_plan merge: no result for entry %d" % e["index"])
            if o["outcome"] not in OUTCOMES:
                raise SystemExit("probe_plan merge: entry %d: unknown outcome %r" % (e["index"], o["outcome"]))
            r["outcome"], r["detail"] = o["outcome"], o["detail"]
        if e.get("note"):
            r["note"] = e["note"]
        results.append(r)
    results.sort(key=lambda r: (r["kind"] != "helper", r["id"] or 0, r["helper"], r["prog_type"],
                                r["sleepable"], r["arg"]))
    summary = {"entries": len(results)}
    for o in OUTCOMES:
        summary[o] = sum(r["outcome"] == o for r in results)
    out = {
        "format": "helperguard-probe/1",
        "kernel": args.kernel,
        "release": begin.get("release") or args.release,
        "provenance": {
            "kind": "behavioural-probe",
            "extractor": "helper-db/extractors/probe.c",
            "extractor_version": EXTRACTOR_VERSION,
            "plan_from": plan["source"],
            "date": args.date or datetime.date.today().isoformat(),
            "image_sha256": args.image_sha256,
        },
        "controls": sorted(end.get("controls", []), key=lambda c: json.dumps(c, sort_keys=True)),
        "summary": summary,
        "results": results,
    }
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    print("%s: %s" % (args.output, " ".join("%s=%d" % kv for kv in summary.items())), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("source-for")
    s.add_argument("kernel")
    p = sub.add_parser("plan")
    p.add_argument("source")
    p.add_argument("-o", "--output", required=True, help="output prefix (.txt and .json)")
    em = sub.add_parser("embed")
    em.add_argument("source")
    em.add_argument("-o", "--output", required=True, help="the C file to write")
    m = sub.add_parser("merge")
    m.add_argument("plan")
    m.add_argument("results")
    m.add_argument("-o", "--output", required=True)
    m.add_argument("--kernel", required=True)
    m.add_argument("--release", default=None)
    m.add_argument("--image-sha256", default=None)
    m.add_argument("--date", default=None)
    a = ap.parse_args()
    if a.cmd == "source-for":
        print(source_for(a.kernel))
    elif a.cmd == "plan":
        cmd_plan(a)
    elif a.cmd == "embed":
        cmd_embed(a)
    else:
        cmd_merge(a)


if __name__ == "__main__":
    main()
