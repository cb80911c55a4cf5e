#!/usr/bin/env bash
# Smoke test of scripts/bench on a small slice of the kernel's BPF selftests.
# Not a timing test: it checks that the bench runs end to end (fetch, compile
# with and without the plugin, report, timing, scale) and that the plugin
# neither fails nor changes an object it does not guard. It fails, loudly,
# when the corpus cannot be fetched.
#   smoke.sh ROOT PLUGIN OUTDIR
set -euo pipefail
root=$1 plugin=$2 out=$3
files=(test_snprintf.c test_d_path.c test_get_stack_rawtp.c bind4_prog.c test_tc_neigh_fib.c test_tcp_check_syncookie_kern.c)
log=$out.log
mkdir -p "$(dirname "$out")"
if ! "$root/scripts/bench" --plugin "$plugin" --out "$out" --reps 1 --callgrind 0 \
       --scale 1000 --files "${files[@]}" > "$log" 2>&1; then
  cat "$log"
  echo "corpus smoke: FAILED: scripts/bench exited non-zero (see above)" >&2
  exit 1
fi
cat "$log"
grep -q "^files: ${#files[@]}, compiled: [1-9]" "$log" ||
  { echo "corpus smoke: FAILED: the slice did not compile" >&2; exit 1; }
grep -q "^helper calls examined: [1-9]" "$log" ||
  { echo "corpus smoke: FAILED: no helper call examined" >&2; exit 1; }
if grep -q "PLUGIN FAILURE\|CHANGED WITHOUT A GUARDED SITE" "$log"; then
  echo "corpus smoke: FAILED: the plugin failed or changed an unguarded object" >&2; exit 1
fi
grep -q "^compile time (CPU" "$log" && grep -q "^  *1000 |" "$log" ||
  { echo "corpus smoke: FAILED: timing or scale section missing" >&2; exit 1; }
echo "corpus smoke: ok"
