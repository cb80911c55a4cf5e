//===- HelperCalls.h - Recognise BPF helper calls in IR --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// libbpf declares helpers as pointers initialised with the helper id:
//   static long (* const bpf_d_path)(struct path *, char *, __u32) = (void *) 147;
// so a helper call is a call through "inttoptr (i64 147 to ptr)" once
// optimised, or through a load of such a global at -O0.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_HELPERCALLS_H
#define HELPERGUARD_PASSES_HELPERCALLS_H

#include <optional>

namespace llvm {
class CallBase;
class Value;
} // namespace llvm

namespace helperguard {

/// The helper id of a call to a BPF helper, or std::nullopt.
std::optional<unsigned> getHelperId(const llvm::CallBase &CB);

/// Whether V is a constant integer-valued function pointer (a helper id).
std::optional<unsigned> getHelperIdOfCallee(const llvm::Value *Callee);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_HELPERCALLS_H
