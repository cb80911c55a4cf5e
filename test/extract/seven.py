#!/usr/bin/env python3
"""seven.py EXTRACTED_DIR: the seven helper/prototype arguments FACTS.md found
affected on 6.16-6.18 must be declared without a write in 6.12 (the
prototypes 6.14-6.18 kept) and with one (MEM_WRITE or uninit memory) in 7.2
and 7.3; then the curated database (helper-db/data/helpers.json) must agree
with every extracted kernel (crosscheck.py)."""
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
exdir = sys.argv[1]
# (helper, prog type, prototype, argument)
SEVEN = [
    ("bpf_snprintf", "xdp", "bpf_snprintf_proto", 1),
    ("bpf_fib_lookup", "xdp", "bpf_xdp_fib_lookup_proto", 2),
    ("bpf_fib_lookup", "sched_cls", "bpf_skb_fib_lookup_proto", 2),
    ("bpf_get_stack", "raw_tracepoint", "bpf_get_stack_proto_raw_tp", 2),
    ("bpf_snprintf_btf", "kprobe", "bpf_snprintf_btf_proto", 1),
    ("bpf_read_branch_records", "perf_event", "bpf_read_branch_records_proto", 2),
    ("bpf_d_path", "lsm", "bpf_d_path_proto", 2),
]


def writes(t):
    toks = set(t.split("|"))
    return bool(toks & {"MEM_WRITE", "MEM_UNINIT", "ARG_PTR_TO_UNINIT_MEM"})


fails = 0
for k, want in (("6.12", False), ("7.2", True), ("7.3", True)):
    d = json.load(open(os.path.join(exdir, "linux-%s.json" % k)))
    H = {h["name"]: h for h in d["helpers"]}
    for helper, pt, proto, arg in SEVEN:
        r = H[helper]["prog_types"].get(pt)
        ok = r is not None and proto in r["protos"]
        t = None
        if ok:
            p = d["protos"][proto]
            t = next(a["type"] for a in p["args"] if a["arg"] == arg)
            ok = writes(t) == want
        print("%s %s: %s in %s, %s arg%d = %s (%s)" % ("ok  " if ok else "FAIL", k, helper, pt, proto,
                                                     arg, t, "declares the write" if want else "no write declared"))
        fails += not ok
files = [os.path.join(exdir, "linux-%s.json" % k) for k in ("6.1", "6.12", "7.2", "7.3")]
rc = subprocess.call([sys.executable, os.path.join(root, "helper-db/extractors/crosscheck.py"), "--quiet",
                      os.path.join(root, "helper-db/data/helpers.json")] + files)
print("seven: %d failures, crosscheck exit %d" % (fails, rc))
sys.exit(1 if fails or rc else 0)
