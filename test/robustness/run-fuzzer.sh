#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SEED_CORPUS WORK_DIR: runs a libFuzzer target from the
# sanitizer build for HG_FUZZ_SECONDS seconds (default 60) on a copy of the
# seed corpus, from a fixed random seed (HG_FUZZ_SEED, default 1: the same
# inputs in the same order on every run). Leak checking is on. A crash, leak
# or sanitizer finding fails and leaves the reproducer in WORK_DIR (replay:
# FUZZER WORK_DIR/crash-*).
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3
secs=${HG_FUZZ_SECONDS:-60}
rm -rf "$work"
mkdir -p "$work/corpus"
cp "$seeds"/* "$work/corpus/"
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cd "$work"
"$fuzzer" -seed="${HG_FUZZ_SEED:-1}" -max_total_time="$secs" -max_len=8192 -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/" corpus 2>&1 | tail -25
