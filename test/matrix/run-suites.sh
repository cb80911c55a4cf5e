#!/usr/bin/env bash
# run-suites.sh OUTDIR [--kernels LIST] [--tool PATH] [--plugin PATH]
#
# Builds, with clang-22 into OUTDIR/objs:
#   the verifier experiment suite   examples/verifier-boundaries/*.bpf.c  -> NAME.o
#   the guard suite (guard-suite.list), unguarded and guarded
#                                    -> NAME.plain.o, NAME.guarded.o
# and runs ONE `helperguard matrix --json` over all of them (one boot per
# kernel): OUTDIR/matrix.json, progress in OUTDIR/matrix.log.
# test/matrix/check.py checks the JSON. Exit: matrix's status (0: every
# kernel booted), 2 when something could not be built.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

out=${1:?usage: run-suites.sh OUTDIR [--kernels LIST] [--tool PATH] [--plugin PATH]}
shift
kernels=""
tool=$root/build/bin/helperguard
plugin=$root/build/lib/HelperGuard.so
while [ $# -gt 0 ]; do
  case $1 in
    --kernels) kernels=${2-}; shift; [ $# -gt 0 ] && shift ;;   # "" = the default list
    --tool)    tool=$2; shift 2 ;;
    --plugin)  plugin=$2; shift 2 ;;
    *) echo "run-suites.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
CLANG=${CLANG:-clang-22}
CFLAGS=(-O2 -g -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu)
command -v "$CLANG" >/dev/null || { echo "run-suites.sh: $CLANG not found" >&2; exit 2; }
[ -x "$tool" ] || { echo "run-suites.sh: $tool not built" >&2; exit 2; }
[ -f "$plugin" ] || { echo "run-suites.sh: $plugin not built" >&2; exit 2; }

rm -rf "$out/objs"; mkdir -p "$out/objs"
objs=()
build() {   # build SRC OUT [EXTRA...]
  local src=$1 o=$2; shift 2
  if ! "$CLANG" "${CFLAGS[@]}" "$@" -c "$src" -o "$o" 2> "$o.log"; then
    echo "run-suites.sh: compiling $src failed:" >&2; cat "$o.log" >&2; exit 2
  fi
  objs+=("$o")
}
for src in "$root"/examples/verifier-boundaries/*.bpf.c; do
  n=${src##*/}; build "$src" "$out/objs/${n%.bpf.c}.o"
done
while read -r src prog _; do
  n=${src##*/}; n=${n%.bpf.c}
  build "$root/$src" "$out/objs/$n.plain.o"
  build "$root/$src" "$out/objs/$n.guarded.o" -fpass-plugin="$plugin"
done < <(sed 's/#.*//; /^[[:space:]]*$/d' "$here/guard-suite.list")

args=(matrix --json)
[ -n "$kernels" ] && args+=(--kernels "$kernels")
echo "run-suites.sh: ${#objs[@]} objects; helperguard ${args[*]}" >&2
set +e
"$tool" "${args[@]}" "${objs[@]}" > "$out/matrix.json" 2> >(tee "$out/matrix.log" >&2)
rc=$?
set -e
wait
exit $rc
