#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test.sh build BUILD_DIR WORK_DIR CLANG: builds the go-bpf2go example twice
#   with Debian's Go (golang-go 1.19) and bpf2go (golang-github-cilium-ebpf-dev
#   0.9.1) through `go generate`, offline (GOPATH mode, GOPATH=/usr/share/gocode):
#   WORK_DIR/plain without the plugin, WORK_DIR/guarded with
#   BPF_CFLAGS="-fpass-plugin=BUILD_DIR/lib/HelperGuard.so" (and -fplugin= for
#   clang 14-19). The loaders are static (CGO_ENABLED=0). Then
#   `helperguard check` on both objects: the unguarded one must report the
#   bpf_snprintf hazard (exit 1), the guarded one must be clean (exit 0).
# test.sh qemu BUILD_DIR WORK_DIR: runs both loaders (from the build step) in
#   one QEMU guest per kernel (HG_GO_BPF2GO_KERNELS, default
#   "6.17.13+deb13:affected 6.19.6+deb13:fixed") on a TCP, a UDP and an ICMP
#   packet. Guarded: correct everywhere. Unguarded: correct on the fixed
#   kernel; on the affected one the TCP packet must be dropped (the branch
#   the verifier deleted) and its program must be smaller than on the fixed one.
# HG_GUEST_ADDON (optional): an executable whose checks ride in the same
#   guests, so that each kernel boots once: `ADDON stage ROOTFS GUEST_SH` adds
#   its files and appends its guest script before the boot, `ADDON verify
#   BUILD_DIR RESULTS_LOG WORK_DIR` checks what it wrote to $HG_RESULTS after
#   it (ctest runs test/toolchains/bpftrace-qemu.sh this way). It rides only
#   in the guests of HG_GUEST_ADDON_ON (default: the affected kernel).
# Prints PASS/FAIL lines; exits non-zero on any failure; never skips.
set -euo pipefail
step=${1:?usage: test.sh build|qemu BUILD_DIR WORK_DIR [CLANG]}
build=$(cd "${2:?BUILD_DIR}" && pwd)
work=${3:?WORK_DIR}
mkdir -p "$work"; work=$(cd "$work" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
failed=0
die() { echo "FAIL go-bpf2go $step: $*" >&2; exit 1; }
# shellcheck source=../../scripts/kbench/boot-guest.sh
source "$root/scripts/kbench/boot-guest.sh"
pass() { echo "PASS go-bpf2go $step: $*"; }
fail() { echo "FAIL go-bpf2go $step: $*"; failed=$((failed + 1)); }

# The results every correct build gives, packet after packet.
want='RESULT proto=6 action=XDP_PASS pass=1 drop=0
RESULT proto=17 action=XDP_DROP pass=1 drop=1
RESULT proto=1 action=XDP_DROP pass=1 drop=2'
# The miscompile: the TCP branch is gone, TCP is dropped and counted as such.
want_miscompiled='RESULT proto=6 action=XDP_DROP pass=0 drop=1
RESULT proto=17 action=XDP_DROP pass=0 drop=2
RESULT proto=1 action=XDP_DROP pass=0 drop=3'

case $step in
build)
  clang=${4:?usage: test.sh build BUILD_DIR WORK_DIR CLANG}
  plugin=$build/lib/HelperGuard.so
  [ -f "$plugin" ] || die "$plugin not built"
  command -v go >/dev/null || die "go not found (install golang-go: scripts/lib/deps.sh)"
  [ -d /usr/share/gocode/src/github.com/cilium/ebpf/cmd/bpf2go ] ||
    die "bpf2go sources missing (install golang-github-cilium-ebpf-dev: scripts/lib/deps.sh)"
  # bpf2go runs -cc and then llvm-strip (its name derived from -cc): both come
  # from the LLVM the plugin was built against.
  llvm_bin=$(dirname "$(readlink -f "$clang")")
  [ -x "$llvm_bin/llvm-strip" ] || die "no llvm-strip next to $clang"
  major=$("$clang" --version | sed -nE 's/.*clang version ([0-9]+).*/\1/p' | head -n1)
  guard="-fpass-plugin=$plugin"
  # clang 14-19 register a pass plugin's -mllvm options only with -fplugin=.
  [ "$major" -le 19 ] && guard="-fplugin=$plugin $guard"
  export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS='' GOCACHE=$work/gocache CGO_ENABLED=0
  export PATH=$llvm_bin:$PATH BPF_CLANG=clang
  for variant in plain guarded; do
    d=$work/$variant
    rm -rf "$d"; mkdir -p "$d"
    cp "$here"/*.go "$here"/*.bpf.c "$d/"
    flags=""
    [ "$variant" = guarded ] && flags="$guard -Rpass=helperguard"
    if ! (cd "$d" && BPF_CFLAGS=$flags go generate) > "$d.generate.log" 2>&1; then
      cat "$d.generate.log"; die "go generate ($variant) failed"
    fi
    if [ ! -f "$d/xdptag_bpfel.o" ] || [ ! -f "$d/xdptag_bpfel.go" ]; then
      cat "$d.generate.log"; die "bpf2go wrote no xdptag_bpfel.o/.go ($variant)"
    fi
    if ! (cd "$d" && go build -o xdptag .) > "$d.build.log" 2>&1; then
      cat "$d.build.log"; die "go build ($variant) failed"
    fi
    if ldd "$d/xdptag" > /dev/null 2>&1; then die "$d/xdptag is not static"; fi
  done
  pass "built with $(go version | cut -d' ' -f3) and bpf2go (cilium/ebpf 0.9.1), clang $major"
  if grep -q "remark: guarded: bpf_snprintf writes 'tag'" "$work/guarded.generate.log"; then
    pass "the guarded build's remark: $(grep -o "remark: guarded: bpf_snprintf writes 'tag'[^[]*" "$work/guarded.generate.log" | head -n1)"
  else
    cat "$work/guarded.generate.log"; fail "no 'guarded: bpf_snprintf writes 'tag'' remark in the guarded build"
  fi
  if grep -q "remark:" "$work/plain.generate.log"; then fail "the plain build printed remarks"; fi
  for variant in plain guarded; do
    o=$work/$variant/xdptag_bpfel.o want_rc=0
    [ "$variant" = plain ] && want_rc=1
    set +e
    out=$("$build/bin/helperguard" check "$o" 2>&1); rc=$?
    set -e
    if [ "$rc" -eq "$want_rc" ] &&
       { [ "$variant" = guarded ] || grep -q "bpf_snprintf" <<< "$out"; }; then
      pass "helperguard check $variant object: exit $rc"
      sed 's/^/    /' <<< "$out"
    else
      fail "helperguard check $variant object: exit $rc, expected $want_rc"
      sed 's/^/    /' <<< "$out"
    fi
  done ;;

qemu)
  for variant in plain guarded; do
    [ -x "$work/$variant/xdptag" ] || die "$work/$variant/xdptag missing (the build step runs first)"
  done
  kernels=${HG_GO_BPF2GO_KERNELS:-"6.17.13+deb13:affected 6.19.6+deb13:fixed"}
  loader=$("$root/scripts/kbench/build-loader") || die "building hg-loader failed"
  declare -A plain_insns=()
  for spec in $kernels; do
    k=${spec%%:*} expect=${spec#*:}
    ver=$("$root/scripts/kbench/fetch-kernel" --resolve "$k") || die "cannot resolve kernel $k"
    image=$("$root/scripts/kbench/fetch-kernel" "$ver") || die "cannot fetch kernel $ver"
    g=$work/guest-$ver
    rm -rf "$g"; mkdir -p "$g/rootfs/usr/local/bin"
    cp "$work/plain/xdptag" "$g/rootfs/usr/local/bin/xdptag-plain"
    cp "$work/guarded/xdptag" "$g/rootfs/usr/local/bin/xdptag-guarded"
    cat > "$g/guest.sh" <<'GS'
for v in plain guarded; do
  /usr/local/bin/xdptag-$v 6 17 1 > /tmp/out 2>&1
  echo "EXIT rc=$?" >> /tmp/out
  sed "s|^|$v: |" /tmp/out >> "$HG_RESULTS"
done
GS
    addon=""
    [ -n "${HG_GUEST_ADDON:-}" ] && [ "$expect" = "${HG_GUEST_ADDON_ON:-affected}" ] && addon=$HG_GUEST_ADDON
    if [ -n "$addon" ]; then
      "$addon" stage "$g/rootfs" "$g/guest.sh" || die "$addon stage failed"
    fi
    echo true >> "$g/guest.sh"
    boot_guest "$image" "$g" "$loader"
    res=$g/results.log
    for variant in plain guarded; do
      got=$(sed -n "s/^$variant: //p" "$res" | grep -v '^PROGRAM' || true)
      insns=$(sed -n "s/^$variant: PROGRAM xdp_tag xlated_insns=\([0-9]*\).*/\1/p" "$res")
      [ "$variant" = plain ] && plain_insns[$expect]=${insns:-}
      label=guarded; [ "$variant" = plain ] && label=unguarded
      exp=$want
      [ "$variant" = plain ] && [ "$expect" = affected ] && exp=$want_miscompiled
      if [ "$got" = "$exp"$'\n'"EXIT rc=0" ]; then
        what=correct
        [ "$exp" = "$want_miscompiled" ] && what="miscompiled as expected (TCP dropped)"
        pass "$ver $label: $what, xlated_insns=${insns:-?}"
        sed 's/^/    /' <<< "$got"
      else
        fail "$ver $label: unexpected results"
        echo "  got:"; sed 's/^/    /' <<< "$got"
        echo "  want:"; sed 's/^/    /' <<< "$exp"$'\n'"EXIT rc=0"
      fi
    done
    if [ -n "$addon" ]; then
      "$addon" verify "$build" "$res" "$g/addon" || {
        echo "FAIL go-bpf2go $step: $ver: $(basename "$addon") verify failed"; failed=$((failed + 1)); }
    fi
  done
  # The evidence of the deleted branch: the unguarded program is shorter on
  # the affected kernel than on the fixed one.
  a=${plain_insns[affected]:-} f=${plain_insns[fixed]:-}
  if [ -n "$a" ] && [ -n "$f" ]; then
    if [ "$a" -lt "$f" ]; then
      pass "unguarded program: $a xlated instructions on the affected kernel, $f on the fixed one"
    else
      fail "unguarded program: $a xlated instructions on the affected kernel, not fewer than $f on the fixed one"
    fi
  fi ;;
*) die "unknown step" ;;
esac
echo "go-bpf2go $step: $failed failed"
[ "$failed" -eq 0 ]
