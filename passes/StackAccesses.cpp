//===- StackAccesses.cpp - Every access to every BPF stack object ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "StackAccesses.h"

#include "HelperCalls.h"
#include "OpaqueZero.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/IntrinsicsBPF.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/Debug.h"

#include <map>
#include <memory>
#include <set>
#include <tuple>

#define DEBUG_TYPE "helperguard"

using namespace llvm;
using namespace helperguard;

namespace {

/// How deep the walk follows a buffer into subprograms.
constexpr unsigned MaxCallDepth = 8;
/// How many distinct offsets one pointer value may take before the walk
/// gives up on tracking its offset (pointers advanced in loops).
constexpr unsigned MaxOffsetsPerValue = 8;

using CallPath = SmallVector<CallBase *, 2>;

struct WorkItem {
  Value *Ptr;
  std::optional<int64_t> Offset;
  CallPath Path;
};

bool isGlobalFunction(const Function &F) { return !F.hasLocalLinkage(); }

/// An integer argument of a function the verifier checks on its own (a
/// global function) is an unknown scalar; of a static subprogram, it is
/// whatever the caller passed, which the verifier may know.
bool isOpaqueArgument(const Argument &A) {
  return isGlobalFunction(*A.getParent());
}

class AccessCollector;

/// The accesses of the stack slots pointers are kept in (a pointer variable
/// at -O0, a struct field at -O2), collected once each.
class SlotTable {
public:
  SlotTable(const DataLayout &DL, KfuncWriteQuery KfuncWrites)
      : DL(DL), KfuncWrites(KfuncWrites) {}

  /// The accesses of Slot, or null while they are being collected (a slot
  /// whose address is stored in itself, directly or not).
  const StackObject *slot(AllocaInst *Slot);

  /// Whether a pointer of Size bytes loaded from Addr (plus Off) may be a
  /// stack address for the verifier.
  bool loadMayGiveStackAddress(const Value *Addr, std::optional<int64_t> Off,
                               uint64_t Size, unsigned Depth);
  /// Whether V may be a stack address for the verifier.
  bool mayBeStackAddress(const Value *V, unsigned Depth);
  /// The pointers the load LI of a stack slot may give: every pointer stored
  /// in the bytes it loads. False when something else may be there (part of
  /// a pointer, a copy, an escape).
  bool storedPointers(const LoadInst &LI, SmallVectorImpl<const Value *> &Out,
                      unsigned Depth);
  /// Whether the integer V may hold a stack address (BPF casts between
  /// pointers and integers are no-ops: the verifier keeps the pointer).
  bool intMayBeStackAddress(const Value *V, unsigned Depth);

private:
  const DataLayout &DL;
  KfuncWriteQuery KfuncWrites;
  std::map<AllocaInst *, std::unique_ptr<StackObject>> Slots;
  SmallPtrSet<const Value *, 8> Visiting;
};

/// Memory the verifier does not track byte by byte: context, map values and
/// writable globals, memory reached through helper results, packets. With
/// Slots, also any memory that cannot be on the stack (pointers that went
/// through phis, selects and stack slots) except constant globals, whose
/// contents the verifier reads.
bool isUntrackedMemory(const Value *Ptr, SlotTable *Slots) {
  if (Slots) {
    SmallVector<const Value *, 4> Objs;
    getUnderlyingObjects(Ptr, Objs);
    bool ReadOnly = any_of(Objs, [](const Value *O) {
      const auto *GV = dyn_cast<GlobalVariable>(O);
      return GV && GV->isConstant();
    });
    if (!ReadOnly && !Slots->mayBeStackAddress(Ptr, 0))
      return true;
  }
  const Value *Obj = getUnderlyingObject(Ptr);
  if (const auto *GV = dyn_cast<GlobalVariable>(Obj))
    return !GV->isConstant();
  // Helper results (map values) and pointers made from integers: in BPF
  // those are packet pointers (skb->data); no integer becomes a stack pointer.
  if (isa<CallBase>(Obj) || isa<IntToPtrInst>(Obj))
    return true;
  if (const auto *A = dyn_cast<Argument>(Obj))
    return isOpaqueArgument(*A) || A->getParent()->hasSection();
  return false;
}

bool isOpaque(const Value *V, SmallPtrSetImpl<const Value *> &Seen,
              SlotTable *Slots) {
  if (!Seen.insert(V).second)
    return true; // a cycle of phis adds nothing the others did not
  if (isDerivedFromOpaqueZero(V))
    return true;
  if (const auto *LI = dyn_cast<LoadInst>(V))
    return LI->getType()->isIntegerTy() &&
           isUntrackedMemory(LI->getPointerOperand(), Slots);
  if (const auto *CB = dyn_cast<CallBase>(V))
    return CB->getType()->isIntegerTy() && getHelperId(*CB).has_value();
  if (const auto *A = dyn_cast<Argument>(V))
    return A->getType()->isIntegerTy() && isOpaqueArgument(*A);
  if (const auto *T = dyn_cast<TruncInst>(V))
    return isOpaque(T->getOperand(0), Seen, Slots);
  if (const auto *PN = dyn_cast<PHINode>(V))
    return all_of(PN->incoming_values(),
                  [&](const Value *In) { return isOpaque(In, Seen, Slots); });
  if (const auto *SI = dyn_cast<SelectInst>(V))
    return isOpaque(SI->getTrueValue(), Seen, Slots) &&
           isOpaque(SI->getFalseValue(), Seen, Slots);
  return false;
}

class AccessCollector {
public:
  AccessCollector(StackObject &Obj, const DataLayout &DL,
                  KfuncWriteQuery KfuncWrites, SlotTable &Slots)
      : Obj(Obj), DL(DL), KfuncWrites(KfuncWrites), Slots(Slots) {}

