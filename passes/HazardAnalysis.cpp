//===- HazardAnalysis.cpp - Helper calls the verifier may misjudge --------===//

#include "HazardAnalysis.h"

#include "HelperCalls.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "helperguard"

using namespace llvm;
using namespace helperguard;

namespace {

/// Whether I's block can be entered again after I (it is in a loop).
bool inCycle(const Instruction *I) {
  const BasicBlock *BB = I->getParent();
  return any_of(successors(BB), [&](const BasicBlock *S) {
    return isPotentiallyReachable(S, BB);
  });
}

/// The constant value of a size argument, looking through casts.
std::optional<uint64_t> constantSize(const Value *V) {
  while (auto *C = dyn_cast<CastInst>(V))
    V = C->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(V))
    return CI->getZExtValue();
  return std::nullopt;
}

std::string helperName(const HelperDB &DB, unsigned Id) {
  if (const Helper *H = DB.helper(Id))
    return H->Name;
  return "helper #" + std::to_string(Id);
}

} // namespace

bool HazardAnalysis::mayPrecede(const StackAccess &A, const StackAccess &B) {
  SmallVector<const Instruction *, 4> SA(A.Path.begin(), A.Path.end());
  SA.push_back(A.Inst);
  SmallVector<const Instruction *, 4> SB(B.Path.begin(), B.Path.end());
  SB.push_back(B.Inst);
  size_t Common = 0;
  while (Common < SA.size() && Common < SB.size() && SA[Common] == SB[Common])
    ++Common;
  if (Common == SA.size() || Common == SB.size())
    return true; // one contains the other: the same call
  // Both run inside the calls they share; a call in a loop runs again.
  for (size_t I = 0; I < Common; ++I)
    if (inCycle(SA[I]))
      return true;
  return isPotentiallyReachable(SA[Common], SB[Common]);
}

HazardAnalysis::HazardAnalysis(Module &M, const HelperDB &DB,
                               const KernelSet &Targets)
    : DB(DB), Targets(Targets), PT(M) {
  // Every helper call gets a verdict, in module order.
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (std::optional<unsigned> Id = getHelperId(*CB))
          verdictFor(CB, *Id);
  Objects = collectStackObjects(M);
  for (const StackObject &Obj : Objects)
    examineObject(Obj);
  examineUntracedCalls(M);
}

SiteVerdict &HazardAnalysis::verdictFor(CallBase *CB, unsigned Id) {
  auto [It, New] = Sites.insert({CB, SiteVerdict()});
  SiteVerdict &V = It->second;
  if (New) {
    V.Call = CB;
    V.HelperId = Id;
    V.HelperName = helperName(DB, Id);
    V.ProgTypes = PT.describe(*CB->getFunction());
    std::optional<std::vector<StaleArg>> Stale =
        DB.staleArgs(Id, PT.typesOf(*CB->getFunction()), Targets);
    if (!Stale) {
      V.Reason = "helper #" + std::to_string(Id) +
                 " is not in the helper database";
    } else if (Stale->empty()) {
      std::optional<std::vector<StaleArg>> Anywhere =
          DB.staleArgs(Id, PT.typesOf(*CB->getFunction()), KernelSet::all());
      if (Anywhere && !Anywhere->empty()) {
        KernelSet K;
        for (const StaleArg &A : *Anywhere)
          for (const KernelRange &R : A.Kernels.ranges())
            K.add(R);
        V.Reason = V.HelperName + " is affected only on kernels " + K.str() +
                   ", none of them targeted";
      } else {
        V.Reason = V.HelperName + " declares every buffer it writes (" +
                   V.ProgTypes + ")";
      }
    } else {
      V.Reason = "no stack buffer reaches a written argument";
    }
  }
  return V;
}

bool HazardAnalysis::countsAsRead(const StackAccess &A) const {
  switch (A.Kind) {
  case AccessKind::Read:
  case AccessKind::Escape:
    return true;
  case AccessKind::HelperArg: {
    // A helper described by the database reads its memory arguments at run
    // time only; others (map keys...) may be interpreted by the verifier.
    const Helper *H = DB.helper(A.HelperId);
    if (!H)
      return true;
    for (const Prototype &P : H->Protos)
      for (const MemArg &MA : P.Args)
        if (MA.ArgNo == A.OperandNo + 1)
          return false;
    return true;
  }
  default:
    return false;
  }
}

void HazardAnalysis::examineObject(const StackObject &Obj) {
  for (const StackAccess &A : Obj.Accesses)
    if (A.Kind == AccessKind::HelperArg)
      examineAccess(Obj, A);
}

