//===- HazardAnalysis.cpp - Helper calls the verifier may misjudge --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "HazardAnalysis.h"

#include "HelperCalls.h"
#include "StackKnowledge.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/KnownBits.h"

#define DEBUG_TYPE "helperguard"

STATISTIC(NumExternalEscapes,
          "Escapes into external calls not counted as initialisations");

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

/// The largest value a size argument can have: its constant value, or the
/// bound its known bits give (a size masked with "& 31" is at most 31).
std::optional<uint64_t> maxSize(const Value *V, const DataLayout &DL) {
  while (auto *C = dyn_cast<CastInst>(V))
    V = C->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(V))
    return CI->getZExtValue();
  if (!V->getType()->isIntegerTy() || V->getType()->getIntegerBitWidth() > 64)
    return std::nullopt;
  KnownBits Known = computeKnownBits(V, DL);
  if (Known.countMinLeadingZeros() == 0)
    return std::nullopt; // unbounded: to the end of the buffer
  return Known.getMaxValue().getZExtValue();
}

/// The bytes of an object of ObjSize bytes that the guard's own reloads,
/// right after CB, launder (a module the guard already ran on): they load a
/// word through CB's operand OperandNo (which points Off bytes into the
/// object), add the opaque zero and store it back.
BitVector launderedAfter(const CallBase &CB, unsigned OperandNo,
                         std::optional<int64_t> Off, unsigned ObjSize) {
  BitVector Bytes(ObjSize);
  if (!Off)
    return Bytes;
  const DataLayout &DL = CB.getModule()->getDataLayout();
  const Value *Arg = CB.getArgOperand(OperandNo);
  APInt ArgOff(DL.getIndexTypeSizeInBits(Arg->getType()), 0);
  const Value *ArgBase =
      Arg->stripAndAccumulateConstantOffsets(DL, ArgOff, /*AllowNonInbounds=*/true);
  for (const Instruction *I = CB.getNextNode(); I; I = I->getNextNode()) {
    if (isa<GetElementPtrInst>(I) || isDerivedFromOpaqueZero(I))
      continue;
    if (const auto *SI = dyn_cast<StoreInst>(I)) {
      // The store of a reload seen above (isGuardReload checked its shape).
      const auto *Sum = dyn_cast<BinaryOperator>(SI->getValueOperand());
      if (Sum && any_of(Sum->operands(), [](const Value *Op) {
            const auto *LI = dyn_cast<LoadInst>(Op);
            return LI && isGuardReload(*LI);
          }))
        continue;
      break;
    }
    const auto *LI = dyn_cast<LoadInst>(I);
    if (!LI || !isGuardReload(*LI))
      break;
    APInt Delta(ArgOff.getBitWidth(), 0);
    if (LI->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, Delta, /*AllowNonInbounds=*/true) != ArgBase)
      break;
    int64_t Begin = *Off + (Delta - ArgOff).getSExtValue();
    int64_t End = Begin + int64_t(DL.getTypeStoreSize(LI->getType()));
    for (int64_t B = std::max<int64_t>(Begin, 0);
         B < std::min<int64_t>(End, ObjSize); ++B)
      Bytes.set(B);
  }
  return Bytes;
}

/// What a pointer that cannot be a stack address points to, for remarks.
std::string describeNonStack(const Value *Ptr) {
  const Value *O = getUnderlyingObject(Ptr);
  if (isa<GlobalVariable>(O))
    return "a global";
  if (const auto *CB = dyn_cast<CallBase>(O))
    if (std::optional<unsigned> Id = getHelperId(*CB))
      return "the result of helper #" + std::to_string(*Id);
  if (isa<LoadInst>(O))
    return "loaded from memory that holds no stack address";
  if (isa<IntToPtrInst>(O))
    return "made from an integer that holds no stack address, such as a "
           "packet pointer";
  if (isa<Argument>(O))
    return "the program's context or a caller's non-stack pointer";
  return "not derived from a stack buffer";
}

