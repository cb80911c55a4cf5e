#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""test_compare_source.py: compare_source.py on variants of the committed
helper-db/extracted/linux-6.1.json, as the archive could serve them: a new
Debian revision with the same facts passes; moved line numbers pass; a stable
update with a changed prototype passes with a warning that names the change;
the same upstream release with other facts fails. Ends "N passed, M failed"."""
import copy
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
committed = os.path.join(root, "helper-db", "extracted", "linux-6.1.json")
base = json.load(open(committed))
ver = base["provenance"]["version"]           # e.g. 6.1.192-2
upstream, rev = ver.rsplit("-", 1)
major, minor, patch = upstream.split(".")


def variant(version, edit=None):
    d = copy.deepcopy(base)
    d["provenance"]["version"] = version
    d["provenance"]["date"] = "2099-01-01"
    if edit:
        edit(d)
    return d


def changed_proto(d):
    d["protos"]["bpf_snprintf_proto"]["args"][0]["type"] = "ARG_PTR_TO_MEM|MEM_WRITE"


def moved_lines(d):
    for p in d["protos"].values():
        f = p["where"].split(":")[0]
        p["where"] = f + ":1"


next_rev = "%s-%d" % (upstream, int(rev) + 1)
next_upstream = "%s.%s.%d-1" % (major, minor, int(patch) + 1)
CASES = [
    ("new Debian revision, same facts", variant(next_rev), 0, "PASS: the facts equal"),
    ("line numbers moved", variant(next_rev, moved_lines), 0, "source line numbers moved"),
    ("stable update changed a prototype", variant(next_upstream, changed_proto), 0,
     "WARNING:     prototype bpf_snprintf_proto"),
    ("same upstream, other facts", variant(next_rev, changed_proto), 1,
     "FAIL: the same upstream release"),
]
passed = failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, data, want_rc, want_text in CASES:
        path = os.path.join(tmp, "new.json")
        with open(path, "w") as f:
            json.dump(data, f)
        p = subprocess.run([sys.executable, os.path.join(here, "compare_source.py"), path, committed],
                           capture_output=True, text=True)
        if p.returncode == want_rc and want_text in p.stdout:
            print("PASS %s" % name)
            passed += 1
        else:
            print("FAIL %s: exit %d (want %d), output:\n%s" % (name, p.returncode, want_rc, p.stdout))
            failed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
