//===- AvailabilityDiagnostics.cpp - Calls a targeted kernel refuses ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides which helper calls a targeted kernel's verifier refuses at load
// time and says so at the call (AvailabilityDiagnostics.h). The facts come
// from the database (Availability.h, HelperDB.h); this file decides what the
// IR passes (read-only memory) and which calls the code guards itself.
//
//===----------------------------------------------------------------------===//

#include "AvailabilityDiagnostics.h"

#include "HelperCalls.h"
#include "ProgramTypes.h"

#include "helperguard/Availability.h"
#include "helperguard/LLVMCompat.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "helperguard-portability"

using namespace llvm;
using namespace helperguard;

STATISTIC(NumRefusedCalls, "Helper calls a targeted kernel refuses");
STATISTIC(NumCoreGuardedCalls,
          "Refused helper calls under a CO-RE existence check (silent)");
STATISTIC(NumReadOnlyArgs,
          "Read-only memory passed where a targeted kernel wants writable");

static cl::opt<std::string> PortabilityOpt(
    "bpf-helperguard-portability", cl::init("warn"),
    cl::desc("helperguard: helper calls a targeted kernel refuses (missing "
             "helper, not offered to the program type, read-only memory "
             "without MEM_RDONLY): 'warn', 'remark' or 'off'"));

namespace {

constexpr const char *PassName = "helperguard-portability";

/// A warning of its own kind (clang: -Wbackend-plugin), not an optimization
/// failure like the miscompile warnings.
class PortabilityWarning : public DiagnosticInfo {
  std::string Msg;

public:
  static int kind() {
    static const int K = getNextAvailablePluginDiagnosticKind();
    return K;
  }
  explicit PortabilityWarning(std::string Msg)
      : DiagnosticInfo(kind(), DS_Warning), Msg(std::move(Msg)) {}
  void print(DiagnosticPrinter &DP) const override { DP << Msg; }
};

/// "file.c:12:5: " from the call's debug location, else "in function 'f': ".
std::string where(const CallBase &CB) {
  if (const DebugLoc &DL = CB.getDebugLoc())
    return DL->getFilename().str() + ":" + std::to_string(DL.getLine()) +
           ":" + std::to_string(DL.getCol()) + ": ";
  return "in function '" + CB.getFunction()->getName().str() + "': ";
}

/// Whether GV is the global the BPF backend lowers a CO-RE existence check
/// to: "llvm.<type>:<kind>:<access>$<n>" with kind FIELD_EXISTENCE (2),
/// TYPE_EXISTENCE (8), ENUM_VALUE_EXISTENCE (10) or TYPE_MATCH (12).
bool isCoreExistenceGlobal(const GlobalValue &GV) {
  StringRef Name = GV.getName();
  if (!compat::startsWith(Name, "llvm."))
    return false;
  SmallVector<StringRef, 4> Parts;
  Name.split(Parts, ':');
  if (Parts.size() < 3)
    return false;
  return Parts[1] == "2" || Parts[1] == "8" || Parts[1] == "10" ||
         Parts[1] == "12";
}

/// Whether V (a branch condition) is computed from a CO-RE existence check:
/// a llvm.bpf.preserve.* intrinsic (before the BPF backend lowers it), the
/// load of its lowered global, or the address of an extern_weak symbol
/// (bpf_ksym_exists). Values loaded from other memory are not followed.
bool mentionsCoreCheck(const Value *V, SmallPtrSetImpl<const Value *> &Seen,
                       unsigned Depth = 0) {
  if (Depth > 12 || !Seen.insert(V).second)
    return false;
  if (const auto *GV = dyn_cast<GlobalValue>(V))
    return GV->hasExternalWeakLinkage() || isCoreExistenceGlobal(*GV);
  if (const auto *LI = dyn_cast<LoadInst>(V)) {
    const auto *GV = dyn_cast<GlobalValue>(LI->getPointerOperand());
    return GV && isCoreExistenceGlobal(*GV);
  }
  if (const auto *CB = dyn_cast<CallBase>(V)) {
    const Function *F = CB->getCalledFunction();
    if (!F)
      return false;
    StringRef N = F->getName();
    if (compat::startsWith(N, "llvm.bpf.preserve.enum.value") ||
        compat::startsWith(N, "llvm.bpf.preserve.type.info") ||
        compat::startsWith(N, "llvm.bpf.preserve.field.info"))
      return true;
    if (!compat::startsWith(N, "llvm.bpf.passthrough"))
      return false;
  }
  const auto *U = dyn_cast<User>(V);
  if (!U || isa<Function>(V))
    return false;
  for (const Value *Op : U->operands())
    if (mentionsCoreCheck(Op, Seen, Depth + 1))
      return true;
  return false;
}

/// Whether a conditional branch or switch of a block dominating CB's tests
/// a CO-RE existence check (either way: libbpf and the verifier remove the
/// side a kernel cannot take).
bool coreGuarded(const CallBase &CB, const DominatorTree &DT) {
  const DomTreeNode *N = DT.getNode(CB.getParent());
  for (N = N ? N->getIDom() : nullptr; N; N = N->getIDom()) {
    const Instruction *T = N->getBlock()->getTerminator();
    const Value *Cond = nullptr;
    if (const auto *BI = dyn_cast<BranchInst>(T))
      Cond = BI->isConditional() ? BI->getCondition() : nullptr;
    else if (const auto *SI = dyn_cast<SwitchInst>(T))
      Cond = SI->getCondition();
    SmallPtrSet<const Value *, 16> Seen;
    if (Cond && mentionsCoreCheck(Cond, Seen))
      return true;
  }
  return false;
}

/// Whether V points into a constant global (.rodata): the verifier sees a
/// read-only map value.
bool isReadOnlyMemory(const Value *V) {
  const auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(V));
  return GV && GV->isConstant() && !GV->hasExternalWeakLinkage();
}