  void run() {
    Work.push_back({Obj.Alloca, 0, {}});
    while (!Work.empty()) {
      WorkItem W = Work.pop_back_val();
      if (!firstVisit(W))
        continue;
      for (Use &U : W.Ptr->uses())
        visitUse(U, W);
    }
  }

private:
  StackObject &Obj;
  const DataLayout &DL;
  KfuncWriteQuery KfuncWrites;
  SlotTable &Slots;
  SmallVector<WorkItem, 16> Work;
  std::set<std::tuple<Value *, int64_t, bool, CallPath>> Visited;
  std::map<std::pair<Value *, CallPath>, unsigned> OffsetsSeen;

  bool firstVisit(WorkItem &W) {
    if (W.Offset) {
      unsigned &N = OffsetsSeen[{W.Ptr, W.Path}];
      if (++N > MaxOffsetsPerValue)
        W.Offset.reset();
    }
    return Visited.insert({W.Ptr, W.Offset.value_or(0), W.Offset.has_value(),
                           W.Path})
        .second;
  }

  void add(AccessKind K, Instruction *I, const WorkItem &W,
           std::optional<uint64_t> Size) {
    StackAccess A{K, I, W.Path, W.Offset, Size};
    if (K == AccessKind::Escape) {
      Obj.Escaped = true;
      A.Offset.reset();
      A.Size.reset();
    }
    LLVM_DEBUG(dbgs() << "helperguard:   access " << int(K) << " at "
                      << (A.Offset ? std::to_string(*A.Offset) : "?") << " +"
                      << (A.Size ? std::to_string(*A.Size) : "?") << ": "
                      << *I << "\n");
    Obj.Accesses.push_back(std::move(A));
  }

  void follow(Value *V, std::optional<int64_t> Off, const CallPath &Path) {
    Work.push_back({V, Off, Path});
  }

  std::optional<uint64_t> constantLength(const Value *Len) {
    if (const auto *C = dyn_cast<ConstantInt>(Len))
      return C->getZExtValue();
    return std::nullopt;
  }

