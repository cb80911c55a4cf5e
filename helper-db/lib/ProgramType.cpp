//===- ProgramType.cpp - BPF program types from libbpf SEC() names --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The table follows section_defs[] in libbpf's src/libbpf.c (libbpf 1.x).
// libbpf matches a definition ending in '+' as the exact name or the name
// followed by '/', one ending in '/' as a prefix, and any other one exactly;
// here every definition matches exactly or followed by '/' ("xdp/cpumap" is
// listed on its own anyway), which also accepts the older libbpf spellings
// such as "xdp/foo" and "perf_event/foo". The first matching row wins.
//
//===----------------------------------------------------------------------===//

#include "helperguard/ProgramType.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace helperguard {

namespace {

struct SectionDef {
  StringRef Prefix;
  StringRef ProgType;
};

// Keep more specific names before less specific ones with the same start.
const SectionDef SectionDefs[] = {
    {"socket", "socket_filter"},
    {"sk_reuseport/migrate", "sk_reuseport"},
    {"sk_reuseport", "sk_reuseport"},
    {"kprobe", "kprobe"},
    {"uprobe", "kprobe"},
    {"uprobe.s", "kprobe"},
    {"kretprobe", "kprobe"},
    {"uretprobe", "kprobe"},
    {"uretprobe.s", "kprobe"},
    {"kprobe.multi", "kprobe"},
    {"kretprobe.multi", "kprobe"},
    {"kprobe.session", "kprobe"},
    {"uprobe.multi", "kprobe"},
    {"uretprobe.multi", "kprobe"},
    {"uprobe.multi.s", "kprobe"},
    {"uretprobe.multi.s", "kprobe"},
    {"uprobe.session", "kprobe"},
    {"uprobe.session.s", "kprobe"},
    {"ksyscall", "kprobe"},
    {"kretsyscall", "kprobe"},
    {"usdt", "kprobe"},
    {"usdt.s", "kprobe"},
    {"tc/ingress", "sched_cls"},
    {"tc/egress", "sched_cls"},
    {"tcx/ingress", "sched_cls"},
    {"tcx/egress", "sched_cls"},
    {"tc", "sched_cls"},
    {"classifier", "sched_cls"},
    {"action", "sched_act"},
    {"netkit/primary", "sched_cls"},
    {"netkit/peer", "sched_cls"},
    {"tracepoint", "tracepoint"},
    {"tp", "tracepoint"},
    {"raw_tracepoint", "raw_tracepoint"},
    {"raw_tp", "raw_tracepoint"},
    {"raw_tracepoint.w", "raw_tracepoint_writable"},
    {"raw_tp.w", "raw_tracepoint_writable"},
    {"tp_btf", "tracing"},
    {"fentry", "tracing"},
    {"fmod_ret", "tracing"},
    {"fexit", "tracing"},
    {"fentry.s", "tracing"},
    {"fmod_ret.s", "tracing"},
    {"fexit.s", "tracing"},
    {"freplace", "ext"},
    {"lsm", "lsm"},
    {"lsm.s", "lsm"},
    {"lsm_cgroup", "lsm"},
    {"iter", "tracing"},
    {"iter.s", "tracing"},
    {"syscall", "syscall"},
    {"xdp.frags/devmap", "xdp"},
    {"xdp/devmap", "xdp"},
    {"xdp.frags/cpumap", "xdp"},
    {"xdp/cpumap", "xdp"},
    {"xdp.frags", "xdp"},
    {"xdp", "xdp"},
    {"perf_event", "perf_event"},
    {"lwt_in", "lwt_in"},
    {"lwt_out", "lwt_out"},
    {"lwt_xmit", "lwt_xmit"},
    {"lwt_seg6local", "lwt_seg6local"},
    {"sockops", "sock_ops"},
    {"sk_skb/stream_parser", "sk_skb"},
    {"sk_skb/stream_verdict", "sk_skb"},
    {"sk_skb", "sk_skb"},
    {"sk_msg", "sk_msg"},
    {"lirc_mode2", "lirc_mode2"},
    {"flow_dissector", "flow_dissector"},
    {"cgroup_skb/ingress", "cgroup_skb"},
    {"cgroup_skb/egress", "cgroup_skb"},
    {"cgroup/skb", "cgroup_skb"},
    {"cgroup/sock_create", "cgroup_sock"},
    {"cgroup/sock_release", "cgroup_sock"},
    {"cgroup/sock", "cgroup_sock"},
    {"cgroup/post_bind4", "cgroup_sock"},
    {"cgroup/post_bind6", "cgroup_sock"},
    {"cgroup/bind4", "cgroup_sock_addr"},
    {"cgroup/bind6", "cgroup_sock_addr"},
    {"cgroup/connect4", "cgroup_sock_addr"},
    {"cgroup/connect6", "cgroup_sock_addr"},
    {"cgroup/connect_unix", "cgroup_sock_addr"},
    {"cgroup/sendmsg4", "cgroup_sock_addr"},
    {"cgroup/sendmsg6", "cgroup_sock_addr"},
    {"cgroup/sendmsg_unix", "cgroup_sock_addr"},
    {"cgroup/recvmsg4", "cgroup_sock_addr"},
    {"cgroup/recvmsg6", "cgroup_sock_addr"},
    {"cgroup/recvmsg_unix", "cgroup_sock_addr"},
    {"cgroup/getpeername4", "cgroup_sock_addr"},
    {"cgroup/getpeername6", "cgroup_sock_addr"},
    {"cgroup/getpeername_unix", "cgroup_sock_addr"},
    {"cgroup/getsockname4", "cgroup_sock_addr"},
    {"cgroup/getsockname6", "cgroup_sock_addr"},
    {"cgroup/getsockname_unix", "cgroup_sock_addr"},
    {"cgroup/sysctl", "cgroup_sysctl"},
    {"cgroup/getsockopt", "cgroup_sockopt"},
    {"cgroup/getsockopt.s", "cgroup_sockopt"},
    {"cgroup/setsockopt", "cgroup_sockopt"},
    {"cgroup/setsockopt.s", "cgroup_sockopt"},
    {"cgroup/dev", "cgroup_device"},
    {"struct_ops", "struct_ops"},
    {"struct_ops.s", "struct_ops"},
    {"sk_lookup", "sk_lookup"},
    {"netfilter", "netfilter"},
};

// enum bpf_prog_type, in the kernel's order, without BPF_PROG_TYPE_.
const StringRef KnownProgTypes[] = {
    "socket_filter",
    "kprobe",
    "sched_cls",
    "sched_act",
    "tracepoint",
    "xdp",
    "perf_event",
    "cgroup_skb",
    "cgroup_sock",
    "lwt_in",
    "lwt_out",
    "lwt_xmit",
    "sock_ops",
    "sk_skb",
    "cgroup_device",
    "sk_msg",
    "raw_tracepoint",
    "cgroup_sock_addr",
    "lwt_seg6local",
    "lirc_mode2",
    "sk_reuseport",
    "flow_dissector",
    "cgroup_sysctl",
    "raw_tracepoint_writable",
    "cgroup_sockopt",
    "tracing",
    "struct_ops",
    "ext",
    "lsm",
    "sk_lookup",
    "syscall",
    "netfilter",
};

bool matches(StringRef Section, StringRef Def) {
  if (!Section.consume_front(Def))
    return false;
  return Section.empty() || Section.front() == '/';
}

} // namespace

std::optional<StringRef> progTypeForSection(StringRef Section) {
  for (const SectionDef &D : SectionDefs)
    if (matches(Section, D.Prefix))
      return D.ProgType;
  return std::nullopt;
}

bool progTypeImpliesPerfmon(StringRef ProgType) {
  // The kernel's is_perfmon_prog_type().
  static const StringRef PerfmonTypes[] = {"kprobe",
                                           "tracepoint",
                                           "perf_event",
                                           "raw_tracepoint",
                                           "raw_tracepoint_writable",
                                           "tracing",
                                           "lsm",
                                           "struct_ops",
                                           "ext"};
  return is_contained(PerfmonTypes, ProgType);
}

ArrayRef<StringRef> knownProgTypes() { return KnownProgTypes; }

} // namespace helperguard
