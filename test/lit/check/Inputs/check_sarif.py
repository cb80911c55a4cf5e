#!/usr/bin/env python3
"""check_sarif.py FILE [--results N]: checks that FILE is SARIF 2.1.0 as
GitHub code scanning reads it (version, $schema, runs[].tool.driver.name,
each result's ruleId, message.text and physical locations with a start
line) and, with --results, that it has N results. Prints "SARIF OK <n>"."""
import json
import sys


def fail(msg):
    print("SARIF FAIL: " + msg)
    sys.exit(1)


def main():
    doc = json.load(open(sys.argv[1]))
    want = None
    if len(sys.argv) > 3 and sys.argv[2] == "--results":
        want = int(sys.argv[3])
    if doc.get("version") != "2.1.0":
        fail("version is not 2.1.0")
    if "sarif" not in doc.get("$schema", ""):
        fail("no SARIF $schema")
    runs = doc.get("runs")
    if not isinstance(runs, list) or not runs:
        fail("no runs")
    n = 0
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            fail("runs[].tool.driver.name missing")
        rules = {r["id"] for r in driver.get("rules", [])}
        for res in run.get("results", []):
            n += 1
            if res.get("ruleId") not in rules:
                fail("result with an undeclared ruleId %r" % res.get("ruleId"))
            if not res.get("message", {}).get("text"):
                fail("result without message.text")
            locs = res.get("locations")
            if not locs:
                fail("result without locations")
            for loc in locs:
                phys = loc.get("physicalLocation", {})
                if not phys.get("artifactLocation", {}).get("uri"):
                    fail("location without artifactLocation.uri")
                if phys.get("region", {}).get("startLine", 0) < 1:
                    fail("location without region.startLine")
    if want is not None and n != want:
        fail("%d results, expected %d" % (n, want))
    print("SARIF OK %d" % n)


main()
