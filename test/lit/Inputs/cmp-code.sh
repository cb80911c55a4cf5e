#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# cmp-code.sh A.o B.o: the two BPF objects are identical except for .BTF and
# .BTF.ext. LLVM's BTF emitter orders some types by heap address, so the same
# IR can give objects whose BTF differs from run to run (ASLR) or after an
# unrelated change of the command line; BTF type ids then move in .BTF.ext
# too. Code, data, relocations, symbols and DWARF must be equal.
set -eu
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
for f in "$1" "$2"; do
  n=$((n + 1))
  env -u LD_PRELOAD llvm-objcopy --remove-section=.BTF --remove-section=.BTF.ext \
    --remove-section=.rel.BTF --remove-section=.rel.BTF.ext "$f" "$t/$n.o"
done
cmp "$t/1.o" "$t/2.o" >/dev/null ||
  { echo "cmp-code: $1 and $2 differ outside .BTF/.BTF.ext" >&2; exit 1; }
