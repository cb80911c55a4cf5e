#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test.sh BUILD_DIR: runs the xdp-fib-router example with BPF_PROG_TEST_RUN in
# a network namespace it creates (and always deletes), guarded and unguarded.
#
# Topology, all inside the namespace (nothing leaves the machine):
#   fib-in   02:00:00:00:01:01  10.77.1.1/24  (the packets "arrive" here)
#   fib-out  02:00:00:00:02:01  10.77.2.1/24  (its peer)
#   neighbours 10.77.1.3 -> 02:00:00:00:01:03 (fib-in), 10.77.2.2 -> 02:00:00:00:02:02,
#              10.77.2.3 -> 01:00:5e:00:00:01 (a multicast MAC; fib-out)
#   route 10.78.0.0/16 via 10.77.2.2; IPv4 forwarding on
# The pair is a veth pair where the kernel has veth (a module in Debian's
# kernels), else a netkit pair (built in there: CONFIG_NETKIT=y).
# `ip link add NAME type netkit` (iproute2 6.1 knows no netkit options)
# creates it in its default L3 mode, whose devices have no MAC (00:00:...,
# not settable): the expected source MACs are read from the devices.
# LINK=veth or LINK=netkit forces one.
# Cases (source 10.77.1.2, TTL 64, ingress fib-in):
#   10.77.2.2  connected on fib-out         XDP_REDIRECT, MACs of fib-out/neighbour, TTL 63
#   10.78.3.4  via the gateway 10.77.2.2    the same
#   10.77.1.3  back out of fib-in           XDP_TX
#   10.77.2.3  neighbour MAC is multicast   XDP_DROP, group_mac_drops 1, packet unchanged
#   10.77.2.9  no neighbour entry           XDP_PASS, fib_rc 7 (NO_NEIGH), packet unchanged
#   10.99.0.1  no route                     XDP_PASS, fib_rc 4 (NOT_FWDED), packet unchanged
# The guarded build must give these results on any kernel; the unguarded one
# too, except on a 6.14-6.18 host, where it may be miscompiled (reported): on
# 6.17.13 it forwards to the multicast MAC.
# Prints PASS/FAIL lines; exits non-zero on any failure (never skips).
set -euo pipefail
build=${1:?usage: test.sh BUILD_DIR}
build=$(cd "$build" && pwd)

fail=0 passed=0
if [ "$(id -u)" -ne 0 ]; then
  echo "FAIL xdp-fib-router: needs root (network namespaces, BPF_PROG_TEST_RUN)"; exit 1
fi
# The unguarded build is checked only where the host kernel cannot have the
# bug (before 6.14, from 6.19): on a 6.14-6.18 host it may be miscompiled
# (unfixed stable releases), and a difference there is reported, not failed.
host_may_be_affected() {
  local v; v=$(uname -r | grep -oE '^[0-9]+\.[0-9]+')
  [ "${v%%.*}" -eq 6 ] && [ "${v#*.}" -ge 14 ] && [ "${v#*.}" -le 18 ]
}
for r in xdp_fib_router_run xdp_fib_router_run_plain; do
  [ -x "$build/$r" ] || { echo "FAIL xdp-fib-router: $build/$r not built"; exit 1; }
done
command -v ip >/dev/null || { echo "FAIL xdp-fib-router: ip not found (install iproute2)"; exit 1; }

# The guard is there: the pass guarded the lookup, and the objects differ.
if grep -q '"decision": "guarded"' "$build/xdp_fib_router.report.json" 2>/dev/null &&
   grep -q '"helper": "bpf_fib_lookup"' "$build/xdp_fib_router.report.json"; then
  echo "PASS xdp-fib-router: the report says bpf_fib_lookup was guarded"; passed=$((passed + 1))
else
  echo "FAIL xdp-fib-router: $build/xdp_fib_router.report.json does not record a guarded bpf_fib_lookup"
  fail=$((fail + 1))
fi
if cmp -s "$build/xdp_fib_router.bpf.o" "$build/xdp_fib_router_plain.bpf.o"; then
  echo "FAIL xdp-fib-router: guarded and unguarded objects are identical"; fail=$((fail + 1))
fi

ns=hg-fib-$$
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$ns"
nsx() { ip -n "$ns" "$@"; }
nsx link set lo up
link=${LINK:-} why="" nk_why=""
if [ "$link" != netkit ] &&
   why=$(nsx link add fib-in address 02:00:00:00:01:01 type veth peer name fib-out address 02:00:00:00:02:01 2>&1); then
  link=veth