  void visitUse(Use &U, const WorkItem &W);
  void visitCall(CallBase &CB, Use &U, const WorkItem &W);
  void visitStoredPointer(StoreInst &SI, const WorkItem &W);
  AccessKind classifyMemTransferSource(const MemTransferInst &MT);
};

void AccessCollector::visitUse(Use &U, const WorkItem &W) {
  auto *I = dyn_cast<Instruction>(U.getUser());
  if (!I)
    return;
  if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
    APInt Delta(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
    std::optional<int64_t> Off;
    if (W.Offset && GEP->accumulateConstantOffset(DL, Delta))
      Off = *W.Offset + Delta.getSExtValue();
    return follow(GEP, Off, W.Path);
  }
  if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) || isa<PHINode>(I) ||
      isa<FreezeInst>(I))
    return follow(I, W.Offset, W.Path);
  if (auto *SI = dyn_cast<SelectInst>(I)) {
    if (U.getOperandNo() != 0)
      follow(SI, W.Offset, W.Path);
    return;
  }
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    if (isGuardReload(*LI))
      return; // our own laundering (a second run): not a read
    return add(AccessKind::Read, LI, W,
               DL.getTypeStoreSize(LI->getType()).getFixedValue());
  }
  if (auto *SI = dyn_cast<StoreInst>(I)) {
    if (U.getOperandNo() == StoreInst::getPointerOperandIndex()) {
      Value *V = SI->getValueOperand();
      SmallPtrSet<const Value *, 8> Seen;
      add(isOpaque(V, Seen, &Slots) ? AccessKind::OpaqueWrite
                                    : AccessKind::KnownWrite,
          SI, W, DL.getTypeStoreSize(V->getType()).getFixedValue());
    } else {
      visitStoredPointer(*SI, W);
    }
    return;
  }
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
    add(AccessKind::Read, I, W, std::nullopt);
    add(AccessKind::KnownWrite, I, W, std::nullopt);
    return;
  }
  if (isa<ICmpInst>(I))
    return; // comparing addresses reads nothing
  if (auto *RI = dyn_cast<ReturnInst>(I)) {
    // A subprogram handing the buffer back to its caller.
    if (!W.Path.empty()) {
      CallPath Up(W.Path.begin(), W.Path.end() - 1);
      return follow(W.Path.back(), W.Offset, Up);
    }
    return add(AccessKind::Escape, RI, W, std::nullopt);
  }
  if (auto *CB = dyn_cast<CallBase>(I))
    return visitCall(*CB, U, W);
  add(AccessKind::Escape, I, W, std::nullopt);
}

AccessKind AccessCollector::classifyMemTransferSource(const MemTransferInst &MT) {
  const Value *Src = getUnderlyingObject(MT.getSource());
  if (const auto *GV = dyn_cast<GlobalVariable>(Src))
    return GV->isConstant() ? AccessKind::KnownWrite : AccessKind::OpaqueWrite;
  return isUntrackedMemory(MT.getSource(), &Slots) ? AccessKind::OpaqueWrite
                                                   : AccessKind::KnownWrite;
}

