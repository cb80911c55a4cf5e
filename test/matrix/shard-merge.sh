#!/usr/bin/env bash
# shard-merge.sh TOOL OBJDIR OUTDIR [KERNELS]
#
# `helperguard matrix --shard K/N` + `matrix merge` equal one unsharded run,
# and `--jobs 2` equals `--jobs 1`: three objects of run-suites.sh's build
# (OBJDIR) on two kernels (default "m-6.17 m-6.19"), compared without the
# boot times and accelerators (noise, not facts). Three shards of the six
# kernel x object items cut through a kernel: shard 2 boots both kernels.
# Prints PASS/FAIL/INFO lines; exit 1 on any failure.
set -uo pipefail
tool=${1:?usage: shard-merge.sh TOOL OBJDIR OUTDIR [KERNELS]}
objdir=${2:?}
out=${3:?}
kernels=${4:-m-6.17 m-6.19}
mkdir -p "$out"
objs=("$objdir/xdp_snprintf.plain.o" "$objdir/xdp_snprintf.guarded.o"
      "$objdir/synth-stack-access.o")
for o in "${objs[@]}"; do
  [ -f "$o" ] || { echo "FAIL $o missing (run matrix-run first)"; exit 1; }
done
failed=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failed=1; }

run() {   # run NAME ARGS...: helperguard matrix --json ARGS > OUT/NAME.json
  local name=$1; shift
  local t0=$SECONDS
  "$tool" matrix --json --kernels "$kernels" "$@" "${objs[@]}" \
    > "$out/$name.json" 2> "$out/$name.log"
  local rc=$?
  echo "INFO $name: exit $rc, $((SECONDS - t0)) s wall ($*)"
  [ $rc -eq 0 ] || { fail "$name: exit $rc"; cat "$out/$name.log"; }
}
run whole --jobs 1
run jobs2 --jobs 2
run shard1 --shard 1/3 --jobs 2
run shard2 --shard 2/3 --jobs 2
run shard3 --shard 3/3

"$tool" matrix merge "$out/shard1.json" "$out/shard2.json" "$out/shard3.json" \
  > "$out/merged.json" 2> "$out/merge.log" || fail "merge: exit $?"

python3 - "$out" <<'PY' || failed=1
import json, sys
out = sys.argv[1]
def load(name):
    with open(f"{out}/{name}.json") as f:
        d = json.load(f)
    for k in d["kernels"]:
        k.pop("seconds", None); k.pop("accel", None)
    return d
whole = load("whole")
ok = True
def check(cond, msg):
    global ok
    print(("PASS " if cond else "FAIL ") + msg)
    ok = ok and cond
n = sum(len(k["programs"]) for k in whole["kernels"])
check(len(whole["kernels"]) == 2 and n > 0 and
      all(k["status"] == "ok" for k in whole["kernels"]),
      f"unsharded run: 2 kernels booted, {n} kernel x program results")
check(load("jobs2") == whole, "--jobs 2 gives the result of --jobs 1")
check(load("merged") == whole, "merge of --shard 1/3, 2/3, 3/3 equals the unsharded run")
boots = [len(load(s)["kernels"]) for s in ("shard1", "shard2", "shard3")]
check(boots == [1, 2, 1], f"kernels booted per shard {boots} (expected [1, 2, 1])")
sys.exit(0 if ok else 1)
PY

# Overlapping inputs and non-results: exit 2 with a message.
"$tool" matrix merge "$out/whole.json" "$out/shard1.json" > /dev/null 2> "$out/overlap.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "is in an earlier input too" "$out/overlap.err"; then
  pass "merge of overlapping results: exit 2, $(cat "$out/overlap.err")"
else
  fail "merge of overlapping results: exit $rc, $(cat "$out/overlap.err")"
fi
echo '{"x": 1}' > "$out/not-a-result.json"
"$tool" matrix merge "$out/not-a-result.json" > /dev/null 2> "$out/bad.err"
rc=$?
if [ $rc -eq 2 ]; then pass "merge of a non-result: exit 2, $(cat "$out/bad.err")"
else fail "merge of a non-result: exit $rc"; fi
exit $failed
