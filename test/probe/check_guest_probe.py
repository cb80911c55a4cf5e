#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""check_guest_probe.py RESULTS KERNEL EXPECT ROOT: the checks of one guest run
of helperguard-probe (guest-probe.sh), from the sections of RESULTS.

EXPECT: `affected` (exit 1), `affected-no-d-path` (exit 1 and neither
bpf_d_path nor the kfunc bpf_path_d_path stale), `not-affected` (exit 0).
Every run: the BPF program and map ids listed from separate processes before
and after are equal, the probe's own --self-check passed, the first stdout
line is the verdict, the JSON is a helperguard-db/1 file with one release of
every plan entry (FORMAT.md's result keys only). On 6.17.13+deb13 the results
reproduce the committed helper-db/extracted/probe-6.17.13+deb13.json: the same
outcome for every entry both have, and the same (helper, program type,
argument) hazards; the entries only in one are listed (the committed file was
planned from linux-7.2.json, the probe's plan from linux-7.3.json).
"""
import json
import os
import sys

RESULT_KEYS = {"kind", "id", "name", "prog_type", "expected_attach_type", "attach_to",
               "sleepable", "arg", "size", "writes", "outcome", "detail"}
OUTCOMES = {"kept", "forgot", "not-loadable", "skipped", "error", "absent"}
failures = []


def fail(msg):
    failures.append(msg)
    print("check_guest_probe: FAIL: " + msg)


def sections(path):
    out, cur = {}, None
    for ln in open(path, errors="replace"):
        ln = ln.rstrip("\n")
        if ln.startswith("=== "):
            word = ln[4:].split(" ", 1)
            cur = word[0]
            out[cur] = [word[1]] if len(word) > 1 else []
            continue
        if cur is not None:
            out[cur].append(ln)
    return out


def check_json(text, release, where):
    try:
        d = json.loads("\n".join(text))
    except ValueError as e:
        fail("%s: not JSON: %s" % (where, e))
        return None
    if d.get("format") != "helperguard-db/1" or len(d.get("releases", [])) != 1:
        fail("%s: not a helperguard-db/1 file with one release" % where)
        return None
    r = d["releases"][0]
    if r.get("release") != release:
        fail("%s: release %r, uname -r says %r" % (where, r.get("release"), release))
    for k in ("source", "date", "results", "uname_v", "machine"):
        if k not in r:
            fail("%s: no %s" % (where, k))
    for i, x in enumerate(r.get("results", [])):
        if set(x) - RESULT_KEYS or x.get("outcome") not in OUTCOMES:
            fail("%s: results[%d] has keys %s / outcome %r" % (where, i, sorted(x), x.get("outcome")))
            break
    return r


def key(x):
    return (x["kind"], x.get("name") or x.get("helper"), x["prog_type"], x["sleepable"], x["arg"])


def stale(results):
    return {(k[1], k[2], k[4]) for k, x in results.items() if x["outcome"] == "kept" and x["writes"]}


def compare_committed(rel, root, kernel):
    sys.path.insert(0, os.path.join(root, "helper-db", "extractors"))
    import probe_plan
    committed = json.load(open(os.path.join(root, "helper-db", "extracted",
                                            "probe-%s.json" % kernel)))
    src = json.load(open(os.path.join(root, "helper-db", "extracted", "linux-7.3.json")))
    mine = {key(x): x for x in rel["results"]}
    theirs = {}
    for x in committed["results"]:
        x = dict(x, writes=probe_plan.entry_writes(src, x))
        theirs[key(x)] = x
    both = sorted(set(mine) & set(theirs))
    differ = [k for k in both if mine[k]["outcome"] != theirs[k]["outcome"]]
    for k in differ[:20]:
        fail("%s: now %s, committed %s" % (k, mine[k]["outcome"], theirs[k]["outcome"]))
    only_mine = sorted(set(mine) - set(theirs))
    only_theirs = sorted(set(theirs) - set(mine))
    print("check_guest_probe: %d entries in both agree on %d; %d only in the probe's plan "
          "(linux-7.3.json), %d only in the committed file (linux-7.2.json)"
          % (len(both), len(both) - len(differ), len(only_mine), len(only_theirs)))
    for k in only_mine:
        print("  only in the probe: %s %s arg %d sleepable=%s: %s" % (
            k[1], k[2], k[4], k[3], mine[k]["outcome"]))
    for k in only_theirs:
        print("  only committed:    %s %s arg %d sleepable=%s: %s" % (
            k[1], k[2], k[4], k[3], theirs[k]["outcome"]))
    a, b = stale(mine), stale(theirs)
    if a != b:
        fail("hazards differ: only the probe %s, only committed %s" % (sorted(a - b), sorted(b - a)))
    else:
        print("check_guest_probe: the same %d (helper, program type, argument) hazards" % len(a))


def main():
    path, kernel, expect, root = sys.argv[1:5]
    s = sections(path)
    if "end" not in s or "rc" not in s:
        fail("%s is incomplete (no end marker)" % path)
        sys.exit(1)
    rc = int(s["rc"][0])
    want = 0 if expect == "not-affected" else 1
    if rc != want:
        fail("exit status %d, expected %d (%s)" % (rc, want, expect))
    t0, t1 = (float(x) for x in s["seconds"][0].split())
    print("check_guest_probe: %s: exit %d, probe run %.1f s of guest time" % (kernel, rc, t1 - t0))
    if s["before"] != s["after"] or not any(l.startswith("programs ") for l in s["before"]):
        fail("BPF ids before %r and after %r the run differ" % (s["before"], s["after"]))
    else:
        print("check_guest_probe: ids before == after: %s" % "; ".join(s["before"]))
    out = s["stdout"]
    verdict = {0: "not affected: ", 1: "affected: "}.get(rc, "could not ")
    if not out or not out[0].startswith(verdict):
        fail("first stdout line %r does not start with %r" % (out[:1], verdict))
    if not any(l.startswith("self-check: ") and "nothing left behind" in l for l in out):
        fail("no passing self-check line: stderr %r" % s["stderr"][-3:])
    release = next((l.split()[1] for l in out if l.startswith("kernel: ")), "")
    rel = check_json(s["json"], release, "--json")
    if rel is not None:
        res = {key(x): x for x in rel["results"]}
        names = {k[0] for k in stale(res)}
        print("check_guest_probe: stale helpers: %s" % (", ".join(sorted(names)) or "none"))
        if expect == "affected-no-d-path" and names & {"bpf_d_path", "bpf_path_d_path"}:
            fail("bpf_d_path is stale, expected fixed on this kernel")
        if expect.startswith("affected") and "bpf_snprintf" not in names:
            fail("bpf_snprintf is not stale on an affected kernel")
        if not rel.get("btf_sha256"):
            fail("no btf_sha256 although the guest has /sys/kernel/btf/vmlinux")
        if kernel == "6.17.13+deb13":
            compare_committed(rel, root, kernel)
    if "nobtf-rc" in s:
        nrc = int(s["nobtf-rc"][0])
        nrel = check_json(s["nobtf-json"], release, "--json without BTF")
        if nrc != (1 if rc == 1 else 2):
            fail("without BTF: exit %d, expected %d" % (nrc, 1 if rc == 1 else 2))
        if nrel is not None:
            if "btf_sha256" in nrel:
                fail("without BTF: btf_sha256 given")
            # the plan's own skips keep their reason; everything else that
            # needs BTF is skipped for the missing file
            plan_skip = {key(x) for x in (rel or {}).get("results", [])
                         if x["outcome"] == "skipped"}
            bad = [x for x in nrel["results"] if (x["attach_to"] or x["kind"] == "kfunc")
                   and key(x) not in plan_skip
                   and not (x["outcome"] == "skipped" and "/sys/kernel/btf/vmlinux" in x["detail"])]
            if bad:
                fail("without BTF: %d tracing/lsm/kfunc entries not skipped for it" % len(bad))
        if nrc == 2 and not any(l.startswith("helperguard-probe: could not") for l in s["nobtf-stderr"]):
            fail("without BTF: exit 2 without a reason on stderr")
        print("check_guest_probe: without BTF: exit %d; %s" % (nrc, (s["nobtf-stdout"] or [""])[0]))
    if "lockdown-rc" in s:
        words = s["lockdown-rc"][0].split()
        lrc, mode = int(words[0]), " ".join(words[1:])
        why = [l for l in s["lockdown-stderr"] if l.startswith("helperguard-probe: could not")]
        if "[confidentiality]" not in mode:
            fail("lockdown was not raised: %s" % mode)
        elif lrc != (1 if rc == 1 else 2) or (lrc == 2 and not any("lockdown" in l for l in why)):
            fail("lockdown=confidentiality: exit %d, stderr %r" % (lrc, s["lockdown-stderr"][-2:]))
        print("check_guest_probe: lockdown=confidentiality: exit %d; %s" % (lrc, (why or [""])[0]))
    if failures:
        print("check_guest_probe: %s: %d failure(s); the run's output: %s" % (kernel, len(failures), path))
        sys.exit(1)
    print("check_guest_probe: %s: PASS (%s)" % (kernel, expect))


if __name__ == "__main__":
    main()
