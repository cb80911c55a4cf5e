#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""crosscheck_running.py RUNNING.json SOURCE.json [--allow FILE] [--config FILE]

Compare every prototype of a source extraction (helper-db/extracted/
linux-SERIES.json, extract_source.py) with the same kernel as it runs
(helper-db/extracted/running-VERSION.json, extract-running / kextract.c).

For each source prototype: the symbol must be in the running kernel, unless
the source puts it under #if conditions (its `when`; with --config, only
conditions the kernel's config leaves unset explain it). When present: the
argument types, spelled in the source as tokens ("ARG_PTR_TO_MEM|MEM_WRITE",
"ARG_PTR_TO_MEM_OR_NULL"), are evaluated with the running kernel's
enumerator values (tokens ORed) and decoded as kextract decodes the running
bytes ("BASE|FLAG|FLAG", flags in bit order); the return type likewise;
fixed sizes where the source gives a number (size_bytes, or sizeof of a
fixed-size type); func, gpl_only and might_sleep; whether an argument has a
btf id.

Prints a summary line, then every difference and missing symbol. Exit 0
when every difference is explained (config conditions or an entry of the
allow file), 1 otherwise, 2 on bad input.

Allow file (default: crosscheck-running.allow beside this script): lines
"KERNEL SYMBOL WHAT REASON...", KERNEL a version or a glob (6.1.*, *), WHAT
"missing", "extra" or a field (arg2, ret_type, func, gpl_only, might_sleep,
size2, btf_id2); REASON free text, required.
"""
import argparse
import fnmatch
import json
import os
import re
import sys

# sizeof of the types the source spells in argN_size (fixed by the ABI or
# by the wire format, independent of the configuration).
FIXED_SIZEOF = {
    "u8": 1, "s8": 1, "u16": 2, "s16": 2, "u32": 4, "s32": 4, "u64": 8, "s64": 8,
    "__u32": 4, "__u64": 8, "int": 4, "long": 8, "unsigned long": 8,
    "struct iphdr": 20, "struct ipv6hdr": 40, "struct tcphdr": 20,
}


class Decoder:
    def __init__(self, running):
        enums = running["enums"]
        self.bits = running["layout"]["base_type_bits"]
        self.mask = (1 << self.bits) - 1
        self.values = {}
        for e in ("bpf_arg_type", "bpf_type_flag", "bpf_return_type"):
            for name, v in enums[e].items():
                self.values[name] = v
        self.enums = enums

    def name_of(self, enum, v, base):
        """the first name (sorted) of value V, not "__", as kextract.c picks it"""
        names = sorted(n for n, val in self.enums[enum].items()
                       if val == v and not n.startswith("__") and (not base or val <= self.mask))
        return names[0] if names else None

    def decode(self, enum, raw):
        out = [self.name_of(enum, raw & self.mask, True)]
        if out[0] is None:
            return None
        for bit in range(self.bits, 64):
            if raw >> bit & 1:
                f = self.name_of("bpf_type_flag", 1 << bit, False)
                if f is None:
                    return None
                out.append(f)
        return "|".join(out)

    def evaluate(self, spelling):
        """OR the tokens' values; None and the unknown token when one is unknown."""
        raw = 0
        for tok in spelling.split("|"):
            tok = tok.strip()
            if tok not in self.values:
                return None, tok
            raw |= self.values[tok]
        return raw, None


def parse_config(path):
    cfg = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"(CONFIG_\w+)=(\S+)", line)
            if m:
                cfg[m.group(1)] = m.group(2)
            m = re.match(r"# (CONFIG_\w+) is not set", line)
            if m:
                cfg[m.group(1)] = "n"
    return cfg


def condition_holds(cond, cfg):
    """True/False for a conjunction the config decides (defined(CONFIG_X),
    IS_ENABLED(CONFIG_X), IS_BUILTIN(CONFIG_X), !...), None otherwise."""
    c = cond.strip()
    neg = False
    while c.startswith("!"):
        neg, c = not neg, c[1:].strip()
        if c.startswith("(") and c.endswith(")"):
            c = c[1:-1].strip()
    m = re.fullmatch(r"(defined|IS_ENABLED|IS_BUILTIN|IS_REACHABLE)\s*\(\s*(CONFIG_\w+)\s*\)|"
                     r"defined\s+(CONFIG_\w+)|(CONFIG_\w+)", c)
    if not m:
        return None
    fn, opt = m.group(1) or "defined", m.group(2) or m.group(3) or m.group(4)
    val = cfg.get(opt, "n")
    if fn == "defined" or fn == "IS_ENABLED" or fn == "IS_REACHABLE":
        r = val in ("y", "m") if fn != "defined" else val != "n"
    else:
        r = val == "y"
    return r != neg


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("crosscheck_running: error: %s: %s" % (path, e), file=sys.stderr)
        sys.exit(2)


