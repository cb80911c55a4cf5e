#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test.sh BUILD_DIR: runs the snprintf-log example with BPF_PROG_TEST_RUN on
# the host kernel, guarded and unguarded, on a TCP, a UDP and an ICMP packet:
#   proto 6  -> TC_ACT_OK (0),   line "proto=6 len=40 ttl=64",  counted
#   proto 17 -> TC_ACT_SHOT (2), line "proto=17 len=40 ttl=64"
#   proto 1  -> TC_ACT_SHOT (2), line "proto=1 len=40 ttl=64"
# The host kernel declares bpf_snprintf's MEM_WRITE, so both builds must give
# exactly these results (on an affected kernel the unguarded one drops TCP).
# Prints PASS/FAIL lines; exits non-zero on any failure (never skips).
set -euo pipefail
build=${1:?usage: test.sh BUILD_DIR}
fail=0 passed=0
if [ "$(id -u)" -ne 0 ]; then echo "FAIL snprintf-log: needs root (BPF_PROG_TEST_RUN)"; exit 1; fi

want='RESULT proto=6 retval=0 line="proto=6 len=40 ttl=64" tcp_lines=1
RESULT proto=17 retval=2 line="proto=17 len=40 ttl=64" tcp_lines=1
RESULT proto=1 retval=2 line="proto=1 len=40 ttl=64" tcp_lines=1'

if grep -q '"decision": "guarded"' "$build/snprintf_log.report.json" 2>/dev/null &&
   grep -q '"helper": "bpf_snprintf"' "$build/snprintf_log.report.json"; then
  echo "PASS snprintf-log: the report says bpf_snprintf was guarded"; passed=$((passed + 1))
else
  echo "FAIL snprintf-log: $build/snprintf_log.report.json does not record a guarded bpf_snprintf"
  fail=$((fail + 1))
fi
if cmp -s "$build/snprintf_log.bpf.o" "$build/snprintf_log_plain.bpf.o"; then
  echo "FAIL snprintf-log: guarded and unguarded objects are identical"; fail=$((fail + 1))
fi
for r in snprintf_log_run snprintf_log_run_plain; do
  label=guarded; [ "$r" = snprintf_log_run_plain ] && label=unguarded
  if [ ! -x "$build/$r" ]; then echo "FAIL snprintf-log $label: $build/$r not built"; fail=$((fail + 1)); continue; fi
  if ! got=$("$build/$r" 6 17 1 2>&1); then
    echo "FAIL snprintf-log $label: runner failed: $got"; fail=$((fail + 1)); continue
  fi
  if [ "$got" = "$want" ]; then
    echo "PASS snprintf-log $label:"; echo "$got" | sed 's/^/  /'; passed=$((passed + 1))
  else
    echo "FAIL snprintf-log $label"; echo "  got:"; echo "$got" | sed 's/^/    /'
    echo "  want:"; echo "$want" | sed 's/^/    /'; fail=$((fail + 1))
  fi
done
echo "snprintf-log: $passed passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$passed" -gt 0 ]
