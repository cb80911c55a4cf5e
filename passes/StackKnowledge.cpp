//===- StackKnowledge.cpp - What a read of the BPF stack tells the verifier
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//===//

#include "StackKnowledge.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace helperguard;

namespace {

/// The BPF stack's widest access.
constexpr uint64_t WordBytes = 8;

/// The constant global a copy reads, and where.
std::optional<std::pair<GlobalVariable *, int64_t>>
constantSource(Value *Src, const DataLayout &DL) {
  APInt Off(DL.getIndexTypeSizeInBits(Src->getType()), 0);
  auto *GV = dyn_cast<GlobalVariable>(Src->stripAndAccumulateConstantOffsets(
      DL, Off, /*AllowNonInbounds=*/true));
  if (!GV || !GV->isConstant() || !GV->hasDefinitiveInitializer() ||
      Off.isNegative())
    return std::nullopt;
  return std::make_pair(GV, Off.getSExtValue());
}

/// Whether byte Pos of the object, which init A writes, may be a zero the
/// verifier knows (STACK_ZERO or part of a spilled zero).
bool mayBeKnownZero(const StackAccess &A, int64_t Pos, const DataLayout &DL) {
  if (!A.Offset)
    return true;
  int64_t Rel = Pos - *A.Offset;
  if (const auto *SI = dyn_cast<StoreInst>(A.Inst)) {
    const Value *V = SI->getValueOperand();
    if (const auto *C = dyn_cast<ConstantInt>(V)) {
      // A zero byte of a constant becomes STACK_ZERO when the backend
      // splits the store; a spilled non-zero constant has no zero bytes.
      if (Rel < 0 || Rel >= int64_t(DL.getTypeStoreSize(C->getType())))
        return true;
      return C->getValue().extractBitsAsZExtValue(8, unsigned(Rel) * 8) == 0;
    }
    if (isa<ConstantPointerNull>(V))
      return true;
    // An extended unknown value is never a known zero.
    return !extendedOpaqueWidth(V);
  }
  if (const auto *MS = dyn_cast<MemSetInst>(A.Inst)) {
    const auto *B = dyn_cast<ConstantInt>(MS->getValue());
    return !B || B->isZero();
  }
  if (const auto *MT = dyn_cast<MemTransferInst>(A.Inst)) {
    auto Src = constantSource(MT->getSource(), DL);
    if (!Src || Rel < 0)
      return true;
    Constant *Byte = ConstantFoldLoadFromConst(
        Src->first->getInitializer(), Type::getInt8Ty(MT->getContext()),
        APInt(64, Src->second + Rel), DL);
    return !Byte || Byte->isNullValue();
  }
  return true;
}

/// Whether some read of Others other than R, in R's basic block, touches
/// a byte of [Begin, End): the backend may combine it with R into one
/// wider load (DAGCombiner's load combining works within a block).
bool hasNeighbour(const StackObject &Obj, const StackAccess &R,
                  ArrayRef<const StackAccess *> Others, int64_t Begin,
                  int64_t End) {
  BitVector Range = byteRange(Obj.Size, Begin, End - Begin);
  return any_of(Others, [&](const StackAccess *O) {
    return O != &R && O->Inst->getParent() == R.Inst->getParent() &&
           accessBytes(Obj, *O).anyCommon(Range);
  });
}

/// Whether the read R (Size bytes at Off) learns something from init A: a
/// fill that starts where A, or a piece of it the backend may store on its
/// own, starts. A fill inside a spill learns nothing (its zeros are counted
/// elsewhere), unless the backend may combine it with a neighbouring read
/// that starts where the spill does.
bool fillLearns(const StackObject &Obj, const StackAccess &R,
                ArrayRef<const StackAccess *> Others, const StackAccess &A,
                int64_t Off, uint64_t Size, const DataLayout &DL) {
  if (const auto *MS = dyn_cast<MemSetInst>(A.Inst))
    if (const auto *B = dyn_cast<ConstantInt>(MS->getValue()))
      if (B->isZero())
        return false; // only zeros: a read learns them only if all are
  const auto *SI = dyn_cast<StoreInst>(A.Inst);
  if (!SI || !A.Offset || !A.Size)
    return true; // a memset or copy: the backend chooses the stores
  uint64_t StoreSize = *A.Size;
  int64_t Rel = Off - *A.Offset;
  if (Rel < 0 || Rel >= int64_t(StoreSize))
    return false; // starts in another slot or piece: that one decides
  // The backend splits a store wider than its alignment into aligned
  // pieces; each piece may be a spill of its own.
  uint64_t Piece = std::min<uint64_t>(StoreSize, SI->getAlign().value());
  if (Rel % int64_t(Piece) != 0) {
    int64_t PieceStart = *A.Offset + Rel / int64_t(Piece) * int64_t(Piece);
    return hasNeighbour(Obj, R, Others, PieceStart, PieceStart + 1);
  }
  // A fill no wider than the spill keeps the value truncated: an extended
  // unknown value then covers the fill's whole range if it is at least as
  // wide as the fill, and no neighbour may widen the fill. (A fill wider
  // than the spill, where the backend may have merged neighbouring stores,
  // is assumed to learn.)
  std::optional<unsigned> W = extendedOpaqueWidth(SI->getValueOperand());
  if (!W || Rel != 0 || Size > StoreSize || *W < Size * 8)
    return true;
  return hasNeighbour(Obj, R, Others, Off + int64_t(Size),
                      *A.Offset + int64_t(StoreSize));
}

} // namespace

