//===- VerifierKills.cpp - Writes after which the verifier knows nothing --===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "VerifierKills.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace helperguard;

namespace {
/// The constant value of a size argument, looking through casts.
std::optional<uint64_t> constantSize(const Value *V) {
  while (auto *C = dyn_cast<CastInst>(V))
    V = C->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(V))
    return CI->getZExtValue();
  return std::nullopt;
}
} // namespace

DominatorTree &VerifierKills::domTree(Function &F) {
  std::unique_ptr<DominatorTree> &DT = DTs[&F];
  if (!DT)
    DT = std::make_unique<DominatorTree>(F);
  return *DT;
}

std::optional<BitVector>
VerifierKills::forgottenBytes(const StackObject &Obj, const StackAccess &A,
                              const std::vector<std::string> &Types) const {
  if (!A.Offset)
    return std::nullopt; // which bytes it writes is not known
  if (A.Kind == AccessKind::OpaqueWrite) {
    if (!A.Size)
      return std::nullopt;
    return accessBytes(Obj, A);
  }
  if (A.Kind != AccessKind::HelperArg)
    return std::nullopt;
  // A helper argument the verifier clobbers on every targeted kernel: one the
  // helper writes and whose prototype declares it wherever it matters.
  const Helper *H = DB.helper(A.HelperId);
  std::optional<std::vector<StaleArg>> Stale =
      DB.staleArgs(A.HelperId, Types, Targets);
  if (!H || !Stale || any_of(*Stale, [&](const StaleArg &S) {
        return S.ArgNo == A.OperandNo + 1;
      }))
    return std::nullopt;
  std::vector<const Prototype *> Protos;
  if (Types.empty() || is_contained(Types, "*"))
    for (const Prototype &P : H->Protos)
      Protos.push_back(&P);
  else
    for (const std::string &T : Types)
      Protos.push_back(H->protoFor(T));
  std::optional<uint64_t> Size;
  for (const Prototype *P : Protos) {
    const MemArg *MA = P ? P->arg(A.OperandNo + 1) : nullptr;
    if (!MA || !MA->Writes)
      return std::nullopt;
    std::optional<uint64_t> S = MA->FixedSize;
    auto *CB = cast<CallBase>(A.Inst);
    if (MA->SizeArgNo && *MA->SizeArgNo <= CB->arg_size())
      S = constantSize(CB->getArgOperand(*MA->SizeArgNo - 1));
    if (!S || (Size && *Size != *S))
      return std::nullopt;
    Size = S;
  }
  if (!Size)
    return std::nullopt;
  return byteRange(Obj.Size, A.Offset, Size);
}

BitVector VerifierKills::coveredBetween(
    const StackObject &Obj, const StackAccess &From, const StackAccess &To,
    const BitVector &Bytes,
    function_ref<std::optional<BitVector>(const StackAccess &W)> Written) {
  BitVector Covered(Bytes.size());
  if (From.Path != To.Path || From.Inst->getFunction() != To.Inst->getFunction())
    return Covered;
  Function &F = *To.Inst->getFunction();
  for (const StackAccess &W : Obj.Accesses) {
    if (&W == &From || &W == &To || W.Path != To.Path ||
        W.Inst->getFunction() != &F)
      continue;
    std::optional<BitVector> WBytes = Written(W);
    if (!WBytes)
      continue;
    BitVector Mine = Bytes;
    Mine &= *WBytes;
    Mine.reset(Covered);
    if (Mine.none())
      continue;
    // W dominates To and cannot reach From: every path From -> To passes W.
    DominatorTree &DT = domTree(F);
    if (DT.dominates(W.Inst, To.Inst) &&
        !isPotentiallyReachable(W.Inst, From.Inst, nullptr, &DT))
      Covered |= Mine;
  }
  return Covered;
}

bool VerifierKills::killedBetween(const StackObject &Obj,
                                  const StackAccess &From,
                                  const StackAccess &To, const BitVector &Bytes,
                                  const std::vector<std::string> &Types) {
  BitVector Covered =
      coveredBetween(Obj, From, To, Bytes, [&](const StackAccess &W) {
        return forgottenBytes(Obj, W, Types);
      });
  BitVector Left = Bytes;
  Left.reset(Covered);
  return Left.none();
}

BitVector VerifierKills::overwrittenBetween(
    const StackObject &Obj, const StackAccess &From, const StackAccess &To,
    const BitVector &Bytes, const std::vector<std::string> &Types) {
  return coveredBetween(
      Obj, From, To, Bytes,
      [&](const StackAccess &W) -> std::optional<BitVector> {
        if (W.Kind == AccessKind::KnownWrite && W.Offset && W.Size &&
            (isa<StoreInst>(W.Inst) || isa<MemIntrinsic>(W.Inst)))
          return accessBytes(Obj, W);
        return forgottenBytes(Obj, W, Types);
      });
}