def load_allow(path, kernel):
    allow = {}
    if not path or not os.path.exists(path):
        return allow
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 3)
            if len(parts) < 4:
                print("crosscheck_running: error: %s:%d: need KERNEL SYMBOL WHAT REASON"
                      % (path, n), file=sys.stderr)
                sys.exit(2)
            if fnmatch.fnmatchcase(kernel, parts[0]):
                allow[(parts[1], parts[2])] = parts[3]
    return allow


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("running")
    ap.add_argument("source")
    ap.add_argument("--allow", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "crosscheck-running.allow"))
    ap.add_argument("--config", help="the kernel's config (decides the #if conditions)")
    ap.add_argument("--quiet", action="store_true", help="print explained items as a count only")
    a = ap.parse_args()
    run, src = load(a.running), load(a.source)
    if run.get("format") != "helperguard-running/1":
        sys.exit("crosscheck_running: error: %s is not helperguard-running/1" % a.running)
    if src.get("format") != "helperguard-extracted/1":
        sys.exit("crosscheck_running: error: %s is not helperguard-extracted/1" % a.source)
    kernel = run["kernel"]
    dec = Decoder(run)
    allow = load_allow(a.allow, kernel)
    used_allow = set()
    cfg = parse_config(a.config) if a.config else None

    by_name = {}
    for key, p in run["protos"].items():
        by_name.setdefault(p["symbol"], []).append(p)

    compared = equal = 0
    differing, missing, explained = [], [], []

    def explain(sym, what):
        r = allow.get((sym, what))
        if r is not None:
            used_allow.add((sym, what))
        return r

    def compare(sp, rp):
        """list of (field, source, running) that differ"""
        diffs = []
        sfunc = None if sp.get("func") in (None, "NULL") else sp.get("func")
        if sfunc != rp.get("func"):
            diffs.append(("func", sp.get("func"), rp.get("func")))
        for fld in ("gpl_only", "might_sleep"):
            if bool(sp.get(fld, False)) != bool(rp.get(fld, False)):
                diffs.append((fld, bool(sp.get(fld, False)), bool(rp.get(fld, False))))
        raw, bad = dec.evaluate(sp.get("ret_type", "RET_INTEGER"))
        want = dec.decode("bpf_return_type", raw) if bad is None else "unknown token " + bad
        if want != rp["ret_type"]:
            diffs.append(("ret_type", "%s (%s)" % (want, sp.get("ret_type")), rp["ret_type"]))
        rargs = {x["arg"]: x for x in rp["args"]}
        sargs = {}
        for x in sp["args"]:
            raw, bad = dec.evaluate(x["type"])
            if bad is None and raw == 0:       # explicit ARG_DONTCARE
                continue
            sargs[x["arg"]] = (x, raw, bad)
        for n in sorted(set(sargs) | set(rargs)):
            rx = rargs.get(n)
            if n not in sargs:
                diffs.append(("arg%d" % n, None, rx["type"]))
                continue
            x, raw, bad = sargs[n]
            want = dec.decode("bpf_arg_type", raw) if bad is None else "unknown token " + bad
            got = rx["type"] if rx else None
            if want != got:
                diffs.append(("arg%d" % n, "%s (%s)" % (want, x["type"]), got))
            size = x.get("size_bytes")
            if size is None and "size" in x:
                m = re.fullmatch(r"sizeof\s*\(\s*(.+?)\s*\)", x["size"])
                size = FIXED_SIZEOF.get(m.group(1)) if m else None
                if size is None and re.fullmatch(r"\d+", x["size"]):
                    size = int(x["size"])
            if size is not None or (rx and "size" in rx and "size" not in x):
                if (rx or {}).get("size") != size:
                    diffs.append(("size%d" % n, x.get("size"), (rx or {}).get("size")))
            if rx and ("btf_id" in x) != ("btf_id" in rx):
                diffs.append(("btf_id%d" % n, x.get("btf_id"), rx.get("btf_id")))
        return diffs

    for key in sorted(src["protos"]):
        sp = src["protos"][key]
        name = sp["name"]
        cands = by_name.get(name, [])
        if not cands:
            when = sp.get("when") or []
            reason = explain(name, "missing")
            if reason is None and when:
                decided = [condition_holds(c, cfg) for c in when] if cfg is not None else []
                if cfg is not None and all(d is True for d in decided):
                    reason = None      # the config enables it: it should be there
                else:
                    off = [c for c, d in zip(when, decided) if d is False] if cfg else []
                    reason = ("#if %s" % " && ".join(off or when)) + \
                             (" (config: not set)" if off else "")
            item = ("missing", key, sp.get("where"), reason)
            (explained if reason else missing).append(item)
            continue
        compared += 1
        results = [(compare(sp, rp), rp) for rp in cands]
        results.sort(key=lambda r: (len(r[0]), r[1]["address"]))
        diffs, rp = results[0]
        if not diffs:
            equal += 1
            continue
        open_diffs = []
        for d in diffs:
            reason = explain(name, d[0])
            (explained if reason else open_diffs).append(
                ("differs", key, "%s: source %s, running %s" % d, reason))
        if open_diffs:
            differing.append((key, sp.get("where"), rp["address"], open_diffs))

    src_names = {p["name"] for p in src["protos"].values()}
    extra = sorted(n for n in by_name if n not in src_names)
    extra_open = []
    for n in extra:
        r = explain(n, "extra")
        (explained.append(("extra", n, None, r)) if r else extra_open.append(n))

    print("crosscheck_running: %s vs %s: %d source protos, %d compared, %d equal, %d differing, "
          "%d missing, %d explained; %d running-only symbols (%d not in the allow file)"
          % (os.path.basename(a.running), os.path.basename(a.source), len(src["protos"]),
             compared, equal, len(differing), len(missing), len(explained), len(extra),
             len(extra_open)))
    for key, where, addr, ds in differing:
        print("DIFFERS %s (%s; running %s)" % (key, where, addr))
        for _, _, text, _ in ds:
            print("    %s" % text)
    for _, key, where, _ in missing:
        print("MISSING %s (%s): not in the running kernel's kallsyms" % (key, where))
    if a.quiet:
        pass
    else:
        for kind, key, where, reason in explained:
            print("explained %s %s: %s" % (kind, key, reason))
        for n in extra_open:
            print("running-only %s (not in the source extraction)" % n)
    stale = sorted(set(allow) - used_allow)
    for s, w in stale:
        print("note: allow entry %s %s not used for %s" % (s, w, kernel))
    return 1 if differing or missing else 0


if __name__ == "__main__":
    sys.exit(main())