void AccessCollector::visitCall(CallBase &CB, Use &U, const WorkItem &W) {
  if (auto *II = dyn_cast<IntrinsicInst>(&CB)) {
    if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) ||
        II->isAssumeLikeIntrinsic())
      return;
    // The BPF backend's barrier against code motion returns its operand.
    if (II->getIntrinsicID() == Intrinsic::bpf_passthrough &&
        U.getOperandNo() == 1)
      return follow(II, W.Offset, W.Path);
    if (auto *MS = dyn_cast<MemSetInst>(II)) {
      if (U.getOperandNo() == 0) {
        AccessKind K = isDerivedFromOpaqueZero(MS->getValue())
                           ? AccessKind::OpaqueWrite
                           : AccessKind::KnownWrite;
        return add(K, MS, W, constantLength(MS->getLength()));
      }
    }
    if (auto *MT = dyn_cast<MemTransferInst>(II)) {
      std::optional<uint64_t> Len = constantLength(MT->getLength());
      if (U.getOperandNo() == 0)
        return add(classifyMemTransferSource(*MT), MT, W, Len);
      if (U.getOperandNo() == 1)
        return add(AccessKind::Read, MT, W, Len);
    }
    add(AccessKind::Read, II, W, std::nullopt);
    return add(AccessKind::Escape, II, W, std::nullopt);
  }

  if (std::optional<unsigned> Id = getHelperId(CB)) {
    if (!CB.isArgOperand(&U))
      return add(AccessKind::Escape, &CB, W, std::nullopt);
    StackAccess A{AccessKind::HelperArg, &CB, W.Path, W.Offset, std::nullopt};
    A.OperandNo = CB.getArgOperandNo(&U);
    A.HelperId = *Id;
    Obj.Accesses.push_back(std::move(A));
    // The context of a callback: the callback's accesses through it are
    // the caller's, made inside the helper call (the path goes through it).
    if (std::optional<CallbackOperands> CO = getCallbackOperands(*Id))
      if (CB.getArgOperandNo(&U) == CO->Context && CO->Callback < CB.arg_size())
        if (auto *Fn = dyn_cast<Function>(
                CB.getArgOperand(CO->Callback)->stripPointerCasts()))
          if (!Fn->isDeclaration() && CO->Param < Fn->arg_size() &&
              W.Path.size() < MaxCallDepth && !is_contained(W.Path, &CB)) {
            CallPath Down = W.Path;
            Down.push_back(&CB);
            follow(Fn->getArg(CO->Param), W.Offset, Down);
          }
    return;
  }

  Function *Callee = CB.getCalledFunction();
  if (Callee && !Callee->isDeclaration() && CB.isArgOperand(&U) &&
      CB.getArgOperandNo(&U) < Callee->arg_size()) {
    if (isGlobalFunction(*Callee)) {
      // Verified on its own with the argument as plain memory: the verifier
      // reads and clobbers the buffer at the call. Count it as a read.
      return add(AccessKind::Read, &CB, W, std::nullopt);
    }
    if (W.Path.size() < MaxCallDepth && !is_contained(W.Path, &CB) &&
        CB.getFunction() != Callee) {
      CallPath Down = W.Path;
      Down.push_back(&CB);
      return follow(Callee->getArg(CB.getArgOperandNo(&U)), W.Offset, Down);
    }
  }
  // A kfunc argument the verifier forgets after the call on every targeted
  // kernel (measured, helper-db kfuncs): the kfunc's bytes are unknown to
  // it, as after an opaque store.
  if (Callee && Callee->isDeclaration() && !Callee->isIntrinsic() &&
      CB.isArgOperand(&U))
    if (std::optional<KfuncWrite> KW =
            KfuncWrites(Callee->getName(), CB.getArgOperandNo(&U) + 1)) {
      std::optional<uint64_t> Size = KW->FixedSize;
      if (KW->SizeArgNo && *KW->SizeArgNo <= CB.arg_size())
        Size = constantLength(CB.getArgOperand(*KW->SizeArgNo - 1));
      LLVM_DEBUG(dbgs() << "helperguard:   kfunc " << Callee->getName()
                        << " writes it, the verifier forgets\n");
      return add(AccessKind::OpaqueWrite, &CB, W, Size);
    }
  add(AccessKind::Read, &CB, W, std::nullopt);
  add(AccessKind::Escape, &CB, W, std::nullopt);
}

