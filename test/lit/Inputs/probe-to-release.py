#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""probe-to-release.py PROBE.json RELEASE: a committed behavioural probe
(helper-db/extracted/probe-*.json, `helperguard-probe/1`) as the database
file `helperguard probe --json` writes (helperguard-db/1 with one `releases`
entry, FORMAT.md "Release"), under the `uname -r` RELEASE. The lit tests use
it to give a real kernel's measurements a vendor kernel's name."""
import json
import sys

probe = json.load(open(sys.argv[1]))
results = []
for r in probe["results"]:
    e = {"kind": r.get("kind", "helper"), "name": r["helper"],
         "prog_type": r["prog_type"], "sleepable": r["sleepable"],
         "arg": r["arg"], "outcome": r["outcome"], "detail": r["detail"]}
    if e["kind"] == "helper":
        e["id"] = r["id"]
    results.append(e)
json.dump({"format": "helperguard-db/1", "releases": [{
    "release": sys.argv[2],
    "source": "helper-db/extracted/%s renamed by probe-to-release.py"
              % sys.argv[1].rsplit("/", 1)[-1],
    "results": results}]}, sys.stdout, indent=1)
print()
