#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""compare_source.py NEW.json COMMITTED.json

Compares a fresh source extraction (extract_source.py on the linux-source
package the archive serves today) with the committed one, on the facts only:
the package revision, the extraction date and source line numbers ("where",
"file.c:123") are not facts, and Debian moves them under us.

- Same facts: pass. If the archive now serves another package version, say so
  loudly (the committed, version-pinned file stays the database's truth).
- Other facts from the same upstream release (only the Debian revision, or
  nothing, changed): fail. The same source gave other facts, so the extractor
  regressed (or a Debian patch touched BPF: then rerun `helperguard db update`
  and review the change).
- Other facts from another upstream release (a stable update): pass, loudly,
  listing what `helperguard db update` would change. The pins (pins.py) still
  fail an extractor that regressed.
Exit 0 or 1.
"""
import json
import re
import sys

LINE_REF = re.compile(r"([\w./-]+\.[ch]):\d+")
TAG = "compare-source"


def facts(d):
    """d without what is not a fact (provenance, line numbers)."""
    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items() if k != "where"}
        if isinstance(x, list):
            return [norm(v) for v in x]
        if isinstance(x, str):
            return LINE_REF.sub(r"\1", x)
        return x
    out = norm(d)
    out.pop("provenance", None)
    return out


def upstream(version):
    """'6.1.192-3' -> '6.1.192' (Debian revision dropped)."""
    return version.rsplit("-", 1)[0]


def changes(new, old):
    """What `helperguard db update` would change, one line each."""
    lines = []
    nh = {h["name"]: h for h in new.get("helpers", [])}
    oh = {h["name"]: h for h in old.get("helpers", [])}
    for name in sorted(set(nh) | set(oh)):
        if name not in oh:
            lines.append("helper %s: new" % name)
        elif name not in nh:
            lines.append("helper %s: gone" % name)
        elif nh[name] != oh[name]:
            np, op = nh[name].get("prog_types", {}), oh[name].get("prog_types", {})
            for t in sorted(set(np) | set(op)):
                a = (np.get(t) or {}).get("protos")
                b = (op.get(t) or {}).get("protos")
                if np.get(t) != op.get(t):
                    lines.append("helper %s, %s: prototypes %s (committed %s)%s"
                                 % (name, t, a, b, "" if a != b else ", paths changed"))
    npr, opr = new.get("protos", {}), old.get("protos", {})
    for name in sorted(set(npr) | set(opr)):
        if npr.get(name) != opr.get(name):
            a = (npr.get(name) or {}).get("args")
            b = (opr.get(name) or {}).get("args")
            lines.append("prototype %s: args %s (committed %s)" % (
                name, json.dumps(a) if a is not None else "gone",
                json.dumps(b) if b is not None else "new"))
    for k in sorted(set(new) | set(old)):
        if k not in ("helpers", "protos") and new.get(k) != old.get(k):
            lines.append("%s: %s (committed %s)" % (
                k, json.dumps(new.get(k))[:200], json.dumps(old.get(k))[:200]))
    return lines


def main():
    new_path, old_path = sys.argv[1:3]
    new, old = (json.load(open(p)) for p in (new_path, old_path))
    nv = new["provenance"].get("version", "?")
    ov = old["provenance"].get("version", "?")
    if nv != ov:
        print("%s: NOTE: the archive now serves %s %s; the committed %s was extracted "
              "from %s" % (TAG, new["provenance"].get("package"), nv, old_path, ov))
    nf, of = facts(new), facts(old)
    if nf == of:
        raw_same = {k: v for k, v in new.items() if k != "provenance"} == \
            {k: v for k, v in old.items() if k != "provenance"}
        print("%s: PASS: the facts equal the committed %s%s" % (
            TAG, old_path, "" if raw_same else " (source line numbers moved)"))
        return 0
    diff = changes(nf, of)
    if upstream(nv) == upstream(ov):
        print("%s: FAIL: the same upstream release (%s) gave other facts than the committed "
              "%s: the extractor regressed, or a Debian patch touched BPF (then rerun "
              "'helperguard db update' and review):" % (TAG, upstream(nv), old_path))
        for line in diff[:40]:
            print("    " + line)
        return 1
    print("%s: WARNING: ************************************************************" % TAG)
    print("%s: WARNING: %s %s (upstream %s) has other facts than the committed %s (%s)."
          % (TAG, new["provenance"].get("package"), nv, upstream(nv), old_path, ov))
    print("%s: WARNING: a stable update changed BPF prototypes. The committed, version-pinned"
          % TAG)
    print("%s: WARNING: data stays the database's truth; 'helperguard db update' would change:"
          % TAG)
    for line in diff[:40]:
        print("%s: WARNING:     %s" % (TAG, line))
    if len(diff) > 40:
        print("%s: WARNING:     ... and %d more" % (TAG, len(diff) - 40))
    print("%s: WARNING: ************************************************************" % TAG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
