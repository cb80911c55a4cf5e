//===- HelperCalls.cpp - Recognise BPF helper calls in IR -----------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "HelperCalls.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace {
/// The global is only ever read, so its initialiser is its value.
bool isOnlyLoaded(const GlobalVariable &GV) {
  if (GV.isConstant())
    return true;
  if (!GV.hasLocalLinkage())
    return false;
  for (const User *U : GV.users()) {
    const auto *LI = dyn_cast<LoadInst>(U);
    if (!LI || LI->isVolatile())
      return false;
  }
  return true;
}
} // namespace

std::optional<unsigned>
helperguard::getHelperIdOfCallee(const Value *Callee) {
  if (const auto *LI = dyn_cast<LoadInst>(Callee)) {
    const auto *GV =
        dyn_cast<GlobalVariable>(LI->getPointerOperand()->stripPointerCasts());
    if (!GV || !GV->hasDefinitiveInitializer() || !isOnlyLoaded(*GV))
      return std::nullopt;
    Callee = GV->getInitializer();
  }
  const auto *Op = dyn_cast<Operator>(Callee);
  if (!Op || Op->getOpcode() != Instruction::IntToPtr)
    return std::nullopt;
  const auto *Id = dyn_cast<ConstantInt>(Op->getOperand(0));
  if (!Id || Id->getValue().getActiveBits() > 32 || Id->isZero())
    return std::nullopt;
  return unsigned(Id->getZExtValue());
}

std::optional<unsigned> helperguard::getHelperId(const CallBase &CB) {
  if (CB.getCalledFunction() || CB.isInlineAsm())
    return std::nullopt;
  return getHelperIdOfCallee(CB.getCalledOperand());
}
