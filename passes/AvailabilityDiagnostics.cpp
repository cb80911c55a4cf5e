//===- AvailabilityDiagnostics.cpp - Calls a targeted kernel refuses ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides which helper and kfunc calls a targeted kernel refuses at load
// time and says so at the call (AvailabilityDiagnostics.h). The facts come
// from the database (Availability.h); this file decides which calls the
// code guards itself, and what each CO-RE check proves.
//
//===----------------------------------------------------------------------===//

#include "AvailabilityDiagnostics.h"

#include "HelperCalls.h"
#include "ProgramTypes.h"
#include "ReadOnlyPointers.h"
#include "SiteSink.h"

#include "helperguard/Availability.h"
#include "helperguard/KfuncAvailability.h"
#include "helperguard/LLVMCompat.h"
#include "helperguard/ReadOnlyArgs.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"

#include <map>

#define DEBUG_TYPE "helperguard-portability"

using namespace llvm;
using namespace helperguard;

STATISTIC(NumRefusedCalls, "Helper calls a targeted kernel refuses");
STATISTIC(NumRefusedKfuncCalls, "Kfunc calls a targeted kernel refuses");
STATISTIC(NumReadOnlyArgs,
          "Read-only memory passed where a targeted kernel refuses it");
STATISTIC(NumCoreGuardedCalls,
          "Refused helper calls under a CO-RE existence check (silent)");

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

/// What a CO-RE existence check proves where it is true.
enum class GuardKind {
  None,
  HelperId, ///< bpf_core_enum_value_exists(enum bpf_func_id, ...): the id
            ///< exists, not that the program type is offered the helper
  Feature,  ///< a type, field or ksym exists: taken as the kernel feature
            ///< the helper came with
};

GuardKind strongest(GuardKind A, GuardKind B) { return A > B ? A : B; }

/// The guard the BPF backend lowers a CO-RE existence check to:
/// "llvm.<type>:<kind>:<access>$<n>" with kind FIELD_EXISTENCE (2),
/// TYPE_EXISTENCE (8), ENUM_VALUE_EXISTENCE (10) or TYPE_MATCH (12).
GuardKind coreGlobalKind(const GlobalValue &GV) {
  StringRef Name = GV.getName();
  if (!compat::startsWith(Name, "llvm."))
    return GuardKind::None;
  SmallVector<StringRef, 4> Parts;
  Name.split(Parts, ':');
  if (Parts.size() < 3)
    return GuardKind::None;
  if (Parts[1] == "10")
    return Parts[0] == "llvm.bpf_func_id" ? GuardKind::HelperId
                                          : GuardKind::Feature;
  if (Parts[1] == "2" || Parts[1] == "8" || Parts[1] == "12")
    return GuardKind::Feature;
  return GuardKind::None;
}

/// The strongest CO-RE existence check V (a branch condition) is computed
/// from: a llvm.bpf.preserve.* intrinsic (before the BPF backend lowers it;
/// preserve.enum.value counts as a helper-id check), the load of its
/// lowered global, the address of an extern_weak symbol (bpf_ksym_exists),
/// or the value of a __kconfig kernel version or feature flag. Values loaded
/// from other memory are not followed.
GuardKind coreCheckIn(const Value *V, SmallPtrSetImpl<const Value *> &Seen,
                      unsigned Depth = 0) {
  if (Depth > 12 || !Seen.insert(V).second)
    return GuardKind::None;
  if (const auto *GV = dyn_cast<GlobalValue>(V))
    return GV->hasExternalWeakLinkage() ? GuardKind::Feature
                                        : coreGlobalKind(*GV);
  if (const auto *LI = dyn_cast<LoadInst>(V)) {
    const auto *GV =
        dyn_cast<GlobalValue>(LI->getPointerOperand()->stripPointerCasts());
    if (!GV)
      return GuardKind::None;
    // A libbpf __kconfig extern: libbpf fills the read-only .kconfig map
    // from the kernel it loads on, the verifier sees a constant and skips
    // the dead side. Its kernel version and feature flags are feature
    // checks; a CONFIG_* value (CONFIG_HZ, CONFIG_PREEMPTION) is not.
    if (GV->isDeclaration() && GV->getSection() == ".kconfig")
      return kconfigIsFeatureCheck(GV->getName()) ? GuardKind::Feature
                                                  : GuardKind::None;
    return coreGlobalKind(*GV);
  }
  if (const auto *CB = dyn_cast<CallBase>(V)) {
    const Function *F = CB->getCalledFunction();
    if (!F)
      return GuardKind::None;
    StringRef N = F->getName();
    if (compat::startsWith(N, "llvm.bpf.preserve.enum.value"))
      return GuardKind::HelperId;
    if (compat::startsWith(N, "llvm.bpf.preserve.type.info") ||
        compat::startsWith(N, "llvm.bpf.preserve.field.info"))
      return GuardKind::Feature;
    if (!compat::startsWith(N, "llvm.bpf.passthrough"))
      return GuardKind::None;
  }
  const auto *U = dyn_cast<User>(V);
  if (!U || isa<Function>(V))
    return GuardKind::None;
  GuardKind K = GuardKind::None;
  for (const Value *Op : U->operands())
    K = strongest(K, coreCheckIn(Op, Seen, Depth + 1));
  return K;
}