/// Helper arguments the database does not describe (they are not
/// ARG_PTR_TO_MEM) whose stack bytes the verifier never interprets: map
/// values to store (ARG_PTR_TO_MAP_VALUE: checked initialised, copied at run
/// time) and the source of bpf_probe_read* (ARG_ANYTHING: not even checked).
/// Map keys are not here: the verifier uses a constant key of an array map.
bool isCopiedOnly(unsigned HelperId, unsigned ArgNo) {
  static constexpr std::pair<unsigned, unsigned> Args[] = {
      {2, 3},   // bpf_map_update_elem: value
      {4, 3},   // bpf_probe_read: unsafe_ptr
      {45, 3},  // bpf_probe_read_str: unsafe_ptr
      {87, 2},  // bpf_map_push_elem: value
      {107, 3}, // bpf_sk_storage_get: value
      {112, 3}, // bpf_probe_read_user: unsafe_ptr
      {113, 3}, // bpf_probe_read_kernel: unsafe_ptr
      {114, 3}, // bpf_probe_read_user_str: unsafe_ptr
      {115, 3}, // bpf_probe_read_kernel_str: unsafe_ptr
      {145, 3}, // bpf_inode_storage_get: value
      {156, 3}, // bpf_task_storage_get: value
      {210, 3}, // bpf_cgrp_storage_get: value
  };
  return is_contained(Args, std::make_pair(HelperId, ArgNo));
}

/// Whether the escape A may give bytes of the object contents the verifier
/// knows: the pointer went where the analysis cannot follow it, and BPF code
/// the verifier walks may store constants through it. Not when it escapes
/// into a call of an external function (a kfunc, or a global function of
/// another object): that code is not walked in the caller's state, so what
/// it writes is never known there (the verifier forgets the bytes, or keeps
/// what the initialisations before the call gave them).
bool escapeMayInit(const StackAccess &A) {
  const auto *CB = dyn_cast<CallBase>(A.Inst);
  if (!CB)
    return true;
  const Function *Callee = CB->getCalledFunction();
  return !Callee || !Callee->isDeclaration() || Callee->isIntrinsic() ||
         getHelperId(*CB).has_value();
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
  // Both run inside the calls they share; a call in a loop runs again, and
  // so does a callback (bpf_loop and the like).
  for (size_t I = 0; I < Common; ++I)
    if (inCycle(SA[I]) || callsBack(*cast<CallBase>(SA[I])))
      return true;
  return isPotentiallyReachable(SA[Common], SB[Common]);
}

HazardAnalysis::HazardAnalysis(Module &M, const HelperDB &DB,
                               const KernelSet &Targets)
    : DB(DB), Targets(Targets), PT(M), Kills(DB, Targets) {
  // Every helper call gets a verdict, in module order.
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (std::optional<unsigned> Id = getHelperId(*CB))
          verdictFor(CB, *Id);
  Objects = collectStackObjects(
      M,
      [this](StringRef Callee, unsigned ArgNo) {
        return kfuncWrite(Callee, ArgNo);
      },
      AnyEscaped);
  for (const StackObject &Obj : Objects)
    examineObject(Obj);
  examineUntracedCalls(M);
}

std::optional<KfuncWrite> HazardAnalysis::kfuncWrite(StringRef Callee,
                                                     unsigned ArgNo) const {
  const KfuncArg *A = DB.kfuncArgForgotten(Callee, ArgNo, Targets);
  if (!A)
    return std::nullopt;
  return KfuncWrite{A->SizeArgNo, A->FixedSize};
}

