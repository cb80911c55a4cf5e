//===- ProgramTypeTest.cpp - libbpf SEC() names to program types ----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "helperguard/ProgramType.h"

#include "llvm/ADT/STLExtras.h"

#include "gtest/gtest.h"

using namespace helperguard;

namespace {

std::string typeOf(llvm::StringRef Section) {
  std::optional<llvm::StringRef> T = progTypeForSection(Section);
  return T ? T->str() : "<none>";
}

TEST(ProgramType, Sections) {
  const std::pair<const char *, const char *> Cases[] = {
      {"socket", "socket_filter"},
      {"sk_reuseport", "sk_reuseport"},
      {"sk_reuseport/migrate", "sk_reuseport"},
      {"kprobe/do_sys_open", "kprobe"},
      {"kretprobe/do_sys_open", "kprobe"},
      {"uprobe//bin/bash:readline", "kprobe"},
      {"uretprobe.s/libc.so.6:malloc", "kprobe"},
      {"kprobe.multi/tcp_*", "kprobe"},
      {"ksyscall/openat", "kprobe"},
      {"usdt/libc:setjmp", "kprobe"},
      {"kprobe", "kprobe"},
      {"tracepoint/syscalls/sys_enter_openat", "tracepoint"},
      {"tp/sched/sched_switch", "tracepoint"},
      {"raw_tracepoint/sys_enter", "raw_tracepoint"},
      {"raw_tp/sys_enter", "raw_tracepoint"},
      {"raw_tracepoint.w/bpf_test_finish", "raw_tracepoint_writable"},
      {"raw_tp.w/bpf_test_finish", "raw_tracepoint_writable"},
      {"tp_btf/sched_switch", "tracing"},
      {"fentry/vfs_open", "tracing"},
      {"fexit/vfs_read", "tracing"},
      {"fmod_ret/security_file_open", "tracing"},
      {"fentry.s/do_nanosleep", "tracing"},
      {"iter/task", "tracing"},
      {"iter.s/task_vma", "tracing"},
      {"freplace/handle", "ext"},
      {"lsm/bprm_check_security", "lsm"},
      {"lsm.s/file_open", "lsm"},
      {"lsm_cgroup/socket_bind", "lsm"},
      {"xdp", "xdp"},
      {"xdp/cpumap", "xdp"},
      {"xdp.frags/devmap", "xdp"},
      {"xdp.frags", "xdp"},
      {"xdp/legacy_name", "xdp"},
      {"tc", "sched_cls"},
      {"tc/ingress", "sched_cls"},
      {"tcx/egress", "sched_cls"},
      {"classifier", "sched_cls"},
      {"classifier/foo", "sched_cls"},
      {"action", "sched_act"},
      {"netkit/primary", "sched_cls"},
      {"perf_event", "perf_event"},
      {"cgroup_skb/ingress", "cgroup_skb"},
      {"cgroup/skb", "cgroup_skb"},
      {"cgroup/sock_create", "cgroup_sock"},
      {"cgroup/post_bind4", "cgroup_sock"},
      {"cgroup/bind4", "cgroup_sock_addr"},
      {"cgroup/connect6", "cgroup_sock_addr"},
      {"cgroup/sendmsg_unix", "cgroup_sock_addr"},
      {"cgroup/getsockopt", "cgroup_sockopt"},
      {"cgroup/setsockopt.s", "cgroup_sockopt"},
      {"cgroup/sysctl", "cgroup_sysctl"},
      {"cgroup/dev", "cgroup_device"},
      {"sockops", "sock_ops"},
      {"sk_skb/stream_verdict", "sk_skb"},
      {"sk_msg", "sk_msg"},
      {"lirc_mode2", "lirc_mode2"},
      {"flow_dissector", "flow_dissector"},
      {"lwt_xmit", "lwt_xmit"},
      {"lwt_seg6local", "lwt_seg6local"},
      {"struct_ops/tcp_ca_init", "struct_ops"},
      {"struct_ops.s/dequeue", "struct_ops"},
      {"sk_lookup", "sk_lookup"},
      {"syscall", "syscall"},
      {"netfilter", "netfilter"},
  };
  for (const auto &[Sec, Type] : Cases) {
    EXPECT_EQ(Type, typeOf(Sec)) << Sec;
    EXPECT_TRUE(llvm::is_contained(knownProgTypes(), llvm::StringRef(Type)))
        << Type;
  }
}

TEST(ProgramType, NotPrograms) {
  for (const char *Sec : {".text", ".data", ".bss", ".rodata", ".maps",
                          "license", ".BTF", "xdpfoo", "kprobes/x", "tc_x",
                          "cgroup/unknown", "", "socketx", "lsm.x/foo"})
    EXPECT_EQ("<none>", typeOf(Sec)) << Sec;
}

TEST(ProgramType, Perfmon) {
  for (const char *T :
       {"kprobe", "tracepoint", "perf_event", "raw_tracepoint",
        "raw_tracepoint_writable", "tracing", "lsm", "struct_ops", "ext"})
    EXPECT_TRUE(progTypeImpliesPerfmon(T)) << T;
  for (const char *T : {"xdp", "sched_cls", "sched_act", "socket_filter",
                        "cgroup_skb", "syscall", "nonsense"})
    EXPECT_FALSE(progTypeImpliesPerfmon(T)) << T;
}

} // namespace
