#!/usr/bin/env bash
# run-extract.sh SERIES OUTDIR: fetch (cached) Debian's linux-source-SERIES,
# run the source extractor on it, require the output to equal the committed
# helper-db/extracted/linux-SERIES.json (except the extraction date), and
# check the pins. A package that cannot be had is a failure, never a skip.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
series=$1 out=$2
mkdir -p "$out"
vars=$("$root/helper-db/extractors/fetch-source" "$series") ||
  { echo "run-extract: FAIL: cannot fetch linux-source-$series (see above)" >&2; exit 1; }
eval "$vars"
python3 "$root/helper-db/extractors/extract_source.py" "$KSRC_TREE" --package "$KSRC_PACKAGE" \
  --version "$KSRC_VERSION" -o "$out/linux-$series.json"
python3 - "$out/linux-$series.json" "$root/helper-db/extracted/linux-$series.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d["provenance"].pop("date", None)
if a != b:
    for k in a:
        if a.get(k) != b.get(k):
            print("run-extract: FAIL: %s differs from the committed %s (rerun 'helperguard db update')"
                  % (k, sys.argv[2]))
    sys.exit(1)
print("run-extract: output equals the committed %s" % sys.argv[2])
PY
python3 "$here/pins.py" "$out/linux-$series.json"