SiteVerdict &HazardAnalysis::verdictFor(CallBase *CB, unsigned Id) {
  auto [It, New] = Sites.insert({CB, SiteVerdict()});
  SiteVerdict &V = It->second;
  if (New) {
    V.Call = CB;
    V.HelperId = Id;
    V.HelperName = helperName(DB, Id);
    V.ProgTypes = PT.describe(*CB->getFunction());
    V.NewerThanDB = DB.isNewerHelper(Id);
    if (V.NewerThanDB)
      V.MayPassStack = any_of(CB->args(), [&](const Use &A) {
        return A->getType()->isPointerTy() &&
               mayBeStackAddress(A.get(), CB->getModule()->getDataLayout(),
                                 [this](StringRef Callee, unsigned ArgNo) {
                                   return kfuncWrite(Callee, ArgNo);
                                 });
      });
    std::optional<std::vector<StaleArg>> Stale =
        staleArgsOf(*CB, Id, PT.typesOf(*CB->getFunction()));
    if (Id == LibbpfPoisonHelperId) {
      V.Reason = "libbpf's poisoned call (helper id 0xbad2310, "
                 "bpf_core_unreachable): never executed";
    } else if (!Stale) {
      V.Reason = "helper #" + std::to_string(Id) +
                 " is not in the helper database";
    } else if (V.NewerThanDB && Stale->empty()) {
      bool AnyPointer = any_of(
          CB->args(), [](const Use &A) { return A->getType()->isPointerTy(); });
      V.Reason = V.HelperName + " is newer than the helper database, and " +
                 (AnyPointer ? "every targeted kernel clobbers all helper "
                               "arguments"
                             : "it has no pointer argument to write through");
    } else if (Stale->empty()) {
      KernelSet K = affectedAnywhere(Id, PT.typesOf(*CB->getFunction()));
      if (!K.empty()) {
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

KernelSet
HazardAnalysis::affectedAnywhere(unsigned Id,
                                 const std::vector<std::string> &ProgTypes) {
  auto [It, New] = AnywhereCache.try_emplace(StaleKey(Id, ProgTypes));
  if (New)
    if (std::optional<std::vector<StaleArg>> Anywhere =
            DB.staleArgs(Id, ProgTypes, KernelSet::all()))
      for (const StaleArg &A : *Anywhere)
        for (const KernelRange &R : A.Kernels.ranges())
          It->second.add(R);
  return It->second;
}

std::optional<std::vector<StaleArg>>
HazardAnalysis::staleArgsOf(const CallBase &CB, unsigned Id,
                            const std::vector<std::string> &ProgTypes) const {
  if (Id == LibbpfPoisonHelperId)
    return std::vector<StaleArg>(); // never runs: writes nothing
  if (DB.helper(Id) || !DB.isNewerHelper(Id)) {
    // The same helper is asked about for the same program types at every
    // call: answer once.
    auto Key = std::make_pair(Id, ProgTypes);
    auto It = StaleCache.find(Key);
    if (It == StaleCache.end())
      It = StaleCache.emplace(Key, DB.staleArgs(Id, ProgTypes, Targets)).first;
    return It->second;
  }
  // Assume the worst: the helper writes every pointer argument, any number
  // of bytes, and no kernel that tracks declared writes knows it.
  KernelSet K = DB.regimeKernels(Regime::MemWriteOnly);
  K.add(DB.regimeKernels(Regime::FlagsEnforced));
  K = K.intersect(Targets);
  for (const std::string &R : Targets.releases())
    K.addRelease(R); // measured builds were not probed for it either
  std::vector<StaleArg> Out;
  if (K.empty())
    return Out;
  for (unsigned ArgNo = 1; ArgNo <= std::min(5u, CB.arg_size()); ++ArgNo) {
    if (!CB.getArgOperand(ArgNo - 1)->getType()->isPointerTy())
      continue;
    StaleArg S;
    S.ArgNo = ArgNo;
    S.MayWriteLess = true;
    S.Proto = "unknown";
    S.ProgTypes = ProgTypes;
    S.Kernels = K;
    Out.push_back(std::move(S));
  }
  return Out;
}

bool HazardAnalysis::countsAsRead(const StackAccess &A) const {
  switch (A.Kind) {
  case AccessKind::Read:
  case AccessKind::Escape:
    return true;
  case AccessKind::HelperArg: {
    // A plain memory argument (ARG_PTR_TO_MEM and kin) is read by the helper
    // at run time; the verifier only checks it is initialised, and folds
    // nothing: only the program's own loads do. Anything else (a map key,
    // whose constant value the verifier uses to elide the null check of an
    // array lookup; a helper the database does not describe) may be
    // interpreted by the verifier: a read.
    if (isCopiedOnly(A.HelperId, A.OperandNo + 1))
      return false;
    const Helper *H = DB.helper(A.HelperId);
    if (!H)
      return true;
    bool Described = false;
    for (const Prototype &P : H->Protos)
      for (const MemArg &MA : P.Args) {
        if (MA.ArgNo != A.OperandNo + 1)
          continue;
        Described = true;
        for (const DeclaredArg &D : MA.Declared)
          if (!flagsArePlainMemory(D.Flags))
            return true;
      }
    return !Described;
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
      staleArgsOf(*CB, H.HelperId, Types);
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
    Size = maxSize(CB->getArgOperand(*Arg->SizeArgNo - 1),
                   CB->getModule()->getDataLayout());
  HazardInstance HI{
      &Obj, &H, *Arg, byteRange(Obj.Size, H.Offset, Size), BitVector(Obj.Size),
      {},   {}, {}};

  BitVector Known(Obj.Size), Read(Obj.Size);
  std::vector<LiveInit> Live;
  std::vector<const StackAccess *> Candidates;
  for (const StackAccess &A : Obj.Accesses) {
    if (&A == &H)
      continue;
    BitVector Bytes = accessBytes(Obj, A);
    Bytes &= HI.Written;
    if (Bytes.none())
      continue;
    bool IsInit = A.Kind == AccessKind::KnownWrite ||
                  (A.Kind == AccessKind::Escape && escapeMayInit(A));
    if (A.Kind == AccessKind::Escape && !IsInit && mayPrecede(A, H)) {
      ++NumExternalEscapes;
      LLVM_DEBUG(dbgs() << "helperguard: escape into " << *A.Inst
                        << " gives no known bytes\n");
    }
    if (IsInit && mayPrecede(A, H)) {
      // What a later write overwrites on every path to the call is that
      // write's: the verifier knows what the last write gave.
      Bytes.reset(Kills.overwrittenBetween(Obj, A, H, Bytes, Types));
      if (Bytes.any()) {
        Known |= Bytes;
        HI.Inits.push_back(&A);
        HI.InitBytes.push_back(Bytes);
        Live.push_back({&A, Bytes});
      }
    }
    if (countsAsRead(A) && mayPrecede(H, A))
      Candidates.push_back(&A);
  }
  // A read counts only if the verifier may learn from it something the
  // helper's write contradicts.
  bool Unlearned = false;
  for (const StackAccess *A : Candidates) {
    BitVector Bytes = accessBytes(Obj, *A);
    Bytes &= HI.Written;
    if (Kills.killedBetween(Obj, H, *A, Bytes, Types))
      continue;
    if (!readLearns(Obj, *A, Live, HI.Written, Candidates)) {
      Unlearned = true;
      continue;
    }
    Read |= Bytes;
    HI.Reads.push_back(A);
  }
  HI.Hazard = Known;
  HI.Hazard &= Read;
  BitVector Laundered =
      launderedAfter(*CB, H.OperandNo, H.Offset, unsigned(Obj.Size));
  bool AlreadyGuarded = HI.Hazard.anyCommon(Laundered);
  HI.Hazard.reset(Laundered);

  LLVM_DEBUG(dbgs() << "helperguard: " << V.HelperName << " arg "
                    << Arg->ArgNo << " on " << *Obj.Alloca << ": "
                    << Known.count() << " known, " << Read.count()
                    << " read, " << HI.Hazard.count() << " hazardous bytes\n");
  if (HI.Hazard.none()) {
    if (V.Hazardous)
      return;
    if (AlreadyGuarded)
      V.Reason = "already guarded: the bytes read after the call are "
                 "reloaded right after it";
    else if (Known.none())
      V.Reason = "no byte the helper writes is known to the verifier before "
                 "the call";
    else if (Read.none() && Unlearned)
      V.Reason = "the reads after the call learn nothing the verifier "
                 "knew of the bytes before it (unknown or full-range values)";
    else if (Read.none())
      V.Reason = "no byte the helper writes is read after the call";
    else
      V.Reason = "the bytes read after the call were not known before it";
    return;
  }
  V.Hazardous = true;
  V.Reason = "the verifier keeps the old contents of bytes read after the call";
  V.Kernels.add(Arg->Kernels);
  V.Instances.push_back(std::move(HI));
}

void HazardAnalysis::examineUntracedCalls(Module &M) {
  for (auto &[CB, V] : Sites) {
    if (V.Hazardous)
      continue;
    std::optional<std::vector<StaleArg>> Stale =
        staleArgsOf(*CB, V.HelperId, PT.typesOf(*CB->getFunction()));
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
      bool MaybeStack = mayBeStackAddress(
          Ptr, M.getDataLayout(), [this](StringRef Callee, unsigned ArgNo) {
            return kfuncWrite(Callee, ArgNo);
          });
      // Pointers from allocas were all followed, through the stack slots
      // pointers are kept in; only an escaped buffer can come back through
      // memory.
      if (MaybeStack && AnyEscaped && !any_of(Objs, [](const Value *O) {
            return isa<AllocaInst>(O);
          })) {
        V.Hazardous = V.Unsure = true;
        V.Reason = "cannot tell which buffer argument " +
                   std::to_string(Arg.ArgNo) +
                   " points to and a stack buffer escapes: assuming a hazard";
        V.Kernels.add(Arg.Kernels);
      } else if (V.Instances.empty() &&
                 V.Reason == "no stack buffer reaches a written argument") {
        V.Reason = "argument " + std::to_string(Arg.ArgNo) +
                   " is not a stack buffer" +
                   (MaybeStack ? "" : " (" + describeNonStack(Ptr) + ")");
      }
    }
  }
}