/// A pointer to the buffer stored in memory. At -O0 every pointer variable
/// lives in an alloca of its own, at -O2 a pointer may be a field of a
/// struct kept on the stack: when the slot is a stack object of the same
/// function whose every access is understood, follow the loads of the
/// stored pointer; otherwise the buffer escapes.
void AccessCollector::visitStoredPointer(StoreInst &SI, const WorkItem &W) {
  APInt Off(DL.getIndexTypeSizeInBits(SI.getPointerOperandType()), 0);
  auto *Slot = dyn_cast<AllocaInst>(
      SI.getPointerOperand()->stripAndAccumulateConstantOffsets(
          DL, Off, /*AllowNonInbounds=*/true));
  const StackObject *S = Slot && Slot->getFunction() == SI.getFunction() &&
                                 !SI.isVolatile() && !SI.isAtomic()
                             ? Slots.slot(Slot)
                             : nullptr;
  if (!S || S->Escaped || !S->Size)
    return add(AccessKind::Escape, &SI, W, std::nullopt);
  uint64_t PtrSize =
      DL.getTypeStoreSize(SI.getValueOperand()->getType()).getFixedValue();
  BitVector Bytes = byteRange(S->Size, Off.getSExtValue(), PtrSize);
  SmallVector<const StackAccess *, 4> Loads;
  for (const StackAccess &A : S->Accesses) {
    if (!accessBytes(*S, A).anyCommon(Bytes))
      continue;
    auto *LI = dyn_cast<LoadInst>(A.Inst);
    if (A.Kind == AccessKind::Read && LI) {
      // Loading the whole pointer back gives the pointer; loading part of
      // it, or as an integer, is not followed.
      if (!LI->getType()->isPointerTy() || A.Offset != Off.getSExtValue() ||
          A.Size != PtrSize || LI->isVolatile())
        return add(AccessKind::Escape, &SI, W, std::nullopt);
      Loads.push_back(&A);
      continue;
    }
    // Overwriting the pointer, or a helper reading the slot (it copies
    // bytes, it never hands the pointer back), keeps it where it is.
    if (A.Kind == AccessKind::KnownWrite || A.Kind == AccessKind::OpaqueWrite ||
        A.Kind == AccessKind::HelperArg)
      continue;
    return add(AccessKind::Escape, &SI, W, std::nullopt);
  }
  for (const StackAccess *A : Loads) {
    CallPath Path = W.Path;
    Path.append(A->Path.begin(), A->Path.end());
    if (Path.size() > MaxCallDepth)
      return add(AccessKind::Escape, &SI, W, std::nullopt);
    follow(A->Inst, W.Offset, Path);
  }
}

const StackObject *SlotTable::slot(AllocaInst *Slot) {
  auto It = Slots.find(Slot);
  if (It != Slots.end())
    return It->second.get();
  if (!Visiting.insert(Slot).second)
    return nullptr;
  auto Obj = std::make_unique<StackObject>(
      StackObject{Slot, compat::allocatedBytes(Slot, DL), {}, false});
  LLVM_DEBUG(dbgs() << "helperguard: pointer slot " << *Slot << "\n");
  AccessCollector(*Obj, DL, KfuncWrites, *this).run();
  Visiting.erase(Slot);
  return Slots.emplace(Slot, std::move(Obj)).first->second.get();
}

/// Calls Visit on every write of S over Bytes, skipping the accesses that
/// cannot put a pointer there (reads; helper arguments, whose helpers write
/// bytes, never pointers). False as soon as S escapes over those bytes or
/// Visit returns false: then nothing is known of what the bytes hold.
bool forEachWriteOver(const StackObject &S, const BitVector &Bytes,
                      function_ref<bool(const StackAccess &)> Visit) {
  for (const StackAccess &A : S.Accesses) {
    if (!accessBytes(S, A).anyCommon(Bytes))
      continue;
    switch (A.Kind) {
    case AccessKind::Read:
    case AccessKind::HelperArg:
      continue;
    case AccessKind::Escape:
      return false;
    case AccessKind::KnownWrite:
    case AccessKind::OpaqueWrite:
      if (!Visit(A))
        return false;
      continue;
    }
  }
  return true;
}

