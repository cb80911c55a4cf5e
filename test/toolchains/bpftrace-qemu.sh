#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# bpftrace-qemu.sh: bpftrace (Debian 12: 0.17) inside QEMU guests, as a
# guest add-on (HG_GUEST_ADDON) of examples/go-bpf2go/test.sh qemu, so that
# each kernel boots once for both. bpftrace never runs clang, so it cannot be
# guarded; what can be done is to check what it loads.
#
#   bpftrace-qemu.sh stage ROOTFS GUEST_SH
#     copies bpftrace and its shared libraries (ldd) under ROOTFS and appends
#     to GUEST_SH a script that, in the guest:
#     1. writes the object of each program below with `bpftrace --emit-elf`
#        and sends it base64-encoded over $HG_RESULTS;
#     2. runs the str() comparison for real and opens the file it looks for.
#   bpftrace-qemu.sh verify BUILD_DIR RESULTS_LOG WORK_DIR
#     decodes the objects into WORK_DIR; `helperguard check` must read them
#     (bpftrace's own section names, no BTF, no map relocations) and find no
#     hazard: none hands an affected helper a buffer the verifier knows. The
#     str() comparison must have fired: the clean verdict matches what the
#     program does. path() (bpf_d_path into a zeroed stack buffer, the one
#     bpftrace construct of that shape) is reported, not asserted: bpftrace
#     0.17's own feature probe refuses it on 6.17.13 and 6.19.6
#     (docs/toolchains.md).
# Prints PASS/FAIL/INFO lines; exits non-zero on any failure; never skips.
set -euo pipefail
step=${1:?usage: bpftrace-qemu.sh stage ROOTFS GUEST_SH | verify BUILD_DIR RESULTS_LOG WORK_DIR}
failed=0
die() { echo "FAIL bpftrace-qemu $step: $*" >&2; exit 1; }
fail() { echo "FAIL bpftrace-qemu: $*"; failed=$((failed + 1)); }
pass() { echo "PASS bpftrace-qemu: $*"; }

case $step in
stage)
  rootfs=${2:?ROOTFS} guest_sh=${3:?GUEST_SH}
  bpftrace=$(command -v bpftrace) || die "bpftrace not found (install bpftrace: scripts/lib/deps.sh)"
  mkdir -p "$rootfs/usr/local/bin"
  cp "$bpftrace" "$rootfs/usr/local/bin/"
  for l in $(ldd "$bpftrace" | grep -oE '/[^ ]+\.so[^ ]*'); do
    mkdir -p "$rootfs$(dirname "$l")"; cp -L "$l" "$rootfs$l"
  done
  echo "bpftrace-qemu: initramfs payload $(du -sm "$rootfs" | cut -f1) MB (bpftrace and its shared libraries)"
  # name and program; bpftrace names each section after its probe (s_<probe>_1)
  cat > "$rootfs/bpftrace-progs.txt" <<'P'
str_compare tracepoint:syscalls:sys_enter_openat { if (str(args->filename) == "/tmp/hg-x") { printf("MATCH %s\n", comm); exit(); } @opens[comm] = count(); }
openat_count kprobe:do_sys_openat2 { @[comm] = count(); printf("%s %d\n", comm, pid); }
path_compare kfunc:dentry_open { if (path(args->path) == "/tmp/hg-x") { printf("MATCH\n"); } }
P
  cat >> "$guest_sh" <<'GS'
# bpftrace-qemu.sh: emit each program's object, then run the str() comparison
export PATH=/usr/local/bin:$PATH
echo hi > /tmp/hg-x
echo "BT-KERNEL $(uname -r)" >> "$HG_RESULTS"
while read -r name prog; do
  bpftrace --emit-elf "/tmp/$name.o" -e "$prog" > /tmp/emit.log 2>&1
  echo "BT-EMIT $name rc=$?" >> "$HG_RESULTS"
  sed "s|^|BT-LOG $name |" /tmp/emit.log >> "$HG_RESULTS"
  if [ -f "/tmp/$name.o" ]; then
    { echo "BT-BEGIN-ELF $name"; base64 "/tmp/$name.o"; echo "BT-END-ELF $name"; } >> "$HG_RESULTS"
  fi
done < /bpftrace-progs.txt
prog=$(sed -n 's/^str_compare //p' /bpftrace-progs.txt)
bpftrace -e "$prog" > /tmp/bt-run.log 2>&1 &
bp=$!
i=0
while [ $i -lt 120 ] && ! grep -q Attaching /tmp/bt-run.log; do sleep 1; i=$((i + 1)); done
n=0
while [ $n -lt 10 ] && kill -0 $bp 2>/dev/null; do cat /tmp/hg-x > /dev/null; sleep 1; n=$((n + 1)); done
kill -INT $bp 2>/dev/null
wait $bp
echo "BT-RUN rc=$?" >> "$HG_RESULTS"
sed 's|^|BT-RUN |' /tmp/bt-run.log >> "$HG_RESULTS"
GS
  ;;

verify)
  build=${2:?BUILD_DIR} res=${3:?RESULTS_LOG} work=${4:?WORK_DIR}
  mkdir -p "$work"
  ver=$(sed -n 's/^BT-KERNEL //p' "$res" | head -n1)
  [ -n "$ver" ] || die "no bpftrace results in $res (did the guest run the staged script?)"
  for name in str_compare openat_count; do
    if ! grep -qx "BT-EMIT $name rc=0" "$res"; then
      fail "$name: bpftrace --emit-elf failed on $ver"; grep -a "^BT-LOG $name " "$res" | head -n 5; continue
    fi
    awk -v n="$name" '$0 == "BT-BEGIN-ELF " n { on = 1; next } $0 == "BT-END-ELF " n { on = 0 } on' "$res" |
      base64 -d > "$work/$name.o" || { fail "$name: the object did not come back"; continue; }
    set +e
    out=$("$build/bin/helperguard" check --all "$work/$name.o" 2>&1); crc=$?
    set -e
    if [ "$crc" -eq 0 ] && grep -q " 0 hazardous" <<< "$out" && grep -q "s_.*_1+0x" <<< "$out"; then
      pass "$ver $name: helperguard check reads bpftrace's object: $(tail -n1 <<< "$out" | sed "s|^$work/$name.o: ||")"
    else
      fail "$ver $name: helperguard check exit $crc"; echo "$out" | head -n 20
    fi
  done
  if grep -q "^BT-RUN MATCH " "$res" && grep -q "^BT-RUN rc=0" "$res"; then
    pass "$ver str_compare ran and matched the opened file: $(grep -m1 '^BT-RUN MATCH' "$res" | cut -c8-)"
  else
    fail "$ver str_compare did not report the opened file"; grep -a "^BT-RUN" "$res" | head -n 10
  fi
  if grep -qx "BT-EMIT path_compare rc=0" "$res"; then
    echo "INFO bpftrace-qemu: $ver path_compare: bpftrace emitted a path() program (0.17 refused it here before: docs/toolchains.md)"
  else
    echo "INFO bpftrace-qemu: $ver path_compare: bpftrace refused path(): $(grep -a -m1 '^BT-LOG path_compare .*ERROR' "$res" | sed 's/^BT-LOG path_compare //')"
  fi
  [ "$failed" -eq 0 ] ;;
*) die "unknown step" ;;
esac
