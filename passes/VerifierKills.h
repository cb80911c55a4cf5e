//===- VerifierKills.h - Writes after which the verifier knows nothing -*- C++ -*-=//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Some writes make the verifier forget bytes on every kernel: a store of a
// value it cannot know, or a helper whose prototype declares that it writes
// the buffer (bpf_probe_read_kernel, bpf_get_current_comm...). An
// initialisation such a write always overwrites before a call cannot give
// the call stale bytes, and a read it always precedes after the call cannot
// see them.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_VERIFIERKILLS_H
#define HELPERGUARD_PASSES_VERIFIERKILLS_H

#include "StackAccesses.h"

#include "helperguard/HelperDB.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Dominators.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace helperguard {

class VerifierKills {
public:
  VerifierKills(const HelperDB &DB, const KernelSet &Targets)
      : DB(DB), Targets(Targets) {}

  /// Whether every path from From to To, in the same function, passes an
  /// access of Obj that makes the verifier forget all of Bytes on every
  /// targeted kernel (for programs of type Types).
  bool killedBetween(const StackObject &Obj, const StackAccess &From,
                     const StackAccess &To, const llvm::BitVector &Bytes,
                     const std::vector<std::string> &Types);

  /// The bytes of Bytes that every path from From to To, in the same
  /// function, overwrites: with what the verifier forgets, or with any
  /// store, memset or copy of a known length (the later write is then what
  /// the verifier knows of them).
  llvm::BitVector overwrittenBetween(const StackObject &Obj,
                                     const StackAccess &From,
                                     const StackAccess &To,
                                     const llvm::BitVector &Bytes,
                                     const std::vector<std::string> &Types);

private:
  const HelperDB &DB;
  const KernelSet &Targets;
  llvm::DenseMap<const llvm::Function *, std::unique_ptr<llvm::DominatorTree>>
      DTs;

  /// The bytes of Obj the verifier knows nothing of after A, if A is such a
  /// write.
  std::optional<llvm::BitVector>
  forgottenBytes(const StackObject &Obj, const StackAccess &A,
                 const std::vector<std::string> &Types) const;
  /// The bytes of Bytes that writes W for which Written(W) gives bytes
  /// overwrite on every path from From to To.
  llvm::BitVector coveredBetween(
      const StackObject &Obj, const StackAccess &From, const StackAccess &To,
      const llvm::BitVector &Bytes,
      llvm::function_ref<std::optional<llvm::BitVector>(const StackAccess &W)>
          Written);
  llvm::DominatorTree &domTree(llvm::Function &F);
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_VERIFIERKILLS_H