bool SlotTable::loadMayGiveStackAddress(const Value *Addr,
                                        std::optional<int64_t> Off,
                                        uint64_t Size, unsigned Depth) {
  if (Depth > MaxCallDepth)
    return true;
  APInt Delta(DL.getIndexTypeSizeInBits(Addr->getType()), 0);
  const Value *Base = Addr->stripAndAccumulateConstantOffsets(DL, Delta, true);
  if (Off)
    Off = *Off + Delta.getSExtValue();
  if (auto *AI = dyn_cast<AllocaInst>(Base)) {
    // A stack slot: whatever was stored in the bytes loaded.
    const StackObject *S = slot(const_cast<AllocaInst *>(AI));
    if (!S || S->Escaped || !S->Size)
      return true;
    // Whether a write over the bytes may store a stack address.
    auto MayStoreStackAddress = [&](const StackAccess &A) {
      if (auto *St = dyn_cast<StoreInst>(A.Inst)) {
        const Value *V = St->getValueOperand();
        return (V->getType()->isPointerTy() &&
                mayBeStackAddress(V, Depth + 1)) ||
               (V->getType()->isIntegerTy(64) &&
                intMayBeStackAddress(V, Depth + 1));
      }
      if (auto *MT = dyn_cast<MemTransferInst>(A.Inst))
        // Copies a slot's pointers along, or bytes that are no pointers.
        return loadMayGiveStackAddress(MT->getSource(), std::nullopt, Size,
                                       Depth + 1);
      // Bytes, not pointers (kfunc writes too).
      return !isa<MemSetInst>(A.Inst) && !isa<CallBase>(A.Inst);
    };
    return !forEachWriteOver(*S, byteRange(S->Size, Off, Size),
                             [&](const StackAccess &A) {
                               return !MayStoreStackAddress(A);
                             });
  }
  if (const auto *Arg = dyn_cast<Argument>(Base)) {
    // A static subprogram's argument: what its callers pass.
    const Function *F = Arg->getParent();
    if (!F->hasLocalLinkage() || F->hasSection())
      return false; // verified on its own: its memory is not this stack
    for (const Use &U : F->uses()) {
      const auto *CB = dyn_cast<CallBase>(U.getUser());
      if (!CB || !CB->isCallee(&U) || Arg->getArgNo() >= CB->arg_size())
        return true;
      if (loadMayGiveStackAddress(CB->getArgOperand(Arg->getArgNo()), Off, Size,
                                  Depth + 1))
        return true;
    }
    return false;
  }
  if (const auto *LI = dyn_cast<LoadInst>(Base)) {
    // A pointer kept in a stack slot (a pointer variable at -O0, a field of
    // a struct kept on the stack): the verifier tracks the spilled pointer,
    // so the memory is what the pointers stored there point to.
    SmallVector<const Value *, 4> Stored;
    if (storedPointers(*LI, Stored, Depth + 1)) {
      return any_of(Stored, [&](const Value *P) {
        return loadMayGiveStackAddress(P, Off, Size, Depth + 1);
      });
    }
  }
  // Memory that is not on the stack holds scalars and typed pointers for
  // the verifier, never a stack address.
  return mayBeStackAddress(Base, Depth + 1);
}

bool SlotTable::storedPointers(const LoadInst &LI,
                               SmallVectorImpl<const Value *> &Out,
                               unsigned Depth) {
  if (Depth > MaxCallDepth || !LI.getType()->isPointerTy() || LI.isVolatile())
    return false;
  APInt Off(DL.getIndexTypeSizeInBits(LI.getPointerOperandType()), 0);
  const auto *AI = dyn_cast<AllocaInst>(
      LI.getPointerOperand()->stripAndAccumulateConstantOffsets(
          DL, Off, /*AllowNonInbounds=*/true));
  if (!AI || AI->getFunction() != LI.getFunction())
    return false;
  const StackObject *S = slot(const_cast<AllocaInst *>(AI));
  if (!S || S->Escaped || !S->Size)
    return false;
  uint64_t PtrSize = DL.getTypeStoreSize(LI.getType()).getFixedValue();
  bool Followed = forEachWriteOver(
      *S, byteRange(S->Size, Off.getSExtValue(), PtrSize),
      [&](const StackAccess &A) {
        const auto *St = dyn_cast<StoreInst>(A.Inst);
        if (St && St->getValueOperand()->getType()->isPointerTy() &&
            A.Offset == Off.getSExtValue() && A.Size == PtrSize) {
          Out.push_back(St->getValueOperand());
          return true;
        }
        // Zeros are a null pointer, never dereferenced by the verifier; part
        // of a pointer, an integer, a copy are not followed.
        return isa<MemSetInst>(A.Inst);
      });
  if (!Followed)
    return false;
  LLVM_DEBUG(dbgs() << "helperguard: " << LI << " loads one of " << Out.size()
                    << " stored pointer(s)\n");
  return true;
}

