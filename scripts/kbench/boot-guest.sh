# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# boot_guest: one guest run as the example and integration tests do it.
# Source this file; the caller defines die().
#
#   boot_guest IMAGE DIR LOADER
#
# Boots IMAGE with DIR/guest.sh and DIR/rootfs (scripts/kbench/run-guest),
# HG_GUEST_TIMEOUT defaulting to 240 s, its log in DIR/run-guest.err. Dies
# with the log's tail when the guest did not finish; otherwise prints
# "guest VERSION: <the log's last line>" (VERSION: what DIR's name has after
# "guest-"). What guest.sh wrote to $HG_RESULTS is in DIR/results.log.

boot_guest() {
  local image=$1 dir=$2 loader=$3 rc
  local kbench
  kbench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  set +e
  HG_LOADER=$loader HG_GUEST_TIMEOUT=${HG_GUEST_TIMEOUT:-240} \
    "$kbench/run-guest" "$image" "$dir" 2> "$dir/run-guest.err"
  rc=$?
  set -e
  local ver=${dir##*guest-}
  if [ "$rc" -ge 2 ]; then
    tail -n 25 "$dir/run-guest.err"
    die "guest $ver did not finish"
  fi
  echo "guest $ver: $(tail -n1 "$dir/run-guest.err")"
}
