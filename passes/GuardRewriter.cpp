//===- GuardRewriter.cpp - Make the verifier forget stale bytes -----------===//

#include "GuardRewriter.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "helperguard"

using namespace llvm;
using namespace helperguard;

namespace {

/// The BPF stack is 512 bytes; expand no memset or copy larger than that.
constexpr uint64_t MaxExpandedBytes = 512;

/// Where a memory intrinsic writes in its own function's stack frame.
struct LocalDest {
  AllocaInst *Base;
  int64_t Offset;
};

std::optional<LocalDest> localDest(Value *Ptr, const Function &F,
                                   const DataLayout &DL) {
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  auto *Base = dyn_cast<AllocaInst>(
      Ptr->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true));
  if (!Base || Base->getFunction() != &F || Off.isNegative())
    return std::nullopt;
  return LocalDest{Base, Off.getSExtValue()};
}

/// The widest BPF access (8, 4, 2 or 1 bytes) that is aligned at Addr, fits
/// in Remaining bytes and is no wider than MaxWidth.
unsigned chunkWidth(int64_t Addr, uint64_t Remaining, unsigned MaxWidth = 8) {
  unsigned W = MaxWidth;
  while (W > 1 && (Addr % W != 0 || W > Remaining))
    W /= 2;
  return W;
}

/// The BPF stack frame is 8-byte aligned; so may every object in it be.
void raiseToWordAlignment(AllocaInst *AI) {
  if (AI->getAlign() < Align(8))
    AI->setAlignment(Align(8));
}

bool isZeroConstant(const Value *V) {
  const auto *C = dyn_cast<Constant>(V);
  return C && C->isNullValue();
}

/// A constant global a copy reads from, and the offset it reads at.
struct ConstantSource {
  GlobalVariable *GV;
  int64_t Offset;
};

std::optional<ConstantSource> constantSource(Value *Src, const DataLayout &DL) {
  APInt Off(DL.getIndexTypeSizeInBits(Src->getType()), 0);
  auto *GV = dyn_cast<GlobalVariable>(
      Src->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true));
  if (!GV || !GV->isConstant() || !GV->hasDefinitiveInitializer() ||
      Off.isNegative())
    return std::nullopt;
  return ConstantSource{GV, Off.getSExtValue()};
}

Constant *constantChunk(const ConstantSource &S, int64_t Pos, unsigned Width,
                        const DataLayout &DL) {
  Type *T = IntegerType::get(S.GV->getContext(), Width * 8);
  return ConstantFoldLoadFromConst(S.GV->getInitializer(), T,
                                   APInt(64, S.Offset + Pos), DL);
}

/// Whether every chunk of a copy of Len bytes from S to a destination at
/// DestOff folds to a constant.
bool copyFolds(const ConstantSource &S, int64_t DestOff, uint64_t Len,
               const DataLayout &DL) {
  for (uint64_t Pos = 0; Pos < Len;) {
    unsigned W = chunkWidth(DestOff + Pos, Len - Pos);
    if (!constantChunk(S, Pos, W, DL))
      return false;
    Pos += W;
  }
  return true;
}

std::optional<uint64_t> constantLength(const MemIntrinsic &MI) {
  if (auto *C = dyn_cast<ConstantInt>(MI.getLength()))
    return C->getZExtValue();
  return std::nullopt;
}

} // namespace

std::string GuardPlan::technique() const {
  if (!Guardable)
    return "none";
  return GuardStrategy{Place, Zero}.str();
}

ZeroSource GuardRewriter::zeroFor(const Function &F) const {
  if (Strategy.Zero != ZeroSource::Auto)
    return Strategy.Zero;
  return PT.impliesPerfmon(F) ? ZeroSource::PtrDiff : ZeroSource::Global;
}

bool GuardRewriter::canRewriteInit(const StackAccess &A) const {
  if (A.Kind != AccessKind::KnownWrite)
    return false;
  const DataLayout &DL = M.getDataLayout();
  if (auto *SI = dyn_cast<StoreInst>(A.Inst)) {
    Type *T = SI->getValueOperand()->getType();
    return !SI->isAtomic() &&
           (T->isIntegerTy() ||
            (T->isPointerTy() && isZeroConstant(SI->getValueOperand())));
  }
  if (isa<MemSetInst>(A.Inst))
    return true;
  if (auto *MT = dyn_cast<MemTransferInst>(A.Inst)) {
    std::optional<ConstantSource> S = constantSource(MT->getSource(), DL);
    std::optional<LocalDest> D =
        localDest(MT->getDest(), *MT->getFunction(), DL);
    std::optional<uint64_t> Len = constantLength(*MT);
    return S && D && Len && *Len <= MaxExpandedBytes &&
           copyFolds(*S, D->Offset, *Len, DL);
  }
  return false;
}

