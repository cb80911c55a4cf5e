//===- ProgramType.h - BPF program types from libbpf SEC() names -*- C++ -*-=//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Program types are named as the kernel's enum bpf_prog_type without the
// BPF_PROG_TYPE_ prefix, in lower case: "socket_filter", "kprobe",
// "sched_cls", "sched_act", "tracepoint", "xdp", "perf_event", "cgroup_skb",
// "raw_tracepoint", "raw_tracepoint_writable", "tracing", "lsm", "syscall"...
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PROGRAMTYPE_H
#define HELPERGUARD_PROGRAMTYPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace helperguard {

/// The program type libbpf gives a program in ELF section Section, following
/// libbpf's section_defs (exact names, and prefixes followed by '/' such as
/// "kprobe/do_sys_open", "lsm/bprm_check_security", "tc/ingress").
/// std::nullopt for ".text", data sections and names libbpf does not know.
std::optional<llvm::StringRef> progTypeForSection(llvm::StringRef Section);

/// Whether a program of this type can only be loaded with CAP_PERFMON, so
/// the verifier runs with allow_ptr_leaks (kernel's is_perfmon_prog_type():
/// kprobe, tracepoint, perf_event, raw_tracepoint, raw_tracepoint_writable,
/// tracing, lsm, struct_ops, ext).
bool progTypeImpliesPerfmon(llvm::StringRef ProgType);

/// Every program type name this library knows.
llvm::ArrayRef<llvm::StringRef> knownProgTypes();

} // namespace helperguard

#endif // HELPERGUARD_PROGRAMTYPE_H
