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

std::optional<helperguard::CallbackOperands>
helperguard::getCallbackOperands(unsigned HelperId) {
  switch (HelperId) {
  case 164: // bpf_for_each_map_elem(map, cb, ctx, flags): cb(map, k, v, ctx)
    return CallbackOperands{1, 2, 3};
  case 180: // bpf_find_vma(task, addr, cb, ctx, flags): cb(task, vma, ctx)
    return CallbackOperands{2, 3, 2};
  case 181: // bpf_loop(n, cb, ctx, flags): cb(index, ctx)
  case 209: // bpf_user_ringbuf_drain(map, cb, ctx, flags): cb(dynptr, ctx)
    return CallbackOperands{1, 2, 1};
  default:
    return std::nullopt;
  }
}

bool helperguard::callsBack(const CallBase &CB) {
  std::optional<unsigned> Id = getHelperId(CB);
  return Id && getCallbackOperands(*Id);
}

const Function *helperguard::getCallbackFunction(const CallBase &CB) {
  std::optional<unsigned> Id = getHelperId(CB);
  if (!Id)
    return nullptr;
  unsigned Op;
  if (std::optional<CallbackOperands> CO = getCallbackOperands(*Id))
    Op = CO->Callback;
  else if (*Id == 170) // bpf_timer_set_callback(timer, cb)
    Op = 1;
  else
    return nullptr;
  if (Op >= CB.arg_size())
    return nullptr;
  const auto *F = dyn_cast<Function>(CB.getArgOperand(Op)->stripPointerCasts());
  return F && !F->isDeclaration() ? F : nullptr;
}
