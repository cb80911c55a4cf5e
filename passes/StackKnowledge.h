//===- StackKnowledge.h - What a read of the BPF stack tells the verifier -===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The verifier keeps per stack slot either a spilled register (a store of a
// register or an immediate at an 8-byte aligned offset), or per byte
// STACK_ZERO (a zero stored elsewhere) or STACK_MISC (anything else).
// kernel/bpf/verifier.c, check_stack_read_fixed_off (6.10 and later):
//   - a fill at the spill's low address, no wider than the spill, copies
//     the spilled value and truncates it to the fill's width;
//   - any other fill is an unknown scalar unless every byte it reads is a
//     zero (STACK_ZERO, or a spilled zero); STACK_MISC reads are unknown.
// A read after a hazardous call matters only when it gives the verifier
// knowledge the helper's write may contradict. Where the IR cannot tell
// how the backend lays out a store (split by alignment, merged with its
// neighbours, a memset or copy expanded), this model assumes knowledge.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_STACKKNOWLEDGE_H
#define HELPERGUARD_PASSES_STACKKNOWLEDGE_H

#include "StackAccesses.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/BitVector.h"

#include <optional>

namespace helperguard {

/// An initialisation that may reach a call, and which of its bytes no later
/// write overwrites on every path to the call.
struct LiveInit {
  const StackAccess *Access;
  llvm::BitVector Bytes;
};

/// When the verifier knows of V only that it is an unknown value of W bits,
/// zero- or sign-extended (a u32 context field or a helper's u32 result
/// stored as a u64): W. A fill of at least W bits then learns nothing.
std::optional<unsigned> extendedOpaqueWidth(const llvm::Value *V);

/// Whether the verifier may learn, from the read R of Obj, something about
/// the bytes Written that the initialisations Inits gave them. Reads are
/// the object's other reads, which the backend may combine with R.
bool readLearns(const StackObject &Obj, const StackAccess &R,
                llvm::ArrayRef<LiveInit> Inits, const llvm::BitVector &Written,
                llvm::ArrayRef<const StackAccess *> Reads);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_STACKKNOWLEDGE_H