unsigned GuardRewriter::initCost(const StackAccess &A) const {
  const DataLayout &DL = M.getDataLayout();
  if (auto *SI = dyn_cast<StoreInst>(A.Inst))
    return isZeroConstant(SI->getValueOperand()) ? 0 : 1; // the add
  if (auto *MS = dyn_cast<MemSetInst>(A.Inst)) {
    std::optional<uint64_t> Len = constantLength(*MS);
    bool Expands = Len && *Len <= MaxExpandedBytes &&
                   localDest(MS->getDest(), *MS->getFunction(), DL);
    if (!Expands)
      return 3; // the backend splats the opaque byte: ld_imm64 + mul
    return isZeroConstant(MS->getValue()) ? 0 : 1;
  }
  if (auto *MT = dyn_cast<MemTransferInst>(A.Inst)) {
    // Each chunk becomes a constant plus the opaque zero instead of a load.
    std::optional<uint64_t> Len = constantLength(*MT);
    return Len ? unsigned((*Len + 7) / 8) : 0;
  }
  return 0;
}

GuardPlan GuardRewriter::plan(const SiteVerdict &V) {
  GuardPlan P;
  if (V.Unsure) {
    P.Note = "cannot tell which stack buffer the helper writes";
    return P;
  }
  auto Contributing = [](const HazardInstance &HI) {
    std::vector<const StackAccess *> Out;
    for (const StackAccess *A : HI.Inits) {
      BitVector Bytes(HI.Obj->Size);
      if (!A->Offset)
        Bytes.set();
      else
        for (int64_t B = std::max<int64_t>(*A->Offset, 0),
                     E = A->Size ? *A->Offset + int64_t(*A->Size)
                                 : int64_t(HI.Obj->Size);
             B < E && B < int64_t(HI.Obj->Size); ++B)
          Bytes.set(B);
      if (Bytes.anyCommon(HI.Hazard))
        Out.push_back(A);
    }
    return Out;
  };

  const StackAccess *Blocker = nullptr;
  for (const HazardInstance &HI : V.Instances)
    for (const StackAccess *A : Contributing(HI))
      if (!Blocker && !canRewriteInit(*A))
        Blocker = A;

  P.Place = Strategy.Place;
  if (P.Place == Placement::Auto)
    P.Place = Blocker ? Placement::Reload : Placement::Init;
  else if (P.Place == Placement::Init && Blocker) {
    P.Place = Placement::Reload;
    P.Note = "an initialisation cannot be rewritten; reloading after the call";
  }
  if (Blocker)
    LLVM_DEBUG(dbgs() << "helperguard: cannot rewrite init " << *Blocker->Inst
                      << "\n");

  if (P.Place == Placement::Reload)
    return planReload(V, P) ? P : GuardPlan{false, Placement::Reload,
                                            ZeroSource::Global, 0,
                                            P.Note.empty()
                                                ? "the buffer's offset is unknown"
                                                : P.Note};

  P.Zero = zeroFor(*V.Call->getFunction());
  DenseSet<std::pair<BasicBlock *, int>> NewZeros;
  for (const HazardInstance &HI : V.Instances)
    for (const StackAccess *A : Contributing(HI)) {
      ZeroSource Z = zeroFor(*A->Inst->getFunction());
      P.Zero = Z;
      if (!Inits.insert({A->Inst, Z}).second)
        continue;
      P.InsnsEstimate += initCost(*A);
      if (NewZeros.insert({A->Inst->getParent(), int(Z)}).second)
        P.InsnsEstimate += OpaqueZeroFactory::extraInsns(Z);
    }
  P.Guardable = true;
  return P;
}

bool GuardRewriter::planReload(const SiteVerdict &V, GuardPlan &P) {
  for (const HazardInstance &HI : V.Instances)
    if (!HI.Helper->Offset)
      return false;
  P.Zero = zeroFor(*V.Call->getFunction());
  P.Place = Placement::Reload;
  P.Guardable = true;
  // One request per written argument of the call.
  for (const HazardInstance &HI : V.Instances) {
    auto It = find_if(Reloads, [&](const ReloadRequest &R) {
      return R.Call == V.Call && R.OperandNo == HI.Helper->OperandNo;
    });
    if (It == Reloads.end()) {
      Reloads.push_back({V.Call, HI.Helper->OperandNo, P.Zero, {}});
      It = std::prev(Reloads.end());
      P.InsnsEstimate += OpaqueZeroFactory::extraInsns(P.Zero) + 1;
    }
    It->Instances.push_back(&HI);
    P.InsnsEstimate += 3 * unsigned((HI.Hazard.count() + 7) / 8);
  }
  return true;
}

bool GuardRewriter::apply() {
  for (auto &[I, Z] : Inits)
    rewriteInit(I, Z);
  for (const ReloadRequest &R : Reloads)
    applyReload(R);
  return !Inits.empty() || !Reloads.empty();
}

void GuardRewriter::rewriteInit(Instruction *I, ZeroSource Z) {
  LLVM_DEBUG(dbgs() << "helperguard: rewriting init " << *I << "\n");
  if (auto *SI = dyn_cast<StoreInst>(I))
    return rewriteStore(SI, Z);
  if (auto *MS = dyn_cast<MemSetInst>(I))
    return rewriteMemSet(MS, Z);
  if (auto *MT = dyn_cast<MemTransferInst>(I))
    return rewriteMemCpy(MT, Z);
  llvm_unreachable("planned an init the rewriter cannot rewrite");
}

