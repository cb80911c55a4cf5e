//===- OpaqueZero.cpp - Zeros the BPF verifier cannot see through ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "OpaqueZero.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace helperguard;

static constexpr const char *PtrDiffAsm = "$0 = r10\n\t$0 -= r10";
static constexpr const char *ZeroGlobalName = "__helperguard_zero";

bool helperguard::isOpaqueZero(const Value *V) {
  if (const auto *CI = dyn_cast<CallInst>(V))
    if (const auto *IA = dyn_cast<InlineAsm>(CI->getCalledOperand()))
      return IA->getAsmString() == PtrDiffAsm;
  if (const auto *LI = dyn_cast<LoadInst>(V))
    if (const auto *GV = dyn_cast<GlobalVariable>(LI->getPointerOperand()))
      return GV->getName() == ZeroGlobalName;
  return false;
}

Instruction *OpaqueZeroFactory::dominatingZero(BasicBlock *BB, ZeroSource Z,
                                               const DominatorTree &DT) const {
  const DomTreeNode *N = DT.getNode(BB);
  for (N = N ? N->getIDom() : nullptr; N; N = N->getIDom()) {
    auto It = PerBlock.find({N->getBlock(), int(Z)});
    if (It != PerBlock.end() && It->second)
      return It->second;
  }
  return nullptr;
}

Value *OpaqueZeroFactory::get(Instruction *I, ZeroSource Z,
                              const DominatorTree *DT) {
  assert(Z != ZeroSource::Auto && "choose a zero source first");
  Instruction *&Zero = PerBlock[{I->getParent(), int(Z)}];
  if (Zero) {
    assert((Zero->getParent() != I->getParent() || Zero->comesBefore(I)) &&
           "the block's first user must ask first");
    return Zero;
  }
  if (DT)
    if (Instruction *Dom = dominatingZero(I->getParent(), Z, *DT)) {
      // Made before every instruction of the blocks its block dominates:
      // one register instead of a new load or subtraction.
      Zero = Dom;
      return Zero;
    }
  IRBuilder<> B(I);
  Type *I64 = B.getInt64Ty();
  if (Z == ZeroSource::PtrDiff) {
    auto *Asm = InlineAsm::get(FunctionType::get(I64, false), PtrDiffAsm, "=r",
                               /*hasSideEffects=*/false);
    Zero = B.CreateCall(Asm, {}, "hg.zero");
  } else {
    GlobalVariable *GV = M.getGlobalVariable(ZeroGlobalName, true);
    if (!GV) {
      GV = new GlobalVariable(M, I64, /*isConstant=*/false,
                              GlobalValue::InternalLinkage,
                              ConstantInt::get(I64, 0), ZeroGlobalName);
      GV->setAlignment(Align(8));
      GV->setSection(".bss");
    }
    Zero = B.CreateAlignedLoad(I64, GV, Align(8), /*isVolatile=*/true,
                               "hg.zero");
  }
  return Zero;
}
