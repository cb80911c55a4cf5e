#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# sweep-slice.sh TOOL OUTDIR [KERNELS]: a short slice of scripts/sweep
# (branches N=2,8; loop N=16,256; bpf_loop N=16,4096; iterator N=16; stack
# 64, 512, 520 bytes) on two kernels (default: 6.1, before open-coded
# iterators, and the newest 7.x), checked by `check.py sweep`, with the HTML
# report written beside it. Exit: 0 all checks pass; 1 a check failed or a
# kernel did not boot; 2 something could not be built.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=${1:?usage: sweep-slice.sh TOOL OUTDIR [KERNELS]}
out=${2:?usage: sweep-slice.sh TOOL OUTDIR [KERNELS]}
kernels=${3:-m-6.1 m-7}
set +e
"$root/scripts/sweep" --tool "$tool" --out "$out" --kernels "$kernels" --timeout 600 \
  branches=2,8 loop=16,256 bpf-loop=16,4096 iter=16 stack=64,512,520 > "$out.summary"
rc=$?
set -e
cat "$out.summary"
[ "$rc" = 2 ] && exit 2
python3 "$here/check.py" sweep "$out/sweep.json" --min-kernels 2
