#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# fallback.sh: scripts/kbench/fetch-kernel when Debian drops a kernel version.
# An exact version that is neither cached nor in the archive falls back,
# loudly (FALLBACK), to the candidates kernels.list names for it; one without
# candidates fails with a message that says so; an available one resolves to
# itself. Uses a private kernels.list with versions that do not exist. Needs
# the Debian mirror (a private apt configuration; nothing is downloaded but
# the package lists). Ends with "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fk=$here/../../scripts/kbench/fetch-kernel
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok()   { echo "PASS $1"; passed=$((passed + 1)); }
bad()  { echo "FAIL $1"; failed=$((failed + 1)); }

newest=$("$fk" --list 6.17 2> "$work/list.err" | tail -n 1)
if [ -z "$newest" ]; then
  cat "$work/list.err"
  echo "FAIL setup: no 6.17 kernel in the archive (mirror unreachable?)"
  echo "0 passed, 1 failed"; exit 1
fi
printf '%s\n' "6.17.99+deb13   6.17.98+deb13 6.17" > "$work/kernels.list"
export HELPERGUARD_KERNELS_LIST=$work/kernels.list

got=$("$fk" --resolve 6.17.99+deb13 2> "$work/fb.err")
if [ "$got" = "$newest" ] && grep -q "FALLBACK: 6.17.99+deb13 is no longer in the archive; using $newest" "$work/fb.err"; then
  ok "a dropped version falls back loudly to the newest 6.17 ($newest)"
else
  bad "fall-back: got '$got', stderr: $(tr '\n' ' ' < "$work/fb.err")"
fi

if got=$("$fk" --resolve 6.17.97+deb13 2> "$work/none.err"); then
  bad "a dropped version without fall-backs resolved to '$got'"
elif grep -q "not in the archive any more and kernels.list names no fall-back" "$work/none.err"; then
  ok "a dropped version without fall-backs fails with a clear message"
else
  bad "no fall-back: unclear message: $(tr '\n' ' ' < "$work/none.err")"
fi

got=$("$fk" --resolve "$newest" 2> "$work/exact.err")
if [ "$got" = "$newest" ] && ! grep -q FALLBACK "$work/exact.err"; then
  ok "an available version resolves to itself ($newest)"
else
  bad "exact: got '$got', stderr: $(tr '\n' ' ' < "$work/exact.err")"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