bool SlotTable::intMayBeStackAddress(const Value *V, unsigned Depth) {
  if (Depth > MaxCallDepth)
    return true;
  if (isa<Constant>(V))
    return false;
  if (const auto *P2I = dyn_cast<PtrToIntInst>(V))
    return mayBeStackAddress(P2I->getOperand(0), Depth + 1);
  if (const auto *LI = dyn_cast<LoadInst>(V)) {
    if (DL.getTypeStoreSize(LI->getType()) < 8)
      return false; // no room for a pointer
    return loadMayGiveStackAddress(LI->getPointerOperand(), 0, 8, Depth + 1);
  }
  if (const auto *CB = dyn_cast<CallBase>(V))
    return !getHelperId(*CB);
  if (const auto *C = dyn_cast<CastInst>(V))
    return intMayBeStackAddress(C->getOperand(0), Depth + 1);
  if (const auto *A = dyn_cast<Argument>(V)) {
    const Function *F = A->getParent();
    if (!F->hasLocalLinkage() || F->hasSection())
      return false; // a scalar the verifier checks the function with
    for (const Use &U : F->uses()) {
      const auto *CB = dyn_cast<CallBase>(U.getUser());
      if (!CB || !CB->isCallee(&U) || A->getArgNo() >= CB->arg_size() ||
          intMayBeStackAddress(CB->getArgOperand(A->getArgNo()), Depth + 1))
        return true;
    }
    return false;
  }
  if (!Visiting.insert(V).second)
    return false; // a cycle adds nothing the others do not
  bool May = true;
  if (const auto *BO = dyn_cast<BinaryOperator>(V))
    May = any_of(BO->operands(), [&](const Value *Op) {
      return intMayBeStackAddress(Op, Depth + 1);
    });
  else if (const auto *PN = dyn_cast<PHINode>(V))
    May = any_of(PN->incoming_values(), [&](const Value *In) {
      return intMayBeStackAddress(In, Depth + 1);
    });
  else if (const auto *SI = dyn_cast<SelectInst>(V))
    May = intMayBeStackAddress(SI->getTrueValue(), Depth + 1) ||
          intMayBeStackAddress(SI->getFalseValue(), Depth + 1);
  Visiting.erase(V);
  return May;
}

bool SlotTable::mayBeStackAddress(const Value *V, unsigned Depth) {
  if (Depth > MaxCallDepth)
    return true;
  SmallVector<const Value *, 4> Objs;
  getUnderlyingObjects(V, Objs);
  for (const Value *O : Objs) {
    if (isa<AllocaInst>(O))
      return true;
    if (isa<Constant>(O))
      continue; // globals, null
    if (!Visiting.insert(O).second)
      continue; // a cycle adds nothing the others do not
    bool May = true;
    if (const auto *IP = dyn_cast<IntToPtrInst>(O)) {
      // Packet pointers are made from u32 context fields.
      May = intMayBeStackAddress(IP->getOperand(0), Depth + 1);
    } else if (const auto *CB = dyn_cast<CallBase>(O)) {
      // Helpers return map values, ring buffer records, sockets...
      May = !getHelperId(*CB);
    } else if (const auto *LI = dyn_cast<LoadInst>(O)) {
      May = loadMayGiveStackAddress(
          LI->getPointerOperand(), 0,
          DL.getTypeStoreSize(LI->getType()).getFixedValue(), Depth + 1);
    } else if (const auto *A = dyn_cast<Argument>(O)) {
      const Function *F = A->getParent();
      May = false;
      if (F->hasLocalLinkage() && !F->hasSection())
        for (const Use &U : F->uses()) {
          const auto *CB = dyn_cast<CallBase>(U.getUser());
          if (!CB || !CB->isCallee(&U) || A->getArgNo() >= CB->arg_size() ||
              mayBeStackAddress(CB->getArgOperand(A->getArgNo()), Depth + 1)) {
            May = true;
            break;
          }
        }
    } else if (const auto *PN = dyn_cast<PHINode>(O)) {
      May = any_of(PN->incoming_values(), [&](const Value *In) {
        return mayBeStackAddress(In, Depth + 1);
      });
    } else if (const auto *SI = dyn_cast<SelectInst>(O)) {
      May = mayBeStackAddress(SI->getTrueValue(), Depth + 1) ||
            mayBeStackAddress(SI->getFalseValue(), Depth + 1);
    }
    Visiting.erase(O);
    if (May)
      return true;
  }
  return false;
}

} // namespace

