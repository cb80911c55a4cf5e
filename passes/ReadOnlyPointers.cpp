//===- ReadOnlyPointers.cpp - Pointers the verifier types read-only -------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Follows a pointer back to where the verifier gives it its type
// (ReadOnlyPointers.h).
//
//===----------------------------------------------------------------------===//

#include "ReadOnlyPointers.h"

#include "HelperCalls.h"

#include "helperguard/LLVMCompat.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace helperguard;

namespace {

constexpr unsigned PerCpuPtrId = 153;  // BPF_FUNC_per_cpu_ptr
constexpr unsigned ThisCpuPtrId = 154; // BPF_FUNC_this_cpu_ptr

/// A ksym (`extern ... __ksym`) whose type is not a struct: the verifier
/// gives per-CPU pointers to it MEM_RDONLY.
bool isScalarKsym(const Value *V) {
  const auto *GV = dyn_cast<GlobalVariable>(V->stripPointerCasts());
  return GV && GV->isDeclaration() && GV->getSection() == ".ksyms" &&
         !GV->getValueType()->isStructTy();
}

/// A constant global libbpf places in the .rodata map.
bool isRodataGlobal(const GlobalVariable &GV) {
  if (!GV.isConstant() || GV.isDeclaration())
    return false;
  StringRef Sec = GV.getSection();
  return Sec.empty() || compat::startsWith(Sec, ".rodata");
}

std::optional<ReadOnlyMemory>
kindOf(const Value *V, SmallPtrSetImpl<const Value *> &Seen, unsigned Depth) {
  if (Depth > 16 || !Seen.insert(V).second)
    return std::nullopt;
  V = V->stripPointerCasts();
  if (const auto *GV = dyn_cast<GlobalVariable>(V))
    return isRodataGlobal(*GV) ? std::optional(ReadOnlyMemory::RdonlyMap)
                               : std::nullopt;
  if (const auto *GEP = dyn_cast<GEPOperator>(V))
    return kindOf(GEP->getPointerOperand(), Seen, Depth + 1);
  if (const auto *CB = dyn_cast<CallBase>(V)) {
    if (std::optional<unsigned> Id = getHelperId(*CB))
      return (*Id == PerCpuPtrId || *Id == ThisCpuPtrId) &&
                     CB->arg_size() > 0 && isScalarKsym(CB->getArgOperand(0))
                 ? std::optional(ReadOnlyMemory::RdonlyMem)
                 : std::nullopt;
    const Function *F = CB->getCalledFunction();
    if (F && F->isDeclaration() && F->getName() == "bpf_dynptr_slice")
      return ReadOnlyMemory::RdonlyMem;
    return std::nullopt;
  }
  // Every input the same kind.
  SmallVector<const Value *, 4> Inputs;
  if (const auto *Phi = dyn_cast<PHINode>(V))
    Inputs.append(Phi->op_begin(), Phi->op_end());
  else if (const auto *Sel = dyn_cast<SelectInst>(V))
    Inputs = {Sel->getTrueValue(), Sel->getFalseValue()};
  else
    return std::nullopt;
  std::optional<ReadOnlyMemory> Kind;
  for (const Value *In : Inputs) {
    std::optional<ReadOnlyMemory> K = kindOf(In, Seen, Depth + 1);
    if (!K || (Kind && *Kind != *K))
      return std::nullopt;
    Kind = K;
  }
  return Kind;
}

} // namespace

std::optional<ReadOnlyMemory> helperguard::readOnlyMemoryOf(const Value *V) {
  SmallPtrSet<const Value *, 8> Seen;
  return kindOf(V, Seen, 0);
}
