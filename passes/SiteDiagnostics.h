//===- SiteDiagnostics.h - Remarks, warnings and the JSON report -*- C++ -*-=//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// What the pass tells the user about each helper call it examined:
//   -Rpass=helperguard           every guarded call
//   -Rpass-analysis=helperguard  every call left alone, with the reason
//   warnings                     hazards in warn mode, calls it could not guard
//   -bpf-helperguard-report=F    all of it as JSON
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_SITEDIAGNOSTICS_H
#define HELPERGUARD_PASSES_SITEDIAGNOSTICS_H

#include "GuardRewriter.h"
#include "HazardAnalysis.h"
#include "Options.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace llvm {
class AllocaInst;
class DILocalVariable;
class Instruction;
} // namespace llvm

#include <string>
#include <vector>

namespace helperguard {

enum class Decision { LeftAlone, Guarded, Warned, Unguardable };

/// "left alone", "guarded", "warned", "unguardable", as reports spell it.
llvm::StringRef decisionName(Decision D);

/// The source variable of a stack object, from its debug records, or null.
const llvm::DILocalVariable *stackVariable(llvm::AllocaInst *AI);

/// One examined helper call and what the pass did with it.
struct SiteRecord {
  SiteVerdict Verdict; // copied: the rewriter may delete what it points to
  Decision What = Decision::LeftAlone;
  GuardPlan Plan;
  std::vector<std::string> Buffers; // names of the buffers it writes
  const llvm::Instruction *Read = nullptr; // a read the verifier may fold
  std::string Function;
  std::string Location;             // "file:line:col" of the call, or ""
  unsigned Line = 0, Column = 0;
  std::string File;
};

/// Fills the names and locations of R from its verdict. Call before the
/// module is rewritten.
void describeSite(SiteRecord &R);

/// Where R's read is: "file:line:col", or without debug info its IR and
/// function (printing IR numbers the module: ask only when it is shown).
std::string readAt(const SiteRecord &R);

/// The fields the JSON report and the Clang plugin's sink share: function,
/// helper, program types, hazard, kernels, decision, reason, technique and
/// estimated cost. Buffers are left to the caller.
llvm::json::Object verdictJson(const SiteRecord &R);

/// Emits the remark or warning for R.
void diagnoseSite(const SiteRecord &R, const GuardConfig &C);

/// Warns that V's helper is newer than the helper database and that the
/// pass assumes the worst of it. Call once per helper id and module.
void warnNewerHelper(const SiteVerdict &V, const GuardConfig &C);

/// Warns that the kernel selection names releases no measurement covers
/// (C.UnmeasuredReleases), which are guarded as every kernel, and says how
/// to measure them. Call once per module, at its first hazardous call V.
void warnUnmeasuredReleases(const SiteVerdict &V, const GuardConfig &C);

/// Writes every record to C.ReportPath as JSON.
llvm::Error writeReport(const std::vector<SiteRecord> &Records,
                        const GuardConfig &C, llvm::StringRef ModuleName);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_SITEDIAGNOSTICS_H