bool helperguard::isDerivedFromOpaqueZero(const Value *V) {
  for (unsigned Depth = 0; Depth < 6; ++Depth) {
    if (isOpaqueZero(V))
      return true;
    const auto *I = dyn_cast<Instruction>(V);
    if (!I)
      return false;
    switch (I->getOpcode()) {
    case Instruction::Add:
    case Instruction::Sub:
    case Instruction::Xor:
    case Instruction::Or:
      if (isOpaqueZero(I->getOperand(0)) || isOpaqueZero(I->getOperand(1)))
        return true;
      if (isDerivedFromOpaqueZero(I->getOperand(0)))
        return true;
      V = I->getOperand(1);
      continue;
    case Instruction::Trunc:
    case Instruction::ZExt:
    case Instruction::IntToPtr:
    case Instruction::BitCast:
      V = I->getOperand(0);
      continue;
    default:
      return false;
    }
  }
  return false;
}

bool helperguard::isGuardReload(const LoadInst &LI) {
  if (LI.isVolatile() || !LI.hasOneUse() || !LI.getType()->isIntegerTy())
    return false;
  const auto *Add = dyn_cast<BinaryOperator>(LI.user_back());
  if (!Add || Add->getOpcode() != Instruction::Add || !Add->hasOneUse())
    return false;
  const Value *Other = Add->getOperand(Add->getOperand(0) == &LI ? 1 : 0);
  if (!isDerivedFromOpaqueZero(Other))
    return false;
  const auto *SI = dyn_cast<StoreInst>(Add->user_back());
  return SI && SI->getValueOperand() == Add && !SI->isVolatile() &&
         SI->getPointerOperand() == LI.getPointerOperand();
}

bool helperguard::isOpaqueToVerifier(const Value *V) {
  SmallPtrSet<const Value *, 8> Seen;
  return isOpaque(V, Seen, nullptr);
}

BitVector helperguard::byteRange(uint64_t ObjSize, std::optional<int64_t> Off,
                                 std::optional<uint64_t> Size) {
  BitVector Bytes(ObjSize);
  if (!Off) {
    Bytes.set();
    return Bytes;
  }
  int64_t Begin = std::max<int64_t>(*Off, 0);
  int64_t End = Size ? *Off + int64_t(*Size) : int64_t(ObjSize);
  End = std::min<int64_t>(End, ObjSize);
  if (Begin < End)
    Bytes.set(Begin, End);
  return Bytes;
}

BitVector helperguard::accessBytes(const StackObject &Obj,
                                   const StackAccess &A) {
  return byteRange(Obj.Size, A.Offset, A.Size);
}

bool helperguard::mayBeStackAddress(const Value *V, const DataLayout &DL,
                                    KfuncWriteQuery KfuncWrites) {
  SlotTable Slots(DL, KfuncWrites);
  return Slots.mayBeStackAddress(V, 0);
}

std::vector<StackObject>
helperguard::collectStackObjects(Module &M, KfuncWriteQuery KfuncWrites,
                                 bool &AnyEscaped) {
  AnyEscaped = false;
  const DataLayout &DL = M.getDataLayout();
  SlotTable Slots(DL, KfuncWrites);
  std::vector<StackObject> Objects;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    for (Instruction &I : instructions(F)) {
      auto *AI = dyn_cast<AllocaInst>(&I);
      if (!AI)
        continue;
      StackObject Obj{AI, compat::allocatedBytes(AI, DL), {}, false};
      LLVM_DEBUG(dbgs() << "helperguard: stack object in " << F.getName()
                        << ": " << *AI << "\n");
      AccessCollector(Obj, DL, KfuncWrites, Slots).run();
      AnyEscaped |= Obj.Escaped;
      if (any_of(Obj.Accesses, [](const StackAccess &A) {
            return A.Kind == AccessKind::HelperArg;
          }))
        Objects.push_back(std::move(Obj));
    }
  }
  return Objects;
}
