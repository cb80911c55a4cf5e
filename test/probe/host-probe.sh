#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# host-probe.sh PROBE HELPERGUARD: helperguard-probe on the machine that runs
# the tests (no guest). Whatever this kernel and sandbox allow, the probe must
# either give a verdict (0 not affected, 1 affected) or exit 2 with its reason
# on stderr: never a crash, and never 0 while something written could not be
# tested. Checks the report's shape and the JSON, then that `helperguard probe`
# runs the same program (beside the helperguard binary) with its exit status.
set -uo pipefail
probe=$1 tool=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/hg-host-probe.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "host-probe: FAIL: $*" >&2; exit 1; }
[ -x "$probe" ] || fail "$probe is not built"

start=$(date +%s.%N)
"$probe" --json "$work/p.json" > "$work/out" 2> "$work/err"
rc=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "host-probe: exit $rc in ${secs}s on $(uname -r); first line: $(head -n1 "$work/out")"
sed 's/^/  | /' "$work/err"
case $rc in
  0) head -n1 "$work/out" | grep -q '^not affected: ' || fail "exit 0 without 'not affected:' first" ;;
  1) head -n1 "$work/out" | grep -q '^affected: ' || fail "exit 1 without 'affected:' first" ;;
  2) head -n1 "$work/out" | grep -q '^could not \(probe\|decide\): ' ||
       fail "exit 2 without 'could not probe/decide:' first"
     grep -q '^helperguard-probe: could not \(probe\|decide\): ..*' "$work/err" ||
       fail "exit 2 without its reason on stderr" ;;
  *) cat "$work/out" "$work/err" >&2; fail "exit status $rc (a crash or a bug)" ;;
esac
if [ -s "$work/p.json" ]; then
  python3 - "$work/p.json" "$rc" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
assert d["format"] == "helperguard-db/1", d.get("format")
r, = d["releases"]
keys = {"kind", "id", "name", "prog_type", "expected_attach_type", "attach_to", "sleepable",
        "arg", "size", "writes", "outcome", "detail"}
for x in r["results"]:
    assert not set(x) - keys, x
outc = {}
for x in r["results"]:
    outc[x["outcome"]] = outc.get(x["outcome"], 0) + 1
stale = [x for x in r["results"] if x["writes"] and x["outcome"] == "kept"]
machine_skips = [x for x in r["results"] if x["writes"] and x["outcome"] in ("skipped", "error")
                 and ("refused" in x["detail"] or "btf" in x["detail"] or "timeout" in x["detail"]
                      or x["outcome"] == "error")]
print("host-probe: JSON: %d results %s; %d stale, %d written untested on this machine"
      % (len(r["results"]), outc, len(stale), len(machine_skips)))
if rc == 0 and (stale or machine_skips):
    sys.exit("host-probe: FAIL: exit 0 with stale or untested written arguments")
if rc == 1 and not stale:
    sys.exit("host-probe: FAIL: exit 1 without a stale entry")
PY
elif [ $rc != 2 ]; then
  fail "exit $rc without the --json file"
fi
"$tool" probe --version > "$work/v" 2>&1 || fail "helperguard probe --version: $(cat "$work/v")"
grep -q '^helperguard-probe ' "$work/v" || fail "helperguard probe --version printed $(cat "$work/v")"
"$tool" probe > /dev/null 2>&1; trc=$?
[ $trc = $rc ] || fail "helperguard probe exited $trc, helperguard-probe $rc"
# Without capabilities (as nobody) and in a user namespace (capabilities the
# kernel does not honour for BPF): exit 2, the reason named, never 0.
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    "$probe" > "$work/np" 2> "$work/np.err"; nprc=$?
  { [ $nprc = 2 ] && grep -q '^helperguard-probe: could not probe: no CAP_BPF/CAP_SYS_ADMIN' "$work/np.err"; } ||
    fail "as nobody: exit $nprc, $(cat "$work/np.err")"
  echo "host-probe: as nobody: exit 2, $(cat "$work/np.err")"
fi
if unshare -U -r true 2> /dev/null; then
  unshare -U -r "$probe" > "$work/ns" 2> "$work/ns.err"; nsrc=$?
  { [ $nsrc = 2 ] && grep -q '^helperguard-probe: could not probe: ' "$work/ns.err"; } ||
    fail "in a user namespace: exit $nsrc, $(cat "$work/ns.err")"
  echo "host-probe: in a user namespace: exit 2, $(cat "$work/ns.err")"
fi
# Neither beside the tool nor on PATH: a clear error, exit 2.
mkdir "$work/alone" && cp "$tool" "$work/alone/helperguard"
if ! PATH=/usr/bin:/bin command -v helperguard-probe > /dev/null; then
  PATH=/usr/bin:/bin "$work/alone/helperguard" probe > "$work/nf" 2>&1; nrc=$?
  { [ $nrc = 2 ] && grep -q 'helperguard-probe not found' "$work/nf"; } ||
    fail "helperguard probe without helperguard-probe: exit $nrc, $(cat "$work/nf")"
fi
echo "host-probe: PASS (exit $rc; helperguard probe runs $(cat "$work/v"))"
