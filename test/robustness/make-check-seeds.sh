#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# make-check-seeds.sh CLANG OUTDIR: builds the seed corpus of hg-fuzz-check
# (small BPF objects from this repository's own sources: little- and
# big-endian, with and without debug info, a loop) into OUTDIR. Objects are
# never committed (*.o is ignored), so the seeds are made where they are used.
# With bpf-gcc on PATH a GCC object is added; without it, that is said.
set -euo pipefail
clang=$1 out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
I=$root/test/lit/Inputs
S=$here/bad-inputs/Inputs/check-good.c
rm -rf "$out"; mkdir -p "$out"
"$clang" -target bpf   -O2 -g -I"$I" -c "$S" -o "$out/clang-g.o"
"$clang" -target bpf   -O2    -I"$I" -c "$S" -o "$out/clang.o"
"$clang" -target bpfeb -O2 -g -I"$I" -c "$S" -o "$out/clang-bpfeb-g.o"
"$clang" -target bpf   -O2    -I"$I" -DPAIR_SNPRINTF_XDP -c "$root/test/lit/c/call-in-loop.c" -o "$out/loop.o"
if command -v bpf-gcc >/dev/null; then
  bpf-gcc -O2 -I/usr/include -I/usr/include/x86_64-linux-gnu -I"$I" -c "$S" -o "$out/gcc.o"
else
  echo "make-check-seeds: note: bpf-gcc not installed, no GCC seed" >&2
fi
echo "make-check-seeds: $(ls "$out" | wc -l) seeds in $out" >&2
