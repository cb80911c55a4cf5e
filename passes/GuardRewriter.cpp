//===- GuardRewriter.cpp - Make the verifier forget stale bytes -----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "GuardRewriter.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "helperguard"

STATISTIC(NumZerosMade, "Blocks given an opaque zero of their own");
STATISTIC(NumZerosShared, "Blocks reusing a dominating block's opaque zero");

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

/// The BPF stack frame is 8-byte aligned; so may every object in it be.
void raiseToWordAlignment(AllocaInst *AI) {
  if (AI->getAlign() < Align(8))
    AI->setAlignment(Align(8));
}

/// How a memset or copy the guard expands may store: the widest access the
/// destination's alignment allows, and the destination's offset from an
/// 8-byte boundary. A destination in the function's own frame is made
/// 8-byte aligned (as the backend does when it expands memset); one reached
/// through a pointer argument keeps the alignment the intrinsic states, so
/// the expansion stores exactly as the backend would have.
struct DestLayout {
  unsigned MaxWidth;
  int64_t Offset;
};

DestLayout destLayout(MemIntrinsic &MI, const DataLayout &DL, bool Commit) {
  if (std::optional<LocalDest> D =
          localDest(MI.getDest(), *MI.getFunction(), DL)) {
    if (Commit)
      raiseToWordAlignment(D->Base);
    return {8, D->Offset};
  }
  uint64_t A = MI.getDestAlign().valueOrOne().value();
  return {unsigned(std::min<uint64_t>(A, 8)), 0};
}

