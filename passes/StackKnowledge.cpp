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
#include "llvm/Support/MathExtras.h"

using namespace llvm;
using namespace helperguard;

namespace {

/// The BPF stack's widest access.
constexpr uint64_t WordBytes = 8;

const DataLayout &DL(const Instruction &I) {
  return I.getModule()->getDataLayout();
}

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

/// The alignment, up to 8, the object's start has in the frame: the
/// alloca's, or what the backend raises it to when it expands a memset or
/// memcpy of the object's start into stores of its widest type
/// (SelectionDAG's getMemsetStores/getMemcpyLoadsAndStores give a frame
/// object the alignment of the first store's type).
uint64_t frameAlign(const StackObject &Obj) {
  uint64_t A = std::min<uint64_t>(Obj.Alloca->getAlign().value(), WordBytes);
  for (const StackAccess &X : Obj.Accesses) {
    const auto *MI = dyn_cast<MemIntrinsic>(X.Inst);
    const auto *Len = MI ? dyn_cast<ConstantInt>(MI->getLength()) : nullptr;
    if (!Len || !X.Path.empty() || X.Offset != int64_t(0) ||
        MI->getDest()->stripPointerCasts() != Obj.Alloca)
      continue;
    uint64_t L = std::min<uint64_t>(Len->getZExtValue(), WordBytes);
    if (L)
      A = std::max<uint64_t>(A, uint64_t(1) << Log2_64(L));
  }
  return A;
}

/// Whether a read at Off may start at an 8-byte aligned frame offset, where
/// the verifier keeps spilled registers, or be combined by the backend with
/// a neighbouring read that does.
bool mayStartSlot(const StackObject &Obj, const StackAccess &R,
                  ArrayRef<const StackAccess *> Others, int64_t Off) {
  uint64_t A = frameAlign(Obj);
  if (Off % int64_t(A) == 0)
    return true;
  // A combined load that starts a slot reads every byte from there to R.
  int64_t Start = Off / int64_t(A) * int64_t(A);
  return hasNeighbour(Obj, R, Others, Start, Start + 1);
}

/// Whether init A may leave STACK_ZERO bytes among Bytes: zero bytes stored
/// other than as a register spill (a store at an offset that is not 8-byte
/// aligned in the frame). A memset of zeros over the object's whole 8-byte
/// words and a naturally aligned 8-byte store are spills only.
bool mayLeaveStackZero(const StackObject &Obj, const StackAccess &A,
                       const BitVector &Bytes, const DataLayout &DL) {
  if (!A.Offset || !A.Size)
    return true;
  bool AnyZero = false;
  for (int64_t B = *A.Offset; B < *A.Offset + int64_t(*A.Size); ++B)
    if (B >= 0 && B < int64_t(Bytes.size()) && Bytes.test(B))
      AnyZero |= mayBeKnownZero(A, B, DL);
  if (!AnyZero)
    return false; // non-zero bytes are STACK_MISC or a non-zero spill
  bool Words =
      frameAlign(Obj) == WordBytes && *A.Offset % 8 == 0 && *A.Size % 8 == 0;
  if (isa<MemSetInst>(A.Inst))
    return !(Words && A.Path.empty() && *A.Offset == 0);
  if (const auto *SI = dyn_cast<StoreInst>(A.Inst))
    return !(Words && *A.Size == WordBytes && SI->getAlign().value() >= 8);
  return true;
}

/// Whether the integer V may be a constant on each path to the verifier
/// (a phi or select of constants, a value from the caller of a static
/// subprogram). Masks, shifts and extensions of a value the verifier does
/// not know stay unknown.
bool mayBePathConstant(const Value *V) {
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    if (isa<CastInst>(V)) {
      V = cast<CastInst>(V)->getOperand(0);
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(V)) {
      if (isa<Constant>(BO->getOperand(1))) {
        V = BO->getOperand(0);
        continue;
      }
      if (isa<Constant>(BO->getOperand(0))) {
        V = BO->getOperand(1);
        continue;
      }
      return true;
    }
    return !isOpaqueToVerifier(V);
  }
  return true;
}

/// The variable index of a load's address: a GEP of the object with one
/// index that is not a constant.
const Value *variableIndex(const LoadInst &LI) {
  const auto *GEP =
      dyn_cast<GetElementPtrInst>(LI.getPointerOperand()->stripPointerCasts());
  if (!GEP)
    return nullptr;
  const Value *Index = nullptr;
  for (const Use &I : GEP->indices()) {
    if (isa<Constant>(I))
      continue;
    if (Index)
      return nullptr;
    Index = I.get();
  }
  return Index;
}

/// A read at a variable offset gives zero only when every byte it may read
/// is STACK_ZERO (check_stack_read_var_off, mark_reg_stack_read): spilled
/// zeros and anything else give an unknown value.
bool variableReadLearns(const StackObject &Obj, const LoadInst &LI,
                        ArrayRef<LiveInit> Inits) {
  const Value *Index = variableIndex(LI);
  if (!Index || mayBePathConstant(Index) ||
      DL(LI).getTypeStoreSize(LI.getType()) > WordBytes)
    return true;
  return any_of(Inits, [&](const LiveInit &I) {
    return mayLeaveStackZero(Obj, *I.Access, I.Bytes, DL(LI));
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
    if (const auto *B = dyn_cast<ConstantInt>(MS->getValue())) {
      if (B->isZero())
        return false; // only zeros: a read learns them only if all are
      // Non-zero bytes are a spill where a store starts a slot, else
      // STACK_MISC: only a fill at a slot's start learns them.
      return mayStartSlot(Obj, R, Others, Off);
    }
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
  if (!LI || LI->isVolatile() || !LI->getType()->isIntegerTy())
    return true; // copies, pointers: assume it learns
  if (!R.Offset)
    return variableReadLearns(Obj, *LI, Inits);
  if (!R.Offset || !R.Size || *R.Size > WordBytes)
    return true; // unknown offsets: assume it learns
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