/// The kernels of Targets whose prototype of A refuses read-only memory: A
/// is only read, the regime checks the access type (6.14 on: an argument
/// without MEM_RDONLY is written), and the declaration lacks MEM_RDONLY.
KernelSet readOnlyRefused(const HelperDB &DB, const MemArg &A,
                          const KernelSet &Targets) {
  KernelSet Out;
  if (A.Writes)
    return Out; // passing read-only memory to a write is wrong everywhere
  KernelSet Checked = DB.regimeKernels(Regime::ClobberAll).complement();
  for (const DeclaredArg &D : A.Declared) {
    StringRef F = D.Flags;
    if (F.contains("MEM_RDONLY") || !flagsArePlainMemory(F))
      continue;
    KernelSet S;
    S.add(D.Kernels);
    Out.add(S.intersect(Checked));
  }
  return Out.intersect(Targets.intersect(KernelSet::all()));
}

/// "6.12" for a series start (x.y.0), else "6.16.3".
std::string firstMeasured(const KernelVersion &V) {
  std::string S = std::to_string(V.Major) + "." + std::to_string(V.Minor);
  return V.Patch == 0 ? S : S + "." + std::to_string(V.Patch);
}

} // namespace

unsigned helperguard::diagnoseAvailability(Module &M, const HelperDB &DB,
                                           const KernelSet &Targets) {
  StringRef Mode = PortabilityOpt;
  if (Mode == "off")
    return 0;
  bool Warn = Mode != "remark";
  ProgramTypes Types(M);
  unsigned Count = 0;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    std::optional<DominatorTree> DT;
    OptimizationRemarkEmitter ORE(&F);
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      std::optional<unsigned> Id = getHelperId(*CB);
      const Helper *H = Id ? DB.helper(*Id) : nullptr;
      if (!H)
        continue;
      const std::vector<std::string> &PT = Types.typesOf(F);
      std::vector<std::string> Msgs;
      for (const AvailabilityProblem &P :
           availabilityProblems(DB, *H, PT, Targets)) {
        std::string First;
        if (P.Kind == AvailabilityProblemKind::NotForProgType) {
          KernelSet Av = availableKernels(*H, P.ProgType);
          if (!Av.empty())
            First = " (first measured with it: " +
                    firstMeasured(Av.ranges().front().Lo) + ")";
        } else if (H->Since) {
          First = " (first measured with it: " + firstMeasured(*H->Since) +
                  ")";
        }
        Msgs.push_back(describeAvailabilityProblem(*H, P) + First);
      }
      // Read-only memory where the prototype wants writable memory.
      for (const std::string &T : PT.empty() ? std::vector<std::string>{"*"}
                                             : PT) {
        const Prototype *Proto = H->protoFor(T);
        if (!Proto)
          continue;
        for (const MemArg &A : Proto->Args) {
          if (A.ArgNo > CB->arg_size() ||
              !isReadOnlyMemory(CB->getArgOperand(A.ArgNo - 1)))
            continue;
          KernelSet K = readOnlyRefused(DB, A, Targets);
          if (K.empty())
            continue;
          ++NumReadOnlyArgs;
          std::string Msg = H->Name + " arg" + std::to_string(A.ArgNo) +
                            " is read-only memory (.rodata), which the "
                            "prototype refuses without MEM_RDONLY on " +
                            K.str();
          if (!is_contained(Msgs, Msg))
            Msgs.push_back(Msg);
        }
      }
      if (Msgs.empty())
        continue;
      if (!DT)
        DT.emplace(F);
      if (coreGuarded(*CB, *DT)) {
        ++NumCoreGuardedCalls;
        LLVM_DEBUG(dbgs() << "helperguard-portability: " << H->Name
                          << " under a CO-RE check in " << F.getName()
                          << ": silent\n");
        continue;
      }
      ++NumRefusedCalls;
      ++Count;
      for (const std::string &Msg : Msgs) {
        std::string Full = "helperguard-portability: " + Msg +
                           ": the verifier refuses the program there (guard "
                           "the call with bpf_core_enum_value_exists(enum "
                           "bpf_func_id, BPF_FUNC_" +
                           H->Name.substr(4) +
                           ") or narrow -bpf-helperguard-kernels)";
        ORE.emit([&] {
          return OptimizationRemarkAnalysis(PassName, "Refused", CB) << Full;
        });
        if (Warn)
          M.getContext().diagnose(PortabilityWarning(where(*CB) + Full));
      }
    }
  }
  return Count;
}
