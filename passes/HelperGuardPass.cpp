//===- HelperGuardPass.cpp - Guard BPF helper calls the verifier misjudges ===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "HelperGuardPass.h"

#include "AvailabilityDiagnostics.h"
#include "GuardRewriter.h"
#include "HazardAnalysis.h"
#include "Options.h"
#include "SiteDiagnostics.h"
#include "SiteSink.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/raw_ostream.h"

#define DEBUG_TYPE "helperguard"

using namespace llvm;
using namespace helperguard;

STATISTIC(NumSitesExamined, "Helper calls examined");
STATISTIC(NumSitesHazardous, "Helper calls hazardous on a targeted kernel");
STATISTIC(NumSitesGuarded, "Helper calls guarded");
STATISTIC(NumSitesWarned, "Helper calls warned about");
STATISTIC(NumNewerHelpers, "Helpers newer than the database (assumed the worst)");
STATISTIC(NumSitesUnguardable, "Hazardous helper calls that could not be guarded");

namespace {
void reportError(Module &M, const Twine &Msg) {
  M.getContext().emitError("helperguard: " + Msg);
}
} // namespace

PreservedAnalyses HelperGuardPass::run(Module &M, ModuleAnalysisManager &) {
  if (!compat::isBPF(Triple(M.getTargetTriple())))
    return PreservedAnalyses::all();

  Expected<GuardConfig> Config = readGuardConfig();
  if (!Config) {
    reportError(M, toString(Config.takeError()));
    return PreservedAnalyses::all();
  }
  const GuardConfig &C = *Config;
  if (C.Mode == GuardMode::Off)
    return PreservedAnalyses::all();

  LLVM_DEBUG(dbgs() << "helperguard: " << M.getName() << ", kernels "
                    << C.Kernels.str() << ", strategy " << C.Strategy.str()
                    << "\n");
  const bool Sink = siteSinkEnabled(); // the Clang plugin reports the sites
  if (Sink)
    sinkModule();
  HazardAnalysis HA(M, *C.DB, C.Kernels);
  GuardRewriter Rewriter(M, HA.programTypes(), C.Strategy);

  std::vector<SiteRecord> Records;
  SmallSet<unsigned, 4> NewerHelpersWarned;
  bool WarnedUnmeasured = false;
  for (const auto &[Call, Verdict] : HA.sites()) {
    ++NumSitesExamined;
    // A helper the database does not know can only do harm through a
    // pointer that may be a stack address: a call without one (libbpf's
    // poison calls, a context pointer) is nothing to warn of.
    if (Verdict.NewerThanDB && Verdict.MayPassStack &&
        NewerHelpersWarned.insert(Verdict.HelperId).second) {
      ++NumNewerHelpers;
      warnNewerHelper(Verdict, C);
    }
    SiteRecord R;
    R.Verdict = Verdict;
    describeSite(R);
    if (Verdict.Hazardous && !C.UnmeasuredReleases.empty() &&
        !WarnedUnmeasured) {
      WarnedUnmeasured = true;
      warnUnmeasuredReleases(Verdict, C);
    }
    if (Verdict.Hazardous) {
      ++NumSitesHazardous;
      if (C.Mode == GuardMode::Warn) {
        R.What = Decision::Warned;
        ++NumSitesWarned;
      } else {
        R.Plan = Rewriter.plan(Verdict);
        R.What = R.Plan.Guardable ? Decision::Guarded : Decision::Unguardable;
        ++(R.Plan.Guardable ? NumSitesGuarded : NumSitesUnguardable);
      }
    }
    if (Sink)
      sinkSite(R);
    Records.push_back(std::move(R));
  }

  diagnoseAvailability(M, *C.DB, C.Kernels); // portability, not hazards
  bool Changed = Rewriter.apply();
  // A guard that broke the IR (a bug) must never reach the backend, where a
  // release clang would not check it: say so and stop.
  std::string Broken;
  raw_string_ostream BrokenOS(Broken);
  if (Changed && verifyModule(M, &BrokenOS))
    report_fatal_error("helperguard: the guarded module is not valid IR (a "
                       "helperguard bug; -mllvm -bpf-helperguard-mode=off "
                       "compiles without the guard):\n" +
                           Twine(BrokenOS.str()),
                       /*gen_crash_diag=*/false);
  for (const SiteRecord &R : Records)
    if (!Sink || R.What == Decision::LeftAlone || R.What == Decision::Guarded)
      diagnoseSite(R, C); // remarks; the Clang plugin gives the warnings
  if (!C.ReportPath.empty())
    if (Error E = writeReport(Records, C, M.getSourceFileName()))
      reportError(M, toString(std::move(E)));
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
