#!/usr/bin/env bash
# run-probe.sh KERNEL OUTDIR: run the behavioural probe (helper-db/extractors/
# probe-running: the full plan, one QEMU boot, about 10 s of guest time) on
# the Debian kernel KERNEL and require its output to equal the committed
# helper-db/extracted/probe-KERNEL.json except provenance.date. A kernel,
# QEMU or committed file that cannot be had is a failure, never a skip.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$2
# The committed file of the version actually booted: an exact version Debian
# has dropped falls back (loudly) to one measured to behave the same.
kernel=$("$root/scripts/kbench/fetch-kernel" --resolve "$1") ||
  { echo "${0##*/}: FAIL: cannot resolve kernel $1 (see above)" >&2; exit 1; }
committed=$root/helper-db/extracted/probe-$kernel.json
[ -f "$committed" ] || { echo "run-probe: FAIL: $committed is missing" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
HELPERGUARD_EXTRACTED_DIR=$out "$root/helper-db/extractors/probe-running" "$kernel" ||
  { echo "run-probe: FAIL: probe-running $kernel failed (see above)" >&2; exit 1; }
python3 - "$out/probe-$kernel.json" "$committed" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["provenance"].pop("date", None)
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("run-probe: FAIL: %s differs from the committed %s" % (k, sys.argv[2]))
    ra = {(r["kind"], r["helper"], r["prog_type"], r["sleepable"], r["arg"]): r for r in a.get("results", [])}
    rb = {(r["kind"], r["helper"], r["prog_type"], r["sleepable"], r["arg"]): r for r in b.get("results", [])}
    shown = 0
    for key in sorted(set(ra) | set(rb)):
        if ra.get(key) != rb.get(key) and shown < 20:
            shown += 1
            print("  %s: now %s, committed %s" % (key, (ra.get(key) or {}).get("outcome"),
                                                 (rb.get(key) or {}).get("outcome")))
    print("run-probe: rerun helper-db/extractors/probe-running %s if the change is intended"
          % b.get("kernel"))
    sys.exit(1)
print("run-probe: output equals the committed %s (%s)" % (
    sys.argv[2], " ".join("%s=%d" % kv for kv in a["summary"].items())))
PY
