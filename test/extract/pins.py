#!/usr/bin/env python3
"""pins.py [--tolerant] FILE.json...: the pinned facts of the extracted kernels
(helper-db/extracted/README.md). Each file is checked against the pins of its
series; a series without pins is an error. Prints every check; exit 1 on any
failure."""
import json
import sys

# Measured 2026-11-21 on Debian's packages (ids: enum bpf_func_id, unspec excluded).
PINS = {
    # 5.10: measured 2026-12-07 (linux-source-5.10 5.10.262-1, bullseye-security)
    "5.10": {"helper_ids": 155, "max_id": 155, "last_helper": "bpf_redirect_peer",
             "prog_types": 30, "protos": 192, "pairs": 1307},
    "6.1": {"helper_ids": 209, "max_id": 209, "last_helper": "bpf_user_ringbuf_drain",
            "prog_types": 31, "protos": 267, "pairs": 2254},
    "6.12": {"helper_ids": 211, "max_id": 211, "last_helper": "bpf_cgrp_storage_delete",
             "prog_types": 32, "protos": 275, "pairs": 2438},
    "7.2": {"helper_ids": 211, "max_id": 211, "last_helper": "bpf_cgrp_storage_delete",
            "prog_types": 32, "protos": 277, "pairs": 2739},
    "7.3": {"helper_ids": 211, "max_id": 211, "last_helper": "bpf_cgrp_storage_delete",
            "prog_types": 32, "protos": 277, "pairs": 2739},
}
# (helper, prog type) -> the candidate prototypes, on every pinned kernel
# unless the kernel is named.
PROTOS = [
    ("bpf_get_stack", "raw_tracepoint", None, ["bpf_get_stack_proto_raw_tp"]),
    ("bpf_get_stack", "tracepoint", None, ["bpf_get_stack_proto_tp"]),
    ("bpf_get_stack", "perf_event", None, ["bpf_get_stack_proto_pe"]),
    ("bpf_get_stack", "tracing", None, ["bpf_get_stack_proto_raw_tp"]),
    ("bpf_get_stack", "kprobe", "5.10 6.1", ["bpf_get_stack_proto"]),
    # 6.12+: sleepable (uprobe) programs get the sleepable variant: "one of"
    ("bpf_get_stack", "kprobe", "6.12 7.2 7.3", ["bpf_get_stack_proto", "bpf_get_stack_sleepable_proto"]),
    ("bpf_fib_lookup", "xdp", None, ["bpf_xdp_fib_lookup_proto"]),
    ("bpf_fib_lookup", "sched_cls", None, ["bpf_skb_fib_lookup_proto"]),
    ("bpf_snprintf", "xdp", "6.1 6.12 7.2 7.3", ["bpf_snprintf_proto"]),
    ("bpf_d_path", "lsm", None, ["bpf_d_path_proto"]),
    ("bpf_read_branch_records", "perf_event", None, ["bpf_read_branch_records_proto"]),
    ("bpf_map_lookup_elem", "socket_filter", None, ["bpf_map_lookup_elem_proto"]),
    ("bpf_skb_load_bytes", "sched_cls", None, ["bpf_skb_load_bytes_proto"]),
    ("bpf_skb_load_bytes", "socket_filter", None, ["bpf_skb_load_bytes_proto"]),
    ("bpf_perf_event_output", "kprobe", None, ["bpf_perf_event_output_proto"]),
    ("bpf_perf_event_output", "raw_tracepoint", None, ["bpf_perf_event_output_proto_raw_tp"]),
    ("bpf_perf_event_output", "xdp", None, ["bpf_xdp_event_output_proto"]),
    ("bpf_probe_read_kernel", "kprobe", None, ["bpf_probe_read_kernel_proto"]),
]
# helpers a program type must not get
ABSENT = [("bpf_d_path", "xdp"), ("bpf_get_stack", "xdp"), ("bpf_fib_lookup", "kprobe")]
# helpers a kernel does not have at all (5.10: bpf_snprintf came in 5.13)
MISSING = [("bpf_snprintf", "5.10"), ("bpf_user_ringbuf_drain", "5.10")]

fails = 0


def check(ok, what):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails += 1


# --tolerant: the file comes from another upstream release of the series than
# the one pinned (the archive moved on): counts of prototypes, program types
# and pairs may move by up to 3%; helper ids and the mappings below may not.
args = sys.argv[1:]
tolerant = "--tolerant" in args
args = [a for a in args if a != "--tolerant"]
for path in args:
    d = json.load(open(path))
    k = d["kernel"]
    pins = PINS.get(k)
    check(pins is not None, "%s: series %s has pins" % (path, k))
    if pins is None:
        continue
    s = d["summary"]
    for key, sk in (("helper_ids", "helper_ids"), ("max_id", "max_id"), ("last_helper", "last_helper")):
        check(s[sk] == pins[key], "%s: %s = %s (pinned %s)" % (k, sk, s[sk], pins[key]))
    for key, sk in (("prog_types", "prog_types"), ("protos", "protos"), ("pairs", "helper_prog_type_pairs")):
        if tolerant:
            # another stable release of the series: counts may move a little
            near = abs(s[sk] - pins[key]) <= max(2, pins[key] * 3 // 100)
            check(near, "%s: %s = %s (pinned %s, another release: within 3%%)" % (k, sk, s[sk], pins[key]))
        else:
            check(s[sk] == pins[key], "%s: %s = %s (pinned %s)" % (k, sk, s[sk], pins[key]))
    check(not s["unresolved"], "%s: nothing unresolved %s" % (k, s["unresolved"]))
    H = {h["name"]: h for h in d["helpers"]}
    for helper, pt, kernels, want in PROTOS:
        if kernels and k not in kernels.split():
            continue
        r = H[helper]["prog_types"].get(pt)
        got = sorted(r["protos"]) if r else []
        check(got == sorted(want), "%s: %s in %s -> %s (want %s)" % (k, helper, pt, got, sorted(want)))
        if r:
            check(r["one_of"] == (len(want) > 1), "%s: %s in %s one_of=%s" % (k, helper, pt, r["one_of"]))
    for helper, pt in ABSENT:
        check(pt not in H[helper]["prog_types"], "%s: %s not available in %s" % (k, helper, pt))
    for helper, kernel in MISSING:
        if kernel == k:
            check(helper not in H, "%s: no helper %s" % (k, helper))

print("pins: %d failures" % fails)
sys.exit(1 if fails else 0)
