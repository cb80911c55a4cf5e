#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test.sh BUILD_DIR: runs the snprintf-log example with BPF_PROG_TEST_RUN on
# the host kernel, guarded and unguarded, on a TCP, a UDP and an ICMP packet:
#   proto 6  -> TC_ACT_OK (0),   line "proto=6 len=40 ttl=64",  counted
#   proto 17 -> TC_ACT_SHOT (2), line "proto=17 len=40 ttl=64"
#   proto 1  -> TC_ACT_SHOT (2), line "proto=1 len=40 ttl=64"
# The guarded build must give exactly these results on any kernel; the
# unguarded one too, except on a 6.14-6.18 host, where it may be miscompiled
# (it then drops TCP): that is reported, not failed.
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
# The unguarded build is checked only where the host kernel cannot have the
# bug (before 6.14, from 6.19): on a 6.14-6.18 host it may be miscompiled
# (unfixed stable releases), and a difference there is reported, not failed.
host_may_be_affected() {
  local v; v=$(uname -r | grep -oE '^[0-9]+\.[0-9]+')
  [ "${v%%.*}" -eq 6 ] && [ "${v#*.}" -ge 14 ] && [ "${v#*.}" -le 18 ]
}
for r in snprintf_log_run snprintf_log_run_plain; do
  label=guarded; [ "$r" = snprintf_log_run_plain ] && label=unguarded
  if [ ! -x "$build/$r" ]; then echo "FAIL snprintf-log $label: $build/$r not built"; fail=$((fail + 1)); continue; fi
  if ! got=$("$build/$r" 6 17 1 2>&1); then
    echo "FAIL snprintf-log $label: runner failed: $got"; fail=$((fail + 1)); continue
  fi
  if [ "$got" = "$want" ]; then
    echo "PASS snprintf-log $label:"; echo "$got" | sed 's/^/  /'; passed=$((passed + 1))
  elif [ "$label" = unguarded ] && host_may_be_affected; then
    echo "INFO snprintf-log unguarded differs on this $(uname -r) host (6.14-6.18: may be the miscompile; not checked):"
    echo "$got" | sed 's/^/    /'
  else
    echo "FAIL snprintf-log $label"; echo "  got:"; echo "$got" | sed 's/^/    /'
    echo "  want:"; echo "$want" | sed 's/^/    /'; fail=$((fail + 1))
  fi
done
echo "snprintf-log: $passed passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$passed" -gt 0 ]
