#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# guest-probe.sh PROBE KERNEL EXPECT OUTDIR [--no-btf]: boot the Debian kernel
# KERNEL once under QEMU (scripts/kbench/run-guest) with the static
# helperguard-probe PROBE in the initramfs, and in that one boot
#   1. list the kernel's BPF program and map ids (helperguard-probe --list-ids),
#   2. run helperguard-probe --json --self-check -v (its own before/after ids),
#   3. list the ids again from a new process;
#   4. with --no-btf: hide /sys/kernel/btf (a tmpfs over it) and run again,
#      then raise lockdown to confidentiality and run once more.
# check_guest_probe.py then requires the exit status EXPECT (affected,
# affected-no-d-path, not-affected), the ids before == after, the report's
# shape, the JSON's format, and on 6.17.13 the committed
# helper-db/extracted/probe-6.17.13+deb13.json reproduced entry for entry;
# with HG_PLUGIN set, guard_from_probe.py then builds the lit pairs for the
# probed kernel's uname -r from the JSON and requires the guard exactly where
# the probe found stale knowledge.
# A kernel or QEMU that cannot be had is a failure, never a skip.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 4 ] || { echo "usage: guest-probe.sh PROBE KERNEL EXPECT OUTDIR [--no-btf]" >&2; exit 2; }
probe=$1 kernel=$2 expect=$3 out=$4 nobtf=${5:-}
[ -x "$probe" ] || { echo "guest-probe: FAIL: $probe is not built" >&2; exit 1; }
ver=$("$root/scripts/kbench/fetch-kernel" --resolve "$kernel") ||
  { echo "guest-probe: FAIL: cannot resolve kernel $kernel" >&2; exit 1; }
img=$("$root/scripts/kbench/fetch-kernel" "$ver") ||
  { echo "guest-probe: FAIL: cannot fetch kernel $ver" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out/rootfs/bin"
cp "$probe" "$out/rootfs/bin/helperguard-probe"
cat > "$out/guest.sh" <<'SH'
up() { cut -d' ' -f1 /proc/uptime; }
helperguard-probe --list-ids > /tmp/before 2>&1
t0=$(up)
helperguard-probe --json /tmp/probe.json --self-check -v > /tmp/out 2> /tmp/err
rc=$?
t1=$(up)
helperguard-probe --list-ids > /tmp/after 2>&1
{
  echo "=== rc $rc"
  echo "=== seconds $t0 $t1"
  echo "=== before"; cat /tmp/before
  echo "=== after"; cat /tmp/after
  echo "=== stdout"; cat /tmp/out
  echo "=== stderr"; cat /tmp/err
  echo "=== json"; cat /tmp/probe.json
} > "$HG_RESULTS"
if [ -n "$HG_NO_BTF" ]; then
  mount -t tmpfs tmpfs /sys/kernel/btf
  helperguard-probe --json /tmp/nobtf.json > /tmp/out 2> /tmp/err
  rc=$?
  {
    echo "=== nobtf-rc $rc"
    echo "=== nobtf-stdout"; cat /tmp/out
    echo "=== nobtf-stderr"; cat /tmp/err
    echo "=== nobtf-json"; cat /tmp/nobtf.json
  } >> "$HG_RESULTS"
  umount /sys/kernel/btf
  # lockdown can only be raised: last
  echo confidentiality > /sys/kernel/security/lockdown
  helperguard-probe > /tmp/out 2> /tmp/err
  rc=$?
  {
    echo "=== lockdown-rc $rc $(cat /sys/kernel/security/lockdown)"
    echo "=== lockdown-stderr"; cat /tmp/err
  } >> "$HG_RESULTS"
fi
echo "=== end" >> "$HG_RESULTS"
exit 0
SH
if [ "$nobtf" = --no-btf ]; then sed -i '1i HG_NO_BTF=1' "$out/guest.sh"; else sed -i '1i HG_NO_BTF=' "$out/guest.sh"; fi
t0=$SECONDS
HG_GUEST_TIMEOUT=${HG_GUEST_TIMEOUT:-300} "$root/scripts/kbench/run-guest" "$img" "$out" \
  2> "$out/run-guest.err" || { cat "$out/run-guest.err" >&2;
  echo "guest-probe: FAIL: the guest of $ver did not finish" >&2; exit 1; }
grep -o 'guest finished in [0-9.]*s' "$out/run-guest.err" | sed "s/^/guest-probe: $ver: /"
echo "guest-probe: $ver: $((SECONDS - t0)) s wall for the boot and every check"
python3 "$here/check_guest_probe.py" "$out/results.log" "$ver" "$expect" "$root"
# The probe's JSON drives the guard (HG_CLANG, HG_PLUGIN, HG_TOOL set by
# test/probe/CMakeLists.txt): guarded exactly where the probe found stale
# knowledge, named by the kernel's own uname -r.
if [ -n "${HG_PLUGIN:-}" ]; then
  python3 "$here/guard_from_probe.py" "$out/results.log" "$root" "$HG_CLANG" \
    "$HG_PLUGIN" "$HG_TOOL" "$out/guard"
fi