std::optional<unsigned> helperguard::extendedOpaqueWidth(const Value *V) {
  if (const auto *C = dyn_cast<CastInst>(V))
    if ((isa<ZExtInst>(C) || isa<SExtInst>(C)) &&
        C->getSrcTy()->isIntegerTy() && isOpaqueToVerifier(C->getOperand(0)))
      return C->getSrcTy()->getIntegerBitWidth();
  if (const auto *BO = dyn_cast<BinaryOperator>(V))
    if (BO->getOpcode() == Instruction::And)
      if (const auto *M = dyn_cast<ConstantInt>(BO->getOperand(1)))
        if (M->getValue().isMask() && isOpaqueToVerifier(BO->getOperand(0)))
          return compat::countTrailingOnes(M->getValue());
  return std::nullopt;
}

bool helperguard::readLearns(const StackObject &Obj, const StackAccess &R,
                             ArrayRef<LiveInit> Inits, const BitVector &Written,
                             ArrayRef<const StackAccess *> Reads) {
  const auto *LI = dyn_cast<LoadInst>(R.Inst);
  if (!LI || !R.Offset || !R.Size || *R.Size > WordBytes || LI->isVolatile() ||
      !LI->getType()->isIntegerTy())
    return true; // copies, unknown offsets, pointers: assume it learns
  const DataLayout &DL = LI->getModule()->getDataLayout();
  int64_t Off = *R.Offset;
  uint64_t Size = *R.Size;
  BitVector Bytes = byteRange(Obj.Size, Off, Size);
  if (Bytes.count() != Size)
    return true;
  // Every byte read may be a known zero.
  bool AllZero = true;
  for (int64_t B = Off; B < Off + int64_t(Size) && AllZero; ++B) {
    if (!Written.test(B))
      continue; // not the helper's: whatever it holds, assume a zero
    AllZero = any_of(Inits, [&](const LiveInit &I) {
      return I.Bytes.test(B) && mayBeKnownZero(*I.Access, B, DL);
    });
  }
  if (AllZero)
    return true;
  // A fill at the start of a spill.
  return any_of(Inits, [&](const LiveInit &I) {
    return I.Bytes.anyCommon(Bytes) &&
           fillLearns(Obj, R, Reads, *I.Access, Off, Size, DL);
  });
}