void GuardRewriter::rewriteStore(StoreInst *SI, ZeroSource Z) {
  Value *Zero = Zeros.get(SI, Z);
  IRBuilder<> B(SI);
  Value *V = SI->getValueOperand();
  Type *T = V->getType();
  Value *TypedZero = T->isPointerTy() ? B.CreateIntToPtr(Zero, T)
                                      : B.CreateZExtOrTrunc(Zero, T);
  SI->setOperand(0, isZeroConstant(V) ? TypedZero : B.CreateAdd(V, TypedZero));
}

void GuardRewriter::rewriteMemSet(MemSetInst *MS, ZeroSource Z) {
  const DataLayout &DL = M.getDataLayout();
  Value *Zero = Zeros.get(MS, Z);
  IRBuilder<> B(MS);
  std::optional<uint64_t> Len = constantLength(*MS);
  std::optional<LocalDest> D = localDest(MS->getDest(), *MS->getFunction(), DL);
  auto *Byte = dyn_cast<ConstantInt>(MS->getValue());
  if (!Len || *Len > MaxExpandedBytes || !D || !Byte) {
    // Keep the memset; the backend splats a byte the verifier cannot know.
    Value *OpaqueByte = B.CreateAdd(MS->getValue(),
                                    B.CreateTrunc(Zero, B.getInt8Ty()));
    MS->setValue(OpaqueByte);
    return;
  }
  raiseToWordAlignment(D->Base);
  for (uint64_t Pos = 0; Pos < *Len;) {
    unsigned W = chunkWidth(D->Offset + Pos, *Len - Pos);
    IntegerType *T = B.getIntNTy(W * 8);
    Value *V = B.CreateTrunc(Zero, T);
    if (!Byte->isZero())
      V = B.CreateAdd(ConstantInt::get(T, APInt::getSplat(W * 8, Byte->getValue())), V);
    Value *Ptr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), MS->getDest(), Pos);
    B.CreateAlignedStore(V, Ptr, Align(W), MS->isVolatile());
    Pos += W;
  }
  MS->eraseFromParent();
}

void GuardRewriter::rewriteMemCpy(MemTransferInst *MT, ZeroSource Z) {
  const DataLayout &DL = M.getDataLayout();
  ConstantSource S = *constantSource(MT->getSource(), DL);
  LocalDest D = *localDest(MT->getDest(), *MT->getFunction(), DL);
  uint64_t Len = *constantLength(*MT);
  Value *Zero = Zeros.get(MT, Z);
  IRBuilder<> B(MT);
  raiseToWordAlignment(D.Base);
  for (uint64_t Pos = 0; Pos < Len;) {
    unsigned W = chunkWidth(D.Offset + Pos, Len - Pos);
    Constant *C = constantChunk(S, Pos, W, DL);
    Value *V = B.CreateTrunc(Zero, C->getType());
    if (!C->isNullValue())
      V = B.CreateAdd(C, V);
    Value *Ptr = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), MT->getDest(), Pos);
    B.CreateAlignedStore(V, Ptr, Align(W), MT->isVolatile());
    Pos += W;
  }
  MT->eraseFromParent();
}

void GuardRewriter::applyReload(const ReloadRequest &R) {
  // Bytes to launder, relative to the helper's pointer; words must stay in
  // the bytes the helper writes (initialised) in every object it may write,
  // and be aligned in all of them.
  int64_t Limit = INT64_MAX;
  unsigned MaxWidth = 8;
  int64_t Base0 = *R.Instances.front()->Helper->Offset;
  DenseSet<int64_t> Rel;
  for (const HazardInstance *HI : R.Instances) {
    int64_t Off = *HI->Helper->Offset;
    raiseToWordAlignment(HI->Obj->Alloca);
    Limit = std::min<int64_t>(Limit, HI->Written.find_last() + 1 - Off);
    while (MaxWidth > 1 && (Off - Base0) % MaxWidth != 0)
      MaxWidth /= 2;
    for (int B : HI->Hazard.set_bits()) {
      // Launder the whole word the byte is in: it costs the same.
      int64_t Word = (B / 8) * 8;
      for (int64_t X = Word; X < Word + 8; ++X)
        if (HI->Written.test(X))
          Rel.insert(X - Off);
    }
  }
  Instruction *After = R.Call->getNextNode();
  Value *Zero = Zeros.get(After, R.Zero);
  IRBuilder<> B(After);
  Value *Ptr = R.Call->getArgOperand(R.OperandNo);
  for (int64_t Pos = 0; Pos < Limit;) {
    if (!Rel.count(Pos)) {
      ++Pos;
      continue;
    }
    int64_t End = Pos;
    while (End < Limit && Rel.count(End))
      ++End;
    unsigned W = chunkWidth(Base0 + Pos, End - Pos, MaxWidth);
    IntegerType *T = B.getIntNTy(W * 8);
    Value *P = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Ptr, Pos);
    Value *Old = B.CreateAlignedLoad(T, P, Align(W), "hg.reload");
    B.CreateAlignedStore(B.CreateAdd(Old, B.CreateTrunc(Zero, T)), P, Align(W));
    Pos += W;
  }
}
