//===- HelperCalls.h - Recognise BPF helper calls in IR --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// libbpf declares helpers as pointers initialised with the helper id:
//   static long (* const bpf_d_path)(struct path *, char *, __u32) = (void *) 147;
// so a helper call is a call through "inttoptr (i64 147 to ptr)" once
// optimised, or through a load of such a global at -O0.
//
// Some helpers call a subprogram of the program back (bpf_loop,
// bpf_for_each_map_elem, bpf_find_vma, bpf_user_ringbuf_drain): the verifier
// walks the callback in a new frame, zero or more times from the call, with
// the helper's context argument in one of the callback's parameters (a
// pointer into the caller's stack stays one).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_HELPERCALLS_H
#define HELPERGUARD_PASSES_HELPERCALLS_H

#include <optional>

namespace llvm {
class CallBase;
class Function;
class Value;
} // namespace llvm

namespace helperguard {

/// The helper id of a call to a BPF helper, or std::nullopt.
std::optional<unsigned> getHelperId(const llvm::CallBase &CB);

/// Whether V is a constant integer-valued function pointer (a helper id).
std::optional<unsigned> getHelperIdOfCallee(const llvm::Value *Callee);

/// A helper that calls back synchronously: its operands (0-based) holding
/// the callback and the context, and the callback's parameter that receives
/// the context.
struct CallbackOperands {
  unsigned Callback;
  unsigned Context;
  unsigned Param;
};
std::optional<CallbackOperands> getCallbackOperands(unsigned HelperId);

/// Whether the helper call CB calls a callback back (it may run many times).
bool callsBack(const llvm::CallBase &CB);

/// The subprogram the helper call CB passes as a callback (those above, and
/// bpf_timer_set_callback's, which runs later on its own stack), if any: it
/// is verified as part of the caller's program.
const llvm::Function *getCallbackFunction(const llvm::CallBase &CB);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_HELPERCALLS_H
