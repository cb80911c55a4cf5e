//===- OpaqueZero.h - Zeros the BPF verifier cannot see through -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The guard adds zero to bytes, or stores zero, with a zero the verifier
// cannot prove is zero, so it stops trusting what it believed about them.
//
//   PtrDiff  "r = r10; r -= r10": subtracting two pointers gives an unknown
//            scalar when the verifier allows pointer leaks (CAP_PERFMON).
//            Costs one instruction more than materialising a constant zero.
//   Global   a volatile load of @__helperguard_zero, a writable .bss global
//            that nothing writes: a map value, so unknown to the verifier at
//            any privilege. Costs two instructions more (ld_imm64 + load).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_OPAQUEZERO_H
#define HELPERGUARD_PASSES_OPAQUEZERO_H

#include "Options.h"

#include "llvm/ADT/DenseMap.h"

namespace llvm {
class BasicBlock;
class DominatorTree;
class Instruction;
class Module;
class Value;
} // namespace llvm

namespace helperguard {

/// Whether V is an opaque zero made by this pass (either kind).
bool isOpaqueZero(const llvm::Value *V);

/// Hands out opaque zeros, one per basic block and kind. The first get()
/// for a block creates the zero before the instruction asked for, so ask
/// for a block's first user first (GuardRewriter::apply does). Given the
/// function's dominator tree, a block reuses the zero of a block that
/// dominates it: ask in an order that visits dominators first (reverse
/// post-order).
class OpaqueZeroFactory {
public:
  explicit OpaqueZeroFactory(llvm::Module &M) : M(M) {}

  /// An i64 opaque zero of kind Z (PtrDiff or Global) available at I.
  llvm::Value *get(llvm::Instruction *I, ZeroSource Z,
                   const llvm::DominatorTree *DT = nullptr);

  /// The zero of kind Z a block strictly dominating BB has already, if any.
  llvm::Instruction *dominatingZero(llvm::BasicBlock *BB, ZeroSource Z,
                                    const llvm::DominatorTree &DT) const;

  /// BPF instructions one opaque zero costs beyond a constant zero.
  static unsigned extraInsns(ZeroSource Z) {
    return Z == ZeroSource::PtrDiff ? 1 : 2;
  }

private:
  llvm::Module &M;
  llvm::DenseMap<std::pair<llvm::BasicBlock *, int>, llvm::Instruction *>
      PerBlock;
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_OPAQUEZERO_H