/// The widest BPF access (8, 4, 2 or 1 bytes) that is aligned at Addr, fits
/// in Remaining bytes and is no wider than MaxWidth.
unsigned chunkWidth(int64_t Addr, uint64_t Remaining, unsigned MaxWidth = 8) {
  unsigned W = MaxWidth;
  while (W > 1 && (Addr % W != 0 || W > Remaining))
    W /= 2;
  return W;
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
bool copyFolds(const ConstantSource &S, DestLayout L, uint64_t Len,
               const DataLayout &DL) {
  for (uint64_t Pos = 0; Pos < Len;) {
    unsigned W = chunkWidth(L.Offset + Pos, Len - Pos, L.MaxWidth);
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

DominatorTree &GuardRewriter::domTree(Function &F) {
  std::unique_ptr<DominatorTree> &DT = DTs[&F];
  if (!DT)
    DT = std::make_unique<DominatorTree>(F);
  return *DT;
}

bool GuardRewriter::zeroPlannedAbove(Instruction *I, ZeroSource Z) {
  DominatorTree &DT = domTree(*I->getFunction());
  return any_of(Inits, [&](const std::pair<Instruction *, ZeroSource> &P) {
    BasicBlock *B = P.first->getParent();
    return P.second == Z && B != I->getParent() &&
           B->getParent() == I->getFunction() &&
           DT.dominates(B, I->getParent());
  });
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
    std::optional<uint64_t> Len = constantLength(*MT);
    return S && Len && *Len <= MaxExpandedBytes &&
           copyFolds(*S, destLayout(*MT, DL, /*Commit=*/false), *Len, DL);
  }
  return false;
}

unsigned GuardRewriter::initCost(const StackAccess &A) const {
  if (auto *SI = dyn_cast<StoreInst>(A.Inst))
    return isZeroConstant(SI->getValueOperand()) ? 0 : 1; // the add
  if (auto *MS = dyn_cast<MemSetInst>(A.Inst)) {
    std::optional<uint64_t> Len = constantLength(*MS);
    bool Expands = Len && *Len <= MaxExpandedBytes &&
                   isa<ConstantInt>(MS->getValue());
    if (!Expands)
      return 3; // the backend splats the opaque byte: ld_imm64 + mul
    return isZeroConstant(MS->getValue()) ? 0 : 1;
  }
  if (auto *MT = dyn_cast<MemTransferInst>(A.Inst)) {
    // The backend stores a copy of a constant as immediates; the guard adds
    // the opaque zero to each chunk that is not zero.
    const DataLayout &DL = M.getDataLayout();
    ConstantSource S = *constantSource(MT->getSource(), DL);
    DestLayout L = destLayout(*MT, DL, /*Commit=*/false);
    uint64_t Len = *constantLength(*MT);
    unsigned Adds = 0;
    for (uint64_t Pos = 0; Pos < Len;) {
      unsigned W = chunkWidth(L.Offset + Pos, Len - Pos, L.MaxWidth);
      Adds += !constantChunk(S, Pos, W, DL)->isNullValue();
      Pos += W;
    }
    return Adds;
  }
  return 0;
}

GuardPlan GuardRewriter::plan(const SiteVerdict &V) {
  GuardPlan P;
  if (V.Unsure) {
    P.Note = "cannot tell which stack buffer the helper writes";
    return P;
  }
  // The initialisations that gave the hazardous bytes their contents.
  auto Contributing = [](const HazardInstance &HI) {
    std::vector<const StackAccess *> Out;
    for (size_t I = 0; I < HI.Inits.size(); ++I)
      if (HI.InitBytes[I].anyCommon(HI.Hazard))
        Out.push_back(HI.Inits[I]);
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

  if (P.Place == Placement::Reload) {
    std::string WhyNot;
    if (planReload(V, P, WhyNot))
      return P;
    if (Blocker)
      return GuardPlan{false, Placement::Reload, ZeroSource::Global, 0,
                       P.Note.empty() ? WhyNot : P.Note + "; " + WhyNot};
    // Every initialisation can be rewritten: do that instead.
    P.Note = WhyNot + "; rewriting the initialisations instead";
    P.Place = Placement::Init;
  }

  P.Zero = zeroFor(*V.Call->getFunction());
  DenseSet<std::pair<BasicBlock *, int>> NewZeros;
  for (const HazardInstance &HI : V.Instances)
    for (const StackAccess *A : Contributing(HI)) {
      ZeroSource Z = zeroFor(*A->Inst->getFunction());
      P.Zero = Z;
      bool Shared = zeroPlannedAbove(A->Inst, Z);
      if (!Inits.insert({A->Inst, Z}).second)
        continue;
      P.InsnsEstimate += initCost(*A);
      if (NewZeros.insert({A->Inst->getParent(), int(Z)}).second && !Shared)
        P.InsnsEstimate += OpaqueZeroFactory::extraInsns(Z);
    }
  P.Guardable = true;
  return P;
}

bool GuardRewriter::planReload(const SiteVerdict &V, GuardPlan &P,
                               std::string &WhyNot) {
  // The reload goes through the helper's pointer, so it may only touch bytes
  // that are written (hence initialised) in every buffer the pointer may
  // point into.
  int64_t Limit = INT64_MAX;
  for (const HazardInstance &HI : V.Instances) {
    if (!HI.Helper->Offset) {
      WhyNot = "the buffer's offset is unknown";
      return false;
    }
    Limit = std::min<int64_t>(Limit,
                              HI.Written.find_last() + 1 - *HI.Helper->Offset);
  }
  for (const HazardInstance &HI : V.Instances)
    if (HI.Hazard.find_last() - *HI.Helper->Offset >= Limit) {
      WhyNot = "the helper's pointer may point into buffers of different "
               "sizes, which one reload after the call cannot cover";
      return false;
    }
  P.Zero = zeroFor(*V.Call->getFunction());
  P.Place = Placement::Reload;
  P.Guardable = true;
  // One request per written argument of the call.
  for (const HazardInstance &HI : V.Instances) {
    auto It = find_if(Reloads, [&](const ReloadRequest &R) {
      return R.Call == V.Call && R.OperandNo == HI.Helper->OperandNo;
    });
    if (It == Reloads.end()) {
      Reloads.push_back(
          {V.Call, V.Call->getNextNode(), HI.Helper->OperandNo, P.Zero, {}});
      It = std::prev(Reloads.end());
      P.InsnsEstimate += OpaqueZeroFactory::extraInsns(P.Zero) + 1;
    }
    It->Instances.push_back(&HI);
    P.InsnsEstimate += 3 * unsigned((HI.Hazard.count() + 7) / 8);
  }
  return true;
}

bool GuardRewriter::apply() {
  // Create each block's opaque zero before the first instruction that needs
  // it: one walk over each block, not an ordering query per use.
  DenseMap<Instruction *, ZeroSource> Users(Inits.begin(), Inits.end());
  for (const ReloadRequest &R : Reloads)
    Users.try_emplace(R.InsertBefore, R.Zero);
  // Blocks in reverse post-order, dominators first, so that an init's
  // block reuses the zero of a block above it that has one.
  SmallPtrSet<BasicBlock *, 8> Blocks;
  SetVector<Function *> Funcs;
  for (auto &[I, Z] : Users) {
    Blocks.insert(I->getParent());
    Funcs.insert(I->getFunction());
  }
  for (Function *F : Funcs) {
    DominatorTree &DT = domTree(*F);
    ReversePostOrderTraversal<Function *> RPOT(F);
    for (BasicBlock *BB : RPOT) {
      if (!Blocks.count(BB))
        continue;
      SmallPtrSet<Value *, 2> Seen;
      for (Instruction &I : *BB)
        if (auto It = Users.find(&I); It != Users.end()) {
          Value *Z = Zeros.get(&I, It->second, &DT);
          if (!Seen.insert(Z).second)
            continue;
          bool Shared = cast<Instruction>(Z)->getParent() != BB;
          LLVM_DEBUG(if (Shared) dbgs()
                     << "helperguard: block " << BB->getName()
                     << " reuses the opaque zero of a dominating block\n");
          ++(Shared ? NumZerosShared : NumZerosMade);
        }
    }
  }

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
  Value *Zero = Zeros.get(MS, Z);
  IRBuilder<> B(MS);
  std::optional<uint64_t> Len = constantLength(*MS);
  auto *Byte = dyn_cast<ConstantInt>(MS->getValue());
  if (!Len || *Len > MaxExpandedBytes || !Byte) {
    // Keep the memset; the backend splats a byte the verifier cannot know.
    Value *OpaqueByte = B.CreateAdd(MS->getValue(),
                                    B.CreateTrunc(Zero, B.getInt8Ty()));
    MS->setValue(OpaqueByte);
    return;
  }
  expandStores(MS, Zero, [&](unsigned, unsigned W) -> Constant * {
    return ConstantInt::get(B.getIntNTy(W * 8),
                            APInt::getSplat(W * 8, Byte->getValue()));
  });
}

void GuardRewriter::rewriteMemCpy(MemTransferInst *MT, ZeroSource Z) {
  ConstantSource S = *constantSource(MT->getSource(), M.getDataLayout());
  Value *Zero = Zeros.get(MT, Z);
  expandStores(MT, Zero, [&](unsigned Pos, unsigned W) {
    return constantChunk(S, Pos, W, M.getDataLayout());
  });
}

void GuardRewriter::expandStores(
    MemIntrinsic *MI, Value *Zero,
    function_ref<Constant *(unsigned Pos, unsigned Width)> ChunkValue) {
  DestLayout L = destLayout(*MI, M.getDataLayout(), /*Commit=*/true);
  uint64_t Len = *constantLength(*MI);
  IRBuilder<> B(MI);
  for (uint64_t Pos = 0; Pos < Len;) {
    unsigned W = chunkWidth(L.Offset + Pos, Len - Pos, L.MaxWidth);
    Constant *C = ChunkValue(Pos, W);
    Value *V = B.CreateTrunc(Zero, C->getType());
    if (!C->isNullValue())
      V = B.CreateAdd(C, V);
    Value *Ptr = B.CreateConstInBoundsGEP1_64(
        B.getInt8Ty(), compat::pointerTo(B, MI->getDest(), B.getInt8Ty()), Pos);
    B.CreateAlignedStore(V, compat::pointerTo(B, Ptr, C->getType()), Align(W),
                         MI->isVolatile());
    Pos += W;
  }
  MI->eraseFromParent();
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
  Value *Zero = Zeros.get(R.InsertBefore, R.Zero);
  IRBuilder<> B(R.InsertBefore);
  Value *Ptr =
      compat::pointerTo(B, R.Call->getArgOperand(R.OperandNo), B.getInt8Ty());
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
    Value *P = compat::pointerTo(
        B, B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Ptr, Pos), T);
    Value *Old = B.CreateAlignedLoad(T, P, Align(W), "hg.reload");
    B.CreateAlignedStore(B.CreateAdd(Old, B.CreateTrunc(Zero, T)), P, Align(W));
    Pos += W;
  }
}