elif [ "$link" != veth ] && nk_why=$(nsx link add fib-in type netkit 2>&1); then
  # The peer gets the kernel's name (nk0): rename it.
  peer=$(nsx -o link show dev fib-in | sed -n 's/^[0-9]*: fib-in@\([^:]*\):.*/\1/p')
  nsx link set "$peer" name fib-out
  link=netkit
else
  echo "FAIL xdp-fib-router: the kernel creates neither a veth nor a netkit pair${LINK:+ (LINK=$LINK)}: veth: ${why:-not tried}; netkit: ${nk_why:-not tried}"; exit 1
fi
echo "xdp-fib-router: devices: a $link pair${why:+ (veth: $why)}"
nsx addr add 10.77.1.1/24 dev fib-in
nsx addr add 10.77.2.1/24 dev fib-out
nsx link set fib-in up
nsx link set fib-out up
ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.forwarding=1
ip netns exec "$ns" sysctl -qw net.ipv4.conf.fib-in.forwarding=1
nsx neigh replace 10.77.1.3 lladdr 02:00:00:00:01:03 dev fib-in nud permanent
nsx neigh replace 10.77.2.2 lladdr 02:00:00:00:02:02 dev fib-out nud permanent
nsx neigh replace 10.77.2.3 lladdr 01:00:5e:00:00:01 dev fib-out nud permanent
nsx route add 10.78.0.0/16 via 10.77.2.2 dev fib-out
in_if=$(ip netns exec "$ns" cat /sys/class/net/fib-in/ifindex)
out_if=$(ip netns exec "$ns" cat /sys/class/net/fib-out/ifindex)
in_mac=$(ip netns exec "$ns" cat /sys/class/net/fib-in/address)
out_mac=$(ip netns exec "$ns" cat /sys/class/net/fib-out/address)

fwd() {  # fwd ACTION RETVAL EGRESS DMAC SMAC
  echo "action=$1 retval=$2 fib_rc=0 egress_ifindex=$3 dmac=$4 smac=$5 ttl=63 csum=ok group_mac_drops=0"
}
unchanged() {  # unchanged ACTION RETVAL FIB_RC EGRESS DROPS: the packet as it came
  echo "action=$1 retval=$2 fib_rc=$3 egress_ifindex=$4 dmac=02:aa:aa:aa:aa:aa smac=02:bb:bb:bb:bb:bb ttl=64 csum=ok group_mac_drops=$5"
}
declare -a cases=(
  "10.77.2.2|$(fwd XDP_REDIRECT 4 "$out_if" 02:00:00:00:02:02 "$out_mac")"
  "10.78.3.4|$(fwd XDP_REDIRECT 4 "$out_if" 02:00:00:00:02:02 "$out_mac")"
  "10.77.1.3|$(fwd XDP_TX 3 "$in_if" 02:00:00:00:01:03 "$in_mac")"
  "10.77.2.3|$(unchanged XDP_DROP 1 0 "$out_if" 1)"
  "10.77.2.9|$(unchanged XDP_PASS 2 7 0 0)"
  "10.99.0.1|$(unchanged XDP_PASS 2 4 0 0)"
)
for r in xdp_fib_router_run xdp_fib_router_run_plain; do
  label=guarded; [ "$r" = xdp_fib_router_run_plain ] && label=unguarded
  for c in "${cases[@]}"; do
    dst=${c%%|*} want=${c#*|}
    if ! got=$(ip netns exec "$ns" "$build/$r" "$in_if" 10.77.1.2 "$dst" 64 2>&1); then
      echo "FAIL xdp-fib-router $label -> $dst: runner failed: $got"; fail=$((fail + 1)); continue
    fi
    got=${got#RESULT }
    if [ "$got" = "$want" ]; then
      echo "PASS xdp-fib-router $label -> $dst: $got"; passed=$((passed + 1))
    elif [ "$label" = unguarded ] && host_may_be_affected; then
      echo "INFO xdp-fib-router unguarded -> $dst differs on this $(uname -r) host (6.14-6.18: may be the miscompile; not checked): $got"
    else
      echo "FAIL xdp-fib-router $label -> $dst"; echo "  got:  $got"; echo "  want: $want"
      fail=$((fail + 1))
    fi
  done
done
echo "xdp-fib-router: $passed passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$passed" -gt 0 ]
