#!/usr/bin/env bash
# probe-compare.sh: every committed behavioural probe
# (helper-db/extracted/probe-*.json) against the extractors
# (helper-db/extractors/probe_compare.py): the source extraction of the
# kernel's series (probe_plan.py source-for), the running extraction of the
# same kernel when committed, and the curated helper-db/data/helpers.json.
# The 6.1 probe must be there (the issue asks that the extraction of the 6.1
# source tree matches the probe on the 6.1 kernel). Fails on any disagreement
# that helper-db/extractors/probe_allowlist.txt does not explain.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ex=$root/helper-db/extracted
shopt -s nullglob
files=("$ex"/probe-*.json)
[ "${#files[@]}" -gt 0 ] || { echo "probe-compare: FAIL: no $ex/probe-*.json" >&2; exit 1; }
ls "$ex"/probe-6.1.*.json >/dev/null 2>&1 ||
  { echo "probe-compare: FAIL: no probe of a 6.1 kernel in $ex" >&2; exit 1; }
rc=0
for f in "${files[@]}"; do
  k=$(basename "$f" .json); k=${k#probe-}
  src=$(python3 "$root/helper-db/extractors/probe_plan.py" source-for "$k")
  python3 "$root/helper-db/extractors/probe_compare.py" --quiet "$f" "$ex/$src" \
    "$root/helper-db/data/helpers.json" | grep -v "^allowed " || rc=1   # pipefail: a failing compare fails
done
[ "$rc" -eq 0 ] && echo "probe-compare: ${#files[@]} probe files agree with the extractors (allowed disagreements: probe_allowlist.txt)"
exit $rc
