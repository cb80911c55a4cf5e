#!/usr/bin/env bash
# bad-input.sh HELPERGUARD: `helperguard matrix` on bad input gives a clear
# message and a non-zero exit, never a hang. Prints PASS/FAIL lines and
# "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=${1:?usage: bad-input.sh PATH/TO/helperguard}
CLANG=${CLANG:-clang-22}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hg-matrix-bad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# expect NAME WANT_RC REGEX [ENV=V...] -- ARGS...: run the matrix (with a time
# limit) and check its exit status and stderr.
expect() {
  local name=$1 want=$2 re=$3; shift 3
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  local rc
  env "${envs[@]}" timeout 300 "$tool" matrix "$@" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -eq "$want" ] && grep -Eq "$re" "$tmp/err" "$tmp/out"; then
    echo "PASS $name: exit $rc, $(grep -Eh "$re" "$tmp/err" "$tmp/out" | head -n1)"
    passed=$((passed + 1))
  else
    echo "FAIL $name: exit $rc (want $want), output does not match /$re/:"
    tail -n 15 "$tmp/err" "$tmp/out" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

"$CLANG" -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c \
  "$root/examples/verifier-boundaries/verifier-pass.bpf.c" -o "$tmp/ok.o" ||
  { echo "FAIL setup: $CLANG cannot build a BPF object"; echo "0 passed, 1 failed"; exit 1; }
echo "int main(void) { return 0; }" > "$tmp/host.c"
cc -c "$tmp/host.c" -o "$tmp/host.o"
echo "not an object" > "$tmp/text.o"
head -c 4096 /dev/urandom > "$tmp/corrupt-vmlinuz"

expect "missing object" 2 "does not exist" -- --kernels 6.19 "$tmp/nope.o"
expect "host object" 2 "not a BPF object" -- --kernels 6.19 "$tmp/host.o"
expect "text file" 2 "not an ELF object" -- --kernels 6.19 "$tmp/text.o"
expect "missing kernel image" 2 "kernel image .* does not exist" -- --kernels "$tmp/none/vmlinuz" "$tmp/ok.o"
expect "corrupt kernel image" 2 "not an x86 Linux kernel image" -- --kernels "$tmp/corrupt-vmlinuz" "$tmp/ok.o"
expect "no QEMU" 2 "QEMU not found" HG_QEMU=/nonexistent/qemu-system-x86_64 -- --kernels 6.19 "$tmp/ok.o"
expect "unknown Debian kernel" 1 "NOT AVAILABLE" -- --kernels 9.9.9+deb13 "$tmp/ok.o"

# A kernel image with a valid header whose body is cut off: the guest never
# finishes; the matrix reports the boot failure with the console tail, in
# about --timeout seconds.
img=$("$root/scripts/kbench/fetch-kernel" fixed 2>/dev/null | tail -n1)
if [ -s "$img" ]; then
  head -c 2000000 "$img" > "$tmp/truncated-vmlinuz"
  start=$(date +%s)
  expect "truncated kernel (boot failure)" 1 "BOOT FAILED" -- --accel tcg --timeout 15 \
    --kernels "$tmp/truncated-vmlinuz" "$tmp/ok.o"
  echo "INFO truncated kernel reported after $(( $(date +%s) - start )) s"
else
  echo "FAIL truncated kernel: cannot fetch the 'fixed' kernel to cut"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
