#!/usr/bin/env bash
# run-extract-running.sh KERNEL OUTDIR: boot the Debian kernel KERNEL once
# under QEMU with kextract (helper-db/extractors/extract-running, output into
# OUTDIR) and require the result to equal the committed
# helper-db/extracted/running-KERNEL.json except provenance.date. A kernel,
# QEMU or package that cannot be had is a failure, never a skip.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$2
# The committed file of the version actually booted: an exact version Debian
# has dropped falls back (loudly) to one measured to behave the same.
kernel=$("$root/scripts/kbench/fetch-kernel" --resolve "$1") ||
  { echo "${0##*/}: FAIL: cannot resolve kernel $1 (see above)" >&2; exit 1; }
committed=$root/helper-db/extracted/running-$kernel.json
[ -r "$committed" ] || { echo "run-extract-running: FAIL: no committed $committed" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out/running-$kernel.json"
HELPERGUARD_EXTRACTED_DIR=$out "$root/helper-db/extractors/extract-running" "$kernel" ||
  { echo "run-extract-running: FAIL: extract-running $kernel failed (see above)" >&2; exit 1; }
python3 - "$out/running-$kernel.json" "$committed" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["provenance"].pop("date", None)
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("run-extract-running: FAIL: %s differs from the committed %s "
                  "(rerun helper-db/extractors/extract-running)" % (k, sys.argv[2]))
            if isinstance(a.get(k), dict) and isinstance(b.get(k), dict):
                for s in sorted(set(a[k]) | set(b[k])):
                    if a[k].get(s) != b[k].get(s):
                        print("    %s.%s: new %s, committed %s"
                              % (k, s, json.dumps(a[k].get(s))[:200], json.dumps(b[k].get(s))[:200]))
    sys.exit(1)
print("run-extract-running: output equals the committed %s (%d protos)"
      % (sys.argv[2], a["summary"]["protos"]))
PY
