#!/usr/bin/env bash
# crosscheck-running.sh: helper-db/extractors/crosscheck_running.py on the
# committed running-kernel and source extractions of the same kernels
# (helper-db/extracted/running-VERSION.json vs linux-SERIES.json). Every
# pair must be there and agree (differences explained by #if conditions or
# helper-db/extractors/crosscheck-running.allow).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
x=$root/helper-db/extracted
rc=0
for pair in "5.10.262-1 5.10" "6.1.192-2 6.1" "6.12.117+deb13 6.12" "7.2.12+deb13 7.2" "7.3.4+deb13 7.3"; do
  # shellcheck disable=SC2086  # two words: version, series
  set -- $pair
  for f in "$x/running-$1.json" "$x/linux-$2.json"; do
    [ -r "$f" ] || { echo "crosscheck-running: FAIL: $f missing"; rc=1; continue 2; }
  done
  python3 "$root/helper-db/extractors/crosscheck_running.py" "$x/running-$1.json" "$x/linux-$2.json" ||
    { echo "crosscheck-running: FAIL: $1 vs linux-$2"; rc=1; }
done
exit $rc
