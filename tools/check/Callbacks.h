//===- Callbacks.h - Helpers that call a subprogram back ---------*- C++
//-*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Which helper calls pass a callback, in which register, and what the
// verifier puts in the callback's argument registers (kernel/bpf/verifier.c,
// set_*_callback_state()):
//
//   bpf_for_each_map_elem (164)  R1 map, R2 key, R3 value, R4 = caller's R3
//   bpf_timer_set_callback (170) R1 map, R2 key, R3 value (async)
//   bpf_find_vma (180)           R1 task, R2 vma, R3 = caller's R4
//   bpf_loop (181)               R1 index (unknown scalar), R2 = caller's R3
//   bpf_user_ringbuf_drain (209) R1 dynptr, R2 = caller's R3
//
// A synchronous callback runs in a new frame on top of the caller's, zero
// or more times, from the call site (6.7 and later: the verifier returns to
// the helper call after each walk of the callback and may walk it again);
// the context argument may point into the caller's stack. An asynchronous
// one (timers) runs later on its own stack, with a single frame.
//
// Also which subprogram a 16-byte load of an immediate loads the address
// of: src_reg BPF_PSEUDO_FUNC once libbpf rewrote it, or, as clang writes
// it in a .o, a relocation against a code section (libbpf: the symbol's
// value plus the immediate, in bytes).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_CALLBACKS_H
#define HELPERGUARD_CHECK_CALLBACKS_H

#include "BpfObject.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace helperguard {
namespace check {

/// What the verifier puts in one argument register of a callback.
enum class CallbackArg : uint8_t {
  None,    ///< not initialised
  Scalar,  ///< an unknown scalar
  Pointer, ///< a pointer it tracks that is not into a stack (map, key, ...)
  Caller1, ///< the caller's R1 at the helper call (Caller1 + N - 1: R<N>)
  Caller2,
  Caller3,
  Caller4,
  Caller5,
};

struct CallbackHelper {
  unsigned Id;
  unsigned FnReg;      ///< the register that holds the callback
  bool Async;          ///< runs later, on its own stack
  CallbackArg Args[5]; ///< R1..R5 of the callback
};

/// The description of helper Id if it takes a callback, else nullptr.
const CallbackHelper *callbackHelper(unsigned Id);

/// The (section, instruction) whose address the 16-byte load at Idx of
/// section Sec loads, if it loads the address of code.
std::optional<std::pair<unsigned, size_t>>
funcAddress(const BpfObject &Obj, unsigned Sec, size_t Idx);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_CALLBACKS_H