void HazardAnalysis::examineAccess(const StackObject &Obj,
                                   const StackAccess &H) {
  auto *CB = cast<CallBase>(H.Inst);
  SiteVerdict &V = verdictFor(CB, H.HelperId);
  const std::vector<std::string> &Types =
      PT.typesOf(*Obj.Alloca->getFunction());
  std::optional<std::vector<StaleArg>> Stale =
      DB.staleArgs(H.HelperId, Types, Targets);
  if (!Stale)
    return;
  const StaleArg *Arg = nullptr;
  for (const StaleArg &S : *Stale)
    if (S.ArgNo == H.OperandNo + 1)
      Arg = &S;
  if (!Arg)
    return;

  std::optional<uint64_t> Size = Arg->FixedSize;
  if (Arg->SizeArgNo && *Arg->SizeArgNo <= CB->arg_size())
    Size = constantSize(CB->getArgOperand(*Arg->SizeArgNo - 1));
  HazardInstance HI{&Obj, &H, *Arg, byteRange(Obj.Size, H.Offset, Size),
                    BitVector(Obj.Size), {}, {}};

  BitVector Known(Obj.Size), Read(Obj.Size);
  for (const StackAccess &A : Obj.Accesses) {
    if (&A == &H)
      continue;
    BitVector Bytes = accessBytes(Obj, A);
    Bytes &= HI.Written;
    if (Bytes.none())
      continue;
    bool IsInit = A.Kind == AccessKind::KnownWrite || A.Kind == AccessKind::Escape;
    if (IsInit && mayPrecede(A, H)) {
      Known |= Bytes;
      HI.Inits.push_back(&A);
    }
    if (countsAsRead(A) && mayPrecede(H, A)) {
      Read |= Bytes;
      HI.Reads.push_back(&A);
    }
  }
  HI.Hazard = Known;
  HI.Hazard &= Read;

  LLVM_DEBUG(dbgs() << "helperguard: " << V.HelperName << " arg "
                    << Arg->ArgNo << " on " << *Obj.Alloca << ": "
                    << Known.count() << " known, " << Read.count()
                    << " read, " << HI.Hazard.count() << " hazardous bytes\n");
  if (HI.Hazard.none()) {
    if (V.Hazardous)
      return;
    if (Known.none())
      V.Reason = "no byte the helper writes is known to the verifier before "
                 "the call";
    else if (Read.none())
      V.Reason = "no byte the helper writes is read after the call";
    else
      V.Reason = "the bytes read after the call were not known before it";
    return;
  }
  V.Hazardous = true;
  V.Reason = "the verifier keeps the old contents of bytes read after the call";
  for (const KernelRange &R : Arg->Kernels.ranges())
    V.Kernels.add(R);
  V.Instances.push_back(std::move(HI));
}

void HazardAnalysis::examineUntracedCalls(Module &M) {
  bool AnyEscaped = any_of(Objects, [](const StackObject &O) {
    return O.Escaped;
  });
  for (auto &[CB, V] : Sites) {
    if (V.Hazardous)
      continue;
    std::optional<std::vector<StaleArg>> Stale =
        DB.staleArgs(V.HelperId, PT.typesOf(*CB->getFunction()), Targets);
    if (!Stale)
      continue;
    for (const StaleArg &Arg : *Stale) {
      if (Arg.ArgNo > CB->arg_size())
        continue;
      Value *Ptr = CB->getArgOperand(Arg.ArgNo - 1);
      bool Traced = any_of(V.Instances, [&](const HazardInstance &HI) {
        return HI.Helper->OperandNo == Arg.ArgNo - 1;
      });
      if (Traced || !Ptr->getType()->isPointerTy())
        continue;
      SmallVector<const Value *, 4> Objs;
      getUnderlyingObjects(Ptr, Objs);
      bool MaybeStack = any_of(Objs, [](const Value *O) {
        return isa<AllocaInst>(O) || isa<LoadInst>(O) || isa<PHINode>(O) ||
               isa<SelectInst>(O) || isa<IntToPtrInst>(O);
      });
      // Pointers from allocas were all followed; only an escaped buffer can
      // come back through memory.
      if (MaybeStack && AnyEscaped && !any_of(Objs, [](const Value *O) {
            return isa<AllocaInst>(O);
          })) {
        V.Hazardous = V.Unsure = true;
        V.Reason = "cannot tell which buffer argument " +
                   std::to_string(Arg.ArgNo) +
                   " points to and a stack buffer escapes: assuming a hazard";
        for (const KernelRange &R : Arg.Kernels.ranges())
          V.Kernels.add(R);
      } else if (V.Instances.empty() &&
                 V.Reason == "no stack buffer reaches a written argument") {
        V.Reason = "argument " + std::to_string(Arg.ArgNo) +
                   " is not a stack buffer";
      }
    }
  }
}