/// The strongest CO-RE existence check a conditional branch or switch of a
/// block dominating CB tests (either way: libbpf and the verifier remove the
/// side a kernel cannot take).
GuardKind coreGuard(const CallBase &CB, const DominatorTree &DT) {
  GuardKind K = GuardKind::None;
  const DomTreeNode *N = DT.getNode(CB.getParent());
  for (N = N ? N->getIDom() : nullptr; N; N = N->getIDom()) {
    const Instruction *T = N->getBlock()->getTerminator();
    const Value *Cond = nullptr;
    if (const auto *BI = dyn_cast<BranchInst>(T))
      Cond = BI->isConditional() ? BI->getCondition() : nullptr;
    else if (const auto *SI = dyn_cast<SwitchInst>(T))
      Cond = SI->getCondition();
    SmallPtrSet<const Value *, 16> Seen;
    if (Cond)
      K = strongest(K, coreCheckIn(Cond, Seen));
  }
  return K;
}

/// "6.12" for a series start (x.y.0), else "6.16.3".
std::string firstMeasured(const KernelVersion &V) {
  std::string S = std::to_string(V.Major) + "." + std::to_string(V.Minor);
  return V.Patch == 0 ? S : S + "." + std::to_string(V.Patch);
}

/// The kfunc the database knows that CB calls: a call to an external
/// function declaration (`extern ... __ksym`) of that name.
const Kfunc *calledKfunc(const CallBase &CB, const HelperDB &DB) {
  const Function *F = CB.getCalledFunction();
  if (!F || !F->isDeclaration() || F->isIntrinsic())
    return nullptr;
  return DB.kfunc(F->getName());
}

using Problem = std::pair<std::string, std::string>; ///< (what, fix)

/// The read-only memory CB passes as memory arguments that a targeted kernel
/// refuses (ReadOnlyArgs.h), on the kernels where the call is not already
/// refused by its availability (Refused).
std::vector<Problem> readOnlyProblems(const HelperDB &DB, const CallBase &CB,
                                      const Helper &H,
                                      ArrayRef<std::string> ProgTypes,
                                      const KernelSet &Targets,
                                      ArrayRef<AvailabilityProblem> Refused) {
  std::vector<Problem> Out;
  for (unsigned I = 0, E = std::min(CB.arg_size(), 5u); I != E; ++I) {
    std::optional<ReadOnlyMemory> Kind = readOnlyMemoryOf(CB.getArgOperand(I));
    if (!Kind)
      continue;
    KernelSet K =
        readOnlyRefusedKernels(DB, H, ProgTypes, I + 1, *Kind, Targets);
    for (const AvailabilityProblem &P : Refused)
      K = K.subtract(P.Kernels);
    if (K.empty())
      continue;
    ++NumReadOnlyArgs;
    Out.push_back(
        {describeReadOnlyProblem(H, I + 1, *Kind, K), readOnlyFix(*Kind)});
  }
  return Out;
}

} // namespace

