#!/usr/bin/env bash
# run-extract.sh SERIES OUTDIR: fetch (cached) Debian's linux-source-SERIES,
# whatever version the archive serves today, run the source extractor on it,
# compare its facts with the committed helper-db/extracted/linux-SERIES.json
# (compare_source.py: a new package revision passes, loudly; a stable update
# that changes prototypes passes with a warning listing the changes; other
# facts from the same upstream release fail) and check the pins. A package
# that cannot be had is a failure, never a skip.
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
committed=$root/helper-db/extracted/linux-$series.json
python3 "$here/compare_source.py" "$out/linux-$series.json" "$committed"
# Another upstream release than the committed one: the pins' counts may move.
pins_flags=()
cv=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provenance"]["version"])' "$committed")
[ "${KSRC_VERSION%-*}" = "${cv%-*}" ] || pins_flags=(--tolerant)
python3 "$here/pins.py" "${pins_flags[@]}" "$out/linux-$series.json"
