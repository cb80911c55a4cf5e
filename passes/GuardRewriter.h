//===- GuardRewriter.h - Make the verifier forget stale bytes --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Rewrites a module so that, for every hazardous helper call, the verifier no
// longer knows the contents of the bytes the helper writes and the program
// reads afterwards, while the program computes exactly what it did before.
//
//   init    rewrite the initialisations that reach the call so that they
//           store values derived from an opaque zero: a constant zero store
//           stores the opaque zero itself, other stores add it, memset and
//           copies of constants become such stores. Cheapest: one opaque zero
//           per basic block replaces materialising a constant.
//   reload  right after the call, load each word that is read later, add
//           the opaque zero and store it back. Works whatever the
//           initialisation was; costs three instructions a word.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_GUARDREWRITER_H
#define HELPERGUARD_PASSES_GUARDREWRITER_H

#include "HazardAnalysis.h"
#include "OpaqueZero.h"
#include "Options.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/IR/Dominators.h"

namespace llvm {
class Constant;
class MemIntrinsic;
class MemSetInst;
class MemTransferInst;
class StoreInst;
} // namespace llvm

#include <memory>
#include <string>

namespace helperguard {

/// How one hazardous call was (or could not be) guarded.
struct GuardPlan {
  bool Guardable = false;
  Placement Place = Placement::Init;
  ZeroSource Zero = ZeroSource::Global;
  unsigned InsnsEstimate = 0; ///< BPF instructions the guard should add
  std::string Note;           ///< why a fallback was taken, or why not
  std::string technique() const;
};

class GuardRewriter {
public:
  GuardRewriter(llvm::Module &M, const ProgramTypes &PT, GuardStrategy S)
      : M(M), PT(PT), Strategy(S), Zeros(M) {}

  /// Decides how to guard V; the change is made by apply().
  GuardPlan plan(const SiteVerdict &V);

  /// Makes every planned change. Returns whether the module changed.
  bool apply();

private:
  struct ReloadRequest {
    llvm::CallBase *Call;
    llvm::Instruction *InsertBefore; ///< the instruction after the call
    unsigned OperandNo;
    ZeroSource Zero;
    std::vector<const HazardInstance *> Instances;
  };

  llvm::Module &M;
  const ProgramTypes &PT;
  GuardStrategy Strategy;
  OpaqueZeroFactory Zeros;
  llvm::MapVector<llvm::Instruction *, ZeroSource> Inits;
  std::vector<ReloadRequest> Reloads;
  /// Per function, built on first use; the guard adds instructions, never
  /// blocks, so a tree stays valid.
  llvm::DenseMap<llvm::Function *, std::unique_ptr<llvm::DominatorTree>> DTs;

  llvm::DominatorTree &domTree(llvm::Function &F);
  /// Whether an init at I can use the opaque zero of kind Z planned for an
  /// init in a block that dominates I's (no new zero to pay for).
  bool zeroPlannedAbove(llvm::Instruction *I, ZeroSource Z);

  ZeroSource zeroFor(const llvm::Function &F) const;
  bool canRewriteInit(const StackAccess &A) const;
  unsigned initCost(const StackAccess &A) const;
  void rewriteInit(llvm::Instruction *I, ZeroSource Z);
  void rewriteStore(llvm::StoreInst *SI, ZeroSource Z);
  void rewriteMemSet(llvm::MemSetInst *MS, ZeroSource Z);
  void rewriteMemCpy(llvm::MemTransferInst *MT, ZeroSource Z);
  /// Replaces a memset or copy of a constant length by stores of
  /// ChunkValue(Pos, Width) plus the opaque zero.
  void expandStores(
      llvm::MemIntrinsic *MI, llvm::Value *Zero,
      llvm::function_ref<llvm::Constant *(unsigned Pos, unsigned Width)>
          ChunkValue);
  /// Plans reloads after the call; false, with the reason, when they
  /// cannot cover every hazardous byte.
  bool planReload(const SiteVerdict &V, GuardPlan &P, std::string &WhyNot);
  void applyReload(const ReloadRequest &R);
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_GUARDREWRITER_H