unsigned helperguard::diagnoseAvailability(Module &M, const HelperDB &DB,
                                           const KernelSet &Targets) {
  StringRef Mode = PortabilityOpt;
  if (Mode == "off")
    return 0;
  bool Warn = Mode != "remark";
  // The Clang plugin gives the warnings (-Whelperguard-portability).
  bool Sink = Warn && siteSinkEnabled();
  ProgramTypes Types(M);
  unsigned Count = 0;
  // Every call of a helper from programs of the same types has the same
  // problems: ask the database once.
  std::map<std::pair<unsigned, std::vector<std::string>>,
           std::vector<AvailabilityProblem>>
      ProblemsOf;
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
      if (!H) {
        // A known kfunc: refused where the kernel does not export it.
        const Kfunc *K = Id ? nullptr : calledKfunc(*CB, DB);
        if (!K)
          continue;
        KernelSet Missing = missingKfuncKernels(DB, *K, Targets);
        if (Missing.empty())
          continue;
        if (!DT)
          DT.emplace(F);
        if (coreGuard(*CB, *DT) == GuardKind::Feature) {
          ++NumCoreGuardedCalls;
          LLVM_DEBUG(dbgs() << "helperguard-portability: " << K->Name
                            << " under a CO-RE check in " << F.getName()
                            << ": silent\n");
          continue;
        }
        ++NumRefusedKfuncCalls;
        ++Count;
        std::string Problem = describeMissingKfunc(*K, Missing);
        std::string Fix =
            "guard the call with bpf_ksym_exists(" + K->Name + ")";
        std::string Full = "helperguard-portability: " + Problem +
                           ": the program does not load there (" + Fix +
                           ", or narrow -bpf-helperguard-kernels)";
        ORE.emit([&] {
          return OptimizationRemarkAnalysis(PassName, "Refused", CB) << Full;
        });
        if (Sink)
          sinkPortability(*CB, 0, K->Name, Problem, Fix);
        else if (Warn)
          M.getContext().diagnose(PortabilityWarning(where(*CB) + Full));
        continue;
      }
      const std::vector<std::string> &PT = Types.typesOf(F);
      auto [It, New] = ProblemsOf.try_emplace({*Id, PT});
      if (New)
        It->second = availabilityProblems(DB, *H, PT, Targets);
      const std::vector<AvailabilityProblem> &Problems = It->second;
      std::vector<Problem> ReadOnly =
          readOnlyProblems(DB, *CB, *H, PT, Targets, Problems);
      if (Problems.empty() && ReadOnly.empty())
        continue;
      // A helper-id check keeps the call wherever the id exists, also where
      // the program type is not offered the helper (measured on 6.1.192:
      // the verifier refuses it), so it silences only a missing helper.
      if (!DT)
        DT.emplace(F);
      GuardKind Guard = coreGuard(*CB, *DT);
      std::vector<Problem> Msgs;
      for (const AvailabilityProblem &P : Problems) {
        if (Guard == GuardKind::Feature ||
            (Guard == GuardKind::HelperId &&
             P.Kind == AvailabilityProblemKind::NoHelper)) {
          ++NumCoreGuardedCalls;
          LLVM_DEBUG(dbgs() << "helperguard-portability: " << H->Name
                            << " under a CO-RE check in " << F.getName()
                            << ": silent\n");
          continue;
        }
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
        // The check that removes the call where it is refused.
        std::string Fix =
            P.Kind == AvailabilityProblemKind::NoHelper
                ? "guard the call with bpf_core_enum_value_exists(enum "
                  "bpf_func_id, BPF_FUNC_" +
                      H->Name.substr(4) + ")"
                : "bpf_core_enum_value_exists() does not help here: guard "
                  "the call with a CO-RE check of a feature those kernels "
                  "lack (bpf_core_type_exists(), bpf_ksym_exists())";
        Msgs.push_back({describeAvailabilityProblem(*H, P) + First, Fix});
      }
      // No CO-RE check changes what a prototype takes.
      Msgs.insert(Msgs.end(), ReadOnly.begin(), ReadOnly.end());
      if (Msgs.empty())
        continue;
      ++NumRefusedCalls;
      ++Count;
      for (const auto &Msg : Msgs) {
        std::string Full = "helperguard-portability: " + Msg.first +
                           ": the program does not load there (" +
                           Msg.second + ", or narrow -bpf-helperguard-kernels)";
        ORE.emit([&] {
          return OptimizationRemarkAnalysis(PassName, "Refused", CB) << Full;
        });
        if (Sink)
          sinkPortability(*CB, *Id, H->Name, Msg.first, Msg.second);
        else if (Warn)
          M.getContext().diagnose(PortabilityWarning(where(*CB) + Full));
      }
    }
  }
  return Count;
}
