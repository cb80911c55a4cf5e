#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# test.sh BUILD_DIR: runs the xdp-fib-router example with BPF_PROG_TEST_RUN in
# a network namespace it creates (and always deletes), guarded and unguarded.
#
# Topology, all inside the namespace (nothing leaves the machine):
#   veth-in  02:00:00:00:01:01  10.77.1.1/24  (the packets "arrive" here)
#   veth-out 02:00:00:00:02:01  10.77.2.1/24  (its peer)
#   neighbours 10.77.1.3 -> 02:00:00:00:01:03 (veth-in), 10.77.2.2 -> 02:00:00:00:02:02 (veth-out)
#   route 10.78.0.0/16 via 10.77.2.2; IPv4 forwarding on
# Cases (source 10.77.1.2, TTL 64, ingress veth-in):
#   10.77.2.2  connected on veth-out        XDP_REDIRECT, MACs of veth-out/neighbour, TTL 63
#   10.78.3.4  via the gateway 10.77.2.2    the same
#   10.77.1.3  back out of veth-in          XDP_TX
#   10.77.2.9  no neighbour entry           XDP_PASS, fib_rc 7 (NO_NEIGH), packet unchanged
#   10.99.0.1  no route                     XDP_PASS, fib_rc 4 (NOT_FWDED), packet unchanged
# The guarded build must give these results on any kernel; the unguarded one
# too, except on a 6.14-6.18 host, where it may be miscompiled (reported).
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
nsx link add veth-in address 02:00:00:00:01:01 type veth peer name veth-out address 02:00:00:00:02:01
nsx addr add 10.77.1.1/24 dev veth-in
nsx addr add 10.77.2.1/24 dev veth-out
nsx link set veth-in up
nsx link set veth-out up
ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.forwarding=1
ip netns exec "$ns" sysctl -qw net.ipv4.conf.veth-in.forwarding=1
nsx neigh replace 10.77.1.3 lladdr 02:00:00:00:01:03 dev veth-in nud permanent
nsx neigh replace 10.77.2.2 lladdr 02:00:00:00:02:02 dev veth-out nud permanent
nsx route add 10.78.0.0/16 via 10.77.2.2 dev veth-out
in_if=$(ip netns exec "$ns" cat /sys/class/net/veth-in/ifindex)
out_if=$(ip netns exec "$ns" cat /sys/class/net/veth-out/ifindex)

fwd() {  # fwd ACTION RETVAL EGRESS DMAC SMAC
  echo "action=$1 retval=$2 fib_rc=0 egress_ifindex=$3 dmac=$4 smac=$5 ttl=63 csum=ok"
}
pass_through() {  # pass_through FIB_RC
  echo "action=XDP_PASS retval=2 fib_rc=$1 egress_ifindex=0 dmac=02:aa:aa:aa:aa:aa smac=02:bb:bb:bb:bb:bb ttl=64 csum=ok"
}
declare -a cases=(
  "10.77.2.2|$(fwd XDP_REDIRECT 4 "$out_if" 02:00:00:00:02:02 02:00:00:00:02:01)"
  "10.78.3.4|$(fwd XDP_REDIRECT 4 "$out_if" 02:00:00:00:02:02 02:00:00:00:02:01)"
  "10.77.1.3|$(fwd XDP_TX 3 "$in_if" 02:00:00:00:01:03 02:00:00:00:01:01)"
  "10.77.2.9|$(pass_through 7)"
  "10.99.0.1|$(pass_through 4)"
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
